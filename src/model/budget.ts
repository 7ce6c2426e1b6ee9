import type { BudgetAlertSpec, CalendarPeriod } from './spec.js';
import type { SloWindow } from './windows.js';
import { shortHash, snake } from './names.js';

/**
 * Error-budget alerts of an SLO (docs/burn-rate-alerts.md, "Budget alerts"): an hourly job computes the budget
 * remaining over the SLO's budget period and writes it to a table; one log search rule per threshold reads it.
 */
export interface BudgetThreshold {
  /** `remaining`: fires when less than `remainingPercent` % of the budget remains; `exhausted`: when none does. */
  readonly kind: 'remaining' | 'exhausted';
  /** The threshold in percent of the budget (0 for `exhausted`). */
  readonly remainingPercent: number;
  /** Names the rule: `below-50`, `exhausted`. */
  readonly slug: string;
  readonly severity: number;
}

export interface BudgetAlertModel {
  /** Highest threshold first; `exhausted` last. */
  readonly thresholds: readonly BudgetThreshold[];
  /** Names of notification targets, in the spec's order, without duplicates. */
  readonly notify: readonly string[];
  readonly period: BudgetPeriod;
}

/**
 * The period a budget is counted over: the last `days` days ending at the job's run (a rolling window), or the current
 * calendar period in its time zone (the workbook's budget, src/kql/calendar.ts). This is the one place that says
 * where a period starts.
 */
export type BudgetPeriod =
  | {
      readonly kind: 'rolling';
      readonly days: number;
      /** The query API's timespan (ISO 8601), which bounds what the query may read: the whole period. */
      readonly timespan: string;
      /** In words, for descriptions: "the last 30 days". */
      readonly text: string;
    }
  | {
      readonly kind: 'calendar';
      readonly period: CalendarPeriod;
      readonly timeZone: string;
      /** The longest period's days: what the query may have to read. */
      readonly days: number;
      /** The longest period and a day (a daylight-saving hour, the zone's offset), so the query sees the whole period. */
      readonly timespan: string;
      /** "the current calendar month (Europe/Berlin)". */
      readonly text: string;
    };

export function budgetPeriod(window: SloWindow): BudgetPeriod {
  if (window.kind === 'rolling') return { kind: 'rolling', days: window.days, timespan: `P${window.days}D`, text: `the last ${window.days} days` };
  return { kind: 'calendar', period: window.period, timeZone: window.timeZone, days: window.maxDays, timespan: `P${window.maxDays + 1}D`, text: `the current calendar ${window.label}` };
}

const DEFAULT_SEVERITY = 3;
const EXHAUSTED_SEVERITY = 2;

/** The budget alerts of an SLO, or undefined when it has none (no `budget`, disabled, or no threshold). */
export function budgetAlerts(spec: BudgetAlertSpec | undefined, window: SloWindow): BudgetAlertModel | undefined {
  if (!spec || spec.enabled === false) return undefined;
  const below = [...new Set(spec.remainingBelow ?? [])].sort((a, b) => b - a);
  const thresholds: BudgetThreshold[] = below.map((n) => ({ kind: 'remaining', remainingPercent: n, slug: `below-${String(n).replace('.', '-')}`, severity: spec.severity ?? DEFAULT_SEVERITY }));
  if (spec.exhausted) thresholds.push({ kind: 'exhausted', remainingPercent: 0, slug: 'exhausted', severity: spec.severity ?? EXHAUSTED_SEVERITY });
  if (thresholds.length === 0) return undefined;
  return { thresholds, notify: [...new Set(spec.notify ?? [])], period: budgetPeriod(window) };
}

/**
 * The custom table a service's budget job writes (one per service, so that services sharing a workspace never deploy
 * the same table twice): `AzsloBudget_<service>_CL`, at most 63 characters (a long service name ends in a hash).
 */
export function budgetTableName(serviceName: string): string {
  const base = snake(serviceName) || shortHash(serviceName, 8);
  const name = `AzsloBudget_${base}_CL`;
  return name.length <= TABLE_NAME_MAX ? name : `AzsloBudget_${base.slice(0, TABLE_NAME_MAX - 24)}_${shortHash(serviceName, 8)}_CL`;
}

const TABLE_NAME_MAX = 63;
