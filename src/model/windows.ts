import { fact, prometheusWindowSet, windowSets, type AlertKind, type AlertWindows, type WindowPair, type WindowSet } from '../catalog/index.js';
import { isoSeconds, parseDuration } from '../base/durations.js';
import type { CalendarPeriod, ServiceSpec, SloSpec, WindowSetSpec, WindowTierSpec } from './spec.js';

export interface ResolvedPair extends WindowPair {
  longSeconds: number;
  shortSeconds: number;
}

export interface ResolvedAlertWindows extends Omit<AlertWindows, 'pairs'> {
  pairs: ResolvedPair[];
  /** Pairs of the set left out because they would stand for more than the whole budget. */
  dropped: ResolvedPair[];
  /** Where the set comes from: a catalog file, the derivation rule, or the spec's own set. */
  origin: string;
}

const BASE_DAYS = 30;

const resolvePair = (p: WindowPair): ResolvedPair => ({ ...p, longSeconds: parseDuration(p.long)!, shortSeconds: parseDuration(p.short)! });

/** Rounded as the catalog's window files write budget shares: to three decimals. */
const share = (burnRate: number, longSeconds: number, days: number): number => Math.round(((burnRate * (longSeconds / 3600)) / (days * 24)) * 100 * 1000) / 1000;

/**
 * The window set of an SLO window. 7d, 28d and 30d come from catalog/windows/. Any other whole-day window uses the
 * 30-day set's windows and burn rates, with budgetPercent = burnRate × long / window; a pair that would stand for
 * more than 100 % of the budget is dropped (it could only fire after the SLO is already lost).
 */
export function windowsFor(days: number, kind: AlertKind): ResolvedAlertWindows {
  const sets = windowSets();
  const own = sets.get(days);
  if (own) {
    const a = own.alerts[kind];
    return { ...a, pairs: a.pairs.map(resolvePair), dropped: [], origin: `catalog/windows/${own.window}.yaml` };
  }
  const base = sets.get(BASE_DAYS);
  if (!base) throw new Error('catalog/windows/30d.yaml is missing');
  return derived(base, 'catalog/windows/30d.yaml', days, kind);
}

/**
 * The window set of a Prometheus SLI: catalog/windows/prometheus/30d.yaml as it is for 30 days, derived from it by
 * the same rule as windowsFor for any other whole-day window.
 */
export function prometheusWindowsFor(days: number, kind: AlertKind): ResolvedAlertWindows {
  const base = prometheusWindowSet();
  const file = 'catalog/windows/prometheus/30d.yaml';
  // Every window is one PromQL range: it must fit in what an Azure Monitor workspace query may read.
  const longest = Math.max(...base.alerts[kind].pairs.map((p) => parseDuration(p.long)!));
  if (longest > fact('prometheus-rules', 'queryTimeRangeMaxDays') * 86400) throw new Error(`${file}: a ${kind} window is longer than a managed Prometheus query may read`);
  if (parseDuration(base.window)! / 86400 === days) {
    const a = base.alerts[kind];
    return { ...a, pairs: a.pairs.map(resolvePair), dropped: [], origin: file };
  }
  return derived(base, file, days, kind);
}

function derived(base: WindowSet, file: string, days: number, kind: AlertKind): ResolvedAlertWindows {
  const a = base.alerts[kind];
  const windowHours = days * 24;
  const derived = a.pairs.map((p) => {
    const r = resolvePair(p);
    const budgetPercent = share(p.burnRate, r.longSeconds, days);
    return {
      ...r,
      budgetPercent,
      derivation: `Burn rate ${p.burnRate} and windows ${p.long}/${p.short} from the 30d set; ${p.burnRate} × ${r.longSeconds / 3600} h / ${windowHours} h = ${budgetPercent} % of the ${days}-day budget.`,
    };
  });
  return {
    ...a,
    pairs: derived.filter((p) => p.budgetPercent <= 100),
    dropped: derived.filter((p) => p.budgetPercent > 100),
    origin: `derived from ${file} for ${days}d`,
  };
}

/** The smallest window size Azure accepts that holds `seconds` of data, or undefined past the largest (two days). */
export function queryWindowFor(seconds: number): string | undefined {
  return fact('log-search-alerts', 'windowSizes').find((w) => isoSeconds(w) >= seconds);
}

/**
 * A tier of a window set the spec defines. Each pair gives its burn rate, or the share of the budget its long window
 * stands for, and the other follows from the SLO's window as in the catalog's files: burnRate = budgetPercent / 100 ×
 * window / long. The query range is the smallest window size Azure accepts that holds the longest window; a pair that
 * would stand for more than the whole budget is dropped, as in a derived set. Only for a tier validation accepted.
 */
