import { fact, sliCatalog, sliTemplateUrl } from '../catalog/index.js';
import { isoSeconds } from '../base/durations.js';
import { sliceSeconds, type MetricResource } from '../model/metric-sli.js';
import type { SloModel } from '../model/service.js';
import { requestLog } from '../catalog/resources.js';
import { parseResourceId } from '../base/resource-ids.js';
import type { GatewayFilters, SliSpec, StringOrList } from '../model/spec.js';
import { WEEKDAYS, type MaintenanceWindowModel } from '../model/maintenance.js';
import { renderKql, renderKqlWithSpans, templatesDir, type RenderedKql } from './templates.js';

const list = (v: StringOrList | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** Template context of each SLI kind: the spec's options, lists normalized, defaults applied. */
/** The SLI kinds computed in KQL: every kind but prometheus, whose SLI is PromQL (src/promql/). */
export type KqlSliKind = Exclude<keyof SliSpec, 'prometheus'>;

const contexts: { [K in KqlSliKind]-?: (sli: NonNullable<SliSpec[K]>, resource: MetricResource | undefined) => object } = {
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
  gatewayAvailability: (s) => {
    const codes = s.badStatusCodes ?? ['5xx'];
    const exact = codes.filter((c) => !c.endsWith('xx')).map(Number);
    const classes = codes.filter((c) => c.endsWith('xx')).map((c) => Number(c[0]));
    return { ...gatewayContext(s), badCodes: { exact: exact.length ? exact : undefined, classes: classes.length ? classes : undefined, both: exact.length > 0 && classes.length > 0 } };
  },
  gatewayLatency: (s) => {
    const context = gatewayContext(s);
    // The log's own unit: seconds (Application Gateway, Front Door) or milliseconds.
    const threshold = context.log.duration.unit === 'seconds' ? s.thresholdMs / 1000 : s.thresholdMs;
    return { ...context, threshold, successfulOnly: s.successfulOnly ?? true };
  },
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

/** The request log of the gateway's type and the filters; validation has checked that the catalog has one. */
function gatewayContext(s: GatewayFilters) {
  const type = parseResourceId(s.gateway)?.type;
  const log = type === undefined ? undefined : requestLog(type);
  if (!log) throw new Error(`catalog/resources has no request log for the gateway ${s.gateway}`);
  return { log, resourceId: s.gateway.toLowerCase(), hosts: s.hosts, paths: s.paths, pathPrefixes: s.pathPrefixes, excludePaths: s.excludePaths, apis: s.apis };
}

function metricResourceId(resource: MetricResource | undefined): string {
  if (!resource) throw new Error('a metric SLI without its resource reached the KQL');
  return resource.id;
}

/**
 * Body of the SLI's saved function: one row per event (or per sampled item group) with TimeGenerated, Good and
 * Total, so that every consumer (alerts, workbook, people in Logs) aggregates the same numbers.
 */
export const sliFunctionBody = (slo: Pick<SloModel, 'sliKind' | 'sli' | 'corrections' | 'metricResource'>): string => renderSliFunction(slo).text;

/**
 * The same body, with where the user's own KQL (raw SLIs) stands in it, so it can be checked in place. Corrections
 * (maintenance windows with correct: true) filter its rows last, on the TimeGenerated every kind returns.
 */
export function renderSliFunction(slo: Pick<SloModel, 'sliKind' | 'sli' | 'corrections' | 'metricResource'>): RenderedKql {
  if (slo.sliKind === 'prometheus') throw new Error('a Prometheus SLI has no KQL function: its SLI is read in the Azure Monitor workspace');
  const entry = sliCatalog().get(slo.sliKind);
  if (!entry) throw new Error(`catalog/sli has no entry for ${slo.sliKind}`);
  const context = (contexts[slo.sliKind] as (s: unknown, r: MetricResource | undefined) => object)(slo.sli, slo.metricResource);
  const body = renderKqlWithSpans(sliTemplateUrl(entry), context);
  if (!slo.corrections?.length) return body;
  return { text: `${body.text}\n${correctionsKql(slo.corrections)}`, verbatim: body.verbatim };
}

/** The filter that leaves out the events inside maintenance windows: `| where not(…)` per window. */
export function correctionsKql(windows: readonly MaintenanceWindowModel[]): string {
  return renderKql(new URL('kql/sli-corrections.kql.hbs', templatesDir), { windows: correctionsContext(windows) });
}

/** The context of the `corrections` template (and partial): per window its instants, or its local days and times. */
export function correctionsContext(windows: readonly MaintenanceWindowModel[]): object[] {
  return windows.map((w, i) => {
    const s = w.schedule;
    if (s.kind === 'once') return { once: { fromMs: s.fromMs, untilMs: s.untilMs } };
    return {
      column: `azslo_local_${i + 1}`,
      timeZone: s.timeZone,
      // Kusto's dayofweek counts days since Sunday.
      ...(s.kind === 'weekly' ? { days: s.days.map((d) => WEEKDAYS.indexOf(d)).sort((a, b) => a - b) } : { day: s.day }),
      startSeconds: s.startSeconds,
      endSeconds: s.startSeconds + s.durationSeconds,
    };
  });
}
