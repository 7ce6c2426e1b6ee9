import type { Conditions, ResourceTypeEntry } from '../catalog/resources.js';
import { resolveSku, skusMatch } from './skus.js';

/** The parts of a declared resource that catalog conditions (SLA figures, built-in mechanisms) look at. */
export interface ConditionSubject {
  readonly sku?: string | undefined;
  readonly zoneRedundant?: boolean | undefined;
  readonly instances?: number | undefined;
  readonly multiRegion?: boolean | undefined;
  readonly location?: string | undefined;
  /** Names of the declared recovery mechanisms (catalog names where they match one). */
  readonly recovery?: readonly string[] | string | undefined;
}

/** Whether a declared SKU is one a condition lists: by its ARM name or the tier the type's catalog maps it to (src/model/skus.ts). */
export function skuListed(list: readonly string[], sku: string | undefined, entry?: ResourceTypeEntry): boolean {
  return skusMatch(list, resolveSku(entry, sku));
}

/** Whether a resource meets machine-readable catalog conditions; no conditions always hold. */
export function conditionsHold(c: Conditions | undefined, r: ConditionSubject, entry?: ResourceTypeEntry): boolean {
  if (!c) return true;
  if (c.skus && !skuListed(c.skus, r.sku, entry)) return false;
  if (c.zoneRedundant !== undefined && (r.zoneRedundant ?? false) !== c.zoneRedundant) return false;
  if (c.minInstances !== undefined && (r.instances ?? 1) < c.minInstances) return false;
  if (c.multiRegion !== undefined && (r.multiRegion ?? false) !== c.multiRegion) return false;
  if (c.notLocations && r.location !== undefined && c.notLocations.includes(r.location)) return false;
  if (c.recovery) {
    const names = (r.recovery === undefined ? [] : typeof r.recovery === 'string' ? [r.recovery] : r.recovery).map((n) => n.toLowerCase());
    if (!c.recovery.every((word) => names.some((n) => n.includes(word.toLowerCase())))) return false;
  }
  return true;
}
