/** azslo analyze: the math, the verdicts at their boundaries, and the golden reports of the examples. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../src/analyze/api.js';
import { EXAMPLES_DAY } from '../../scripts/examples-day.js';
import { analyzeService as analyzeWith } from '../../src/analyze/index.js';
import { buildReport, markdownReport, textReport } from '../../src/analyze/report.js';
import { burnRateDetection, metricDetection } from '../../src/analyze/detection.js';
import { buildServiceModel, type ServiceModel } from '../../src/model/service.js';
import { buildDeployment } from '../../src/resources/index.js';
import { deployedAlertRules, type BurnRateRule, type MetricRule } from '../../src/resources/deployed-alerts.js';
import type { ServiceSpec, SliKind, SliSpec } from '../../src/model/spec.js';
import { sliCatalog } from '../../src/catalog/index.js';
import { loadSpecs, validate } from '../../src/index.js';
import { baseSpec, MONITOR_WORKSPACE } from '../helpers/specs.js';
import { root } from '../helpers/bicep.js';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers';
const service = (extra: Record<string, unknown>) => buildServiceModel(baseSpec(extra) as unknown as ServiceSpec);
/** The analysis of one service against its deployment model, as `azslo analyze` runs it. */
const analyzeService = (s: ServiceModel) => analyzeWith(s, buildDeployment([s]));
const rulesOf = (s: ServiceModel) => deployedAlertRules(buildDeployment([s]));
const burnRule = (s: ServiceModel, slo: string, kind: string) => rulesOf(s).find((r): r is BurnRateRule => r.kind === 'burn-rate' && r.slo === slo && r.alert === kind)!;
const kv = (name: string) => ({ id: `${RG}/Microsoft.KeyVault/vaults/${name}` }); // 99.99 %
const app = (name: string, more: object = {}) => ({ id: `${RG}/Microsoft.Web/sites/${name}`, kind: 'app', ...more }); // 99.95 %, 99.99 % zone-redundant with 2+ instances

test('a resource of a type the catalog does not know is named as uncovered: Resource Health only', () => {
  const s = service({ resources: [kv('vault'), { id: `${RG}/Microsoft.Foo/bars/bar1` }] });
  const report = analyzeService(s);
  const row = report.coverage.resources.find((r) => r.resource === 'bar1')!;
  assert.equal([row.resourceHealth, row.serviceHealth, row.metricAlerts], [true, false, 0]);
  const gaps = report.gaps.filter((g) => g.subject === 'bar1').map((g) => g.message);
  assert.ok(gaps.includes('bar1 is of a type the catalog does not know (Microsoft.Foo/bars): only Resource Health watches it, with no baseline metric alert and no Service Health'), gaps.join('\n'));
});

test('series multiplies, redundant combines as 1 − Π(1 − a), and they nest', () => {
  const s = service({
    resources: [kv('a'), kv('b'), app('c'), app('d')],
    architecture: { journeys: [{ name: 'j', steps: ['a', { redundant: ['c', { series: ['d', 'b'] }] }] }] },
  });
  const [j] = analyzeService(s).journeys;
  const inner = 0.9995 * 0.9999;
  const redundant = 1 - (1 - 0.9995) * (1 - inner);
  assert.ok(Math.abs(j!.availability! - 0.9999 * redundant) < 1e-6, String(j!.availability));
});

test('the SLA follows the declared configuration; an unmet SLO gets the smallest change that closes it', () => {
  const plain = service({ resources: [app('web')], architecture: { journeys: [{ name: 'j', steps: ['web'] }] }, slos: [{ name: 'avail', sli: { requestAvailability: {} }, objective: 99.98, window: '30d' }] });
  const [j] = analyzeService(plain).journeys;
  assert.is(j!.availability, 0.9995);
  assert.equal(j!.unmet, [{ slo: 'avail', objective: 99.98 }]);
  assert.is(j!.suggestion!.to, 0.9999, 'zone-redundant with two instances');
  assert.ok(j!.suggestion!.closesGap);
  const strong = service({ resources: [app('web', { zoneRedundant: true, instances: 2 })], architecture: { journeys: [{ name: 'j', steps: ['web'] }] } });
  assert.is(analyzeService(strong).journeys[0]!.availability, 0.9999);
  const boundary = service({ resources: [app('web')], architecture: { journeys: [{ name: 'j', steps: ['web'] }] }, slos: [{ name: 'avail', sli: { requestAvailability: {} }, objective: 99.95, window: '30d' }] });
  assert.equal(analyzeService(boundary).journeys[0]!.unmet, [], 'exactly the objective is met');
});

