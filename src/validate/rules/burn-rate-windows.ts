import { prometheusWindowsFor, windowsFor } from '../../model/windows.js';
import type { Rule } from './context.js';

/**
 * The burn-rate window pairs of each enabled SLO alert: pairs dropped for short windows (AZSLO023), and alerts that
 * can never fire (AZSLO021). Only for SLOs whose objective and window are valid.
 */
export const burnRateWindows: Rule = {
  name: 'burn-rate-windows',
  codes: ['AZSLO021', 'AZSLO023'],
  check(ctx) {
    ctx.spec.slos.forEach((slo, i) => {
      const { objectiveOk, windowOk, days } = ctx.slos[i]!;
      if (!objectiveOk || !windowOk) return;
      for (const kind of ['page', 'ticket'] as const) {
        const alert = slo.alerting?.[kind];
        if (!alert || alert.enabled === false) continue;
        const at = ['slos', i, 'alerting', kind];
        // The set the model uses: a Prometheus SLI's keeps the workbook's 3-day window, a log alert's stops at two days.
        const w = slo.sli.prometheus ? prometheusWindowsFor(days, kind) : windowsFor(days, kind);
        for (const p of w.dropped) ctx.report(at).windowPairLeftOut(kind, p.long, p.short, p.burnRate, p.budgetPercent, slo.window);
        const budget = 1 - slo.objective / 100;
        if (w.pairs.length === 0) ctx.report(at).noWindowPairFits(kind, slo.window);
        else if (!w.pairs.some((p) => p.burnRate * budget <= 1)) ctx.report(at).burnRatesUnreachable(kind, slo.objective);
      }
    });
  },
};
