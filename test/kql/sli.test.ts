/** Every SLI kind, with and without its options, renders a function body that binds and returns TimeGenerated, Good, Total. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sliCatalog, sliMeasure } from '../../src/catalog/index.js';
import { sliFunctionBody } from '../../src/kql/sli.js';
import { checkKql } from '../../src/kql/service.js';
import type { ServiceSpec, SliSpec } from '../../src/model/spec.js';
import type { KqlSliKind as SliKind } from '../../src/kql/sli.js';
import { renderSliFunction } from '../../src/kql/sli.js';
import { buildMaintenance } from '../../src/model/maintenance.js';

const rg = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-Edge/providers';
/** One gateway resource of every type that has a request log in the catalog. */
const GATEWAYS = {
  'Application Gateway': `${rg}/Microsoft.Network/applicationGateways/agw-Shop`,
  'Front Door': `${rg}/Microsoft.Cdn/profiles/afd-shop`,
  'API Management': `${rg}/Microsoft.ApiManagement/service/apim-shop`,
  'App Service': `${rg}/Microsoft.Web/sites/app-shop`,
} as const;

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
  gatewayAvailability: Object.entries(GATEWAYS).flatMap(([title, gateway]) => [
    [`gateway availability of ${title}, no options (5xx is bad)`, { gateway }],
    [`gateway availability of ${title}, every filter, classes + exact codes`, { gateway, hosts: ['shop.contoso.com'], paths: ['/'], pathPrefixes: ['/api/', '/cart'], excludePaths: ['/healthz'], badStatusCodes: ['5xx', '429'], ...(title === 'API Management' ? { apis: ['orders'] } : {}) }],
    [`gateway availability of ${title}, exact codes only`, { gateway, badStatusCodes: ['503'] }],
  ] as const),
  gatewayLatency: Object.entries(GATEWAYS).flatMap(([title, gateway]) => [
    [`gateway latency of ${title}, not 5xx (default)`, { gateway, thresholdMs: 250 }],
    [`gateway latency of ${title}, every response, a path prefix`, { gateway, thresholdMs: 1500, successfulOnly: false, pathPrefixes: ['/api/'] }],
  ] as const),
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
  // Kinds computed in PromQL have no KQL function: src/promql/ and test/promql/ are theirs.
  const kinds = [...sliCatalog().values()].filter((e) => (e.engine ?? 'kql') === 'kql').map((e) => e.kind).sort();
  assert.equal(Object.keys(cases).sort(), kinds);
  for (const kind of kinds) {
    assert.ok(cases[kind as SliKind].length > 0, kind);
    assert.ok(['availability', 'latency', 'freshness'].includes(sliMeasure(kind)), `${kind} measures ${sliMeasure(kind)}`);
  }
});

test('a Prometheus SLI has no KQL function: asking for one is a programming error, said as such', () => {
  assert.is(sliCatalog().get('prometheus')?.engine, 'promql');
  assert.throws(() => renderSliFunction({ sliKind: 'prometheus', sli: { total: 'x', errors: 'y' } }), /no KQL function/);
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

// Corrections (docs/maintenance.md): every kind's body, filtered by a one-off, a weekly and a monthly window.
const corrections = buildMaintenance({
  slos: [{ name: 'x' }],
  maintenance: [
    { name: 'once', schedule: { from: '2027-03-13T22:00:00+01:00', until: '2027-03-14T00:30:00+01:00' }, correct: true },
    { name: 'weekly', schedule: { weekly: { days: ['Sat', 'Sun'], start: '02:00', duration: '1h30m' }, timeZone: 'Europe/Amsterdam' }, correct: true },
    { name: 'monthly', schedule: { monthly: { day: 1, start: '00:00', duration: '24h' }, timeZone: 'Asia/Kolkata' }, correct: true },
  ],
} as unknown as ServiceSpec);

for (const kind of Object.keys(cases) as SliKind[]) {
  const [name, sli] = cases[kind][0]!;
  test(`${name} (${kind}) with maintenance corrections: binds with 0 errors and still returns TimeGenerated, Good, Total`, () => {
    const body = sliFunctionBody({ sliKind: kind, sli, corrections, metricResource });
    const r = checkKql(body);
    assert.equal(r.problems.filter((p) => p.severity === 'error'), [], body);
    assert.equal(r.columns, ['TimeGenerated', 'Good', 'Total'], body);
    assert.ok(body.startsWith(sliFunctionBody({ sliKind: kind, sli, metricResource })), 'the corrections only append to the body');
  });
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


test('gateway SLIs read the table of the gateway type, only its rows (lower-case id), in the log unit', () => {
  const tables = { 'Application Gateway': 'AGWAccessLogs', 'Front Door': 'AzureDiagnostics', 'API Management': 'ApiManagementGatewayLogs', 'App Service': 'AppServiceHTTPLogs' };
  for (const [title, gateway] of Object.entries(GATEWAYS)) {
    const body = sliFunctionBody({ sliKind: 'gatewayLatency', sli: { gateway, thresholdMs: 250 } });
    assert.ok(body.startsWith(`${tables[title as keyof typeof tables]}\n`), body);
    assert.ok(body.includes(`| where _ResourceId =~ ${JSON.stringify(gateway.toLowerCase())}`), body);
    const seconds = title === 'Application Gateway' || title === 'Front Door';
    assert.ok(body.includes(seconds ? '<= 0.25,' : '<= 250.0,'), body);
  }
  const afd = sliFunctionBody({ sliKind: 'gatewayAvailability', sli: { gateway: GATEWAYS['Front Door'] } });
  assert.ok(afd.includes('| where Category == "FrontDoorAccessLog"'), afd);
  assert.ok(afd.includes('toint(azslo_Status / 100) in (5)'), afd);
});

test('gateway filters are escaped: hostile values parse back as the same string literals', () => {
  const hostile = ['a"b', 'c\\d', 'line\nbreak', '") | union AppRequests //', "quote'it", '\u2028'];
  for (const [title, gateway] of Object.entries(GATEWAYS)) {
    const sli = { gateway, hosts: hostile, paths: hostile, pathPrefixes: hostile, excludePaths: hostile, ...(title === 'API Management' ? { apis: hostile } : {}) };
    const plain = sliFunctionBody({ sliKind: 'gatewayAvailability', sli: { ...sli, hosts: ['x'] } });
    for (const body of [sliFunctionBody({ sliKind: 'gatewayAvailability', sli }), sliFunctionBody({ sliKind: 'gatewayLatency', sli: { ...sli, thresholdMs: 100 } })]) {
      const r = checkKql(body);
      assert.equal(r.problems.filter((p) => p.severity === 'error'), [], body);
      assert.equal(r.columns, ['TimeGenerated', 'Good', 'Total'], body);
      // Each value stays inside its literal: the escaped ones add no operator and no line.
      assert.ok(body.split('\n').length <= plain.split('\n').length + 1, body);
      const hosts = /azslo_Host in~ \((.*)\)\n/.exec(body)![1]!;
      assert.equal(JSON.parse(`[${hosts}]`), hostile.map((h) => h), body);
    }
  }
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
