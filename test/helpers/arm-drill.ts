/**
 * What a drill talks to, played on the local ARM endpoint (arm-emulator.ts) in front of the recovery routes
 * (arm-recovery.ts): Chaos Studio experiments, targets and capabilities; the alerts of Azure Monitor's alerts
 * management API; alert processing rules; and log queries sent through ARM. Every route checks the bearer token as the
 * recovery routes do, takes their injected faults and beforeRequest hooks, and writes its state-changing calls to the
 * same audit, so a test can assert the order of calls across services. Shapes, from Azure/azure-rest-api-specs
 * (SPECS below; `…` = /subscriptions/{s}/resourceGroups/{rg}/providers):
 *
 * - Chaos Studio, SPECS chaos/resource-manager/Microsoft.Chaos/stable/2025-01-01/openapi.json and its examples:
 *   experiments PUT/GET/DELETE `…/Microsoft.Chaos/experiments/{e}` (TrackedResource + ManagedServiceIdentity;
 *   properties.selectors[] {type List|Query, id, targets[] {type ChaosTarget, id}} and properties.steps[] {name,
 *   branches[] {name, actions[]}}; an action is continuous {duration, parameters, selectorId}, discrete {parameters,
 *   selectorId} or delay {duration}, `name` its fault URN); targets `{resource}/providers/Microsoft.Chaos/targets/
 *   {targetType}` and `…/capabilities/{name}` (capability names match `^[a-zA-Z0-9\-\.]+-\d\.\d$`); POST `{e}/start`
 *   and `{e}/cancel` answer 202 with Azure-AsyncOperation (…/providers/Microsoft.Chaos/locations/{l}/operationStatuses/
 *   {id}) and Location (…/locations/{l}/operationResults/{id}), as Experiments_Start.json / Experiments_Cancel.json
 *   show; GET `{e}/executions`, `{e}/executions/{id}` and POST `{e}/executions/{id}/getExecutionDetails` give
 *   properties {status, startedAt, stoppedAt} (status is a free string in the spec; the examples show lowercase
 *   'failed', this emulator answers Running | Success | Failed | Cancelling | Cancelled as the portal shows them — compare
 *   case-insensitively). Not in the spec, so not verified: the codes and texts of a refused start (a selector's target
 *   not enabled, a capability missing: 400 BadRequest here; an execution already running: 409 Conflict), and how long
 *   Cancelling lasts (until the next request here, or `cancelMs`).
 *   How a fault URN names its target and capability (urn:csci:microsoft:{provider}:{fault}/{version} ↔ target type
 *   Microsoft-{Provider}, capability {Fault}-{version}) follows learn.microsoft.com/azure/chaos-studio/
 *   chaos-studio-fault-library; the match here is case-insensitive.
 * - Alerts, SPECS alertsmanagement/…/Microsoft.AlertsManagement/AlertsManagement/Alert.tsp (Alerts_GetAll, GetById,
 *   ChangeState; the newest version with them is 2025-05-25-preview, on any scope: `{scope}/providers/
 *   Microsoft.AlertsManagement/alerts`; the newest stable one, 2019-03-01, on the subscription — both paths are played
 *   and any api-version is taken): filters targetResource, targetResourceType, targetResourceGroup, monitorService,
 *   monitorCondition, severity, alertState, alertRule, timeRange (1h|1d|7d|30d, default 1d) or customTimeRange
 *   (start/end, not both), pageCount; nextLink paging (ctoken); bodies {id, name, type, properties.essentials
 *   {severity 'Sev1', signalType, alertState, monitorCondition, monitorService, targetResource, targetResourceName,
 *   targetResourceGroup, targetResourceType, alertRule, sourceCreatedId, startDateTime, lastModifiedDateTime,
 *   monitorConditionResolvedDateTime, lastModifiedUserName, actionStatus.isSuppressed}} as Alerts_List.json shows.
 *   Pages are at most `alertsPageSize` (default 2) whatever pageCount asks, so clients must follow nextLink.
 * - Alert processing rules, SPECS …/AlertProcessingRules/stable/2021-08-08/AlertProcessingRules.json: PUT/GET/DELETE/
 *   PATCH `…/Microsoft.AlertsManagement/actionRules/{name}` and the lists; location 'Global'; properties {scopes,
 *   conditions[] {field, operator Equals|NotEquals|Contains|DoesNotContain, values}, schedule {effectiveFrom,
 *   effectiveUntil as yyyy-MM-ddTHH:mm:ss without zone, timeZone, recurrences[] {recurrenceType Daily|Weekly|Monthly,
 *   startTime, endTime, daysOfWeek | daysOfMonth}}, actions[] AddActionGroups {actionGroupIds} | RemoveAllActionGroups,
 *   description, enabled (default true)}; PATCH takes {properties: {enabled}, tags}. Which alerts a rule touches and what
 *   it does follows learn.microsoft.com/azure/azure-monitor/alerts/alerts-processing-rules: the alert's resource within
 *   a scope; AND between filters, OR between a filter's values; a schedule in the rule's time zone; and "the
 *   suppression action has a higher priority over the Apply action groups action": when rules of both kinds match an
 *   alert, none of its action groups is notified, added ones included (`notified` is then empty). Not stated there, so
 *   assumed: values compare case-insensitively; a recurrence whose endTime is before its startTime runs over midnight.
 * - Log queries, SPECS operationalinsights/data-plane/Microsoft.OperationalInsights/preview/2017-10-01/swagger.json
 *   through ARM: POST `…/Microsoft.OperationalInsights/workspaces/{ws}/query` {query, timespan} or GET with `query` and
 *   `timespan` in the query string → {tables: [{name: 'PrimaryResult', columns [{name, type}], rows}]}; an error is
 *   {error: {code, message}} (BadArgumentError for a missing query).
 */
import { randomUUID } from 'node:crypto';
import { startArmEmulator, typeOf, type ArmEmulator, type EmulatorOptions, type Route, type RouteReply, type RouteRequest } from './arm-emulator.js';
import { automationJobs, type AutomationJobs } from './arm-automation-jobs.js';
import { createRecovery, regionKey, type Recovery, type RecoveryOptions } from './arm-recovery.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface DrillRoutesOptions {
  /** ms an experiment's continuous action lasts per second of its ISO duration (default 0: runs until cancelled or endExperiment) */
  msPerSecond?: number;
  /** ms an execution stays Cancelling after the cancel call (default 0: until the next request on these routes). */
  cancelMs?: number;
  /** The most alerts one page of the alerts list holds (default 2), whatever pageCount asks. */
  alertsPageSize?: number;
}

export interface ChaosExecution {
  id: string;
  experimentId: string;
  status: 'Running' | 'Success' | 'Failed' | 'Cancelling' | 'Cancelled';
  startedAt: string;
  stoppedAt: string | undefined;
}

export interface FiredAlert {
  id: string;
  ruleId: string;
  ruleName: string;
  severity: string;
  targetResource: string;
  firedAt: string;
  monitorCondition: 'Fired' | 'Resolved';
  alertState: 'New' | 'Acknowledged' | 'Closed';
  resolvedAt: string | undefined;
  /** action group ids the alert's notifications went to, after the enabled alert processing rules that matched it at firing time */
  notified: string[];
  /** Ids (as stored) of the processing rules that matched at firing time. */
  processingRules: string[];
  /** True when a RemoveAllActionGroups rule matched (the alert is still listed). */
  suppressed: boolean;
}

export type QueryTable = { columns: { name: string; type: string }[]; rows: unknown[][] };

