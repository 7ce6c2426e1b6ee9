import { resourceCatalog, type Conditions, type MetricAlertDefinition, type RecoveryMechanism, type ResourceTypeEntry } from '../catalog/resources.js';
import { parseDuration } from '../base/durations.js';
import { parseResourceId } from '../base/resource-ids.js';
import type { AlertOverrideSpec, DeclaredSla, ResourceSpec, ServiceSpec } from './spec.js';
import { conditionsHold } from './conditions.js';
import { resolveSku, skusMatch } from './skus.js';

/**
 * The infrastructure layer of a service: its declared resources with the metric alerts that apply to each, after
 * catalog defaults, per-type defaults and per-resource overrides.
 */
export interface EffectiveMetricAlert extends MetricAlertDefinition {
  /** baseline: from baselineAlerts; rpo: a recovery signal, included because the service declares an RPO. */
  readonly origin: 'baseline' | 'rpo';
  /** Which levels changed it: 'defaults' (resourceDefaults), 'resource' (the resource's own alerts). */
  readonly overriddenBy: readonly ('defaults' | 'resource')[];
}

export interface ResourceModel {
  readonly id: string;
  /** The type as the catalog spells it, or as the id does when the catalog lacks it. */
  readonly type: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly kind: string | undefined;
  readonly sku: string | undefined;
  readonly zoneRedundant: boolean | undefined;
  readonly role: string | undefined;
  readonly instances: number | undefined;
  readonly multiRegion: boolean | undefined;
  /** Where the geo-replica, failover partner or standby lives. */
  readonly secondaryLocation: string | undefined;
  /** The declared recovery mechanisms, as written in the spec. */
  readonly recovery: readonly string[];
  /** The availability the spec declares for the resource (`sla:`), which replaces the catalog's. */
  readonly declaredSla: DeclaredSla | undefined;
  /** Figures the spec declares for some of its mechanisms, which replace the catalog's, by mechanism name. */
  readonly declaredFigures: ReadonlyMap<string, DeclaredFigures>;
  /** Why no RPO applies to this data store, when the spec says so. */
  readonly rpoExempt: string | undefined;
  /** Values the recovery plan's ARM calls need (resources[].recoveryParameters): a value, or one per region. */
  readonly recoveryParameters: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  /** The diagnostic setting towards the workspace (resources[].diagnostics): log categories and platform metrics sent, emit when azslo creates it. */
  readonly diagnostics: { readonly categories: readonly string[]; readonly metrics: boolean; readonly emit: boolean } | undefined;
  readonly entry: ResourceTypeEntry | undefined;
  /**
   * The catalog mechanisms in effect: those the spec declares and those built in whose conditions the resource
   * meets (zone redundancy of a zone-redundant resource), in catalog order.
   */
  readonly mechanisms: readonly RecoveryMechanism[];
  readonly alerts: readonly EffectiveMetricAlert[];
}

export const DYNAMIC_DEFAULT_PERIODS = 4;

/** Applies one override to an alert definition. A static threshold replaces a dynamic one and the other way round. */
export function applyOverride(a: MetricAlertDefinition, o: AlertOverrideSpec | undefined): MetricAlertDefinition {
  if (!o) return a;
  const out: MetricAlertDefinition = { ...a };
  if (o.threshold !== undefined) {
    out.threshold = o.threshold;
    delete out.dynamic;
  }
  if (o.dynamic) {
    out.dynamic = {
      sensitivity: o.dynamic.sensitivity,
      evaluationPeriods: o.dynamic.evaluationPeriods ?? a.dynamic?.evaluationPeriods ?? DYNAMIC_DEFAULT_PERIODS,
      minFailingPeriods: o.dynamic.minFailingPeriods ?? a.dynamic?.minFailingPeriods ?? DYNAMIC_DEFAULT_PERIODS,
    };
    delete out.threshold;
  }
  if (o.operator) out.operator = o.operator;
  if (o.aggregation) out.aggregation = o.aggregation;
  if (o.windowSize) out.windowSize = o.windowSize;
  if (o.evaluationFrequency) out.evaluationFrequency = o.evaluationFrequency;
  if (o.severity !== undefined) out.severity = o.severity;
  return out;
}

/**
 * Whether an alert applies to a resource's declared kind and SKU. The SKU is resolved against the type's tiers
 * (src/model/skus.ts): a tier, or an ARM name of one, must be in the alert's skus; a SKU the type's list does not
 * know (AZSLO037) lifts the SKU restriction, so the resource keeps every alert of its type.
 */
