import { fact } from '../catalog/index.js';
import { parseDuration } from '../base/durations.js';
import { isPlainObject, ResourceIdRef, type AzureResource, type Deployment, type Value } from './model.js';
import { ALERT_KIND_TAG, tagValue } from './alert-rules.js';
import { TAGS } from './context.js';

/**
 * The alert rules of a deployment, read back from the resources the builders emit: what `generate` writes and
 * `apply` deploys, so that consumers (the analysis) count exactly these rules, under their real names, with their
 * real evaluation settings, instead of deriving them a second time. Read-only; the shapes read here are the ones
 * alert-rules.ts, metric-alerts.ts, health-alerts.ts and business.ts build.
 */
interface RuleBase {
  /** The service's slug: the first segment of the rule's module. */
  readonly service: string;
  readonly key: string;
  /** The rule's Azure resource name. */
  readonly name: string;
  readonly type: string;
}

/** A log search alert rule on an SLO's burn rate (scheduledQueryRules with azslo-slo). */
export interface BurnRateRule extends RuleBase {
  readonly kind: 'burn-rate';
  readonly slo: string;
  /** page or ticket. */
  readonly alert: string;
  readonly evaluationFrequency: string;
  readonly windowSize: string;
  /** A log search alert over the SLI function, a metric alert on a platform-metric SLI's metric (src/model/metric-sli.ts), or an alert rule of a managed Prometheus rule group. */
  readonly via: 'log' | 'metric' | 'prometheus';
  /** The managed Prometheus rule group the alert rule is in (its Azure resource name); log alerts are resources themselves. */
  readonly group?: string;
}

/** A log search alert rule on an SLO's remaining error budget (scheduledQueryRules with azslo-budget): below N %, or exhausted. */
export interface BudgetRule extends RuleBase {
  readonly kind: 'budget';
  readonly slo: string;
  /** The threshold: below-50, exhausted. */
  readonly threshold: string;
  readonly evaluationFrequency: string;
  readonly windowSize: string;
  /** An alert rule of a managed Prometheus budget rule group (prometheus-rules.ts), in that group (its Azure resource name). */
  readonly via?: 'prometheus';
  readonly group?: string;
}

/** One criterion of a metric alert rule: the catalog alert it realises and, when dynamic, its failing periods. */
export interface MetricCriterion {
  /** The alert id (catalog baseline alert or RPO signal). */
  readonly alertId: string;
  readonly dynamic: { readonly minFailingPeriods: number; readonly evaluationPeriods: number } | undefined;
}

export interface MetricRule extends RuleBase {
  readonly kind: 'metric';
  /** The rule's scopes as deployed: resource ids, or a sub-resource of one (`<account>/fileServices/default`). */
  readonly scopes: readonly string[];
  /** The declared resources the rule watches: its scopes with a sub-service suffix taken off. */
  readonly resourceIds: readonly string[];
  readonly criteria: readonly MetricCriterion[];
  readonly evaluationFrequency: string;
  readonly windowSize: string;
}

export interface ResourceHealthRule extends RuleBase {
  readonly kind: 'resource-health';
  /** Resource ids whose health events fire the rule. */
  readonly resourceIds: readonly string[];
}

export interface ServiceHealthRule extends RuleBase {
  readonly kind: 'service-health';
  /** Azure service names (Service Health's), and region display names, the rule listens to. */
  readonly services: readonly string[];
  readonly regions: readonly string[];
}

/** A log search alert rule on a business signal (scheduledQueryRules with azslo-signal). */
export interface KpiRule extends RuleBase {
  readonly kind: 'kpi';
  readonly signal: string;
  readonly alert: string;
  readonly evaluationFrequency: string;
  readonly windowSize: string;
}

/** A rule on a resource azslo itself deploys (the DR plans' Automation account): it tells approvers a plan stopped. */
export interface PlanStoppedRule extends RuleBase {
  readonly kind: 'plan-stopped';
  /** The key of the resource it watches, in this deployment. */
  readonly watches: string;
}

/**
 * The activity log alert that tells a service's drill receivers a drill started or ended (the writes of its alert
 * processing rules): not an alert on the service, so it neither detects nor blocks a drill.
 */
export interface DrillAnnouncementRule extends RuleBase {
  readonly kind: 'drill-announcement';
}

export type DeployedAlertRule = BurnRateRule | BudgetRule | MetricRule | ResourceHealthRule | ServiceHealthRule | KpiRule | PlanStoppedRule | DrillAnnouncementRule;

/** Azure resource types that are alert rules. Every resource of these types is read into a DeployedAlertRule. */
export const ALERT_RULE_TYPES: readonly string[] = ['Microsoft.Insights/scheduledQueryRules', 'Microsoft.Insights/metricAlerts', 'Microsoft.Insights/activityLogAlerts', 'Microsoft.AlertsManagement/prometheusRuleGroups'];

