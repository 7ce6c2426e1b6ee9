import { apiVersion, fact } from '../catalog/index.js';
import { burnRateAlertQuery } from '../kql/alert.js';
import { fit } from '../model/names.js';
import type { AlertModel, SloModel } from '../model/service.js';
import { actionGroupKey } from './action-groups.js';
import { TAGS, type ServiceContext } from './context.js';
import { functionKey } from './functions.js';
import { FileText, Merge, ResourceIdRef, isPlainObject, type AzureResource, type Value } from './model.js';
import type { MetricOperator } from '../model/spec.js';
import { isoSeconds } from '../base/durations.js';

const TYPE = 'Microsoft.Insights/scheduledQueryRules';

const humanDuration = (seconds: number): string => {
  const h = seconds / 3600;
  if (h >= 48 && h % 24 === 0) return `${h / 24} days`;
  if (h >= 1) return `${Number(h.toFixed(1))} hour${h === 1 ? '' : 's'}`;
  return `${Math.round(seconds / 60)} minutes`;
};

/** The SLO window in the alert's words; a calendar window's burn rates are reckoned on its nominal length. */
const windowWords = (slo: SloModel): string => (slo.window.kind === 'calendar' ? `${slo.window.text}, burn rates on a nominal ${slo.windowDays}-day budget` : `over ${slo.windowDays} days`);

/** Says which SLO, which windows, which burn rates and what each means for the budget. */
export function alertDescription(serviceName: string, slo: SloModel, alert: AlertModel): string {
  const windowHours = slo.windowDays * 24;
  const pairs = alert.windows.pairs.map((p) => {
    const exhaust = humanDuration((windowHours / p.burnRate) * 3600);
    // '>=', not '≥': a character past Latin-1 makes V8 hold the whole module's text at two bytes a character.
    return `burn rate >= ${p.burnRate}× over both ${p.long} and ${p.short} (${p.budgetPercent} % of the ${slo.windowDays}-day error budget spent in ${p.long}; at that rate the whole budget lasts ${exhaust})`;
  });
  const text =
    `${alert.kind === 'page' ? 'Page' : 'Ticket'}: SLO '${slo.name}' of service '${serviceName}' (${slo.objective} % ${windowWords(slo)}${slo.description ? `: ${slo.description}` : ''}) ` +
    `is burning its error budget too fast: ${pairs.join('; or ')}. ` +
    `Only with at least ${alert.minimumEvents} events in the long window. Query: ${slo.functionAlias}() in the workspace.`;
  return fit(text, fact('log-search-alerts', 'descriptionMaxLength'));
}

export const alertQueryFile = (serviceSlug: string, slo: SloModel, alert: AlertModel): string => `${serviceSlug}/kql/${slo.slug}.${alert.kind}.kql`;

/**
 * One log search alert rule per SLO and alert kind (Microsoft.Insights/scheduledQueryRules), combining the
 * kind's window pairs in one query; it fires when the query returns a row (Count > 0) and resolves itself once the
 * burn stops (autoMitigate).
 */
export function burnRateAlertRule(ctx: ServiceContext, slo: SloModel, alert: AlertModel): AzureResource {
  const s = ctx.service;
  const w = alert.windows;
  return {
    key: `${s.slug}/alerting/slo-${slo.slug}-${alert.kind}`,
    module: `${s.slug}/alerting`,
    symbol: `${alert.kind}_${slo.slug.replace(/-/g, '_')}`,
    type: TYPE,
    apiVersion: apiVersion(TYPE),
    name: fit(`slo-${s.slug}-${slo.slug}-${alert.kind}`, fact('log-search-alerts', 'nameMaxLength')),
    kind: 'LogAlert',
    location: ctx.location,
    tags: ctx.tags(slo.name),
    properties: {
      displayName: `${s.displayName} · ${slo.name} · ${alert.kind} (burn rate)`,
      description: alertDescription(s.name, slo, alert),
      severity: alert.severity,
      enabled: true,
      evaluationFrequency: w.evaluationFrequency,
      windowSize: w.queryWindow,
      scopes: [ctx.workspaceId],
      criteria: {
        allOf: [
          rowsFoundCriterion(new FileText(alertQueryFile(s.slug, slo, alert), `${burnRateAlertQuery(slo, alert)}\n`, [], { slo: slo.name })),
        ],
      },
      autoMitigate: true,
      actions: {
        actionGroups: alert.notify.map((name) => {
          const target = s.targets.find((t) => t.name === name)!;
          return new ResourceIdRef(actionGroupKey(s.slug, target));
        }),
        customProperties: {
          [TAGS.service]: s.name,
          [TAGS.slo]: slo.name,
          'azslo-alert': alert.kind,
          'azslo-windows': w.pairs.map((p) => `${p.long}/${p.short}@${p.burnRate}x`).join(', '),
        },
      },
    },
    dependsOn: [functionKey(s.slug, slo)],
    description: `${alert.kind === 'page' ? 'Page' : 'Ticket'} alert of SLO ${slo.name}: windows ${w.pairs.map((p) => `${p.long}/${p.short}`).join(' and ')}, evaluated every ${humanDuration(isoSeconds(w.evaluationFrequency))}.`,
  };
}

