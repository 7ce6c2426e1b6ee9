import { apiVersion, fact } from '../catalog/index.js';
import { compareText } from '../base/text.js';
import { parseResourceId } from '../base/resource-ids.js';
import type { DrillExperiment } from '../drplan/index.js';
import { fit } from '../model/names.js';
import type { ServiceModel } from '../model/service.js';
import { actionGroupKey } from './action-groups.js';
import type { ServiceContext } from './context.js';
import type { DeployedAlertRule } from './deployed-alerts.js';
import { alertRuleChunks, alertRuleCondition } from './processing-rules.js';
import { roleAssignment, stableUuid } from './role-assignments.js';
import { DeploymentSubscriptionRef, ResourceIdRef, ResourcePropertyRef, type AzureResource, type Deployment, type ModuleSpec, type Value } from './model.js';

/**
 * A service's drills, deployed with the rest (docs/drills.md):
 * - module `<service>/drills` (the deployment's resource group): one Chaos Studio experiment per drilled plan, with a
 *   system-assigned identity, in the runner's region; the alert processing rules that, during a drill, silence the
 *   service's own alerts — deployed disabled — and the activity log alert that tells the drill's receivers;
 * - modules `<service>/drill-targets-<n>`, one per resource group of the faulted resources: the Chaos target
 *   (extension resource) and capabilities each fault needs, on exactly those resources;
 * - modules `<service>/drill-access-<n>`: for each experiment's identity, each fault's least roles on exactly its
 *   resources. Apart from the targets because they read the experiments' principal ids, which the experiments'
 *   module exports, while the experiments need the targets first.
 */
const EXPERIMENT = 'Microsoft.Chaos/experiments';
const TARGET = 'Microsoft.Chaos/targets';
const CAPABILITY = 'Microsoft.Chaos/targets/capabilities';
const ACTION_RULE = 'Microsoft.AlertsManagement/actionRules';
const ACTIVITY_LOG_ALERT = 'Microsoft.Insights/activityLogAlerts';

/** Seconds as an ISO 8601 duration (PT2H, PT1H30M), as Chaos Studio's actions take it. */
export function isoDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

/** The names of a service's drill silencing rules: one per maxValuesPerCondition of its alert rules. */
export function drillSilenceRuleName(service: Pick<ServiceModel, 'slug'>, index: number, count: number): string {
  return fit(`apr-azslo-${service.slug}-drill-silence${count > 1 ? `-${index + 1}` : ''}`, 260);
}

/** The name of the activity log alert that announces a service's drills. */
export function drillAnnouncementRuleName(service: Pick<ServiceModel, 'slug'>): string {
  return fit(`ad-${service.slug}-drill`, fact('activity-log-alerts', 'nameMaxLength'));
}

export interface DrillDeployment {
  readonly modules: ModuleSpec[];
  readonly resources: AzureResource[];
}

/** The resources of a service's drills; `rules` are the service's deployed alert rules (what the silencing rules match). */
export function drillResources(ctx: ServiceContext, experiments: readonly DrillExperiment[], rules: readonly DeployedAlertRule[]): DrillDeployment {
  const s = ctx.service;
  const modules: ModuleSpec[] = [];
  const resources: AzureResource[] = [];
  const drill = s.recovery?.drill;
  if (!drill) return { modules, resources };
  const module = `${s.slug}/drills`;
  const tags = ctx.tags();
  // Without receivers nobody would hear of the drill: no silencing (azslo drill then needs --page-on-call).
  const silence = (drill.receivers?.length ?? 0) > 0 ? silenceRules(ctx, module, tags, rules) : [];
  const announcement = announcementRule(ctx, module, tags, drill.receivers ?? [], silence);
  if (experiments.length === 0 && silence.length === 0) return { modules, resources };
  modules.push({ path: module, description: `Drills of service ${s.name}: its Chaos Studio experiments, the alert processing rules that silence its alerts while a drill runs, and the announcement to the drill's receivers.` });
  resources.push(...silence, ...(announcement ? [announcement] : []));
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
      resources.push(
        roleAssignment({
          module: path,
          seed: `${s.name}|${k}`,
          service: s.name,
          role,
          scope: { id: fault.resourceId, apiVersion: fault.targetApiVersion },
          subscriptionId: g.subscriptionId,
          principalId: new ResourcePropertyRef(`${module}/${experiment.name}`, ['identity', 'principalId']),
          purpose: `drill experiment ${experiment.name} (${fault.capability})`,
          summary: `${role} on ${fault.resource} for drill experiment ${experiment.name} of service ${s.name}.`,
        }),
      );
    }
  });
  return { modules, resources };
}

