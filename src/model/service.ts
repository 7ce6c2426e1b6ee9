import { fact, sliMeasure, type AlertKind, type SliMeasure } from '../catalog/index.js';
import { parseDuration } from '../base/durations.js';
import { slug, snake } from './names.js';
import { parseSecretRef, type SecretRef } from './secrets.js';
import { buildResources, type ResourceModel } from './infrastructure.js';
import { buildBusiness, type BusinessModel } from './business.js';
import { asList } from '../base/values.js';
import { type ArchitectureSpec, type HealthEvent, type Phone, type ServiceSpec, type SliKind, type SliSpec, type GatewayFilters, type SloSpec, type TargetSpec, type WaiverSpec, type RecoverySpec } from './spec.js';
import { sloTierWindows, sloWindow, type ResolvedAlertWindows, type SloWindow } from './windows.js';
import { buildMaintenance, type MaintenanceWindowModel } from './maintenance.js';
import { declaredResource } from './resource-refs.js';
import { alertRoute, isMetricSliKind, metricResourceOf, sliceSeconds, type AlertRoute, type MetricResource } from './metric-sli.js';
import { budgetAlerts, type BudgetAlertModel } from './budget.js';

/**
 * The normalized service: defaults applied, names derived, secrets parsed. Everything after validation works on
 * this, never on the raw spec.
 */
export interface ServiceModel {
  readonly name: string;
  readonly slug: string;
  readonly displayName: string;
  readonly description: string | undefined;
  readonly owner: string;
  readonly environment: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly azure: { readonly workspace: string; readonly appInsights: string; readonly location: string; readonly workspaceLocation?: string; readonly monitorWorkspace?: string };
  readonly objectives: { readonly rtoSeconds: number | undefined; readonly rpoSeconds: number | undefined };
  readonly targets: readonly TargetModel[];
  readonly slos: readonly SloModel[];
  /** Declared Azure resources with their effective metric alerts (infrastructure layer). */
  readonly resources: readonly ResourceModel[];
  readonly infrastructure: InfrastructureModel;
  /** Custom tables and KPI signals (business layer). */
  readonly business: BusinessModel;
  /** Journeys and recovery targets, for the analysis. */
  readonly architecture: ArchitectureSpec | undefined;
  /** Gaps of the analysis the spec accepts (`accept:`), in spec order. */
  readonly waivers: readonly WaiverSpec[];
  /** The disaster-recovery plans section, as written (`recovery:`). */
  readonly recovery: RecoverySpec | undefined;
  /** Maintenance windows (`maintenance:`), in spec order. */
  readonly maintenance?: readonly MaintenanceWindowModel[];
}

export interface InfrastructureModel {
  /** Targets of metric and RPO alerts. */
  readonly notify: readonly string[];
  readonly resourceHealth: { readonly enabled: boolean; readonly notify: readonly string[] };
  readonly serviceHealth: { readonly enabled: boolean; readonly notify: readonly string[]; readonly events: readonly HealthEvent[] };
}

export interface Receivers {
  readonly email: readonly string[];
  readonly sms: readonly Phone[];
  readonly voice: readonly Phone[];
  readonly webhook: readonly { url: SecretRef; aad: { objectId: string; identifierUri: string; tenantId: string } | undefined }[];
  readonly logicApp: readonly { resourceId: string; callbackUrl: SecretRef }[];
  readonly azureFunction: readonly { functionAppResourceId: string; functionName: string; httpTriggerUrl: SecretRef }[];
  readonly automationRunbook: readonly {
    automationAccountId: string;
    runbookName: string;
    webhookResourceId: string;
    serviceUri: SecretRef;
    isGlobalRunbook: boolean;
  }[];
}

export interface TargetModel {
  readonly name: string;
  readonly slug: string;
  readonly shortName: string | undefined;
  readonly receivers: Receivers;
}

export interface AlertModel {
  readonly kind: AlertKind;
  readonly severity: number;
  /** Names of notification targets, in the spec's order, without duplicates. */
  readonly notify: readonly string[];
  readonly windows: ResolvedAlertWindows;
  readonly minimumEvents: number;
  /** A log search alert rule, or for some metric SLIs a metric alert rule, and why (src/model/metric-sli.ts). */
  readonly route: AlertRoute;
}