/** The criterion of azslo's log alerts: the query returns rows only when the alert should fire. */
export function rowsFoundCriterion(query: FileText): Record<string, Value> {
  return { query, timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0, failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 } };
}

const METRIC_TYPE = 'Microsoft.Insights/metricAlerts';

/** The tag that says which of an SLO's alerts (page or ticket) a metric alert rule realises; log rules say it in customProperties. */
export const ALERT_KIND_TAG = 'azslo-alert';

/** The operator that makes a slice bad: the opposite of the SLI's good condition. */
const BAD_OPERATOR: Record<MetricOperator, MetricOperator> = {
  LessThan: 'GreaterThanOrEqual',
  LessThanOrEqual: 'GreaterThan',
  GreaterThan: 'LessThanOrEqual',
  GreaterThanOrEqual: 'LessThan',
};

/**
 * A burn-rate alert routed to a metric alert rule (src/model/metric-sli.ts says when): one static criterion on the
 * SLI's metric that holds when the current slice is bad, with the slice as window and evaluation frequency. It fires
 * when some slice is bad, as the SLO's most sensitive window pair does, and resolves once a slice is good again.
 */
export function burnRateMetricAlertRule(ctx: ServiceContext, slo: SloModel, alert: AlertModel): AzureResource {
  const s = ctx.service;
  const route = alert.route;
  if (route.via !== 'metric' || slo.sliKind !== 'metricThreshold' || !slo.metricResource) throw new Error(`${slo.name}: the ${alert.kind} alert is not routed to a metric alert`);
  const sli = slo.sli as { metric: string; aggregation: string; operator: MetricOperator; threshold: number };
  const resource = slo.metricResource;
  const description = fit(
    `${alert.kind === 'page' ? 'Page' : 'Ticket'}: SLO '${slo.name}' of service '${s.name}' (${slo.objective} % over ${slo.windowDays} days${slo.description ? `: ${slo.description}` : ''}) ` +
      `has a bad slice: ${sli.aggregation} ${sli.metric} of ${resource.name} ${BAD_OPERATOR[sli.operator]} ${sli.threshold} over ${route.windowSize}. Why a metric alert: ${route.reason}. Query: ${slo.functionAlias}() in the workspace.`,
    fact('metric-alerts', 'descriptionMaxLength'),
  );
  return {
    key: `${s.slug}/alerting/slo-${slo.slug}-${alert.kind}`,
    module: `${s.slug}/alerting`,
    symbol: `${alert.kind}_${slo.slug.replace(/-/g, '_')}`,
    type: METRIC_TYPE,
    apiVersion: apiVersion(METRIC_TYPE),
    name: fit(`slo-${s.slug}-${slo.slug}-${alert.kind}`, fact('metric-alerts', 'nameMaxLength')),
    location: fact('metric-alerts', 'location'),
    tags: withTag(ctx.tags(slo.name), ALERT_KIND_TAG, alert.kind),
    properties: {
      description,
      severity: alert.severity,
      enabled: true,
      scopes: [resource.id],
      evaluationFrequency: route.evaluationFrequency,
      windowSize: route.windowSize,
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria',
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion',
            name: `bad-slice-${alert.kind}`,
            metricName: sli.metric,
            metricNamespace: resource.type,
            timeAggregation: sli.aggregation,
            dimensions: [],
            operator: BAD_OPERATOR[sli.operator],
            threshold: sli.threshold,
          },
        ],
      },
      autoMitigate: true,
      actions: alert.notify.map((name) => ({ actionGroupId: new ResourceIdRef(actionGroupKey(s.slug, s.targets.find((t) => t.name === name)!)) })),
    },
    dependsOn: [],
    description: `${alert.kind === 'page' ? 'Page' : 'Ticket'} alert of SLO ${slo.name} as a metric alert: a bad ${route.windowSize} slice of ${sli.metric}.`,
  };
}

/** The tags with one more of azslo's own, added to the object of its tags (after the deployment's parameter). */
function withTag(tags: Value, key: string, value: string): Value {
  const parts = tags instanceof Merge ? [...tags.parts] : [tags];
  const last = parts[parts.length - 1];
  if (isPlainObject(last)) parts[parts.length - 1] = { ...last, [key]: value };
  else parts.push({ [key]: value });
  return new Merge(parts);
}

/** A tag among a resource's tags as the builders write them (plain, or merged over the deployment's parameter). */
export function tagValue(tags: Value | undefined, key: string): string | undefined {
  if (tags instanceof Merge) return tags.parts.map((p) => tagValue(p, key)).filter((v) => v !== undefined).pop();
  if (isPlainObject(tags) && typeof tags[key] === 'string') return tags[key] as string;
  return undefined;
}
