/**
 * The azslo/v1 spec as written by users, after YAML parsing and JSON Schema validation.
 * schema/azslo.schema.json is the source of truth; these types mirror it.
 */
export type StringOrList = string | string[];
import type { OneOrMany } from '../base/values.js';

export interface ServiceSpec {
  apiVersion: 'azslo/v1';
  kind: 'Service';
  metadata: {
    name: string;
    displayName?: string;
    description?: string;
    owner: string;
    environment: string;
    tags?: Record<string, string>;
  };
  azure: {
    workspace: string;
    appInsights: string;
    location: string;
    /** Region of the workspace, where the budget alerts' data collection rule must be (default: location). */
    workspaceLocation?: string;
    /** Resource id of the Azure Monitor workspace (managed Prometheus) that Prometheus SLIs read and their rule groups run on. */
    monitorWorkspace?: string;
  };
  objectives?: { rto?: string; rpo?: string };
  notifications?: Record<string, TargetSpec>;
  resources?: ResourceSpec[];
  resourceDefaults?: Record<string, { alerts?: Record<string, AlertOverrideSpec> }>;
  infrastructure?: InfrastructureSpec;
  business?: BusinessSpec;
  architecture?: ArchitectureSpec;
  recovery?: RecoverySpec;
  accept?: WaiverSpec[];
  maintenance?: MaintenanceWindowSpec[];
  slos: SloSpec[];
  /** Severity, notify and minimum traffic per alert tier, and the window set, that the SLOs' alerting inherits. */
  alertingDefaults?: AlertingDefaultsSpec;
  /** Burn-rate window sets of the spec's own, by name (`alerting.windows` names one). */
  windowSets?: Record<string, WindowSetSpec>;
}

/** A maintenance window (docs/maintenance.md): one-off (from, until) or recurring (weekly, monthly) in a time zone. */
export interface MaintenanceWindowSpec {
  name: string;
  description?: string;
  schedule: {
    from?: string;
    until?: string;
    weekly?: { days: Weekday[]; start: string; duration: string };
    monthly?: { day: number; start: string; duration: string };
    timeZone?: string;
  };
  slos?: 'all' | string[];
  correct?: boolean;
}

/** A gap of the analysis accepted knowingly: `gap` is the id the reports show. */
export interface WaiverSpec { gap: string; reason: string; by: string; until: string }

/** An availability figure the spec declares, for a type the catalog has none for or an external dependency. */
export interface DeclaredSla { availability: number; source: string; conditions?: string }

export type KustoType = 'string' | 'int' | 'long' | 'real' | 'bool' | 'datetime' | 'dynamic' | 'guid' | 'timespan' | 'decimal';

export interface BusinessSpec {
  tables?: { name: string; description?: string; columns: Record<string, KustoType> }[];
  signals?: SignalSpec[];
}

export type Weekday = 'Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun';

export interface BusinessHoursSpec { timeZone: string; days?: Weekday[]; from: string; to: string }

interface KpiAlertCommon { notify?: string[]; severity?: number; businessHours?: BusinessHoursSpec; enabled?: boolean }

export type KpiAlertSpec =
  | (KpiAlertCommon & { kind: 'threshold'; below?: number; above?: number; per: string })
  | (KpiAlertCommon & { kind: 'drop'; percent: number; window: string; comparedTo?: 'yesterday' | 'lastWeek'; minimum?: number })
  | (KpiAlertCommon & { kind: 'anomaly'; direction?: 'drop' | 'spike' | 'both'; sensitivity?: 'low' | 'medium' | 'high'; bin?: string; method?: 'decompose' | 'dynamicThreshold'; period?: string })
  | (KpiAlertCommon & { kind: 'noData'; for: string });

export interface SignalSpec {
  name: string;
  description?: string;
  unit?: string;
  source: { event?: StringOrList; metric?: string; query?: string; roleName?: StringOrList };
  alerts: KpiAlertSpec[];
}

export interface AlertOverrideSpec {
  enabled?: boolean;
  threshold?: number;
  dynamic?: { sensitivity: 'Low' | 'Medium' | 'High'; evaluationPeriods?: number; minFailingPeriods?: number };
  operator?: 'GreaterThan' | 'GreaterThanOrEqual' | 'LessThan' | 'LessThanOrEqual' | 'GreaterOrLessThan';
  aggregation?: 'Average' | 'Minimum' | 'Maximum' | 'Total' | 'Count';
  windowSize?: string;
  evaluationFrequency?: string;
  severity?: number;
}

