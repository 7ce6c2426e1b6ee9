import { fact, sliMeasure } from '../catalog/index.js';
import { kqlTimespan } from '../kql/escape.js';
import { declaredMechanism, mechanismWatcher, type ResourceModel } from '../model/infrastructure.js';
import { deployedAlertRules, type BurnRateRule, type MetricRule, type ResourceHealthRule, type ServiceHealthRule } from '../resources/deployed-alerts.js';
import type { Deployment } from '../resources/model.js';
import type { ServiceModel } from '../model/service.js';
import type { SliKind, StepSpec } from '../model/spec.js';
import { parseDuration } from '../base/durations.js';
import { activityLogDetection, burnRateDetection, metricDetection, type Detection } from './detection.js';
import { betterSlas, componentSla, type ComponentSla } from './sla.js';

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
  readonly availability: number | undefined;
  readonly steps: readonly StepResult[];
  readonly weakest: { readonly resource: string; readonly availability: number } | undefined;
  /** Availability SLOs of the service that this journey's composite SLA cannot promise. */
  readonly unmet: readonly { readonly slo: string; readonly objective: number }[];
  readonly suggestion: Suggestion | undefined;
}

export interface RtoVerdict {
  readonly disruption: 'componentFailure' | 'zoneOutage' | 'regionOutage';
  readonly resource: string | undefined;
  readonly rtoMinutes: number;
  readonly detectionMinutes: number | undefined;
  readonly detectedBy: string | undefined;
  readonly recoveryMinutes: number | undefined;
  readonly mechanism: string | undefined;
  readonly remainingMinutes: number | undefined;
  readonly met: boolean;
  readonly source: string | undefined;
  readonly note: string | undefined;
}

export interface RpoVerdict {
  readonly resource: string;
  readonly type: string;
  readonly rpoSeconds: number;
  readonly achievableSeconds: number | undefined;
  readonly mechanism: string | undefined;
  readonly guaranteed: boolean;
  readonly met: boolean;
  readonly provenByAlert: string | undefined;
  readonly source: string | undefined;
}

export interface CoverageRow {
  readonly resource: string;
  readonly type: string;
  readonly metricAlerts: number;
  readonly resourceHealth: boolean;
  readonly serviceHealth: boolean;
  readonly rpoSignal: boolean | undefined;
}

export interface Gap {
  readonly layer: 'infrastructure' | 'application' | 'business' | 'architecture' | 'recovery';
  readonly subject: string;
  readonly message: string;
}

export interface ServiceAnalysis {
  readonly service: string;
  readonly journeys: readonly JourneyResult[];
  readonly coverage: {
    readonly resources: readonly CoverageRow[];
    readonly application: { readonly slos: number; readonly withPageAlert: number };
    readonly business: { readonly signals: number; readonly alerts: number };
  };
  readonly detection: readonly Detection[];
  readonly rto: readonly RtoVerdict[];
  readonly rpo: readonly RpoVerdict[];
  readonly gaps: readonly Gap[];
  /** Every document a figure of this analysis comes from. */
  readonly sources: readonly string[];
}

