import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { analyzeService } from '../analyze/index.js';
import { credentialFor, endpointFor } from '../apply/connect.js';
import { isoSeconds, parseDuration } from '../base/durations.js';
import { didYouMean } from '../base/edit-distance.js';
import { fact } from '../catalog/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { readJournal } from '../drill/journal.js';
import { renderDrillReport } from '../drill/render.js';
import { restoreDrill, runDrill, type DrillClock, type DrillInput } from '../drill/run.js';
import { serializeDrillReport, type DrillReport, type TimelineEvent } from '../drplan/drill-report.js';
import { buildRecoveryPlans, drillExperiments, runnerAccountId, type RecoveryPlan } from '../drplan/index.js';
import { drillDefaults, drillDue, nextDrill } from '../drplan/schedule.js';
import { generateFromServices } from '../generate/index.js';
import { drillSliCheckQuery } from '../kql/drill.js';
import { isPrometheusSlo, sloMeasures, type ServiceModel } from '../model/service.js';
import { stepResources, type Scenario } from '../recovery/index.js';
import { drillAlertRouting } from '../resources/chaos.js';
import { deployedAlertRules } from '../resources/deployed-alerts.js';
import type { Deployment } from '../resources/model.js';
import { loadAndValidate } from './validate.js';

export interface DrillConnectionOptions {
  readonly cloud?: string;
  readonly endpoint?: string;
  readonly credential?: import('@azure/core-auth').TokenCredential;
  readonly ca?: string;
  /** How often alerts, the experiment, the SLI and jobs are polled (default 15 s). */
  readonly pollMs?: number;
  /** Where reports go (default `drills`): `<out>/<service>/<scenario>/<time>-<id>.json|.md|.html`, the journal in `<out>/.journal/`. */
  readonly out?: string;
  readonly clock?: Partial<DrillClock>;
  readonly onEvent?: (event: TimelineEvent) => void;
  readonly onOutput?: (line: string) => void;
}

export interface DrillCommandOptions extends DrillConnectionOptions {
  /** The resource group the service was deployed to (its alert rules, processing rules, Automation account, experiments). */
  readonly resourceGroup: string;
  /** Default: the subscription of the service's workspace. */
  readonly subscription?: string;
  readonly service?: string;
  /** azslo durations (30m, 2h); default the spec's recovery.drill, else the catalog's. */
  readonly detectWithin?: string;
  readonly timeout?: string;
  /** Drill without recovery.drill.receivers: the service's alerts page on-call. */
  readonly pageOnCall?: boolean;
  /** Interrupts the drill (the CLI wires SIGINT and SIGTERM to it). */
  readonly signal?: AbortSignal;
  /** The drill's id (default a new UUID). */
  readonly id?: string;
  /** Drill only when the schedule says the plan is due now (recovery.drill.every and window; src/drplan/schedule.ts). */
  readonly ifDue?: boolean;
}

export type DrillCommandResult =
  | { readonly ok: true; readonly report: DrillReport; readonly files: readonly string[] }
  /** --if-due outside a due window: nothing was touched. */
  | { readonly ok: true; readonly report: undefined; readonly notDue: { readonly next: string } }
  | { readonly ok: false; readonly reason: 'invalid'; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly reason: 'usage' | 'azure' | 'write'; readonly message: string };

type DrillExperimentRef = { id: string; name: string; faults: { resource: string; urn: string }[] };

/**
 * The Chaos Studio experiment that simulates a plan's scenario, as generate deploys it in the service's resource group
 * (src/drplan/experiments.ts); none when no fault exists for the types involved — the plan's own planned steps are
 * then the disruption.
 */
export function experimentOf(service: ServiceModel, plan: RecoveryPlan, scenarios: readonly Scenario[], subscriptionId: string, resourceGroup: string): DrillExperimentRef | undefined {
  const e = drillExperiments(service, [plan], scenarios).find((x) => x.scenario === plan.scenario);
  if (!e || e.faults.length === 0) return undefined;
  return {
    id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Chaos/experiments/${e.name}`,
    name: e.name,
    faults: e.faults.map((f) => ({ resource: f.resource, urn: f.urn })),
  };
}

/** The alert processing rules that silence the service's alerts during a drill (deployed disabled), by id. */
export function drillRuleIdsOf(deployment: Deployment, service: ServiceModel, subscriptionId: string, resourceGroup: string): string[] {
  return drillAlertRouting(deployment, service).silence.map((name) => `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.AlertsManagement/actionRules/${name}`);
}

/**
 * The service's alert rules as the drill reads them: stateless ones (activity log alerts never resolve) block a drill
 * only while recent; the rules that tell people about plans and drills detect nothing.
 */
export function drillAlertRulesOf(deployment: Deployment, service: ServiceModel, subscriptionId: string, resourceGroup: string): DrillInput['alertRules'] {
  return deployedAlertRules(deployment, service.slug)
    .filter((r) => r.kind !== 'drill-announcement')
    .map((r) => ({
      // Alerts of a Prometheus rule group name the group as their rule.
      id: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${r.type}/${r.kind === 'burn-rate' && r.group ? r.group : r.name}`,
      name: r.name,
      stateless: r.type === 'Microsoft.Insights/activityLogAlerts',
      detects: r.kind !== 'plan-stopped',
    }));
}

