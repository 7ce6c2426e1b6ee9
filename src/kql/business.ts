import { fact } from '../catalog/index.js';
import { ANOMALY_THRESHOLDS, type KpiAlertModel, type SignalModel } from '../model/business.js';
import { renderKql, renderKqlWithSpans, templatesDir, type RenderedKql } from './templates.js';

const tpl = (name: string) => new URL(`kql/${name}.kql.hbs`, templatesDir);

/** Seconds a KPI window ends before now, so that late-arriving logs do not look like a drop. */
export const ingestionAllowanceSeconds = (): number => fact('log-search-alerts', 'ingestionAllowanceMinutes') * 60;

/**
 * Span of a decompose anomaly series in bins of `binSeconds`: the most whole bins whose first one still starts inside
 * the two days a log search alert reads. The series ends at the last whole bin before the ingestion allowance, which
 * can lie up to a bin earlier than the allowance itself: 47 h 30 min of 15-minute bins, 46 h of hourly ones.
 */
export const anomalySeriesSeconds = (binSeconds: number): number =>
  Math.floor((fact('log-search-alerts', 'maxQueryLookbackHours') * 3600 - ingestionAllowanceSeconds() - binSeconds) / binSeconds) * binSeconds;

/**
 * Why a decompose anomaly alert's seasonal model does not hold, or undefined when it does. The period is given to
 * series_decompose_anomalies in bins, never autodetected: autodetection finds periods of at most half the series,
 * and a log search alert's series covers less than two days, so a daily period would never be found. The series
 * must hold one whole period before its latest bin (that bin's phase then has an earlier value to be measured
 * against), and a period must span enough bins to be a pattern.
 */
export function anomalySeasonalityProblem(a: { readonly binSeconds: number; readonly periodSeconds: number }): { readonly kind: 'notWholeBins' | 'tooFewBins' | 'longerThanSeries'; readonly seriesSeconds: number; readonly minBins: number } | undefined {
  const seriesSeconds = anomalySeriesSeconds(a.binSeconds);
  const minBins = fact('kusto', 'seriesPeriodMinPoints');
  const found = (kind: 'notWholeBins' | 'tooFewBins' | 'longerThanSeries') => ({ kind, seriesSeconds, minBins });
  if (a.periodSeconds % a.binSeconds !== 0) return found('notWholeBins');
  if (a.periodSeconds / a.binSeconds < minBins) return found('tooFewBins');
  if (seriesSeconds < a.periodSeconds + a.binSeconds) return found('longerThanSeries');
  return undefined;
}

/** Body of a KPI's saved function: one row per data point with TimeGenerated and a real Value. */
export const kpiFunctionBody = (signal: Pick<SignalModel, 'source'>): string => renderKpiFunction(signal).text;

/** The same body, with where the user's query stands in it, so it can be checked in place. */
export const renderKpiFunction = (signal: Pick<SignalModel, 'source'>): RenderedKql => renderKqlWithSpans(tpl('kpi-function'), { source: signal.source });

/** The query of one KPI alert rule; it returns a row only when the alert should fire. */
export function kpiAlertQuery(signal: SignalModel, alert: KpiAlertModel): string {
  const delaySeconds = ingestionAllowanceSeconds();
  const hours = alert.businessHours;
  const common = { functionAlias: signal.functionAlias, delaySeconds, hours };
  switch (alert.kind) {
    case 'threshold':
      return renderKql(tpl('kpi-threshold'), {
        ...common,
        startSeconds: alert.perSeconds + delaySeconds,
        below: alert.below,
        above: alert.above,
        hasBelow: alert.below !== undefined,
        hasAbove: alert.above !== undefined,
        hasBoth: alert.below !== undefined && alert.above !== undefined,
      });
    case 'drop':
      return renderKql(tpl('kpi-drop'), {
        ...common,
        startSeconds: alert.windowSeconds + delaySeconds,
        offsetSeconds: alert.offsetSeconds,
        minimum: alert.minimum,
        keepRatio: Math.round((1 - alert.percent / 100) * 1e6) / 1e6,
      });
    case 'anomaly':
      // Azure aggregates Value per window itself and compares it with the threshold it learned.
      if (alert.method === 'dynamicThreshold') return renderKql(tpl('kpi-dynamic'), common);
      return renderKql(tpl('kpi-anomaly'), {
        ...common,
        binSeconds: alert.binSeconds,
        spanSeconds: anomalySeriesSeconds(alert.binSeconds),
        periodBins: alert.periodSeconds / alert.binSeconds,
        threshold: ANOMALY_THRESHOLDS[alert.sensitivity],
        direction: alert.direction,
      });
    case 'noData':
      return renderKql(tpl('kpi-nodata'), { ...common, forSeconds: alert.forSeconds });
  }
}

/** The seconds of data a KPI alert's query reads, the rule's window size must cover it. */
export function kpiQuerySpanSeconds(alert: KpiAlertModel): number {
  const delay = ingestionAllowanceSeconds();
  switch (alert.kind) {
    case 'threshold':
      return alert.perSeconds + delay;
    case 'drop':
      return alert.offsetSeconds + alert.windowSeconds + delay;
    case 'anomaly':
      return alert.method === 'dynamicThreshold' ? alert.binSeconds : anomalySeriesSeconds(alert.binSeconds) + delay + alert.binSeconds;
    case 'noData':
      return alert.forSeconds;
  }
}
