import { fact, prometheusWindowSet, windowSets, type AlertKind, type AlertWindows, type WindowPair, type WindowSet } from '../catalog/index.js';
import { parseDuration } from '../base/durations.js';

export interface ResolvedPair extends WindowPair {
  longSeconds: number;
  shortSeconds: number;
}

export interface ResolvedAlertWindows extends Omit<AlertWindows, 'pairs'> {
  pairs: ResolvedPair[];
  /** Pairs of the 30-day set left out because they would stand for more than the whole budget. */
  dropped: ResolvedPair[];
  /** Where the set comes from: a catalog file, or the derivation rule. */
  origin: string;
}

const BASE_DAYS = 30;

const resolvePair = (p: WindowPair): ResolvedPair => ({ ...p, longSeconds: parseDuration(p.long)!, shortSeconds: parseDuration(p.short)! });

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
    const budgetPercent = Math.round(((p.burnRate * (r.longSeconds / 3600)) / windowHours) * 100 * 1000) / 1000;
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
