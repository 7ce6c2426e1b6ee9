/**
 * Calendar windows and window sets as validation sees them: the time zones Kusto takes, the limits of log search
 * alerts that a spec's own set is held to, window sets named where they exist, and alertingDefaults' targets.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { timeZoneProblem } from '../../src/validate/rules/calendar-windows.js';
import { baseSpec, validateSpec } from '../helpers/specs.js';

const codes = (spec: Record<string, unknown>) => validateSpec(baseSpec(spec)).diagnostics.map((d) => [d.code, d.path, d.severity]);
const slo = (extra: Record<string, unknown>) => ({ name: 'api', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', ...extra });

test('time zones: canonical IANA names, their aliases and UTC are taken; other capitals, cities alone and made-up zones are not', () => {
  for (const tz of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'US/Pacific', 'UTC', 'Etc/UTC']) assert.is(timeZoneProblem(tz), undefined, tz);
  assert.equal(timeZoneProblem('europe/berlin'), { suggestion: 'Europe/Berlin' });
  assert.equal(timeZoneProblem('Berlin'), { suggestion: 'Europe/Berlin' });
  assert.equal(timeZoneProblem('Mars/Olympus_Mons'), { suggestion: undefined });
  assert.equal(timeZoneProblem('CET+1'), { suggestion: undefined });
});

test('a calendar window of each period validates, with and without a time zone; a period the schema does not know is AZSLO003', () => {
  for (const window of [{ calendar: 'month', timeZone: 'Europe/Berlin' }, { calendar: 'week' }, { calendar: 'quarter', timeZone: 'America/New_York' }]) {
    assert.equal(codes({ slos: [slo({ window, alerting: { page: {}, ticket: {} } })] }), [], JSON.stringify(window));
  }
  assert.equal(codes({ slos: [slo({ window: { calendar: 'year' } })] }).map((c) => c[0]), ['AZSLO003']);
  assert.equal(codes({ slos: [slo({ window: { calendar: 'month', timeZone: 'Europe/Paris ' } })] }).map((c) => c[0]), ['AZSLO062'], 'no trailing space');
});

const set = (tier: Record<string, unknown>) => ({ windowSets: { own: { page: { evaluationFrequency: 'PT5M', pairs: [{ long: '1h', short: '5m', burnRate: 14.4 }], ...tier } } } });

test('a window set within the limits validates; its boundaries: a 2d long window, a frequency as long as the short window', () => {
  assert.equal(codes({ ...set({}), slos: [slo({ alerting: { page: {}, windows: 'own' } })] }), []);
  const atLimits = set({ evaluationFrequency: 'PT1H', pairs: [{ long: '2d', short: '1h', budgetPercent: 10 }] });
  assert.equal(codes({ ...atLimits, slos: [slo({ alerting: { page: {}, windows: 'own' } })] }), []);
  const over = set({ evaluationFrequency: 'PT1H', pairs: [{ long: '2d1m', short: '59m', burnRate: 1.5 }] });
  assert.equal(codes({ ...over, slos: [slo({ alerting: { page: {}, windows: 'own' } })] }), [
    ['AZSLO063', 'windowSets.own.page.evaluationFrequency', 'error'],
    ['AZSLO063', 'windowSets.own.page.pairs[0].long', 'error'],
  ]);
});

test("a set's pair standing for more than the budget is left out (AZSLO023); burn rates beyond 100 % errors never fire (AZSLO021)", () => {
  const big = set({ pairs: [{ long: '1h', short: '5m', burnRate: 14.4 }, { long: '2d', short: '4h', burnRate: 100 }] });
  assert.equal(codes({ ...big, slos: [slo({ window: '7d', alerting: { page: {}, windows: 'own' } })] }), [['AZSLO023', 'slos[0].alerting.page', 'warning']]);
  assert.equal(codes({ ...set({}), slos: [slo({ objective: 90, alerting: { page: {}, windows: 'own' } })] }), [['AZSLO021', 'slos[0].alerting.page', 'warning']]);
});

test('alertingDefaults: its targets are checked like any notify list, its window set must exist', () => {
  assert.equal(codes({ alertingDefaults: { page: { notify: ['nobody'] }, windows: 'none' }, slos: [slo({ alerting: { page: {} } })] }), [
    ['AZSLO012', 'alertingDefaults.page.notify[0]', 'error'],
    ['AZSLO064', 'alertingDefaults.windows', 'error'],
  ]);
  assert.equal(codes({ alertingDefaults: { page: { notify: ['oncall'], severity: 0 } }, slos: [slo({ alerting: { page: {} } })] }), []);
});

test.run();
