import type { Disruption, RecoveryMechanism } from '../catalog/resources.js';
import { parseDuration } from '../base/durations.js';
import { conditionsHoldFor, type ResourceModel } from '../model/infrastructure.js';
import type { ServiceModel } from '../model/service.js';

/**
 * What each disruption does to each declared resource, from the catalog's recovery mechanisms alone: which mechanisms
 * in effect recover it (automatic or customer-started, with their published times and data loss), which are in effect
 * but cannot help in an outage, and why nothing may cover it. No alert and no target here: the analysis adds
 * detection and verdicts, the DR plan turns the chosen options into steps.
 */
export const DISRUPTIONS: readonly Disruption[] = ['componentFailure', 'zoneOutage', 'regionOutage', 'dataCorruption'];

export const DISRUPTION_TITLES: Readonly<Record<Disruption, string>> = {
  componentFailure: 'component failure',
  zoneOutage: 'zone outage',
  regionOutage: 'region outage',
  dataCorruption: 'data corruption or deletion',
};

/** One way a resource can recover from a disruption: a catalog mechanism in effect for it. */
export interface RecoveryOption {
  readonly mechanism: string;
  readonly activation: RecoveryMechanism['activation'];
  readonly dataLoss: RecoveryMechanism['dataLoss'];
  /** In effect without being declared (the catalog's built-in mechanisms whose conditions the resource meets). */
  readonly builtIn: boolean;
  /** Time the recovery itself takes once started: published (the operation's failover time, else its RTO), or bounded by the SLA (timeBasis). */
  readonly recoverySeconds: number | undefined;
  /** Where recoverySeconds comes from: `published` by the catalog's source, `declared` by the spec (a drill's measure). */
  readonly timeBasis: 'published' | 'declared' | undefined;
  /** How a worded published time was read as a number (catalog `timeNote`). */
  readonly timeNote: string | undefined;
  /** Published data-loss bound: 0 when nothing is lost, undefined when none is published. */
  readonly rpoSeconds: number | undefined;
  /** Whether an SLA backs the figures. */
  readonly guaranteed: boolean;
  readonly action: string | undefined;
  /** An ARM call starts it (or nothing needs to be started). */
  readonly automatable: boolean;
  /** Why it cannot be automated, when it cannot. */
  readonly manual: string | undefined;
  readonly conditions: string | undefined;
  readonly source: string;
}

export interface Exposure {
  readonly resource: string;
  readonly type: string;
  readonly location: string;
  readonly disruption: Disruption;
  /** The type holds data (an RPO applies) — for dataCorruption only data stores are exposed. */
  readonly dataStore: boolean;
  /** The type is served from many regions (Front Door, Traffic Manager): a second regional instance is never the fix. */
  readonly global: boolean;
  /** Usable in an outage of this kind, best first as the catalog lists them. */
  readonly options: readonly RecoveryOption[];
  /** In effect, protect against this disruption, but cannot be counted for an outage, with the reason. */
  readonly excluded: readonly { readonly mechanism: string; readonly reason: string }[];
  /** Why nothing covers it, when options is empty. */
  readonly uncovered: string | undefined;
}

export function optionOf(m: RecoveryMechanism, builtIn: boolean): RecoveryOption {
  const time = m.failoverTime ?? m.rto;
  return {
    mechanism: m.name,
    activation: m.activation,
    dataLoss: m.dataLoss,
    builtIn,
    recoverySeconds: time !== undefined ? parseDuration(time) : undefined,
    timeBasis: time !== undefined ? 'published' : undefined,
    timeNote: m.timeNote,
    rpoSeconds: m.dataLoss === 'none' ? 0 : m.rpo !== undefined ? parseDuration(m.rpo) : undefined,
    guaranteed: m.guaranteed ?? false,
    action: m.action,
    automatable: m.activation === 'automatic' || m.operation !== undefined,
    manual: m.activation === 'automatic' ? undefined : m.operation ? undefined : m.manual ?? (m.activation === 'microsoft' ? 'Microsoft decides whether and when to fail over; nothing can start it' : 'the catalog names no ARM call that starts it'),
    conditions: m.conditions,
    source: m.source,
  };
}

/** What a resource would have to change or declare for a catalog mechanism to be in effect: only the conditions it does not meet. */
export function prerequisites(m: RecoveryMechanism, r?: ResourceModel): string {
  const w = m.when ?? {};
  const holds = (c: RecoveryMechanism['when']) => r !== undefined && conditionsHoldFor(c, r);
  const needs = [
    w.zoneRedundant && !holds({ zoneRedundant: true }) ? 'zoneRedundant: true' : undefined,
    w.minInstances !== undefined && !holds({ minInstances: w.minInstances }) ? `instances: ${w.minInstances} or more` : undefined,
    w.multiRegion && !holds({ multiRegion: true }) ? 'multiRegion: true' : undefined,
    w.skus && !holds({ skus: w.skus }) ? `sku ${w.skus.join(' | ')}` : undefined,
    ...(w.recovery ?? []).filter((x) => !holds({ recovery: [x] })).map((x) => `recovery: ${x}`),
    w.notLocations && r && w.notLocations.includes(r.location) ? `a region other than ${r.location}` : undefined,
  ].filter((x): x is string => x !== undefined);
  const declare = m.builtIn ? '' : 'declare it in recovery';
  return needs.length ? `needs ${needs.join(', ')}${declare ? `; ${declare}` : ''}` : declare || 'in effect when its conditions hold';
}

