/**
 * The budget queries: the job's query over the SLI function and each rule's query over the budget table bind with
 * the Kusto language service; "less than N % remains" and "exhausted" hold exactly at the boundary.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { budgetAlertQuery, budgetRemainingQuery, budgetTableSchema, budgetThreshold } from '../../src/kql/budget.js';
import { checkKql } from '../../src/kql/service.js';
import { sliFunctionBody } from '../../src/kql/sli.js';
import { budgetTableName } from '../../src/model/budget.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { baseSpec } from '../helpers/specs.js';

const model = buildServiceModel(baseSpec({ slos: [{ name: 'api', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { budget: { remainingBelow: [25, 50], exhausted: true } } }] }) as unknown as ServiceSpec);
const slo = model.slos[0]! as (typeof model.slos)[number] & { budget: NonNullable<(typeof model.slos)[number]['budget']> };
const table = budgetTableSchema(budgetTableName(model.name));

test('the job\'s query binds against the SLI function and reads the whole 30-day window', () => {
  const q = budgetRemainingQuery(slo);
  assert.equal(checkKql(q, 'workspace', [{ name: slo.functionAlias, body: sliFunctionBody(slo) }]).problems.filter((p) => p.severity === 'error'), [], q);
  assert.match(q, /let periodStart = ago\(30d\);/);
  assert.match(q, /\| project PeriodStart, Good, Total, RemainingPercent$/);
  assert.is(slo.budget.period.timespan, 'P30D');
});

test('a calendar SLO\'s budget counts from the start of the current period in its time zone, reading the longest period and a day', () => {
  const monthly = buildServiceModel(baseSpec({ slos: [{ name: 'payroll', sli: { requestAvailability: {} }, objective: 99.5, window: { calendar: 'month', timeZone: 'Europe/Berlin' }, alerting: { budget: { exhausted: true } } }] }) as unknown as ServiceSpec).slos[0]!;
  const q = budgetRemainingQuery(monthly as typeof slo);
  assert.equal(checkKql(q, 'workspace', [{ name: monthly.functionAlias, body: sliFunctionBody(monthly) }]).problems.filter((p) => p.severity === 'error'), [], q);
  assert.match(q, /let periodStart = datetime_local_to_utc\(startofmonth\(datetime_utc_to_local\(now\(\), "Europe\/Berlin"\)\), "Europe\/Berlin"\);/);
  assert.is(monthly.budget!.period.timespan, 'P32D');
  assert.is(monthly.budget!.period.text, 'the current calendar month (Europe/Berlin)');
  const weekly = buildServiceModel(baseSpec({ slos: [{ name: 'w', sli: { requestAvailability: {} }, objective: 99, window: { calendar: 'week' }, alerting: { budget: { exhausted: true } } }] }) as unknown as ServiceSpec).slos[0]!;
  const w = budgetRemainingQuery(weekly as typeof slo);
  assert.equal(checkKql(w, 'workspace', [{ name: weekly.functionAlias, body: sliFunctionBody(weekly) }]).problems.filter((p) => p.severity === 'error'), [], w);
  assert.not.match(w, /datetime_utc_to_local/, 'UTC needs no conversion');
  assert.is(weekly.budget!.period.timespan, 'P8D');
});

test('each rule\'s query binds against the budget table and keeps only the newest row of its SLO', () => {
  assert.equal(slo.budget.thresholds.map((t) => t.slug), ['below-50', 'below-25', 'exhausted'], 'highest threshold first');
  for (const t of slo.budget.thresholds) {
    const q = budgetAlertQuery(table.name, model.name, slo, t);
    assert.equal(checkKql(q, 'workspace', [], [table]).problems.filter((p) => p.severity === 'error'), [], q);
    assert.match(q, /summarize arg_max\(TimeGenerated, /);
  }
  // 99.9 %: below 50 % remaining is bad/total > 0.0005 = 1/2000; exhausted is bad/total >= 0.001.
  assert.match(budgetAlertQuery(table.name, model.name, slo, slo.budget.thresholds[0]!), /\(Total - Good\) \* 2000\.0 > Total \* 1\.0/);
  assert.match(budgetAlertQuery(table.name, model.name, slo, slo.budget.thresholds[2]!), /\(Total - Good\) \* 1000\.0 >= Total \* 1\.0/);
});

test('"less than N % remains" and "exhausted" hold exactly at the boundary, for objectives 98 … 99.99', () => {
  // Kusto's real is an IEEE double, as JavaScript's number: this is the comparison the rule makes.
  for (const objective of [98, 99, 99.5, 99.9, 99.95, 99.99]) {
    for (const remaining of [75, 50, 33.3, 25, 10, 0]) {
      const s = budgetThreshold(objective, remaining);
      const fires = (bad: number, total: number) => (remaining === 0 ? bad * s.badScale >= total * s.totalScale : bad * s.badScale > total * s.totalScale);
      for (const multiple of [1, 7, 1000, 123457]) {
        // Traffic where exactly N % of the budget remains: bad / total = (1 − objective/100) × (1 − N/100).
        const total = s.badScale * multiple;
        const bad = s.totalScale * multiple;
        if (remaining === 0) {
          assert.ok(fires(bad, total), `${bad} bad of ${total} at ${objective} % spends the whole budget`);
          assert.not.ok(fires(bad - 1, total));
        } else {
          assert.not.ok(fires(bad, total), `${bad} bad of ${total} at ${objective} % leaves exactly ${remaining} %`);
          assert.ok(fires(bad + 1, total), `${bad + 1} bad of ${total} at ${objective} % leaves less than ${remaining} %`);
        }
      }
    }
  }
  // 98 %, 50 % remaining: the budget is 2 %, half of it 1 %: 1 bad of 100 leaves exactly 50 %.
  assert.equal(budgetThreshold(98, 50), { badScale: 100, totalScale: 1 });
});

test('an objective with more digits than exact scales allow compares against the rounded threshold', () => {
  const s = budgetThreshold(99.99999999, 50);
  assert.is(s.badScale, 1);
  assert.ok(Math.abs(s.totalScale - 0.00000001 * 0.5 / 100) < 1e-15);
});

test.run();