/**
 * The alert rules of a managed Prometheus rule group (prometheus-rules.ts): one burn-rate rule per alert rule in it,
 * named as the alert rule, evaluated at the group's interval over its longest window (labels azslo_slo, azslo_alert);
 * in a budget group, one budget rule per threshold (label azslo_budget) over the SLO window.
 */
/** Seconds as an ISO 8601 duration in days, hours and minutes (P3D, PT6H, PT1H30M). */
function isoDuration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}`;
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : ''}`;
}

function readRuleGroup(r: AzureResource): (BurnRateRule | BudgetRule)[] {
  const p = obj(r.properties, 'properties', r);
  const interval = str(p.interval, 'interval', r);
  return list(p.rules, 'rules', r)
    .map((x) => obj(x, 'rule', r))
    .filter((x) => typeof x.alert === 'string')
    .map((x): BurnRateRule | BudgetRule => {
      const labels = obj(x.labels, 'labels', r);
      if (typeof labels.azslo_budget === 'string') {
        // A budget rule (promql/budget.ts): its annotation names the SLO window the recorded ratio reads.
        const window = parseDuration(str(obj(x.annotations, 'annotations', r).budget, 'budget annotation', r));
        if (window === undefined) throw new Error(`${r.key}: unreadable budget annotation`);
        return {
          service: r.module.split('/')[0]!,
          key: r.key,
          name: str(x.alert, 'alert', r),
          type: r.type,
          kind: 'budget',
          via: 'prometheus',
          slo: str(labels.azslo_slo, 'azslo_slo label', r),
          threshold: labels.azslo_budget,
          evaluationFrequency: interval,
          windowSize: isoDuration(window),
          group: r.name,
        };
      }
      // The annotation lists the pairs as long/short@rate (prometheus-rules.ts); the longest long window is the range read.
      const windows = str(obj(x.annotations, 'annotations', r).windows, 'windows annotation', r);
      const longest = Math.max(...windows.split(', ').map((w) => parseDuration(w.split('/')[0]!) ?? NaN));
      if (!Number.isFinite(longest)) throw new Error(`${r.key}: unreadable windows annotation '${windows}'`);
      return {
        service: r.module.split('/')[0]!,
        key: r.key,
        name: str(x.alert, 'alert', r),
        type: r.type,
        kind: 'burn-rate' as const,
        via: 'prometheus' as const,
        slo: str(labels.azslo_slo, 'azslo_slo label', r),
        alert: str(labels.azslo_alert, 'azslo_alert label', r),
        evaluationFrequency: interval,
        windowSize: isoDuration(longest),
        group: r.name,
      };
    });
}

const obj = (v: Value | undefined, what: string, r: AzureResource): Record<string, Value> => {
  if (!isPlainObject(v)) throw new Error(`${r.key}: ${what} is not an object`);
  return v;
};
const str = (v: Value | undefined, what: string, r: AzureResource): string => {
  if (typeof v !== 'string') throw new Error(`${r.key}: ${what} is not a string`);
  return v;
};
const list = (v: Value | undefined, what: string, r: AzureResource): readonly Value[] => {
  if (!Array.isArray(v)) throw new Error(`${r.key}: ${what} is not a list`);
  return v as readonly Value[];
};

/** The condition of an activity log alert's allOf that tests `field`, or undefined. */
function condition(allOf: readonly Value[], field: string): Record<string, Value> | undefined {
  return allOf.filter(isPlainObject).find((c) => c.field === field) as Record<string, Value> | undefined;
}

/** Values of an `anyOf` of `equals` conditions (activity log alert), or of a `containsAny`. */
function values(allOf: readonly Value[], field: string, r: AzureResource): string[] {
  const direct = condition(allOf, field);
  if (direct) {
    if (typeof direct.equals === 'string') return [direct.equals];
    return list(direct.containsAny, `${field} containsAny`, r).map((v) => str(v, field, r));
  }
  const any = allOf.filter(isPlainObject).find((c) => Array.isArray(c.anyOf) && (c.anyOf as Value[]).some((x) => isPlainObject(x) && x.field === field));
  if (!any) throw new Error(`${r.key}: no condition on ${field}`);
  return list(any.anyOf, `${field} anyOf`, r).map((x) => str(obj(x, field, r).equals, field, r));
}

