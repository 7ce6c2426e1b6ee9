import type { ResourceTypeEntry } from '../catalog/resources.js';

/**
 * How a declared `sku` is read against a type's catalog entry. Users write SKUs as Azure Resource Manager names them
 * (P1v3, Standard_GZRS, GP_Gen5_2); the catalog's conditions mostly name tiers (PremiumV3, GeneralPurpose). The
 * entry's `skus` list maps one to the other:
 *
 * - `tier`: the declared SKU is a tier of the list (case-insensitive);
 * - `name`: it is a name the list maps to a tier (listed, or matching an entry's pattern; case-insensitive);
 * - `unknown`: the type has a list and the SKU is neither (AZSLO037);
 * - `unmapped`: the type has no list, so only the declared text itself can match a condition;
 * - `none`: no SKU is declared.
 */
export type SkuResolution =
  | { readonly status: 'none' }
  | { readonly status: 'tier' | 'name'; readonly declared: string; readonly tier: string }
  | { readonly status: 'unknown' | 'unmapped'; readonly declared: string };

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export function resolveSku(entry: Pick<ResourceTypeEntry, 'skus'> | undefined, sku: string | undefined): SkuResolution {
  if (sku === undefined || sku === '') return { status: 'none' };
  const tiers = entry?.skus;
  if (!tiers) return { status: 'unmapped', declared: sku };
  const byTier = tiers.find((t) => same(t.tier, sku));
  if (byTier) return { status: 'tier', declared: sku, tier: byTier.tier };
  const byName = tiers.find((t) => (t.names ?? []).some((n) => same(n, sku)));
  if (byName) return { status: 'name', declared: sku, tier: byName.tier };
  const byPattern = tiers.find((t) => t.pattern !== undefined && new RegExp(t.pattern, 'i').test(sku));
  if (byPattern) return { status: 'name', declared: sku, tier: byPattern.tier };
  return { status: 'unknown', declared: sku };
}

/** Whether a condition's `skus` hold the declared SKU: its name itself or the tier it resolves to. */
export function skusMatch(list: readonly string[], resolved: SkuResolution): boolean {
  if (resolved.status === 'none') return false;
  const wanted = resolved.status === 'tier' || resolved.status === 'name' ? [resolved.declared, resolved.tier] : [resolved.declared];
  return list.some((s) => wanted.some((w) => same(s, w)));
}

/** The tiers of a type and a few ARM names of each, for a hint: "PremiumV3 (P0v3, P1v3, …)". */
export function skuExamples(entry: Pick<ResourceTypeEntry, 'skus'>, perTier = 3): string[] {
  return (entry.skus ?? []).map((t) => {
    const names = t.names ?? [];
    if (names.length === 0) return t.tier;
    return `${t.tier} (${names.slice(0, perTier).join(', ')}${names.length > perTier ? ', …' : ''})`;
  });
}