/** One SLI of every kind; the mapped type makes a new kind a compile error here until it gets one. */
const oneSli: { readonly [K in SliKind]: NonNullable<SliSpec[K]> } = {
  requestAvailability: {},
  requestLatency: { thresholdMs: 300 },
  availabilityTest: { testName: 'home' },
  dependencyAvailability: {},
  raw: { good: 'AppRequests | where Success', total: 'AppRequests' },
  eventRatio: { good: 'OrderPaid', total: 'OrderStarted' },
  gatewayAvailability: { gateway: `${RG}/Microsoft.Web/sites/web` },
  gatewayLatency: { gateway: `${RG}/Microsoft.Web/sites/web`, thresholdMs: 300 },
  metricRatio: { resource: 'web', bad: { metric: 'Http5xx' }, total: { metric: 'Requests' } },
  metricThreshold: { resource: 'web', metric: 'HttpResponseTime', aggregation: 'Average', operator: 'LessThan', threshold: 1 },
  prometheus: { errors: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))', total: 'sum(rate(http_requests_total[{{.window}}]))' },
};

test('a journey is held to the SLOs whose SLI kind measures availability, as the SLI catalog says', () => {
  assert.equal(Object.keys(oneSli).sort(), [...sliCatalog().keys()].sort());
  const slos = Object.entries(oneSli).map(([kind, sli]) => ({ name: kind, sli: { [kind]: sli }, objective: 99.999, window: '30d' }));
  const azure = { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE };
  const [j] = analyzeService(service({ azure, resources: [app('web')], architecture: { journeys: [{ name: 'j', steps: ['web'] }] }, slos })).journeys;
  const expected = [...sliCatalog().values()].filter((e) => e.measures === 'availability').map((e) => e.kind);
  assert.equal(j!.unmet.map((u) => u.slo).sort(), expected.sort());
  assert.ok(!expected.includes('requestLatency'), 'a latency SLO is not an availability promise');
});

test('a Prometheus SLO that says it measures latency is not held to a journey', () => {
  const azure = { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE };
  const prometheus = (measures?: string) => ({ ...oneSli.prometheus, ...(measures ? { measures } : {}) });
  const slos = [
    { name: 'ratio', sli: { prometheus: prometheus() }, objective: 99.999, window: '30d' },
    { name: 'fast', sli: { prometheus: prometheus('latency') }, objective: 99.999, window: '30d' },
  ];
  const [j] = analyzeService(service({ azure, resources: [app('web')], architecture: { journeys: [{ name: 'j', steps: ['web'] }] }, slos })).journeys;
  assert.equal(j!.unmet.map((u) => u.slo), ['ratio']);
});

test('time to detect of a page rule: ingestion + evaluation + window crossing at 100 % errors + notification', () => {
  const s = service({});
  const slo = s.slos[0]!;
  const page = burnRateDetection(burnRule(s, slo.name, 'page'), slo, slo.alerts.find((a) => a.kind === 'page')!)!;
  assert.is(page.alert, 'slo-checkout-api-availability-page', 'the deployed rule\'s name');
  // 99.9 %: budget 0.001; the 1h pair needs 14.4 × 0.001 × 60 min = 0.864 min of errors.
  assert.equal([page.ingestionMinutes, page.evaluationMinutes, page.crossingMinutes, page.notificationMinutes, page.totalMinutes], [3, 5, 0.86, 1, 9.86]);
  const ticket = burnRateDetection(burnRule(s, slo.name, 'ticket'), slo, slo.alerts.find((a) => a.kind === 'ticket')!)!;
  // the 1d pair: 3 × 0.001 × 1440 min = 4.32 min; evaluated every 30 min.
  assert.equal([ticket.evaluationMinutes, ticket.crossingMinutes, ticket.totalMinutes], [30, 4.32, 38.32]);
});

