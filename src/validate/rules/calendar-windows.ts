import { compareText } from '../../base/text.js';
import type { Rule } from './context.js';

/** Every IANA name the runtime's time zone data holds, canonical ones only (Europe/Berlin, not aliases). */
const canonical = (): readonly string[] => Intl.supportedValuesOf('timeZone');

/**
 * Whether a time zone name is one Kusto's datetime_utc_to_local and datetime_local_to_utc take: Kusto reads IANA
 * names (https://learn.microsoft.com/kusto/query/timezone); the IANA data of Node's ICU decides here, aliases
 * (US/Pacific) included. A name that ICU accepts only in other capitals is refused with the spelling it knows.
 */
export function timeZoneProblem(timeZone: string): { readonly suggestion: string | undefined } | undefined {
  if (timeZone === 'UTC') return undefined;
  const known = canonical();
  if (known.includes(timeZone)) return undefined;
  const sameLetters = known.find((z) => z.toLowerCase() === timeZone.toLowerCase());
  if (sameLetters) return { suggestion: sameLetters };
  try {
    // An alias (US/Pacific, Etc/UTC) that ICU resolves to a canonical zone.
    new Intl.DateTimeFormat('en-US', { timeZone });
    return undefined;
  } catch {
    const near = [...known].sort(compareText).find((z) => z.toLowerCase().endsWith(`/${timeZone.toLowerCase().split('/').pop()}`));
    return { suggestion: near };
  }
}

/** A calendar window's time zone is an IANA one Kusto converts with (AZSLO062). */
export const calendarWindows: Rule = {
  name: 'calendar-windows',
  codes: ['AZSLO062'],
  check(ctx) {
    ctx.spec.slos.forEach((slo, i) => {
      if (typeof slo.window === 'string' || slo.window.timeZone === undefined) return;
      const problem = timeZoneProblem(slo.window.timeZone);
      if (problem) ctx.report(['slos', i, 'window', 'timeZone'], 'value').unknownTimeZone(slo.window.timeZone, problem.suggestion);
    });
  },
};
