import { fact } from '../../catalog/index.js';
import { isoSeconds, parseDuration } from '../../base/durations.js';
import type { ServiceSpec } from '../../model/spec.js';
import type { PathSegment } from '../../load/source.js';
import type { DiagnosticBuilder } from '../../diagnostics/builder.js';
import type { Rule } from './context.js';

type Report = (path: readonly PathSegment[]) => DiagnosticBuilder;

/**
 * The problems of the spec's own window sets, by set name: each pair is one Azure can run (a short window shorter
 * than its long one, a long window within the two days a log search alert reads, a burn rate or a budget share but
 * not both), each tier runs at an evaluation frequency Azure offers and at least as often as its shortest window is
 * long. Malformed durations are the schema's (AZSLO015); the sets with them count as invalid here without a report.
 */
export function windowSetProblems(spec: ServiceSpec, report?: Report): ReadonlySet<string> {
  const invalid = new Set<string>();
  const frequencies = fact('log-search-alerts', 'evaluationFrequencies');
  const logHours = fact('log-search-alerts', 'maxQueryLookbackHours');
  const prometheus = prometheusSetUse(spec);
  const intervalMin = isoSeconds(fact('prometheus-rules', 'evaluationIntervalMin'));
  const intervalMax = isoSeconds(fact('prometheus-rules', 'evaluationIntervalMax'));
  for (const [name, set] of Object.entries(spec.windowSets ?? {})) {
    const bad = () => invalid.add(name);
    // A set only Prometheus SLOs use is bounded by what a PromQL query reads (32 days), not by a log alert's two days.
    const promOnly = prometheus.only.has(name);
    const maxHours = promOnly ? fact('prometheus-rules', 'queryTimeRangeMaxDays') * 24 : logHours;
    for (const kind of ['page', 'ticket'] as const) {
      const tier = set[kind];
      if (!tier) continue;
      const at: PathSegment[] = ['windowSets', name, kind];
      let shortest = Infinity;
      tier.pairs.forEach((p, j) => {
        const long = parseDuration(p.long);
        const short = parseDuration(p.short);
        if (long === undefined || short === undefined) return void bad();
        shortest = Math.min(shortest, short);
        if (long > maxHours * 3600) {
          bad();
          if (promOnly) report?.([...at, 'pairs', j, 'long']).prometheusWindowTooLong(name, kind, p.long, maxHours / 24);
          else report?.([...at, 'pairs', j, 'long']).windowPairTooLong(name, kind, p.long, maxHours);
        }
        if (short >= long) {
          bad();
          report?.([...at, 'pairs', j, 'short']).windowPairShortNotShorter(name, kind, p.long, p.short);
        }
        if ((p.burnRate === undefined) === (p.budgetPercent === undefined)) {
          bad();
          report?.([...at, 'pairs', j]).windowPairRate(name, kind, p.long, p.burnRate !== undefined);
        }
      });
      const interval = secondsOf(tier.evaluationFrequency);
      if (prometheus.used.has(name) && !(interval >= intervalMin && interval <= intervalMax)) {
        // The tier's frequency is the Prometheus rule group's interval, which Azure keeps between 1 and 15 minutes.
        bad();
        report?.([...at, 'evaluationFrequency']).prometheusSetInterval(name, kind, tier.evaluationFrequency, prometheus.used.get(name)!, fact('prometheus-rules', 'evaluationIntervalMin'), fact('prometheus-rules', 'evaluationIntervalMax'));
      } else if (!promOnly && !frequencies.includes(tier.evaluationFrequency)) {
        bad();
        report?.([...at, 'evaluationFrequency']).windowSetFrequency(name, kind, tier.evaluationFrequency, frequencies);
      } else if (shortest !== Infinity && isoSeconds(tier.evaluationFrequency) > shortest) {
        bad();
        const short = tier.pairs.find((p) => parseDuration(p.short) === shortest)!.short;
        report?.([...at, 'evaluationFrequency']).windowSetFrequencyAboveShort(name, kind, tier.evaluationFrequency, short);
      }
    }
    // A Prometheus SLO's page and ticket rules are one rule group, which has one interval.
    if (prometheus.used.has(name) && set.page && set.ticket && set.page.evaluationFrequency !== set.ticket.evaluationFrequency) {
      bad();
      report?.(['windowSets', name, 'ticket', 'evaluationFrequency']).prometheusSetIntervals(name, set.page.evaluationFrequency, set.ticket.evaluationFrequency, prometheus.used.get(name)!);
    }
  }
  return invalid;
}

/** An ISO 8601 duration's seconds, NaN when it is not one (the log check then names the frequencies Azure offers). */
function secondsOf(iso: string): number {
  try {
    return isoSeconds(iso);
  } catch {
    return NaN;
  }
}

/**
 * The window sets Prometheus SLOs use (with the first such SLO, for messages), and those only Prometheus SLOs use:
 * each SLO uses the set its `alerting.windows` names, else the one of `alertingDefaults.windows`.
 */
export function prometheusSetUse(spec: ServiceSpec): { readonly used: ReadonlyMap<string, string>; readonly only: ReadonlySet<string> } {
  const used = new Map<string, string>();
  const byLog = new Set<string>();
  (spec.slos ?? []).forEach((slo, i) => {
    const set = windowSetOf(spec, i);
    if (!set) return;
    if (slo.sli?.prometheus !== undefined) {
      if (!used.has(set.name)) used.set(set.name, slo.name);
    } else byLog.add(set.name);
  });
  return { used, only: new Set([...used.keys()].filter((n) => !byLog.has(n))) };
}

/** The window set an SLO's alerting uses: its own `windows:`, else the service's `alertingDefaults.windows`. */
export function windowSetOf(spec: ServiceSpec, i: number): { readonly name: string; readonly path: readonly PathSegment[] } | undefined {
  const own = spec.slos[i]!.alerting?.windows;
  if (own !== undefined) return { name: own, path: ['slos', i, 'alerting', 'windows'] };
  const inherited = spec.alertingDefaults?.windows;
  return inherited === undefined ? undefined : { name: inherited, path: ['alertingDefaults', 'windows'] };
}

/**
 * Custom window sets Azure can run (AZSLO063; AZSLO075 for what a Prometheus rule group bounds), and every `windows:`
 * naming one that is declared (AZSLO064).
 */
export const windowSets: Rule = {
  name: 'window-sets',
  codes: ['AZSLO063', 'AZSLO064', 'AZSLO075'],
  check(ctx) {
    const spec = ctx.spec;
    windowSetProblems(spec, (path) => ctx.report(path));
    const declared = Object.keys(spec.windowSets ?? {});
    const named: { name: string; path: readonly PathSegment[] }[] = [];
    if (spec.alertingDefaults?.windows !== undefined) named.push({ name: spec.alertingDefaults.windows, path: ['alertingDefaults', 'windows'] });
    spec.slos.forEach((slo, i) => {
      if (slo.alerting?.windows !== undefined) named.push({ name: slo.alerting.windows, path: ['slos', i, 'alerting', 'windows'] });
    });
    for (const { name, path } of named) if (!Object.hasOwn(spec.windowSets ?? {}, name)) ctx.report(path, 'value').unknownWindowSet(name, declared);
  },
};