test('time to detect of a Prometheus page rule: scrape and remote write, the rule group interval, the 1h/5m pair, notification', () => {
  const azure = { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE };
  const s = service({ azure, slos: [{ name: 'ingress', sli: { prometheus: oneSli.prometheus }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } } }] });
  const rules = deployedAlertRules(buildDeployment([s]), s.slug).filter((r): r is BurnRateRule => r.kind === 'burn-rate');
  assert.equal(rules.map((r) => [r.name, r.alert, r.group, r.evaluationFrequency, r.windowSize]), [
    ['slo_checkout_ingress_page', 'page', 'slo-checkout-ingress', 'PT1M', 'PT6H'],
    ['slo_checkout_ingress_ticket', 'ticket', 'slo-checkout-ingress', 'PT1M', 'P3D'],
  ]);
  const page = burnRateDetection(rules[0]!, s.slos[0]!, s.slos[0]!.alerts[0]!)!;
  // ingestion 2 (assumed, catalog/azure/prometheus-rules.yaml) + interval 1 + 14.4 × 0.001 × 60 min + 1.
  assert.equal([page.ingestionMinutes, page.evaluationMinutes, page.crossingMinutes, page.notificationMinutes, page.totalMinutes], [2, 1, 0.86, 1, 4.86]);
  assert.match(page.assumption, /≥ 30 events in the long window\), scraped by managed Prometheus/);
  const a = analyzeService(s);
  assert.ok(a.detection.some((d) => d.alert === 'slo_checkout_ingress_ticket'), 'analyze counts the ticket rule of the group');
  assert.not.ok(a.gaps.some((g) => g.id === 'no-page-alert/ingress'), 'the page alert in the rule group counts');
});

test('time to detect for the 7d, 28d and 30d window sets, and for activity log and dynamic metric alerts', () => {
  for (const [window, page] of [['7d', 9.86], ['28d', 9.86], ['30d', 9.86]] as const) {
    const s = service({ slos: [{ name: 'x', sli: { requestAvailability: {} }, objective: 99.9, window, alerting: { page: { notify: ['oncall'] } } }] });
    assert.is(burnRateDetection(burnRule(s, 'x', 'page'), s.slos[0]!, s.slos[0]!.alerts[0]!)!.totalMinutes, page, `${window}: the burn rates and windows are the 30-day set's`);
  }
  const a = analyzeService(service({ resources: [kv('v'), { id: `${RG}/Microsoft.Web/sites/w`, kind: 'app' }] }));
  const rh = a.detection.find((d) => d.kind === 'resource-health')!;
  assert.equal([rh.ingestionMinutes, rh.evaluationMinutes, rh.crossingMinutes, rh.totalMinutes], [20, 0, 0, 21]);
  const dynamic = a.detection.find((d) => d.alert === 'ma-checkout-w-http-5xx')!;
  assert.equal([dynamic.ingestionMinutes, dynamic.evaluationMinutes, dynamic.crossingMinutes], [1, 5, 15], '3 failing windows of 5 minutes');
});

test('a burn rate that needs more than 100 % errors never detects', () => {
  const s = service({ slos: [{ name: 'x', sli: { requestAvailability: {} }, objective: 50, window: '30d', alerting: { page: { notify: ['oncall'] } } }] });
  assert.is(burnRateDetection(burnRule(s, 'x', 'page'), s.slos[0]!, s.slos[0]!.alerts[0]!), undefined);
});

test('time to detect of a metric alert: platform latency + frequency + its window (or failing windows when dynamic)', () => {
  const s = service({ resources: [kv('v')] });
  const rule = rulesOf(s).find((r): r is MetricRule => r.kind === 'metric' && r.criteria[0]!.alertId === 'availability')!;
  const availability = metricDetection(rule, 'v');
  assert.is(availability.alert, 'ma-checkout-v-availability');
  assert.equal([availability.ingestionMinutes, availability.evaluationMinutes, availability.crossingMinutes, availability.totalMinutes], [1, 1, 5, 8]);
});

