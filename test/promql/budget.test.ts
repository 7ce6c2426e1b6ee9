/** Budget alerts of a Prometheus SLO in PromQL: the error ratio over the SLO window, and thresholds exact at the boundary. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { promqlSyntaxError } from '../../src/promql/parse.js';
import { budgetRatioExpression, budgetRatioThreshold, prometheusBudgetRules, type BudgetedPrometheusSlo } from '../../src/promql/budget.js';
import { budgetThreshold } from '../../src/kql/budget.js';
import { baseSpec, MONITOR_WORKSPACE } from '../helpers/specs.js';

const errors = 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))';
const good = 'sum(rate(http_requests_total{code!~"5.."}[{{.window}}]))';
const total = 'sum(rate(http_requests_total[{{.window}}]))';

const slo = (sli: object, budget: object = { remainingBelow: [50, 25], exhausted: true, notify: ['oncall'] }, window = '30d') =>
  buildServiceModel(baseSpec({ azure: { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE }, slos: [{ name: 'ingress', sli: { prometheus: sli }, objective: 99.9, window, alerting: { budget } }] }) as unknown as ServiceSpec).slos[0] as BudgetedPrometheusSlo;

test('one recording rule of the error ratio over the whole SLO window, then one alert per threshold, highest first', () => {
  const rules = prometheusBudgetRules('checkout', slo({ errors, total }), () => 'why');
  assert.is(rules.recording.record, 'azslo:sli_error:ratio_rate30d');
  assert.is(rules.recording.expression, '(sum(rate(http_requests_total{code=~"5.."}[30d])))\n/\n(sum(rate(http_requests_total[30d])))');
  assert.equal(rules.alerts.map((a) => [a.alert, a.expression, a.severity]), [
    ['slo_checkout_ingress_budget_below_50', 'azslo:sli_error:ratio_rate30d{azslo_service="checkout", azslo_slo="ingress"} > 0.0005', 3],
    ['slo_checkout_ingress_budget_below_25', 'azslo:sli_error:ratio_rate30d{azslo_service="checkout", azslo_slo="ingress"} > 0.00075', 3],
    ['slo_checkout_ingress_budget_exhausted', 'azslo:sli_error:ratio_rate30d{azslo_service="checkout", azslo_slo="ingress"} >= 0.001', 2],
  ]);
  assert.equal(rules.alerts[0]!.labels, { azslo_service: 'checkout', azslo_slo: 'ingress', azslo_alert: 'budget', azslo_budget: 'below-50' });
  assert.is(rules.alerts[0]!.annotations.budget, '30d', 'the window the rule reads, for the deployed-rules reader');
  for (const e of [rules.recording.expression, ...rules.alerts.map((a) => a.expression)]) assert.is(promqlSyntaxError(e), undefined, e);
});

test('a good query is counted as (total − good) / total: one division, so the boundary stays exact', () => {
  const e = budgetRatioExpression(slo({ good, total }), '7d');
  assert.is(e, '(\n  (sum(rate(http_requests_total[7d])))\n  -\n  (sum(rate(http_requests_total{code!~"5.."}[7d])))\n)\n/\n(sum(rate(http_requests_total[7d])))');
  assert.is(promqlSyntaxError(e), undefined);
});

test('the threshold is the exact decimal (100 − objective)(100 − N) / 10⁴, and agrees with the log form\'s counts', () => {
  assert.is(budgetRatioThreshold(99.9, 50), '0.0005');
  assert.is(budgetRatioThreshold(99.95, 33.3), '0.0003335');
  assert.is(budgetRatioThreshold(99, 0), '0.01');
  assert.is(budgetRatioThreshold(99.999, 10), '0.000009');
  assert.is(budgetRatioThreshold(90, 12.5), '0.0875');
  // The log form fires when bad × badScale > total × totalScale: the same ratio, totalScale / badScale.
  for (const [o, n] of [[99.9, 50], [99.95, 33.3], [99, 0], [99.5, 75], [95, 1]] as const) {
    const { badScale, totalScale } = budgetThreshold(o, n);
    assert.is(Number(budgetRatioThreshold(o, n)), totalScale / badScale, `${o} / ${n}`);
  }
  assert.throws(() => budgetRatioThreshold(100, 50), /no error budget/);
});

test('exact at the boundary: a ratio exactly at the threshold does not fire "below", and does fire "exhausted"', () => {
  // 1 error in 2000 requests at 99.9 %: exactly half the budget spent — 50 % remains, not less.
  const ratio = 1 / 2000;
  assert.not.ok(ratio > Number(budgetRatioThreshold(99.9, 50)));
  assert.ok(2 / 2000 >= Number(budgetRatioThreshold(99.9, 0)));
  assert.ok(1.0001 / 2000 > Number(budgetRatioThreshold(99.9, 50)));
});

test.run();