/**
 * The SLO that tells the journey recovered: the one that triggers the plan (`slo/<name>/…`), else those of the
 * journeys through a resource the scenario touches, else the service's first availability SLO.
 */
export function drillSloOf(service: ServiceModel, plan: RecoveryPlan, scenario: Scenario): ServiceModel['slos'][number] | undefined {
  const byName = (n: string) => service.slos.find((s) => s.name === n);
  for (const t of plan.triggers) {
    const m = /^slo\/([^/]+)\//.exec(t);
    if (m && byName(m[1]!)) return byName(m[1]!);
  }
  const touched = new Set(scenario.steps.map((s) => s.resource.toLowerCase()));
  for (const j of service.architecture?.journeys ?? []) {
    if (!j.steps.flatMap(stepResources).some((r) => touched.has(r.toLowerCase()))) continue;
    const slo = (j.slos ?? []).map(byName).find((s) => s !== undefined && sloMeasures(s) === 'availability');
    if (slo) return slo;
  }
  return service.slos.find((s) => sloMeasures(s) === 'availability');
}

/** `<out>/<service>/<scenario-with-dashes>/<yyyymmddThhmmssZ>-<id first 8>` (without extension). */
export function reportBase(out: string, report: DrillReport): string {
  const stamp = report.startedAt.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  return path.join(out, report.service, report.scenario.replace(/\//g, '-'), `${stamp}-${report.id.slice(0, 8)}`);
}

async function writeReport(out: string, report: DrillReport): Promise<string[]> {
  const base = reportBase(out, report);
  await mkdir(path.dirname(base), { recursive: true });
  const files = [`${base}.json`, `${base}.md`, `${base}.html`];
  await writeFile(files[0]!, serializeDrillReport(report), 'utf8');
  await writeFile(files[1]!, renderDrillReport(report, 'markdown'), 'utf8');
  await writeFile(files[2]!, renderDrillReport(report, 'html'), 'utf8');
  return files;
}

/** The clock, polling and progress callbacks a drill and a restore share. */
const watching = (o: DrillConnectionOptions) => ({
  ...(o.clock ? { clock: o.clock } : {}),
  ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}),
  ...(o.onEvent ? { onEvent: o.onEvent } : {}),
  ...(o.onOutput ? { onOutput: o.onOutput } : {}),
});

async function connect(o: DrillConnectionOptions, subscriptionId: string) {
  const where = endpointFor(o.cloud ?? 'AzureCloud', o.endpoint);
  if (!where.ok) return { ok: false as const, message: where.message };
  const credential = o.credential ?? (await credentialFor(where.authorityHost));
  return { ok: true as const, connection: { credential, subscriptionId, endpoint: where.url, ...(o.ca ? { ca: o.ca } : {}) } };
}

const durationOption = (flag: string, text: string | undefined): number | undefined | string => {
  if (text === undefined) return undefined;
  const s = parseDuration(text);
  return s === undefined || s <= 0 ? `${flag} takes a duration such as 30m or 2h, not '${text}'` : s;
};

/**
 * `azslo drill`: runs one plan's drill end to end (runDrill) and writes its report as JSON, Markdown and HTML. A
 * refused drill writes its report too: a pipeline keeps the attempt.
 */
