import { apiVersion, fact } from '../catalog/index.js';
import { isoSeconds } from '../base/durations.js';
import type { AlertModel, SloModel } from '../model/service.js';
import { fit } from '../model/names.js';
import { prometheusRules, prometheusSli } from '../promql/rules.js';
import { prometheusBudgetRules, type BudgetedPrometheusSlo } from '../promql/budget.js';
import type { BudgetThreshold } from '../model/budget.js';
import { actionGroupKey } from './action-groups.js';
import { TAGS, type ServiceContext } from './context.js';
import { ResourceIdRef, type AzureResource, type ParamRef } from './model.js';

export const PROMETHEUS_RULE_GROUP_TYPE = 'Microsoft.AlertsManagement/prometheusRuleGroups';

/** The parameter holding the service's Azure Monitor workspace id; added once per service that has Prometheus SLIs. */
export function monitorWorkspaceParam(ctx: ServiceContext): ParamRef {
  const id = ctx.service.azure.monitorWorkspace;
  if (!id) throw new Error(`service ${ctx.service.name} has a Prometheus SLI but no azure.monitorWorkspace (validation lets none through)`);
  return ctx.params.add([ctx.service.slug, 'monitor-workspace-id'], {
    type: 'string',
    description: `Resource id of the Azure Monitor workspace (managed Prometheus) of service ${ctx.service.name}.`,
    secure: false,
    source: { kind: 'literal', value: id },
  });
}

/**
 * One managed Prometheus rule group per Prometheus SLO (Microsoft.AlertsManagement/prometheusRuleGroups): a recording
 * rule per window its alerts read, then the page and ticket alert rules on the recorded ratios, notifying the same
 * action groups as log alerts do. Scoped to the workspace, and to the SLI's cluster when it names one.
 */
export function prometheusRuleGroup(ctx: ServiceContext, slo: SloModel, workspace: ParamRef): AzureResource {
  const s = ctx.service;
  const sli = prometheusSli(slo);
  const rules = prometheusRules(s.name, slo, (a) => prometheusAlertDescription(s.name, slo, a));
  const recording = rules.recording.map((r) => ({ record: r.record, expression: r.expression, labels: { ...r.labels }, enabled: true }));
  const ratios = rules.recording.filter((r) => r.record.startsWith('azslo:sli_error:'));
  const intervals = [...new Set(slo.alerts.map((a) => a.windows.evaluationFrequency))];
  const interval = intervals[0] ?? fact('prometheus-rules', 'evaluationIntervalMin');
  const min = isoSeconds(fact('prometheus-rules', 'evaluationIntervalMin'));
  const max = isoSeconds(fact('prometheus-rules', 'evaluationIntervalMax'));
  if (intervals.length > 1 || isoSeconds(interval) < min || isoSeconds(interval) > max) throw new Error(`catalog/windows/prometheus: SLO ${slo.name} needs one rule group interval between ${min} s and ${max} s, has ${intervals.join(', ')}`);
  const alerts = rules.alerts.map((a) => ({
    alert: a.alert,
    expression: a.expression,
    severity: a.severity,
    enabled: true,
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    resolveConfiguration: { autoResolved: true },
    actions: slo.alerts
      .find((x) => x.kind === a.kind)!
      .notify.map((name) => ({ actionGroupId: new ResourceIdRef(actionGroupKey(s.slug, s.targets.find((t) => t.name === name)!)), actionProperties: { [TAGS.service]: s.name, [TAGS.slo]: slo.name, 'azslo-alert': a.kind } })),
  }));
  const count = recording.length + alerts.length;
  if (count > fact('prometheus-rules', 'rulesPerGroupMax')) throw new Error(`SLO ${slo.name}: ${count} Prometheus rules, more than a rule group holds`);
  const clusterName = sli.cluster?.split('/').pop();
  return {
    key: `${s.slug}/alerting/slo-${slo.slug}-prometheus`,
    module: `${s.slug}/alerting`,
    symbol: `prometheus_${slo.slug.replace(/-/g, '_')}`,
    type: PROMETHEUS_RULE_GROUP_TYPE,
    apiVersion: apiVersion(PROMETHEUS_RULE_GROUP_TYPE),
    name: `slo-${s.slug}-${slo.slug}`,
    location: ctx.location,
    tags: ctx.tags(slo.name),
    properties: {
      description: `Burn-rate rules of SLO '${slo.name}' of service '${s.name}' (${slo.objective} % over ${slo.windowDays} days): error ratios recorded per window, page and ticket alerts on them.`,
      enabled: true,
      interval,
      scopes: sli.cluster ? [workspace, sli.cluster] : [workspace],
      ...(clusterName ? { clusterName } : {}),
      rules: [...recording, ...alerts],
    },
    dependsOn: [],
    description: `Prometheus rule group of SLO ${slo.name}: error ratios over ${ratios.map((r) => r.record.replace('azslo:sli_error:ratio_rate', '')).join(', ')}, event rates over the long windows, and ${alerts.map((a) => a.alert).join(', ') || 'no alert'}, every ${interval}.`,
  };
}

/** A Prometheus SLO with budget alerts. */
export const hasPrometheusBudget = (slo: SloModel): slo is SloModel & BudgetedPrometheusSlo => slo.sliKind === 'prometheus' && slo.budget !== undefined;

