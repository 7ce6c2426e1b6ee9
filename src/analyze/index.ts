import { regionDisplayName } from '../catalog/index.js';
import type { Disruption } from '../catalog/resources.js';
import { humanDuration } from '../base/durations.js';
import { compareText } from '../base/text.js';
import { mechanismWatcher, type ResourceModel } from '../model/infrastructure.js';
import { sloMeasures, type ServiceModel, type SloModel } from '../model/service.js';
import { budgetMinutes } from '../model/windows.js';
import type { JourneySpec, StepSpec, WaiverSpec } from '../model/spec.js';
import { assessRecovery, proposeScenarios, recoveryTargets, stepResources, DISRUPTION_TITLES, type DetectionEstimate, type ObjectiveCheck, type ResourceVerdict, type Scenario } from '../recovery/index.js';
import { buildRecoveryPlans } from '../drplan/index.js';
import { deployedAlertRules, type BurnRateRule, type MetricRule, type ResourceHealthRule, type ServiceHealthRule } from '../resources/deployed-alerts.js';
import type { Deployment } from '../resources/model.js';
import { activityLogDetection, burnRateDetection, metricDetection, type Detection } from './detection.js';
import { betterSlas, componentSla, declaredSla, type ComponentSla } from './sla.js';
import { planDrills, type DrillHistory, type PlanDrill } from './drills.js';
import { alertingCost, type AlertingCost } from './cost.js';

/**
 * `azslo analyze`: can the architecture meet its objectives? Composite SLA per journey against the availability
 * SLOs, coverage of the three layers, time to detect against the RTO, achievable RPO against the declared one.
 * Every number carries its source (catalog entry and URL) or its assumption.
 */
export type StepResult =
  | { readonly kind: 'resource'; readonly availability: number | undefined; readonly sla: ComponentSla }
  | { readonly kind: 'redundant' | 'series'; readonly availability: number | undefined; readonly children: readonly StepResult[] };

export interface Suggestion {
  readonly resource: string;
  readonly change: string;
  readonly from: number;
  readonly to: number;
  readonly journeyAvailability: number;
  /** Whether this one change lifts the journey to its highest availability SLO; if not, it is the best single change. */
  readonly closesGap: boolean;
  readonly source: string | undefined;
}

export interface JourneyResult {
  readonly name: string;
  /** Undefined when a step's availability is unknown (see `unknown`). */
  readonly availability: number | undefined;
  readonly steps: readonly StepResult[];
  /** Steps whose availability nobody publishes or declares: the journey's figure cannot be computed. */
  readonly unknown: readonly string[];
  readonly weakest: { readonly resource: string; readonly availability: number } | undefined;
  /** The availability SLOs compared: those the journey names (`slos:`), else every availability SLO of the service. */
  readonly compared: readonly { readonly slo: string; readonly objective: number }[];
  /** Whether the journey names its SLOs; when not, the report hints to. */
  readonly namedSlos: boolean;
  /** Compared SLOs that this journey's composite SLA cannot promise. */
  readonly unmet: readonly { readonly slo: string; readonly objective: number }[];
  readonly suggestion: Suggestion | undefined;
}

/** A DR plan as the analysis shows it beside its scenario. */
export interface PlanSummary {
  readonly scenario: string;
  readonly runbook: string;
  /** Alerts that start it automatically (spec names). */
  readonly triggers: readonly string[];
  readonly onDemand: boolean;
  /** Why data-losing steps may run unattended, when the spec allows it; otherwise an approver starts them. */
  readonly allowDataLoss: string | undefined;
  /** Steps an ARM call runs, steps the platform does itself, steps a person must do. */
  readonly steps: { readonly automated: number; readonly automatic: number; readonly manual: number };
  /** The scenario's estimated end-to-end time, which the plan carries out. */
  readonly estimatedSeconds: number | undefined;
}

export interface CoverageRow {
  readonly resource: string;
  readonly type: string;
  readonly metricAlerts: number;
  readonly resourceHealth: boolean;
  readonly serviceHealth: boolean;
  readonly rpoSignal: boolean | undefined;
  /** The deployed alert rule that proves the RPO, when one does. */
  readonly rpoProvenBy: string | undefined;
  /** Why no RPO applies to it, when the spec says so (`resources[].rpoExempt`). */
  readonly rpoExempt: string | undefined;
}

