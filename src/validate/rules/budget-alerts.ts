import { fact } from '../../catalog/index.js';
import type { Rule } from './context.js';

/**
 * Error-budget alerts (docs/burn-rate-alerts.md, Budget alerts): each has something to alert on, each threshold once
 * (AZSLO065); a budget longer than a workspace keeps data by default is counted over what it still holds (AZSLO066).
 */
export const budgetAlerts: Rule = {
  name: 'budget-alerts',
  codes: ['AZSLO065', 'AZSLO066'],
  check(ctx) {
    const retention = fact('budget-alerts', 'defaultRetentionDays');
    ctx.spec.slos.forEach((slo, i) => {
      const budget = slo.alerting?.budget;
      if (!budget || budget.enabled === false) return;
      const at = ['slos', i, 'alerting', 'budget'];
      const below = budget.remainingBelow ?? [];
      if (below.length === 0 && !budget.exhausted) ctx.report(at, 'key').budgetWithoutThreshold(slo.name);
      below.forEach((n, j) => {
        if (below.indexOf(n) < j) ctx.report([...at, 'remainingBelow', j]).budgetThresholdRepeated(n);
      });
      const days = ctx.slos[i]!.days;
      // A Prometheus SLO's budget is read from the Azure Monitor workspace, not from Logs' retention.
      if (ctx.slos[i]!.windowOk && days > retention && !slo.sli.prometheus) ctx.report(['slos', i, 'window']).budgetBeyondRetention(slo.name, days, retention);
    });
  },
};
