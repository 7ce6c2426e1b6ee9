import type { CalendarPeriod } from '../model/spec.js';
import { kqlString } from './escape.js';

/** The start of a calendar period of a local time `t` (a KQL expression), in the same local time. */
const startOf: Readonly<Record<CalendarPeriod, (t: string) => string>> = {
  month: (t) => `startofmonth(${t})`,
  // Kusto's weeks start on Sunday; an ISO week starts on Monday: the Sunday-week of the day before, one day later.
  week: (t) => `startofweek(${t} - 1d) + 1d`,
  quarter: (t) => `startofmonth(${t}, -((getmonth(${t}) - 1) % 3))`,
};

/**
 * The start of the current calendar period as a KQL datetime in UTC: the period starts at local midnight in the time
 * zone (datetime_utc_to_local, then back with datetime_local_to_utc), or at UTC midnight for UTC without conversion.
 * The query reads the clock (now()) when it runs; the generated text holds none.
 */
export function periodStartKql(period: CalendarPeriod, timeZone: string): string {
  if (timeZone === 'UTC') return startOf[period]('now()');
  const zone = kqlString(timeZone);
  return `datetime_local_to_utc(${startOf[period](`datetime_utc_to_local(now(), ${zone})`)}, ${zone})`;
}