/**
 * The budget rule group of a Prometheus SLO with budget alerts (docs/burn-rate-alerts.md, Budget alerts): the error
 * ratio over the SLO window, recorded, and one alert rule per threshold, notifying `alerting.budget.notify`. A group of
 * its own, not rules in the burn-rate group: maintenance windows silence a Prometheus SLO's alerts by rule group id,
 * and budget alerts stay loud in a window as they do for log SLOs; and its interval can be the longest a group allows
 * (the log form runs hourly), since a budget moves slowly and every evaluation reads the whole window.
 */
export function prometheusBudgetRuleGroup(ctx: ServiceContext, slo: SloModel & BudgetedPrometheusSlo, workspace: ParamRef): AzureResource {
  const s = ctx.service;
  if (slo.window.kind !== 'rolling') throw new Error(`SLO ${slo.name}: a Prometheus budget over a calendar window (validation lets none through: AZSLO074)`);
  const sli = prometheusSli(slo);
  const rules = prometheusBudgetRules(s.name, slo, (t) => prometheusBudgetDescription(s.name, slo, t));
  const interval = fact('prometheus-rules', 'evaluationIntervalMax');
  const recording = { record: rules.recording.record, expression: rules.recording.expression, labels: { ...rules.recording.labels }, enabled: true };
  const alerts = rules.alerts.map((a) => ({
    alert: a.alert,
    expression: a.expression,
    severity: a.severity,
    enabled: true,
    labels: { ...a.labels },
    annotations: { ...a.annotations },
    resolveConfiguration: { autoResolved: true },
    actions: slo.budget.notify.map((name) => ({ actionGroupId: new ResourceIdRef(actionGroupKey(s.slug, s.targets.find((t) => t.name === name)!)), actionProperties: { [TAGS.service]: s.name, [TAGS.slo]: slo.name, 'azslo-budget': a.threshold.slug } })),
  }));
  const count = 1 + alerts.length;
  if (count > fact('prometheus-rules', 'rulesPerGroupMax')) throw new Error(`SLO ${slo.name}: ${count} Prometheus budget rules, more than a rule group holds (validation lets none through)`);
  const clusterName = sli.cluster?.split('/').pop();
  return {
    key: `${s.slug}/alerting/slo-${slo.slug}-prometheus-budget`,
    module: `${s.slug}/alerting`,
    symbol: `prometheus_budget_${slo.slug.replace(/-/g, '_')}`,
    type: PROMETHEUS_RULE_GROUP_TYPE,
    apiVersion: apiVersion(PROMETHEUS_RULE_GROUP_TYPE),
    name: `budget-${s.slug}-${slo.slug}`,
    location: ctx.location,
    tags: ctx.tags(slo.name),
    properties: {
      description: `Budget rules of SLO '${slo.name}' of service '${s.name}' (${slo.objective} % over ${slo.windowDays} days): the error ratio over the SLO window recorded, an alert per threshold of the budget remaining.`,
      enabled: true,
      interval,
      scopes: sli.cluster ? [workspace, sli.cluster] : [workspace],
      ...(clusterName ? { clusterName } : {}),
      rules: [recording, ...alerts],
    },
    dependsOn: [],
    description: `Prometheus budget rule group of SLO ${slo.name}: ${rules.recording.record} and ${alerts.map((a) => a.alert).join(', ')}, every ${interval}.`,
  };
}

/** Which SLO, which threshold, over what, and where the recorded ratio is. */
export function prometheusBudgetDescription(serviceName: string, slo: BudgetedPrometheusSlo, t: BudgetThreshold): string {
  const what = t.kind === 'exhausted' ? 'has spent its whole error budget' : `has less than ${t.remainingPercent} % of its error budget left`;
  return fit(
    `SLO '${slo.name}' of service '${serviceName}' (${slo.objective} % over ${slo.windowDays} days) ${what} over the last ${slo.windowDays} days. ` +
      `The error ratio over the window is recorded in the Azure Monitor workspace as azslo:sli_error:ratio_rate${slo.windowDays}d with the labels azslo_service and azslo_slo.`,
    fact('metric-alerts', 'descriptionMaxLength'),
  );
}

/** Which SLO, which windows, which burn rates, and where the recorded ratios are. */
export function prometheusAlertDescription(serviceName: string, slo: SloModel, alert: AlertModel): string {
  const pairs = alert.windows.pairs.map((p) => `burn rate >= ${p.burnRate}× over both ${p.long} and ${p.short} (${p.budgetPercent} % of the ${slo.windowDays}-day error budget spent in ${p.long})`);
  return fit(
    `${alert.kind === 'page' ? 'Page' : 'Ticket'}: SLO '${slo.name}' of service '${serviceName}' (${slo.objective} % over ${slo.windowDays} days${slo.description ? `: ${slo.description}` : ''}) ` +
      `is burning its error budget too fast: ${pairs.join('; or ')}. Only with at least ${alert.minimumEvents} events in the long window. The error ratios are recorded in the Azure Monitor workspace as azslo:sli_error:ratio_rate<window> with the labels azslo_service and azslo_slo.`,
    fact('metric-alerts', 'descriptionMaxLength'),
  );
}
