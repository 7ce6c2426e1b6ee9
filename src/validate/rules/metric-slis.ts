import { fact } from '../../catalog/index.js';
import type { MetricDefinition } from '../../catalog/resources.js';
import { closestMatch } from '../../base/edit-distance.js';
import { isoSeconds, parseDuration } from '../../base/durations.js';
import { parseResourceId } from '../../base/resource-ids.js';
import { alertRoute, resourceMetrics } from '../../model/metric-sli.js';
import { CALENDAR_PERIODS, windowsFor } from '../../model/windows.js';
import type { MetricSelectorSpec, SloSpec } from '../../model/spec.js';
import type { PathSegment } from '../../load/source.js';
import type { Rule, RuleContext } from './context.js';

/**
 * Platform-metric SLIs (metricRatio, metricThreshold): the resource is declared, its type has platform metrics, the
 * metrics, aggregations, dimensions and grain exist in catalog/metrics/ (AZSLO055, with the closest name on a typo);
 * nothing asks AzureMetrics for what diagnostic settings do not send it, a dimension or a metric the reference marks
 * "DS Export: No" (AZSLO056); and the resource
 * declares that its metrics reach the workspace, which the SLI function and any log alert read (AZSLO057).
 */
export const metricSlis: Rule = {
  name: 'metric-slis',
  codes: ['AZSLO055', 'AZSLO056', 'AZSLO057'],
  check(ctx) {
    ctx.spec.slos.forEach((slo, i) => {
      if (slo.sli.metricRatio) checkSli(ctx, slo, ['slos', i, 'sli', 'metricRatio'], slo.sli.metricRatio.resource, (metrics, type) => {
        const r = slo.sli.metricRatio!;
        const parts = [['good', r.good], ['bad', r.bad], ['total', r.total]] as const;
        for (const [which, sel] of parts) if (sel) checkSelector(ctx, metrics, type, sel, ['slos', i, 'sli', 'metricRatio', which]);
      });
      if (slo.sli.metricThreshold) checkSli(ctx, slo, ['slos', i, 'sli', 'metricThreshold'], slo.sli.metricThreshold.resource, (metrics, type) => {
        const t = slo.sli.metricThreshold!;
        const base: PathSegment[] = ['slos', i, 'sli', 'metricThreshold'];
        const m = findMetric(ctx, metrics, t.metric, type, [...base, 'metric']);
        if (!m) return;
        if (!m.aggregations.includes(t.aggregation)) ctx.report([...base, 'aggregation']).metricSliUnsupportedAggregation(m.name, t.aggregation, m.aggregations, m.aggregations);
        const grain = parseDuration(t.grain ?? '1m')!;
        const shortest = Math.min(...(m.timeGrains ?? ['PT1M']).map(isoSeconds));
        if (grain < shortest) ctx.report([...base, t.grain ? 'grain' : 'metric']).metricSliGrainTooShort(m.name, t.grain ?? '1m', m.timeGrains ?? []);
      });
    });
  },
};

/** The resource, its type's metrics, then the kind's own checks, then whether AzureMetrics will hold the data. */
function checkSli(ctx: RuleContext, slo: SloSpec, base: readonly PathSegment[], name: string, own: (metrics: readonly MetricDefinition[], type: string) => void): void {
  const declared = ctx.resources.filter((r) => r.duplicateOf === undefined && r.parts);
  // By full id, or by name (the id's last segment) when one resource has it.
  const byId = declared.filter((r) => r.spec.id.toLowerCase() === name.toLowerCase());
  const named = byId.length ? byId.slice(0, 1) : declared.filter((r) => r.parts!.name.toLowerCase() === name.toLowerCase());
  const at = [...base, 'resource'];
  if (named.length === 0) {
    const names = declared.map((r) => r.parts!.name);
    ctx.report(at).metricSliUnknownResource(name, names, closestMatch(name, names));
    return;
  }
  if (named.length > 1) {
    ctx.report(at).metricSliAmbiguousResource(name, named.length);
    return;
  }
  const r = named[0]!;
  const type = r.entry?.type ?? r.parts!.type;
  const metrics = resourceMetrics(type);
  if (!metrics) {
    ctx.report(at).metricSliTypeWithoutMetrics(parseResourceId(r.spec.id)!.name, type);
    return;
  }
  own(metrics, type);
  if (r.spec.diagnostics?.metrics === true) return;
  // Every metric SLI's function reads AzureMetrics; its alerts may not (a metric-routed alert reads the metric store).
  const days = typeof slo.window === 'string' ? Number(slo.window.slice(0, -1)) : (CALENDAR_PERIODS[slo.window.calendar]?.nominalDays ?? Number.NaN);
  const kind = slo.sli.metricRatio ? 'metricRatio' : 'metricThreshold';
  const logAlerts = (['page', 'ticket'] as const).filter((k) => {
    const a = slo.alerting?.[k];
    if (!a || a.enabled === false || !Number.isInteger(days) || days < 1) return false;
    const w = windowsFor(days, k);
    return w.pairs.length > 0 && alertRoute(kind, slo.sli[kind], slo.objective, w).via === 'log';
  });
  const needs = logAlerts.length
    ? `the SLI function and its ${logAlerts.join(' and ')} alert${logAlerts.length > 1 ? 's' : ''} read`
    : 'the SLI function (behind the workbook and the error budget) reads';
  ctx.report(at).metricsNotSentToWorkspace(r.parts!.name, fact('metrics-export', 'category'), needs);
}

function findMetric(ctx: RuleContext, metrics: readonly MetricDefinition[], metric: string, type: string, at: readonly PathSegment[]): MetricDefinition | undefined {
  const m = metrics.find((x) => x.name === metric);
  if (!m) ctx.report(at).metricSliUnknownMetric(metric, type, closestMatch(metric, metrics.map((x) => x.name)));
  else if (m.dsExport === false) ctx.report(at).metricSliNotExported(metric, type);
  return m;
}

/** A ratio's good, bad or total: a metric that counts events (Total or Count), dimensions that exist, and none asked of AzureMetrics. */
function checkSelector(ctx: RuleContext, metrics: readonly MetricDefinition[], type: string, sel: MetricSelectorSpec, base: readonly PathSegment[]): void {
  const m = findMetric(ctx, metrics, sel.metric, type, [...base, 'metric']);
  if (!m) return;
  const aggregation = sel.aggregation ?? 'Total';
  if (!m.aggregations.includes(aggregation)) {
    const usable = m.aggregations.filter((a) => a === 'Total' || a === 'Count');
    ctx.report([...base, sel.aggregation ? 'aggregation' : 'metric']).metricSliUnsupportedAggregation(m.name, aggregation, m.aggregations, usable);
  }
  for (const d of Object.keys(sel.dimensions ?? {})) {
    if (!m.dimensions.includes(d)) {
      ctx.report([...base, 'dimensions', d], 'key').metricSliUnknownDimension(m.name, d, m.dimensions, closestMatch(d, m.dimensions));
      continue;
    }
    if (!fact('metrics-export', 'exportsDimensions')) ctx.report([...base, 'dimensions', d], 'key').metricSliDimensionNotInWorkspace(m.name, d);
  }
}