function readRule(r: AzureResource): DeployedAlertRule {
  const base: RuleBase = { service: r.module.split('/')[0]!, key: r.key, name: r.name, type: r.type };
  const p = obj(r.properties, 'properties', r);
  switch (r.type) {
    case 'Microsoft.Insights/scheduledQueryRules': {
      const custom = obj(obj(p.actions, 'actions', r).customProperties, 'customProperties', r);
      const timing = { evaluationFrequency: str(p.evaluationFrequency, 'evaluationFrequency', r), windowSize: str(p.windowSize, 'windowSize', r) };
      if (typeof custom['azslo-budget'] === 'string') return { ...base, kind: 'budget', slo: str(custom['azslo-slo'], 'azslo-slo', r), threshold: custom['azslo-budget'], ...timing };
      if (typeof custom['azslo-slo'] === 'string') return { ...base, kind: 'burn-rate', via: 'log', slo: custom['azslo-slo'], alert: str(custom['azslo-alert'], 'azslo-alert', r), ...timing };
      if (typeof custom['azslo-signal'] === 'string') return { ...base, kind: 'kpi', signal: custom['azslo-signal'], alert: str(custom['azslo-alert'], 'azslo-alert', r), ...timing };
      throw new Error(`${r.key}: a log search alert rule with neither azslo-slo nor azslo-signal`);
    }
    case 'Microsoft.Insights/metricAlerts': {
      const watched = list(p.scopes, 'scopes', r).find((s): s is ResourceIdRef => s instanceof ResourceIdRef);
      if (watched) return { ...base, kind: 'plan-stopped', watches: watched.key };
      const slo = tagValue(r.tags, TAGS.slo);
      if (slo !== undefined) {
        const alert = tagValue(r.tags, ALERT_KIND_TAG);
        if (alert === undefined) throw new Error(`${r.key}: a metric alert rule of SLO '${slo}' without ${ALERT_KIND_TAG}`);
        return { ...base, kind: 'burn-rate', via: 'metric', slo, alert, evaluationFrequency: str(p.evaluationFrequency, 'evaluationFrequency', r), windowSize: str(p.windowSize, 'windowSize', r) };
      }
      const criteria = list(obj(p.criteria, 'criteria', r).allOf, 'criteria.allOf', r).map((c): MetricCriterion => {
        const o = obj(c, 'criterion', r);
        const fp = o.criterionType === 'DynamicThresholdCriterion' ? obj(o.failingPeriods, 'failingPeriods', r) : undefined;
        return {
          alertId: str(o.name, 'criterion name', r),
          dynamic: fp ? { minFailingPeriods: Number(fp.minFailingPeriodsToAlert), evaluationPeriods: Number(fp.numberOfEvaluationPeriods) } : undefined,
        };
      });
      return {
        ...base,
        kind: 'metric',
        scopes: list(p.scopes, 'scopes', r).map((s) => str(s, 'scope', r)),
        resourceIds: list(p.scopes, 'scopes', r).map((s) => declaredResourceOf(str(s, 'scope', r))),
        criteria,
        evaluationFrequency: str(p.evaluationFrequency, 'evaluationFrequency', r),
        windowSize: str(p.windowSize, 'windowSize', r),
      };
    }
    case 'Microsoft.Insights/activityLogAlerts': {
      const allOf = list(obj(p.condition, 'condition', r).allOf, 'condition.allOf', r);
      const category = condition(allOf, 'category')?.equals;
      if (category === 'ResourceHealth') return { ...base, kind: 'resource-health', resourceIds: values(allOf, 'resourceId', r) };
      if (category === 'ServiceHealth') {
        return {
          ...base,
          kind: 'service-health',
          services: values(allOf, 'properties.impactedServices[*].ServiceName', r),
          regions: values(allOf, 'properties.impactedServices[*].ImpactedRegions[*].RegionName', r),
        };
      }
      if (category === 'Administrative') return { ...base, kind: 'drill-announcement' };
      throw new Error(`${r.key}: an activity log alert of category ${String(category)}`);
    }
    default:
      throw new Error(`${r.key}: ${r.type} is not an alert rule type`);
  }
}

/** Every alert rule of the deployment, in deployment order; with `service`, only that service's (by slug). */
export function deployedAlertRules(deployment: Deployment, service?: string): DeployedAlertRule[] {
  return deployment.resources
    .filter((r) => ALERT_RULE_TYPES.includes(r.type) && (service === undefined || r.module.split('/')[0] === service))
    .flatMap((r) => (r.type === 'Microsoft.AlertsManagement/prometheusRuleGroups' ? readRuleGroup(r) : [readRule(r)]));
}

/** The declared resource a scope belongs to: the scope itself, or the resource a sub-service scope hangs under. */
function declaredResourceOf(scope: string): string {
  const lower = scope.toLowerCase();
  const suffix = Object.values(fact('metric-alerts', 'subResourceScopes')).find((x) => lower.endsWith(`/${x.toLowerCase()}`));
  return suffix ? scope.slice(0, scope.length - suffix.length - 1) : scope;
}
