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
  slos: SloSpec[];
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
  | (KpiAlertCommon & { kind: 'anomaly'; direction?: 'drop' | 'spike' | 'both'; sensitivity?: 'low' | 'medium' | 'high'; bin?: string; method?: 'decompose' | 'dynamicThreshold' })
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

export type SliKind = keyof SliSpec;

export interface AlertSpec { enabled?: boolean; notify?: string[]; severity?: number }

export interface SloSpec {
  name: string;
  description?: string;
  sli: SliSpec;
  objective: number;
  window: string;
  alerting?: { page?: AlertSpec; ticket?: AlertSpec; minimumEvents?: number };
}

