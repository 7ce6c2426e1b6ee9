import { prometheusWindowsFor, sloWindows } from '../../model/windows.js';
import type { Rule } from './context.js';
import { windowSetOf, windowSetProblems } from './window-sets.js';

/**
 * The burn-rate window pairs of each enabled SLO alert: pairs dropped for short windows (AZSLO023), and alerts that
 * can never fire (AZSLO021), with the catalog's set or the spec's own. Only for SLOs whose objective and window are
 * valid and whose window set is declared and valid (window-sets reports the others).
 */
export const burnRateWindows: Rule = {
  name: 'burn-rate-windows',
  codes: ['AZSLO021', 'AZSLO023'],
  check(ctx) {
    const invalidSets = windowSetProblems(ctx.spec);
    ctx.spec.slos.forEach((slo, i) => {
      const { objectiveOk, windowOk, days } = ctx.slos[i]!;
      if (!objectiveOk || !windowOk) return;
      const set = windowSetOf(ctx.spec, i);
      if (set && (!Object.hasOwn(ctx.spec.windowSets ?? {}, set.name) || invalidSets.has(set.name))) return;
      // A calendar window by its nominal length, the budget its alerts are reckoned on.
      const window = typeof slo.window === 'string' ? slo.window : `${days}d`;
      for (const kind of ['page', 'ticket'] as const) {
        const alert = slo.alerting?.[kind];
        if (!alert || alert.enabled === false) continue;
        const at = ['slos', i, 'alerting', kind];
        // The set the model uses: a Prometheus SLI's keeps the workbook's 3-day window, a log alert's stops at two days.
        const w = slo.sli.prometheus && !set ? prometheusWindowsFor(days, kind) : sloWindows(ctx.spec.windowSets, set?.name, days, kind);
        for (const p of w.dropped) ctx.report(at).windowPairLeftOut(kind, p.long, p.short, p.burnRate, p.budgetPercent, window);
        const budget = 1 - slo.objective / 100;
        if (set && !ctx.spec.windowSets![set.name]![kind]) ctx.report(at).windowSetLacksTier(kind, set.name);
        else if (w.pairs.length === 0) ctx.report(at).noWindowPairFits(kind, window);
        else if (!w.pairs.some((p) => p.burnRate * budget <= 1)) ctx.report(at).burnRatesUnreachable(kind, slo.objective);
      }
    });
  },
};
