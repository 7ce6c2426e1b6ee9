import { regionDisplayName } from '../catalog/index.js';
import type { ArmCheck, RecoveryMechanism } from '../catalog/resources.js';
import { parseDuration } from '../base/durations.js';
import { parseResourceId } from '../base/resource-ids.js';
import type { ResourceModel } from '../model/infrastructure.js';
import { slug } from '../model/names.js';
import type { ServiceModel } from '../model/service.js';
import type { RecoveryPlanSpec } from '../model/spec.js';
import type { Scenario, ScenarioStep } from '../recovery/index.js';

/**
 * Disaster-recovery plans as data: for each plan of the spec (or, by default, each scenario whose steps can all be
 * automated), the scenario's steps with their ARM calls resolved from the catalog's operations — the absolute path,
 * API version and body with every placeholder filled from the resource, the failed region and
 * resources[].recoveryParameters — the check that shows each took effect, the lag to read before a data-losing call,
 * the drill's loss-free variant and its failback, and the least role each call needs on which resource. The runbook
 * (runbook.ts) prints a plan; the deployment grants its roles; analyze shows it.
 */
export interface PlanRequest {
  readonly method: string;
  /** Absolute ARM path (from /subscriptions/), without the api-version. */
  readonly path: string;
  readonly query: string | undefined;
  readonly apiVersion: string;
  readonly body: unknown;
}

export interface PlanCheck {
  readonly path: string;
  readonly query: string | undefined;
  readonly apiVersion: string;
  readonly property: string;
  readonly equals: string;
}

export interface PlanStep {
  readonly order: number;
  readonly resource: string;
  readonly type: string;
  readonly mechanism: string;
  readonly action: string;
  readonly activation: ScenarioStep['activation'];
  /** The catalog's data-loss class: none, lag, backup, unbounded. */
  readonly dataLoss: RecoveryMechanism['dataLoss'];
  readonly manual: string | undefined;
  readonly request: PlanRequest | undefined;
  readonly done: PlanCheck | undefined;
  readonly lag: (Omit<PlanCheck, 'equals'> & { readonly kind: 'lastSyncTime' | 'seconds' }) | undefined;
  readonly timeoutSeconds: number;
  /** A drill's loss-free variant and the call that fails it back, when the catalog names one. */
  readonly drill: { readonly request: PlanRequest; readonly done: PlanCheck | undefined; readonly failback: { readonly request: PlanRequest; readonly done: PlanCheck | undefined } } | undefined;
  /** The least built-in role the calls need, and the resources they go to. */
  readonly role: string | undefined;
  readonly scopes: readonly string[];
}

export interface RecoveryPlan {
  /** The scenario id, e.g. regionOutage/westeurope. */
  readonly scenario: string;
  /** The Automation runbook name: letters, digits, hyphens; unique per service and scenario. */
  readonly runbook: string;
  readonly service: string;
  readonly title: string;
  readonly region: string | undefined;
  readonly rpoSeconds: number | undefined;
  readonly steps: readonly PlanStep[];
  /** Alerts that start it (spec names: slo/<name>/page, resource-health, service-health). */
  readonly triggers: readonly string[];
  readonly onDemand: boolean;
  /** Why data-losing steps may run unattended, when the spec allows it. */
  readonly allowDataLoss: string | undefined;
  /** Values a call needs that the spec does not give: validation reports them (AZSLO046). */
  readonly missing: readonly { readonly resource: string; readonly mechanism: string; readonly parameter: string; readonly description: string }[];
}

const displayName = (region: string | undefined) => (region === undefined ? '' : regionDisplayName(region));

/** Fills {placeholders}: the built-in ones from the target resource and the regions, the others from recoveryParameters. */
function fill(text: string, values: Readonly<Record<string, string>>, missing: Set<string>): string {
  return text.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) => {
    if (Object.hasOwn(values, name)) return values[name]!;
    missing.add(name);
    return whole;
  });
}

function fillDeep(v: unknown, values: Readonly<Record<string, string>>, missing: Set<string>): unknown {
  if (typeof v === 'string') return fill(v, values, missing);
  if (Array.isArray(v)) return v.map((x) => fillDeep(x, values, missing));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fillDeep(x, values, missing)]));
  return v;
}

/** The values of a resource's placeholders for a failed region: its recoveryParameters (a region's entry of a map). */
function parameters(r: ResourceModel, region: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.recoveryParameters)) {
    if (typeof v === 'string') out[k] = v;
    else if (region !== undefined && Object.hasOwn(v, region)) out[k] = v[region]!;
  }
  return out;
}

