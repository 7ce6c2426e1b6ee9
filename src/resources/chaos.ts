import { apiVersion, fact } from '../catalog/index.js';
import { compareText } from '../base/text.js';
import { parseResourceId } from '../base/resource-ids.js';
import type { DrillExperiment } from '../drplan/index.js';
import { fit } from '../model/names.js';
import type { ServiceModel } from '../model/service.js';
import { actionGroupKey } from './action-groups.js';
import type { ServiceContext } from './context.js';
import type { DeployedAlertRule } from './deployed-alerts.js';
import { stableUuid } from './recovery.js';
import { DeploymentSubscriptionRef, ResourceIdRef, ResourcePropertyRef, isPlainObject, type AzureResource, type Deployment, type ModuleSpec, type Value } from './model.js';

/**
 * A service's drills, deployed with the rest (docs/drills.md):
 * - module `<service>/drills` (the deployment's resource group): one Chaos Studio experiment per drilled plan, with a
 *   system-assigned identity, in the runner's region; and the alert processing rules that, during a drill, add the
 *   drill's receivers to the service's own alerts — deployed disabled;
 * - modules `<service>/drill-targets-<n>`, one per resource group of the faulted resources: the Chaos target
 *   (extension resource) and capabilities each fault needs, on exactly those resources;
 * - modules `<service>/drill-access-<n>`: for each experiment's identity, each fault's least roles on exactly its
 *   resources. Apart from the targets because they read the experiments' principal ids, which the experiments'
 *   module exports, while the experiments need the targets first.
 */
const EXPERIMENT = 'Microsoft.Chaos/experiments';
const TARGET = 'Microsoft.Chaos/targets';
const CAPABILITY = 'Microsoft.Chaos/targets/capabilities';
const ROLE_ASSIGNMENT = 'Microsoft.Authorization/roleAssignments';
const ACTION_RULE = 'Microsoft.AlertsManagement/actionRules';

/** Seconds as an ISO 8601 duration (PT2H, PT1H30M), as Chaos Studio's actions take it. */
export function isoDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

function roleId(role: string): string {
  const roles = fact('recovery-runner', 'builtInRoles');
  if (!Object.hasOwn(roles, role)) throw new Error(`the catalog has no role definition id for the built-in role '${role}' (catalog/azure/recovery-runner.yaml builtInRoles)`);
  return roles[role]!;
}

/** The names of a service's drill routing rules: one per maxValuesPerCondition of its alert rules. */
export function drillRouteRuleName(service: Pick<ServiceModel, 'slug'>, index: number, count: number): string {
  return fit(`apr-azslo-${service.slug}-drill-route${count > 1 ? `-${index + 1}` : ''}`, 260);
}

export interface DrillDeployment {
  readonly modules: ModuleSpec[];
  readonly resources: AzureResource[];
}

