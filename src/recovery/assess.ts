import type { Disruption } from '../catalog/resources.js';
import { compareText } from '../base/text.js';
import { humanDuration } from '../base/durations.js';
import { conditionsHoldFor, type ResourceModel } from '../model/infrastructure.js';
import type { ServiceModel } from '../model/service.js';
import type { StepSpec } from '../model/spec.js';
import { DISRUPTION_TITLES, declaredFigures, exposureOf, optionOf, recoveryTargets, targetedDisruptions, type Exposure, type RecoveryOption, type RecoveryTargets } from './exposure.js';
import { chooseOption, rpoCheck, rtoCheck, type CheckStatus, type DetectionEstimate, type EstimatedOption, type ObjectiveCheck } from './verdicts.js';

/**
 * Per disruption with a target and per resource: what recovers it, how long that takes against the RTO and what it
 * loses against the RPO — or why nothing does. A resource inside a redundant journey step whose other members survive
 * the disruption needs no recovery of its own: the journey goes on without it.
 */
export interface ResourceVerdict {
  /** Stable within the service: `<disruption>/<resource>`. */
  readonly id: string;
  readonly resource: string;
  readonly type: string;
  readonly location: string;
  readonly disruption: Disruption;
  readonly coverage: 'covered' | 'redundant' | 'not-covered';
  /** The option recovered with (covered), or the router's that moves traffic to the survivors (redundant). */
  readonly option: RecoveryOption | undefined;
  readonly detection: DetectionEstimate | undefined;
  /** The members of its redundant steps that keep the journeys going (redundant). */
  readonly redundantWith: readonly string[];
  /** The resource that moves traffic to them, when the journey has one. */
  readonly router: string | undefined;
  readonly rto: ObjectiveCheck | undefined;
  /** Data stores only. */
  readonly rpo: ObjectiveCheck | undefined;
  /** The worse of rto and rpo; not-met when nothing covers the resource. */
  readonly status: CheckStatus;
  readonly reason: string;
  /** Other options in effect that could be used instead. */
  readonly alternatives: readonly string[];
  readonly excluded: Exposure['excluded'];
  readonly source: string | undefined;
}

const worse = (a: CheckStatus | undefined, b: CheckStatus | undefined): CheckStatus => {
  const order: CheckStatus[] = ['met', 'unknown', 'not-met'];
  return order[Math.max(order.indexOf(a ?? 'met'), order.indexOf(b ?? 'met'))]!;
};

/** Resource names under a journey step. */
export function stepResources(step: StepSpec): string[] {
  if (typeof step === 'string') return [step];
  return ('redundant' in step ? step.redundant : step.series).flatMap(stepResources);
}

interface Placement {
  /** The other members of the innermost redundant group holding the resource, one list per member. */
  readonly siblings: readonly (readonly string[])[];
  /** The series steps before the group in its journey: where a router would be. */
  readonly before: readonly string[];
}

/** Where a resource sits in each journey holding it: undefined siblings when it stands alone in series (a single point). */
function placements(journeys: readonly { steps: StepSpec[] }[], name: string): (Placement | 'alone')[] {
  const lower = name.toLowerCase();
  const out: (Placement | 'alone')[] = [];
  const visit = (steps: readonly StepSpec[], before: string[], group: Placement | undefined): void => {
    const seen = [...before];
    for (const s of steps) {
      if (typeof s === 'string') {
        if (s.toLowerCase() === lower) out.push(group ?? 'alone');
        seen.push(s);
      } else if ('redundant' in s) {
        const upTo = [...seen];
        s.redundant.forEach((member, i) => {
          const siblings = s.redundant.filter((_, k) => k !== i).map(stepResources);
          visit([member], upTo, { siblings, before: upTo });
        });
        seen.push(...stepResources(s));
      } else {
        visit(s.series, seen, group);
        seen.push(...stepResources(s));
      }
    }
  };
  for (const j of journeys) visit(j.steps, [], undefined);
  return out;
}

export interface AssessmentInput {
  readonly service: ServiceModel;
  /** The fastest alert that would tell someone the resource (by name) is down, if any. */
  readonly detect: (resource: string) => DetectionEstimate | undefined;
}

export interface RecoveryAssessment {
  readonly disruptions: readonly { readonly disruption: Disruption; readonly targets: RecoveryTargets }[];
  readonly verdicts: readonly ResourceVerdict[];
}

