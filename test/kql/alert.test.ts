/**
 * The burn-rate alert query: its windows, thresholds and traffic guard, bound against the SLI function; "at or above
 * the burn rate" holds exactly at the boundary, for every objective and burn rate of the window sets.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { burnRateAlertQuery, burnRateThreshold } from '../../src/kql/alert.js';
import { sliFunctionBody } from '../../src/kql/sli.js';
import { checkKql } from '../../src/kql/service.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { baseSpec } from '../helpers/specs.js';

const model = buildServiceModel(baseSpec({ slos: [{ name: 'api', sli: { requestAvailability: {} }, objective: 99.5, window: '7d', alerting: { page: { notify: [] }, ticket: { notify: [] }, minimumEvents: 42 } }] }) as unknown as ServiceSpec);
const slo = model.slos[0]!;
const fn = { name: slo.functionAlias, body: sliFunctionBody(slo) };

for (const alert of slo.alerts) {
  test(`${alert.kind}: binds against the SLI function with 0 errors`, () => {
    const q = burnRateAlertQuery(slo, alert);
    assert.equal(checkKql(q, 'workspace', [fn]).problems.filter((p) => p.severity === 'error'), [], q);
  });
}

test('page: reads 6 hours, checks 1h/5m at 14.4 and 6h/30m at 6, each guarded by the long window traffic', () => {
  const q = burnRateAlertQuery(slo, slo.alerts.find((a) => a.kind === 'page')!);
  assert.match(q, /^let objective = 99\.5;\nlet minimumEvents = 42;\ncheckout_api\(\)\n\| where TimeGenerated > ago\(6h\)/);
  // At 99.5 %: burn >= 14.4 is bad/total >= 0.072 = 9/125; burn >= 6 is bad/total >= 0.03 = 3/100.
  assert.match(q, /\(Total1h >= minimumEvents and Total5m > 0\n\s+and \(Total1h - Good1h\) \* 125\.0 >= Total1h \* 9\.0\n\s+and \(Total5m - Good5m\) \* 125\.0 >= Total5m \* 9\.0\)/);
  assert.match(q, /or \(Total6h >= minimumEvents and Total30m > 0\n\s+and \(Total6h - Good6h\) \* 100\.0 >= Total6h \* 3\.0\n\s+and \(Total30m - Good30m\) \* 100\.0 >= Total30m \* 3\.0\)/);
});

test('ticket: reads 2 days, checks 1d/2h at 3 and 2d/4h at 1.5', () => {
  const q = burnRateAlertQuery(slo, slo.alerts.find((a) => a.kind === 'ticket')!);
  assert.match(q, /ago\(2d\)\n/);
  assert.match(q, /\(Total1d >= minimumEvents and Total2h > 0\n\s+and \(Total1d - Good1d\) \* 200\.0 >= Total1d \* 3\.0\n/);
  assert.match(q, /\(Total2d >= minimumEvents and Total4h > 0\n\s+and \(Total2d - Good2d\) \* 400\.0 >= Total2d \* 3\.0\n/);
});

test('"at or above" holds exactly at the boundary: one bad event fewer is below, for objectives 98 … 99.99 and every burn rate', () => {
  // Kusto's real is an IEEE double, as JavaScript's number: the query's comparison evaluated here is the one Kusto makes.
  const holds = (bad: number, total: number, s: { badScale: number; totalScale: number }) => total > 0 && bad * s.badScale >= total * s.totalScale;
  const naive = (bad: number, total: number, objective: number, burnRate: number) => (1.0 - (total - bad) / total) / (1.0 - objective / 100.0) >= burnRate;
  let naiveMissed = 0;
  for (const objective of [98, 99, 99.5, 99.9, 99.95, 99.99]) {
    for (const burnRate of [14.4, 6, 3, 1.5]) {
      const s = burnRateThreshold(objective, burnRate);
      for (const multiple of [1, 7, 1000, 123457]) {
        // The smallest traffic with a whole number of bad events exactly at the burn rate, and multiples of it.
        const total = s.badScale * multiple;
        const bad = s.totalScale * multiple;
        assert.ok(holds(bad, total, s), `${bad} bad of ${total} at ${objective} % burns at exactly ${burnRate}`);
        assert.not.ok(holds(bad - 1, total, s), `${bad - 1} bad of ${total} at ${objective} % is below ${burnRate}`);
        assert.ok(holds(bad + 1, total, s));
        if (!naive(bad, total, objective, burnRate)) naiveMissed++;
      }
    }
  }
  // The floating-point form misses boundaries (6 bad of 50 at 98 % computes 5.999999999999995 against 6).
  assert.not.ok(naive(6, 50, 98, 6));
  assert.ok(holds(6, 50, burnRateThreshold(98, 6)));
  assert.ok(naiveMissed > 0, 'the float form misses some of these boundaries');
});

test('thresholds come from the decimal digits: 99.95 % at 14.4 is bad × 1250 ≥ total × 9', () => {
  assert.equal(burnRateThreshold(99.95, 14.4), { badScale: 1250, totalScale: 9 });
  assert.equal(burnRateThreshold(98, 6), { badScale: 25, totalScale: 3 });
  assert.throws(() => burnRateThreshold(100, 1), /no error budget/);
  // More digits than an exact comparison can carry: the rounded threshold, bad >= total × B × (100 − objective) / 100.
  assert.equal(burnRateThreshold(99.99999999, 14.4), { badScale: 1, totalScale: (14.4 * (100 - 99.99999999)) / 100 });
  assert.equal(burnRateThreshold(1e-300, 14.4), { badScale: 1, totalScale: (14.4 * 100) / 100 });
});

test('burn rate = error rate / (1 - objective): the formula in the query', () => {
  const q = burnRateAlertQuery(slo, slo.alerts[0]!);
  assert.match(q, /BurnRate5m = iff\(Total5m > 0, \(1\.0 - todouble\(Good5m\) \/ Total5m\) \/ \(1\.0 - objective \/ 100\.0\), 0\.0\)/);
});

test.run();
