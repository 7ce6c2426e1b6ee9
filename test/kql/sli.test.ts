/** Every SLI kind, with and without its options, renders a function body that binds and returns TimeGenerated, Good, Total. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sliFunctionBody } from '../../src/kql/sli.js';
import { checkKql } from '../../src/kql/service.js';
import type { SliSpec, SliKind } from '../../src/model/spec.js';

const cases: [string, SliKind, NonNullable<SliSpec[SliKind]>][] = [
  ['request availability, no options (Success == false is bad)', 'requestAvailability', {}],
  ['request availability, roles, operations and classes + exact codes', 'requestAvailability', { roleName: ['a', 'b'], operations: ['GET /'], excludeOperations: ['GET /health'], badResultCodes: ['5xx', '429'] }],
  ['request availability, exact codes only', 'requestAvailability', { badResultCodes: '503' }],
  ['request latency, successful only (default)', 'requestLatency', { thresholdMs: 250 }],
  ['request latency with failures counted', 'requestLatency', { thresholdMs: 0.5, successfulOnly: false, roleName: 'api' }],
  ['availability test', 'availabilityTest', { testName: 'home' }],
  ['availability test from some locations', 'availabilityTest', { testName: 'home', locations: ['West Europe'] }],
  ['dependency availability, no filter', 'dependencyAvailability', {}],
  ['dependency availability, every filter', 'dependencyAvailability', { roleName: 'api', target: ['sql1', 'sql2'], dependencyType: 'SQL', names: ['SELECT'] }],
  ['raw KQL with lets', 'raw', { good: 'let ok = "x";\nAppEvents | where Name == ok', total: 'AppEvents' }],
];

for (const [name, kind, sli] of cases) {
  test(`${name}: binds with 0 errors and returns TimeGenerated, Good, Total`, () => {
    const body = sliFunctionBody({ sliKind: kind, sli });
    const r = checkKql(body);
    assert.equal(r.problems.filter((p) => p.severity === 'error'), [], body);
    assert.equal(r.columns, ['TimeGenerated', 'Good', 'Total'], body);
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

test.run();