/** Assesses every resource of the service against every disruption it declares a target for. */
export function assessRecovery({ service, detect }: AssessmentInput): RecoveryAssessment {
  const byName = new Map(service.resources.map((r) => [r.name.toLowerCase(), r]));
  const journeys = service.architecture?.journeys ?? [];
  const disruptions = targetedDisruptions(service).map((disruption) => ({ disruption, targets: recoveryTargets(service, disruption) }));
  const verdicts: ResourceVerdict[] = [];
  // With journeys, what serves the users is what they name: a resource in no journey has no recovery time to
  // keep (its data still has a recovery point). Without journeys every resource counts.
  const served = new Set(journeys.flatMap((j) => j.steps.flatMap(stepResources)).map((n) => n.toLowerCase()));
  for (const { disruption, targets } of disruptions) {
    for (const r of service.resources) {
      const exposure = exposureOf(r, disruption);
      if (disruption === 'dataCorruption' && !exposure.dataStore) continue;
      const timed = targets.rtoSeconds !== undefined && (journeys.length === 0 || served.has(r.name.toLowerCase()));
      const dated = exposure.dataStore && targets.rpoSeconds !== undefined && r.rpoExempt === undefined;
      if (!timed && !dated) continue;
      const judged = { rtoSeconds: timed ? targets.rtoSeconds : undefined, rpoSeconds: dated ? targets.rpoSeconds : undefined };
      verdicts.push(verdictFor(r, exposure, judged, detect(r.name), journeys, byName));
    }
  }
  return { disruptions, verdicts };
}

/** Whether every resource of a sibling member survives the disruption that hits `r` (its zone or its region). */
function survives(member: readonly string[], r: ResourceModel, d: Disruption, byName: Map<string, ResourceModel>): boolean {
  return member.every((name) => {
    const m = byName.get(name.toLowerCase());
    if (!m) return true; // an external dependency (architecture.dependencies): outside Azure's regions
    if (d === 'componentFailure') return true;
    if (d === 'dataCorruption') return false;
    if (m.entry?.scope === 'global' || m.location !== r.location) return true;
    return d === 'zoneOutage' && exposureOf(m, d).options.some((o) => o.activation === 'automatic');
  });
}

function verdictFor(
  r: ResourceModel,
  exposure: Exposure,
  targets: RecoveryTargets,
  detection: DetectionEstimate | undefined,
  journeys: readonly { steps: StepSpec[] }[],
  byName: Map<string, ResourceModel>,
): ResourceVerdict {
  const own = ownVerdict(r, exposure, targets, detection);
  if (own.status === 'met' || exposure.disruption === 'dataCorruption' || targets.rtoSeconds === undefined) return own;
  const redundant = redundancyVerdict(r, exposure, targets, own, journeys, byName);
  if (!redundant) return own;
  const rank = (v: ResourceVerdict) => ['met', 'unknown', 'not-met'].indexOf(v.status);
  // On a tie the journey's own redundancy is the better story — unless the resource recovers automatically itself.
  return rank(redundant) < rank(own) || (rank(redundant) === rank(own) && own.option?.activation !== 'automatic') ? redundant : own;
}

/** What the resource's own mechanisms give: the option chosen with its checks, or why nothing covers it. */
function ownVerdict(r: ResourceModel, exposure: Exposure, targets: RecoveryTargets, detection: DetectionEstimate | undefined): ResourceVerdict {
  const d = exposure.disruption;
  const base = { id: `${d}/${r.name}`, resource: r.name, type: r.type, location: r.location, disruption: d, excluded: exposure.excluded, redundantWith: [] as string[], router: undefined };
  const rpoApplies = exposure.dataStore && targets.rpoSeconds !== undefined;
  const chosen: EstimatedOption | undefined = chooseOption(exposure, targets, detection);
  if (!chosen) {
    const missing = [targets.rtoSeconds !== undefined ? `RTO ${humanDuration(targets.rtoSeconds)}` : undefined, rpoApplies ? `RPO ${humanDuration(targets.rpoSeconds!)}` : undefined].filter(Boolean).join(', ');
    return {
      ...base,
      coverage: 'not-covered',
      option: undefined,
      detection: undefined,
      rto: targets.rtoSeconds !== undefined ? { targetSeconds: targets.rtoSeconds, estimateSeconds: undefined, status: 'not-met', reason: exposure.uncovered! } : undefined,
      rpo: rpoApplies ? { targetSeconds: targets.rpoSeconds!, estimateSeconds: undefined, status: 'not-met', reason: exposure.uncovered! } : undefined,
      status: 'not-met',
      reason: `not covered (${missing || DISRUPTION_TITLES[d]}): ${exposure.uncovered}`,
      alternatives: [],
      source: undefined,
    };
  }
  const rto = targets.rtoSeconds !== undefined ? rtoCheck(targets.rtoSeconds, chosen) : undefined;
  const rpo = rpoApplies ? rpoCheck(targets.rpoSeconds!, chosen.option) : undefined;
  return {
    ...base,
    coverage: 'covered',
    option: chosen.option,
    detection: chosen.detection,
    rto,
    rpo,
    status: worse(rto?.status, rpo?.status),
    reason: [rto?.reason, rpo && rpo.reason !== rto?.reason ? rpo.reason : undefined].filter(Boolean).join('; '),
    alternatives: exposure.options.filter((o) => o !== chosen.option).map((o) => o.mechanism),
    source: chosen.option.source,
  };
}

