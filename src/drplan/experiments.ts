import { fact, regionDisplayName } from '../catalog/index.js';
import type { ChaosFault, Disruption } from '../catalog/resources.js';
import { compareText } from '../base/text.js';
import { isoSeconds, parseDuration } from '../base/durations.js';
import type { ResourceModel } from '../model/infrastructure.js';
import { slug } from '../model/names.js';
import type { ServiceModel } from '../model/service.js';
import type { Scenario } from '../recovery/index.js';
import type { RecoveryPlan } from './plans.js';

/**
 * Chaos Studio experiments as data (docs/drills.md): for each drilled plan of a service with `recovery.drill`, the
 * faults of the catalog (`chaos:` of catalog/resources/) that simulate the plan's disruption on the resources it
 * hits, arranged within Chaos Studio's limits (catalog/azure/chaos.yaml). The deployment (src/resources/chaos.ts)
 * enables the targets and capabilities, creates the experiment and grants its identity the faults' roles; the drill
 * command starts it.
 */
export interface ExperimentFault {
  readonly resource: string;
  readonly resourceId: string;
  readonly type: string;
  /** The fault's short name in the catalog (e.g. shutdown). */
  readonly fault: string;
  readonly urn: string;
  readonly targetType: string;
  readonly capability: string;
  readonly actionType: 'continuous' | 'discrete';
  readonly parameters: readonly { readonly key: string; readonly value: string }[];
  /** The zones the selector filters on (zone outages), else undefined: the whole resource. */
  readonly zones: readonly string[] | undefined;
  /** The first of `roles`. */
  readonly role: string;
  /** The least built-in roles the experiment's identity needs on the resource. */
  readonly roles: readonly string[];
  /** The API version the resource is declared with as the scope of its target. */
  readonly targetApiVersion: string;
  readonly requires: string | undefined;
  readonly caveat: string | undefined;
  readonly source: string;
}

/** An action of the experiment: one fault, on every target of its selector. */
export interface ExperimentAction {
  readonly type: 'continuous' | 'discrete';
  readonly urn: string;
  /** Continuous actions only. */
  readonly durationSeconds: number | undefined;
  readonly parameters: readonly { readonly key: string; readonly value: string }[];
  readonly selector: string;
}

export interface ExperimentSelector {
  readonly id: string;
  /** Ids of the Microsoft.Chaos/targets resources the action acts on. */
  readonly targets: readonly string[];
  readonly zones: readonly string[] | undefined;
}

export interface ExperimentStep {
  readonly name: string;
  readonly branches: readonly { readonly name: string; readonly actions: readonly ExperimentAction[] }[];
}

export interface DrillExperiment {
  readonly service: string;
  /** The scenario id of the plan it drills, e.g. regionOutage/westeurope. */
  readonly scenario: string;
  readonly name: string;
  /** The runner's region (never the failed one). */
  readonly location: string;
  readonly faults: readonly ExperimentFault[];
  readonly selectors: readonly ExperimentSelector[];
  readonly steps: readonly ExperimentStep[];
  /** How long the experiment lasts: its continuous actions, side by side (one event) or one after the other. */
  readonly durationSeconds: number;
  /** Resources of the scenario no fault is injected into, and why: the drill disrupts them through the plan's steps. */
  readonly skipped: readonly { readonly resource: string; readonly reason: string }[];
}

/**
 * The zone a zone-outage drill takes down. Zones are symmetric for a zone-redundant resource and the spec names none,
 * so azslo drills logical zone 1 of each subscription (the number maps to a different physical zone per subscription).
 */
export const DRILL_ZONE = '1';

/** The default drill timeout (recovery.drill.timeout), which bounds each continuous fault. */

/** Experiment name: exp-azslo-<service>-<scenario>, letters, digits and hyphens (what Azure allows and more), at most 63. */
export function experimentName(service: Pick<ServiceModel, 'slug'>, scenario: string): string {
  return `exp-azslo-${service.slug}-${slug(scenario.replace('/', '-'))}`.slice(0, 63).replace(/-+$/, '');
}

/** The id of the Chaos target a fault acts through: an extension resource of the resource, named by the target type. */
export const chaosTargetId = (resourceId: string, targetType: string): string => `${resourceId}/providers/Microsoft.Chaos/targets/${targetType}`;

const DISRUPTION_WORDS: Readonly<Record<Disruption, string>> = { componentFailure: 'component failure', zoneOutage: 'zone outage', regionOutage: 'region outage', dataCorruption: 'data corruption' };

