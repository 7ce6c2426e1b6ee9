/** KPI queries: business hours, day-over-day drop, anomaly and no-data logic, bound and with their windows asserted. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { anomalySeasonalityProblem, anomalySeriesSeconds, kpiAlertQuery, kpiFunctionBody } from '../../src/kql/business.js';
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

test('anomaly (decompose): 30-minute bins over 47 hours, a daily period of 48 bins given (never autodetected), high sensitivity 1.5, both directions', () => {
  const text = q(orders, 'anomaly-1');
  assert.match(text, /let step = 30m;/);
  assert.match(text, /let seriesStart = seriesEnd - 47h;/);
  assert.match(text, /series_decompose_anomalies\(Value, 1\.5, 48, "linefit"\)/);
  assert.match(text, /\| where Anomaly != 0$/);
});

test('anomaly (decompose): the series starts inside the two days a log search alert reads, and holds a day before its latest bin', () => {
  const lookback = 48 * 3600;
  const allowance = 5 * 60;
  for (const bin of [60, 300, 600, 900, 1800, 2700, 3600]) {
    const span = anomalySeriesSeconds(bin);
    assert.is(span % bin, 0, `whole ${bin}s bins`);
    // The series ends at the last whole bin before the allowance, up to a bin before it: the start stays inside.
    assert.ok(allowance + bin + span <= lookback, `${bin}s bins: ${span}s of series`);
    assert.ok(allowance + 2 * bin + span > lookback, `${bin}s bins: the longest such series`);
    assert.ok(span >= 86400 + bin, 'the latest bin has the same bin a day earlier');
    // series_periods_detect finds periods of at most half the series: autodetection could never find the day.
    assert.ok(86400 > span / 2);
    assert.is(anomalySeasonalityProblem({ binSeconds: bin, periodSeconds: 86400 }), undefined);
  }
  assert.is(anomalySeriesSeconds(900), 47.5 * 3600);
  assert.is(anomalySeriesSeconds(3600), 46 * 3600);
  assert.match(kpiAlertQuery(orders, { ...(orders.alerts.find((a) => a.id === 'anomaly-1') as KpiAlertModel), binSeconds: 3600 } as KpiAlertModel), /seriesEnd - 46h;[\s\S]*series_decompose_anomalies\(Value, 1\.5, 24, "linefit"\)/);
});

test('anomaly (decompose): a period must be whole bins, at least 4 of them, and fit once before the latest bin', () => {
  assert.equal(anomalySeasonalityProblem({ binSeconds: 2700, periodSeconds: 3600 })?.kind, 'notWholeBins');
  assert.equal(anomalySeasonalityProblem({ binSeconds: 1800, periodSeconds: 3600 })?.kind, 'tooFewBins');
  assert.is(anomalySeasonalityProblem({ binSeconds: 900, periodSeconds: 3600 }), undefined, 'an hourly pattern in 15-minute bins');
  assert.equal(anomalySeasonalityProblem({ binSeconds: 3600, periodSeconds: 7 * 86400 })?.kind, 'longerThanSeries');
  assert.equal(anomalySeasonalityProblem({ binSeconds: 3600, periodSeconds: 46 * 3600 })?.kind, 'longerThanSeries', '46 h of hourly bins hold no 46 h period before the latest bin');
  assert.is(anomalySeasonalityProblem({ binSeconds: 3600, periodSeconds: 45 * 3600 }), undefined);
});

test('anomaly (decompose) with an hourly period: 4 bins of 15 minutes', () => {
  const hourly = buildBusiness({ metadata: { name: 'shop' }, business: { signals: [{ name: 'jobs', source: { event: 'JobDone' }, alerts: [{ kind: 'anomaly', bin: '15m', period: '1h' }] }] } } as unknown as ServiceSpec);
  const [jobs] = hourly.signals as [SignalModel];
  const text = kpiAlertQuery(jobs, jobs.alerts[0]!);
  assert.match(text, /series_decompose_anomalies\(Value, 2\.5, 4, "linefit"\)/);
  assert.equal(checkKql(text, 'workspace', [{ name: jobs.functionAlias, body: kpiFunctionBody(jobs) }], hourly.tables).problems.filter((p) => p.severity === 'error'), []);
});

test('anomaly (dynamic threshold): the query just hands Azure the values', () => {
  assert.is(q(orders, 'anomaly-2'), 'shop_kpi_orders()\n| project TimeGenerated, Value');
});

test('a query source weighs rows by its Value column, or 1', () => {
  assert.match(kpiFunctionBody(late), /column_ifexists\("Value", 1\.0\)/);
  assert.match(q(late, 'threshold'), /\| where Value > 3\.0\n/);
});

test.run();