/** The resources of a service's drills; `rules` are the service's deployed alert rules (what the routing rules match). */
export function drillResources(ctx: ServiceContext, experiments: readonly DrillExperiment[], rules: readonly DeployedAlertRule[]): DrillDeployment {
  const s = ctx.service;
  const modules: ModuleSpec[] = [];
  const resources: AzureResource[] = [];
  const drill = s.recovery?.drill;
  if (!drill) return { modules, resources };
  const module = `${s.slug}/drills`;
  const tags = ctx.tags();
  const routes = routeRules(ctx, module, tags, drill.receivers ?? [], rules);
  if (experiments.length === 0 && routes.length === 0) return { modules, resources };
  modules.push({ path: module, description: `Drills of service ${s.name}: its Chaos Studio experiments and the alert processing rules that route its alerts to the drill's receivers.` });
  resources.push(...routes);
  if (experiments.length === 0) return { modules, resources };

  const location = ctx.params.add([s.slug, 'drill-location'], {
    type: 'string',
    description: `Azure region of the Chaos Studio experiments that drill the recovery plans of service ${s.name} (the runner's, never a region a plan fails away from).`,
    secure: false,
    source: { kind: 'literal', value: experiments[0]!.location },
  });

  // Targets and capabilities, once per resource and target type, in a module per resource group.
  const byGroup = new Map<string, { subscriptionId: string; resourceGroup: string; faults: DrillExperiment['faults'][number][] }>();
  for (const f of experiments.flatMap((e) => e.faults)) {
    const parts = parseResourceId(f.resourceId);
    if (!parts) continue;
    const k = `${parts.subscriptionId}/${parts.resourceGroup}`.toLowerCase();
    const g = byGroup.get(k) ?? byGroup.set(k, { subscriptionId: parts.subscriptionId, resourceGroup: parts.resourceGroup, faults: [] }).get(k)!;
    g.faults.push(f);
  }
  const capabilityKeys = new Map<string, string>();
  const groups = [...byGroup.entries()].sort(([a], [b]) => compareText(a, b)).map(([, g]) => g);
  const scopes = groups.map((g, i) =>
    ctx.params.add([s.slug, 'drill-scope', String(i + 1)], {
      type: 'string',
      description: `Resource group ${g.resourceGroup} of resources the drills of service ${s.name} inject faults into.`,
      secure: false,
      source: { kind: 'literal', value: `/subscriptions/${g.subscriptionId}/resourceGroups/${g.resourceGroup}` },
    }),
  );
  groups.forEach((g, i) => {
    const path = `${s.slug}/drill-targets-${i + 1}`;
    modules.push({ path, description: `Chaos Studio targets and capabilities of service ${s.name}'s drills on resources of resource group ${g.resourceGroup}.`, scopeOf: scopes[i]! });
    const targets = new Map<string, DrillExperiment['faults'][number]>();
    const capabilities = new Map<string, DrillExperiment['faults'][number]>();
    for (const f of g.faults) {
      targets.set(`${f.resourceId.toLowerCase()}|${f.targetType}`, f);
      capabilities.set(`${f.resourceId.toLowerCase()}|${f.targetType}|${f.capability}`, f);
    }
    for (const [k, f] of [...targets].sort(([a], [b]) => compareText(a, b))) {
      const targetKey = `${path}/${k}`;
      resources.push({
        key: targetKey,
        module: path,
        symbol: `target_${stableUuid(k).slice(0, 8)}`,
        type: TARGET,
        apiVersion: apiVersion(TARGET),
        name: f.targetType,
        scope: { id: f.resourceId, apiVersion: f.targetApiVersion },
        properties: {},
        dependsOn: [],
        description: `Chaos Studio target ${f.targetType} on ${f.resource} (service ${s.name}'s drills).`,
      });
    }
    for (const [k, f] of [...capabilities].sort(([a], [b]) => compareText(a, b))) {
      const targetKey = `${path}/${f.resourceId.toLowerCase()}|${f.targetType}`;
      const key = `${path}/${k}`;
      capabilityKeys.set(k, key);
      resources.push({
        key,
        module: path,
        symbol: `capability_${stableUuid(k).slice(0, 8)}`,
        type: CAPABILITY,
        apiVersion: apiVersion(CAPABILITY),
        name: f.capability,
        within: targetKey,
        properties: {},
        dependsOn: [],
        description: `Chaos Studio capability ${f.capability} on ${f.resource} (service ${s.name}'s drills).`,
      });
    }
  });

  // The experiments: they name their targets by id and need them (and their capabilities) to exist first.
  for (const e of experiments) {
    const key = `${module}/${e.name}`;
    const actionsOf = (a: DrillExperiment['steps'][number]['branches'][number]['actions'][number]): Value => ({
      type: a.type,
      name: a.urn,
      ...(a.durationSeconds !== undefined ? { duration: isoDuration(a.durationSeconds) } : {}),
      parameters: a.parameters.map((p) => ({ key: p.key, value: p.value })),
      selectorId: a.selector,
    });
    resources.push({
      key,
      module,
      symbol: `experiment_${e.name.replace(/^exp-azslo-/, '').replace(/[^A-Za-z0-9]+/g, '_')}`,
      type: EXPERIMENT,
      apiVersion: apiVersion(EXPERIMENT),
      name: e.name,
      location,
      tags,
      identity: { type: 'SystemAssigned' },
      properties: {
        selectors: e.selectors.map((sel) => ({
          type: 'List',
          id: sel.id,
          targets: sel.targets.map((id) => ({ type: 'ChaosTarget', id })),
          ...(sel.zones ? { filter: { type: 'Simple', parameters: { zones: [...sel.zones] } } } : {}),
        })),
        steps: e.steps.map((st) => ({ name: st.name, branches: st.branches.map((b) => ({ name: b.name, actions: b.actions.map(actionsOf) })) })),
      },
      dependsOn: [...new Set(e.faults.map((f) => capabilityKeys.get(`${f.resourceId.toLowerCase()}|${f.targetType}|${f.capability}`)!))].sort(compareText),
      description: `Chaos Studio experiment that drills recovery plan ${e.scenario} of service ${s.name}.`,
    });
  }

  // Each experiment's identity gets each fault's roles on exactly the fault's resource.
  groups.forEach((g, i) => {
    const path = `${s.slug}/drill-access-${i + 1}`;
    modules.push({ path, description: `Roles of service ${s.name}'s drill experiments on resources of resource group ${g.resourceGroup}.`, scopeOf: scopes[i]! });
    const grants = new Map<string, { experiment: DrillExperiment; fault: DrillExperiment['faults'][number]; role: string }>();
    for (const e of experiments) {
      for (const f of e.faults) {
        if (!g.faults.includes(f)) continue;
        for (const role of f.roles) grants.set(`${e.name}|${f.resourceId.toLowerCase()}|${role}`, { experiment: e, fault: f, role });
      }
    }
    for (const [k, { experiment, fault, role }] of [...grants].sort(([a], [b]) => compareText(a, b))) {
      const name = stableUuid(`${s.name}|${k}`);
      resources.push({
        key: `${path}/${name}`,
        module: path,
        symbol: `grant_${name.slice(0, 8)}`,
        type: ROLE_ASSIGNMENT,
        apiVersion: apiVersion(ROLE_ASSIGNMENT),
        name,
        scope: { id: fault.resourceId, apiVersion: fault.targetApiVersion },
        properties: {
          roleDefinitionId: `/subscriptions/${g.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId(role)}`,
          principalId: new ResourcePropertyRef(`${module}/${experiment.name}`, ['identity', 'principalId']),
          principalType: 'ServicePrincipal',
          description: `azslo-managed for service '${s.name}': ${role} for drill experiment ${experiment.name} (${fault.capability}).`,
        },
        dependsOn: [],
        description: `${role} on ${fault.resource} for drill experiment ${experiment.name} of service ${s.name}.`,
      });
    }
  });
  return { modules, resources };
}

