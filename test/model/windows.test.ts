/** Window sets: from the catalog for 7d, 28d and 30d; derived by the documented rule otherwise. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { budgetMinutes, customWindows, queryWindowFor, sloWindow, sloWindows, windowsFor } from '../../src/model/windows.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec, WindowTierSpec } from '../../src/model/spec.js';

test('30d page: 1h/5m at 14.4 and 6h/30m at 6, evaluated every 5 minutes over 6 hours', () => {
  const w = windowsFor(30, 'page');
  assert.equal(w.pairs.map((p) => [p.long, p.short, p.burnRate, p.budgetPercent]), [
    ['1h', '5m', 14.4, 2],
    ['6h', '30m', 6, 5],
  ]);
  assert.is(w.evaluationFrequency, 'PT5M');
  assert.is(w.queryWindow, 'PT6H');
  assert.is(w.origin, 'catalog/windows/30d.yaml');
});

test('30d ticket: the 3d/6h pair becomes 2d/4h at 1.5 (Azure scans at most two days)', () => {
  const w = windowsFor(30, 'ticket');
  assert.equal(w.pairs.map((p) => [p.long, p.short, p.burnRate, p.budgetPercent]), [
    ['1d', '2h', 3, 10],
    ['2d', '4h', 1.5, 10],
  ]);
  assert.is(w.queryWindow, 'P2D');
});

test('a 14d window derives from the 30d set: same windows and burn rates, budget share = burn × long / window', () => {
  const w = windowsFor(14, 'page');
  assert.match(w.origin, /derived/);
  assert.equal(w.pairs.map((p) => [p.long, p.burnRate, p.budgetPercent]), [
    ['1h', 14.4, 4.286],
    ['6h', 6, 10.714],
  ]);
  assert.equal(w.dropped, []);
});

test('pairs that would stand for more than the whole budget are dropped', () => {
  const page = windowsFor(1, 'page');
  assert.equal(page.pairs.map((p) => p.long), ['1h']);
  assert.equal(page.dropped.map((p) => [p.long, p.budgetPercent]), [['6h', 150]]);
  assert.equal(windowsFor(1, 'ticket').pairs, []);
  assert.equal(windowsFor(2, 'ticket').pairs, [], 'at 2d the 1d pair stands for 150 %');
  assert.equal(windowsFor(90, 'ticket').pairs.map((p) => p.budgetPercent), [3.333, 3.333]);
});

test('a calendar window: alerts on the nominal length (month 30d, week 7d, quarter 90d), budget over the shortest and longest period', () => {
  const month = sloWindow({ calendar: 'month', timeZone: 'Europe/Berlin' });
  assert.equal(month, { kind: 'calendar', period: 'month', timeZone: 'Europe/Berlin', days: 30, minDays: 28, maxDays: 31, text: 'each calendar month (Europe/Berlin)', label: 'month (Europe/Berlin)' });
  assert.is(sloWindow({ calendar: 'week' }).days, 7);
  assert.is(sloWindow({ calendar: 'week' }).kind === 'calendar' && sloWindow({ calendar: 'week' }).label, 'week (UTC)', 'UTC when no time zone is given');
  assert.is(sloWindow({ calendar: 'quarter' }).days, 90);
  // 0.1 % of 28 days is 40.32 minutes, of 31 days 44.64; a week is always 10.08; a quarter 90–92 days.
  assert.equal(budgetMinutes(99.9, month), { min: 40.32, max: 44.64 });
  assert.equal(budgetMinutes(99.9, sloWindow({ calendar: 'week' })), { min: 10.08, max: 10.08 });
  assert.equal(budgetMinutes(99.9, sloWindow({ calendar: 'quarter' })), { min: 129.6, max: 132.48 });
  assert.equal(budgetMinutes(99.9, sloWindow('30d')), { min: 43.2, max: 43.2 });
});

const tier = (t: Partial<WindowTierSpec>): WindowTierSpec => ({ evaluationFrequency: 'PT5M', pairs: [], ...t });

test('a custom tier: a burn rate gives the budget share, a budget share gives the burn rate, from the SLO window', () => {
  const w = customWindows('payroll', tier({ pairs: [{ long: '1h', short: '5m', burnRate: 10 }, { long: '6h', short: '30m', budgetPercent: 5 }] }), 30, 'page');
  assert.equal(w.pairs.map((p) => [p.long, p.short, p.burnRate, p.budgetPercent, p.longSeconds, p.shortSeconds]), [
    ['1h', '5m', 10, 1.389, 3600, 300],
    ['6h', '30m', 6, 5, 21600, 1800],
  ]);
  assert.is(w.queryWindow, 'PT6H', 'the smallest window size Azure accepts that holds the longest window');
  assert.is(w.evaluationFrequency, 'PT5M');
  assert.is(w.severity, 1, 'the catalog page tier severity when the set gives none');
  assert.is(w.minimumEvents, 30);
  assert.is(w.origin, "window set 'payroll' of the spec");
  // Over a quarter the same 5 % in 6 h is a faster burn: 0.05 × 2160 h / 6 h = 18.
  assert.equal(customWindows('payroll', tier({ pairs: [{ long: '6h', short: '30m', budgetPercent: 5 }] }), 90, 'page').pairs.map((p) => p.burnRate), [18]);
});

test('a custom tier: its own severity and minimum traffic, a 8h window in a P1D query, pairs beyond the budget dropped', () => {
  const w = customWindows('slow', tier({ evaluationFrequency: 'PT30M', severity: 2, minimumEvents: 5, pairs: [{ long: '8h', short: '40m', burnRate: 2 }, { long: '2d', short: '4h', burnRate: 30 }] }), 7, 'ticket');
  assert.is(w.severity, 2);
  assert.is(w.minimumEvents, 5);
  assert.is(w.queryWindow, 'P2D');
  assert.equal(w.pairs.map((p) => p.long), ['8h']);
  assert.equal(w.dropped.map((p) => [p.long, p.budgetPercent]), [['2d', 857.143]]);
  assert.is(queryWindowFor(8 * 3600), 'P1D');
  assert.is(queryWindowFor(49 * 3600), undefined, 'beyond two days no window size fits');
});

test('sloWindows: the named set, the catalog without one, no pairs for a tier the set lacks', () => {
  const sets = { fast: { page: tier({ pairs: [{ long: '30m', short: '5m', burnRate: 20 }] }) } };
  assert.is(sloWindows(sets, 'fast', 30, 'page').pairs[0]!.long, '30m');
  assert.is(sloWindows(sets, undefined, 30, 'page').origin, 'catalog/windows/30d.yaml');
  assert.equal(sloWindows(sets, 'fast', 30, 'ticket').pairs, []);
});

const service = (over: Partial<ServiceSpec>): ServiceSpec => ({
  apiVersion: 'azslo/v1',
  kind: 'Service',
  metadata: { name: 'payroll', owner: 'hr', environment: 'prod' },
  azure: { workspace: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law', appInsights: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Insights/components/ai', location: 'westeurope' },
  notifications: { oncall: { email: ['a@contoso.com'] }, tickets: { email: ['t@contoso.com'] }, boss: { email: ['b@contoso.com'] } },
  slos: [],
  ...over,
});

test('alertingDefaults: a tier inherits notify, severity and minimum traffic; the SLO tier and alerting.minimumEvents win', () => {
  const m = buildServiceModel(
    service({
      alertingDefaults: { page: { notify: ['oncall'], severity: 2, minimumEvents: 50 }, ticket: { notify: ['tickets'] } },
      slos: [
        { name: 'inherits', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { page: {}, ticket: {} } },
        { name: 'overrides', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { page: { notify: ['boss'], severity: 0, minimumEvents: 7 }, ticket: { severity: 4 }, minimumEvents: 200 } },
        { name: 'no-alerting', sli: { requestAvailability: {} }, objective: 99.9, window: '30d' },
      ],
    }),
  );
  const [inherits, overrides, none] = m.slos;
  assert.equal(inherits!.alerts.map((a) => [a.kind, a.notify, a.severity, a.minimumEvents]), [
    ['page', ['oncall'], 2, 50],
    ['ticket', ['tickets'], 3, 100],
  ]);
  assert.equal(overrides!.alerts.map((a) => [a.kind, a.notify, a.severity, a.minimumEvents]), [
    ['page', ['boss'], 0, 7],
    ['ticket', ['tickets'], 4, 200],
  ]);
  assert.equal(none!.alerts, [], 'defaults never create an alert the SLO does not declare');
});

test('alertingDefaults.windows: every SLO without alerting.windows uses that set; a calendar month uses the 30d catalog set', () => {
  const m = buildServiceModel(
    service({
      alertingDefaults: { windows: 'fast' },
      windowSets: { fast: { page: tier({ pairs: [{ long: '30m', short: '5m', burnRate: 20 }] }) }, slow: { page: tier({ evaluationFrequency: 'PT15M', pairs: [{ long: '12h', short: '1h', burnRate: 2 }] }) } },
      slos: [
        { name: 'a', sli: { requestAvailability: {} }, objective: 99.9, window: { calendar: 'month', timeZone: 'Europe/Berlin' }, alerting: { page: {} } },
        { name: 'b', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { page: {}, windows: 'slow' } },
      ],
    }),
  );
  assert.equal(m.slos.map((s) => s.alerts[0]!.windows.pairs.map((p) => p.long)), [['30m'], ['12h']]);
  assert.is(m.slos[0]!.windowDays, 30);
  assert.is(m.slos[0]!.window.kind, 'calendar');
  const plain = buildServiceModel(service({ slos: [{ name: 'c', sli: { requestAvailability: {} }, objective: 99.9, window: { calendar: 'month' }, alerting: { page: {} } }] }));
  assert.is(plain.slos[0]!.alerts[0]!.windows.origin, 'catalog/windows/30d.yaml', 'the nominal month is the 30-day SLO: same pace, same set');
});

test.run();
