import { parseResourceId, type ResourceIdParts } from '../base/resource-ids.js';
import type { ResourceSpec } from './spec.js';

/**
 * A reference from an SLI to a resource declared in `resources:` — its full id (compared without case, as ARM does)
 * or its name, the id's last segment, as journeys name resources. A name two declared resources share refers to none:
 * the caller reports it as ambiguous.
 */
export function declaredResource(resources: readonly ResourceSpec[] | undefined, ref: string): { spec: ResourceSpec; parts: ResourceIdParts; ambiguous: false } | { ambiguous: true } | undefined {
  const lower = ref.toLowerCase();
  const all = (resources ?? []).flatMap((spec) => {
    const parts = parseResourceId(spec.id);
    return parts ? [{ spec, parts }] : [];
  });
  const byId = all.find((r) => r.spec.id.toLowerCase() === lower);
  if (byId) return { ...byId, ambiguous: false };
  const byName = all.filter((r) => r.parts.name.toLowerCase() === lower);
  if (byName.length > 1) return { ambiguous: true };
  return byName[0] ? { ...byName[0], ambiguous: false } : undefined;
}
