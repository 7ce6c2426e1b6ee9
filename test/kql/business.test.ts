/** KPI queries: business hours, day-over-day drop, anomaly and no-data logic, bound and with their windows asserted. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kpiAlertQuery, kpiFunctionBody } from '../../src/kql/business.js';
import { checkKql } from '../../src/kql/service.js';
import { buildBusiness, type KpiAlertModel, type SignalModel } from '../../src/model/business.js';
import type { ServiceSpec } from '../../src/model/spec.js';

const business = buildBusiness({
  metadata: { name: 'shop' },
  business: {
    tables: [{ name: 'Shipments_CL', columns: { DelayMinutes: 'real' } }],
    signals: [
      {
        name: 'orders',
        source: { event: 'OrderPlaced' },
        alerts: [
          { kind: 'threshold', below: 20, per: '15m', businessHours: { timeZone: 'Europe/Amsterdam', days: ['Mon', 'Sat'], from: '08:30', to: '20:00' } },
          { kind: 'drop', percent: 40, window: '1h', minimum: 50 },
          { kind: 'anomaly', sensitivity: 'high', direction: 'both', bin: '30m' },
          { kind: 'anomaly', method: 'dynamicThreshold', bin: '1h' },
          { kind: 'noData', for: '45m', businessHours: { timeZone: 'America/New_York', from: '09:00', to: '17:00' } },
        ],
      },
      { name: 'late', source: { query: 'Shipments_CL | where DelayMinutes > 60' }, alerts: [{ kind: 'threshold', above: 3, per: '1h' }] },
    ],
  },
} as unknown as ServiceSpec);

const [orders, late] = business.signals as [SignalModel, SignalModel];
const fn = (s: SignalModel) => ({ name: s.functionAlias, body: kpiFunctionBody(s) });
const q = (s: SignalModel, id: string) => kpiAlertQuery(s, s.alerts.find((a) => a.id === id) as KpiAlertModel);
const binds = (s: SignalModel, text: string) => assert.equal(checkKql(text, 'workspace', [fn(s)], business.tables).problems.filter((p) => p.severity === 'error'), [], text);

test('every KPI function and alert query binds, custom tables included', () => {
  for (const s of business.signals) {
    assert.equal(checkKql(kpiFunctionBody(s), 'workspace', [], business.tables).columns, ['TimeGenerated', 'Value']);
    for (const a of s.alerts) binds(s, kpiAlertQuery(s, a));
  }
});

test('threshold: the window is 15 minutes ending 5 minutes ago, and fires below 20', () => {
  const text = q(orders, 'threshold');
  assert.match(text, /^let windowEnd = ago\(5m\);\nlet windowStart = ago\(20m\);/);
  assert.match(text, /\| where Value < 20\.0\n/);
});

test('business hours: the whole window inside the declared days and hours, in the declared time zone', () => {
  const text = q(orders, 'threshold');
  assert.match(text, /let timeZone = "Europe\/Amsterdam";/);
  assert.match(text, /datetime_utc_to_local\(windowStart, timeZone\)/);
  assert.match(text, /startofday\(localStart\) == startofday\(localEnd\)/);
  assert.match(text, /toint\(dayofweek\(localStart\) \/ 1d\) in \(1, 6\)/, 'Monday is 1 and Saturday 6, as dayofweek counts from Sunday');
  assert.match(text, /\/ 1m >= 510\n/, '08:30 is minute 510');
  assert.match(text, /\/ 1m <= 1200;/, '20:00 is minute 1200');
  assert.match(text, /\| where inBusinessHours\n/);
  const nodata = q(orders, 'nodata');
  assert.match(nodata, /let windowStart = ago\(45m\);/);
  assert.match(nodata, /"America\/New_York"/);
  assert.match(nodata, /in \(1, 2, 3, 4, 5\)/, 'Monday to Friday by default');
});

test('drop: the last hour against the same hour a day earlier, at least 50 before, more than 40 % lower', () => {
  const text = q(orders, 'drop');
  assert.match(text, /let windowEnd = ago\(5m\);\nlet windowStart = ago\(65m\);\nlet offset = 1d;/);
  assert.match(text, /TimeGenerated between \(\(windowStart - offset\) \.\. \(windowEnd - offset\)\)/);
  assert.match(text, /\| where Previous >= 50\.0 and Current < Previous \* 0\.6\n/);
});

test('anomaly (decompose): 30-minute bins over the last 47 hours, high sensitivity 1.5, both directions', () => {
  const text = q(orders, 'anomaly-1');
  assert.match(text, /let step = 30m;/);
  assert.match(text, /let seriesStart = seriesEnd - 47h;/);
  assert.match(text, /series_decompose_anomalies\(Value, 1\.5, -1, "linefit"\)/);
  assert.match(text, /\| where Anomaly != 0$/);
});

test('anomaly (dynamic threshold): the query just hands Azure the values', () => {
  assert.is(q(orders, 'anomaly-2'), 'shop_kpi_orders()\n| project TimeGenerated, Value');
});

test('a query source weighs rows by its Value column, or 1', () => {
  assert.match(kpiFunctionBody(late), /column_ifexists\("Value", 1\.0\)/);
  assert.match(q(late, 'threshold'), /\| where Value > 3\.0\n/);
});

test.run();
