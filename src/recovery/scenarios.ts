import type { Disruption } from '../catalog/resources.js';
import { compareText } from '../base/text.js';
import { humanDuration } from '../base/durations.js';
import type { ServiceModel } from '../model/service.js';
import { DISRUPTION_TITLES, optionOf, type RecoveryOption } from './exposure.js';
import type { RecoveryAssessment, ResourceVerdict } from './assess.js';
import type { CheckStatus, DetectionEstimate, ObjectiveCheck } from './verdicts.js';

/**
 * Disaster-recovery scenarios proposed from the assessment: per disruption with a target (and per region for zone
 * and region outages), the ordered recovery steps over the affected resources — data first, then messaging, then
 * compute, then traffic — each with its published duration, what it may lose and whether it can run unattended, and
 * the estimated total against the RTO and RPO. The DR plan (runbooks) is generated from these steps.
 */
export type Phase = 'data' | 'messaging' | 'compute' | 'traffic';
export const PHASES: readonly Phase[] = ['data', 'messaging', 'compute', 'traffic'];

export type DataLossClass = 'none' | 'bounded by lag' | 'bounded by the last backup' | 'unbounded';
export type Unattended = 'yes' | 'with approval' | 'no';

export interface ScenarioStep {
  readonly order: number;
  readonly phase: Phase;
  readonly resource: string;
  readonly type: string;
  readonly mechanism: string;
  readonly action: string;
  readonly activation: RecoveryOption['activation'];
  readonly dataLoss: DataLossClass;
  readonly durationSeconds: number | undefined;
  /** yes: nothing loses data (or nothing needs starting); with approval: it may lose data, so a person approves; no: it cannot run at all. */
  readonly unattended: Unattended;
  readonly automatable: boolean;
  /** Why it cannot be automated, when it cannot. */
  readonly manual: string | undefined;
  readonly source: string;
}

export interface Scenario {
  /** Stable within the service: `<disruption>` or `<disruption>/<region>`. */
  readonly id: string;
  readonly disruption: Disruption;
  readonly region: string | undefined;
  readonly title: string;
  /** together: one event hits every affected resource at once (zone, region); any-one: each step is a separate incident. */
  readonly shape: 'together' | 'any-one';
  readonly steps: readonly ScenarioStep[];
  /** Resources the journeys do without during the disruption: their redundant partners carry on. */
  readonly bypassed: readonly { readonly resource: string; readonly by: readonly string[] }[];
  readonly notCovered: readonly { readonly resource: string; readonly reason: string }[];
  /** Resources whose replica, partner or standby is in the lost region: nothing to recover, protection to restore afterwards. */
  readonly degraded: readonly { readonly resource: string; readonly note: string }[];
  readonly detection: DetectionEstimate | undefined;
  /** Detection (when someone must start a step) + the phases one after the other, the steps of a phase side by side. */
  readonly totalSeconds: number | undefined;
  readonly rpoSeconds: number | undefined;
  readonly rto: ObjectiveCheck | undefined;
  readonly rpo: ObjectiveCheck | undefined;
  readonly status: CheckStatus;
  readonly reason: string;
  /** Every step can run from a runbook (or needs nothing); what is not covered is listed apart. */
  readonly automatable: boolean;
}

const LOSS: Readonly<Record<RecoveryOption['dataLoss'], DataLossClass>> = { none: 'none', lag: 'bounded by lag', backup: 'bounded by the last backup', unbounded: 'unbounded' };

export function phaseOf(role: string | undefined): Phase {
  // Secrets and keys come back with the data: the compute after them needs both.
  if (role === 'data' || role === 'security') return 'data';
  if (role === 'messaging') return 'messaging';
  if (role === 'edge' || role === 'network') return 'traffic';
  return 'compute';
}

function stepOf(v: ResourceVerdict, option: RecoveryOption, role: string | undefined, resource = v.resource, type = v.type): Omit<ScenarioStep, 'order'> {
  const unattended: Unattended = !option.automatable || option.activation === 'microsoft' ? 'no' : option.activation === 'automatic' || option.dataLoss === 'none' ? 'yes' : 'with approval';
  return {
    phase: phaseOf(role),
    resource,
    type,
    mechanism: option.mechanism,
    action: option.action ?? (option.activation === 'automatic' ? `Verify that ${resource} recovered on its own (${option.mechanism})` : `Run ${option.mechanism} for ${resource}`),
    activation: option.activation,
    dataLoss: LOSS[option.dataLoss],
    durationSeconds: option.recoverySeconds,
    unattended,
    automatable: option.automatable,
    manual: option.manual,
    source: option.source,
  };
}

