import { apiVersion, fact } from '../catalog/index.js';
import { burnRateAlertQuery } from '../kql/alert.js';
import { fit } from '../model/names.js';
import type { AlertModel, SloModel } from '../model/service.js';
import { actionGroupKey } from './action-groups.js';
import { TAGS, type ServiceContext } from './context.js';
import { functionKey } from './functions.js';
import { FileText, ResourceIdRef, type AzureResource, type Value } from './model.js';
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
    return `burn rate ≥ ${p.burnRate}× over both ${p.long} and ${p.short} (${p.budgetPercent} % of the ${slo.windowDays}-day error budget spent in ${p.long}; at that rate the whole budget lasts ${exhaust})`;
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
