/**
 * Calendar windows in KQL: the start of the current month, ISO week or quarter in a time zone, and the workbook's
 * budget and summary queries read from it, bound with the Kusto language service against the SLI functions.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { periodStartKql } from '../../src/kql/calendar.js';
import { sliFunctionBody } from '../../src/kql/sli.js';
import { checkKql } from '../../src/kql/service.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { CalendarPeriod, ServiceSpec } from '../../src/model/spec.js';
import { workbookQueries } from '../../src/resources/workbook.js';
import { baseSpec } from '../helpers/specs.js';

const errors = (q: string, fns: Parameters<typeof checkKql>[2] = []) => checkKql(q, 'workspace', fns).problems.filter((p) => p.severity === 'error');

test('the period start: local midnight of the 1st, of Monday, of the quarter first month, back in UTC', () => {
  assert.is(periodStartKql('month', 'Europe/Berlin'), 'datetime_local_to_utc(startofmonth(datetime_utc_to_local(now(), "Europe/Berlin")), "Europe/Berlin")');
  assert.is(periodStartKql('week', 'UTC'), 'startofweek(now() - 1d) + 1d', 'UTC needs no conversion');
  assert.is(periodStartKql('quarter', 'UTC'), 'startofmonth(now(), -((getmonth(now()) - 1) % 3))');
  assert.is(periodStartKql('month', 'A"B'), 'datetime_local_to_utc(startofmonth(datetime_utc_to_local(now(), "A\\"B")), "A\\"B")', 'the zone goes in as a string literal');
});

for (const period of ['month', 'week', 'quarter'] as const satisfies readonly CalendarPeriod[]) {
  for (const timeZone of ['UTC', 'Europe/Berlin', 'Asia/Kolkata']) {
    test(`${period} in ${timeZone}: the period start binds as a datetime`, () => {
      const q = `print Start = ${periodStartKql(period, timeZone)}`;
      const r = checkKql(q);
      assert.equal(r.problems.filter((p) => p.severity === 'error'), [], q);
      assert.equal(r.columns, ['Start']);
    });
  }
}

test('the binding would catch a function Kusto lacks (startofquarter) and a wrong argument type', () => {
  assert.ok(errors('print Start = startofquarter(now())').length > 0);
  assert.ok(errors('print Start = datetime_utc_to_local(now(), 3)').length > 0);
});

const model = buildServiceModel(
  baseSpec({
    slos: [
      { name: 'monthly', sli: { requestAvailability: {} }, objective: 99.5, window: { calendar: 'month', timeZone: 'Europe/Berlin' } },
      { name: 'weekly', sli: { requestAvailability: {} }, objective: 99, window: { calendar: 'week' } },
      { name: 'quarterly', sli: { requestAvailability: {} }, objective: 99.9, window: { calendar: 'quarter', timeZone: 'America/New_York' } },
      { name: 'rolling', sli: { requestAvailability: {} }, objective: 99.9, window: '28d' },
    ],
  }) as unknown as ServiceSpec,
);
const fns = model.slos.map((slo) => ({ name: slo.functionAlias, body: sliFunctionBody(slo) }));
const q = workbookQueries(model);

test('the workbook budget of each calendar SLO reads from its period start and binds; a rolling one reads its window', () => {
  for (const { slo, budget } of q.perSlo) {
    assert.equal(errors(budget, fns), [], budget);
    assert.equal(checkKql(budget, 'workspace', fns).columns, ['TimeGenerated', 'BudgetRemaining']);
    if (slo.window.kind === 'calendar') {
      assert.match(budget, `let periodStart = ${periodStartKql(slo.window.period, slo.window.timeZone)};`);
      assert.match(budget, '| where TimeGenerated >= periodStart');
      assert.not.match(budget, 'ago(');
    } else assert.match(budget, '| where TimeGenerated > ago(28d)');
  }
});

test('the workbook summary: one period start per calendar SLO, windows named, and it binds', () => {
  assert.equal(errors(q.summary!, fns), [], q.summary);
  assert.match(q.summary!, /^let periodStart1 = datetime_local_to_utc\(startofmonth/);
  assert.match(q.summary!, 'let periodStart2 = startofweek(now() - 1d) + 1d;');
  assert.match(q.summary!, '"America/New_York"');
  assert.match(q.summary!, 'Window = "month (Europe/Berlin)"');
  assert.match(q.summary!, 'Window = "28d"');
  assert.not.match(q.summary!, 'periodStart4', 'the rolling SLO needs none');
});

test.run();