/** The resources a scenario hits: those in the failed region (zone and region outages), or those it names. */
function affectedResources(service: ServiceModel, scenario: Scenario): ResourceModel[] {
  if (scenario.region !== undefined) return service.resources.filter((r) => r.location === scenario.region && r.entry?.scope !== 'global');
  const named = new Set([...scenario.steps.map((s) => s.resource), ...scenario.bypassed.map((b) => b.resource), ...scenario.notCovered.map((n) => n.resource)].map((n) => n.toLowerCase()));
  return service.resources.filter((r) => named.has(r.name.toLowerCase()));
}

/** A fault's parameters with their placeholders filled, or the placeholders nothing gives a value. */
function fillParameters(f: ChaosFault, r: ResourceModel, region: string | undefined): { parameters: { key: string; value: string }[]; missing: string[] } {
  const failed = region ?? r.location;
  const values: Record<string, string> = { name: r.name, region: failed, regionName: regionDisplayName(failed) };
  if (r.secondaryLocation) Object.assign(values, { secondaryRegion: r.secondaryLocation, secondaryRegionName: regionDisplayName(r.secondaryLocation) });
  for (const [k, v] of Object.entries(r.recoveryParameters)) {
    if (typeof v === 'string') values[k] = v;
    else if (Object.hasOwn(v, failed)) values[k] = v[failed]!;
  }
  const missing = new Set<string>();
  const parameters = (f.parameters ?? []).map((p) => ({
    key: p.key,
    value: p.value.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) => {
      if (Object.hasOwn(values, name)) return values[name]!;
      missing.add(name);
      return whole;
    }),
  }));
  return { parameters, missing: [...missing] };
}

const missingReason = (f: ChaosFault, r: ResourceModel, name: string): string => {
  const declared = f.placeholders?.find((p) => p.name === name);
  if (declared) return `its ${f.name} fault needs resources[].recoveryParameters.${name} (${declared.description})`;
  return name.startsWith('secondaryRegion') ? `its ${f.name} fault needs the resource's secondaryLocation` : `its ${f.name} fault needs {${name}}`;
};

/** A drill's defaults in seconds (catalog/azure/drill.yaml), for what the spec leaves out. */
export function drillDefaults(): { readonly detectWithinSeconds: number; readonly timeoutSeconds: number } {
  return { detectWithinSeconds: isoSeconds(fact('drill', 'defaultDetectWithin')), timeoutSeconds: isoSeconds(fact('drill', 'defaultTimeout')) };
}

/** The drill experiments of a service's plans: one per drilled plan with at least one fault (none without recovery.drill). */
export function drillExperiments(service: ServiceModel, plans: readonly RecoveryPlan[], scenarios: readonly Scenario[]): DrillExperiment[] {
  const drill = service.recovery?.drill;
  if (!drill) return [];
  const drilled = (scenario: string) => service.recovery?.plans?.find((p) => p.scenario === scenario)?.drill !== false;
  const timeout = drill.timeout !== undefined ? parseDuration(drill.timeout)! : drillDefaults().timeoutSeconds;
  const location = service.recovery?.runner?.location ?? service.azure.location;
  const out: DrillExperiment[] = [];
  for (const plan of [...plans].sort((a, b) => compareText(a.scenario, b.scenario))) {
    if (!drilled(plan.scenario)) continue;
    const scenario = scenarios.find((s) => s.id === plan.scenario);
    if (!scenario || scenario.disruption === 'dataCorruption') continue;
    const disruption = scenario.disruption;
    const faults: ExperimentFault[] = [];
    const skipped: { resource: string; reason: string }[] = [];
    for (const r of affectedResources(service, scenario).sort((a, b) => compareText(a.name, b.name))) {
      const candidates = (r.entry?.chaos?.faults ?? []).filter((f) => f.simulates.includes(disruption) && (disruption !== 'zoneOutage' || f.zoneFilter));
      if (candidates.length === 0) {
        skipped.push({ resource: r.name, reason: `Chaos Studio has no fault for ${r.type} that simulates a ${DISRUPTION_WORDS[disruption]}: the drill disrupts it through the plan's own steps` });
        continue;
      }
      for (const f of candidates) {
        const planned = plan.steps.find((s) => s.resource.toLowerCase() === r.name.toLowerCase() && s.drill);
        if (f.recovers && planned) {
          skipped.push({ resource: r.name, reason: `its ${f.name} fault carries out the recovery itself, which the plan's drill does with its planned step (${planned.mechanism})` });
          continue;
        }
        const { parameters, missing } = fillParameters(f, r, scenario.region);
        if (missing.length) {
          skipped.push({ resource: r.name, reason: missing.map((m) => missingReason(f, r, m)).join('; ') });
          continue;
        }
        faults.push({
          resource: r.name,
          resourceId: r.id,
          type: r.type,
          fault: f.name,
          urn: f.urn,
          targetType: f.targetType,
          capability: f.capability,
          actionType: f.actionType,
          parameters,
          zones: disruption === 'zoneOutage' ? [DRILL_ZONE] : undefined,
          role: f.roles[0]!,
          roles: f.roles,
          targetApiVersion: r.entry!.chaos!.targetApiVersion,
          requires: f.requires,
          caveat: f.caveat,
          source: f.source,
        });
      }
    }
    const arranged = arrange(faults, scenario.shape, timeout);
    for (const f of arranged.dropped) skipped.push({ resource: f.fault.resource, reason: f.reason });
    const used = faults.filter((f) => !arranged.dropped.some((d) => d.fault === f));
    if (used.length === 0) continue;
    out.push({
      service: service.name,
      scenario: scenario.id,
      name: experimentName(service, scenario.id),
      location,
      faults: used,
      selectors: arranged.selectors,
      steps: arranged.steps,
      durationSeconds: arranged.durationSeconds,
      skipped,
    });
  }
  return out;
}

