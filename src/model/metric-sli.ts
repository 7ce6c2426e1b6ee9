/**
 * Platform-metric SLIs (metricRatio, metricThreshold): the declared resource they read, the metric definitions they
 * name, and how each burn-rate alert of such an SLO reaches Azure — a metric alert rule where that is exact, a log
 * search alert over AzureMetrics otherwise (docs/sli-sources.md). generate, apply and analyze read the choice
 * from here, never decide it again.
 */
import { fact } from '../catalog/index.js';
import { metricsCatalog, type MetricDefinition } from '../catalog/resources.js';
import { parseDuration } from '../base/durations.js';
import type { MetricThresholdSli, ServiceSpec, SliSpec } from './spec.js';
import { declaredResource } from './resource-refs.js';
import type { ResolvedAlertWindows } from './windows.js';

/** The declared resource a metric SLI reads. */
export interface MetricResource {
  readonly id: string;
  /** As the catalog spells it (the metric namespace of its platform metrics). */
  readonly type: string;
  readonly name: string;
}

/** How a burn-rate alert is realised: a log search alert rule (every SLI kind), or a metric alert rule. */
export type AlertRoute =
  | { readonly via: 'log'; readonly reason: string }
  | { readonly via: 'prometheus'; readonly reason: string }
  | {
      readonly via: 'metric';
      readonly reason: string;
      /** The rule's window and evaluation frequency: one slice of the SLI. */
      readonly windowSize: string;
      readonly evaluationFrequency: string;
    };

export const METRIC_SLI_KINDS = ['metricRatio', 'metricThreshold'] as const;
export type MetricSliKind = (typeof METRIC_SLI_KINDS)[number];
export const isMetricSliKind = (kind: string): kind is MetricSliKind => (METRIC_SLI_KINDS as readonly string[]).includes(kind);

/** The SLI's resource among the declared ones, by the last segment of its id (case-insensitive), when exactly one has it. */
export function metricResourceOf(spec: Pick<ServiceSpec, 'resources'>, name: string): MetricResource | undefined {
  const found = declaredResource(spec.resources, name);
  if (!found || found.ambiguous) return undefined;
  const type = metricsCatalog().get(found.parts.type.toLowerCase())?.type ?? found.parts.type;
  return { id: found.spec.id, type, name: found.parts.name };
}

/** The platform metrics of a type's own namespace (the resource's, not a sub-service's), or undefined. */
export function resourceMetrics(type: string): readonly MetricDefinition[] | undefined {
  const entry = metricsCatalog().get(type.toLowerCase());
  return entry?.namespaces.find((n) => n.namespace.toLowerCase() === type.toLowerCase())?.metrics;
}

/** A metric SLI's slice, in seconds: metricThreshold's grain (default 1m); metricRatio sums per minute. */
export function sliceSeconds(sli: Pick<MetricThresholdSli, 'grain'> | object): number {
  const grain = 'grain' in sli ? sli.grain : undefined;
  return parseDuration(grain ?? '1m')!;
}

const isoOf = (seconds: number): string => (seconds % 3600 === 0 ? `PT${seconds / 3600}H` : `PT${seconds / 60}M`);

/** Fewest bad slices that make a pair's long window burn at its rate: ⌈B × (100 − objective) % × long / slice⌉. */
export function slicesToFire(objective: number, burnRate: number, longSeconds: number, slice: number): number {
  // Rounded to nine digits so that 14.4 × 0.05 × 3600 / 60 lands on 2.592, not 2.5920000000000005.
  return Math.ceil(Math.round(((burnRate * (100 - objective)) / 100) * (longSeconds / slice) * 1e9) / 1e9);
}

/**
 * The route of one burn-rate alert of an SLO. Log SLIs: a log search alert. metricRatio: a log search alert over
 * AzureMetrics, since a metric alert criterion compares one metric's aggregation with a threshold and cannot divide
 * one metric by another. metricThreshold: a metric alert when some pair fires on a single bad slice (then the
 * alert fires exactly when a slice is bad, which a metric alert with the slice as its window sees a minute after it
 * happens); otherwise a log search alert, because a rule's one window cannot hold a long and a short window at once
 * and no criterion counts bad slices.
 */
export function alertRoute(sliKind: keyof SliSpec, sli: unknown, objective: number, windows: ResolvedAlertWindows): AlertRoute {
  if (sliKind === 'metricRatio') {
    const s = sli as NonNullable<SliSpec['metricRatio']>;
    const part = s.good ?? s.bad!;
    limitsAsRecorded();
    return { via: 'log', reason: `a metric alert compares one metric with a threshold and cannot divide ${part.metric} by ${s.total.metric}: the window pairs run as a log search alert over AzureMetrics` };
  }
  if (sliKind === 'prometheus') return { via: 'prometheus', reason: 'the SLI is PromQL: a managed Prometheus rule group on the Azure Monitor workspace evaluates the window pairs' };
  if (sliKind !== 'metricThreshold') return { via: 'log', reason: 'the SLI is a log query' };
  const s = sli as MetricThresholdSli;
  const slice = sliceSeconds(s);
  const iso = isoOf(slice);
  const fits = fact('metric-alerts', 'windowSizes').includes(iso) && fact('metric-alerts', 'evaluationFrequencies').includes(iso);
  const needs = windows.pairs.map((p) => ({ p, slices: slicesToFire(objective, p.burnRate, p.longSeconds, slice) }));
  const single = needs.find((n) => n.slices <= 1);
  const grain = s.grain ?? '1m';
  if (fits && single) {
    return {
      via: 'metric',
      reason: `one bad ${grain} slice already burns the ${single.p.long}/${single.p.short} pair at ${single.p.burnRate}×, so the alert fires exactly when a slice is bad: a metric alert on ${s.aggregation} ${s.metric} over ${grain} does that without the log pipeline's delay`,
      windowSize: iso,
      evaluationFrequency: iso,
    };
  }
  const fewest = Math.min(...needs.map((n) => n.slices));
  limitsAsRecorded();
  return {
    via: 'log',
    reason: `every pair needs ${Number.isFinite(fewest) ? `at least ${fewest}` : 'several'} bad ${grain} slices within its windows; a metric alert rule has one window for all its criteria and cannot count slices, so the pairs run as a log search alert over AzureMetrics`,
  };
}

/** The routing above rests on these two limits of metric alerts; a catalog that says otherwise needs new routing. */
function limitsAsRecorded(): void {
  if (!fact('metric-alerts', 'windowSizePerRule') || !fact('metric-alerts', 'criterionComparesOneMetric')) {
    throw new Error('catalog/azure/metric-alerts.yaml no longer limits a rule to one window and one metric per criterion: revisit src/model/metric-sli.ts');
  }
}
