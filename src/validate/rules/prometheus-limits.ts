import { fact } from '../../catalog/index.js';
import type { ServiceSpec } from '../../model/spec.js';
import { sloTierWindows, sloWindow } from '../../model/windows.js';
import { prometheusRules } from '../../promql/rules.js';
import type { Rule } from './context.js';
import { windowSetOf, windowSetProblems } from './window-sets.js';

/**
 * What a Prometheus SLO cannot have, and what its rule groups cannot hold. AZSLO074: budget alerts on a calendar
 * window (no PromQL range starts at a calendar boundary) or on a window longer than a workspace query reads, and
 * corrections (a range reads every sample in it). AZSLO075: more rules than a group holds, in the burn-rate group
 * (windows of a custom set) or in the budget group (thresholds). Window sets' own limits are window-sets' (AZSLO075
 * there too).
 */
export const prometheusLimits: Rule = {
  name: 'prometheus-limits',
  codes: ['AZSLO074', 'AZSLO075'],
  check(ctx) {
    const spec = ctx.spec;
    const maxRules = fact('prometheus-rules', 'rulesPerGroupMax');
    const maxDays = fact('prometheus-rules', 'queryTimeRangeMaxDays');
    const invalidSets = windowSetProblems(spec);
    spec.slos.forEach((slo, i) => {
      const sli = slo.sli.prometheus;
      if (!sli) return;
      const { windowOk, objectiveOk, days } = ctx.slos[i]!;
      const budget = slo.alerting?.budget;
      if (budget && budget.enabled !== false && windowOk) {
        const at = ['slos', i, 'alerting', 'budget'];
        if (typeof slo.window !== 'string') ctx.report(at, 'key').prometheusBudgetCalendar(slo.name, sloWindow(slo.window).label);
        else if (days > maxDays) ctx.report(at, 'key').prometheusBudgetTooLong(slo.name, days, maxDays);
        const thresholds = new Set(budget.remainingBelow ?? []).size + (budget.exhausted ? 1 : 0);
        // The recorded ratio over the SLO window, and one alert rule per threshold.
        if (1 + thresholds > maxRules) ctx.report(at, 'key').prometheusTooManyRules(slo.name, 'budget', 1 + thresholds, maxRules);
      }
      // Incomplete queries are prometheus-slis' (AZSLO059): no rules to count.
      if (sli.total === undefined || (sli.errors === undefined) === (sli.good === undefined)) return;
      const set = windowSetOf(spec, i);
      if (!windowOk || !objectiveOk || (set && (!Object.hasOwn(spec.windowSets ?? {}, set.name) || invalidSets.has(set.name)))) return;
      const count = burnRateRuleCount(spec, i);
      if (count > maxRules) ctx.report(set ? set.path : ['slos', i, 'alerting'], set ? 'value' : 'key').prometheusTooManyRules(slo.name, 'burn-rate', count, maxRules);
    });
    (spec.maintenance ?? []).forEach((w, j) => {
      if (!w.correct) return;
      const covered = w.slos === undefined || w.slos === 'all' ? spec.slos.map((s) => s.name) : w.slos;
      const prometheus = spec.slos.filter((s) => s.sli.prometheus !== undefined && covered.includes(s.name)).map((s) => s.name);
      if (prometheus.length > 0) ctx.report(['maintenance', j, 'correct']).prometheusCorrection(w.name, prometheus);
    });
  },
};

/** The rules of an SLO's burn-rate group with the windows the model gives it: a ratio per window, an event rate per long window, an alert per tier. */
function burnRateRuleCount(spec: ServiceSpec, i: number): number {
  const slo = spec.slos[i]!;
  const route = { via: 'prometheus' as const, reason: '' };
  const alerts = (['page', 'ticket'] as const)
    .filter((kind) => slo.alerting?.[kind] !== undefined && slo.alerting[kind]!.enabled !== false)
    .map((kind) => ({ kind, severity: 0, notify: [], windows: sloTierWindows(spec, slo, kind), minimumEvents: 0, route }))
    .filter((a) => a.windows.pairs.length > 0);
  const rules = prometheusRules(spec.metadata.name, { name: slo.name, objective: slo.objective, sli: slo.sli.prometheus!, alerts }, () => '');
  return rules.recording.length + rules.alerts.length;
}