/** The option with the figures the spec declares for its mechanism (a drill's, a contract's), which replace the catalog's. */
export function declaredFigures(option: RecoveryOption, r: Pick<ResourceModel, 'declaredFigures'>): RecoveryOption {
  const f = r.declaredFigures.get(option.mechanism);
  if (!f) return option;
  return {
    ...option,
    recoverySeconds: f.failoverSeconds ?? option.recoverySeconds,
    timeBasis: f.failoverSeconds !== undefined ? 'declared' : option.timeBasis,
    rpoSeconds: f.rpoSeconds ?? option.rpoSeconds,
    source: f.source,
  };
}

function uncoveredReason(r: ResourceModel, d: Disruption, excluded: boolean): string {
  if (!r.entry) return `${r.type} is not in the catalog: azslo cannot tell what recovers it`;
  const tail = excluded ? '; the mechanisms in effect need a healthy primary' : '';
  // Mechanisms the type offers for this disruption that the declared configuration does not put in effect.
  const available = r.entry.recovery.mechanisms.filter((m) => m.protects.includes(d) && !m.plannedOnly && m.activation !== 'microsoft' && !r.mechanisms.includes(m));
  if (available.length) {
    const offers = available.slice(0, 3).map((m) => `${m.name} (${prerequisites(m, r)})`).join('; ');
    const what = { componentFailure: 'nothing in effect recovers it from a component failure', zoneOutage: 'nothing in effect survives a zone outage', regionOutage: `it runs in one region (${r.location}) with nothing in effect across regions`, dataCorruption: 'nothing in effect restores deleted or corrupted data' }[d];
    return `${what}${tail}; the type offers ${offers}`;
  }
  switch (d) {
    case 'componentFailure':
      return `the catalog publishes no built-in redundancy for ${r.entry.title}${tail}`;
    case 'zoneOutage':
      return `${r.name} is not zone-redundant and declares no mechanism that survives a zone outage: it can be down until the zone recovers${tail}`;
    case 'regionOutage':
      return `${r.name} runs in one region (${r.location}) and declares no cross-region mechanism: a region outage takes it down until Microsoft restores the region${tail}`;
    case 'dataCorruption':
      return `${r.name} declares no backup or point-in-time restore: replication copies a deletion or corruption to every replica${tail}`;
  }
}

/** The exposure of one resource to one disruption. */
export function exposureOf(r: ResourceModel, d: Disruption): Exposure {
  const protecting = r.mechanisms.filter((m) => m.protects.includes(d));
  const declared = new Set(r.recovery.map((x) => x.toLowerCase()));
  const isDeclared = (m: RecoveryMechanism) => [...declared].some((x) => m.name.toLowerCase().includes(x));
  const usable = protecting.filter((m) => !m.plannedOnly);
  const excluded = protecting.filter((m) => m.plannedOnly).map((m) => ({ mechanism: m.name, reason: 'needs a healthy primary (planned): usable for drills and failback, not in an outage' }));
  const options = usable.map((m) => declaredFigures(optionOf(m, m.builtIn === true && !isDeclared(m)), r));
  return {
    resource: r.name,
    type: r.type,
    location: r.location,
    disruption: d,
    dataStore: r.entry?.recovery.dataStore ?? false,
    global: r.entry?.scope === 'global',
    options,
    excluded,
    uncovered: options.length ? undefined : uncoveredReason(r, d, excluded.length > 0),
  };
}

/** Recovery targets of a service per disruption, in seconds: componentFailure, zoneOutage and regionOutage default to the objectives. */
export interface RecoveryTargets {
  readonly rtoSeconds: number | undefined;
  readonly rpoSeconds: number | undefined;
}

export function recoveryTargets(service: Pick<ServiceModel, 'architecture' | 'objectives'>, d: Disruption): RecoveryTargets {
  const t = service.architecture?.targets?.[d];
  const fallback = d === 'dataCorruption' ? { rtoSeconds: undefined, rpoSeconds: undefined } : service.objectives;
  return {
    rtoSeconds: t?.rto !== undefined ? parseDuration(t.rto) : fallback.rtoSeconds,
    rpoSeconds: t?.rpo !== undefined ? parseDuration(t.rpo) : fallback.rpoSeconds,
  };
}

/** The disruptions a service declares a target for (RTO or RPO), in DISRUPTIONS order. */
export function targetedDisruptions(service: Pick<ServiceModel, 'architecture' | 'objectives'>): Disruption[] {
  return DISRUPTIONS.filter((d) => {
    const t = recoveryTargets(service, d);
    return t.rtoSeconds !== undefined || t.rpoSeconds !== undefined;
  });
}
