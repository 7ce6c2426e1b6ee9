import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { catalogDir, fact, readCatalogFile } from './index.js';

/** catalog/resources/ and catalog/metrics/: what azslo knows about each Azure resource type. */
export type Aggregation = 'Average' | 'Minimum' | 'Maximum' | 'Total' | 'Count';

export interface MetricAlertDefinition {
  id: string;
  title: string;
  namespace?: string;
  metric: string;
  aggregation: Aggregation;
  operator: 'GreaterThan' | 'GreaterThanOrEqual' | 'LessThan' | 'LessThanOrEqual' | 'GreaterOrLessThan';
  threshold?: number;
  dynamic?: { sensitivity: 'Low' | 'Medium' | 'High'; evaluationPeriods: number; minFailingPeriods: number };
  dimensions?: { name: string; operator: 'Include' | 'Exclude'; values: string[] }[];
  windowSize: string;
  evaluationFrequency: string;
  severity: number;
  appliesTo?: { kinds?: string[]; skus?: string[] };
  why: string;
  action: string;
  source: string;
  verified: boolean;
  notes?: string;
  upstream?: UpstreamAlert;
  rpoThreshold?: { unit: 'Seconds' | 'MilliSeconds' };
  requires?: { recovery?: string[]; multiRegion?: true };
}

/** An AMBA alert as published (services/<Namespace>/<type>/alerts.yaml), in azslo's field names. */
export interface UpstreamAlert {
  file: string;
  name: string;
  commit?: string;
  verified: boolean;
  namespace?: string;
  metric: string;
  aggregation: Aggregation;
  operator: MetricAlertDefinition['operator'];
  threshold?: number;
  dynamic?: MetricAlertDefinition['dynamic'];
  dimensions?: MetricAlertDefinition['dimensions'];
  windowSize: string;
  evaluationFrequency: string;
}

export interface ResourceTypeEntry {
  type: string;
  title: string;
  kinds?: string[];
  /** The type's SKU tiers with the ARM SKU names of each: how a declared sku resolves to the tiers conditions name. */
  skus?: SkuTier[];
  role?: string;
  resourceHealth: { supported: boolean; source: string };
  serviceHealth: { service: string; source: string };
  /** regional (default) or global (served from many regions: a region outage does not take it down). */
  scope?: 'regional' | 'global';
  sla: { availability: number; conditions: string; when?: Conditions; source: string }[];
  slaNote?: string;
  /** The type whose SLA covers this one (a disk: its virtual machine's). */
  slaIncludedIn?: string;
  baselineAlerts: MetricAlertDefinition[];
  recovery: {
    dataStore: boolean;
    signals: MetricAlertDefinition[];
    noSignalReason?: string;
    mechanisms: RecoveryMechanism[];
  };
  /** The Chaos Studio faults a drill can inject into a resource of the type (docs/drills.md). */
  chaos?: { targetApiVersion: string; faults: ChaosFault[] };
  /** Its resource logs: diagnostic setting categories and the request log the gateway SLI kinds read (docs/sli-sources.md). */
  logs?: ResourceLogs;
}

/** A column of a request log; `url` when it holds a whole URL the part is parsed out of. */
export interface LogColumn { column: string; url?: true }

export interface ResourceLogs {
  /** The version the Bicep declares the existing resource with, as its diagnostic setting's scope. */
  apiVersion: string;
  /** Dedicated when the categories land in resource-specific tables; absent for AzureDiagnostics. */
  destinationType?: 'Dedicated';
  categories: { name: string; table: string }[];
  source: string;
  requests?: {
    category: string;
    filter?: { column: string; equals: string };
    host: LogColumn;
    path: LogColumn;
    status: LogColumn;
    duration: { column: string; unit: 'seconds' | 'milliseconds' };
    api?: LogColumn;
    source: string;
  };
}

/** The request log of a resource type and the table it is in, or undefined when the catalog has none for the type. */
export function requestLog(type: string): (NonNullable<ResourceLogs['requests']> & { table: string; type: string }) | undefined {
  const entry = resourceCatalog().get(type.toLowerCase());
  const requests = entry?.logs?.requests;
  const table = entry?.logs?.categories.find((c) => c.name === requests?.category)?.table;
  return requests && table ? { ...requests, table, type: entry.type } : undefined;
}