export async function drillCommand(inputs: readonly string[], scenarioId: string, options: DrillCommandOptions): Promise<DrillCommandResult> {
  const validation = await loadAndValidate(inputs);
  if (!validation.ok) return { ok: false, reason: 'invalid', diagnostics: validation.diagnostics };
  const generation = generateFromServices(validation.services);
  const known: string[] = [];
  const candidates = generation.services
    .filter((s) => options.service === undefined || s.name === options.service)
    .map((service) => {
      const analysis = analyzeService(service, generation.deployment);
      const scenario = analysis.recovery.scenarios.find((s) => s.id === scenarioId);
      const plans = buildRecoveryPlans(service, analysis.recovery.scenarios);
      known.push(...plans.map((p) => p.scenario));
      const plan = plans.find((p) => p.scenario === scenarioId);
      return { service, scenario, plan, scenarios: analysis.recovery.scenarios };
    })
    .filter((x) => x.plan && x.scenario);
  if (candidates.length === 0) return { ok: false, reason: 'usage', message: `no service${options.service ? ` '${options.service}'` : ''} has a recovery plan for '${scenarioId}'${didYouMean(scenarioId, known)} (recovery.plans in its spec; \`azslo analyze\` lists the scenarios)` };
  if (candidates.length > 1) return { ok: false, reason: 'usage', message: `several services have a plan for '${scenarioId}' (${candidates.map((c) => c.service.name).join(', ')}): name one with --service` };
  const { service, scenario, plan, scenarios } = candidates[0]!;
  const planSpec = service.recovery?.plans?.find((p) => p.scenario === scenarioId);
  if (planSpec?.drill === false) return { ok: false, reason: 'usage', message: `the plan ${scenarioId} of ${service.name} is not drilled (recovery.plans[].drill: false)` };
  const drillSpec = service.recovery?.drill;
  if (options.ifDue) {
    if (!drillSpec?.every || !drillSpec.window) return { ok: false, reason: 'usage', message: `--if-due needs recovery.drill.every and recovery.drill.window in the spec of ${service.name}: without them no drill is ever due` };
    const now = options.clock?.now?.() ?? new Date();
    if (!drillDue(drillSpec.every, drillSpec.window, now)) return { ok: true, report: undefined, notDue: { next: nextDrill(drillSpec.every, drillSpec.window, now).toISOString() } };
  }
  const detect = durationOption('--detect-within', options.detectWithin ?? drillSpec?.detectWithin);
  const timeout = durationOption('--timeout', options.timeout ?? drillSpec?.timeout);
  if (typeof detect === 'string') return { ok: false, reason: 'usage', message: detect };
  if (typeof timeout === 'string') return { ok: false, reason: 'usage', message: timeout };
  const subscriptionId = options.subscription ?? service.azure.workspace.split('/')[2]!;
  const c = await connect(options, subscriptionId);
  if (!c.ok) return { ok: false, reason: 'usage', message: c.message };
  const rg = options.resourceGroup;
  const chosen = drillSloOf(service, plan!, scenario!);
  // A Prometheus SLI has no KQL function to read from Logs: the drill says where to read it instead.
  const slo = chosen && !isPrometheusSlo(chosen) ? chosen : undefined;
  const windowSeconds = isoSeconds(fact('drill', 'sliCheckWindow'));
  const input: DrillInput = {
    ...(options.id ? { id: options.id } : {}),
    service: service.name,
    scenario: scenario!,
    plan: plan!,
    subscriptionId,
    resourceGroup: rg,
    account: runnerAccountId(service, subscriptionId, rg),
    alertRules: drillAlertRulesOf(generation.deployment, service, subscriptionId, rg),
    processingRules: drillRuleIdsOf(generation.deployment, service, subscriptionId, rg),
    receivers: (drillSpec?.receivers?.length ?? 0) > 0,
    pageOnCall: options.pageOnCall === true,
    experiment: experimentOf(service, plan!, scenarios, subscriptionId, rg),
    slo: slo ? { name: slo.name, objective: slo.objective, query: drillSliCheckQuery(slo, windowSeconds) } : undefined,
    ...(chosen && !slo ? { sliNote: `SLO '${chosen.name}' is a Prometheus SLI: the drill does not read it; read it in the Azure Monitor workspace ${service.azure.monitorWorkspace ?? ''} (azslo:sli_error:ratio_rate5m with azslo_slo="${chosen.name}")` } : {}),
    workspace: service.azure.workspace,
    detectWithinSeconds: detect ?? drillDefaults().detectWithinSeconds,
    timeoutSeconds: timeout ?? drillDefaults().timeoutSeconds,
    checkWindowSeconds: windowSeconds,
  };
  const out = options.out ?? 'drills';
  const report = await runDrill(input, {
    connection: c.connection,
    journalRoot: out,
    ...(options.signal ? { signal: options.signal } : {}),
    ...watching(options),
  });
  try {
    return { ok: true, report, files: await writeReport(out, report) };
  } catch (e) {
    return { ok: false, reason: 'write', message: `the drill ended ${report.outcome} but its report could not be written to ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

/** `azslo drill --restore <journal>`: finishes a drill whose process died, from its journal. */
export async function drillRestoreCommand(journalFile: string, options: DrillConnectionOptions): Promise<DrillCommandResult> {
  const read = await readJournal(journalFile);
  if (!read.ok) return { ok: false, reason: 'usage', message: read.message };
  const c = await connect(options, read.journal.subscriptionId);
  if (!c.ok) return { ok: false, reason: 'usage', message: c.message };
  // The reports go beside the journal's folder (`<out>/.journal/<id>.json` → `<out>`), unless told otherwise.
  const out = options.out ?? path.dirname(path.dirname(journalFile));
  const report = await restoreDrill(read.journal, {
    journal: journalFile,
    connection: c.connection,
    ...watching(options),
  });
  try {
    return { ok: true, report, files: await writeReport(out, report) };
  } catch (e) {
    return { ok: false, reason: 'write', message: `restored (${report.reason}) but the report could not be written to ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}
