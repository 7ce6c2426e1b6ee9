import { isPrometheusSlo, type ServiceModel } from '../model/service.js';
import { hasPrometheusBudget, monitorWorkspaceParam, PROMETHEUS_RULE_GROUP_TYPE, prometheusBudgetRuleGroup, prometheusRuleGroup } from './prometheus-rules.js';
import { actionGroup, shortNames } from './action-groups.js';
import { burnRateAlertRule, burnRateMetricAlertRule } from './alert-rules.js';
import { DEPLOYMENT_TAGS_PARAM, Params, serviceContext } from './context.js';
import { sliFunction } from './functions.js';
import type { AzureResource, Deployment, ModuleSpec } from './model.js';
import { workbooks } from './workbook.js';
import { metricAlertRules } from './metric-alerts.js';
import { resourceHealthRule, serviceHealthRule } from './health-alerts.js';
import { kpiAlertRule, kpiFunction } from './business.js';
import { drillExperiments, plansOf } from '../drplan/index.js';
import { deployedAlertRules } from './deployed-alerts.js';
import { recoveryResources } from './recovery.js';
import { drillResources } from './chaos.js';
import { diagnosticSettings } from './diagnostic-settings.js';
import { maintenanceResources } from './maintenance.js';
import { budgetResources } from './budget.js';
import { ResourceIdRef, isPlainObject, type Value } from './model.js';

/** Services → the Azure resources that realise them, grouped in modules per service and concern. */
export function buildDeployment(services: readonly ServiceModel[]): Deployment {
  const params = new Params();
  params.addNamed(DEPLOYMENT_TAGS_PARAM, {
    type: 'object',
    description: 'Tags added to every resource, besides the azslo tags.',
    secure: false,
    source: { kind: 'literal', value: {} },
    default: {},
  });
  const shorts = shortNames(services.flatMap((s) => s.targets.map((target) => ({ service: s.name, target }))));
  const modules: ModuleSpec[] = [];
  const resources: AzureResource[] = [];
  for (const service of services) {
    const ctx = serviceContext(service, params);
    // This service's resources are the ones pushed from here on: reading its alert rules back scans only them, not
    // every earlier service's (which made a large estate quadratic).
    const firstOwn = resources.length;
    const ownAlertRules = () => deployedAlertRules({ params: [], modules, resources: resources.slice(firstOwn) }, service.slug);
    modules.push({ path: `${service.slug}/functions`, description: `SLI functions of service ${service.name}, saved in its Log Analytics workspace.`, scopeOf: ctx.workspaceId });
    let previous: AzureResource | undefined;
    // A Prometheus SLI has no KQL function: managed Prometheus records it (the rule group below).
    for (const slo of service.slos.filter((x) => !isPrometheusSlo(x))) {
      previous = sliFunction(ctx, slo, previous);
      resources.push(previous);
    }
    for (const signal of service.business.signals) {
      previous = kpiFunction(ctx, signal, previous);
      resources.push(previous);
    }
    // Error-budget alerts (docs/burn-rate-alerts.md, Budget alerts): the job's modules, and its rules beside the others.
    const budget = budgetResources(ctx);
    // A Prometheus SLO's alerts are rules of one managed Prometheus rule group on the Azure Monitor workspace.
    const prometheus = service.slos.filter(isPrometheusSlo);
    const monitorWorkspace = prometheus.length > 0 ? monitorWorkspaceParam(ctx) : undefined;
    const alerting = [
      ...service.targets.map((t) => actionGroup(ctx, t, shorts.get(t)!)),
      ...service.slos.flatMap((slo) =>
        isPrometheusSlo(slo)
          ? [prometheusRuleGroup(ctx, slo, monitorWorkspace!), ...(hasPrometheusBudget(slo) ? [prometheusBudgetRuleGroup(ctx, slo, monitorWorkspace!)] : [])]
          : slo.alerts.map((a) => (a.route.via === 'metric' ? burnRateMetricAlertRule(ctx, slo, a) : burnRateAlertRule(ctx, slo, a))),
      ),
      ...budget.rules,
    ];
    if (alerting.length > 0) {
      modules.push({ path: `${service.slug}/alerting`, description: `Action groups and burn-rate alert rules of service ${service.name}.` });
      resources.push(...alerting);
    }
    modules.push(...budget.modules);
    resources.push(...budget.resources);
    const infrastructure = [
      ...metricAlertRules(ctx, service.infrastructure.notify),
      ...(service.infrastructure.resourceHealth.enabled ? [resourceHealthRule(ctx, service.infrastructure.resourceHealth.notify)] : []),
      ...(service.infrastructure.serviceHealth.enabled ? [serviceHealthRule(ctx, service.infrastructure.serviceHealth.notify, service.infrastructure.serviceHealth.events)] : []),
    ].filter((r): r is AzureResource => r !== undefined);
    if (infrastructure.length > 0) {
      modules.push({ path: `${service.slug}/infrastructure`, description: `Metric, Resource Health and Service Health alerts of the resources of service ${service.name}.` });
      resources.push(...infrastructure);
    }
    const business = service.business.signals.flatMap((signal) => signal.alerts.map((a) => kpiAlertRule(ctx, signal, a)));
    if (business.length > 0) {
      modules.push({ path: `${service.slug}/business`, description: `KPI alert rules (business signals) of service ${service.name}.` });
      resources.push(...business);
    }
    if (service.recovery) {
      // The recovery plans (docs/recovery-plans.md); the rules that start one notify its action group too.
      const ownRules = ownAlertRules();
      const { plans, scenarios } = plansOf(service);
      const recovery = recoveryResources(ctx, plans, ownRules);
      for (const [key, groups] of recovery.triggers) {
        let i = firstOwn;
        while (resources[i]!.key !== key) i++;
        resources[i] = withActionGroups(resources[i]!, groups);
      }
      modules.push(...recovery.modules);
      resources.push(...recovery.resources);
      // The drills (docs/drills.md): experiments for the plans, the silencing of the service's alerts while one runs and its announcement.
      const drills = drillResources(ctx, drillExperiments(service, plans, scenarios), ownAlertRules());
      modules.push(...drills.modules);
      resources.push(...drills.resources);
    }
    // The diagnostic settings the spec asks for (resources[].diagnostics.emit): the logs gateway SLIs read.
    const settings = diagnosticSettings(ctx);
    modules.push(...settings.modules);
    resources.push(...settings.resources);
    // Maintenance windows (docs/maintenance.md): the rules that silence the SLOs' alerts while one lasts.
    if (service.maintenance?.length) {
      const maintenance = maintenanceResources(ctx, ownAlertRules());
      modules.push(...maintenance.modules);
      resources.push(...maintenance.resources);
    }
    modules.push({ path: `${service.slug}/workbook`, description: `Workbook of service ${service.name}.` });
    resources.push(...workbooks(ctx));
  }
  return { params: params.list(), modules, resources };
}

