import { applies } from '../../model/infrastructure.js';
import type { Rule } from './context.js';

/** A resource whose type's baseline alerts are all limited to kinds or SKUs it does not declare gets none (warning). */
export const baselineAlertsApply: Rule = {
  name: 'baseline-alerts-apply',
  codes: ['AZSLO032'],
  check(ctx) {
    for (const r of ctx.catalogued) {
      const skipped = r.entry.baselineAlerts.filter((a) => !applies(a, r.spec, r.entry));
      if (r.entry.baselineAlerts.length === 0 || skipped.length !== r.entry.baselineAlerts.length) continue;
      const wanted = [...new Set(skipped.flatMap((a) => [...(a.appliesTo?.kinds ?? []).map((k) => `kind ${k}`), ...(a.appliesTo?.skus ?? []).map((x) => `SKU ${x}`)]))];
      ctx.report([...r.path, 'id']).noBaselineAlertApplies(r.entry.type, r.parts.name, wanted);
    }
  },
};
