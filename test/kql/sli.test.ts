/** Every SLI kind, with and without its options, renders a function body that binds and returns TimeGenerated, Good, Total. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sliCatalog, sliMeasure } from '../../src/catalog/index.js';
import { sliFunctionBody } from '../../src/kql/sli.js';
import { checkKql } from '../../src/kql/service.js';
import type { SliSpec } from '../../src/model/spec.js';
import type { KqlSliKind as SliKind } from '../../src/kql/sli.js';
import { renderSliFunction } from '../../src/kql/sli.js';

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
};

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
      const body = sliFunctionBody({ sliKind: kind, sli });
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

test.run();