/** A rule that also notifies these action groups (log search alerts list ids, activity log and metric alerts objects). */
function withActionGroups(rule: AzureResource, groups: readonly string[]): AzureResource {
  const props = rule.properties as Record<string, Value>;
  if (rule.type === PROMETHEUS_RULE_GROUP_TYPE) {
    // A rule group's actions are per alert rule: each alert rule (not the recording rules) notifies the plan's groups too.
    const rules = (props.rules as readonly Record<string, Value>[]).map((r) => (Array.isArray(r.actions) ? { ...r, actions: [...(r.actions as readonly Value[]), ...groups.map((g) => ({ actionGroupId: new ResourceIdRef(g) }))] } : r));
    return { ...rule, properties: { ...props, rules } };
  }
  const actions = props.actions;
  if (Array.isArray(actions)) return { ...rule, properties: { ...props, actions: [...actions, ...groups.map((g) => ({ actionGroupId: new ResourceIdRef(g) }))] } };
  if (!isPlainObject(actions) || !Array.isArray(actions.actionGroups)) throw new Error(`${rule.key}: no action groups to add a recovery plan's to`);
  const list = actions.actionGroups as readonly Value[];
  const add = rule.type === 'Microsoft.Insights/scheduledQueryRules' ? groups.map((g) => new ResourceIdRef(g)) : groups.map((g) => ({ actionGroupId: new ResourceIdRef(g) }));
  return { ...rule, properties: { ...props, actions: { ...actions, actionGroups: [...list, ...add] } } };
}
