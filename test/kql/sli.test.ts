/** Every SLI kind, with and without its options, renders a function body that binds and returns TimeGenerated, Good, Total. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sliCatalog, sliMeasure } from '../../src/catalog/index.js';
import { sliFunctionBody } from '../../src/kql/sli.js';
import { checkKql } from '../../src/kql/service.js';
import type { SliSpec, SliKind } from '../../src/model/spec.js';

/** Cases per SLI kind; a kind of the catalog without cases here fails the test below, rather than going untested. */
const cases: { readonly [K in SliKind]: readonly (readonly [string, NonNullable<SliSpec[K]>])[] } = {
  requestAvailability: [
    ['request availability, no options (Success == false is bad)', {}],
    ['request availability, roles, operations and classes + exact codes', { roleName: ['a', 'b'], operations: ['GET /'], excludeOperations: ['GET /health'], badResultCodes: ['5xx', '429'] }],
    ['request availability, exact codes only', { badResultCodes: '503' }],
  ],
  requestLatency: [
    ['request latency, successful only (default)', { thresholdMs: 250 }],
    ['request latency with failures counted', { thresholdMs: 0.5, successfulOnly: false, roleName: 'api' }],
  ],
  availabilityTest: [
    ['availability test', { testName: 'home' }],
    ['availability test from some locations', { testName: 'home', locations: ['West Europe'] }],
  ],
  dependencyAvailability: [
    ['dependency availability, no filter', {}],
    ['dependency availability, every filter', { roleName: 'api', target: ['sql1', 'sql2'], dependencyType: 'SQL', names: ['SELECT'] }],
  ],
  raw: [['raw KQL with lets', { good: 'let ok = "x";\nAppEvents | where Name == ok', total: 'AppEvents' }]],
  eventRatio: [
    ['event ratio, one good and one total event', { good: 'OrderPaid', total: 'OrderStarted' }],
    ['event ratio, several events and roles', { good: ['OrderPaid', 'OrderInvoiced'], total: ['OrderStarted'], roleName: ['shop', 'api'] }],
  ],
  metricRatio: [
    ['metric ratio, bad over total (App Gateway FailedRequests / TotalRequests)', { resource: 'agw', bad: { metric: 'FailedRequests' }, total: { metric: 'TotalRequests' } }],
    ['metric ratio, good over total, counted by Count', { resource: 'agw', good: { metric: 'Healthy', aggregation: 'Count' }, total: { metric: 'Probes', aggregation: 'Count' } }],
  ],
  metricThreshold: [
    ['metric threshold, Percentage5XX below 1 per minute', { resource: 'afd', metric: 'Percentage5XX', aggregation: 'Average', operator: 'LessThan', threshold: 1 }],
    ['metric threshold, maximum latency at most 500 ms per 5 minutes', { resource: 'afd', metric: 'OriginLatency', aggregation: 'Maximum', operator: 'LessThanOrEqual', threshold: 500, grain: '5m' }],
    ['metric threshold, minimum above, total and count', { resource: 'afd', metric: 'OriginHealthPercentage', aggregation: 'Minimum', operator: 'GreaterThan', threshold: 90 }],
    ['metric threshold, total at least', { resource: 'afd', metric: 'RequestCount', aggregation: 'Total', operator: 'GreaterThanOrEqual', threshold: 1 }],
    ['metric threshold, count', { resource: 'afd', metric: 'RequestCount', aggregation: 'Count', operator: 'GreaterThanOrEqual', threshold: 1 }],
  ],
};

/** The resource a metric SLI reads (the model resolves it from resources:). */
const metricResource = { id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Cdn/profiles/afd-o'brien", type: 'Microsoft.Cdn/profiles', name: "afd-o'brien" };

test('every SLI kind of the catalog has cases here, and says what it measures', () => {
  const kinds = [...sliCatalog().keys()].sort();
  assert.equal(Object.keys(cases).sort(), kinds);
  for (const kind of kinds) {
    assert.ok(cases[kind as SliKind].length > 0, kind);
    assert.ok(['availability', 'latency', 'freshness'].includes(sliMeasure(kind)), `${kind} measures ${sliMeasure(kind)}`);
  }
});

for (const kind of Object.keys(cases) as SliKind[]) {
  for (const [name, sli] of cases[kind]) {
    test(`${name} (${kind}, measures ${sliMeasure(kind)}): binds with 0 errors and returns TimeGenerated, Good, Total`, () => {
      const body = sliFunctionBody({ sliKind: kind, sli, metricResource });
      const r = checkKql(body);
      assert.equal(r.problems.filter((p) => p.severity === 'error'), [], body);
      assert.equal(r.columns, ['TimeGenerated', 'Good', 'Total'], body);
    });
  }
}

test('bad result codes: classes compare the first digit of three-digit codes, exact codes compare equal', () => {
  const body = sliFunctionBody({ sliKind: 'requestAvailability', sli: { badResultCodes: ['5xx', '429'] } });
  assert.match(body, /ResultCode in \("429"\)/);
  assert.match(body, /strlen\(ResultCode\) == 3 and substring\(ResultCode, 0, 1\) in \("5"\)/);
});

test('latency: the threshold lands as a number and sampled items are weighted by ItemCount', () => {
  const body = sliFunctionBody({ sliKind: 'requestLatency', sli: { thresholdMs: 800 } });
  assert.match(body, /DurationMs <= 800, tolong\(ItemCount\), 0\)/);
  assert.match(body, /\| where Success == true/);
});

test('metric SLIs read AzureMetrics of their resource only, per slice, and never a dimension', () => {
  const ratio = sliFunctionBody({ sliKind: 'metricRatio', sli: { resource: 'agw', bad: { metric: 'FailedRequests' }, total: { metric: 'TotalRequests' } }, metricResource });
  assert.match(ratio, /_ResourceId =~ "\/subscriptions\/.*\/afd-o'brien"\n/);
  assert.match(ratio, /MetricName in \("TotalRequests", "FailedRequests"\)/);
  assert.match(ratio, /bin\(TimeGenerated, 1m\)/);
  assert.match(ratio, /Good = tolong\(max_of\(Counted - Other, 0\.0\)\)/);
  const threshold = sliFunctionBody({ sliKind: 'metricThreshold', sli: { resource: 'afd', metric: 'Percentage5XX', aggregation: 'Average', operator: 'LessThan', threshold: 1, grain: '5m' }, metricResource });
  assert.match(threshold, /sum\(Total\) \/ sum\(Count\)/);
  assert.match(threshold, /bin\(TimeGenerated, 5m\)/);
  assert.match(threshold, /Good = iff\(Value < 1\.0, 1, 0\), Total = 1/);
});

test.run();
