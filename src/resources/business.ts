import { apiVersion, fact } from '../catalog/index.js';
import { anomalySeriesSeconds, kpiAlertQuery, kpiFunctionBody, kpiQuerySpanSeconds } from '../kql/business.js';
import { kqlTimespan } from '../kql/escape.js';
import type { KpiAlertModel, SignalModel } from '../model/business.js';
import { fit } from '../model/names.js';
import { rowsFoundCriterion } from './alert-rules.js';
import { humanDuration, isoSeconds, specDuration } from '../base/durations.js';
import { savedFunction } from './functions.js';
import { actionGroupKey } from './action-groups.js';
import { TAGS, type ServiceContext } from './context.js';
import { FileText, ResourceIdRef, type AzureResource } from './model.js';

const RULES = 'Microsoft.Insights/scheduledQueryRules';

export const kpiFunctionKey = (serviceSlug: string, signal: SignalModel): string => `${serviceSlug}/functions/${signal.functionAlias}`;

/** The KPI as a saved function (TimeGenerated, Value), like the SLI functions. */
export function kpiFunction(ctx: ServiceContext, signal: SignalModel, previous: AzureResource | undefined): AzureResource {
  const s = ctx.service;
  return savedFunction(
    ctx,
    {
      alias: signal.functionAlias,
      symbol: `kpi_${signal.slug.replace(/-/g, '_')}`,
      displayName: `KPI ${s.name} / ${signal.name}`,
      file: `${s.slug}/kql/kpi-${signal.slug}.kpi.kql`,
      body: kpiFunctionBody(signal),
      tag: { name: 'azslo-signal', value: signal.name },
      origin: { signal: signal.name },
      description: `KPI function ${signal.functionAlias}() of signal ${signal.name}: one row per data point with TimeGenerated and Value.`,
    },
    previous,
  );
}

/** How often each kind of KPI alert runs: often enough to matter, rarely enough to stay cheap. */
function evaluationFrequency(a: KpiAlertModel): string {
  const minutes = (s: number) => s / 60;
  switch (a.kind) {
    case 'threshold':
      return minutes(a.perSeconds) <= 15 ? 'PT5M' : minutes(a.perSeconds) <= 60 ? 'PT15M' : 'PT1H';
    case 'drop':
      return minutes(a.windowSeconds) <= 60 ? 'PT15M' : 'PT1H';
    case 'anomaly':
      return `PT${minutes(a.binSeconds) >= 60 ? `${minutes(a.binSeconds) / 60}H` : `${minutes(a.binSeconds)}M`}`;
    case 'noData':
      return minutes(a.forSeconds) <= 30 ? 'PT5M' : minutes(a.forSeconds) <= 120 ? 'PT15M' : 'PT1H';
  }
}

/** The smallest window size Azure accepts that covers the query's span. */
export function windowSizeFor(spanSeconds: number): string | undefined {
  return fact('log-search-alerts', 'windowSizes').find((w) => isoSeconds(w) >= spanSeconds);
}

/** 21 days → 'three weeks' (a catalog fact in words, as descriptions read). */
const weeks = (days: number): string => (days % 7 === 0 && days / 7 <= 10 ? `${['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'][days / 7]} week${days === 7 ? '' : 's'}` : `${days} days`);

const patternText = (seconds: number): string => (seconds === 86400 ? 'daily pattern' : seconds === 3600 ? 'hourly pattern' : `pattern repeating every ${specDuration(seconds)}`);