const worst = (xs: readonly CheckStatus[]): CheckStatus => (xs.includes('not-met') ? 'not-met' : xs.includes('unknown') ? 'unknown' : 'met');

export function proposeScenarios(service: ServiceModel, assessment: RecoveryAssessment): Scenario[] {
  const byName = new Map(service.resources.map((r) => [r.name.toLowerCase(), r]));
  const roleOf = (name: string) => byName.get(name.toLowerCase())?.entry?.role;
  const out: Scenario[] = [];
  for (const { disruption, targets } of assessment.disruptions) {
    const verdicts = assessment.verdicts.filter((v) => v.disruption === disruption);
    const regional = disruption === 'zoneOutage' || disruption === 'regionOutage';
    const groups: [string | undefined, ResourceVerdict[]][] = regional
      ? [...new Set(verdicts.filter((v) => byName.get(v.resource.toLowerCase())?.entry?.scope !== 'global').map((v) => v.location))].sort(compareText).map((region) => [region, verdicts.filter((v) => v.location === region)])
      : [[undefined, verdicts]];
    for (const [region, affected] of groups) {
      if (affected.length === 0) continue;
      const steps: Omit<ScenarioStep, 'order'>[] = [];
      const routers = new Set<string>();
      const rerouteBy = new Map<string, string>();
      for (const v of affected) {
        if (v.coverage === 'covered' && v.option) steps.push(stepOf(v, v.option, roleOf(v.resource)));
        if (v.coverage === 'redundant' && v.router && v.option && !routers.has(v.router)) {
          routers.add(v.router);
          const router = byName.get(v.router.toLowerCase())!;
          rerouteBy.set(router.name, v.option.mechanism);
          steps.push(stepOf(v, v.option, router.entry?.role, router.name, router.type));
          // Probes fail open and may keep a half-broken region in rotation: a declared customer step that takes the
          // failed region out of the router (disable its origin or endpoint) runs after the automatic reroute.
          for (const m of router.mechanisms.filter((x) => x.activation === 'customer' && x.operation && x.protects.includes(disruption) && x.dataLoss === 'none')) {
            steps.push(stepOf(v, optionOf(m, false), router.entry?.role, router.name, router.type));
          }
        }
      }
      steps.sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || compareText(a.resource, b.resource));
      // A router that is itself affected has its own step too: keep one step per resource and mechanism, and drop
      // its own automatic step (a global service's "nothing to fail over"), which says less than its reroute.
      const unique = steps
        .filter((s) => !(rerouteBy.has(s.resource) && s.activation === 'automatic' && s.mechanism !== rerouteBy.get(s.resource)))
        .filter((s, i, all) => all.findIndex((x) => x.resource === s.resource && x.mechanism === s.mechanism) === i);
      const numbered = unique.map((s, i) => ({ ...s, order: i + 1 }));
      const bypassed = affected.filter((v) => v.coverage === 'redundant').map((v) => ({ resource: v.resource, by: v.redundantWith }));
      const notCovered = affected.filter((v) => v.coverage === 'not-covered').map((v) => ({ resource: v.resource, reason: v.reason }));
      const shape = regional ? 'together' : 'any-one';
      const dataSteps = affected.filter((v) => v.rpo);
      let detection: DetectionEstimate | undefined;
      let totalSeconds: number | undefined;
      let unknown: string | undefined;
      if (shape === 'together') {
        const customer = affected.filter((v) => v.coverage === 'covered' && v.option?.activation === 'customer');
        const detections = customer.map((v) => v.detection);
        detection = detections.every((x) => x) && detections.length ? detections.reduce((a, b) => (b!.seconds < a!.seconds ? b : a)) : undefined;
        const missing = numbered.find((s) => s.durationSeconds === undefined && s.activation !== 'microsoft') ?? numbered.find((s) => s.activation === 'microsoft');
        if (notCovered.length) unknown = `${notCovered.map((n) => n.resource).join(', ')} ${notCovered.length === 1 ? 'is' : 'are'} not covered`;
        else if (customer.length && !detection) unknown = 'no alert tells anyone to start the customer steps';
        else if (missing) unknown = `${missing.resource}: ${missing.activation === 'microsoft' ? 'Microsoft decides when' : 'no published duration'} (${missing.mechanism})`;
        else if (affected.some((v) => v.coverage === 'redundant' && v.rto?.status === 'unknown')) unknown = 'the switch-over time to the redundant partners is not published';
        else {
          const byPhase = PHASES.map((p) => Math.max(0, ...numbered.filter((s) => s.phase === p).map((s) => s.durationSeconds!)));
          totalSeconds = (detection?.seconds ?? 0) + byPhase.reduce((a, b) => a + b, 0);
        }
      } else {
        const estimates = affected.map((v) => v.rto?.estimateSeconds);
        const unknownOne = affected.find((v) => v.rto && v.rto.estimateSeconds === undefined);
        if (unknownOne) unknown = `${unknownOne.resource}: ${unknownOne.rto!.reason}`;
        else if (estimates.some((x) => x !== undefined)) totalSeconds = Math.max(...estimates.filter((x): x is number => x !== undefined));
      }
      const rpoUnknown = dataSteps.find((v) => v.rpo!.estimateSeconds === undefined);
      const rpoSeconds = dataSteps.length && !rpoUnknown ? Math.max(...dataSteps.map((v) => v.rpo!.estimateSeconds!)) : undefined;
      const unproven = (why: string) => (/cannot be shown to hold|cannot hold/.test(why) ? why : `${why}: the RTO of ${humanDuration(targets.rtoSeconds!)} cannot be shown to hold`);
      const rto: ObjectiveCheck | undefined =
        targets.rtoSeconds === undefined
          ? undefined
          : totalSeconds === undefined
            ? { targetSeconds: targets.rtoSeconds, estimateSeconds: undefined, status: unknown?.includes('not covered') || notCovered.length ? 'not-met' : 'unknown', reason: unproven(unknown ?? 'no step publishes a time') }
            : totalSeconds <= targets.rtoSeconds
              ? { targetSeconds: targets.rtoSeconds, estimateSeconds: totalSeconds, status: 'met', reason: `estimated ${humanDuration(totalSeconds)}, within the RTO of ${humanDuration(targets.rtoSeconds)} (${humanDuration(targets.rtoSeconds - totalSeconds)} left)` }
              : { targetSeconds: targets.rtoSeconds, estimateSeconds: totalSeconds, status: 'not-met', reason: `estimated ${humanDuration(totalSeconds)}: exceeds the RTO of ${humanDuration(targets.rtoSeconds)} by ${humanDuration(totalSeconds - targets.rtoSeconds)}` };
      const rpo: ObjectiveCheck | undefined =
        targets.rpoSeconds === undefined || dataSteps.length === 0
          ? undefined
          : { targetSeconds: targets.rpoSeconds, estimateSeconds: rpoSeconds, status: worst(dataSteps.map((v) => v.rpo!.status)), reason: rpoSeconds === undefined ? `${rpoUnknown!.resource}: ${rpoUnknown!.rpo!.reason}` : `${rpoSeconds === 0 ? 'no data lost' : `at most ${humanDuration(rpoSeconds)} of data lost`} (${dataSteps.length} data store${dataSteps.length === 1 ? '' : 's'}), against the RPO of ${humanDuration(targets.rpoSeconds)}` };
      const status = worst([rto?.status ?? 'met', rpo?.status ?? 'met']);
      const title = region ? `${DISRUPTION_TITLES[disruption]} in ${region}` : shape === 'any-one' ? `${DISRUPTION_TITLES[disruption]} of any one resource` : DISRUPTION_TITLES[disruption];
      const degraded = region && disruption === 'regionOutage'
        ? service.resources
            .filter((r) => r.secondaryLocation === region && r.location !== region)
            .map((r) => ({ resource: r.name, note: `its replica or partner in ${region} is lost: it keeps serving from ${r.location}, unprotected until ${region} returns and it is re-protected` }))
        : [];
      out.push({
        id: region ? `${disruption}/${region}` : disruption,
        disruption,
        region,
        title,
        shape,
        steps: numbered,
        bypassed,
        notCovered,
        degraded,
        detection,
        totalSeconds,
        rpoSeconds,
        rto,
        rpo,
        status,
        reason: [rto?.reason, rpo?.reason].filter(Boolean).join('; '),
        automatable: numbered.every((s) => s.automatable),
      });
    }
  }
  return out;
}
