import { resourceCatalog, type ResourceTypeEntry } from '../catalog/resources.js';
import { conditionsHold } from '../model/conditions.js';
import type { ResourceModel } from '../model/infrastructure.js';
import type { DeclaredSla } from '../model/spec.js';
import { resolveSku } from '../model/skus.js';

/** One resource's availability as the catalog's published SLAs give it for the declared configuration. */
export interface ComponentSla {
  readonly resource: string;
  readonly type: string;
  /** Fraction, e.g. 0.9995; undefined when unknown (no catalog entry, no SLA, none declared): the journey is then unknown too. */
  readonly availability: number | undefined;
  /** Where the figure comes from: the catalog, the spec's `sla:`, or the SLA of the type that includes this one. */
  readonly origin: 'catalog' | 'declared' | 'included' | 'unknown';
  readonly conditions: string;
  readonly source: string | undefined;
  readonly assumption: string | undefined;
}

export type SlaEntry = ResourceTypeEntry['sla'][number];

/** Whether a resource's declared configuration meets an SLA entry's machine-readable conditions. */
export function slaApplies(e: SlaEntry, r: Pick<ResourceModel, 'sku' | 'zoneRedundant' | 'instances' | 'multiRegion' | 'entry'> & { readonly mechanisms?: ResourceModel['mechanisms'] }): boolean {
  return conditionsHold(e.when, { ...r, recovery: (r.mechanisms ?? []).map((m) => m.name) }, r.entry);
}

/** An availability the spec declares (`resources[].sla`, `architecture.dependencies[].sla`). */
export function declaredSla(resource: string, type: string, sla: DeclaredSla): ComponentSla {
  return { resource, type, availability: sla.availability / 100, origin: 'declared', conditions: sla.conditions ?? 'declared in the spec', source: sla.source, assumption: undefined };
}

/** The best published SLA the declared configuration qualifies for; the lowest figure when none can be matched. */
export function componentSla(r: ResourceModel): ComponentSla {
  const base = { resource: r.name, type: r.type };
  if (r.declaredSla) return declaredSla(r.name, r.type, r.declaredSla);
  if (!r.entry) return { ...base, availability: undefined, origin: 'unknown', conditions: 'type not in the catalog', source: undefined, assumption: `unknown: ${r.type} is not in the catalog; declare its sla (with a source) on the resource` };
  if (r.entry.sla.length === 0) {
    const including = r.entry.slaIncludedIn ? resourceCatalog().get(r.entry.slaIncludedIn.toLowerCase()) : undefined;
    if (including) return { ...base, availability: 1, origin: 'included', conditions: `covered by the SLA of ${including.title} (${including.type})`, source: undefined, assumption: undefined };
    return { ...base, availability: undefined, origin: 'unknown', conditions: r.entry.slaNote ?? 'no SLA of its own', source: undefined, assumption: `unknown: ${r.entry.title} has no SLA in the catalog; declare one (with a source) on the resource` };
  }
  const matching = r.entry.sla.filter((e) => slaApplies(e, r));
  const unknownSku = resolveSku(r.entry, r.sku).status === 'unknown' ? `sku '${r.sku}' is neither a tier nor a SKU name the catalog knows for ${r.type}, so no SLA that depends on the SKU is taken` : undefined;
  if (matching.length) {
    const best = matching.reduce((a, b) => (b.availability > a.availability ? b : a));
    return { ...base, availability: best.availability / 100, origin: 'catalog', conditions: best.conditions, source: best.source, assumption: unknownSku };
  }
  const lowest = r.entry.sla.reduce((a, b) => (b.availability < a.availability ? b : a));
  return {
    ...base,
    availability: lowest.availability / 100,
    origin: 'catalog',
    conditions: lowest.conditions,
    source: lowest.source,
    assumption: `${unknownSku ? `${unknownSku}; ` : ''}the declared sku/zones/instances match no SLA condition; the lowest published figure is taken`,
  };
}

/** Better SLA entries of the same type than the one a resource has now: the changes the analysis can suggest. */
export function betterSlas(r: ResourceModel, current: number | undefined): SlaEntry[] {
  if (!r.entry || current === undefined) return [];
  return r.entry.sla.filter((e) => e.availability / 100 > current + 1e-12).sort((a, b) => a.availability - b.availability);
}