export const applies = (a: MetricAlertDefinition, r: Pick<ResourceSpec, 'kind' | 'sku'>, entry: Pick<ResourceTypeEntry, 'skus'> | undefined): boolean => {
  const kinds = a.appliesTo?.kinds;
  if (kinds && !(r.kind && kinds.some((k) => r.kind!.toLowerCase().includes(k.toLowerCase())))) return false;
  const skus = a.appliesTo?.skus;
  if (skus) {
    const sku = resolveSku(entry, r.sku);
    if (sku.status !== 'unknown' && !skusMatch(skus, sku)) return false;
  }
  return true;
};

/** A lag signal's threshold becomes the declared RPO, so the alert fires exactly when the RPO stops holding. */
function fromRpo(a: MetricAlertDefinition, spec: ServiceSpec): MetricAlertDefinition {
  const rpo = spec.objectives?.rpo ? parseDuration(spec.objectives.rpo) : undefined;
  if (!a.rpoThreshold || rpo === undefined || a.dynamic) return a;
  return { ...a, threshold: a.rpoThreshold.unit === 'MilliSeconds' ? rpo * 1000 : rpo, title: `${a.title} (threshold: the declared RPO, ${spec.objectives!.rpo})` };
}

/**
 * Whether the replication or persistence a recovery signal reports on is declared: its metric exists only then, so
 * the rule would otherwise stay silent while claiming to prove the RPO.
 */
export function signalPrerequisitesMet(a: MetricAlertDefinition, r: Pick<ResourceSpec, 'recovery' | 'multiRegion'>, entry: ResourceTypeEntry): boolean {
  if (!a.requires) return true;
  if (a.requires.multiRegion && r.multiRegion) return true;
  if (a.requires.recovery) {
    const names = recoveryNames(r).map((declared) => (matchingMechanisms(declared, entry)[0]?.name ?? declared).toLowerCase());
    return a.requires.recovery.some((word) => names.some((name) => name.includes(word.toLowerCase())));
  }
  return false;
}

/** `resources[].recovery` as a list: one name or several. */
export const recoveryNames = (r: Pick<ResourceSpec, 'recovery'>): string[] =>
  r.recovery === undefined ? [] : typeof r.recovery === 'string' ? [r.recovery] : r.recovery.map((x) => (typeof x === 'string' ? x : x.mechanism));

/** Figures the spec declares for a mechanism (measured in a drill, agreed in a contract), by catalog mechanism name. */
export interface DeclaredFigures {
  readonly failoverSeconds: number | undefined;
  readonly rpoSeconds: number | undefined;
  readonly source: string;
}

function declaredFiguresOf(r: ResourceSpec, entry: ResourceTypeEntry): ReadonlyMap<string, DeclaredFigures> {
  const out = new Map<string, DeclaredFigures>();
  if (r.recovery === undefined || typeof r.recovery === 'string') return out;
  for (const x of r.recovery) {
    if (typeof x === 'string') continue;
    const m = matchingMechanisms(x.mechanism, entry);
    if (m.length !== 1) continue;
    out.set(m[0]!.name, { failoverSeconds: x.failoverTime !== undefined ? parseDuration(x.failoverTime) : undefined, rpoSeconds: x.rpo !== undefined ? parseDuration(x.rpo) : undefined, source: x.source });
  }
  return out;
}

/** The catalog mechanisms whose name contains the declared words (case-insensitive); one when the spec is valid. */
export const matchingMechanisms = (declared: string, entry: ResourceTypeEntry): RecoveryMechanism[] =>
  entry.recovery.mechanisms.filter((m) => m.name.toLowerCase().includes(declared.toLowerCase()));

/**
 * The mechanisms in effect for a resource: each one the spec names (exactly one match) and each built-in one whose
 * conditions hold, in the catalog's order.
 */
export function effectiveMechanisms(r: ResourceSpec, entry: ResourceTypeEntry): RecoveryMechanism[] {
  const declared = new Set(declaredMechanisms(r, entry));
  const names = [...declared].map((m) => m.name);
  return entry.recovery.mechanisms.filter((m) => declared.has(m) || (m.builtIn === true && conditionsHold(m.when, { ...r, recovery: names }, entry)));
}