export interface SloModel {
  readonly name: string;
  readonly slug: string;
  readonly description: string | undefined;
  readonly objective: number;
  /** The length of the window in days; for a calendar window the nominal one, which the burn-rate alerts use. */
  readonly windowDays: number;
  /** Rolling, or calendar with its period and time zone. */
  readonly window: SloWindow;
  readonly sliKind: SliKind;
  readonly sli: NonNullable<SliSpec[SliKind]>;
  /** Name of the saved KQL function returning the SLI's events, e.g. checkout_api_availability. */
  readonly functionAlias: string;
  readonly alerts: readonly AlertModel[];
  /** The maintenance windows whose events the SLI leaves out (`correct: true`), in spec order. */
  readonly corrections?: readonly MaintenanceWindowModel[];
  /** The declared resource a platform-metric SLI reads (metricRatio, metricThreshold). */
  readonly metricResource?: MetricResource;
  /** Error-budget alerts (below N % remaining, exhausted), when the SLO declares them. */
  readonly budget: BudgetAlertModel | undefined;
}

const secret = (text: string): SecretRef => {
  const ref = parseSecretRef(text);
  if (!ref) throw new Error(`unvalidated secret reference reached the model: ${text.slice(0, 8)}…`);
  return ref;
};

function receivers(t: TargetSpec): Receivers {
  return {
    email: t.email ?? [],
    sms: t.sms ?? [],
    voice: t.voice ?? [],
    webhook: asList(t.webhook).map((w) => ({ url: secret(w.url), aad: w.aad })),
    logicApp: asList(t.logicApp).map((l) => ({ resourceId: l.resourceId, callbackUrl: secret(l.callbackUrl) })),
    azureFunction: asList(t.azureFunction).map((f) => ({ ...f, httpTriggerUrl: secret(f.httpTriggerUrl) })),
    automationRunbook: asList(t.automationRunbook).map((r) => ({ ...r, serviceUri: secret(r.serviceUri), isGlobalRunbook: r.isGlobalRunbook ?? false })),
  };
}

/** A function alias: letters, digits and underscores, starting with a letter (a leading _ is reserved by Azure). */
export function functionAlias(service: string, slo: string): string {
  const alias = `${snake(service)}_${snake(slo)}`;
  return /^[a-z]/.test(alias) ? alias : `slo_${alias}`;
}

function sloModel(service: ServiceSpec, s: SloSpec, maintenance: readonly MaintenanceWindowModel[] = []): SloModel {
  const sliKind = Object.keys(s.sli)[0] as SliKind;
  const window = sloWindow(s.window);
  const windowDays = window.days;
  const alerts: AlertModel[] = [];
  const defaults = service.alertingDefaults;
  for (const kind of ['page', 'ticket'] as const) {
    const a = s.alerting?.[kind];
    if (!a || a.enabled === false) continue;
    // Prometheus SLIs are alerted by managed Prometheus rules, whose queries may read 32 days (not log alerts' two); a set the spec names applies to them too.
    const windows = sloTierWindows(service, s, kind);
    if (windows.pairs.length === 0) continue;
    // The nearest value wins: the SLO's tier, then (traffic only) its alerting.minimumEvents, then alertingDefaults, then the window set.
    const inherited = defaults?.[kind];
    alerts.push({
      kind,
      severity: a.severity ?? inherited?.severity ?? windows.severity,
      notify: [...new Set(a.notify ?? inherited?.notify ?? [])],
      windows,
      minimumEvents: a.minimumEvents ?? s.alerting?.minimumEvents ?? inherited?.minimumEvents ?? defaultMinimumEvents(sliKind, s.sli[sliKind], windows),
      route: alertRoute(sliKind, s.sli[sliKind], s.objective, windows),
    });
  }
  let metricResource: MetricResource | undefined;
  if (isMetricSliKind(sliKind)) {
    metricResource = metricResourceOf(service, s.sli[sliKind]!.resource);
    if (!metricResource) throw new Error(`unvalidated metric SLI reached the model: SLO '${s.name}' names no single declared resource`);
  }
  return {
    name: s.name,
    slug: slug(s.name),
    description: s.description,
    objective: s.objective,
    windowDays,
    window,
    sliKind,
    sli: gatewayByItsId(service, sliKind, s.sli[sliKind]!),
    functionAlias: functionAlias(service.metadata.name, s.name),
    alerts,
    corrections: maintenance.filter((w) => w.correct && w.slos.includes(s.name)),
    ...(metricResource ? { metricResource } : {}),
    budget: budgetAlerts(s.alerting?.budget, window),
  };
}