/** A Chaos Studio fault of a resource type: its target, capability and action, and what the experiment's identity needs. */
export interface ChaosFault {
  name: string;
  urn: string;
  /** The Microsoft.Chaos/targets extension resource's name, e.g. Microsoft-VirtualMachineScaleSet. */
  targetType: string;
  /** The targets/capabilities child's name, e.g. Shutdown-2.0. */
  capability: string;
  actionType: 'continuous' | 'discrete';
  simulates: Exclude<Disruption, 'dataCorruption'>[];
  /** The selector takes a zones filter. */
  zoneFilter?: boolean;
  /** The fault itself carries out the recovery (a failover). */
  recovers?: boolean;
  parameters?: { key: string; value: string }[];
  /** Placeholders the spec supplies in resources[].recoveryParameters. */
  placeholders?: { name: string; description: string }[];
  /** The least built-in roles the experiment's identity needs on the resource. */
  roles: string[];
  requires?: string;
  caveat?: string;
  source: string;
}

/** One SKU tier of a type and the ARM SKU names (sku.name) that belong to it. */
export interface SkuTier {
  /** As the type's conditions name it, e.g. PremiumV3. */
  tier: string;
  /** ARM SKU names of the tier, e.g. P1v3; matched case-insensitively. */
  names?: string[];
  /** An anchored regular expression for names of the tier, matched case-insensitively. */
  pattern?: string;
  note?: string;
  source: string;
}

/** Machine-readable conditions on a declared resource (an SLA figure's, a mechanism's): every given key must match. */
export interface Conditions {
  skus?: string[];
  zoneRedundant?: boolean;
  minInstances?: number;
  multiRegion?: boolean;
  /** Words one of the declared recovery mechanisms must contain. */
  recovery?: string[];
  /** Regions where this does not hold. */
  notLocations?: string[];
}

/** The disruptions azslo models, as AWS Resilience Hub's policy and Azure's reliability guides divide them. */
export type Disruption = 'componentFailure' | 'zoneOutage' | 'regionOutage' | 'dataCorruption';

/** A GET that shows a recovery has taken effect (or the replication lag before it). */
export interface ArmCheck {
  path?: string;
  query?: string;
  property: string;
  equals: string;
}

/** The ARM call that starts a recovery (catalog data; the DR plan's runbook runs it). */
export interface RecoveryOperation {
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  apiVersion: string;
  body?: Record<string, unknown>;
  target?: 'primary' | 'secondary';
  role?: string;
  source: string;
  /** Placeholders the spec supplies in resources[].recoveryParameters. */
  parameters?: { name: string; description: string }[];
  done?: ArmCheck;
  lag?: { path?: string; query?: string; property: string; kind: 'lastSyncTime' | 'seconds' };
  timeout?: string;
}

/** A recovery mechanism of a type, with its published figures. */
export interface RecoveryMechanism {
  name: string;
  protects: Disruption[];
  /** automatic: the platform, no action; customer: someone must start it; microsoft: Microsoft decides. */
  activation: 'automatic' | 'customer' | 'microsoft';
  /** none, lag (bounded by replication lag), backup (bounded by the backup interval), unbounded. */
  dataLoss: 'none' | 'lag' | 'backup' | 'unbounded';
  /** Needs a healthy primary: never counted for an outage. */
  plannedOnly?: boolean;
  /** In effect without being declared whenever `when` holds. */
  builtIn?: boolean;
  /** Moves traffic away from failed origins, backends or endpoints: redundant steps behind it are bypassed through it. */
  reroutes?: boolean;
  when?: Conditions;
  action?: string;
  operation?: RecoveryOperation;
  /** How a drill exercises it without loss (a planned mechanism of the type) and where the failback call goes. */
  drill?: { mechanism: string; failback: { target: 'primary' | 'secondary'; equals?: string } };
  manual?: string;
  rpo?: string;
  rto?: string;
  failoverTime?: string;
  /** How a time was read off a source that gives words, not a number. */
  timeNote?: string;
  guaranteed?: boolean;
  conditions?: string;
  source: string;
  /** The baseline alert of another type that fires when the mechanism stops protecting the resource. */
  watchedBy?: { type: string; alert: string };
}