/** Whether an SLO promises availability, as its SLI kind's catalog entry says (catalog/sli/, `measures`). */
const measuresAvailability = (kind: SliKind) => sliMeasure(kind) === 'availability';
/** Locale-independent order (UTF-16 code units): the same bytes whatever LANG is. */
const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** A stable sort on a numeric key, leaving `items` untouched. */
const sortBy = <T>(items: readonly T[], key: (x: T) => number): T[] => [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
const pct = (a: number) => `${round6(a * 100)} %`;

function evaluateStep(step: StepSpec, byName: Map<string, ResourceModel>): StepResult {
  if (typeof step === 'string') {
    const r = byName.get(step.toLowerCase())!;
    const sla = componentSla(r);
    return { kind: 'resource', availability: sla.availability, sla };
  }
  if ('redundant' in step) {
    const children = step.redundant.map((s) => evaluateStep(s, byName));
    const counted = children.filter((c) => c.availability !== undefined);
    return { kind: 'redundant', availability: counted.length ? round6(1 - counted.reduce((p, c) => p * (1 - c.availability!), 1)) : undefined, children };
  }
  return series(step.series.map((s) => evaluateStep(s, byName)), 'series');
}

function series(children: StepResult[], kind: 'series'): StepResult {
  const counted = children.filter((c) => c.availability !== undefined);
  return { kind, availability: counted.length ? round6(counted.reduce((p, c) => p * c.availability!, 1)) : undefined, children };
}

/** Resources that stand alone in series (not inside a redundant group): the ones a single change can lift. */
function seriesResources(steps: readonly StepResult[]): ComponentSla[] {
  return steps.flatMap((s) => (s.kind === 'resource' ? [s.sla] : s.kind === 'series' ? seriesResources(s.children) : []));
}

function journeyResult(service: ServiceModel, j: { name: string; steps: StepSpec[] }, byName: Map<string, ResourceModel>): JourneyResult {
  const steps = j.steps.map((s) => evaluateStep(s, byName));
  const total = series(steps, 'series').availability;
  const alone = seriesResources(steps).filter((c) => c.availability !== undefined);
  const weakest = alone.length ? alone.reduce((a, b) => (b.availability! < a.availability! ? b : a)) : undefined;
  const objectives = service.slos.filter((s) => measuresAvailability(s.sliKind)).map((s) => ({ slo: s.name, objective: s.objective }));
  const unmet = total === undefined ? [] : objectives.filter((o) => total * 100 < o.objective - 1e-9);
  let suggestion: Suggestion | undefined;
  if (unmet.length && total !== undefined) {
    const target = Math.max(...unmet.map((u) => u.objective)) / 100;
    const candidates: Suggestion[] = [];
    for (const c of alone) {
      const r = byName.get(c.resource.toLowerCase())!;
      const others = total / c.availability!;
      for (const e of betterSlas(r, c.availability)) {
        const to = round6(e.availability / 100);
        candidates.push({ resource: c.resource, change: `configure for ${e.conditions}`, from: c.availability!, to, journeyAvailability: round6(others * to), closesGap: others * to >= target - 1e-12, source: e.source });
      }
      const doubled = 1 - (1 - c.availability!) ** 2;
      candidates.push({ resource: c.resource, change: 'add an active-active second instance in another region (redundant pair)', from: c.availability!, to: round6(doubled), journeyAvailability: round6(others * doubled), closesGap: others * doubled >= target - 1e-12, source: c.source });
    }
    const closing = candidates.filter((s) => s.closesGap).sort((a, b) => a.to - a.from - (b.to - b.from) || byCodeUnits(a.resource, b.resource));
    suggestion = closing[0] ?? candidates.sort((a, b) => b.journeyAvailability - a.journeyAvailability)[0];
  }
  return { name: j.name, availability: total, steps, weakest: weakest ? { resource: weakest.resource, availability: weakest.availability! } : undefined, unmet, suggestion };
}

/** Which disruption a recovery mechanism answers, from its catalog name. */
function disruptionOf(mechanism: string): RtoVerdict['disruption'] {
  const m = mechanism.toLowerCase();
  if (/zone/.test(m) && !/geo/.test(m)) return 'zoneOutage';
  if (/geo|region|failover|paired|site recovery|grs/.test(m)) return 'regionOutage';
  return 'componentFailure';
}

/**
 * The analysis of one service. `deployment` is the deployment model of the services analysed together
 * (buildDeployment, as generate and apply build it): the alert rules counted, their names and timings are its.
 */
export function analyzeService(service: ServiceModel, deployment: Deployment): ServiceAnalysis {
  const byName = new Map(service.resources.map((r) => [r.name.toLowerCase(), r]));
  const gaps: Gap[] = [];
  const journeys = (service.architecture?.journeys ?? []).map((j) => journeyResult(service, j, byName));
  if (!service.architecture?.journeys?.length) gaps.push({ layer: 'architecture', subject: service.name, message: 'no journey declared: the composite SLA cannot be computed' });
  for (const j of journeys) {
    for (const u of j.unmet) gaps.push({ layer: 'architecture', subject: j.name, message: `journey '${j.name}' promises ${pct(j.availability!)}, below SLO '${u.slo}' (${u.objective} %)` });
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
    if (!own.some((x) => x.alert === 'page')) gaps.push({ layer: 'application', subject: slo.name, message: `SLO '${slo.name}' has no page alert` });
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
    const watcher = mechanismWatcher(declaredMechanism(r, r.entry), service.resources);
    return watcher ? watching(watcher.resource).find((x) => x.criteria.some((c) => c.alertId === watcher.alert)) : undefined;
  };
  for (const r of service.resources) for (const x of watching(r)) detection.push(metricDetection(x, r.name));
  const rh = rules.find((x): x is ResourceHealthRule => x.kind === 'resource-health');
  const rhWatches = (r: ResourceModel) => rh !== undefined && rh.resourceIds.some((id) => id.toLowerCase() === r.id.toLowerCase());
  if (rh) for (const r of service.resources.filter(rhWatches)) detection.push(activityLogDetection(r.name, 'resource-health', rh.name));
  const sh = rules.find((x): x is ServiceHealthRule => x.kind === 'service-health');
  const regionNames = fact('regions', 'displayNames');
  const regionName = (location: string) => (Object.hasOwn(regionNames, location) ? regionNames[location]! : location);
  const shWatches = (r: ResourceModel) => sh !== undefined && r.entry !== undefined && sh.services.includes(r.entry.serviceHealth.service) && sh.regions.includes(regionName(r.location));
  if (sh) detection.push(activityLogDetection('service', 'service-health', sh.name));
  const fastest = (covers: string) => sortBy(detection.filter((d) => d.covers === covers || d.covers === 'service'), (d) => d.totalMinutes)[0];

  // Coverage
  const resources: CoverageRow[] = service.resources.map((r) => ({
    resource: r.name,
    type: r.type,
    metricAlerts: watching(r).filter((x) => origin(r, x) === 'baseline').length,
    resourceHealth: rhWatches(r),
    serviceHealth: shWatches(r),
    rpoSignal: r.entry?.recovery.dataStore && service.objectives.rpoSeconds !== undefined ? rpoProof(r) !== undefined : undefined,
  }));
  for (const c of resources) {
    if (!service.resources.find((r) => r.name === c.resource)?.entry) {
      gaps.push({ layer: 'infrastructure', subject: c.resource, message: `${c.resource} is of a type the catalog does not know (${c.type}): only Resource Health watches it, with no baseline metric alert and no Service Health` });
    } else if (c.metricAlerts === 0) gaps.push({ layer: 'infrastructure', subject: c.resource, message: `${c.resource} has no baseline metric alert` });
    if (c.rpoSignal === false) gaps.push({ layer: 'recovery', subject: c.resource, message: `${c.resource} holds data but no alert proves its RPO` });
  }
  if (service.resources.length && !sh) gaps.push({ layer: 'infrastructure', subject: service.name, message: service.infrastructure.serviceHealth.enabled ? 'no Service Health alert: none of the declared resource types is in the catalog, so provider incidents go unseen' : 'Service Health alerts are off: provider incidents in the regions used go unseen' });
  if (service.business.signals.length === 0) gaps.push({ layer: 'business', subject: service.name, message: 'no business signal: a drop in orders or sign-ups would go unseen' });
  const inJourney = new Set<string>();
  const walk = (s: StepSpec): void => {
    if (typeof s === 'string') inJourney.add(s.toLowerCase());
    else ('redundant' in s ? s.redundant : s.series).forEach(walk);
  };
  (service.architecture?.journeys ?? []).forEach((j) => j.steps.forEach(walk));

  // RTO: the service's, and each declared recovery mechanism's
  const targets = service.architecture?.targets ?? {};
  const rtoOf = (d: RtoVerdict['disruption']) => (targets[d]?.rto ? parseDuration(targets[d]!.rto!)! : service.objectives.rtoSeconds);
  const rpoOf = (d: RtoVerdict['disruption']) => (targets[d]?.rpo ? parseDuration(targets[d]!.rpo!)! : service.objectives.rpoSeconds);
  const rto: RtoVerdict[] = [];
  const serviceRto = rtoOf('componentFailure');
  if (serviceRto !== undefined) {
    const d = fastest('service');
    rto.push({
      disruption: 'componentFailure',
      resource: undefined,
      rtoMinutes: serviceRto / 60,
      detectionMinutes: d?.totalMinutes,
      detectedBy: d?.alert,
      recoveryMinutes: undefined,
      mechanism: undefined,
      remainingMinutes: d ? round6(serviceRto / 60 - d.totalMinutes) : undefined,
      met: d !== undefined && serviceRto / 60 >= d.totalMinutes,
      source: undefined,
      note: d ? 'time left to repair once someone is told' : 'no alert would tell anyone',
    });
    if (!d) gaps.push({ layer: 'application', subject: service.name, message: 'no alert detects a full outage of the service' });
  }
  for (const r of service.resources) {
    if (!r.recovery) {
      if (r.entry?.recovery.dataStore && (rtoOf('regionOutage') !== undefined || rpoOf('regionOutage') !== undefined)) {
        gaps.push({ layer: 'recovery', subject: r.name, message: `${r.name} holds data but declares no recovery mechanism (resources[].recovery)` });
      }
      continue;
    }
    const m = r.entry?.recovery.mechanisms.find((x) => x.name.toLowerCase().includes(r.recovery!.toLowerCase()));
    if (!m) continue;
    const disruption = disruptionOf(m.name);
    const target = rtoOf(disruption);
    if (target === undefined) continue;
    const recoverySec = m.failoverTime ? parseDuration(m.failoverTime) : m.rto ? parseDuration(m.rto) : undefined;
    const d = fastest(r.name);
    const remaining = d && recoverySec !== undefined ? round6(target / 60 - d.totalMinutes - recoverySec / 60) : undefined;
    rto.push({
      disruption,
      resource: r.name,
      rtoMinutes: target / 60,
      detectionMinutes: d?.totalMinutes,
      detectedBy: d?.alert,
      recoveryMinutes: recoverySec !== undefined ? recoverySec / 60 : undefined,
      mechanism: m.name,
      remainingMinutes: remaining,
      met: remaining !== undefined && remaining >= 0,
      source: m.source,
      note: recoverySec === undefined ? 'the catalog publishes no failover time for this mechanism' : m.guaranteed ? 'SLA-backed figure' : 'typical figure, not guaranteed',
    });
  }
  for (const v of rto.filter((x) => !x.met && x.resource)) gaps.push({ layer: 'recovery', subject: v.resource!, message: `${v.resource}: RTO ${kqlTimespan(v.rtoMinutes * 60)} (${v.disruption}) is not met by ${v.mechanism}` });

  // RPO
  const rpo: RpoVerdict[] = [];
  for (const r of service.resources.filter((x) => x.entry?.recovery.dataStore)) {
    const declared = rpoOf('regionOutage') ?? service.objectives.rpoSeconds;
    if (declared === undefined) continue;
    const m = r.recovery ? r.entry!.recovery.mechanisms.find((x) => x.name.toLowerCase().includes(r.recovery!.toLowerCase())) : undefined;
    const achievable = m?.rpo ? parseDuration(m.rpo) : undefined;
    const proof = rpoProof(r);
    const v: RpoVerdict = {
      resource: r.name,
      type: r.type,
      rpoSeconds: declared,
      achievableSeconds: achievable,
      mechanism: m?.name,
      guaranteed: m?.guaranteed ?? false,
      met: achievable !== undefined && achievable <= declared,
      provenByAlert: proof?.name,
      source: m?.source,
    };
    rpo.push(v);
    if (achievable !== undefined && !v.met) gaps.push({ layer: 'recovery', subject: r.name, message: `${r.name}: achievable RPO ${kqlTimespan(achievable)} with ${m!.name} exceeds the declared ${kqlTimespan(declared)}` });
  }
  if (service.architecture?.journeys?.length) {
    for (const r of service.resources) if (!inJourney.has(r.name.toLowerCase())) gaps.push({ layer: 'architecture', subject: r.name, message: `${r.name} is in no journey: its availability is not counted` });
  }
  return {
    service: service.name,
    journeys,
    coverage: {
      resources,
      application: { slos: service.slos.length, withPageAlert: service.slos.filter((s) => burnRate.some((x) => x.slo === s.name && x.alert === 'page')).length },
      business: { signals: service.business.signals.length, alerts: rules.filter((x) => x.kind === 'kpi').length },
    },
    detection,
    rto,
    rpo,
    gaps,
    sources: [...new Set([
      ...journeys.flatMap((j) => collectSources(j.steps)),
      ...journeys.flatMap((j) => (j.suggestion?.source ? [j.suggestion.source] : [])),
      ...rto.flatMap((v) => (v.source ? [v.source] : [])),
      ...rpo.flatMap((v) => (v.source ? [v.source] : [])),
    ])].sort(),
  };
}

function collectSources(steps: readonly StepResult[]): string[] {
  return steps.flatMap((s) => (s.kind === 'resource' ? (s.sla.source ? [s.sla.source] : []) : collectSources(s.children)));
}