export interface ResourceSpec {
  id: string;
  kind?: string;
  sku?: string;
  zoneRedundant?: boolean;
  location?: string;
  role?: string;
  alerts?: Record<string, AlertOverrideSpec>;
  instances?: number;
  multiRegion?: boolean;
  secondaryLocation?: string;
  recovery?: string | RecoveryEntrySpec[];
  sla?: DeclaredSla;
  rpoExempt?: string;
  recoveryParameters?: Record<string, string | Record<string, string>>;
  /**
   * The diagnostic setting towards the service's workspace: the log categories it sends, whether it sends the
   * platform metrics (AllMetrics, into AzureMetrics); emit: azslo creates it.
   */
  diagnostics?: { categories?: string[]; metrics?: boolean; emit?: boolean };
}

/** Disaster-recovery plans as code. */
export interface RecoverySpec {
  runner?: { location?: string; automationAccount?: string };
  approvers?: string[];
  plans?: RecoveryPlanSpec[];
  drill?: DrillSpec;
}

/** Drills of the plans (`azslo drill`, docs/drills.md). */
export interface DrillSpec {
  /** Notification targets the service's alerts go to during a drill instead of their own. */
  receivers?: string[];
  /** How often each plan must be drilled (e.g. 90d). */
  every?: string;
  /** The weekly slot (UTC) a scheduled drill runs in. */
  window?: { day: Weekday; start: string };
  /** How long the drill waits for the service's alerts (default 30m). */
  detectWithin?: string;
  /** The longest a drill may last (default 2h). */
  timeout?: string;
}

export interface RecoveryPlanSpec {
  scenario: string;
  trigger?: { alerts?: string[]; onDemand?: boolean };
  allowDataLoss?: { reason: string };
  /** Whether the plan is drilled (default true). */
  drill?: boolean;
}

/** A declared recovery mechanism: its name, or its name with figures measured in a drill or agreed in a contract. */
export type RecoveryEntrySpec = string | { mechanism: string; failoverTime?: string; rpo?: string; source: string };

export type StepSpec = string | { redundant: StepSpec[] } | { series: StepSpec[] };

export interface RecoveryTarget { rto?: string; rpo?: string }

export interface JourneySpec { name: string; description?: string; slos?: string[]; steps: StepSpec[] }

export interface ArchitectureSpec {
  journeys?: JourneySpec[];
  targets?: { componentFailure?: RecoveryTarget; zoneOutage?: RecoveryTarget; regionOutage?: RecoveryTarget; dataCorruption?: RecoveryTarget };
  dependencies?: { name: string; description?: string; sla: DeclaredSla }[];
}

export type { HealthEvent } from '../catalog/facts.js';
import type { HealthEvent } from '../catalog/facts.js';

export interface InfrastructureSpec {
  notify?: string[];
  resourceHealth?: { enabled?: boolean; notify?: string[] };
  serviceHealth?: { enabled?: boolean; notify?: string[]; events?: HealthEvent[] };
}

export interface Phone { countryCode: string; phoneNumber: string }
export interface WebhookSpec { url: string; aad?: { objectId: string; identifierUri: string; tenantId: string } }
export interface LogicAppSpec { resourceId: string; callbackUrl: string }
export interface AzureFunctionSpec { functionAppResourceId: string; functionName: string; httpTriggerUrl: string }
export interface AutomationRunbookSpec {
  automationAccountId: string;
  runbookName: string;
  webhookResourceId: string;
  serviceUri: string;
  isGlobalRunbook?: boolean;
}

export interface TargetSpec {
  shortName?: string;
  email?: string[];
  sms?: Phone[];
  voice?: Phone[];
  webhook?: OneOrMany<WebhookSpec>;
  logicApp?: OneOrMany<LogicAppSpec>;
  azureFunction?: OneOrMany<AzureFunctionSpec>;
  automationRunbook?: OneOrMany<AutomationRunbookSpec>;
}

export interface RequestFilters { roleName?: StringOrList; operations?: string[]; excludeOperations?: string[] }