function resolveFor(r: ResourceModel, target: 'primary' | 'secondary' | undefined, region: string | undefined, failbackSwap = false): { base: string | undefined; values: Record<string, string> } {
  const params = parameters(r, region);
  const secondaryId = params.secondary;
  const useSecondary = (target ?? 'primary') === 'secondary';
  const base = useSecondary ? secondaryId : r.id;
  const parts = base ? parseResourceId(base) : undefined;
  const failed = region ?? r.location;
  const other = r.secondaryLocation;
  const values: Record<string, string> = {
    ...params,
    ...(parts ? { subscriptionId: parts.subscriptionId, resourceGroup: parts.resourceGroup, name: parts.name } : {}),
    region: failbackSwap ? (other ?? '') : failed,
    regionName: displayName(failbackSwap ? other : failed),
    ...(other ? { secondaryRegion: failbackSwap ? failed : other, secondaryRegionName: displayName(failbackSwap ? failed : other) } : {}),
  };
  return { base, values };
}

/** An operation's call for a resource: its path made absolute on the resource the call goes to, every placeholder filled. */
function request(m: RecoveryMechanism, r: ResourceModel, region: string | undefined, missing: Set<string>, target = m.operation!.target, swap = false): PlanRequest {
  const op = m.operation!;
  const { base, values } = resolveFor(r, target, region, swap);
  if (base === undefined) missing.add('secondary');
  const [path, query] = splitQuery(op.path.startsWith('/subscriptions/') ? fill(op.path, values, missing) : `${base ?? '{secondary}'}${fill(op.path, values, missing)}`);
  return { method: op.method, path, query, apiVersion: op.apiVersion, body: op.body === undefined ? null : fillDeep(op.body, values, missing) };
}

function check(c: ArmCheck | undefined, m: RecoveryMechanism, r: ResourceModel, region: string | undefined, missing: Set<string>, target = m.operation!.target, equals = c?.equals, swap = false): PlanCheck | undefined {
  if (!c) return undefined;
  const { base, values } = resolveFor(r, target, region, swap);
  const raw = c.path ?? '';
  const [path, query] = splitQuery(raw.startsWith('/subscriptions/') ? fill(raw, values, missing) : `${base ?? '{secondary}'}${fill(raw, values, missing)}`);
  return { path, query: c.query ?? query, apiVersion: m.operation!.apiVersion, property: c.property, equals: fill(equals ?? c.equals, values, missing) };
}

/**
 * A path with a query (`/failover?failoverType=Planned`) is split, so the runbook appends the api-version properly.
 * A path is relative to the id of the resource a call goes to.
 */
function splitQuery(path: string): [string, string | undefined] {
  const i = path.indexOf('?');
  return i < 0 ? [path, undefined] : [path.slice(0, i), path.slice(i + 1)];
}

const ROOT_FOR_SERVER_CALLS = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Sql\/servers\/[^/]+)\/databases\/[^/]+$/i;

function planStep(step: ScenarioStep, r: ResourceModel | undefined, region: string | undefined, missing: RecoveryPlan['missing'][number][]): PlanStep {
  const m = r?.entry?.recovery.mechanisms.find((x) => x.name === step.mechanism);
  const base = {
    order: step.order,
    resource: step.resource,
    type: step.type,
    mechanism: step.mechanism,
    action: step.action,
    activation: step.activation,
    dataLoss: m?.dataLoss ?? 'none',
    manual: step.manual,
  };
  if (!r || !m?.operation || step.activation !== 'customer') {
    return { ...base, request: undefined, done: undefined, lag: undefined, timeoutSeconds: 0, drill: undefined, role: undefined, scopes: [] };
  }
  const gaps = new Set<string>();
  // Server-level calls (failover groups) of a database hang from its server.
  const onServer = (x: RecoveryMechanism) => x.operation!.path.startsWith('/failoverGroups/') && ROOT_FOR_SERVER_CALLS.test(r.id);
  const serverOf = (model: ResourceModel): ResourceModel => ({ ...model, id: model.id.replace(ROOT_FOR_SERVER_CALLS, '$1') });
  const subject = onServer(m) ? serverOf(r) : r;
  const req = request(m, subject, region, gaps);
  const done = check(m.operation.done, m, subject, region, gaps);
  const lagSpec = m.operation.lag;
  const lag = lagSpec ? (() => {
    const c = check({ path: lagSpec.path, query: lagSpec.query, property: lagSpec.property, equals: '' }, m, subject, region, gaps)!;
    return { path: c.path, query: c.query, apiVersion: c.apiVersion, property: c.property, kind: lagSpec.kind };
  })() : undefined;
  const failoverSeconds = m.failoverTime ? parseDuration(m.failoverTime)! : m.rto ? parseDuration(m.rto)! : 300;
  const timeoutSeconds = m.operation.timeout ? parseDuration(m.operation.timeout)! : Math.max(600, 2 * failoverSeconds);
  let drill: PlanStep['drill'];
  const planned = m.drill ? r.entry!.recovery.mechanisms.find((x) => x.name === m.drill!.mechanism) : undefined;
  if (m.drill && planned?.operation) {
    const ps = onServer(planned) ? serverOf(r) : r;
    const failbackTarget = m.drill.failback.target;
    drill = {
      request: request(planned, ps, region, gaps),
      done: check(planned.operation.done, planned, ps, region, gaps),
      failback: {
        // Failing back swaps the regions in what the call sends (the original region becomes the primary again); the
        // check's value is written for the original layout ({region}), so it is filled unswapped.
        request: request(planned, ps, region, gaps, failbackTarget, true),
        done: check(planned.operation.done, planned, ps, region, gaps, failbackTarget, m.drill.failback.equals),
      },
    };
  }
  for (const g of gaps) {
    const declared = [...(m.operation.parameters ?? []), ...(planned?.operation?.parameters ?? [])].find((p) => p.name === g);
    missing.push({ resource: r.name, mechanism: m.name, parameter: g, description: g === 'secondary' ? 'the id of the partner resource the call goes to (the secondary server, replica or account)' : declared?.description ?? 'a value the call needs' });
  }
  const scopes = [...new Set([req.path, done?.path, drill?.request.path, drill?.failback.request.path].filter((x): x is string => x !== undefined).map(resourceOf))].sort();
  return { ...base, request: req, done, lag, timeoutSeconds, drill, role: m.operation.role, scopes };
}

