/**
 * Platform-metric SLIs in the deployment: which route each burn-rate alert takes, and why. A threshold SLI's alert
 * becomes a metric alert rule exactly when one bad slice already burns one of its window pairs (then "a slice is bad"
 * and "the alert fires" coincide); any other pair needs a count of bad slices, and a ratio needs a division, neither of
 * which a metric alert can do (catalog/azure/metric-alerts.yaml: windowSizePerRule, criterionComparesOneMetric).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildServiceModel } from '../../src/model/service.js';
import { slicesToFire } from '../../src/model/metric-sli.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { buildDeployment } from '../../src/resources/index.js';
import { deployedAlertRules } from '../../src/resources/deployed-alerts.js';
import { fact } from '../../src/catalog/index.js';
import { ResourceIdRef, isPlainObject, type Value } from '../../src/resources/model.js';
import { baseSpec } from '../helpers/specs.js';

const AFD = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-edge';
const AGW = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-edge/providers/Microsoft.Network/applicationGateways/agw-edge';
const both = { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } };
const threshold = (objective: number, extra: Record<string, unknown> = {}) => ({
  name: `5xx-${objective}`,
  sli: { metricThreshold: { resource: 'afd-edge', metric: 'Percentage5XX', aggregation: 'Average', operator: 'LessThan', threshold: 1, ...extra } },
  objective,
  window: '30d',
  alerting: both,
});
const spec = baseSpec({
  resources: [
    { id: AFD, diagnostics: { metrics: true } },
    { id: AGW, diagnostics: { metrics: true } },
  ],
  slos: [
    threshold(99.95),
    threshold(99),
    { ...threshold(99.5, { grain: '5m' }), name: 'latency-5m' },
    { name: 'gateway', sli: { metricRatio: { resource: 'agw-edge', bad: { metric: 'FailedRequests' }, total: { metric: 'TotalRequests' } } }, objective: 99.99, window: '30d', alerting: both },
  ],
}) as unknown as ServiceSpec;
const service = buildServiceModel(spec);
const deployment = buildDeployment([service]);
const routes = (slo: string) => service.slos.find((s) => s.name === slo)!.alerts.map((a) => `${a.kind}:${a.route.via}`);

test('slices to fire: ⌈burn rate × budget × long window / slice⌉, in exact decimals', () => {
  assert.is(slicesToFire(99.95, 14.4, 3600, 60), 1); // 0.432 of a minute
  assert.is(slicesToFire(99, 14.4, 3600, 60), 9); // 8.64
  assert.is(slicesToFire(99.9, 6, 6 * 3600, 60), 3); // 2.16
  assert.is(slicesToFire(99.5, 14.4, 3600, 300), 1); // 0.864 of a 5-minute slice
});

test('a threshold SLI pages through a metric alert when one bad slice burns a page pair; its ticket pairs need several and stay log alerts', () => {
  assert.equal(routes('5xx-99.95'), ['page:metric', 'ticket:log']);
  assert.equal(routes('latency-5m'), ['page:metric', 'ticket:log']);
  const page = service.slos.find((s) => s.name === '5xx-99.95')!.alerts[0]!.route;
  assert.match(page.reason, /one bad 1m slice already burns the 1h\/5m pair at 14\.4×/);
  const ticket = service.slos.find((s) => s.name === '5xx-99.95')!.alerts[1]!.route;
  assert.match(ticket.reason, /at least 3 bad 1m slices .* one window for all its criteria/);
});

test('at 99 % even the page pairs need 9 bad minutes: both alerts are log search alerts over AzureMetrics', () => {
  assert.equal(routes('5xx-99'), ['page:log', 'ticket:log']);
  assert.match(service.slos.find((s) => s.name === '5xx-99')!.alerts[0]!.route.reason, /at least 9 bad 1m slices/);
});

test('a ratio of two metrics is always a log search alert: a metric alert cannot divide one metric by another', () => {
  assert.equal(routes('gateway'), ['page:log', 'ticket:log']);
  assert.match(service.slos.find((s) => s.name === 'gateway')!.alerts[0]!.route.reason, /cannot divide FailedRequests by TotalRequests/);
});

test('the metric-routed alert: one static criterion on the bad side of the threshold, the slice as window and frequency, on the resource', () => {
  const rule = deployment.resources.find((r) => r.name === 'slo-checkout-5xx-99-95-page')!;
  assert.is(rule.type, 'Microsoft.Insights/metricAlerts');
  assert.is(rule.location, fact('metric-alerts', 'location'));
  const p = rule.properties as Record<string, Value>;
  assert.equal(p.scopes, [AFD]);
  assert.equal([p.windowSize, p.evaluationFrequency], ['PT1M', 'PT1M']);
  const criteria = p.criteria as Record<string, Value>;
  assert.equal((criteria.allOf as Value[])[0], {
    criterionType: 'StaticThresholdCriterion',
    name: 'bad-slice-page',
    metricName: 'Percentage5XX',
    metricNamespace: 'Microsoft.Cdn/profiles',
    timeAggregation: 'Average',
    dimensions: [],
    operator: 'GreaterThanOrEqual',
    threshold: 1,
  });
  assert.ok((p.actions as Value[]).every((a) => isPlainObject(a) && a.actionGroupId instanceof ResourceIdRef));
  const five = deployment.resources.find((r) => r.name === 'slo-checkout-latency-5m-page')!;
  assert.equal([(five.properties as Record<string, Value>).windowSize, (five.properties as Record<string, Value>).evaluationFrequency], ['PT5M', 'PT5M']);
});

test('log-routed alerts of metric SLIs are log search alerts over the SLI function, as for every kind', () => {
  const ticket = deployment.resources.find((r) => r.name === 'slo-checkout-5xx-99-95-ticket')!;
  assert.is(ticket.type, 'Microsoft.Insights/scheduledQueryRules');
  const gateway = deployment.resources.filter((r) => r.name.startsWith('slo-checkout-gateway-'));
  assert.equal(gateway.map((r) => r.type), ['Microsoft.Insights/scheduledQueryRules', 'Microsoft.Insights/scheduledQueryRules']);
});

test('the deployment reads back every burn-rate rule with its route, so analyze and apply see what generate wrote', () => {
  const rules = deployedAlertRules(deployment, service.slug).filter((r) => r.kind === 'burn-rate');
  const seen = rules.map((r) => (r.kind === 'burn-rate' ? `${r.slo}/${r.alert}:${r.via}` : '')).sort();
  const expected = service.slos.flatMap((s) => s.alerts.map((a) => `${s.name}/${a.kind}:${a.route.via}`)).sort();
  assert.equal(seen, expected);
});

test('a threshold SLI counts slices: the default minimum of events is capped at the slices of the shortest long window', () => {
  const five = service.slos.find((s) => s.name === 'latency-5m')!;
  assert.equal(five.alerts.map((a) => a.minimumEvents), [12, 100]); // 1 h holds 12 slices of 5 minutes
  assert.equal(service.slos.find((s) => s.name === 'gateway')!.alerts.map((a) => a.minimumEvents), [30, 100]);
});

test.run();
