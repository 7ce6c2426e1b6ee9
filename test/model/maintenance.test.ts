/** Maintenance windows in the model: instants with offsets, IANA zones → Windows ids (CLDR), occurrences across DST. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { occurrences, parseInstant, scheduleOf, utcText, windowsTimeZone } from '../../src/model/maintenance.js';

test('an instant with an offset is the UTC instant it names; a date that does not exist is none', () => {
  assert.is(utcText(parseInstant('2027-03-13T22:00:00+01:00')!), '2027-03-13T21:00:00');
  assert.is(utcText(parseInstant('2027-03-13T22:00-05:30')!), '2027-03-14T03:30:00');
  assert.is(utcText(parseInstant('2027-03-13T22:00:00Z')!), '2027-03-13T22:00:00');
  assert.is(parseInstant('2027-02-29T00:00:00Z'), undefined);
  assert.is(parseInstant('2027-03-13 22:00:00Z'), undefined);
  assert.is(parseInstant('2027-03-13T24:00:00Z'), undefined);
});

test('IANA zones map to the Windows ids alert processing rules take, aliases through their canonical id', () => {
  assert.is(windowsTimeZone('Europe/Amsterdam'), 'W. Europe Standard Time');
  assert.is(windowsTimeZone('America/New_York'), 'Eastern Standard Time');
  // CLDR keeps Asia/Calcutta; ICU resolves the current name to it.
  assert.is(windowsTimeZone('Asia/Kolkata'), 'India Standard Time');
  assert.is(windowsTimeZone('UTC'), 'UTC');
  assert.is(windowsTimeZone('Etc/UTC'), 'UTC');
  assert.is(windowsTimeZone('Europe/Amsterdm'), undefined);
  // A real zone CLDR maps to no Windows zone.
  assert.is(windowsTimeZone('Antarctica/Troll'), undefined);
});

test('a weekly window in Europe/Amsterdam starts at 01:00 UTC in winter and 00:00 UTC in summer', () => {
  const s = scheduleOf({ weekly: { days: ['Sun'], start: '02:00', duration: '1h' }, timeZone: 'Europe/Amsterdam' })!;
  const winter = occurrences(s, Date.UTC(2027, 0, 1), Date.UTC(2027, 0, 8)).filter((o) => o.startMs >= Date.UTC(2027, 0, 1));
  assert.equal(winter.map((o) => [utcText(o.startMs), utcText(o.endMs)]), [['2027-01-03T01:00:00', '2027-01-03T02:00:00']]);
  const summer = occurrences(s, Date.UTC(2027, 6, 1), Date.UTC(2027, 6, 8)).filter((o) => o.startMs >= Date.UTC(2027, 6, 1));
  assert.equal(summer.map((o) => utcText(o.startMs)), ['2027-07-04T00:00:00']);
});

test('a monthly window occurs on its day of the month only; a month without the day has none', () => {
  const s = scheduleOf({ monthly: { day: 31, start: '03:00', duration: '1h' }, timeZone: 'UTC' })!;
  const starts = occurrences(s, Date.UTC(2027, 0, 1), Date.UTC(2027, 4, 1)).filter((o) => o.startMs >= Date.UTC(2027, 0, 1)).map((o) => utcText(o.startMs));
  assert.equal(starts, ['2027-01-31T03:00:00', '2027-03-31T03:00:00']);
});

test('a schedule that is neither one-off nor one recurrence is none (validation reports it)', () => {
  assert.is(scheduleOf({}), undefined);
  assert.is(scheduleOf({ from: '2027-01-01T00:00:00Z' }), undefined);
  assert.is(scheduleOf({ weekly: { days: ['Sun'], start: '02:00', duration: '1h' } }), undefined);
  assert.is(scheduleOf({ from: '2027-01-01T00:00:00Z', until: '2027-01-01T01:00:00Z', weekly: { days: ['Sun'], start: '02:00', duration: '1h' }, timeZone: 'UTC' }), undefined);
});

test.run();