/** The resource an ARM path belongs to (its id: up to the last type/name pair before an action). */
function resourceOf(path: string): string {
  const parts = path.split('/');
  const i = parts.findIndex((p) => p.toLowerCase() === 'providers');
  // /subscriptions/s/resourceGroups/g/providers/NS/type/name[/type/name...][/action]
  const tail = parts.slice(i + 2);
  const pairs = Math.floor(tail.length / 2);
  return parts.slice(0, i + 2 + pairs * 2).join('/');
}

/**
 * The Automation account azslo creates for a service's plans (when the spec names none): `aa-azslo-<service>`,
 * 6 to 50 letters, digits and hyphens, ending in a letter or digit.
 */
export function runnerAccountName(service: Pick<ServiceModel, 'slug'>): string {
  return `aa-azslo-${service.slug}`.slice(0, 50).replace(/-+$/, '');
}

/** The id of the Automation account that runs a service's plans: the spec's, or azslo's in the deployment's resource group. */
export function runnerAccountId(service: ServiceModel, subscriptionId: string, resourceGroup: string): string {
  return service.recovery?.runner?.automationAccount ?? `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Automation/automationAccounts/${runnerAccountName(service)}`;
}

/** Runbook name: azslo-<service>-<scenario> in letters, digits and hyphens (Automation allows at most 63). */
export function runbookName(service: ServiceModel, scenario: string): string {
  return `azslo-${service.slug}-${slug(scenario.replace('/', '-'))}`.slice(0, 63).replace(/-+$/, '');
}

/** The plans of a service: those its spec names, else one on-demand plan per fully automatable scenario. */
export function buildRecoveryPlans(service: ServiceModel, scenarios: readonly Scenario[]): RecoveryPlan[] {
  const declared: RecoveryPlanSpec[] = service.recovery?.plans ?? (service.recovery ? scenarios.filter((s) => s.automatable && s.steps.some((x) => x.activation === 'customer')).map((s) => ({ scenario: s.id })) : []);
  const byName = new Map(service.resources.map((r) => [r.name.toLowerCase(), r]));
  const out: RecoveryPlan[] = [];
  for (const spec of declared) {
    const scenario = scenarios.find((s) => s.id === spec.scenario);
    if (!scenario) continue; // validation reports an unknown scenario (AZSLO045)
    const missing: RecoveryPlan['missing'][number][] = [];
    const steps = scenario.steps.map((step) => planStep(step, byName.get(step.resource.toLowerCase()), scenario.region, missing));
    out.push({
      scenario: scenario.id,
      runbook: runbookName(service, scenario.id),
      service: service.name,
      title: scenario.title,
      region: scenario.region,
      rpoSeconds: scenario.rpo?.targetSeconds,
      steps,
      triggers: spec.trigger?.alerts ?? [],
      onDemand: spec.trigger?.onDemand ?? true,
      allowDataLoss: spec.allowDataLoss?.reason,
      missing,
    });
  }
  return out;
}
