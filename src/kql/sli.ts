import { fact, sliCatalog, sliTemplateUrl } from '../catalog/index.js';
import { isoSeconds } from '../base/durations.js';
import { sliceSeconds, type MetricResource } from '../model/metric-sli.js';
import type { SloModel } from '../model/service.js';
import type { SliSpec, StringOrList } from '../model/spec.js';
import { renderKqlWithSpans, type RenderedKql } from './templates.js';

const list = (v: StringOrList | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** Template context of each SLI kind: the spec's options, lists normalized, defaults applied. */
const contexts: { [K in keyof SliSpec]-?: (sli: NonNullable<SliSpec[K]>, resource: MetricResource | undefined) => object } = {
  requestAvailability: (s) => {
    const codes = list(s.badResultCodes);
    const exact = codes?.filter((c) => !c.endsWith('xx')) ?? [];
    const classes = codes?.filter((c) => c.endsWith('xx')).map((c) => c[0]!) ?? [];
    return {
      roleNames: list(s.roleName),
      operations: s.operations,
      excludeOperations: s.excludeOperations,
      badCodes: codes ? { exact: exact.length ? exact : undefined, classes: classes.length ? classes : undefined, both: exact.length > 0 && classes.length > 0 } : undefined,
    };
  },
  requestLatency: (s) => ({
    roleNames: list(s.roleName),
    operations: s.operations,
    excludeOperations: s.excludeOperations,
    thresholdMs: s.thresholdMs,
    successfulOnly: s.successfulOnly ?? true,
  }),
  availabilityTest: (s) => ({ testName: s.testName, locations: s.locations }),
  dependencyAvailability: (s) => ({ roleNames: list(s.roleName), targets: list(s.target), dependencyTypes: list(s.dependencyType), names: s.names }),
  raw: (s) => ({ good: s.good, total: s.total }),
  eventRatio: (s) => ({ roleNames: list(s.roleName), goodEvents: list(s.good), totalEvents: list(s.total) }),
  // AzureMetrics holds each metric's per-minute Total and Count (and no dimensions: validation refuses a filter).
  metricRatio: (s, resource) => {
    const other = s.good ?? s.bad!;
    const column = (a: string | undefined) => (a === 'Count' ? 'Count' : 'Total');
    return {
      resourceId: metricResourceId(resource),
      metrics: [...new Set([s.total.metric, other.metric])],
      total: { metric: s.total.metric, column: column(s.total.aggregation) },
      other: { metric: other.metric, column: column(other.aggregation) },
      goodGiven: s.good !== undefined,
      binSeconds: isoSeconds(fact('metrics-export', 'timeGrain')),
    };
  },
  metricThreshold: (s, resource) => ({
    resourceId: metricResourceId(resource),
    metric: s.metric,
    aggregation: s.aggregation,
    operator: s.operator,
    threshold: s.threshold,
    grainSeconds: sliceSeconds(s),
  }),
};

function metricResourceId(resource: MetricResource | undefined): string {
  if (!resource) throw new Error('a metric SLI without its resource reached the KQL');
  return resource.id;
}

/**
 * Body of the SLI's saved function: one row per event (or per sampled item group) with TimeGenerated, Good and
 * Total, so that every consumer (alerts, workbook, people in Logs) aggregates the same numbers.
 */
export const sliFunctionBody = (slo: Pick<SloModel, 'sliKind' | 'sli' | 'metricResource'>): string => renderSliFunction(slo).text;

/** The same body, with where the user's own KQL (raw SLIs) stands in it, so it can be checked in place. */
export function renderSliFunction(slo: Pick<SloModel, 'sliKind' | 'sli' | 'metricResource'>): RenderedKql {
  const entry = sliCatalog().get(slo.sliKind);
  if (!entry) throw new Error(`catalog/sli has no entry for ${slo.sliKind}`);
  const context = (contexts[slo.sliKind] as (s: unknown, r: MetricResource | undefined) => object)(slo.sli, slo.metricResource);
  return renderKqlWithSpans(sliTemplateUrl(entry), context);
}
