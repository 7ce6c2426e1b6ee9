import { GAP_KINDS } from '../../model/gap-kinds.js';
import type { Rule } from './context.js';

/**
 * `accept:` waivers name a gap kind that exists (warning: a typo would silently accept nothing) and each gap pattern
 * once (error: two waivers of one gap would make its expiry ambiguous).
 */
export const waivers: Rule = {
  name: 'waivers',
  codes: ['AZSLO039'],
  check(ctx) {
    const seen = new Map<string, number>();
    (ctx.spec.accept ?? []).forEach((w, i) => {
      const kind = w.gap.split('/')[0]!;
      if (!Object.hasOwn(GAP_KINDS, kind)) ctx.report(['accept', i, 'gap'], 'value').unknownGapKind(kind, Object.keys(GAP_KINDS));
      const first = seen.get(w.gap);
      if (first !== undefined) ctx.report(['accept', i, 'gap'], 'value').duplicateWaiver(w.gap, first);
      else seen.set(w.gap, i);
    });
  },
};