function describe(signal: SignalModel, a: KpiAlertModel): string {
  const unit = signal.unit ? ` ${signal.unit}` : '';
  const what = (() => {
    switch (a.kind) {
      case 'threshold':
        return `the total over ${kqlTimespan(a.perSeconds)} is ${[a.below !== undefined ? `below ${a.below}${unit}` : '', a.above !== undefined ? `above ${a.above}${unit}` : ''].filter(Boolean).join(' or ')}`;
      case 'drop':
        return `the total over the last ${kqlTimespan(a.windowSeconds)} is more than ${a.percent} % below the same window ${a.comparedTo === 'lastWeek' ? 'a week' : 'a day'} earlier (which had at least ${a.minimum}${unit})`;
      case 'anomaly':
        return a.method === 'dynamicThreshold'
          ? `the total per ${kqlTimespan(a.binSeconds)} ${a.direction === 'both' ? 'leaves' : a.direction === 'drop' ? 'falls below' : 'rises above'} the threshold Azure learned from its history (dynamic thresholds, ${a.sensitivity} sensitivity; weekly patterns after ${weeks(fact('log-search-alerts', 'dynamicThresholdWeeklySeasonalityAfterDays'))})`
          : `the last ${kqlTimespan(a.binSeconds)} is an anomalous ${a.direction === 'both' ? 'drop or spike' : a.direction} against its ${patternText(a.periodSeconds)} over the last ${humanDuration(anomalySeriesSeconds(a.binSeconds))} (series_decompose_anomalies with a fixed period of ${a.periodSeconds / a.binSeconds} bins, ${a.sensitivity} sensitivity)`;
      case 'noData':
        return `no data point arrived for ${kqlTimespan(a.forSeconds)}`;
    }
  })();
  const lagged = a.kind === 'threshold' || a.kind === 'drop' || (a.kind === 'anomaly' && a.method === 'decompose');
  const lag = lagged ? ` Windows end ${fact('log-search-alerts', 'ingestionAllowanceMinutes')} minutes ago to allow for log ingestion.` : '';
  return `KPI '${signal.name}' of service: fires when ${what}${a.businessHours ? `, only during business hours (${a.businessHours.text})` : ''}.${lag}${signal.description ? ` ${signal.description}` : ''}`;
}

/** One log search alert rule per KPI alert. */
export function kpiAlertRule(ctx: ServiceContext, signal: SignalModel, a: KpiAlertModel): AzureResource {
  const s = ctx.service;
  const name = fit(`kpi-${s.slug}-${signal.slug}-${a.id}`, fact('log-search-alerts', 'nameMaxLength'));
  const dynamic = a.kind === 'anomaly' && a.method === 'dynamicThreshold';
  const windowSize = dynamic ? evaluationFrequency(a) : windowSizeFor(kpiQuerySpanSeconds(a));
  if (!windowSize) throw new Error(`${signal.name}/${a.id}: query span exceeds what a log alert can read (validation should have refused it)`);
  return {
    key: `${s.slug}/business/${name}`,
    module: `${s.slug}/business`,
    symbol: `kpi_${signal.slug.replace(/-/g, '_')}_${a.id.replace(/-/g, '_')}`,
    type: RULES,
    apiVersion: apiVersion(dynamic ? `${RULES}#dynamicThreshold` : RULES),
    name,
    kind: 'LogAlert',
    location: ctx.location,
    tags: ctx.tags(),
    properties: {
      displayName: `${s.displayName} · KPI ${signal.name} · ${a.id}`,
      description: fit(describe(signal, a).replace("of service:", `of service '${s.name}':`), fact('log-search-alerts', 'descriptionMaxLength')),
      severity: a.severity,
      enabled: true,
      evaluationFrequency: evaluationFrequency(a),
      windowSize,
      scopes: [ctx.workspaceId],
      criteria: {
        allOf: [
          dynamic
            ? {
                criterionType: 'DynamicThresholdCriterion',
                query: new FileText(`${s.slug}/kql/kpi-${signal.slug}.${a.id}.kql`, `${kpiAlertQuery(signal, a)}\n`, [], { signal: signal.name }),
                timeAggregation: 'Total',
                metricMeasureColumn: 'Value',
                operator: a.direction === 'drop' ? 'LessThan' : a.direction === 'spike' ? 'GreaterThan' : 'GreaterOrLessThan',
                alertSensitivity: a.sensitivity === 'low' ? 'Low' : a.sensitivity === 'high' ? 'High' : 'Medium',
                failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
              }
            : rowsFoundCriterion(new FileText(`${s.slug}/kql/kpi-${signal.slug}.${a.id}.kql`, `${kpiAlertQuery(signal, a)}\n`, [], { signal: signal.name })),
        ],
      },
      autoMitigate: true,
      actions: {
        actionGroups: a.notify.map((n) => new ResourceIdRef(actionGroupKey(s.slug, s.targets.find((t) => t.name === n)!))),
        customProperties: { [TAGS.service]: s.name, 'azslo-signal': signal.name, 'azslo-alert': a.id },
      },
    },
    dependsOn: [kpiFunctionKey(s.slug, signal)],
    description: `KPI ${a.kind} alert on ${signal.name}.`,
  };
}