/**
 * The routing rules: during a drill they add the receivers' action groups to the service's own alerts (matched by
 * alert rule id, at most maxValuesPerCondition ids per rule), within the deployment's subscription. Deployed disabled:
 * the drill command enables them with a one-off schedule for its duration and disables them afterwards.
 *
 * No RemoveAllActionGroups rule: Azure gives suppression priority over added action groups when rules of both kinds
 * match an alert, so it would silence the receivers too (docs/drills.md). The drill keeps on-call from being paged by
 * disabling the service's own action groups instead (`drillAlertRouting().silence`).
 */
function routeRules(ctx: ServiceContext, module: string, tags: Value, receivers: readonly string[], rules: readonly DeployedAlertRule[]): AzureResource[] {
  const s = ctx.service;
  const groups = receivers.map((name) => s.targets.find((t) => t.name === name)).filter((t) => t !== undefined);
  // Alert processing rules do not act on Service Health alerts.
  const routed = rules.filter((r) => r.kind !== 'service-health');
  if (groups.length === 0 || routed.length === 0) return [];
  const per = fact('alert-processing-rules', 'maxValuesPerCondition');
  const chunks: DeployedAlertRule[][] = [];
  for (let i = 0; i < routed.length; i += per) chunks.push(routed.slice(i, i + per));
  return chunks.map((chunk, i) => {
    const name = drillRouteRuleName(s, i, chunks.length);
    return {
      key: `${module}/${name}`,
      module,
      symbol: `route${chunks.length > 1 ? i + 1 : ''}`,
      type: ACTION_RULE,
      apiVersion: apiVersion(ACTION_RULE),
      name,
      location: fact('alert-processing-rules', 'location'),
      tags,
      properties: {
        description: `azslo drill of service ${s.name}: sends ${chunk.length} of its alert rules' alerts to the drill's receivers (${groups.map((t) => t.name).join(', ')}). Enabled only while a drill runs.`,
        enabled: false,
        scopes: [new DeploymentSubscriptionRef()],
        conditions: [{ field: 'AlertRuleId', operator: 'Equals', values: chunk.map((r) => new ResourceIdRef(r.key)) }],
        actions: [{ actionType: 'AddActionGroups', actionGroupIds: groups.map((t) => new ResourceIdRef(actionGroupKey(s.slug, t))) }],
      },
      dependsOn: [],
      description: `Routes the alerts of service ${s.name} to its drill's receivers while a drill runs (disabled otherwise).`,
    };
  });
}

/** What the drill command switches for the duration of a drill, by resource name, read from the deployment. */
export interface DrillAlertRouting {
  /** The alert processing rules to enable with a one-off schedule, and disable afterwards. */
  readonly route: readonly string[];
  /**
   * The action groups the service's alert rules notify, other than the receivers': disabled (enabled: false) for the
   * drill so that on-call is not paged and no alert-started plan starts for real, re-enabled afterwards.
   */
  readonly silence: readonly string[];
  /** The experiments, by scenario id. */
  readonly experiments: Readonly<Record<string, string>>;
}

export function drillAlertRouting(deployment: Deployment, service: Pick<ServiceModel, 'slug' | 'recovery' | 'targets'>, experiments: readonly DrillExperiment[] = []): DrillAlertRouting {
  const own = deployment.resources.filter((r) => r.module.split('/')[0] === service.slug);
  const route = own.filter((r) => r.type === ACTION_RULE && r.module === `${service.slug}/drills`).map((r) => r.name);
  const receivers = new Set((service.recovery?.drill?.receivers ?? []).map((name) => service.targets.find((t) => t.name === name)).filter((t) => t !== undefined).map((t) => actionGroupKey(service.slug, t)));
  const notified = new Set<string>();
  const visit = (v: Value): void => {
    if (v instanceof ResourceIdRef) notified.add(v.key);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isPlainObject(v)) Object.values(v).forEach(visit);
  };
  for (const r of own.filter((x) => ['Microsoft.Insights/scheduledQueryRules', 'Microsoft.Insights/metricAlerts', 'Microsoft.Insights/activityLogAlerts'].includes(x.type))) {
    const actions = (r.properties as Record<string, Value>).actions;
    if (actions !== undefined) visit(actions);
  }
  const silence = own.filter((r) => r.type === 'Microsoft.Insights/actionGroups' && notified.has(r.key) && !receivers.has(r.key)).map((r) => r.name).sort(compareText);
  return { route, silence, experiments: Object.fromEntries(experiments.map((e) => [e.scenario, e.name])) };
}