export interface Gap {
  /**
   * Stable within the service, for waivers (`accept: [{ gap: … }]`): `<kind>/<subject>[/…]` from the names of what
   * it is about, never from positions or counts, so it survives edits that do not touch that resource or SLO.
   * The kind (first segment) is one of src/model/gap-kinds.ts.
   */
  readonly id: string;
  readonly layer: 'infrastructure' | 'application' | 'business' | 'architecture' | 'recovery';
  readonly subject: string;
  readonly message: string;
}

/** A gap the spec accepts, with the waiver that accepts it. */
export interface AcceptedGap extends Gap {
  readonly waiver: WaiverSpec;
}

/** A waiver that no longer holds (expired: its gap counts again) or matches no gap (stale). */
export interface WaiverWarning {
  readonly gap: string;
  readonly problem: 'expired' | 'unused';
  readonly message: string;
}

/**
 * An SLO's error budget in minutes of total failure: over its rolling window, or per calendar period from the
 * shortest to the longest (a month 28–31 days), so the report holds no clock.
 */
export interface SloBudget {
  readonly slo: string;
  readonly objective: number;
  /** `30 days`, or `each calendar month (Europe/Berlin)`. */
  readonly window: string;
  readonly minutes: { readonly min: number; readonly max: number };
}

export interface ServiceAnalysis {
  readonly service: string;
  readonly journeys: readonly JourneyResult[];
  readonly coverage: {
    readonly resources: readonly CoverageRow[];
    readonly application: { readonly slos: number; readonly withPageAlert: number; readonly budgets: readonly SloBudget[] };
    readonly business: { readonly signals: number; readonly alerts: number };
  };
  /** The monthly list price of the service's alert rules (catalog/azure/prices.yaml); notifications excluded. */
  readonly cost: AlertingCost;
  readonly detection: readonly Detection[];
  /** Resources in no journey: their availability is not counted (information, not a gap). */
  readonly notInJourney: readonly string[];
  /** Time to detect a full outage of the service (its fastest alert), against the component-failure RTO. */
  readonly outage: { readonly detection: DetectionEstimate | undefined; readonly rto: ObjectiveCheck | undefined };
  /** The disruption model: each targeted disruption, the verdict per resource and the DR scenarios proposed. */
  readonly recovery: {
    readonly disruptions: readonly { readonly disruption: Disruption; readonly rtoSeconds: number | undefined; readonly rpoSeconds: number | undefined }[];
    readonly verdicts: readonly ResourceVerdict[];
    readonly scenarios: readonly Scenario[];
    /** The DR plans (runbooks) the spec asks for, per scenario: how they start and what they run. */
    readonly plans: readonly PlanSummary[];
  };
  /** With `--drills`: each plan's last drill, measured beside estimated figures. Absent otherwise. */
  readonly drills?: readonly PlanDrill[];
  /** Open gaps: not accepted, or accepted by an expired waiver. */
  readonly gaps: readonly Gap[];
  readonly accepted: readonly AcceptedGap[];
  readonly waiverWarnings: readonly WaiverWarning[];
  /** Every document a figure of this analysis comes from. */
  readonly sources: readonly string[];
}