export interface Drill {
  readonly route: Route;
  /** The recovery routes whose token check, faults, hooks and audit these routes use (set by startDrillEmulator). */
  recovery: Recovery | undefined;
  /** The emulator these routes are attached to (set on the first request, or by startDrillEmulator). */
  arm: ArmEmulator | undefined;
  onExperimentStart(cb: (experimentId: string, execution: ChaosExecution) => void): void;
  onExperimentCancel(cb: (experimentId: string, execution: ChaosExecution) => void): void;
  /** Ends the running execution of an experiment (id as deployed) as its last action would. */
  endExperiment(experimentId: string, status?: 'Success' | 'Failed'): void;
  executions(experimentId?: string): ChaosExecution[];
  /** Fires an alert of a rule (a deployed rule's id; its own action groups are read from the stored rule if present, else `actionGroups`). */
  fireAlert(a: { ruleId: string; severity?: string; targetResource?: string; at?: Date; actionGroups?: string[] }): FiredAlert;
  resolveAlert(alertId: string, at?: Date): void;
  alerts(): FiredAlert[];
  /** Answers log queries sent through ARM: given the KQL and timespan, the table to return (undefined: an empty PrimaryResult). */
  answerQueries(fn: (query: string, timespan: string | undefined) => QueryTable | undefined): void;
  queries(): { query: string; timespan: string | undefined; at: string }[];
  actionRules(): Map<string, Json>; // lowercase id → stored body
  /** Chaos targets and capabilities enabled, by lowercase id → stored body. */
  chaosTargets(): Map<string, Json>;
}

// ───────────────────────────── paths ─────────────────────────────

const SEG = '([^/]+)';
const RGP = `^/subscriptions/${SEG}/resourceGroups/${SEG}/providers`;
const P = {
  experimentList: new RegExp(`${RGP}/Microsoft\\.Chaos/experiments$`, 'i'),
  experiment: new RegExp(`${RGP}/Microsoft\\.Chaos/experiments/${SEG}$`, 'i'),
  experimentAction: new RegExp(`${RGP}/Microsoft\\.Chaos/experiments/${SEG}/(start|cancel)$`, 'i'),
  executions: new RegExp(`${RGP}/Microsoft\\.Chaos/experiments/${SEG}/executions$`, 'i'),
  execution: new RegExp(`${RGP}/Microsoft\\.Chaos/experiments/${SEG}/executions/${SEG}$`, 'i'),
  executionDetails: new RegExp(`${RGP}/Microsoft\\.Chaos/experiments/${SEG}/executions/${SEG}/getExecutionDetails$`, 'i'),
  chaosOperation: /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Chaos\/locations\/[^/]+\/(operationStatuses|operationResults)\/([^/]+)$/i,
  targetList: /^(\/subscriptions\/.+)\/providers\/Microsoft\.Chaos\/targets$/i,
  target: /^(\/subscriptions\/.+)\/providers\/Microsoft\.Chaos\/targets\/([^/]+)$/i,
  capabilityList: /^(\/subscriptions\/.+)\/providers\/Microsoft\.Chaos\/targets\/([^/]+)\/capabilities$/i,
  capability: /^(\/subscriptions\/.+)\/providers\/Microsoft\.Chaos\/targets\/([^/]+)\/capabilities\/([^/]+)$/i,
  alertList: /^(\/subscriptions\/[^/]+(?:\/.*)?)\/providers\/Microsoft\.AlertsManagement\/alerts$/i,
  alert: /^(\/subscriptions\/[^/]+(?:\/.*)?)\/providers\/Microsoft\.AlertsManagement\/alerts\/([^/]+)$/i,
  alertChangeState: /^(\/subscriptions\/[^/]+(?:\/.*)?)\/providers\/Microsoft\.AlertsManagement\/alerts\/([^/]+)\/changestate$/i,
  actionRuleList: /^\/subscriptions\/[^/]+(?:\/resourceGroups\/[^/]+)?\/providers\/Microsoft\.AlertsManagement\/actionRules$/i,
  actionRule: new RegExp(`${RGP}/Microsoft\\.AlertsManagement/actionRules/${SEG}$`, 'i'),
  query: new RegExp(`${RGP}/Microsoft\\.OperationalInsights/workspaces/${SEG}/query$`, 'i'),
};

// ───────────────────────────── small helpers ─────────────────────────────

const lc = (s: string) => s.toLowerCase();
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** ISO 8601 duration (PT10M, P1DT2H, PT0.5S) in seconds, or undefined when malformed. */
export function isoSeconds(duration: string): number | undefined {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(duration);
  if (!m || duration === 'P' || /T$/i.test(duration)) return undefined;
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number];
  return d * 86400 + h * 3600 + min * 60 + s;
}

/** 'urn:csci:microsoft:virtualMachine:shutdown/1.0' → the target type and capability it needs (undefined for a delay). */
export function capabilityOf(urn: string): { targetType: string; capability: string } | undefined {
  const m = /^urn:csci:microsoft:([^:]+):([^/]+)\/(\d+\.\d+)$/i.exec(urn);
  if (!m) return undefined;
  const [, provider, fault, version] = m as unknown as [string, string, string, string];
  if (lc(provider) === 'chaosstudio') return undefined;
  return { targetType: `Microsoft-${provider[0]!.toUpperCase()}${provider.slice(1)}`, capability: `${fault[0]!.toUpperCase()}${fault.slice(1)}-${version}` };
}

/** Windows time zone names (what the portal and the API examples use) → IANA, for the few a test needs; IANA names pass. */
const WINDOWS_ZONES: Record<string, string> = {
  utc: 'UTC', 'coordinated universal time': 'UTC', 'gmt standard time': 'Europe/London', 'w. europe standard time': 'Europe/Berlin',
  'central europe standard time': 'Europe/Budapest', 'central european standard time': 'Europe/Warsaw', 'romance standard time': 'Europe/Paris',
  'eastern standard time': 'America/New_York', 'central standard time': 'America/Chicago', 'mountain standard time': 'America/Denver',
  'pacific standard time': 'America/Los_Angeles', 'tokyo standard time': 'Asia/Tokyo', 'india standard time': 'Asia/Kolkata',
  'aus eastern standard time': 'Australia/Sydney', 'fle standard time': 'Europe/Kyiv',
};
function ianaZone(tz: string | undefined): string | undefined {
  if (tz === undefined || tz === '') return 'UTC';
  const known = WINDOWS_ZONES[lc(tz)];
  if (known) return known;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}
/** Wall-clock time of an instant in a zone: 'yyyy-MM-ddTHH:mm:ss', the weekday name and the day of the month. */
function wallClock(at: Date, zone: string): { stamp: string; time: string; weekday: string; day: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'long' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  const time = `${parts.hour}:${parts.minute}:${parts.second}`;
  return { stamp: `${parts.year}-${parts.month}-${parts.day}T${time}`, time, weekday: parts.weekday!, day: Number(parts.day) };
}