/**
 * Faults → selectors, actions, branches and steps within Chaos Studio's limits. Faults with the same URN, parameters
 * and zones share one action (a selector of up to maxTargetsPerAction targets), since the limit is on actions per
 * experiment. A zone or region outage is one event: every action in its own branch of one step, side by side. A
 * component failure is any one component at a time: one step per action, one after the other.
 */
function arrange(faults: readonly ExperimentFault[], shape: Scenario['shape'], timeout: number) {
  const maxActions = fact('chaos', 'maxActionsPerExperiment');
  const maxBranches = fact('chaos', 'maxBranchesPerExperiment');
  const maxSteps = fact('chaos', 'maxStepsPerExperiment');
  const maxTargets = fact('chaos', 'maxTargetsPerAction');
  const groups = new Map<string, ExperimentFault[]>();
  for (const f of faults) {
    const k = JSON.stringify([f.urn, f.parameters, f.zones ?? null]);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(f);
  }
  const chunks: ExperimentFault[][] = [];
  for (const k of [...groups.keys()].sort(compareText)) {
    const g = groups.get(k)!;
    for (let i = 0; i < g.length; i += maxTargets) chunks.push(g.slice(i, i + maxTargets));
  }
  const serial = shape === 'any-one';
  const allowed = Math.min(maxActions, serial ? maxSteps : maxBranches);
  const kept = chunks.slice(0, allowed);
  const limit = serial ? `${maxSteps} steps` : `${Math.min(maxActions, maxBranches)} parallel actions`;
  const dropped = chunks.slice(allowed).flat().map((fault) => ({ fault, reason: `its ${fault.fault} fault would exceed Chaos Studio's limit of ${limit} per experiment` }));
  const continuous = kept.filter((c) => c[0]!.actionType === 'continuous').length;
  // Each continuous action lasts the drill's timeout, within the per-action limit and, one after the other, within the
  // experiment's limit.
  const experimentCap = fact('chaos', 'maxExperimentHours') * 3600;
  const perAction = Math.min(timeout, fact('chaos', 'maxActionHours') * 3600, serial && continuous ? Math.floor(experimentCap / continuous) : experimentCap);
  const selectors: ExperimentSelector[] = kept.map((c, i) => ({ id: `selector-${i + 1}`, targets: c.map((f) => chaosTargetId(f.resourceId, f.targetType)), zones: c[0]!.zones }));
  const actions: ExperimentAction[] = kept.map((c, i) => ({
    type: c[0]!.actionType,
    urn: c[0]!.urn,
    durationSeconds: c[0]!.actionType === 'continuous' ? perAction : undefined,
    parameters: c[0]!.parameters,
    selector: selectors[i]!.id,
  }));
  const steps: ExperimentStep[] = serial
    ? actions.map((a, i) => ({ name: `step-${i + 1}`, branches: [{ name: `branch-${i + 1}`, actions: [a] }] }))
    : actions.length
      ? [{ name: 'step-1', branches: actions.map((a, i) => ({ name: `branch-${i + 1}`, actions: [a] })) }]
      : [];
  const durations = actions.map((a) => a.durationSeconds ?? 0);
  const durationSeconds = serial ? durations.reduce((x, y) => x + y, 0) : Math.max(0, ...durations);
  return { selectors, steps, durationSeconds, dropped };
}