/**
 * The silencing rules: during a drill they remove every action group from the service's own alerts (matched by alert
 * rule id, at most maxValuesPerCondition ids per rule), within the deployment's subscription — so on-call is not paged
 * and no alert-started plan starts for real. Deployed disabled: the drill command enables them with a one-off schedule
 * that ends at the drill's timeout, so paging comes back by itself even if the drill's process dies.
 *
 * They cannot also send the alerts to the drill's receivers: when a rule that removes action groups and one that adds
 * them match the same alert, Azure gives the removal priority (docs/drills.md). Disabling the service's action groups
 * instead would route, but a drill killed midway would then leave on-call unpaged with no end; azslo does not do that.
 * The receivers learn of the drill from the announcement rule below, and of its alerts from the drill's report.
 */
function silenceRules(ctx: ServiceContext, module: string, tags: Value, rules: readonly DeployedAlertRule[]): AzureResource[] {
  const s = ctx.service;
  // Alert processing rules do not act on Service Health alerts.
  // One id per rule resource: the alert rules of a Prometheus rule group share the group's id.
  const silenced = [...new Map(rules.filter((r) => r.kind !== 'service-health' && r.kind !== 'drill-announcement').map((r) => [r.key, r])).values()];
  if (silenced.length === 0) return [];
  const chunks = alertRuleChunks(silenced);
  return chunks.map((chunk, i) => {
    const name = drillSilenceRuleName(s, i, chunks.length);
    return {
      key: `${module}/${name}`,
      module,
      symbol: `silence${chunks.length > 1 ? i + 1 : ''}`,
      type: ACTION_RULE,
      apiVersion: apiVersion(ACTION_RULE),
      name,
      location: fact('alert-processing-rules', 'location'),
      tags,
      properties: {
        description: `azslo drill of service ${s.name}: no notification for ${chunk.length} of its alert rules while a drill runs (on-call is not paged; the drill's report lists the alerts). Enabled only during a drill, until its timeout.`,
        enabled: false,
        scopes: [new DeploymentSubscriptionRef()],
        conditions: [alertRuleCondition(chunk)],
        actions: [{ actionType: 'RemoveAllActionGroups' }],
      },
      dependsOn: [],
      description: `Silences the alerts of service ${s.name} while a drill runs (disabled otherwise).`,
    };
  });
}

/**
 * The announcement: an activity log alert on the writes of the silencing rules (the drill turning them on, and back
 * off), notifying the drill's receivers — so they know when a drill starts and ends. Deployments write the rules too,
 * so a deployment also announces itself.
 */
function announcementRule(ctx: ServiceContext, module: string, tags: Value, receivers: readonly string[], silence: readonly AzureResource[]): AzureResource | undefined {
  const s = ctx.service;
  const groups = receivers.map((name) => s.targets.find((t) => t.name === name)).filter((t) => t !== undefined);
  if (groups.length === 0 || silence.length === 0) return undefined;
  const name = drillAnnouncementRuleName(s);
  return {
    key: `${module}/${name}`,
    module,
    symbol: 'announcement',
    type: ACTIVITY_LOG_ALERT,
    apiVersion: apiVersion(ACTIVITY_LOG_ALERT),
    name,
    location: fact('activity-log-alerts', 'location'),
    tags,
    properties: {
      description: `azslo drill of service ${s.name}: tells the drill's receivers (${groups.map((t) => t.name).join(', ')}) when a drill turns the silencing of the service's alerts on or off.`,
      enabled: true,
      scopes: [new DeploymentSubscriptionRef()],
      condition: {
        allOf: [
          { field: 'category', equals: 'Administrative' },
          { field: 'operationName', equals: `${ACTION_RULE}/write` },
          { anyOf: silence.map((r) => ({ field: 'resourceId', equals: new ResourceIdRef(r.key) })) },
        ],
      },
      actions: { actionGroups: groups.map((t) => ({ actionGroupId: new ResourceIdRef(actionGroupKey(s.slug, t)) })) },
    },
    dependsOn: silence.map((r) => r.key),
    description: `Tells the drill's receivers of service ${s.name} when a drill starts and ends.`,
  };
}

/** What the drill command switches for the duration of a drill, by resource name, read from the deployment. */
export interface DrillAlertRouting {
  /** The alert processing rules to enable with a one-off schedule, and put back afterwards. */
  readonly silence: readonly string[];
  /** The activity log alert that tells the receivers a drill started or ended, when there are receivers. */
  readonly announcement: string | undefined;
  /** The experiments, by scenario id. */
  readonly experiments: Readonly<Record<string, string>>;
}

export function drillAlertRouting(deployment: Deployment, service: Pick<ServiceModel, 'slug'>, experiments: readonly DrillExperiment[] = []): DrillAlertRouting {
  const drills = deployment.resources.filter((r) => r.module === `${service.slug}/drills`);
  return {
    silence: drills.filter((r) => r.type === ACTION_RULE).map((r) => r.name),
    announcement: drills.find((r) => r.type === ACTIVITY_LOG_ALERT)?.name,
    experiments: Object.fromEntries(experiments.map((e) => [e.scenario, e.name])),
  };
}