/**
 * Redundancy: in every journey holding it, the resource has a sibling that survives, so the journey goes on
 * without it — in the time the step before it takes to reroute. Its data is another matter: what it held is still
 * lost or not as its own mechanisms say (the RPO of `own`).
 */
function redundancyVerdict(
  r: ResourceModel,
  exposure: Exposure,
  targets: RecoveryTargets,
  own: ResourceVerdict,
  journeys: readonly { steps: StepSpec[] }[],
  byName: Map<string, ResourceModel>,
): ResourceVerdict | undefined {
  const d = exposure.disruption;
  const places = placements(journeys, r.name);
  if (places.length === 0 || !places.every((p) => p !== 'alone' && p.siblings.some((s) => survives(s, r, d, byName)))) return undefined;
  const groups = places as Placement[];
  const survivors = [...new Set(groups.flatMap((p) => p.siblings.filter((s) => survives(s, r, d, byName)).flat()))].sort(compareText);
  // The router: the nearest earlier traffic step (edge or network: Front Door, Traffic Manager, a load balancer)
  // with a mechanism that moves traffic away from failed origins for this disruption.
  const rerouting = (m: ResourceModel) => (m.entry?.recovery.mechanisms ?? []).find((x) => x.reroutes && x.protects.includes(d) && x.activation === 'automatic' && conditionsHoldFor(x.when, m));
  const isRouter = (m: ResourceModel | undefined) => m !== undefined && (m.entry?.role === 'edge' || m.entry?.role === 'network') && rerouting(m) !== undefined;
  const routers = groups.map((p) => [...p.before].reverse().map((n) => byName.get(n.toLowerCase())).find(isRouter));
  const router = routers.every((x) => x && x === routers[0]) ? routers[0] : undefined;
  const reroute = router ? rerouting(router) : undefined;
  const routing = reroute && router ? declaredFigures(optionOf(reroute, true), router) : undefined;
  const onto = `the journeys go on with ${survivors.join(', ')}`;
  const target = targets.rtoSeconds!;
  const rto: ObjectiveCheck =
    routing?.recoverySeconds !== undefined
      ? rtoCheck(target, { option: routing, detection: undefined, rtoSeconds: routing.recoverySeconds, rtoUnknown: undefined })
      : {
          targetSeconds: target,
          estimateSeconds: undefined,
          status: 'unknown',
          reason: router ? `the time ${router.name} takes to move traffic (${routing!.mechanism}) is not published` : `no step before them in the journey moves traffic automatically (Front Door, Traffic Manager, a load balancer), so the switch-over time is unknown`,
        };
  return {
    id: own.id,
    resource: r.name,
    type: r.type,
    location: r.location,
    disruption: d,
    excluded: exposure.excluded,
    coverage: 'redundant',
    option: routing,
    detection: undefined,
    redundantWith: survivors,
    router: router?.name,
    rto,
    rpo: own.rpo,
    status: worse(rto.status, own.rpo?.status),
    reason: [`redundant: ${onto}${router ? `, ${router.name} moving traffic to them` : ''}; ${rto.reason}`, own.rpo ? `its data: ${own.rpo.reason}` : undefined].filter(Boolean).join('; '),
    alternatives: exposure.options.map((o) => o.mechanism),
    source: routing?.source,
  };
}