test('RTO: met exactly at the boundary, not met a second later; RPO likewise', () => {
  const sql = (recovery: string) => ({ id: `${RG}/Microsoft.Sql/servers/s/databases/db`, sku: 'BusinessCritical', zoneRedundant: true, recovery });
  // Business Critical geo-replication (SLA): RPO 5 s, failover 30 s, started by the customer. Fastest detection of db:
  // its availability-low metric alert, 1 + 1 + 5 + 1 = 8 min. So the RTO must leave 8.5 min = 510 s.
  const at = (rto: string, rpo: string) => analyzeService(service({ resources: [sql('Business Critical geo-replication')], architecture: { targets: { regionOutage: { rto, rpo } } } }));
  const region = (a: ReturnType<typeof at>) => a.recovery.verdicts.find((v) => v.id === 'regionOutage/db')!;
  const exact = region(at('510s', '5s'));
  assert.equal([exact.detection?.seconds, exact.option?.recoverySeconds, exact.rto?.estimateSeconds, exact.rto?.status], [480, 30, 510, 'met']);
  assert.match(exact.rto!.reason, /= 8 min 30 s, within the RTO of 8 min 30 s \(0 s left\)/);
  const late = region(at('509s', '5s'));
  assert.is(late.rto!.status, 'not-met');
  assert.match(late.rto!.reason, /exceeds the RTO of 8 min 29 s by 1 s/);
  assert.is(exact.rpo!.status, 'met', 'RPO 5 s achieves 5 s');
  assert.is(region(at('1h', '4s')).rpo!.status, 'not-met', 'RPO 5 s does not achieve 4 s');
});

test('gaps: no page alert, no business signal, a data store without an RPO signal or recovery mechanism', () => {
  const a = analyzeService(service({ objectives: { rpo: '5m' }, resources: [kv('v')], slos: [{ name: 's', sli: { requestAvailability: {} }, objective: 99, window: '7d' }] }));
  const ids = a.gaps.map((g) => g.id);
  assert.ok(ids.includes('no-page-alert/s'));
  assert.ok(ids.includes('no-business-signal/checkout'));
  const unproven = a.gaps.find((g) => g.id === 'rpo-unproven/v')!;
  assert.match(unproven.message, /^v holds data but no alert proves its RPO: /, 'the catalog says why no signal exists');
  // Key Vault's paired-region failover is Microsoft-managed: in a region outage its data loss has no published bound.
  assert.ok(ids.includes('rpo-unknown/regionOutage/v'), ids.join('\n'));
});

const analysisDir = path.join(root, 'examples', '_analysis');
for (const name of readdirSync(analysisDir)) {
  test(`${name}: the JSON and Markdown reports equal the golden files`, async () => {
    const cwd = process.cwd();
    process.chdir(root);
    const result = validate(await loadSpecs([`examples/${name}`]));
    process.chdir(cwd);
    assert.fixture(analyze(result, 'json', undefined, { today: EXAMPLES_DAY }).text, readFileSync(path.join(analysisDir, name, 'report.json'), 'utf8'));
    assert.fixture(analyze(result, 'markdown', undefined, { today: EXAMPLES_DAY }).text, readFileSync(path.join(analysisDir, name, 'report.md'), 'utf8'));
  });
}

test('one example meets its objectives, the other does not', () => {
  const report = (n: string) => JSON.parse(readFileSync(path.join(analysisDir, n, 'report.json'), 'utf8')) as { gaps: number };
  assert.is(report('resilient-api').gaps, 0);
  assert.ok(report('ecommerce').gaps > 0);
});

test('error budgets in minutes: a rolling window in one figure, a calendar month from its shortest to its longest month', () => {
  const s = service({
    slos: [
      { name: 'rolling', sli: { requestAvailability: {} }, objective: 99.9, window: '30d' },
      { name: 'monthly', sli: { requestAvailability: {} }, objective: 99.9, window: { calendar: 'month', timeZone: 'Europe/Berlin' } },
      { name: 'weekly', sli: { requestAvailability: {} }, objective: 99, window: { calendar: 'week' } },
    ],
  });
  const a = analyzeService(s);
  assert.equal(a.coverage.application.budgets, [
    { slo: 'rolling', objective: 99.9, window: '30 days', minutes: { min: 43.2, max: 43.2 } },
    { slo: 'monthly', objective: 99.9, window: 'each calendar month (Europe/Berlin)', minutes: { min: 40.32, max: 44.64 } },
    { slo: 'weekly', objective: 99, window: 'each calendar week (UTC)', minutes: { min: 100.8, max: 100.8 } },
  ]);
  const report = buildReport([a]);
  const text = textReport(report);
  assert.match(text, '  SLO rolling: 99.9 % over 30 days, error budget 43.2 min\n');
  assert.match(text, '  SLO monthly: 99.9 % each calendar month (Europe/Berlin), error budget 40.32–44.64 min per period\n');
  assert.match(markdownReport(report), 'Error budgets: rolling 99.9 % over 30 days, 43.2 min; monthly 99.9 % each calendar month (Europe/Berlin), 40.32–44.64 min per period; weekly 99 % each calendar week (UTC), 100.8 min.');
});

test.run();