export interface MetricDefinition {
  name: string;
  displayName?: string;
  unit: string;
  aggregations: Aggregation[];
  dimensions: string[];
  timeGrains?: string[];
  /** false: diagnostic settings do not export it (the reference's DS Export column), so AzureMetrics never holds it. */
  dsExport?: false;
}

export interface MetricsEntry {
  type: string;
  source: string;
  retrieved?: string;
  namespaces: { namespace: string; source?: string; metrics: MetricDefinition[] }[];
}

const dir = (name: string) => fileURLToPath(new URL(`${name}/`, catalogDir));

function yamlFilesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort()
    .flatMap((e) => {
      const p = path.join(root, e);
      return statSync(p).isDirectory() ? yamlFilesUnder(p) : /\.ya?ml$/.test(e) ? [p] : [];
    });
}

let resources: Map<string, ResourceTypeEntry> | undefined;
let metrics: Map<string, MetricsEntry> | undefined;

/** Resource types by lowercase type name (ARM types are case-insensitive). */
export function resourceCatalog(): Map<string, ResourceTypeEntry> {
  resources ??= new Map(yamlFilesUnder(dir('resources')).map((f) => {
    const e = readCatalogFile<ResourceTypeEntry>(f);
    return [e.type.toLowerCase(), e];
  }));
  return resources;
}

export function metricsCatalog(): Map<string, MetricsEntry> {
  metrics ??= new Map(yamlFilesUnder(dir('metrics')).map((f) => {
    const e = readCatalogFile<MetricsEntry>(f);
    return [e.type.toLowerCase(), e];
  }));
  return metrics;
}

export const resourceFiles = (): string[] => yamlFilesUnder(dir('resources'));
export const metricsFiles = (): string[] => yamlFilesUnder(dir('metrics'));

/** The metric definition behind an alert, or undefined. */
export function findMetric(type: string, alert: Pick<MetricAlertDefinition, 'namespace' | 'metric'>): MetricDefinition | undefined {
  const m = metricsCatalog().get(type.toLowerCase());
  const ns = (alert.namespace ?? type).toLowerCase();
  return m?.namespaces.find((n) => n.namespace.toLowerCase() === ns)?.metrics.find((x) => x.name === alert.metric);
}

function dynamicUnsupported(type: string, metric: string): boolean {
  const table = fact('metric-alerts', 'dynamicThresholdUnsupportedMetrics');
  return Object.entries(table).some(([t, metrics]) => t.toLowerCase() === type.toLowerCase() && metrics.includes(metric));
}

/** PT5M, PT6H, P1D → minutes; 0 for anything else (Azure's lists are checked separately). */
const isoMinutes = (d: string): number => {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(d);
  return m ? Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : 0;
};

/**
 * Problems of one metric alert definition (catalog entry or user override) that Azure would refuse or that make no
 * sense: unknown metric, aggregation or dimension, a frequency longer than the window, a dynamic threshold with a
 * static-only operator.
 */
