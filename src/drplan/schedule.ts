/**
 * When a scheduled drill is due: stateless and deterministic, so a CI job that runs every week in the drill window can
 * decide from the clock alone, with no history to keep.
 *
 * Time is cut into periods of `every` counted from a fixed epoch, 1970-01-01T00:00:00Z (Unix time 0). A plan is due
 * in the window occurrence that is the first one on or after the start of each period: with every = 90d and a
 * window on Tuesdays at 02:00 UTC, the first Tuesday 02:00 on or after each 90-day boundary. A period shorter than a
 * week makes every window due. A run anywhere in the week after a due window starts (a scheduled run GitHub delays, a
 * re-run) belongs to that window and is due too.
 */
import { parseDuration } from '../base/durations.js';
import type { ServiceModel } from '../model/service.js';
import type { Scenario } from '../recovery/index.js';
import { drillExperiments } from './experiments.js';
import type { RecoveryPlan } from './plans.js';
import type { Weekday } from '../model/spec.js';

export interface DrillWindow {
  readonly day: Weekday;
  /** HH:MM, UTC. */
  readonly start: string;
}

const WEEK = 7 * 86400;
/** Day of the week as Date.getUTCDay() counts it (Sunday 0). */
export const WEEKDAY_NUMBER: Readonly<Record<Weekday, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
/** The epoch, 1970-01-01, was a Thursday. */
const EPOCH_WEEKDAY = 4;

function periodSeconds(every: string): number {
  const s = parseDuration(every);
  if (s === undefined || s <= 0) throw new RangeError(`not a drill period: ${JSON.stringify(every)} (e.g. 90d)`);
  return s;
}

/** Seconds from the epoch to the first window occurrence (validation keeps `start` to HH:MM). */
function windowOffset(window: DrillWindow): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(window.start);
  if (!m) throw new RangeError(`not a window start: ${JSON.stringify(window.start)} (HH:MM, UTC)`);
  const days = (WEEKDAY_NUMBER[window.day] - EPOCH_WEEKDAY + 7) % 7;
  return days * 86400 + Number(m[1]) * 3600 + Number(m[2]) * 60;
}

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** Whether the window occurrence starting at `w` (seconds) is the first on or after a period's start. */
function dueOccurrence(w: number, every: number): boolean {
  return Math.floor(w / every) * every > w - WEEK;
}

/** Whether a drill is due at `now`: the latest window occurrence that started at or before `now` is a due one. */
export function drillDue(every: string, window: DrillWindow, now: Date): boolean {
  const period = periodSeconds(every);
  const offset = windowOffset(window);
  const latest = offset + Math.floor((seconds(now) - offset) / WEEK) * WEEK;
  return dueOccurrence(latest, period);
}

/** The start of the next due window occurrence at or after `now`. */
export function nextDrill(every: string, window: DrillWindow, now: Date): Date {
  const period = periodSeconds(every);
  const offset = windowOffset(window);
  const firstAtOrAfter = (t: number) => offset + Math.ceil((t - offset) / WEEK) * WEEK;
  const candidate = firstAtOrAfter(Math.ceil(now.getTime() / 1000));
  const next = dueOccurrence(candidate, period) ? candidate : firstAtOrAfter((Math.floor(candidate / period) + 1) * period);
  return new Date(next * 1000);
}

/** The window as a POSIX cron line in UTC (minute hour * * weekday), as GitHub Actions schedules read it. */
export function windowCron(window: DrillWindow): string {
  const offset = windowOffset(window) % 86400;
  return `${(offset % 3600) / 60} ${Math.floor(offset / 3600)} * * ${WEEKDAY_NUMBER[window.day]}`;
}

/** Whether the spec has the plan of `scenario` drilled: `recovery.plans[].drill`, default true (also for implicit plans). */
export function planDrilled(recovery: { readonly plans?: readonly { readonly scenario: string; readonly drill?: boolean }[] } | undefined, scenario: string): boolean {
  return recovery?.plans?.find((p) => p.scenario === scenario)?.drill !== false;
}

/**
 * Whether anything can drill a plan without losing data: a step with a planned, loss-free variant (PlanStep.drill), or
 * a Chaos Studio fault for the scenario's resources (the experiment disrupts, the plan's automatic or planned steps
 * recover).
 */
export function planDrillable(service: ServiceModel, plan: RecoveryPlan, scenarios: readonly Scenario[]): boolean {
  return plan.steps.some((s) => s.drill !== undefined) || drillExperiments(service, [plan], scenarios).some((e) => e.faults.length > 0);
}

export { drillDefaults } from './experiments.js';
