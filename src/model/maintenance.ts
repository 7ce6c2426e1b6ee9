import { parseDuration } from '../base/durations.js';
import { fact } from '../catalog/index.js';
import { slug } from './names.js';
import type { MaintenanceWindowSpec, ServiceSpec, Weekday } from './spec.js';

/**
 * Maintenance windows (docs/maintenance.md): when they are, which SLOs they cover, whether they correct the SLIs.
 * Times of a recurring window are local to its IANA time zone; a one-off window is two instants.
 */
export type MaintenanceSchedule =
  | { readonly kind: 'once'; readonly fromMs: number; readonly untilMs: number }
  | { readonly kind: 'weekly'; readonly days: readonly Weekday[]; readonly startSeconds: number; readonly durationSeconds: number; readonly timeZone: string }
  | { readonly kind: 'monthly'; readonly day: number; readonly startSeconds: number; readonly durationSeconds: number; readonly timeZone: string };

export interface MaintenanceWindowModel {
  readonly name: string;
  readonly slug: string;
  readonly description: string | undefined;
  readonly schedule: MaintenanceSchedule;
  /** Names of the SLOs it covers, in the spec's order (`all`: every SLO of the service). */
  readonly slos: readonly string[];
  /** Whether the SLIs of those SLOs leave out the events inside the window. */
  readonly correct: boolean;
  /** The schedule for people: "Sun 02:00–04:00 Europe/Amsterdam", "2026-03-14T21:00:00Z – 2026-03-15T01:00:00Z". */
  readonly text: string;
}

export const WEEKDAYS: readonly Weekday[] = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Seconds after local midnight of HH:MM. */
export const clockSeconds = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;

/** An instant written with its offset (2026-03-14T22:00:00+01:00), in ms since the epoch; undefined when no real date. */
export function parseInstant(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(utc);
  // Date.UTC rolls 2026-02-30 over to March: a date that does not come back unchanged does not exist.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  const zone = m[7]!;
  const offset = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  return utc - offset;
}

/** yyyy-MM-ddTHH:mm:ss of an instant in UTC, as alert processing rules and KQL datetimes take it. */
export const utcText = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

let byIana: Map<string, string> | undefined;

/**
 * The Windows time zone id an alert processing rule needs for an IANA zone (CLDR's mapping in
 * catalog/azure/alert-processing-rules.yaml), or undefined when the zone is unknown or has none. Aliases resolve to
 * their canonical id first, as ICU (Intl) knows them: Asia/Kolkata is CLDR's Asia/Calcutta.
 */
export function windowsTimeZone(iana: string): string | undefined {
  if (!byIana) {
    byIana = new Map();
    for (const [windows, zones] of Object.entries(fact('alert-processing-rules', 'timeZones'))) for (const z of zones) byIana.set(z, windows);
  }
  const canonical = canonicalTimeZone(iana);
  if (canonical === undefined) return undefined;
  // ICU names Etc/UTC "UTC".
  return byIana.get(canonical) ?? byIana.get(`Etc/${canonical}`);
}

/** The zone's canonical IANA id, or undefined when neither ICU nor Kusto would know it. */
export function canonicalTimeZone(iana: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: iana }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Every IANA zone an alert processing rule can be given, for "did you mean". */
export function knownTimeZones(): string[] {
  return [...Object.values(fact('alert-processing-rules', 'timeZones')).flat(), 'UTC'];
}

/** The offset of a zone from UTC at an instant, in ms (local = utc + offset). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(ms));
  const n = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(ms / 1000) * 1000;
}

/** The occurrences of a window that start between two instants (and one before, which may reach into them), as UTC intervals. */
export function occurrences(schedule: MaintenanceSchedule, fromMs: number, untilMs: number): { startMs: number; endMs: number }[] {
  if (schedule.kind === 'once') return [{ startMs: schedule.fromMs, endMs: schedule.untilMs }];
  const DAY = 86_400_000;
  const out: { startMs: number; endMs: number }[] = [];
  for (let day = Math.floor(fromMs / DAY) * DAY - 2 * DAY; day <= untilMs + DAY; day += DAY) {
    // `day` is a local calendar day, written as if it were UTC midnight.
    const date = new Date(day);
    const matches = schedule.kind === 'weekly' ? schedule.days.includes(WEEKDAYS[date.getUTCDay()]!) : date.getUTCDate() === schedule.day;
    if (!matches) continue;
    const localStart = day + schedule.startSeconds * 1000;
    const startMs = localStart - zoneOffsetMs(localStart - zoneOffsetMs(localStart, schedule.timeZone), schedule.timeZone);
    out.push({ startMs, endMs: startMs + schedule.durationSeconds * 1000 });
  }
  return out;
}

/** Seconds of one occurrence. */
export const occurrenceSeconds = (s: MaintenanceSchedule): number => (s.kind === 'once' ? (s.untilMs - s.fromMs) / 1000 : s.durationSeconds);

const hhmm = (seconds: number): string => `${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}`;

function describe(s: MaintenanceSchedule): string {
  if (s.kind === 'once') return `${utcText(s.fromMs)}Z – ${utcText(s.untilMs)}Z`;
  const end = hhmm(s.startSeconds + s.durationSeconds);
  const when = s.kind === 'weekly' ? WEEKDAYS.filter((d) => s.days.includes(d)).join(', ') : `day ${s.day} of each month`;
  return `${when} ${hhmm(s.startSeconds)}–${end} ${s.timeZone}`;
}

/** The schedule of a window as the model holds it, or undefined when the spec's schedule is not one (validate reports it). */
export function scheduleOf(spec: MaintenanceWindowSpec['schedule']): MaintenanceSchedule | undefined {
  const { from, until, weekly, monthly, timeZone } = spec;
  const shapes = [from !== undefined || until !== undefined, weekly !== undefined, monthly !== undefined].filter(Boolean).length;
  if (shapes !== 1) return undefined;
  if (weekly || monthly) {
    const r = (weekly ?? monthly)!;
    const durationSeconds = parseDuration(r.duration);
    if (timeZone === undefined || durationSeconds === undefined) return undefined;
    const startSeconds = clockSeconds(r.start);
    return weekly ? { kind: 'weekly', days: weekly.days, startSeconds, durationSeconds, timeZone } : { kind: 'monthly', day: monthly!.day, startSeconds, durationSeconds, timeZone };
  }
  const fromMs = from === undefined ? undefined : parseInstant(from);
  const untilMs = until === undefined ? undefined : parseInstant(until);
  if (fromMs === undefined || untilMs === undefined) return undefined;
  return { kind: 'once', fromMs, untilMs };
}

/** The service's maintenance windows; `slos: all` (or none given) means every SLO of the service. */
export function buildMaintenance(spec: ServiceSpec): MaintenanceWindowModel[] {
  return (spec.maintenance ?? []).flatMap((w) => {
    const schedule = scheduleOf(w.schedule);
    if (!schedule) return [];
    const slos = w.slos === undefined || w.slos === 'all' ? spec.slos.map((s) => s.name) : w.slos;
    return [{ name: w.name, slug: slug(w.name), description: w.description, schedule, slos, correct: w.correct ?? false, text: describe(schedule) }];
  });
}