/**
 * The window set's minimum of events in the long window; a threshold SLI counts slices, of which an hour holds only
 * 60 (12 of 5 minutes): the minimum is capped at the slices of the shortest long window, or its pairs could never fire.
 */
function defaultMinimumEvents(sliKind: SliKind, sli: unknown, windows: ResolvedAlertWindows): number {
  if (sliKind !== 'metricThreshold' || windows.pairs.length === 0) return windows.minimumEvents;
  const slice = sliceSeconds(sli as object);
  return Math.min(windows.minimumEvents, Math.max(1, Math.floor(Math.min(...windows.pairs.map((p) => p.longSeconds)) / slice)));
}

/** A gateway SLI names its resource by name or id; the model holds the declared id, which the KQL filters on. */
function gatewayByItsId<K extends SliKind>(service: ServiceSpec, kind: K, sli: NonNullable<SliSpec[K]>): NonNullable<SliSpec[K]> {
  if (kind !== 'gatewayAvailability' && kind !== 'gatewayLatency') return sli;
  const found = declaredResource(service.resources, (sli as GatewayFilters).gateway);
  if (!found || found.ambiguous) throw new Error(`unvalidated gateway SLI reached the model: ${(sli as GatewayFilters).gateway}`);
  return { ...sli, gateway: found.spec.id };
}

export function buildServiceModel(spec: ServiceSpec): ServiceModel {
  const m = spec.metadata;
  const maintenance = buildMaintenance(spec);
  return {
    name: m.name,
    slug: slug(m.name),
    displayName: m.displayName ?? m.name,
    description: m.description,
    owner: m.owner,
    environment: m.environment,
    tags: m.tags ?? {},
    azure: spec.azure,
    objectives: {
      rtoSeconds: spec.objectives?.rto ? parseDuration(spec.objectives.rto) : undefined,
      rpoSeconds: spec.objectives?.rpo ? parseDuration(spec.objectives.rpo) : undefined,
    },
    targets: Object.entries(spec.notifications ?? {})
      .map(([name, t]) => ({ name, slug: slug(name), shortName: t.shortName, receivers: receivers(t) }))
      .sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)),
    slos: spec.slos.map((s) => sloModel(spec, s, maintenance)),
    resources: buildResources(spec),
    infrastructure: infrastructureModel(spec),
    business: buildBusiness(spec),
    architecture: spec.architecture,
    waivers: spec.accept ?? [],
    recovery: spec.recovery,
    maintenance,
  };
}

function infrastructureModel(spec: ServiceSpec): InfrastructureModel {
  const i = spec.infrastructure ?? {};
  const notify = i.notify ?? [];
  return {
    notify,
    resourceHealth: { enabled: i.resourceHealth?.enabled ?? true, notify: i.resourceHealth?.notify ?? notify },
    serviceHealth: { enabled: i.serviceHealth?.enabled ?? true, notify: i.serviceHealth?.notify ?? notify, events: i.serviceHealth?.events ?? fact('activity-log-alerts', 'serviceHealthDefaultEvents') },
  };
}

/** Whether an SLO's SLI is computed by managed Prometheus rules (no KQL function in the workspace). */
export const isPrometheusSlo = (slo: Pick<SloModel, 'sliKind'>): boolean => slo.sliKind === 'prometheus';

/** What an SLO's SLI measures: its kind's, as the SLI catalog says, or what a Prometheus SLI declares. */
export function sloMeasures(slo: Pick<SloModel, 'sliKind' | 'sli'>): SliMeasure {
  if (slo.sliKind === 'prometheus') return (slo.sli as NonNullable<SliSpec['prometheus']>).measures ?? sliMeasure('prometheus');
  return sliMeasure(slo.sliKind);
}