export interface SliSpec {
  requestAvailability?: RequestFilters & { badResultCodes?: StringOrList };
  requestLatency?: RequestFilters & { thresholdMs: number; successfulOnly?: boolean };
  availabilityTest?: { testName: string; locations?: string[] };
  dependencyAvailability?: { roleName?: StringOrList; target?: StringOrList; dependencyType?: StringOrList; names?: string[] };
  raw?: { good: string; total: string };
  eventRatio?: { good: StringOrList; total: StringOrList; roleName?: StringOrList };
  gatewayAvailability?: GatewayFilters & { badStatusCodes?: string[] };
  gatewayLatency?: GatewayFilters & { thresholdMs: number; successfulOnly?: boolean };
  metricRatio?: MetricRatioSli;
  metricThreshold?: MetricThresholdSli;
  prometheus?: PrometheusSliSpec;
}

/**
 * An SLI in PromQL on the service's Azure Monitor workspace (managed Prometheus): the error (or good) and total
 * queries, each with the window placeholder `{{.window}}` where a range selector's duration goes (as in Sloth).
 */
export interface PrometheusSliSpec {
  errors?: string;
  good?: string;
  total: string;
  /** Resource id of the AKS (or Arc-enabled) cluster whose data the rules read; all clusters of the workspace without it. */
  cluster?: string;
  /** What the ratio measures, for the analysis (default availability). */
  measures?: 'availability' | 'latency';
}

/** One platform metric of a metric SLI: its name, the aggregation summed over time (Total or Count) and a filter. */
export interface MetricSelectorSpec { metric: string; aggregation?: 'Total' | 'Count'; dimensions?: Record<string, StringOrList> }

/** Good (or bad) over total of platform metrics of one declared resource, e.g. FailedRequests / TotalRequests. */
export interface MetricRatioSli { resource: string; good?: MetricSelectorSpec; bad?: MetricSelectorSpec; total: MetricSelectorSpec }

export type MetricOperator = 'LessThan' | 'LessThanOrEqual' | 'GreaterThan' | 'GreaterThanOrEqual';

/** Time slices of a platform metric within a threshold: good slices over all slices with data. */
export interface MetricThresholdSli {
  resource: string;
  metric: string;
  aggregation: 'Average' | 'Minimum' | 'Maximum' | 'Total' | 'Count';
  /** A slice is good when its value compares so with the threshold. */
  operator: MetricOperator;
  threshold: number;
  /** Length of a slice (default 1m). */
  grain?: string;
}

/** The request log of a gateway resource declared in resources: (by its id), and which of its requests count. */
export interface GatewayFilters { gateway: string; hosts?: string[]; paths?: string[]; pathPrefixes?: string[]; excludePaths?: string[]; apis?: string[] }

export type SliKind = keyof SliSpec;

export interface AlertSpec { enabled?: boolean; notify?: string[]; severity?: number; minimumEvents?: number }

export type AlertTier = 'page' | 'ticket';

/** What an SLO's alert tier inherits when it does not say (the tier must still be declared to create the alert). */
export interface AlertingDefaultsSpec {
  page?: Omit<AlertSpec, 'enabled'>;
  ticket?: Omit<AlertSpec, 'enabled'>;
  /** The window set of every SLO that names none. */
  windows?: string;
}

/** One pair of a custom window set: its burn rate, or the share of the SLO's budget its long window stands for. */
export interface WindowPairSpec { long: string; short: string; burnRate?: number; budgetPercent?: number }

export interface WindowTierSpec {
  evaluationFrequency: string;
  severity?: number;
  minimumEvents?: number;
  pairs: WindowPairSpec[];
}

/** A custom burn-rate window set: per tier its pairs, how often it runs, its default severity and minimum traffic. */
export interface WindowSetSpec { description?: string; page?: WindowTierSpec; ticket?: WindowTierSpec }

export type CalendarPeriod = 'month' | 'week' | 'quarter';

/** A calendar window: the budget starts afresh each month, ISO week (from Monday) or quarter, in this IANA time zone. */
export interface CalendarWindowSpec { calendar: CalendarPeriod; timeZone?: string }

export interface SloSpec {
  name: string;
  description?: string;
  sli: SliSpec;
  objective: number;
  /** A rolling window (`30d`) or a calendar one. */
  window: string | CalendarWindowSpec;
  /** `windows`: the name of a window set of `windowSets:`. */
  alerting?: { page?: AlertSpec; ticket?: AlertSpec; minimumEvents?: number; windows?: string; budget?: BudgetAlertSpec };
}

/** Error-budget alerts of an SLO (docs/burn-rate-alerts.md, "Budget alerts"): below N % remaining, and exhausted. */
export interface BudgetAlertSpec { remainingBelow?: number[]; exhausted?: boolean; notify?: string[]; severity?: number; enabled?: boolean }