const SCHEDULE_STAMP = /^(?:(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?))$/;
const TIME_OF_DAY = /^\d{2}:\d{2}:\d{2}$/;
const FIELDS = ['Severity', 'MonitorService', 'MonitorCondition', 'SignalType', 'TargetResourceType', 'TargetResource', 'TargetResourceGroup', 'AlertRuleId', 'AlertRuleName', 'Description', 'AlertContext'];
const OPERATORS = ['Equals', 'NotEquals', 'Contains', 'DoesNotContain'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** What is wrong with an alert processing rule body (2021-08-08), or undefined. */
function actionRuleProblem(body: Json): string | undefined {
  if (!nonEmptyString(body.location) || lc(body.location) !== 'global') return "location must be 'Global'.";
  const p = body.properties;
  if (!isObject(p)) return 'properties is required.';
  if (!Array.isArray(p.scopes) || p.scopes.length === 0 || !p.scopes.every((s: unknown) => nonEmptyString(s) && /^\/subscriptions\/[^/]+/i.test(s))) return 'properties.scopes must be a non-empty list of resource ids under a subscription.';
  if (p.conditions !== undefined) {
    if (!Array.isArray(p.conditions)) return 'properties.conditions must be a list.';
    for (const [i, c] of (p.conditions as unknown[]).entries()) {
      if (!isObject(c)) return `properties.conditions[${i}] must be an object.`;
      if (!FIELDS.includes(c.field)) return `properties.conditions[${i}].field '${String(c.field)}' is not one of ${FIELDS.join(', ')}.`;
      if (!OPERATORS.includes(c.operator)) return `properties.conditions[${i}].operator '${String(c.operator)}' is not one of ${OPERATORS.join(', ')}.`;
      if (!Array.isArray(c.values) || c.values.length === 0 || !c.values.every((v: unknown) => typeof v === 'string')) return `properties.conditions[${i}].values must be a non-empty list of strings.`;
    }
  }
  if (p.schedule !== undefined) {
    const s = p.schedule;
    if (!isObject(s)) return 'properties.schedule must be an object.';
    for (const k of ['effectiveFrom', 'effectiveUntil'])
      if (s[k] !== undefined && !(typeof s[k] === 'string' && SCHEDULE_STAMP.test(s[k]))) return `properties.schedule.${k} '${String(s[k])}' is not a date-time like 2026-12-01T09:00:00 (no time zone suffix).`;
    if (typeof s.effectiveFrom === 'string' && typeof s.effectiveUntil === 'string' && s.effectiveUntil <= s.effectiveFrom) return 'properties.schedule.effectiveUntil must be after effectiveFrom.';
    if (s.timeZone !== undefined && (typeof s.timeZone !== 'string' || ianaZone(s.timeZone) === undefined)) return `properties.schedule.timeZone '${String(s.timeZone)}' is not a time zone.`;
    if (s.recurrences !== undefined) {
      if (!Array.isArray(s.recurrences)) return 'properties.schedule.recurrences must be a list.';
      for (const [i, r] of (s.recurrences as unknown[]).entries()) {
        if (!isObject(r) || !['Daily', 'Weekly', 'Monthly'].includes(r.recurrenceType)) return `properties.schedule.recurrences[${i}].recurrenceType must be Daily, Weekly or Monthly.`;
        for (const k of ['startTime', 'endTime']) if (r[k] !== undefined && !(typeof r[k] === 'string' && TIME_OF_DAY.test(r[k]))) return `properties.schedule.recurrences[${i}].${k} must be HH:mm:ss.`;
        if (r.recurrenceType === 'Weekly' && (!Array.isArray(r.daysOfWeek) || r.daysOfWeek.length === 0 || !r.daysOfWeek.every((d: unknown) => DAYS.includes(d as string)))) return `properties.schedule.recurrences[${i}].daysOfWeek must list days (Sunday … Saturday).`;
        if (r.recurrenceType === 'Monthly' && (!Array.isArray(r.daysOfMonth) || r.daysOfMonth.length === 0 || !r.daysOfMonth.every((d: unknown) => Number.isInteger(d) && (d as number) >= 1 && (d as number) <= 31))) return `properties.schedule.recurrences[${i}].daysOfMonth must list days 1 to 31.`;
      }
    }
  }
  if (!Array.isArray(p.actions) || p.actions.length === 0) return 'properties.actions must be a non-empty list.';
  for (const [i, a] of (p.actions as unknown[]).entries()) {
    if (!isObject(a) || !['AddActionGroups', 'RemoveAllActionGroups'].includes(a.actionType)) return `properties.actions[${i}].actionType must be AddActionGroups or RemoveAllActionGroups.`;
    if (a.actionType === 'AddActionGroups' && (!Array.isArray(a.actionGroupIds) || a.actionGroupIds.length === 0 || !a.actionGroupIds.every((g: unknown) => nonEmptyString(g) && /\/providers\/microsoft\.insights\/actiongroups\/[^/]+$/i.test(g)))) return `properties.actions[${i}].actionGroupIds must list action group ids.`;
  }
  if (p.enabled !== undefined && typeof p.enabled !== 'boolean') return 'properties.enabled must be true or false.';
  return undefined;
}

/** What is wrong with a Chaos experiment body (2025-01-01), or undefined. */
function experimentProblem(body: Json): string | undefined {
  if (!nonEmptyString(body.location)) return 'location is required.';
  const identity = body.identity;
  if (!isObject(identity) || !['SystemAssigned', 'UserAssigned', 'SystemAssigned,UserAssigned', 'None'].includes(identity.type)) return 'identity.type must be SystemAssigned, UserAssigned, "SystemAssigned,UserAssigned" or None.';
  if (String(identity.type).includes('UserAssigned') && (!isObject(identity.userAssignedIdentities) || Object.keys(identity.userAssignedIdentities).length === 0)) return 'identity.userAssignedIdentities must name the user-assigned identities.';
  const p = body.properties;
  if (!isObject(p)) return 'properties is required.';
  if (!Array.isArray(p.selectors)) return 'properties.selectors is required.';
  const ids = new Set<string>();
  for (const [i, s] of (p.selectors as unknown[]).entries()) {
    if (!isObject(s) || !['List', 'Query'].includes(s.type)) return `properties.selectors[${i}].type must be List or Query.`;
    if (!nonEmptyString(s.id)) return `properties.selectors[${i}].id is required.`;
    if (ids.has(s.id)) return `properties.selectors[${i}].id '${s.id}' is used twice.`;
    ids.add(s.id);
    if (s.type === 'List' && (!Array.isArray(s.targets) || s.targets.length === 0 || !s.targets.every((t: unknown) => isObject(t) && t.type === 'ChaosTarget' && nonEmptyString(t.id) && P.target.test(t.id)))) return `properties.selectors[${i}].targets must list ChaosTarget ids ({resource}/providers/Microsoft.Chaos/targets/{type}).`;
    if (s.type === 'Query' && (!nonEmptyString(s.queryString) || !Array.isArray(s.subscriptionIds) || s.subscriptionIds.length === 0)) return `properties.selectors[${i}] (Query) needs queryString and subscriptionIds.`;
  }
  if (!Array.isArray(p.steps) || p.steps.length === 0) return 'properties.steps must be a non-empty list.';
  for (const [i, step] of (p.steps as unknown[]).entries()) {
    if (!isObject(step) || !nonEmptyString(step.name)) return `properties.steps[${i}].name is required.`;
    if (!Array.isArray(step.branches) || step.branches.length === 0) return `properties.steps[${i}].branches must be a non-empty list.`;
    for (const [j, branch] of (step.branches as unknown[]).entries()) {
      const at = `properties.steps[${i}].branches[${j}]`;
      if (!isObject(branch) || !nonEmptyString(branch.name)) return `${at}.name is required.`;
      if (!Array.isArray(branch.actions) || branch.actions.length === 0) return `${at}.actions must be a non-empty list.`;
      for (const [k, a] of (branch.actions as unknown[]).entries()) {
        const where = `${at}.actions[${k}]`;
        if (!isObject(a) || !['continuous', 'discrete', 'delay'].includes(a.type)) return `${where}.type must be continuous, discrete or delay.`;
        if (!nonEmptyString(a.name)) return `${where}.name (the fault URN) is required.`;
        if (a.type !== 'discrete' && !(typeof a.duration === 'string' && isoSeconds(a.duration) !== undefined)) return `${where}.duration must be an ISO 8601 duration like PT10M.`;
        if (a.type !== 'delay') {
          if (!Array.isArray(a.parameters) || !a.parameters.every((kv: unknown) => isObject(kv) && nonEmptyString(kv.key) && nonEmptyString(kv.value))) return `${where}.parameters must be a list of {key, value}.`;
          if (!nonEmptyString(a.selectorId)) return `${where}.selectorId is required.`;
          if (!ids.has(a.selectorId)) return `${where}.selectorId '${a.selectorId}' names no selector.`;
          if (!capabilityOf(a.name)) return `${where}.name '${a.name}' is not a fault URN (urn:csci:microsoft:{provider}:{fault}/{version}).`;
        }
      }
    }
  }
  return undefined;
}

/** Own action groups of a stored alert rule (scheduledQueryRules, metricAlerts, activityLogAlerts). */
function ruleActionGroups(rule: Json | undefined): string[] | undefined {
  const actions = rule?.properties?.actions;
  if (actions === undefined) return undefined;
  if (Array.isArray(actions)) return actions.map((a: Json) => String(a.actionGroupId ?? a.actionGroupID ?? '')).filter(Boolean); // metricAlerts
  if (Array.isArray(actions.actionGroups)) return actions.actionGroups.map((a: unknown) => (typeof a === 'string' ? a : String((a as Json).actionGroupId ?? ''))).filter(Boolean);
  return [];
}
const MONITOR: Record<string, { service: string; signal: string }> = {
  'microsoft.insights/scheduledqueryrules': { service: 'Log Analytics', signal: 'Log' },
  'microsoft.insights/metricalerts': { service: 'Platform', signal: 'Metric' },
  'microsoft.insights/activitylogalerts': { service: 'ActivityLog Administrative', signal: 'Activity Log' },
};
const sevOf = (s: unknown): string | undefined => (s === undefined || s === null || s === '' ? undefined : /^sev/i.test(String(s)) ? `Sev${String(s).slice(3)}` : `Sev${String(s)}`);
const rgOf = (id: string) => /\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? '';
const within = (id: string, scope: string) => lc(id) === lc(scope) || lc(id).startsWith(`${lc(scope).replace(/\/+$/, '')}/`);

interface Execution extends ChaosExecution {
  timer?: ReturnType<typeof setTimeout>;
  cancelAt?: number;
  body: Json;
}
interface ChaosOperation {
  id: string;
  location: string;
  subscription: string;
  done: () => boolean;
  startedAt: string;
}

export function createDrillRoutes(options: DrillRoutesOptions = {}): Drill {
  const opts = { msPerSecond: 0, cancelMs: 0, alertsPageSize: 2, ...options };
  const experiments = new Map<string, { id: string; body: Json }>();
  const targets = new Map<string, Json>();
  const executions: Execution[] = [];
  const operations = new Map<string, ChaosOperation>();
  const startHooks: ((id: string, e: ChaosExecution) => void)[] = [];
  const cancelHooks: ((id: string, e: ChaosExecution) => void)[] = [];
  const fired: FiredAlert[] = [];
  const alertBodies = new Map<string, Json>();
  const rules = new Map<string, Json>();
  const asked: { query: string; timespan: string | undefined; at: string }[] = [];
  let answer: (query: string, timespan: string | undefined) => QueryTable | undefined = () => undefined;

  const endpoint = () => {
    if (!drill.arm) throw new Error('the drill routes are not attached to an emulator yet');
    return drill.arm.endpoint;
  };
  const view = (e: Execution): ChaosExecution => ({ id: e.id, experimentId: e.experimentId, status: e.status, startedAt: e.startedAt, stoppedAt: e.stoppedAt });
  const running = (experimentId: string) => executions.find((e) => lc(e.experimentId) === lc(experimentId) && (e.status === 'Running' || e.status === 'Cancelling'));

  function stop(e: Execution, status: ChaosExecution['status']) {
    if (e.timer) clearTimeout(e.timer);
    e.timer = undefined;
    e.status = status;
    e.stoppedAt = new Date().toISOString();
  }
  /** Finishes cancellations whose time has come; run before every request and every test-side read. */
  function settle(now = Date.now(), request = false) {
    for (const e of executions) if (e.status === 'Cancelling' && e.cancelAt !== undefined && (now >= e.cancelAt + (opts.cancelMs || 0) && (opts.cancelMs > 0 || request))) stop(e, 'Cancelled');
  }

  /** Seconds an experiment runs: steps one after another, branches side by side, actions in a branch one after another. */
  function runSeconds(body: Json): number {
    let total = 0;
    for (const step of body.properties.steps as Json[]) total += Math.max(...(step.branches as Json[]).map((b) => (b.actions as Json[]).reduce((s, a) => s + (a.type === 'discrete' ? 0 : (isoSeconds(a.duration) ?? 0)), 0)));
    return total;
  }

  // ── Chaos Studio ──

  function chaosAccept(reply: RouteReply, subscription: string, location: string, apiVersion: string, done: () => boolean) {
    const id = randomUUID();
    operations.set(lc(id), { id, location: regionKey(location), subscription, done, startedAt: new Date().toISOString() });
    const base = `${endpoint()}/subscriptions/${subscription}/providers/Microsoft.Chaos/locations/${regionKey(location)}`;
    reply.send(202, undefined, { 'azure-asyncoperation': `${base}/operationStatuses/${id}?api-version=${apiVersion}`, location: `${base}/operationResults/${id}?api-version=${apiVersion}`, 'retry-after': String(drill.recovery?.options.retryAfterSeconds ?? 0) });
  }

  function startExperiment(request: RouteRequest, reply: RouteReply, experimentId: string) {
    const entry = drill.recovery?.record(request, 'chaos.start', 0, undefined, experimentId);
    const refuse = (status: number, code: string, message: string) => {
      if (entry) Object.assign(entry, { status, code });
      reply.error(status, code, message);
    };
    const exp = experiments.get(lc(experimentId));
    if (!exp) return refuse(404, 'ResourceNotFound', `The experiment '${experimentId.split('/').pop()}' was not found.`);
    if (running(experimentId)) return refuse(409, 'Conflict', `The experiment '${exp.body.name}' already has an execution running; cancel it or wait for it to end.`);
    const selectors = new Map((exp.body.properties.selectors as Json[]).map((s) => [s.id as string, s]));
    for (const step of exp.body.properties.steps as Json[])
      for (const branch of step.branches as Json[])
        for (const action of branch.actions as Json[]) {
          if (action.type === 'delay') continue;
          const needs = capabilityOf(action.name)!;
          const selector = selectors.get(action.selectorId)!;
          if (selector.type !== 'List') continue; // a Query selector is resolved by Azure Resource Graph: not played
          for (const t of selector.targets as Json[]) {
            const m = P.target.exec(t.id)!;
            const target = targets.get(lc(t.id));
            if (!target) return refuse(400, 'BadRequest', `The target '${t.id}' of selector '${selector.id}' is not enabled for Chaos Studio (PUT ${m[1]}/providers/Microsoft.Chaos/targets/${m[2]}).`);
            if (lc(m[2]!) !== lc(needs.targetType)) return refuse(400, 'BadRequest', `The action '${action.name}' needs a target of type ${needs.targetType}, but selector '${selector.id}' names ${m[2]}.`);
            if (!targets.has(lc(`${t.id}/capabilities/${needs.capability}`))) return refuse(400, 'BadRequest', `The target '${t.id}' lacks the capability '${needs.capability}' the action '${action.name}' needs.`);
          }
        }
    const e: Execution = { id: randomUUID(), experimentId: exp.id, status: 'Running', startedAt: new Date().toISOString(), stoppedAt: undefined, body: exp.body };
    executions.push(e);
    if (opts.msPerSecond > 0) {
      e.timer = setTimeout(() => e.status === 'Running' && stop(e, 'Success'), runSeconds(exp.body) * opts.msPerSecond);
      e.timer.unref?.();
    }
    if (entry) entry.status = 202;
    chaosAccept(reply, P.experiment.exec(exp.id)![1]!, String(exp.body.location), request.url.searchParams.get('api-version')!, () => true);
    for (const cb of startHooks) cb(exp.id, view(e));
  }

  function cancelExperiment(request: RouteRequest, reply: RouteReply, experimentId: string) {
    const entry = drill.recovery?.record(request, 'chaos.cancel', 0, undefined, experimentId);
    const exp = experiments.get(lc(experimentId));
    if (!exp) {
      if (entry) Object.assign(entry, { status: 404, code: 'ResourceNotFound' });
      return reply.error(404, 'ResourceNotFound', `The experiment '${experimentId.split('/').pop()}' was not found.`);
    }
    const e = running(experimentId);
    if (e && e.status === 'Running') {
      if (e.timer) clearTimeout(e.timer);
      e.timer = undefined;
      e.status = 'Cancelling';
      e.cancelAt = Date.now();
      for (const cb of cancelHooks) cb(exp.id, view(e));
    }
    if (entry) entry.status = 202;
    // Cancelling an experiment that is not running is accepted and does nothing (the spec documents only 202).
    chaosAccept(reply, P.experiment.exec(exp.id)![1]!, String(exp.body.location), request.url.searchParams.get('api-version')!, () => !e || e.status === 'Cancelled');
  }

  const executionBody = (e: Execution) => ({ id: `${e.experimentId}/executions/${e.id}`, name: e.id, type: 'Microsoft.Chaos/experiments/executions', properties: { status: e.status, startedAt: e.startedAt, ...(e.stoppedAt ? { stoppedAt: e.stoppedAt } : {}), provisioningState: 'Succeeded' } });
  function executionDetails(e: Execution) {
    const status = lc(e.status);
    const actionStatus = e.status === 'Running' ? 'running' : status;
    return {
      id: `${e.experimentId}/executions/${e.id}/getExecutionDetails`,
      name: e.id,
      type: 'Microsoft.Chaos/experiments/executions/getExecutionDetails',
      properties: {
        status: e.status,
        startedAt: e.startedAt,
        ...(e.stoppedAt ? { stoppedAt: e.stoppedAt } : {}),
        lastActionAt: e.stoppedAt ?? e.startedAt,
        ...(e.status === 'Failed' ? { failureReason: 'The experiment failed (played by the local ARM endpoint).' } : {}),
        runInformation: {
          steps: (e.body.properties.steps as Json[]).map((s) => ({
            stepName: s.name,
            stepId: s.name,
            status: actionStatus,
            branches: (s.branches as Json[]).map((b) => ({
              branchName: b.name,
              branchId: b.name,
              status: actionStatus,
              actions: (b.actions as Json[]).map((a) => ({
                actionName: a.name,
                actionId: a.name,
                status: actionStatus,
                startTime: e.startedAt,
                ...(e.stoppedAt ? { endTime: e.stoppedAt } : {}),
                targets: a.type === 'delay' ? [] : ((e.body.properties.selectors as Json[]).find((x) => x.id === a.selectorId)?.targets ?? []).map((t: Json) => ({ status: actionStatus, target: String(t.id).replace(/\/providers\/Microsoft\.Chaos\/targets\/[^/]+$/i, '') })),
              })),
            })),
          })),
        },
      },
    };
  }

  function serveChaos(request: RouteRequest, reply: RouteReply): boolean {
    const p = request.path;
    const method = request.method;
    const apiVersion = request.url.searchParams.get('api-version');
    let m: RegExpExecArray | null;
    if ((m = P.chaosOperation.exec(p))) {
      const op = operations.get(lc(m[2]!));
      if (!op) return reply.error(404, 'NotFound', `The operation '${m[2]}' was not found.`), true;
      const done = op.done();
      if (lc(m[1]!) === 'operationstatuses') return reply.send(200, { id: p, name: op.id, status: done ? 'Succeeded' : 'Running', startTime: op.startedAt, ...(done ? { endTime: new Date().toISOString(), percentComplete: 100 } : {}) }), true;
      return done ? reply.send(204) : reply.send(202, undefined, { location: `${endpoint()}${p}${request.url.search}`, 'retry-after': '0' }), true;
    }
    if ((m = P.experimentAction.exec(p))) {
      if (method !== 'POST') return reply.error(405, 'MethodNotAllowed', `${method} is not supported on ${m[4]}.`), true;
      const id = p.replace(/\/[^/]+$/, '');
      if (lc(m[4]!) === 'start') startExperiment(request, reply, id);
      else cancelExperiment(request, reply, id);
      return true;
    }
    if ((m = P.executionDetails.exec(p))) {
      if (method !== 'POST') return reply.error(405, 'MethodNotAllowed', `${method} is not supported on getExecutionDetails.`), true;
      const e = executions.find((x) => lc(x.id) === lc(m![4]!) && lc(x.experimentId) === lc(p.replace(/\/executions\/.*$/i, '')));
      return e ? reply.send(200, executionDetails(e)) : reply.error(404, 'ResourceNotFound', `The execution '${m[4]}' was not found.`), true;
    }
    if ((m = P.execution.exec(p))) {
      if (method !== 'GET') return reply.error(405, 'MethodNotAllowed', `${method} is not supported on an execution.`), true;
      const e = executions.find((x) => lc(x.id) === lc(m![4]!) && lc(x.experimentId) === lc(p.replace(/\/executions\/.*$/i, '')));
      return e ? reply.send(200, executionBody(e)) : reply.error(404, 'ResourceNotFound', `The execution '${m[4]}' was not found.`), true;
    }
    if ((m = P.executions.exec(p))) {
      if (method !== 'GET') return reply.error(405, 'MethodNotAllowed', `${method} is not supported on executions.`), true;
      const expId = p.replace(/\/executions$/i, '');
      if (!experiments.has(lc(expId))) return reply.error(404, 'ResourceNotFound', `The experiment '${m[3]}' was not found.`), true;
      return reply.send(200, { value: executions.filter((x) => lc(x.experimentId) === lc(expId)).map(executionBody) }), true;
    }
    if ((m = P.experimentList.exec(p)) && method === 'GET') {
      const prefix = `${lc(p)}/`;
      return reply.send(200, { value: [...experiments.values()].filter((x) => lc(x.id).startsWith(prefix)).map((x) => x.body) }), true;
    }
    if ((m = P.experiment.exec(p))) {
      const key = lc(p);
      if (method === 'GET') {
        const x = experiments.get(key);
        return x ? reply.send(200, x.body) : reply.error(404, 'ResourceNotFound', `The Resource 'Microsoft.Chaos/experiments/${m[3]}' under resource group '${m[2]}' was not found.`), true;
      }
      if (method === 'DELETE') {
        const entry = drill.recovery?.record(request, 'chaos.deleteExperiment', 0);
        if (running(p)) return entry && Object.assign(entry, { status: 409, code: 'Conflict' }), reply.error(409, 'Conflict', 'The experiment is running; cancel it first.'), true;
        const existed = experiments.delete(key);
        drill.arm?.store.delete(key);
        if (existed) written(`DELETE ${p}`);
        if (entry) entry.status = existed ? 200 : 204;
        return reply.send(existed ? 200 : 204), true;
      }
      if (method === 'PUT') {
        const entry = drill.recovery?.record(request, 'chaos.putExperiment', 0);
        const body = parse(request.body);
        const problem = body ? experimentProblem(body) : 'The request content is not a JSON object.';
        if (problem) return entry && Object.assign(entry, { status: 400, code: 'InvalidRequestContent' }), reply.error(400, 'InvalidRequestContent', problem), true;
        if (running(p)) return entry && Object.assign(entry, { status: 409, code: 'Conflict' }), reply.error(409, 'Conflict', 'The experiment is running; it cannot be changed until it ends.'), true;
        const existing = experiments.get(key);
        const stored: Json = { ...structuredClone(body!), id: existing?.id ?? p, name: m[3], type: 'Microsoft.Chaos/experiments', systemData: { createdBy: 'azslo-test', createdAt: '2026-11-30T00:00:00Z' } };
        stored.properties.provisioningState = 'Succeeded';
        if (String(stored.identity.type).includes('SystemAssigned')) Object.assign(stored.identity, { principalId: principalFor(key), tenantId: '00000000-0000-0000-0000-0000000000aa' });
        experiments.set(key, { id: stored.id, body: stored });
        drill.arm?.store.set(key, { id: stored.id, body: stored });
        written(`PUT ${p}`, apiVersion, body!);
        if (entry) entry.status = existing ? 200 : 201;
        return reply.send(existing ? 200 : 201, stored), true;
      }
      return reply.error(405, 'MethodNotAllowed', `${method} is not supported on an experiment.`), true;
    }
    if ((m = P.capabilityList.exec(p)) || (m = P.targetList.exec(p))) {
      if (method !== 'GET') return reply.error(405, 'MethodNotAllowed', `${method} is not supported on a list.`), true;
      const prefix = `${lc(p)}/`;
      return reply.send(200, { value: [...targets.entries()].filter(([k]) => k.startsWith(prefix) && !k.slice(prefix.length).includes('/')).map(([, v]) => v) }), true;
    }
    if ((m = P.capability.exec(p)) || (m = P.target.exec(p))) {
      const isCapability = m.length === 4 && P.capability.test(p);
      const key = lc(p);
      const name = p.split('/').pop()!;
      if (method === 'GET') {
        const t = targets.get(key);
        return t ? reply.send(200, t) : reply.error(404, 'ResourceNotFound', `The ${isCapability ? 'capability' : 'target'} '${name}' was not found.`), true;
      }
      if (method === 'DELETE') {
        drill.recovery?.record(request, isCapability ? 'chaos.deleteCapability' : 'chaos.deleteTarget', 200);
        for (const k of [...targets.keys()]) if (k === key || k.startsWith(`${key}/`)) targets.delete(k);
        written(`DELETE ${p}`);
        return reply.send(200), true;
      }
      if (method === 'PUT') {
        const entry = drill.recovery?.record(request, isCapability ? 'chaos.putCapability' : 'chaos.putTarget', 0);
        const body = parse(request.body);
        if (!body) return entry && Object.assign(entry, { status: 400, code: 'InvalidRequestContent' }), reply.error(400, 'InvalidRequestContent', 'The request content is not a JSON object.'), true;
        if (isCapability) {
          if (!/^[a-zA-Z0-9\-.]+-\d\.\d$/.test(name)) return entry && Object.assign(entry, { status: 400, code: 'InvalidCapabilityName' }), reply.error(400, 'InvalidCapabilityName', `'${name}' is not a capability name like Shutdown-1.0.`), true;
          const targetId = p.replace(/\/capabilities\/[^/]+$/i, '');
          if (!targets.has(lc(targetId))) return entry && Object.assign(entry, { status: 404, code: 'ResourceNotFound' }), reply.error(404, 'ResourceNotFound', `The target '${targetId}' is not enabled; PUT it before its capabilities.`), true;
        } else if (!isObject(body.properties)) return entry && Object.assign(entry, { status: 400, code: 'InvalidRequestContent' }), reply.error(400, 'InvalidRequestContent', 'properties is required (it may be empty).'), true;
        const targetType = isCapability ? m[2]! : m[2]!;
        const stored: Json = isCapability
          ? { id: p, name, type: 'Microsoft.Chaos/targets/capabilities', properties: { publisher: 'Microsoft', targetType, description: `${name} (local ARM endpoint)`, parametersSchema: '', urn: `urn:csci:microsoft:${targetType.replace(/^Microsoft-/i, '').replace(/^./, (c) => c.toLowerCase())}:${name.replace(/-(\d\.\d)$/, '/$1').replace(/^./, (c) => c.toLowerCase())}` } }
          : { ...structuredClone(body), id: p, name, type: 'Microsoft.Chaos/targets' };
        const existed = targets.has(key);
        targets.set(key, stored);
        written(`PUT ${p}`, apiVersion, body);
        if (entry) entry.status = existed ? 200 : 201;
        return reply.send(existed ? 200 : 201, stored), true;
      }
      return reply.error(405, 'MethodNotAllowed', `${method} is not supported here.`), true;
    }
    return false;
  }

  // ── alerts ──

  function essentials(a: FiredAlert): Json {
    const rule = drill.arm?.store.get(lc(a.ruleId))?.body as Json | undefined;
    const monitor = MONITOR[lc(typeOf(a.ruleId))] ?? { service: 'Platform', signal: 'Metric' };
    const last = a.resolvedAt ?? a.firedAt;
    return {
      severity: a.severity,
      signalType: monitor.signal,
      alertState: a.alertState,
      monitorCondition: a.monitorCondition,
      monitorService: monitor.service,
      targetResource: a.targetResource,
      targetResourceName: a.targetResource.split('/').pop() ?? '',
      targetResourceGroup: rgOf(a.targetResource),
      targetResourceType: a.targetResource ? typeOf(a.targetResource).split('/').pop() : '',
      alertRule: a.ruleId,
      sourceCreatedId: a.id.split('/').pop(),
      startDateTime: a.firedAt,
      lastModifiedDateTime: alertBodies.get(a.id)?.lastModified ?? last,
      ...(a.resolvedAt ? { monitorConditionResolvedDateTime: a.resolvedAt } : {}),
      lastModifiedUserName: 'System',
      actionStatus: { isSuppressed: a.suppressed },
      description: String(rule?.properties?.description ?? ''),
    };
  }
  const alertBody = (a: FiredAlert) => ({ id: a.id, name: a.ruleName, type: 'Microsoft.AlertsManagement/alerts', properties: { essentials: essentials(a) } });

  function listAlerts(request: RouteRequest, reply: RouteReply, scope: string) {
    const q = request.url.searchParams;
    if (q.get('timeRange') && q.get('customTimeRange')) return reply.error(400, 'BadRequest', 'Use either timeRange or customTimeRange, not both.');
    const now = Date.now();
    let from: number;
    let to = Number.POSITIVE_INFINITY;
    const custom = q.get('customTimeRange');
    if (custom) {
      const [a, b] = custom.split('/');
      from = Date.parse(a ?? '');
      to = Date.parse(b ?? '');
      if (Number.isNaN(from) || Number.isNaN(to) || to < from) return reply.error(400, 'BadRequest', `customTimeRange '${custom}' is not <start-time>/<end-time> in ISO 8601.`);
    } else {
      const ranges: Record<string, number> = { '1h': 3_600_000, '1d': 86_400_000, '7d': 604_800_000, '30d': 2_592_000_000 };
      const range = q.get('timeRange') ?? '1d';
      if (!(range in ranges)) return reply.error(400, 'BadRequest', `timeRange '${range}' is not one of 1h, 1d, 7d, 30d.`);
      from = now - ranges[range]!;
    }
    const eq = (name: string, value: string) => {
      const want = q.get(name);
      return want === null || lc(want) === lc(value);
    };
    const matching = fired
      .filter((a) => within(a.targetResource || a.id, scope) || within(a.id, scope))
      .filter((a) => {
        const e = essentials(a);
        const t = Date.parse(a.firedAt);
        return t >= from && t <= to && eq('alertRule', a.ruleId) && eq('monitorCondition', a.monitorCondition) && eq('alertState', a.alertState) && eq('targetResourceGroup', e.targetResourceGroup) && eq('targetResource', a.targetResource) && eq('targetResourceType', typeOf(a.targetResource || a.id)) && eq('severity', a.severity) && eq('monitorService', e.monitorService);
      })
      .sort((x, y) => (essentials(y).lastModifiedDateTime as string).localeCompare(essentials(x).lastModifiedDateTime as string) || x.id.localeCompare(y.id));
    const asked = Number(q.get('pageCount') ?? 25);
    const size = Math.max(1, Math.min(Number.isFinite(asked) ? asked : 25, opts.alertsPageSize));
    const offset = Number(q.get('ctoken') ?? 0) || 0;
    const page = matching.slice(offset, offset + size);
    const body: Json = { value: page.map(alertBody) };
    if (offset + size < matching.length) {
      const next = new URL(`${endpoint()}${request.url.pathname}${request.url.search}`);
      next.searchParams.set('ctoken', String(offset + size));
      body.nextLink = next.toString();
    }
    reply.send(200, body);
  }

  function serveAlerts(request: RouteRequest, reply: RouteReply): boolean {
    const p = request.path;
    let m: RegExpExecArray | null;
    if ((m = P.alertList.exec(p))) {
      if (request.method !== 'GET') return reply.error(405, 'MethodNotAllowed', `${request.method} is not supported on alerts.`), true;
      return listAlerts(request, reply, m[1]!), true;
    }
    if ((m = P.alertChangeState.exec(p))) {
      const entry = drill.recovery?.record(request, 'alerts.changeState', 0);
      const a = fired.find((x) => lc(x.id.split('/').pop()!) === lc(m![2]!));
      const state = request.url.searchParams.get('newState') ?? '';
      if (request.method !== 'POST') return reply.error(405, 'MethodNotAllowed', `${request.method} is not supported on changestate.`), true;
      if (!a) return entry && Object.assign(entry, { status: 404, code: 'ResourceNotFound' }), reply.error(404, 'ResourceNotFound', `The alert '${m[2]}' was not found.`), true;
      if (!['New', 'Acknowledged', 'Closed'].includes(state)) return entry && Object.assign(entry, { status: 400, code: 'BadRequest' }), reply.error(400, 'BadRequest', `newState '${state}' is not New, Acknowledged or Closed.`), true;
      a.alertState = state as FiredAlert['alertState'];
      alertBodies.set(a.id, { lastModified: new Date().toISOString() });
      if (entry) entry.status = 200;
      return reply.send(200, alertBody(a)), true;
    }
    if ((m = P.alert.exec(p))) {
      if (request.method !== 'GET') return reply.error(405, 'MethodNotAllowed', `${request.method} is not supported on an alert.`), true;
      const a = fired.find((x) => lc(x.id.split('/').pop()!) === lc(m![2]!));
      return a ? reply.send(200, alertBody(a)) : reply.error(404, 'ResourceNotFound', `The alert '${m[2]}' was not found.`), true;
    }
    return false;
  }

  // ── alert processing rules ──

  function conditionHolds(c: Json, alert: { severity: string; ruleId: string; ruleName: string; targetResource: string; description: string; monitorService: string; signalType: string }): boolean {
    const value = (() => {
      switch (c.field as string) {
        case 'Severity': return alert.severity;
        case 'MonitorService': return alert.monitorService;
        case 'MonitorCondition': return 'Fired';
        case 'SignalType': return alert.signalType;
        case 'TargetResourceType': return alert.targetResource ? typeOf(alert.targetResource) : '';
        case 'TargetResource': return alert.targetResource;
        case 'TargetResourceGroup': return alert.targetResource.replace(/^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+).*$/i, '$1');
        case 'AlertRuleId': return alert.ruleId;
        case 'AlertRuleName': return alert.ruleName;
        case 'Description': return alert.description;
        default: return ''; // AlertContext: the played alerts carry no context
      }
    })();
    const v = lc(value);
    // A resource group may be named by its id or by its name.
    const equals = (x: string) => lc(x) === v || (c.field === 'TargetResourceGroup' && lc(x) === lc(rgOf(value)));
    const values = (c.values as string[]).map(String);
    switch (c.operator as string) {
      case 'Equals': return values.some(equals);
      case 'NotEquals': return !values.some(equals);
      case 'Contains': return values.some((x) => v.includes(lc(x)));
      default: return !values.some((x) => v.includes(lc(x)));
    }
  }
  function scheduleCovers(schedule: Json | undefined, at: Date): boolean {
    if (!schedule) return true;
    const zone = ianaZone(schedule.timeZone) ?? 'UTC';
    const local = wallClock(at, zone);
    if (typeof schedule.effectiveFrom === 'string' && local.stamp < schedule.effectiveFrom.slice(0, 19)) return false;
    if (typeof schedule.effectiveUntil === 'string' && local.stamp >= schedule.effectiveUntil.slice(0, 19)) return false;
    const recurrences = (schedule.recurrences as Json[] | undefined) ?? [];
    if (recurrences.length === 0) return true;
    return recurrences.some((r) => {
      const day = r.recurrenceType === 'Weekly' ? (r.daysOfWeek as string[]).includes(local.weekday) : r.recurrenceType === 'Monthly' ? (r.daysOfMonth as number[]).includes(local.day) : true;
      if (!day) return false;
      const start = (r.startTime as string | undefined) ?? '00:00:00';
      const end = (r.endTime as string | undefined) ?? '24:00:00';
      return start <= end ? local.time >= start && local.time < end : local.time >= start || local.time < end;
    });
  }

  function serveActionRules(request: RouteRequest, reply: RouteReply): boolean {
    const p = request.path;
    let m: RegExpExecArray | null;
    if (P.actionRuleList.test(p)) {
      if (request.method !== 'GET') return reply.error(405, 'MethodNotAllowed', `${request.method} is not supported on a list.`), true;
      const prefix = lc(p.replace(/\/providers\/Microsoft\.AlertsManagement\/actionRules$/i, ''));
      return reply.send(200, { value: [...rules.values()].filter((r) => within(r.id, prefix)) }), true;
    }
    if (!(m = P.actionRule.exec(p))) return false;
    const key = lc(p);
    const existing = rules.get(key);
    const notFound = () => reply.error(404, 'ResourceNotFound', `The alert processing rule '${m![3]}' was not found.`);
    switch (request.method) {
      case 'GET':
        return existing ? reply.send(200, existing) : notFound(), true;
      case 'DELETE': {
        const entry = drill.recovery?.record(request, 'apr.delete', existing ? 200 : 204);
        void entry;
        if (existing) {
          rules.delete(key);
          drill.arm?.store.delete(key);
          written(`DELETE ${p}`);
        }
        return reply.send(existing ? 200 : 204), true;
      }
      case 'PATCH': {
        const entry = drill.recovery?.record(request, 'apr.patch', 0);
        const body = parse(request.body);
        if (!existing) return entry && Object.assign(entry, { status: 404, code: 'ResourceNotFound' }), notFound(), true;
        const bad = !body || (body.properties !== undefined && (!isObject(body.properties) || (body.properties.enabled !== undefined && typeof body.properties.enabled !== 'boolean'))) || (body.tags !== undefined && !isObject(body.tags));
        if (bad) return entry && Object.assign(entry, { status: 400, code: 'InvalidRequestContent' }), reply.error(400, 'InvalidRequestContent', 'A patch is { properties: { enabled: true|false }, tags: {…} }.'), true;
        if (body!.properties?.enabled !== undefined) existing.properties.enabled = body!.properties.enabled;
        if (body!.tags !== undefined) existing.tags = body!.tags;
        existing.systemData = { ...existing.systemData, lastModifiedBy: 'azslo-test', lastModifiedAt: new Date().toISOString() };
        if (entry) entry.status = 200;
        return reply.send(200, existing), true;
      }
      case 'PUT': {
        const entry = drill.recovery?.record(request, 'apr.put', 0);
        const body = parse(request.body);
        const problem = body ? actionRuleProblem(body) : 'The request content is not a JSON object.';
        if (problem) return entry && Object.assign(entry, { status: 400, code: 'InvalidRequestContent' }), reply.error(400, 'InvalidRequestContent', problem), true;
        const stored: Json = { ...structuredClone(body!), id: existing?.id ?? p, name: m[3], type: 'Microsoft.AlertsManagement/actionRules', systemData: { createdBy: 'azslo-test', createdAt: '2026-11-30T00:00:00Z' } };
        stored.properties.enabled ??= true;
        rules.set(key, stored);
        drill.arm?.store.set(key, { id: stored.id, body: stored });
        written(`PUT ${p}`, request.url.searchParams.get('api-version'), body!);
        if (entry) entry.status = existing ? 200 : 201;
        return reply.send(existing ? 200 : 201, stored), true;
      }
      default:
        return reply.error(405, 'MethodNotAllowed', `${request.method} is not supported on an alert processing rule.`), true;
    }
  }

  // ── log queries ──

  function serveQuery(request: RouteRequest, reply: RouteReply): boolean {
    if (!P.query.test(request.path)) return false;
    let query: string | undefined;
    let timespan: string | undefined;
    if (request.method === 'POST') {
      const body = parse(request.body);
      if (!body) return reply.error(400, 'BadArgumentError', 'The request body is not a JSON object.'), true;
      query = typeof body.query === 'string' ? body.query : undefined;
      timespan = typeof body.timespan === 'string' ? body.timespan : undefined;
    } else if (request.method === 'GET') {
      query = request.url.searchParams.get('query') ?? undefined;
      timespan = request.url.searchParams.get('timespan') ?? undefined;
    } else return reply.error(405, 'MethodNotAllowed', `${request.method} is not supported on a query.`), true;
    const entry = request.method === 'POST' ? drill.recovery?.record(request, 'logs.query', 0) : undefined;
    if (!query || query.trim() === '') return entry && Object.assign(entry, { status: 400, code: 'BadArgumentError' }), reply.error(400, 'BadArgumentError', "The request had some invalid properties: 'query' is required."), true;
    asked.push({ query, timespan, at: new Date().toISOString() });
    const table = answer(query, timespan) ?? { columns: [], rows: [] };
    if (entry) entry.status = 200;
    return reply.send(200, { tables: [{ name: 'PrimaryResult', columns: table.columns, rows: table.rows }] }), true;
  }

  // ── plumbing ──

  function parse(raw: string): Json | undefined {
    try {
      const v: unknown = JSON.parse(raw || '{}');
      return isObject(v) ? v : undefined;
    } catch {
      return undefined;
    }
  }
  function principalFor(key: string): string {
    let h = 0;
    for (const c of key) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
    const hex = h.toString(16).padStart(8, '0');
    return `${hex}-0000-4000-8000-${hex}0000`;
  }
  /** Keeps the emulator's write bookkeeping (puts, written, writes) as for the built-in types. */
  function written(what: string, apiVersion?: string | null, body?: Json) {
    const arm = drill.arm;
    if (!arm) return;
    arm.writes++;
    arm.written.push(what);
    if (body && what.startsWith('PUT ')) arm.puts.set(lc(what.slice(4)), { apiVersion: apiVersion ?? '', body: structuredClone(body) });
  }

  const claims = (p: string) => Object.values(P).some((r) => r.test(p));
  const actionOf = (r: RouteRequest) => (P.experimentAction.test(r.path) ? `chaos.${lc(r.path.split('/').pop()!)}` : P.query.test(r.path) ? 'logs.query' : P.actionRule.test(r.path) ? `apr.${lc(r.method)}` : `${r.method} ${typeOf(r.path)}`);

  const route: Route = (request, reply, arm) => {
    drill.arm ??= arm;
    if (!claims(request.path)) return false;
    const serve = () => {
      if (drill.recovery && !drill.recovery.authorise(request, reply)) return;
      settle(Date.now(), true);
      if (!request.url.searchParams.get('api-version')) return reply.error(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
      if (serveChaos(request, reply) || serveAlerts(request, reply) || serveActionRules(request, reply) || serveQuery(request, reply)) return;
      reply.error(404, 'NotFound', `Nothing is played at ${request.path}.`);
    };
    if (drill.recovery) drill.recovery.intercept(request, reply, serve, request.method === 'GET' ? undefined : actionOf(request));
    else serve();
    return true;
  };

  const drill: Drill = {
    route,
    recovery: undefined,
    arm: undefined,
    onExperimentStart: (cb) => void startHooks.push(cb),
    onExperimentCancel: (cb) => void cancelHooks.push(cb),
    endExperiment(experimentId, status = 'Success') {
      settle();
      const e = running(experimentId);
      if (!e) throw new Error(`no execution of ${experimentId} is running`);
      stop(e, e.status === 'Cancelling' ? 'Cancelled' : status);
    },
    executions(experimentId) {
      settle();
      return executions.filter((e) => experimentId === undefined || lc(e.experimentId) === lc(experimentId)).map(view);
    },
    fireAlert(a) {
      const at = a.at ?? new Date();
      const rule = drill.arm?.store.get(lc(a.ruleId))?.body as Json | undefined;
      const ruleName = String(rule?.name ?? a.ruleId.split('/').pop() ?? '');
      const severity = sevOf(a.severity) ?? sevOf(rule?.properties?.severity) ?? 'Sev3';
      const targetResource = a.targetResource ?? String((rule?.properties?.scopes as string[] | undefined)?.[0] ?? '');
      const own = ruleActionGroups(rule) ?? a.actionGroups ?? [];
      const monitor = MONITOR[lc(typeOf(a.ruleId))] ?? { service: 'Platform', signal: 'Metric' };
      const facts = { severity, ruleId: a.ruleId, ruleName, targetResource, description: String(rule?.properties?.description ?? ''), monitorService: monitor.service, signalType: monitor.signal };
      const matched = [...rules.values()]
        .filter((r) => r.properties.enabled !== false)
        .filter((r) => (r.properties.scopes as string[]).some((s) => within(targetResource || a.ruleId, s)))
        .filter((r) => ((r.properties.conditions as Json[] | undefined) ?? []).every((c) => conditionHolds(c, facts)))
        .filter((r) => scheduleCovers(r.properties.schedule, at))
        .sort((x, y) => lc(x.id).localeCompare(lc(y.id)));
      const actions = matched.flatMap((r) => r.properties.actions as Json[]);
      const suppressed = actions.some((x) => x.actionType === 'RemoveAllActionGroups');
      const notified: string[] = [];
      if (!suppressed) for (const g of [...own, ...actions.flatMap((x) => (x.actionType === 'AddActionGroups' ? (x.actionGroupIds as string[]) : []))]) if (!notified.some((n) => lc(n) === lc(g))) notified.push(g);
      const sub = /^\/subscriptions\/([^/]+)/i.exec(targetResource || a.ruleId)?.[1] ?? '00000000-0000-0000-0000-000000000000';
      const alert: FiredAlert = { id: `/subscriptions/${sub}/providers/Microsoft.AlertsManagement/alerts/${randomUUID()}`, ruleId: a.ruleId, ruleName, severity, targetResource, firedAt: at.toISOString(), monitorCondition: 'Fired', alertState: 'New', resolvedAt: undefined, notified, processingRules: matched.map((r) => r.id as string), suppressed };
      fired.push(alert);
      return { ...alert, notified: [...notified], processingRules: [...alert.processingRules] };
    },
    resolveAlert(alertId, at = new Date()) {
      const a = fired.find((x) => lc(x.id) === lc(alertId) || lc(x.id.split('/').pop()!) === lc(alertId));
      if (!a) throw new Error(`no alert ${alertId}`);
      a.monitorCondition = 'Resolved';
      a.resolvedAt = at.toISOString();
    },
    alerts: () => fired.map((a) => ({ ...a, notified: [...a.notified], processingRules: [...a.processingRules] })),
    answerQueries(fn) {
      answer = fn;
    },
    queries: () => asked.map((q) => ({ ...q })),
    actionRules: () => new Map([...rules.entries()].map(([k, v]) => [k, structuredClone(v)])),
    chaosTargets: () => new Map([...targets.entries()].map(([k, v]) => [k, structuredClone(v)])),
  };
  return drill;
}

/**
 * The recovery emulator with the drill routes in front (and, with `jobs`, Automation jobs that run a runbook under the
 * real PowerShell, as test/commands/recover.test.ts wires them: `content(accountId, runbook)` gives the runbook's text).
 */
export async function startDrillEmulator(
  options: EmulatorOptions & { recovery?: RecoveryOptions; drill?: DrillRoutesOptions; jobs?: { content: (accountId: string, runbook: string) => string | undefined } } = {},
): Promise<{ arm: ArmEmulator; recovery: Recovery; drill: Drill; jobs: AutomationJobs | undefined }> {
  const { recovery: recoveryOptions, drill: drillOptions, jobs: jobOptions, ...emulatorOptions } = options;
  const recovery = createRecovery(recoveryOptions);
  const drill = createDrillRoutes(drillOptions);
  drill.recovery = recovery;
  let endpoint = '';
  const jobs = jobOptions ? automationJobs(jobOptions.content, () => recovery.env(), () => endpoint) : undefined;
  const arm = await startArmEmulator({ ...emulatorOptions, routes: [...(emulatorOptions.routes ?? []), drill.route, ...(jobs ? [jobs.route] : []), recovery.route] });
  endpoint = arm.endpoint;
  recovery.arm = arm;
  drill.arm = arm;
  return { arm, recovery, drill, jobs };
}
