/** The burn-rate alert query: its windows, thresholds and traffic guard, bound against the SLI function. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { burnRateAlertQuery } from '../../src/kql/alert.js';
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
  assert.match(q, /\(Total1h >= minimumEvents and BurnRate1h >= 14\.4 and BurnRate5m >= 14\.4\)/);
  assert.match(q, /or \(Total6h >= minimumEvents and BurnRate6h >= 6\.0 and BurnRate30m >= 6\.0\)/);
});

test('ticket: reads 2 days, checks 1d/2h at 3 and 2d/4h at 1.5', () => {
  const q = burnRateAlertQuery(slo, slo.alerts.find((a) => a.kind === 'ticket')!);
  assert.match(q, /ago\(2d\)\n/);
  assert.match(q, /\(Total1d >= minimumEvents and BurnRate1d >= 3\.0 and BurnRate2h >= 3\.0\)/);
  assert.match(q, /\(Total2d >= minimumEvents and BurnRate2d >= 1\.5 and BurnRate4h >= 1\.5\)/);
});

test('burn rate = error rate / (1 - objective): the formula in the query', () => {
  const q = burnRateAlertQuery(slo, slo.alerts[0]!);
  assert.match(q, /BurnRate5m = iff\(Total5m > 0, \(1\.0 - todouble\(Good5m\) \/ Total5m\) \/ \(1\.0 - objective \/ 100\.0\), 0\.0\)/);
});

test.run();
