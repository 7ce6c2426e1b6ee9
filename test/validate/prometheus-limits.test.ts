/**
 * What a Prometheus SLO may combine with: rolling budgets up to 32 days, silencing maintenance windows, window sets
 * within a rule group's limits. The refusals themselves are the AZSLO074/075 fixtures (diagnostics.test.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { baseSpec, MONITOR_WORKSPACE, validateSpec } from '../helpers/specs.js';

const azure = { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE };
const prometheus = { errors: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))', total: 'sum(rate(http_requests_total[{{.window}}]))' };
const log = { name: 'api', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] } } };
const ingress = (more: object = {}) => ({ name: 'ingress', sli: { prometheus }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } }, ...more });
const codes = (spec: object) => validateSpec(spec).diagnostics.map((d) => `${d.code} ${d.message}`);

test('budget alerts on a rolling window of up to 32 days, with many thresholds, are valid; no Logs retention warning for them', () => {
  for (const window of ['7d', '30d', '32d']) {
    const budget = { remainingBelow: [90, 75, 50, 25, 10], exhausted: true, notify: ['oncall'] };
    assert.equal(codes(baseSpec({ azure, slos: [ingress({ window, alerting: { page: { notify: ['oncall'] }, budget } })] })), [], window);
  }
});

test('a budget of 33 days is one day too long; a calendar week is refused although it is short', () => {
  const budget = { exhausted: true, notify: ['oncall'] };
  assert.match(codes(baseSpec({ azure, slos: [ingress({ window: '33d', alerting: { budget } })] })).join('\n'), /AZSLO074 .*33-day window .* at most 32 days/);
  assert.match(codes(baseSpec({ azure, slos: [ingress({ window: { calendar: 'week' }, alerting: { budget } })] })).join('\n'), /AZSLO074 .*calendar week \(UTC\) began/);
});

test('a maintenance window that only silences may cover a Prometheus SLO; one that corrects only log SLOs beside it is fine', () => {
  const schedule = { weekly: { days: ['Sun'], start: '02:00', duration: '30m' }, timeZone: 'UTC' };
  const spec = baseSpec({ azure, slos: [log, ingress()], maintenance: [{ name: 'silence', schedule }, { name: 'fix', schedule: { ...schedule, weekly: { ...schedule.weekly, days: ['Sat'] } }, slos: ['api'], correct: true }] });
  assert.equal(codes(spec), []);
  const all = baseSpec({ azure, slos: [log, ingress()], maintenance: [{ name: 'fix', schedule, correct: true }] });
  assert.equal(codes(all).filter((c) => c.startsWith('AZSLO074')), ["AZSLO074 maintenance window 'fix' corrects SLO 'ingress', whose SLI is PromQL: a range selector reads every sample of its range and cannot leave the window out"]);
});

test('a window set only Prometheus SLOs use may reach 32 days; once a log SLO uses it too, two days', () => {
  const windowSets = { long: { page: { evaluationFrequency: 'PT5M', pairs: [{ long: '1h', short: '5m', burnRate: 14.4 }] }, ticket: { evaluationFrequency: 'PT5M', pairs: [{ long: '7d', short: '12h', burnRate: 1 }] } } };
  assert.equal(codes(baseSpec({ azure, windowSets, slos: [log, ingress({ alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] }, windows: 'long' } })] })), []);
  const shared = codes(baseSpec({ azure, windowSets, alertingDefaults: { windows: 'long' }, slos: [{ ...log, alerting: { ticket: { notify: ['oncall'] } } }, ingress()] }));
  assert.equal(shared, ["AZSLO063 window set 'long': the ticket pair's long window '7d' is longer than a log search alert reads (48 h)"]);
});

test('alertingDefaults.windows reaches a Prometheus SLO: its interval and tiers are checked for it', () => {
  const windowSets = { split: { page: { evaluationFrequency: 'PT1M', pairs: [{ long: '1h', short: '5m', burnRate: 14.4 }] }, ticket: { evaluationFrequency: 'PT15M', pairs: [{ long: '1d', short: '2h', burnRate: 3 }] } } };
  const r = codes(baseSpec({ azure, windowSets, alertingDefaults: { windows: 'split' }, slos: [ingress()] }));
  assert.equal(r, ["AZSLO075 window set 'split': the page tier runs every PT1M and the ticket tier every PT15M, but the page and ticket rules of Prometheus SLO 'ingress' are one rule group, which has one interval"]);
});

test.run();
