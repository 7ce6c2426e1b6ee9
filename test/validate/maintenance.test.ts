/** Validation of maintenance windows (docs/maintenance.md): AZSLO067 errors, AZSLO068 warnings, and what passes. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { baseSpec, validateSpec, validateText } from '../helpers/specs.js';
import { root } from '../helpers/bicep.js';

const weekly = (days: string[], start: string, duration: string, timeZone = 'UTC') => ({ weekly: { days, start, duration }, timeZone });
const found = (...maintenance: unknown[]) =>
  validateSpec(baseSpec({ maintenance })).diagnostics.map((d) => `${d.code} ${d.severity} ${d.path}: ${d.message}`);

test('the example validates without a diagnostic', () => {
  const r = validateText(readFileSync(path.join(root, 'examples/maintenance/maintenance.yaml'), 'utf8'));
  assert.equal(r.diagnostics, []);
});

test('aliases and every CLDR zone pass; a zone with no Windows id, and a typo with its closest name, do not', () => {
  assert.equal(found({ name: 'a', schedule: weekly(['Sun'], '02:00', '30m', 'Asia/Kolkata') }, { name: 'b', schedule: weekly(['Sat'], '02:00', '30m', 'America/Argentina/Buenos_Aires') }), []);
  assert.equal(found({ name: 'a', schedule: weekly(['Sun'], '02:00', '30m', 'Antarctica/Troll') }), [
    "AZSLO067 error maintenance[0].schedule.timeZone: 'Antarctica/Troll' has no Windows time zone, which alert processing rules need (CLDR maps none to it)",
  ]);
  assert.equal(found({ name: 'a', schedule: weekly(['Sun'], '02:00', '30m', 'America/NewYork') }), ["AZSLO067 error maintenance[0].schedule.timeZone: 'America/NewYork' is not an IANA time zone; did you mean 'America/New_York'?"]);
});

test('a schedule is exactly one of one-off, weekly, monthly; a one-off window has both ends and no time zone', () => {
  assert.equal(found({ name: 'a', schedule: { from: '2027-01-01T00:00:00Z', until: '2027-01-01T01:00:00Z', ...weekly(['Sun'], '02:00', '1h') } }), [
    'AZSLO067 error maintenance[0].schedule: a maintenance window is one-off (from and until) or recurring (weekly or monthly): give exactly one of them',
  ]);
  assert.equal(found({ name: 'a', schedule: { from: '2027-01-01T00:00:00Z' } }), ['AZSLO067 error maintenance[0].schedule: a one-off maintenance window needs both from and until; until is missing']);
  assert.equal(found({ name: 'a', schedule: { from: '2027-01-01T00:00:00Z', until: '2027-01-01T01:00:00Z', timeZone: 'UTC' } }), [
    'AZSLO067 error maintenance[0].schedule.timeZone: a one-off maintenance window takes no timeZone: from and until carry their own offsets',
  ]);
  // Same instant written with two offsets: it ends when it starts.
  assert.equal(found({ name: 'a', schedule: { from: '2027-01-01T01:00:00+01:00', until: '2027-01-01T00:00:00Z' } }), [
    "AZSLO067 error maintenance[0].schedule.until: the window ends ('2027-01-01T00:00:00Z') before or when it starts ('2027-01-01T01:00:00+01:00')",
  ]);
});

test('a recurring window lasts longer than 0 and ends by local midnight (24:00 itself is fine)', () => {
  const errors = (...m: unknown[]) => found(...m).filter((d) => d.split(' ')[1] === 'error');
  assert.equal(errors({ name: 'a', schedule: weekly(['Sun'], '22:00', '2h') }), []);
  assert.equal(errors({ name: 'a', schedule: weekly(['Sun'], '22:00', '2h1m') }), [
    "AZSLO067 error maintenance[0].schedule.weekly.duration: a recurring window from '22:00' for '2h1m' would run past midnight: a recurring window ends on the local day it starts",
  ]);
  assert.equal(found({ name: 'a', schedule: weekly(['Sun'], '22:00', '0m') }), ['AZSLO067 error maintenance[0].schedule.weekly.duration: a maintenance window must last longer than 0']);
});

test('a window name needs a letter or digit: it names the processing rule', () => {
  assert.equal(found({ name: '!!!', schedule: weekly(['Sun'], '02:00', '10m') }), ["AZSLO067 error maintenance[0].name: maintenance window name '!!!' has no letter or digit to name its alert processing rule with"]);
});

test('two windows of one name (as Azure names) are an error', () => {
  assert.equal(found({ name: 'Patch Night', schedule: weekly(['Sun'], '02:00', '10m') }, { name: 'patch-night', schedule: weekly(['Mon'], '02:00', '10m') }), [
    "AZSLO067 error maintenance[1].name: a maintenance window named 'patch-night' is declared twice (names are compared as Azure resource names)",
  ]);
});

test('overlaps: a weekly and a monthly window in different zones meet on the days they share; disjoint SLOs never overlap', () => {
  const spec = (slos2: string[] | 'all') =>
    baseSpec({
      slos: [
        { name: 'a', sli: { requestAvailability: {} }, objective: 99, window: '30d' },
        { name: 'b', sli: { requestAvailability: {} }, objective: 99, window: '30d' },
      ],
      maintenance: [
        { name: 'weekly', schedule: weekly(['Wed'], '01:00', '2h', 'Europe/Amsterdam'), slos: ['a'] },
        { name: 'monthly', schedule: { monthly: { day: 13, start: '00:30', duration: '1h' }, timeZone: 'UTC' }, slos: slos2 },
      ],
    });
  const warnings = (slos2: string[] | 'all') => validateSpec(spec(slos2)).diagnostics.map((d) => `${d.code} ${d.message}`);
  // Wednesday 13 January 2027, 01:00–03:00 in Amsterdam is 00:00–02:00 UTC; the monthly window is 00:30–01:30 UTC.
  assert.equal(warnings('all'), ["AZSLO068 maintenance windows 'monthly' and 'weekly' overlap (from 2027-01-13T00:30:00Z) on the same SLOs"]);
  assert.equal(warnings(['b']), []);
});

test('a window longer than the whole error budget of an SLO it covers is a warning; a shorter one is not', () => {
  // 99.9 % over 30 days: 43 min 12 s of budget.
  assert.equal(found({ name: 'a', schedule: { from: '2027-01-01T00:00:00Z', until: '2027-01-01T00:43:00Z' } }), []);
  assert.equal(found({ name: 'a', schedule: { from: '2027-01-01T00:00:00Z', until: '2027-01-01T00:44:00Z' } }), [
    "AZSLO068 warning maintenance[0].name: maintenance window 'a' lasts 44 min, longer than the whole error budget of SLO 'api-availability' (43 min 12 s): an outage inside it could spend the budget with no one notified",
  ]);
});

test.run();