export function metricAlertProblems(type: string, a: MetricAlertDefinition): string[] {
  const out: string[] = [];
  const m = findMetric(type, a);
  if (!m) {
    out.push(`metric '${a.metric}' is not a platform metric of ${a.namespace ?? type} in catalog/metrics/`);
    return out;
  }
  if (!m.aggregations.includes(a.aggregation)) out.push(`metric '${a.metric}' supports ${m.aggregations.join(', ')}, not ${a.aggregation}`);
  for (const d of a.dimensions ?? []) if (!m.dimensions.includes(d.name)) out.push(`metric '${a.metric}' has no dimension '${d.name}' (it has ${m.dimensions.join(', ') || 'none'})`);
  const windowSizes = fact('metric-alerts', 'windowSizes');
  const frequencies = fact('metric-alerts', 'evaluationFrequencies');
  if (!windowSizes.includes(a.windowSize)) out.push(`window ${a.windowSize} is not one Azure offers (${windowSizes.join(', ')})`);
  if (!frequencies.includes(a.evaluationFrequency)) out.push(`evaluation frequency ${a.evaluationFrequency} is not one Azure offers (${frequencies.join(', ')})`);
  if (isoMinutes(a.evaluationFrequency) > isoMinutes(a.windowSize)) out.push(`evaluation frequency ${a.evaluationFrequency} is longer than the window ${a.windowSize}`);
  if (m.timeGrains && m.timeGrains.length > 0 && !m.timeGrains.includes(a.windowSize) && isoMinutes(a.windowSize) < Math.min(...m.timeGrains.map((g) => isoMinutes(g) || Infinity))) {
    out.push(`window ${a.windowSize} is shorter than the metric's smallest time grain (${m.timeGrains.join(', ')})`);
  }
  if (a.dynamic && !['GreaterThan', 'LessThan', 'GreaterOrLessThan'].includes(a.operator)) out.push(`dynamic thresholds take GreaterThan, LessThan or GreaterOrLessThan, not ${a.operator}`);
  if (!a.dynamic && a.operator === 'GreaterOrLessThan') out.push('GreaterOrLessThan needs a dynamic threshold');
  if (a.dynamic && a.dynamic.minFailingPeriods > a.dynamic.evaluationPeriods) out.push('minFailingPeriods exceeds evaluationPeriods');
  if (a.dynamic && dynamicUnsupported(type, a.metric)) out.push(`Azure does not support dynamic thresholds on ${a.metric}`);
  const dynamicFrequencies = fact('metric-alerts', 'dynamicEvaluationFrequencies');
  if (a.dynamic && !dynamicFrequencies.includes(a.evaluationFrequency)) out.push(`dynamic thresholds are evaluated every ${dynamicFrequencies.slice(0, -1).join(', ')} or ${dynamicFrequencies.at(-1)}, not ${a.evaluationFrequency}`);
  if (a.dynamic && isoMinutes(a.windowSize) < Math.min(...dynamicFrequencies.map(isoMinutes))) out.push(`dynamic thresholds need a window of at least ${dynamicFrequencies[0]}, not ${a.windowSize}`);
  return out;
}

/** The fields that make up an alert's condition (severity, title and prose are not part of it). */
const conditionFields = ['namespace', 'metric', 'aggregation', 'operator', 'threshold', 'dynamic', 'dimensions', 'windowSize', 'evaluationFrequency'] as const;

/** An alert's or an upstream record's condition, with the namespace defaulted to the type (AMBA names it, azslo omits it). */
export function alertCondition(type: string, a: Pick<UpstreamAlert, (typeof conditionFields)[number]>): Record<(typeof conditionFields)[number], unknown> {
  return {
    namespace: (a.namespace ?? type).toLowerCase(),
    metric: a.metric,
    aggregation: a.aggregation,
    operator: a.operator,
    threshold: a.threshold ?? null,
    dynamic: a.dynamic ? { sensitivity: a.dynamic.sensitivity, evaluationPeriods: a.dynamic.evaluationPeriods, minFailingPeriods: a.dynamic.minFailingPeriods } : null,
    dimensions: a.dimensions && a.dimensions.length > 0 ? a.dimensions.map((d) => ({ name: d.name, operator: d.operator, values: [...d.values] })) : null,
    windowSize: a.windowSize,
    evaluationFrequency: a.evaluationFrequency,
  };
}

/** Where an alert's condition departs from its upstream AMBA record, e.g. ["threshold: 90, upstream 80"]; [] when equal. */
export function upstreamDifferences(type: string, a: MetricAlertDefinition): string[] {
  if (!a.upstream) return [];
  const ours = alertCondition(type, a);
  const theirs = alertCondition(type, a.upstream);
  return conditionFields
    .filter((f) => JSON.stringify(ours[f]) !== JSON.stringify(theirs[f]))
    .map((f) => `${f}: ${JSON.stringify(ours[f])}, upstream ${JSON.stringify(theirs[f])}`);
}

/** Why an alert may not claim verified: no upstream record, upstream not verified, or a changed condition; [] when it may (or does not claim it). */
export function verifiedProblems(type: string, a: MetricAlertDefinition): string[] {
  if (!a.verified) return [];
  if (!a.upstream) return ['verified without an upstream record'];
  const out: string[] = [];
  if (!a.upstream.verified) out.push(`verified, but AMBA's ${a.upstream.name} is not`);
  for (const d of upstreamDifferences(type, a)) out.push(`verified, but the condition differs from AMBA's ${a.upstream.name}: ${d}`);
  return out;
}
