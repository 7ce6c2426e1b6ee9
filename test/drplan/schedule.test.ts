import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { drillDue, nextDrill, windowCron } from '../../src/drplan/schedule.js';

// Periods of 90 days from 1970-01-01T00:00Z: one starts on Sunday 2026-03-08 00:00, the next on Saturday 2026-06-06.
const tuesday = { day: 'Tue', start: '02:00' } as const;
const at = (iso: string) => new Date(iso);

test('a plan is due in the first window on or after the start of a period', () => {
  assert.is(drillDue('90d', tuesday, at('2026-03-10T02:00:00Z')), true);
  assert.is(drillDue('90d', tuesday, at('2026-03-03T02:00:00Z')), false, 'the Tuesday before the period starts');
  assert.is(nextDrill('90d', tuesday, at('2026-01-01T00:00:00Z')).toISOString(), '2026-03-10T02:00:00.000Z');
});

test('the week after a due window starts belongs to it, the minute before does not', () => {
  assert.is(drillDue('90d', tuesday, at('2026-03-10T01:59:59Z')), false);
  assert.is(drillDue('90d', tuesday, at('2026-03-16T23:59:59Z')), true, 'a delayed or re-run job in the same week');
  assert.is(drillDue('90d', tuesday, at('2026-03-17T02:00:00Z')), false, 'the next Tuesday is not due');
});

test('the next drill is the due window itself at its start, then the one of the next period', () => {
  assert.is(nextDrill('90d', tuesday, at('2026-03-10T02:00:00Z')).toISOString(), '2026-03-10T02:00:00.000Z');
  assert.is(nextDrill('90d', tuesday, at('2026-03-10T02:00:01Z')).toISOString(), '2026-06-09T02:00:00.000Z');
});

test('a window that starts exactly where a period starts is that period\'s', () => {
  const sunday = { day: 'Sun', start: '00:00' } as const;
  assert.is(drillDue('90d', sunday, at('2026-03-08T00:00:00Z')), true);
  assert.is(drillDue('90d', sunday, at('2026-03-07T23:59:59Z')), false, 'still the window of 2026-03-01');
  assert.is(nextDrill('90d', sunday, at('2026-03-07T12:00:00Z')).toISOString(), '2026-03-08T00:00:00.000Z');
});

test('a period of a week or less makes every window due; two weeks every other one', () => {
  for (const day of ['2026-03-03', '2026-03-10', '2026-03-17', '2026-03-24']) {
    assert.is(drillDue('1d', tuesday, at(`${day}T02:00:00Z`)), true, `1d on ${day}`);
    assert.is(drillDue('7d', tuesday, at(`${day}T02:00:00Z`)), true, `7d on ${day}`);
  }
  const fortnightly = ['2026-03-03', '2026-03-10', '2026-03-17', '2026-03-24'].map((d) => drillDue('14d', tuesday, at(`${d}T02:00:00Z`)));
  assert.equal(fortnightly.filter(Boolean).length, 2);
  assert.is.not(fortnightly[0], fortnightly[1]);
});

test('the answer depends on the clock alone: the same instant gives the same answer', () => {
  const now = at('2026-05-01T10:00:00Z');
  assert.is(nextDrill('30d', tuesday, now).getTime(), nextDrill('30d', tuesday, new Date(now.getTime())).getTime());
  assert.ok(drillDue('30d', tuesday, nextDrill('30d', tuesday, now)), 'the next drill is a due one');
});

test('the window as a cron line in UTC, Sunday 0', () => {
  assert.is(windowCron(tuesday), '0 2 * * 2');
  assert.is(windowCron({ day: 'Sun', start: '23:05' }), '5 23 * * 0');
  assert.is(windowCron({ day: 'Sat', start: '00:30' }), '30 0 * * 6');
});

test('a malformed period or start is refused with a RangeError, not a wrong answer', () => {
  assert.throws(() => drillDue('quarterly', tuesday, at('2026-03-10T02:00:00Z')), (e: unknown) => e instanceof RangeError);
  assert.throws(() => nextDrill('0d', tuesday, at('2026-03-10T02:00:00Z')), (e: unknown) => e instanceof RangeError);
  assert.throws(() => drillDue('90d', { day: 'Tue', start: '2:00' }, at('2026-03-10T02:00:00Z')), (e: unknown) => e instanceof RangeError);
});

test.run();