/** Whether an SLO promises availability, as its SLI kind's catalog entry says (catalog/sli/, `measures`). */
const measuresAvailability = (slo: Pick<SloModel, 'sliKind' | 'sli'>) => sloMeasures(slo) === 'availability';
/** A stable sort on a numeric key, leaving `items` untouched. */
const sortBy = <T>(items: readonly T[], key: (x: T) => number): T[] => [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
const pct = (a: number) => `${round6(a * 100)} %`;


function evaluateStep(step: StepSpec, sla: (name: string) => ComponentSla): StepResult {
  if (typeof step === 'string') {
    const c = sla(step);
    return { kind: 'resource', availability: c.availability, sla: c };
  }
  if ('redundant' in step) {
    const children = step.redundant.map((s) => evaluateStep(s, sla));
    const known = children.every((c) => c.availability !== undefined);
    return { kind: 'redundant', availability: known ? round6(1 - children.reduce((p, c) => p * (1 - c.availability!), 1)) : undefined, children };
  }
  return series(step.series.map((s) => evaluateStep(s, sla)));
}

/** In series every step must work: an unknown step makes the whole unknown (never 100 %). */
function series(children: StepResult[]): StepResult {
  const known = children.every((c) => c.availability !== undefined);
  return { kind: 'series', availability: known ? round6(children.reduce((p, c) => p * c.availability!, 1)) : undefined, children };
}

/** Resources that stand alone in series (not inside a redundant group): the ones a single change can lift. */
function seriesResources(steps: readonly StepResult[]): ComponentSla[] {
  return steps.flatMap((s) => (s.kind === 'resource' ? [s.sla] : s.kind === 'series' ? seriesResources(s.children) : []));
}

function unknownSteps(steps: readonly StepResult[]): string[] {
  return steps.flatMap((s) => (s.kind === 'resource' ? (s.availability === undefined ? [s.sla.resource] : []) : unknownSteps(s.children)));
}

/** A gap id part: names as written, with whitespace and slashes (which would split the id) turned into hyphens. */
const idPart = (name: string) => name.replace(/[\s/]+/g, '-');

function journeyResult(service: ServiceModel, j: JourneySpec, sla: (name: string) => ComponentSla, byName: Map<string, ResourceModel>): JourneyResult {
  const steps = j.steps.map((s) => evaluateStep(s, sla));
  const total = series(steps).availability;
  const unknown = [...new Set(unknownSteps(steps))];
  const alone = seriesResources(steps).filter((c) => c.availability !== undefined);
  const weakest = alone.length ? alone.reduce((a, b) => (b.availability! < a.availability! ? b : a)) : undefined;
  const availabilitySlos = service.slos.filter((s) => measuresAvailability(s));
  const named = j.slos !== undefined;
  const compared = (named ? availabilitySlos.filter((s) => j.slos!.includes(s.name)) : availabilitySlos).map((s) => ({ slo: s.name, objective: s.objective }));
  const unmet = total === undefined ? [] : compared.filter((o) => total * 100 < o.objective - 1e-9);
  let suggestion: Suggestion | undefined;
  if (unmet.length && total !== undefined) {
    const target = Math.max(...unmet.map((u) => u.objective)) / 100;
    const candidates: Suggestion[] = [];
    for (const c of alone) {
      const r = byName.get(c.resource.toLowerCase());
      if (!r || c.origin !== 'catalog') continue; // a declared or included figure: nothing in the catalog to change
      const others = total / c.availability!;
      for (const e of betterSlas(r, c.availability)) {
        const to = round6(e.availability / 100);
        candidates.push({ resource: c.resource, change: `configure for ${e.conditions}`, from: c.availability!, to, journeyAvailability: round6(others * to), closesGap: others * to >= target - 1e-12, source: e.source });
      }
      // A second regional instance helps a regional service only: a global one (Front Door) is already served from many regions.
      if (r.entry?.scope !== 'global') {
        const doubled = 1 - (1 - c.availability!) ** 2;
        candidates.push({ resource: c.resource, change: 'add an active-active second instance in another region (redundant pair)', from: c.availability!, to: round6(doubled), journeyAvailability: round6(others * doubled), closesGap: others * doubled >= target - 1e-12, source: c.source });
      }
    }
    const closing = candidates.filter((s) => s.closesGap).sort((a, b) => a.to - a.from - (b.to - b.from) || compareText(a.resource, b.resource));
    suggestion = closing[0] ?? candidates.sort((a, b) => b.journeyAvailability - a.journeyAvailability)[0];
  }
  return { name: j.name, availability: total, steps, unknown, weakest: weakest ? { resource: weakest.resource, availability: weakest.availability! } : undefined, compared, namedSlos: named, unmet, suggestion };
}

/**
 * The gaps a verdict opens: `not-covered/<disruption>/<resource>` when nothing recovers it, else one per objective
 * that does not hold — `rto-not-met`, `rto-unknown`, `rpo-not-met`, `rpo-unknown` — so a waiver accepts exactly one
 * situation, and stops applying when the situation changes (an unknown becoming a miss).
 */
function verdictGaps(v: ResourceVerdict): Gap[] {
  const at = `${v.disruption}/${idPart(v.resource)}`;
  const title = DISRUPTION_TITLES[v.disruption];
  if (v.coverage === 'not-covered') return [{ id: `not-covered/${at}`, layer: 'recovery', subject: v.resource, message: `${v.resource}, ${title}: ${v.reason}` }];
  const out: Gap[] = [];
  if (v.coverage === 'redundant' && v.rto?.status === 'unknown') {
    // The unknown is the router's switch-over time, not the member's: one gap per router, whatever it protects.
    if (v.router) out.push({ id: `reroute-time-unknown/${idPart(v.router)}`, layer: 'recovery', subject: v.router, message: `${v.router}: ${v.option?.mechanism ?? 'its failover'} publishes no time to move traffic, so the RTO of what is redundant behind it cannot be shown to hold (declare the time a drill measured, or accept the gap)` });
    else out.push({ id: `no-reroute/${at}`, layer: 'recovery', subject: v.resource, message: `${v.resource}, ${title}: ${v.rto.reason}` });
  }
  // A redundant member's unknown RTO is the router's gap above; a published switch-over that is too slow is its own.
  for (const [objective, c] of [['rto', v.coverage === 'redundant' && v.rto?.status === 'unknown' ? undefined : v.rto], ['rpo', v.rpo]] as const) {
    if (!c || c.status === 'met') continue;
    out.push({ id: `${objective}-${c.status === 'unknown' ? 'unknown' : 'not-met'}/${at}`, layer: 'recovery', subject: v.resource, message: `${v.resource}, ${title}: ${c.reason}` });
  }
  return out;
}

/** Whether a waiver's gap pattern names a gap: segment by segment, `*` standing for any one segment. */
export function waiverMatches(pattern: string, id: string): boolean {
  const p = pattern.split('/');
  const g = id.split('/');
  return p.length === g.length && p.every((x, i) => x === '*' || x === g[i]);
}

/**
 * The waivers applied to the gaps: a gap with a waiver valid on `today` (YYYY-MM-DD, UTC) is accepted; with an
 * expired one it stays open and the waiver is reported; a waiver that matches no gap is reported as unused.
 */
export function applyWaivers(gaps: readonly Gap[], waivers: readonly WaiverSpec[], today: string): { open: Gap[]; accepted: AcceptedGap[]; warnings: WaiverWarning[] } {
  const open: Gap[] = [];
  const accepted: AcceptedGap[] = [];
  const warnings: WaiverWarning[] = [];

  for (const g of gaps) {
    // An exact waiver wins over a pattern, and a valid one over an expired one.
    const candidates = waivers.filter((x) => waiverMatches(x.gap, g.id)).sort((a, b) => Number(b.gap === g.id) - Number(a.gap === g.id) || Number(b.until >= today) - Number(a.until >= today));
    const w = candidates[0];
    if (w && w.until >= today) accepted.push({ ...g, waiver: w });
    else {
      open.push(g);
      if (w) warnings.push({ gap: g.id, problem: 'expired', message: `the waiver of ${g.id}${w.gap === g.id ? '' : ` (${w.gap})`} by ${w.by} expired on ${w.until}: the gap counts again (renew it, or close the gap)` });
    }
  }
  for (const w of waivers) if (!gaps.some((g) => waiverMatches(w.gap, g.id))) warnings.push({ gap: w.gap, problem: 'unused', message: `the waiver of ${w.gap} matches no gap: the gap is closed or its id changed; remove the waiver` });
  return { open, accepted, warnings };
}

/** Today in UTC as YYYY-MM-DD: the only clock the analysis reads, for waiver expiry. */
export const utcToday = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

export interface AnalyzeOptions {
  /** The day waivers are checked against (YYYY-MM-DD); default: today in UTC. */
  readonly today?: string;
  /** The drill reports kept (`--drills <dir>`, readDrillHistory): the plans' drills are analysed too. */
  readonly drills?: DrillHistory;
}

/**
 * The analysis of one service. `deployment` is the deployment model of the services analysed together
 * (buildDeployment, as generate and apply build it): the alert rules counted, their names and timings are its.
 */
export function analyzeService(service: ServiceModel, deployment: Deployment, options: AnalyzeOptions = {}): ServiceAnalysis {
  const byName = new Map(service.resources.map((r) => [r.name.toLowerCase(), r]));
  const dependencies = new Map((service.architecture?.dependencies ?? []).map((d) => [d.name.toLowerCase(), d]));
  const slaOf = (name: string): ComponentSla => {
    const r = byName.get(name.toLowerCase());
    if (r) return componentSla(r);
    const d = dependencies.get(name.toLowerCase())!;
    return declaredSla(d.name, 'external dependency', d.sla);
  };
  const gaps: Gap[] = [];
  const journeys = (service.architecture?.journeys ?? []).map((j) => journeyResult(service, j, slaOf, byName));
  if (!service.architecture?.journeys?.length) gaps.push({ id: `no-journey/${idPart(service.name)}`, layer: 'architecture', subject: service.name, message: 'no journey declared: the composite SLA cannot be computed' });
  for (const j of journeys) {
    for (const u of j.unmet) gaps.push({ id: `journey-below-slo/${idPart(j.name)}/${idPart(u.slo)}`, layer: 'architecture', subject: j.name, message: `journey '${j.name}' promises ${pct(j.availability!)}, below SLO '${u.slo}' (${u.objective} %)` });
    if (j.unknown.length) {
      gaps.push({
        id: `journey-unknown-sla/${idPart(j.name)}`,
        layer: 'architecture',
        subject: j.name,
        message: `journey '${j.name}' has no composite SLA: no SLA is known for ${j.unknown.join(', ')} (declare sla: { availability, source } on ${j.unknown.length === 1 ? 'it' : 'them'})`,
      });
    }
  }

  // Detection and coverage: the alert rules of the deployment (what generate writes and apply deploys).
  const rules = deployedAlertRules(deployment, service.slug);
  const detection: Detection[] = [];
  const burnRate = rules.filter((x): x is BurnRateRule => x.kind === 'burn-rate');
  for (const slo of service.slos) {
    const own = burnRate.filter((x) => x.slo === slo.name);
    for (const rule of sortBy(own, (x) => slo.alerts.findIndex((a) => a.kind === x.alert))) {
      const a = slo.alerts.find((x) => x.kind === rule.alert);
      if (!a) throw new Error(`${rule.key}: the deployment has a ${rule.alert} rule that SLO '${slo.name}' does not declare`);
      const d = burnRateDetection(rule, slo, a);
      if (d) detection.push(d);
    }
    if (!own.some((x) => x.alert === 'page')) gaps.push({ id: `no-page-alert/${idPart(slo.name)}`, layer: 'application', subject: slo.name, message: `SLO '${slo.name}' has no page alert` });
  }
  const metric = rules.filter((x): x is MetricRule => x.kind === 'metric');
  const watching = (r: ResourceModel) => {
    const id = r.id.toLowerCase();
    const order = (x: MetricRule) => r.alerts.findIndex((a) => a.id === x.criteria[0]?.alertId);
    return sortBy(metric.filter((x) => x.resourceIds.some((s) => s.toLowerCase() === id)), (x) => (order(x) < 0 ? Infinity : order(x)));
  };
  const origin = (r: ResourceModel, x: MetricRule) => (x.criteria.some((c) => r.alerts.find((a) => a.id === c.alertId)?.origin === 'rpo') ? 'rpo' : 'baseline');
  /** The deployed rule that proves a resource's RPO: its own RPO signal, or the alert of the resource its declared mechanism is carried out by. */
  const rpoProof = (r: ResourceModel): MetricRule | undefined => {
    const own = watching(r).find((x) => origin(r, x) === 'rpo');
    if (own || !r.entry) return own;
    const watcher = mechanismWatcher(r.mechanisms, service.resources);
    return watcher ? watching(watcher.resource).find((x) => x.criteria.some((c) => c.alertId === watcher.alert)) : undefined;
  };
  for (const r of service.resources) for (const x of watching(r)) detection.push(metricDetection(x, r.name));
  const rh = rules.find((x): x is ResourceHealthRule => x.kind === 'resource-health');
  const rhWatches = (r: ResourceModel) => rh !== undefined && rh.resourceIds.some((id) => id.toLowerCase() === r.id.toLowerCase());
  if (rh) for (const r of service.resources.filter(rhWatches)) detection.push(activityLogDetection(r.name, 'resource-health', rh.name));
  const sh = rules.find((x): x is ServiceHealthRule => x.kind === 'service-health');
  const shWatches = (r: ResourceModel) => sh !== undefined && r.entry !== undefined && sh.services.includes(r.entry.serviceHealth.service) && sh.regions.includes(regionDisplayName(r.location));
  if (sh) detection.push(activityLogDetection('service', 'service-health', sh.name));
  // Which SLO alerts can tell of a resource's outage: those of the SLOs its journeys are compared with (all of the
  // service's when it is in no journey), so an unrelated SLO's page never counts as its detection.
  const sloOfRule = new Map(burnRate.map((x) => [x.name, x.slo]));
  const sloWatchers = new Map<string, Set<string>>();
  for (const j of journeys) {
    const names = new Set(j.compared.map((c) => c.slo));
    for (const step of service.architecture?.journeys?.find((x) => x.name === j.name)?.steps ?? []) {
      for (const n of stepResources(step)) {
        const key = n.toLowerCase();
        sloWatchers.set(key, new Set([...(sloWatchers.get(key) ?? []), ...names]));
      }
    }
  }
  const relevant = (covers: string, d: Detection) => {
    if (d.covers === covers) return true;
    if (d.covers !== 'service') return false;
    const slo = sloOfRule.get(d.alert);
    if (slo === undefined || covers === 'service') return true; // Service Health, or a full outage of the service
    const watchers = sloWatchers.get(covers.toLowerCase());
    return watchers === undefined || watchers.has(slo);
  };
  const fastest = (covers: string) => sortBy(detection.filter((d) => relevant(covers, d)), (d) => d.totalMinutes)[0];
  const detect = (covers: string): DetectionEstimate | undefined => {
    const d = fastest(covers);
    return d ? { seconds: Math.round(d.totalMinutes * 60), alert: d.alert } : undefined;
  };

  // Coverage
  const resources: CoverageRow[] = service.resources.map((r) => ({
    resource: r.name,
    type: r.type,
    metricAlerts: watching(r).filter((x) => origin(r, x) === 'baseline').length,
    resourceHealth: rhWatches(r),
    serviceHealth: shWatches(r),
    rpoSignal: r.entry?.recovery.dataStore && service.objectives.rpoSeconds !== undefined && r.rpoExempt === undefined ? rpoProof(r) !== undefined : undefined,
    rpoProvenBy: r.entry?.recovery.dataStore && service.objectives.rpoSeconds !== undefined && r.rpoExempt === undefined ? rpoProof(r)?.name : undefined,
    rpoExempt: r.rpoExempt,
  }));
  for (const c of resources) {
    const r = byName.get(c.resource.toLowerCase())!;
    if (!r.entry) {
      gaps.push({ id: `unknown-type/${idPart(c.resource)}`, layer: 'infrastructure', subject: c.resource, message: `${c.resource} is of a type the catalog does not know (${c.type}): only Resource Health watches it, with no baseline metric alert and no Service Health` });
    } else if (c.metricAlerts === 0) gaps.push({ id: `no-baseline-alert/${idPart(c.resource)}`, layer: 'infrastructure', subject: c.resource, message: `${c.resource} has no baseline metric alert` });
    if (c.rpoSignal === false) {
      const why = r.entry?.recovery.signals.length === 0 && r.entry.recovery.noSignalReason ? `: ${r.entry.recovery.noSignalReason}` : '';
      gaps.push({ id: `rpo-unproven/${idPart(c.resource)}`, layer: 'recovery', subject: c.resource, message: `${c.resource} holds data but no alert proves its RPO${why}` });
    }
  }
  if (service.resources.length && !sh) {
    gaps.push({
      id: `no-service-health/${idPart(service.name)}`,
      layer: 'infrastructure',
      subject: service.name,
      message: service.infrastructure.serviceHealth.enabled ? 'no Service Health alert: none of the declared resource types is in the catalog, so provider incidents go unseen' : 'Service Health alerts are off: provider incidents in the regions used go unseen',
    });
  }
  if (service.business.signals.length === 0) gaps.push({ id: `no-business-signal/${idPart(service.name)}`, layer: 'business', subject: service.name, message: 'no business signal: a drop in orders or sign-ups would go unseen' });
  const inJourney = new Set<string>();
  const walk = (s: StepSpec): void => {
    if (typeof s === 'string') inJourney.add(s.toLowerCase());
    else ('redundant' in s ? s.redundant : s.series).forEach(walk);
  };
  (service.architecture?.journeys ?? []).forEach((j) => j.steps.forEach(walk));

  // Time to detect a full outage, against the component-failure RTO.
  const outageRto = recoveryTargets(service, 'componentFailure').rtoSeconds;
  const outageDetection = detect('service');
  const outage = {
    detection: outageDetection,
    rto:
      outageRto === undefined
        ? undefined
        : outageDetection === undefined
          ? { targetSeconds: outageRto, estimateSeconds: undefined, status: 'not-met' as const, reason: 'no alert would tell anyone of a full outage' }
          : outageDetection.seconds <= outageRto
            ? { targetSeconds: outageRto, estimateSeconds: outageDetection.seconds, status: 'met' as const, reason: `${outageDetection.alert} tells someone within ${humanDuration(outageDetection.seconds)}, leaving ${humanDuration(outageRto - outageDetection.seconds)} of the RTO of ${humanDuration(outageRto)} to repair` }
            : { targetSeconds: outageRto, estimateSeconds: outageDetection.seconds, status: 'not-met' as const, reason: `the fastest alert, ${outageDetection.alert}, needs ${humanDuration(outageDetection.seconds)}, ${humanDuration(outageDetection.seconds - outageRto)} more than the component-failure RTO of ${humanDuration(outageRto)}: only automatic recoveries can meet it` },
  };
  // Only no detection at all is a gap: whether detection is fast enough is judged per resource, where a person has
  // to start the recovery (automatic recoveries need nobody told).
  if (outage.rto && !outageDetection) gaps.push({ id: `no-outage-detection/${idPart(service.name)}`, layer: 'application', subject: service.name, message: 'no alert detects a full outage of the service' });

  // The disruption model: per targeted disruption and resource, then the DR scenarios.
  const assessment = assessRecovery({ service, detect });
  for (const v of assessment.verdicts) for (const g of verdictGaps(v)) if (!gaps.some((x) => x.id === g.id)) gaps.push(g);
  const scenarios = proposeScenarios(service, assessment);
  const plans: PlanSummary[] = buildRecoveryPlans(service, scenarios).map((p) => ({
    scenario: p.scenario,
    runbook: p.runbook,
    triggers: p.triggers,
    onDemand: p.onDemand,
    allowDataLoss: p.allowDataLoss,
    steps: {
      automated: p.steps.filter((s) => s.request).length,
      automatic: p.steps.filter((s) => s.activation === 'automatic').length,
      manual: p.steps.filter((s) => s.activation !== 'automatic' && !s.request).length,
    },
    estimatedSeconds: scenarios.find((s) => s.id === p.scenario)?.totalSeconds,
  }));

  // Not a gap: plans hosting an app, telemetry and egress firewalls belong in no journey; the report lists them.
  const notInJourney = service.architecture?.journeys?.length ? service.resources.filter((r) => !inJourney.has(r.name.toLowerCase())).map((r) => r.name) : [];
  const drilled = options.drills ? planDrills(service, plans, scenarios, options.drills, options.today ?? utcToday()) : undefined;
  if (drilled) gaps.push(...drilled.gaps);
  const waived = applyWaivers(gaps, service.waivers, options.today ?? utcToday());
  return {
    service: service.name,
    journeys,
    coverage: {
      resources,
      application: {
        slos: service.slos.length,
        withPageAlert: service.slos.filter((s) => burnRate.some((x) => x.slo === s.name && x.alert === 'page')).length,
        budgets: service.slos.map((s) => ({ slo: s.name, objective: s.objective, window: s.window.text, minutes: budgetMinutes(s.objective, s.window) })),
      },
      business: { signals: service.business.signals.length, alerts: rules.filter((x) => x.kind === 'kpi').length },
    },
    cost: alertingCost(deployment, service.slug),
    detection,
    notInJourney,
    outage,
    recovery: {
      disruptions: assessment.disruptions.map((d) => ({ disruption: d.disruption, rtoSeconds: d.targets.rtoSeconds, rpoSeconds: d.targets.rpoSeconds })),
      verdicts: assessment.verdicts,
      scenarios,
      plans,
    },
    ...(drilled ? { drills: drilled.drills } : {}),
    gaps: waived.open,
    accepted: waived.accepted,
    waiverWarnings: waived.warnings,
    sources: [...new Set([
      ...journeys.flatMap((j) => collectSources(j.steps)),
      ...journeys.flatMap((j) => (j.suggestion?.source ? [j.suggestion.source] : [])),
      ...assessment.verdicts.flatMap((v) => (v.source ? [v.source] : [])),
    ])].sort(compareText),
  };
}

function collectSources(steps: readonly StepResult[]): string[] {
  return steps.flatMap((s) => (s.kind === 'resource' ? (s.sla.source ? [s.sla.source] : []) : collectSources(s.children)));
}