/** The catalog's alerts for a resource, merged with the spec's defaults and overrides; disabled ones left out. */
export function effectiveAlerts(spec: ServiceSpec, r: ResourceSpec, entry: ResourceTypeEntry): EffectiveMetricAlert[] {
  const defaults = Object.entries(spec.resourceDefaults ?? {}).find(([t]) => t.toLowerCase() === entry.type.toLowerCase())?.[1]?.alerts ?? {};
  const own = r.alerts ?? {};
  const candidates: [MetricAlertDefinition, 'baseline' | 'rpo'][] = [
    ...entry.baselineAlerts.map((a) => [a, 'baseline'] as [MetricAlertDefinition, 'baseline']),
    ...(spec.objectives?.rpo && entry.recovery.dataStore && r.rpoExempt === undefined ? entry.recovery.signals.map((a) => [a, 'rpo'] as [MetricAlertDefinition, 'rpo']) : []),
  ];
  const out: EffectiveMetricAlert[] = [];
  for (const [a, origin] of candidates) {
    if (!applies(a, r, entry)) continue;
    if (origin === 'rpo' && !signalPrerequisitesMet(a, r, entry)) continue;
    const d = defaults[a.id];
    const o = own[a.id];
    if ((o?.enabled ?? d?.enabled ?? true) === false) continue;
    const merged = applyOverride(applyOverride(fromRpo(a, spec), d), o);
    const overriddenBy: ('defaults' | 'resource')[] = [];
    if (d) overriddenBy.push('defaults');
    if (o) overriddenBy.push('resource');
    out.push({ ...merged, origin, overriddenBy });
  }
  return out;
}

export function buildResources(spec: ServiceSpec): ResourceModel[] {
  return (spec.resources ?? []).map((r) => {
    const parts = parseResourceId(r.id)!;
    const entry = resourceCatalog().get(parts.type.toLowerCase());
    return {
      id: r.id,
      type: entry?.type ?? parts.type,
      name: parts.name,
      subscriptionId: parts.subscriptionId,
      resourceGroup: parts.resourceGroup,
      location: r.location ?? spec.azure.location,
      kind: r.kind,
      sku: r.sku,
      zoneRedundant: r.zoneRedundant,
      role: r.role,
      instances: r.instances,
      multiRegion: r.multiRegion,
      secondaryLocation: r.secondaryLocation,
      recovery: recoveryNames(r),
      declaredSla: r.sla,
      declaredFigures: entry ? declaredFiguresOf(r, entry) : new Map(),
      rpoExempt: r.rpoExempt,
      recoveryParameters: r.recoveryParameters ?? {},
      diagnostics: r.diagnostics ? { categories: r.diagnostics.categories ?? [], metrics: r.diagnostics.metrics ?? false, emit: r.diagnostics.emit ?? false } : undefined,
      entry,
      mechanisms: entry ? effectiveMechanisms({ ...r, location: r.location ?? spec.azure.location }, entry) : [],
      alerts: entry ? effectiveAlerts(spec, r, entry) : [],
    };
  });
}

/** The catalog mechanisms a resource declares (`recovery:` names part of each), those that name exactly one. */
export function declaredMechanisms(r: Pick<ResourceSpec, 'recovery'>, entry: ResourceTypeEntry): RecoveryMechanism[] {
  return recoveryNames(r).flatMap((d) => {
    const m = matchingMechanisms(d, entry);
    return m.length === 1 ? m : [];
  });
}

/**
 * The declared resource whose baseline alert watches a resource's recovery mechanism (a Recovery Services vault's
 * backup job health for a VM declared with `recovery: backup`), with the alert's id; undefined when the mechanism
 * names no watcher, or no resource of that type is declared with that alert enabled.
 */
export function mechanismWatcher<R extends { readonly type: string; readonly alerts: readonly { readonly id: string }[] }>(
  mechanisms: readonly RecoveryMechanism[],
  declared: readonly R[],
): { readonly resource: R; readonly alert: string } | undefined {
  for (const m of mechanisms) {
    const w = m.watchedBy;
    if (!w) continue;
    const resource = declared.find((d) => d.type.toLowerCase() === w.type.toLowerCase() && d.alerts.some((a) => a.id === w.alert));
    if (resource) return { resource, alert: w.alert };
  }
  return undefined;
}

/** Whether catalog conditions hold for a modelled resource, its mechanisms in effect counting as declared. */
export const conditionsHoldFor = (c: Conditions | undefined, r: Pick<ResourceModel, 'sku' | 'zoneRedundant' | 'instances' | 'multiRegion' | 'location' | 'entry' | 'mechanisms'>): boolean =>
  conditionsHold(c, { ...r, recovery: r.mechanisms.map((m) => m.name) }, r.entry);
