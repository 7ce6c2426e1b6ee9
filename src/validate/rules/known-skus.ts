import { resolveSku, skuExamples } from '../../model/skus.js';
import type { Rule } from './context.js';

/**
 * A declared `sku` is a tier or an ARM SKU name of the type's catalog `skus` list (warning): otherwise the SKU
 * conditions of its alerts, SLAs and recovery mechanisms cannot be read, so its alerts are all kept and no
 * SKU-dependent SLA is assumed (src/model/skus.ts).
 */
export const knownSkus: Rule = {
  name: 'known-skus',
  codes: ['AZSLO037'],
  check(ctx) {
    for (const r of ctx.catalogued) {
      const sku = resolveSku(r.entry, r.spec.sku);
      if (sku.status !== 'unknown') continue;
      ctx.report([...r.path, 'sku']).unknownSku(r.entry.type, sku.declared, skuExamples(r.entry));
    }
  },
};
