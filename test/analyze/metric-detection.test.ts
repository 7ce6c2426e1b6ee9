/**
 * Time to detect of platform-metric SLOs follows the route the model chose (src/model/metric-sli.ts): a metric alert
 * sees a bad slice a minute after it happens (the metric store), a log search alert over AzureMetrics waits for
 * diagnostic settings to export it (up to 10 minutes) and for enough whole bad slices to cross its pair.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeService } from '../../src/analyze/index.js';
import { fact } from '../../src/catalog/index.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { buildDeployment } from '../../src/resources/index.js';
import { baseSpec } from '../helpers/specs.js';

const AFD = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-edge/providers/Microsoft.Cdn/profiles/afd-edge';
const AGW = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-edge/providers/Microsoft.Network/applicationGateways/agw-edge';
const both = { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } };
const service = buildServiceModel(
  baseSpec({
    resources: [
      { id: AFD, diagnostics: { metrics: true } },
      { id: AGW, diagnostics: { metrics: true } },
    ],
    slos: [
      { name: 'edge', sli: { metricThreshold: { resource: 'afd-edge', metric: 'Percentage5XX', aggregation: 'Average', operator: 'LessThan', threshold: 1 } }, objective: 99.95, window: '30d', alerting: both },
      { name: 'latency', sli: { metricThreshold: { resource: 'afd-edge', metric: 'TotalLatency', aggregation: 'Average', operator: 'LessThanOrEqual', threshold: 1200, grain: '5m' } }, objective: 99.5, window: '28d', alerting: both },
      { name: 'requests', sli: { metricRatio: { resource: 'agw-edge', bad: { metric: 'FailedRequests' }, total: { metric: 'TotalRequests' } } }, objective: 99.9, window: '30d', alerting: both },
    ],
  }) as unknown as ServiceSpec,
);
const detection = analyzeService(service, buildDeployment([service])).detection;
const of = (name: string) => {
  const d = detection.find((x) => x.alert === name);
  if (!d) throw new Error(`no detection for ${name}: ${detection.map((x) => x.alert).join(', ')}`);
  return [d.ingestionMinutes, d.evaluationMinutes, d.crossingMinutes, d.notificationMinutes, d.totalMinutes];
};
const metric = fact('detection', 'platformMetricMinutes');
const exported = fact('detection', 'diagnosticSettingsMetricsMinutes');
const notify = fact('detection', 'notificationMinutes');

test('a metric-routed page: the metric store, one evaluation, one bad slice, the notification', () => {
  assert.equal(of('slo-checkout-edge-page'), [metric, 1, 1, notify, metric + 1 + 1 + notify]);
  assert.equal(of('slo-checkout-latency-page'), [metric, 5, 5, notify, metric + 5 + 5 + notify]);
});

test('a log-routed alert of a threshold SLI: AzureMetrics export latency and whole bad slices (3 × 0.05 % × 1 d = 2.16 → 3 minutes)', () => {
  assert.equal(of('slo-checkout-edge-ticket'), [exported, 30, 3, notify, exported + 30 + 3 + notify]);
  // 3 × 0.5 % × 1 d = 21.6 minutes → 5 slices of 5 minutes.
  assert.equal(of('slo-checkout-latency-ticket'), [exported, 30, 25, notify, exported + 30 + 25 + notify]);
});

test('a ratio always alerts through AzureMetrics: its page waits for the export, then 14.4 × 0.1 % × 1 h = 0.864 → 1 minute', () => {
  assert.equal(of('slo-checkout-requests-page'), [exported, 5, 1, notify, exported + 5 + 1 + notify]);
  assert.ok(detection.find((x) => x.alert === 'slo-checkout-requests-page')!.assumption.includes('cannot divide'));
});

test.run();
