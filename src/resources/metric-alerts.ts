import { apiVersion, fact } from '../catalog/index.js';
import { upstreamDifferences } from '../catalog/resources.js';
import type { EffectiveMetricAlert, ResourceModel } from '../model/infrastructure.js';
import { fit, shortHash, slug } from '../model/names.js';
import type { ServiceModel } from '../model/service.js';
import type { ServiceContext } from './context.js';
import { actionGroupKey } from './action-groups.js';
import { ResourceIdRef, type AzureResource, type Value } from './model.js';

const TYPE = 'Microsoft.Insights/metricAlerts';
const SINGLE = 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria';
const MULTI = 'Microsoft.Azure.Monitor.MultipleResourceMultipleMetricCriteria';

/** What makes two resources' alerts one rule: same alert, same settings, same type, region and subscription. */
function configKey(r: ResourceModel, a: EffectiveMetricAlert): string {
  const { origin: _o, overriddenBy: _b, ...def } = a;
  return JSON.stringify([r.type.toLowerCase(), r.subscriptionId.toLowerCase(), r.location, def]);
}

export function actionGroupRefs(service: ServiceModel, notify: readonly string[]): Value[] {
  return [...new Set(notify)].map((name) => ({ actionGroupId: new ResourceIdRef(actionGroupKey(service.slug, service.targets.find((t) => t.name === name)!)) }));
}

/** One criterion of a metric alert rule, static or dynamic, as Azure Monitor takes it. */
export function criterion(a: EffectiveMetricAlert): Record<string, Value> {
  const common: Record<string, Value> = {
    name: a.id,
    metricName: a.metric,
    metricNamespace: a.namespace ?? '',
    timeAggregation: a.aggregation,
    dimensions: (a.dimensions ?? []).map((d) => ({ name: d.name, operator: d.operator, values: d.values })),
    // Replication metrics appear only once replication is configured; without this the rule could not be created before.
    ...(a.origin === 'rpo' ? { skipMetricValidation: true } : {}),
  };
  return a.dynamic
    ? {
        criterionType: 'DynamicThresholdCriterion',
        ...common,
        operator: a.operator,
        alertSensitivity: a.dynamic.sensitivity,
        failingPeriods: { numberOfEvaluationPeriods: a.dynamic.evaluationPeriods, minFailingPeriodsToAlert: a.dynamic.minFailingPeriods },
      }
    : { criterionType: 'StaticThresholdCriterion', ...common, operator: a.operator, threshold: a.threshold! };
}

function description(a: EffectiveMetricAlert, resources: readonly ResourceModel[]): string {
  const what = resources.length === 1 ? resources[0]!.name : `${resources.length} ${resources[0]!.type} resources in ${resources[0]!.location}`;
  const condition = a.dynamic ? `${a.aggregation} ${a.metric} ${a.operator} its learned baseline (${a.dynamic.sensitivity} sensitivity)` : `${a.aggregation} ${a.metric} ${a.operator} ${a.threshold}`;
  const text =
    `${a.origin === 'rpo' ? 'RPO signal' : 'Baseline'}: ${a.title} on ${what} (${a.overriddenBy.length ? `as set by the spec's ${a.overriddenBy.join(' and ')} override: ` : ''}${condition} over ${a.windowSize}). ${a.why} ` +
    `When it fires: ${a.action} Source: ${a.source}${a.verified && upstreamDifferences(resources[0]!.type, a).length === 0 ? ' (verified by the product group)' : ''}.`;
  return fit(text, fact('metric-alerts', 'descriptionMaxLength'));
}

/**
 * Metric alert rules (Microsoft.Insights/metricAlerts) for the declared resources: one rule per alert and
 * resource, or, for the types Azure lets one rule watch several resources of (catalog/azure/metric-alerts.yaml),
 * one rule per alert, region and subscription for all resources that share the same settings.
 */
/** The scope of a rule on a resource's metrics of `namespace`: the resource, or its sub-resource for a sub-service's metrics. */
export function alertScope(resourceId: string, namespace: string | undefined): string {
  const suffixes = fact('metric-alerts', 'subResourceScopes');
  const key = Object.keys(suffixes).find((ns) => ns.toLowerCase() === namespace?.toLowerCase());
  return key ? `${resourceId}/${suffixes[key]}` : resourceId;
}

export function metricAlertRules(ctx: ServiceContext, notify: readonly string[]): AzureResource[] {
  const s = ctx.service;
  const multiTypes = new Set(fact('metric-alerts', 'multiResourceTypes').map((t) => t.toLowerCase()));
  const groups = new Map<string, { alert: EffectiveMetricAlert; resources: ResourceModel[] }>();
  for (const r of s.resources) {
    for (const a of r.alerts) {
      const key = multiTypes.has(r.type.toLowerCase()) ? configKey(r, a) : `${r.id.toLowerCase()}|${a.id}`;
      const g = groups.get(key) ?? groups.set(key, { alert: a, resources: [] }).get(key)!;
      g.resources.push(r);
    }
  }
  const out: AzureResource[] = [];
  const names = new Set<string>();
  for (const { alert: a, resources } of groups.values()) {
    const first = resources[0]!;
    const multi = resources.length > 1 || (Boolean(a.dynamic) && fact('metric-alerts', 'singleResourceCriteriaIsStaticOnly'));
    const typeName = slug(first.type.split('/').pop()!);
    let name = fit(resources.length > 1 ? `ma-${s.slug}-${typeName}-${a.id}-${first.location}` : `ma-${s.slug}-${slug(first.name)}-${a.id}`, fact('metric-alerts', 'nameMaxLength'));
    if (names.has(name)) name = fit(`${name}-${shortHash(resources.map((r) => r.id).join('|'), 6)}`, fact('metric-alerts', 'nameMaxLength'));
    names.add(name);
    const props: Record<string, Value> = {
      description: description(a, resources),
      severity: a.severity,
      enabled: true,
      // A sub-service's metrics (a storage account's file service) live on its sub-resource, which the rule watches.
      scopes: resources.map((r) => alertScope(r.id, a.namespace)),
      evaluationFrequency: a.evaluationFrequency,
      windowSize: a.windowSize,
      // Needed only when one rule watches several resources; a single scope carries its own type and region.
      ...(resources.length > 1 ? { targetResourceType: first.type, targetResourceRegion: first.location } : {}),
      criteria: { 'odata.type': multi ? MULTI : SINGLE, allOf: [criterion({ ...a, namespace: a.namespace ?? first.type })] },
      autoMitigate: true,
      actions: actionGroupRefs(s, notify),
    };
    out.push({
      key: `${s.slug}/infrastructure/${name}`,
      module: `${s.slug}/infrastructure`,
      symbol: `ma_${name.slice(3).replace(/[^A-Za-z0-9]+/g, '_')}`,
      type: TYPE,
      apiVersion: apiVersion(TYPE),
      name,
      location: fact('metric-alerts', 'location'),
      tags: ctx.tags(),
      properties: props,
      dependsOn: [],
      description: `${a.title} (${a.origin === 'rpo' ? 'RPO signal' : 'baseline'} ${a.id}) on ${resources.map((r) => r.name).join(', ')}.`,
    });
  }
  return out.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