export function customWindows(name: string, tier: WindowTierSpec, days: number, kind: AlertKind): ResolvedAlertWindows {
  const base = windowsFor(BASE_DAYS, kind);
  const windowHours = days * 24;
  const pairs = tier.pairs.map((p): ResolvedPair => {
    const longSeconds = parseDuration(p.long)!;
    const shortSeconds = parseDuration(p.short)!;
    const longHours = longSeconds / 3600;
    if (p.burnRate !== undefined) {
      const budgetPercent = share(p.burnRate, longSeconds, days);
      return { long: p.long, short: p.short, longSeconds, shortSeconds, burnRate: p.burnRate, budgetPercent, derivation: `Window set '${name}': burn rate ${p.burnRate} as written; ${p.burnRate} × ${longHours} h / ${windowHours} h = ${budgetPercent} % of the ${days}-day budget.` };
    }
    const budgetPercent = p.budgetPercent!;
    const burnRate = Math.round(((budgetPercent / 100) * windowHours * 1000) / longHours) / 1000;
    return { long: p.long, short: p.short, longSeconds, shortSeconds, burnRate, budgetPercent, derivation: `Window set '${name}': ${budgetPercent} % of the ${days}-day budget in ${p.long} → ${budgetPercent / 100} × ${windowHours} h / ${longHours} h = ${burnRate}.` };
  });
  return {
    evaluationFrequency: tier.evaluationFrequency,
    // Only log search alerts read it; past two days (a set only Prometheus SLOs use) there is none, and none is needed.
    queryWindow: queryWindowFor(Math.max(...pairs.map((p) => p.longSeconds))) ?? 'none',
    severity: tier.severity ?? base.severity,
    minimumEvents: tier.minimumEvents ?? base.minimumEvents,
    pairs: pairs.filter((p) => p.budgetPercent <= 100),
    dropped: pairs.filter((p) => p.budgetPercent > 100),
    origin: `window set '${name}' of the spec`,
  };
}

/** The window set that applies to one tier of an SLO: the spec's own set it (or the service's defaults) names, else the catalog's. */
export function sloWindows(sets: Readonly<Record<string, WindowSetSpec>> | undefined, setName: string | undefined, days: number, kind: AlertKind): ResolvedAlertWindows {
  if (setName === undefined) return windowsFor(days, kind);
  const tier = sets?.[setName]?.[kind];
  if (!tier) return { ...windowsFor(days, kind), pairs: [], dropped: [], origin: `window set '${setName}' of the spec, which has no ${kind} tier` };
  return customWindows(setName, tier, days, kind);
}

/**
 * The window set of one alert tier of an SLO of this service: the set its `alerting.windows` names, else the one of
 * `alertingDefaults.windows`, else the catalog's for the window's (nominal) length. The model and the OpenSLO export
 * both read it here.
 */
export const tierWindows = (service: Pick<ServiceSpec, 'windowSets' | 'alertingDefaults'>, slo: SloSpec, kind: AlertKind): ResolvedAlertWindows =>
  sloWindows(service.windowSets, slo.alerting?.windows ?? service.alertingDefaults?.windows, sloWindow(slo.window).days, kind);

/**
 * The window set the model uses for one alert tier of an SLO: the spec's own set when the SLO (or alertingDefaults)
 * names one, whatever its SLI; else a Prometheus SLI's catalog set (keeping the workbook's 3-day window), else the
 * log catalog's. Model and validation read it here, so they judge the same windows.
 */
export function sloTierWindows(service: Pick<ServiceSpec, 'windowSets' | 'alertingDefaults'>, slo: SloSpec, kind: AlertKind): ResolvedAlertWindows {
  const named = slo.alerting?.windows ?? service.alertingDefaults?.windows;
  if (slo.sli.prometheus !== undefined && named === undefined) return prometheusWindowsFor(sloWindow(slo.window).days, kind);
  return tierWindows(service, slo, kind);
}

/**
 * Calendar periods: the nominal length the burn-rate alerts use, and the shortest and longest period. A burn rate is
 * the pace at which the budget goes, so alerts use the set of the nominal length (a month's alerts are a 30-day SLO's)
 * whatever the current period's length; only the budget itself, in the workbook and in minutes, follows the period.
 */
export const CALENDAR_PERIODS: Readonly<Record<CalendarPeriod, { readonly nominalDays: number; readonly minDays: number; readonly maxDays: number; readonly noun: string }>> = {
  week: { nominalDays: 7, minDays: 7, maxDays: 7, noun: 'week' },
  month: { nominalDays: 30, minDays: 28, maxDays: 31, noun: 'month' },
  quarter: { nominalDays: 90, minDays: 90, maxDays: 92, noun: 'quarter' },
};

/** The time zone of a calendar window that names none. */
export const DEFAULT_TIME_ZONE = 'UTC';

export type SloWindow =
  | { readonly kind: 'rolling'; readonly days: number; readonly text: string; readonly label: string }
  | {
      readonly kind: 'calendar';
      readonly period: CalendarPeriod;
      readonly timeZone: string;
      /** The nominal length, which the burn-rate alerts use. */
      readonly days: number;
      readonly minDays: number;
      readonly maxDays: number;
      /** For sentences: "each calendar month (Europe/Berlin)". */
      readonly text: string;
      /** Short, for tables: "month (Europe/Berlin)". */
      readonly label: string;
    };

/** The window of a valid SLO spec. */
export function sloWindow(window: SloSpec['window']): SloWindow {
  if (typeof window === 'string') {
    const days = Number(window.slice(0, -1));
    return { kind: 'rolling', days, text: `${days} days`, label: `${days}d` };
  }
  const p = CALENDAR_PERIODS[window.calendar];
  const timeZone = window.timeZone ?? DEFAULT_TIME_ZONE;
  return { kind: 'calendar', period: window.calendar, timeZone, days: p.nominalDays, minDays: p.minDays, maxDays: p.maxDays, text: `each calendar ${p.noun} (${timeZone})`, label: `${p.noun} (${timeZone})` };
}

/**
 * Minutes of total failure an objective allows in one window: a rolling window's, or a calendar window's in its
 * shortest and longest period (a month allows 28 to 31 days' worth). Rounded to hundredths.
 */
export function budgetMinutes(objective: number, window: SloWindow): { readonly min: number; readonly max: number } {
  const minutes = (days: number) => Math.round((1 - objective / 100) * days * 24 * 60 * 100) / 100;
  return window.kind === 'rolling' ? { min: minutes(window.days), max: minutes(window.days) } : { min: minutes(window.minDays), max: minutes(window.maxDays) };
}
