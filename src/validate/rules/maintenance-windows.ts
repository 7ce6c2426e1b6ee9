import { humanDuration, parseDuration } from '../../base/durations.js';
import { closestMatch } from '../../base/edit-distance.js';
import { canonicalTimeZone, clockSeconds, knownTimeZones, occurrences, occurrenceSeconds, parseInstant, scheduleOf, utcText, windowsTimeZone, type MaintenanceSchedule } from '../../model/maintenance.js';
import { slug } from '../../model/names.js';
import { CALENDAR_PERIODS } from '../../model/windows.js';
import type { Rule } from './context.js';

const DAY_MS = 86_400_000;

/**
 * `maintenance:` (docs/maintenance.md). Errors (AZSLO067): a schedule that is not exactly one-off or recurring, a
 * one-off window without both ends, with a time zone, on a date that does not exist or ending before it starts; a
 * recurring window without a time zone, in a zone that is unknown or that alert processing rules cannot take, of no
 * length or running past local midnight; SLO names the service does not declare; two windows of one name, or a name without a letter or digit. Warnings
 * (AZSLO068): a window longer than the whole error budget of an SLO it covers, and windows that overlap on an SLO.
 */
export const maintenanceWindows: Rule = {
  name: 'maintenance-windows',
  codes: ['AZSLO067', 'AZSLO068'],
  check(ctx) {
    const windows = ctx.spec.maintenance ?? [];
    const sloNames = (ctx.spec.slos ?? []).map((s) => s.name);
    const seen = new Set<string>();
    const valid: { index: number; name: string; schedule: MaintenanceSchedule; slos: readonly string[] }[] = [];
    windows.forEach((w, i) => {
      const at = (...path: (string | number)[]) => ctx.report(['maintenance', i, ...path]);
      const key = slug(w.name);
      let ok = key !== '';
      if (!ok) at('name').maintenanceNameless(w.name);
      else if (seen.has(key)) at('name').duplicateMaintenanceWindow(w.name);
      seen.add(key);
      if (w.slos !== undefined && w.slos !== 'all') {
        w.slos.forEach((name, k) => {
          if (sloNames.includes(name)) return;
          ok = false;
          at('slos', k).maintenanceUnknownSlo(name, closestMatch(name, sloNames), sloNames);
        });
      }
      const s = w.schedule;
      const once = s.from !== undefined || s.until !== undefined;
      const shapes = [once, s.weekly !== undefined, s.monthly !== undefined].filter(Boolean).length;
      if (shapes !== 1) {
        ctx.report(['maintenance', i, 'schedule'], 'key').maintenanceScheduleShape();
        return;
      }
      if (once) {
        if (s.timeZone !== undefined) ctx.report(['maintenance', i, 'schedule', 'timeZone'], 'key').maintenanceTimeZoneOnOneOff();
        if (s.from === undefined || s.until === undefined) {
          ctx.report(['maintenance', i, 'schedule'], 'key').maintenanceMissingBound(s.from === undefined ? 'from' : 'until');
          return;
        }
        const from = parseInstant(s.from);
        const until = parseInstant(s.until);
        if (from === undefined) at('schedule', 'from').maintenanceNoSuchDate(s.from);
        if (until === undefined) at('schedule', 'until').maintenanceNoSuchDate(s.until);
        if (from === undefined || until === undefined) return;
        if (until <= from) {
          at('schedule', 'until').maintenanceEndsBeforeStart(s.from, s.until);
          return;
        }
        if (s.timeZone !== undefined) return;
      } else {
        const kind = s.weekly ? 'weekly' : 'monthly';
        const r = (s.weekly ?? s.monthly)!;
        if (s.timeZone === undefined) {
          ctx.report(['maintenance', i, 'schedule'], 'key').maintenanceTimeZoneRequired(kind);
          ok = false;
        } else if (canonicalTimeZone(s.timeZone) === undefined) {
          at('schedule', 'timeZone').maintenanceUnknownTimeZone(s.timeZone, closestMatch(s.timeZone, knownTimeZones()));
          ok = false;
        } else if (windowsTimeZone(s.timeZone) === undefined) {
          at('schedule', 'timeZone').maintenanceZoneWithoutWindowsId(s.timeZone);
          ok = false;
        }
        // A malformed duration is the schema's (AZSLO015).
        const duration = parseDuration(r.duration);
        if (duration === undefined) return;
        if (duration === 0) {
          at('schedule', kind, 'duration').maintenanceZeroDuration();
          return;
        }
        if (clockSeconds(r.start) + duration > 86_400) {
          at('schedule', kind, 'duration').maintenancePastMidnight(r.start, r.duration);
          return;
        }
      }
      const schedule = scheduleOf(s);
      if (!ok || !schedule) return;
      valid.push({ index: i, name: w.name, schedule, slos: w.slos === undefined || w.slos === 'all' ? sloNames : w.slos });
    });

    // Warnings, on windows without errors only.
    for (const w of valid) {
      const length = occurrenceSeconds(w.schedule);
      for (const slo of ctx.spec.slos ?? []) {
        if (!w.slos.includes(slo.name)) continue;
        // A calendar window's budget in its shortest period: the window must fit the tightest month.
        const windowSeconds = typeof slo.window === 'string' ? parseDuration(slo.window) : CALENDAR_PERIODS[slo.window.calendar] ? CALENDAR_PERIODS[slo.window.calendar].minDays * 86_400 : undefined;
        if (windowSeconds === undefined) continue;
        const budget = windowSeconds * (1 - slo.objective / 100);
        if (length > budget) {
          ctx.report(['maintenance', w.index, 'name']).maintenanceLongerThanBudget(w.name, slo.name, humanDuration(length), humanDuration(budget), windows[w.index]!.correct === true);
        }
      }
    }
    for (let a = 0; a < valid.length; a++) {
      for (let b = a + 1; b < valid.length; b++) {
        const [x, y] = [valid[a]!, valid[b]!];
        if (!x.slos.some((s) => y.slos.includes(s))) continue;
        const when = overlap(x.schedule, y.schedule);
        if (when !== undefined) ctx.report(['maintenance', y.index, 'name']).maintenanceOverlap(y.name, x.name, `from ${utcText(when)}Z`);
      }
    }
  },
};

/**
 * When two windows first overlap, or undefined. A one-off window is compared with the other's occurrences around
 * it; two recurring windows over the two years from a fixed Monday (long enough for a day of the month to fall on
 * each day of the week), each in its own time zone.
 */
function overlap(a: MaintenanceSchedule, b: MaintenanceSchedule): number | undefined {
  let [from, until] = [Date.UTC(2027, 0, 4), Date.UTC(2027, 0, 4) + 2 * 366 * DAY_MS];
  const once = a.kind === 'once' ? a : b.kind === 'once' ? b : undefined;
  if (once) [from, until] = [once.fromMs - DAY_MS, once.untilMs + DAY_MS];
  const xs = occurrences(a, from, until);
  const ys = occurrences(b, from, until);
  let first: number | undefined;
  for (const x of xs) {
    for (const y of ys) {
      if (x.startMs < y.endMs && y.startMs < x.endMs) {
        const start = Math.max(x.startMs, y.startMs);
        if (first === undefined || start < first) first = start;
      }
    }
  }
  return first;
}
