import type { ResourceTypeEntry } from '../catalog/resources.js';
import type { ResourceModel } from '../model/infrastructure.js';
import { resolveSku, skusMatch } from '../model/skus.js';

/** One resource's availability as the catalog's published SLAs give it for the declared configuration. */
export interface ComponentSla {
  readonly resource: string;
  readonly type: string;
  /** Fraction, e.g. 0.9995; undefined when no SLA applies (then the component is not counted). */
  readonly availability: number | undefined;
  readonly conditions: string;
  readonly source: string | undefined;
  readonly assumption: string | undefined;
}

export type SlaEntry = ResourceTypeEntry['sla'][number];

/** Whether a resource's declared configuration meets an SLA entry's machine-readable conditions. */
export function slaApplies(e: SlaEntry, r: Pick<ResourceModel, 'sku' | 'zoneRedundant' | 'instances' | 'multiRegion' | 'entry'>): boolean {
  const w = e.when;
  if (!w) return true;
  if (w.skus && !skusMatch(w.skus, resolveSku(r.entry, r.sku))) return false;
  if (w.zoneRedundant !== undefined && (r.zoneRedundant ?? false) !== w.zoneRedundant) return false;
  if (w.minInstances !== undefined && (r.instances ?? 1) < w.minInstances) return false;
  if (w.multiRegion !== undefined && (r.multiRegion ?? false) !== w.multiRegion) return false;
  return true;
}

/** The best published SLA the declared configuration qualifies for; the lowest figure when none can be matched. */
export function componentSla(r: ResourceModel): ComponentSla {
  const base = { resource: r.name, type: r.type };
  if (!r.entry) return { ...base, availability: undefined, conditions: 'type not in the catalog', source: undefined, assumption: 'not counted: no catalog entry' };
  if (r.entry.sla.length === 0) return { ...base, availability: undefined, conditions: r.entry.slaNote ?? 'no SLA of its own', source: undefined, assumption: 'not counted: no SLA of its own' };
  const matching = r.entry.sla.filter((e) => slaApplies(e, r));
  const unknownSku = resolveSku(r.entry, r.sku).status === 'unknown' ? `sku '${r.sku}' is neither a tier nor a SKU name the catalog knows for ${r.type}, so no SLA that depends on the SKU is taken` : undefined;
  if (matching.length) {
    const best = matching.reduce((a, b) => (b.availability > a.availability ? b : a));
    return { ...base, availability: best.availability / 100, conditions: best.conditions, source: best.source, assumption: unknownSku };
  }
  const lowest = r.entry.sla.reduce((a, b) => (b.availability < a.availability ? b : a));
  return {
    ...base,
    availability: lowest.availability / 100,
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
