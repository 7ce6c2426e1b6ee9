/**
 * azslo calendar windows as OpenSLO calendar time windows and back. OpenSLO gives a calendar window as a duration and
 * a start (local date and time in `calendar.timeZone`, layout "2006-01-02 15:04:05" as the reference SDK checks it);
 * azslo's periods start at local midnight of the 1st of a month, of a Monday, of the 1st of January, April, July or
 * October. Export writes a start that begins all three; import takes any start that begins the period.
 */
import type { CalendarPeriod } from '../model/spec.js';

/** The OpenSLO duration of each azslo calendar period. */
export const PERIOD_DURATION: Readonly<Record<CalendarPeriod, string>> = { week: '1w', month: '1M', quarter: '1Q' };

/** A start that begins a week (a Monday), a month and a quarter at once, so one value serves every period. */
export const CALENDAR_START = '2024-01-01 00:00:00';

/** The durations import reads as each period: the export's own, and the same length in another unit. */
const PERIOD_OF_DURATION: Readonly<Record<string, CalendarPeriod>> = { '1w': 'week', '7d': 'week', '1M': 'month', '1Q': 'quarter', '3M': 'quarter' };

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** The date and time of an OpenSLO startTime, or undefined when it is not one (a 30 February included). */
export function parseStartTime(text: string): { year: number; month: number; day: number; time: string; weekday: number } | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, h, min, sec] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || h > 23 || min > 59 || sec > 59) return undefined;
  return { year, month, day, time: text.slice(11), weekday: date.getUTCDay() };
}

export type CalendarMapping = { readonly period: CalendarPeriod } | { readonly problem: 'duration' | 'startTime'; readonly message: string; readonly hint: string };

/** The azslo period of an OpenSLO calendar window, or which of its fields azslo cannot express and why. */
export function calendarPeriodOf(duration: string, startTime: string): CalendarMapping {
  const period = PERIOD_OF_DURATION[duration];
  if (period === undefined) {
    return { problem: 'duration', message: `a calendar window of ${duration} has no azslo form`, hint: 'azslo calendar windows are a week (1w), a month (1M) or a quarter (1Q).' };
  }
  const start = parseStartTime(startTime);
  const begins = start !== undefined && start.time === '00:00:00' && (period === 'week' ? start.weekday === 1 : start.day === 1 && (period === 'month' || (start.month - 1) % 3 === 0));
  if (!begins) {
    const what = period === 'week' ? 'a Monday' : period === 'month' ? 'the 1st of a month' : 'the 1st of January, April, July or October';
    return {
      problem: 'startTime',
      message: `the calendar window starts at ${startTime}, which is not midnight of ${what}`,
      hint: `azslo ${period}s start at local midnight of ${what} (in calendar.timeZone): give e.g. startTime: "${CALENDAR_START}".`,
    };
  }
  return { period };
}
