/** The workbook JSON: the items the issue asks for, valid JSON, every query bound elsewhere (examples.test.ts). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { markdownText, workbookContent } from '../../src/resources/workbook.js';
import { buildDeployment } from '../../src/resources/index.js';
import { baseSpec, WORKSPACE } from '../helpers/specs.js';

type Item = { type: number; name: string; content: Record<string, unknown>; customWidth?: string };

const service = buildServiceModel(
  baseSpec({
    slos: [
      { name: 'api', description: 'Requests *succeed*', sli: { requestAvailability: {} }, objective: 99.9, window: '30d' },
      { name: 'latency', sli: { requestLatency: { thresholdMs: 300 } }, objective: 99, window: '7d' },
    ],
  }) as unknown as ServiceSpec,
);
const wb = JSON.parse(JSON.stringify(workbookContent(service))) as { version: string; items: Item[]; fallbackResourceIds: string[] };

test('a Notebook/1.0 document with a time range parameter first', () => {
  assert.is(wb.version, 'Notebook/1.0');
  const params = wb.items.find((i) => i.type === 9)!;
  const p = (params.content.parameters as { name: string; type: number; value: { durationMs: number } }[])[0]!;
  assert.equal([p.name, p.type], ['TimeRange', 4]);
  assert.ok(p.value.durationMs > 0);
  assert.equal(wb.fallbackResourceIds, [WORKSPACE]);
});

test('an SLO table with SLI, objective, budget remaining and burn rates over each SLO window', () => {
  const summary = wb.items.find((i) => i.name === 'slo-summary')!;
  const q = summary.content.query as string;
  for (const col of ['SLO', 'Objective', 'Window', 'SLI', 'BudgetRemaining', 'BurnRate1h', 'BurnRate6h']) assert.match(q, new RegExp(`\\b${col}\\b`));
  assert.match(q, /checkout_api\(\)\n\s+\| where TimeGenerated > ago\(30d\)/);
  assert.match(q, /checkout_latency\(\)\n\s+\| where TimeGenerated > ago\(7d\)/);
  assert.equal(summary.content.crossComponentResources, [WORKSPACE]);
  assert.equal(summary.content.timeContext, { durationMs: 30 * 86_400_000 });
});

test('per SLO: an SLI chart over the time range and an error budget burn-down over the SLO window', () => {
  for (const slo of ['api', 'latency']) {
    const chart = wb.items.find((i) => i.name === `slo-${slo}-sli`)!;
    const budget = wb.items.find((i) => i.name === `slo-${slo}-budget`)!;
    assert.is(chart.content.timeContextFromParameter, 'TimeRange');
    assert.is(chart.content.visualization, 'timechart');
    assert.match(budget.content.query as string, /row_cumsum/);
  }
});

test('the alert rules of the service come from Resource Graph by their azslo tags', () => {
  const rules = wb.items.find((i) => i.name === 'alert-rules')!;
  assert.is(rules.content.queryType, 1);
  assert.is(rules.content.resourceType, 'microsoft.resourcegraph/resources');
  assert.match(rules.content.query as string, /tags\["azslo-service"\]\) == "checkout"/);
});

test('business section: SLIs per hour, and per KPI its hourly values and the last 7 days against the 7 before', () => {
  const withKpi = buildServiceModel(
    baseSpec({ business: { signals: [{ name: 'orders', source: { event: 'OrderPlaced' }, alerts: [{ kind: 'noData', for: '30m' }] }] } }) as unknown as ServiceSpec,
  );
  const items = (JSON.parse(JSON.stringify(workbookContent(withKpi))) as { items: Item[] }).items;
  assert.match(items.find((i) => i.name === 'business-slis')!.content.query as string, /extend SLO = "api-availability"/);
  assert.match(items.find((i) => i.name === 'kpi-orders')!.content.query as string, /^checkout_kpi_orders\(\)\n\| summarize Value = sum\(Value\) by bin\(TimeGenerated, 1h\)/);
  const wow = items.find((i) => i.name === 'kpi-orders-week-over-week')!;
  const q = wow.content.query as string;
  assert.match(q, /\| where TimeGenerated > ago\(7d\)/);
  assert.match(q, /\| where TimeGenerated between \(ago\(14d\) \.\. ago\(7d\)\)/);
  assert.match(q, /by TimeGenerated = bin\(TimeGenerated \+ 7d, 1h\)/, 'last week shifted onto this week');
  assert.equal(wow.content.timeContext, { durationMs: 14 * 86_400_000 });
  assert.not.ok(wb.items.some((i) => i.name === 'business-title'), 'no business section without signals');
});

test('user text in markdown is escaped', () => {
  assert.is(markdownText('a *b* [c](d) <e>'), 'a \\*b\\* \\[c\\]\\(d\\) \\<e\\>');
  const title = wb.items.find((i) => i.name === 'slo-api-title')!;
  assert.match(title.content.json as string, /Requests \\\*succeed\\\*/);
});

test('a calendar SLO: its heading and budget title name the period and zone, the workbook reads its longest period and a day', () => {
  const monthly = buildServiceModel(
    baseSpec({ slos: [{ name: 'payslips', sli: { requestAvailability: {} }, objective: 99.5, window: { calendar: 'month', timeZone: 'Europe/Berlin' }, alerting: { page: { notify: ['oncall'] } } }] }) as unknown as ServiceSpec,
  );
  const items = (JSON.parse(JSON.stringify(workbookContent(monthly))) as { items: Item[] }).items;
  const DAY = 86_400_000;
  assert.match(String(items.find((i) => i.name === 'slo-payslips-title')!.content.json), 'Objective 99.5 % over each calendar month \\(Europe/Berlin\\)');
  const budget = items.find((i) => i.name === 'slo-payslips-budget')!;
  assert.is(budget.content.title, 'Error budget remaining this month, from its start in Europe/Berlin (%)');
  assert.equal(budget.content.timeContext, { durationMs: 32 * DAY });
  assert.match(String(budget.content.query), 'let periodStart = datetime_local_to_utc(startofmonth(datetime_utc_to_local(now(), "Europe/Berlin")), "Europe/Berlin");');
  assert.equal(items.find((i) => i.name === 'slo-summary')!.content.timeContext, { durationMs: 32 * DAY });
  // The alert rule says which budget its burn rates are reckoned on.
  const rule = buildDeployment([monthly]).resources.find((r) => r.type === 'Microsoft.Insights/scheduledQueryRules')!;
  assert.match(String((rule.properties as { description: string }).description), "SLO 'payslips' of service 'checkout' (99.5 % each calendar month (Europe/Berlin), burn rates on a nominal 30-day budget)");
});

test.run();
