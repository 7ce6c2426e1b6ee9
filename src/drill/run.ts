import { randomUUID } from 'node:crypto';
import { fact } from '../catalog/index.js';
import { humanDuration, isoSeconds } from '../base/durations.js';
import { followJob, jobClient, type FollowedJob, type JobClient } from '../apply/automation.js';
import type { GatewayOptions } from '../apply/arm.js';
import { apiVersion } from '../catalog/index.js';
import {
  DRILL_REPORT_VERSION,
  type DrillAlert,
  type DrillReport,
  type DrillStepResult,
  type ObjectiveResult,
  type RestoredItem,
  type SliCheck,
  type TimelineEvent,
  type TimelineKind,
} from '../drplan/drill-report.js';
import type { RecoveryPlan } from '../drplan/plans.js';
import type { Scenario } from '../recovery/index.js';
import { drillArm, runEnded, type DrillArm, type Json } from './arm.js';
import { deleteJournal, DRILL_JOURNAL_VERSION, journalPath, writeJournal, type DrillJournal } from './journal.js';

/**
 * One drill of a DR plan, start to end, as a library function: refuse during a real incident, journal every change,
 * announce (the drill's alert processing rules on, silencing the service's alerts for the drill's duration only), inject (the Chaos Studio
 * experiment, or the plan's own planned steps), measure the time to detect from the alerts API, run the plan's
 * Failover phase, watch the journey's SLI recover, end the disruption, run the Failback phase and put the processing
 * rules back as they were. An interruption (the signal), a failing step, a job that ends Failed or Stopped and the
 * overall timeout all take the same way out: cancel the experiment, fail back, restore — every item tried, each
 * recorded in the report's `restored`.
 */
export interface DrillInput {
  /** The drill's id (default a new UUID): the journal's name and the prefix of its jobs' names. */
  readonly id?: string;
  readonly service: string;
  readonly scenario: Scenario;
  readonly plan: RecoveryPlan;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  /** The Automation account that runs the plan's runbook. */
  readonly account: string;
  /**
   * The service's own alert rules, as deployed: a Fired one refuses the drill (a stateless one — an activity log alert,
   * which never resolves — only when it fired recently); the first of those that `detects` to fire is the detection.
   */
  readonly alertRules: readonly { readonly id: string; readonly name: string; readonly stateless: boolean; readonly detects: boolean }[];
  /** The alert processing rules that silence the service's alerts during the drill (deployed disabled). */
  readonly processingRules: readonly string[];
  /** Whether the spec names drill receivers (recovery.drill.receivers). */
  readonly receivers: boolean;
  /** Drill without receivers: the service's alerts page on-call as in an incident. */
  readonly pageOnCall: boolean;
  /** The Chaos Studio experiment that simulates the scenario; none: the Failover phase is the disruption. */
  readonly experiment: { readonly id: string; readonly name: string; readonly faults: readonly { readonly resource: string; readonly urn: string }[] } | undefined;
  /** The SLO whose SLI shows the journey recovered, with the query that reads it (one row of Good and Total). */
  readonly slo: { readonly name: string; readonly objective: number; readonly query: string } | undefined;
  /** Why the journey's SLO is not watched although one covers it (a Prometheus SLI, read in its Azure Monitor workspace). */
  readonly sliNote?: string;
  /** The Log Analytics workspace the SLI functions are saved in. */
  readonly workspace: string;
  readonly detectWithinSeconds: number;
  readonly timeoutSeconds: number;
  /** The SLI is judged over this last stretch of time. */
  readonly checkWindowSeconds: number;
}

export interface DrillClock {
  readonly now: () => Date;
  /** Waits; wakes early when the signal aborts. */
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface DrillOptions {
  readonly connection: GatewayOptions;
  /** Where the journal goes: `<journalRoot>/.journal/<id>.json`. */
  readonly journalRoot: string;
  /** Aborting it interrupts the drill: the drill then ends the disruption, fails back and restores. */
  readonly signal?: AbortSignal;
  readonly clock?: Partial<DrillClock>;
  /** How often the alerts, the experiment's run and the SLI are polled (default 15 s). */
  readonly pollMs?: number;
  /** How often a job is polled (default pollMs). */
  readonly jobPollMs?: number;
  /** Each timeline event as it happens. */
  readonly onEvent?: (event: TimelineEvent) => void;
  /** Each line the runbook writes. */
  readonly onOutput?: (line: string) => void;
  /** For tests: clients other than the ones built from `connection`. */
  readonly clients?: { readonly arm?: DrillArm; readonly jobs?: JobClient };
}

const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** Why the drill takes the way out: an interruption, a failing step or job, the timeout. */
class DrillAbort extends Error {}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const seconds = (from: string | Date, to: string | Date): number => Math.round((new Date(to).getTime() - new Date(from).getTime()) / 100) / 10;
const iso = (d: Date): string => d.toISOString();
/** An alert processing rule's schedule time: yyyy-MM-ddTHH:mm:ss in the rule's time zone (UTC here). */
const scheduleTime = (d: Date): string => d.toISOString().slice(0, 19);
const lower = (s: string) => s.toLowerCase();

interface StepLine {
  step?: number;
  resource?: string;
  mechanism?: string;
  mode?: string;
  start?: string;
  end?: string;
  result?: string;
  lag?: number | null;
  message?: string | null;
}

/** A runbook's time (PowerShell's round-trip format, ticks and offset) in the report's form, UTC to the millisecond. */
const utc = (text: string): string => (Number.isNaN(Date.parse(text)) ? text : new Date(text).toISOString());

/** The runbook's step lines of one phase as report steps, with the catalog's estimate beside each. */
function stepsOf(output: readonly string[], scenario: Scenario | undefined, mode: 'drill' | 'failback'): DrillStepResult[] {
  const out: DrillStepResult[] = [];
  for (const line of output) {
    let x: StepLine;
    try {
      x = JSON.parse(line) as StepLine;
    } catch {
      continue;
    }
    if (!x || typeof x !== 'object' || !x.step || x.mode !== mode || !x.start || !x.end) continue;
    const planned = scenario?.steps.find((s) => s.order === x.step);
    out.push({
      order: x.step,
      resource: x.resource ?? planned?.resource ?? '',
      mechanism: x.mechanism ?? planned?.mechanism ?? '',
      mode,
      result: x.result ?? 'unknown',
      start: utc(x.start),
      end: utc(x.end),
      seconds: seconds(x.start, x.end),
      estimatedSeconds: planned?.durationSeconds,
      lagSeconds: typeof x.lag === 'number' ? x.lag : undefined,
      message: x.message ?? undefined,
    });
  }
  return out;
}

/** The estimate of the recovery itself: the scenario's total without the time to detect. */
function recoveryEstimate(scenario: Scenario): number | undefined {
  if (scenario.totalSeconds === undefined) return undefined;
  return scenario.totalSeconds - (scenario.shape === 'together' ? (scenario.detection?.seconds ?? 0) : 0);
}

function objective(target: number | undefined, measured: number | undefined, what: string, targetName: string): ObjectiveResult {
  if (measured === undefined) return { targetSeconds: target, measuredSeconds: undefined, status: 'unmeasured', reason: `${what}: not measured` };
  if (target === undefined) return { targetSeconds: undefined, measuredSeconds: measured, status: 'unmeasured', reason: `${what} in ${humanDuration(measured)}; no ${targetName} to compare with` };
  return {
    targetSeconds: target,
    measuredSeconds: measured,
    status: measured <= target ? 'pass' : 'fail',
    reason: `${what} in ${humanDuration(measured)}, ${targetName} ${humanDuration(target)}${measured > target ? `: ${humanDuration(measured - target)} over` : ''}`,
  };
}

const unmeasured = (target: number | undefined, reason: string): ObjectiveResult => ({ targetSeconds: target, measuredSeconds: undefined, status: 'unmeasured', reason });

/** The report as it stands before anything ran; the drill fills it in. */
function draft(input: DrillInput, id: string, startedAt: string): Mutable<DrillReport> & { timeline: TimelineEvent[]; restored: RestoredItem[] } {
  const s = input.scenario;
  return {
    apiVersion: DRILL_REPORT_VERSION,
    id,
    service: input.service,
    scenario: s.id,
    title: s.title,
    runbook: input.plan.runbook,
    startedAt,
    endedAt: startedAt,
    outcome: 'refused',
    reason: '',
    injection: { by: input.experiment ? 'chaos' : 'plan', experiment: input.experiment?.id, faults: input.experiment?.faults ?? [], startedAt: undefined, endedAt: undefined, cancelled: false },
    detection: { ...unmeasured(s.detection?.seconds, 'not reached'), alerts: [], waitedSeconds: 0 },
    recovery: { ...unmeasured(recoveryEstimate(s), 'not reached'), job: undefined, jobStatus: undefined, steps: [] },
    dataLoss: unmeasured(s.rpo?.targetSeconds, 'not reached'),
    endToEnd: unmeasured(s.rto?.targetSeconds, 'not reached'),
    sli: { slo: input.slo?.name, objective: input.slo?.objective, status: 'not-checked', recoveredAt: undefined, checks: [] },
    failback: { job: undefined, status: undefined, steps: [] },
    restored: [],
    timeline: [],
  };
}

/** The faults a deployed experiment injects: each action's fault URN on each target of its selector. */
export function faultsOfExperiment(body: Json): { resource: string; urn: string }[] {
  const props = (body.properties ?? {}) as { selectors?: { id?: string; targets?: { id?: string }[] }[]; steps?: { branches?: { actions?: { name?: string; type?: string; selectorId?: string }[] }[] }[] };
  const selectors = new Map((props.selectors ?? []).map((s) => [s.id ?? '', s.targets ?? []]));
  const out: { resource: string; urn: string }[] = [];
  for (const step of props.steps ?? []) {
    for (const branch of step.branches ?? []) {
      for (const action of branch.actions ?? []) {
        if (!action.name || !action.selectorId) continue; // a delay has no targets
        for (const t of selectors.get(action.selectorId) ?? []) {
          if (t.id) out.push({ resource: t.id.replace(/\/providers\/Microsoft\.Chaos\/targets\/[^/]+$/i, ''), urn: action.name });
        }
      }
    }
  }
  return out;
}

export async function runDrill(input: DrillInput, options: DrillOptions): Promise<DrillReport> {
  const now = options.clock?.now ?? (() => new Date());
  const sleep = options.clock?.sleep ?? realSleep;
  const pollMs = options.pollMs ?? 15_000;
  const signal = options.signal;
  const arm = options.clients?.arm ?? drillArm(options.connection);
  const jobs = options.clients?.jobs ?? jobClient(options.connection, apiVersion('Microsoft.Automation/automationAccounts'));
  const id = input.id ?? randomUUID();
  const start = now();
  const deadline = start.getTime() + input.timeoutSeconds * 1000;
  const report = draft(input, id, iso(start));
  const event = (kind: TimelineKind, text: string) => {
    const e: TimelineEvent = { at: iso(now()), kind, text };
    report.timeline.push(e);
    options.onEvent?.(e);
  };
  const finish = (): DrillReport => {
    report.endedAt = iso(now());
    event('end', `${report.outcome}: ${report.reason}`);
    return report;
  };
  /** The SLI over the last check window, through the workspace's log query. */
  const readSli = async (query: string): Promise<SliCheck> => {
    const table = (await arm.query(input.workspace, query, `PT${input.checkWindowSeconds}S`))[0];
    const col = (name: string) => table?.columns.findIndex((c) => c.name === name) ?? -1;
    const row = table?.rows[0];
    return { at: iso(now()), good: Number(row?.[col('Good')] ?? 0) || 0, total: Number(row?.[col('Total')] ?? 0) || 0 };
  };
  const meets = (c: SliCheck, objectivePercent: number) => c.total > 0 && (100 * c.good) / c.total >= objectivePercent;
  const ratioText = (c: SliCheck) => (c.total > 0 ? `${((100 * c.good) / c.total).toFixed(3)} %` : 'no traffic');
  const ruleIds = new Set(input.alertRules.map((r) => lower(r.id)));
  const detecting = new Set(input.alertRules.filter((r) => r.detects).map((r) => lower(r.id)));
  const stateless = new Set(input.alertRules.filter((r) => r.stateless).map((r) => lower(r.id)));
  const statelessHorizonMs = isoSeconds(fact('drill', 'statelessAlertHorizon')) * 1000;
  const ruleName = (id: string) => input.alertRules.find((r) => lower(r.id) === lower(id))?.name ?? id.split('/').pop() ?? id;
  const refuse = (reason: string): DrillReport => {
    report.outcome = 'refused';
    report.reason = reason;
    for (const r of input.processingRules) report.restored.push({ what: r, kind: 'alert-processing-rule', status: 'not-needed', detail: 'the drill never started: nothing changed' });
    return finish();
  };

  // (a) Refuse what would be unsafe, before changing anything: paging on-call unasked, a real incident, a missing piece.
  if (input.processingRules.length === 0 && !input.pageOnCall) {
    return refuse(input.receivers
      ? 'no alert processing rule silences the service\'s alerts during a drill: deploy the specs (azslo apply) first'
      : 'the spec names no drill receivers (recovery.drill.receivers): the service\'s alerts would page on-call during the drill; add receivers, or pass --page-on-call to drill with on-call told');
  }
  try {
    const active = (await arm.alerts(input.subscriptionId, { timeRange: fact('drill', 'alertsLookbackRange'), monitorCondition: 'Fired' }))
      .filter((a) => ruleIds.has(lower(a.rule)) && a.monitorCondition === 'Fired' && a.alertState !== 'Closed')
      .filter((a) => !stateless.has(lower(a.rule)) || now().getTime() - Date.parse(a.firedAt) < statelessHorizonMs);
    if (active.length) {
      const names = [...new Set(active.map((a) => ruleName(a.rule)))].sort();
      return refuse(`a real incident may be under way: ${names.join(', ')} ${names.length === 1 ? 'has' : 'have'} an alert Fired and not Closed (since ${active.map((a) => a.firedAt).sort()[0]}); drill once it is resolved or closed`);
    }
    const originals: { id: string; body: Json }[] = [];
    for (const r of input.processingRules) {
      const body = await arm.getProcessingRule(r);
      if (!body) return refuse(`the alert processing rule ${r} does not exist: deploy the specs (azslo apply) first`);
      originals.push({ id: r, body });
    }
    if (input.experiment) {
      const exp = await arm.getExperiment(input.experiment.id);
      if (!exp) return refuse(`the Chaos Studio experiment ${input.experiment.id} does not exist: deploy the specs (azslo apply) first`);
      if (report.injection.faults.length === 0) report.injection = { ...report.injection, faults: faultsOfExperiment(exp) };
      const running = (await arm.executions(input.experiment.id)).find((x) => !runEnded(x.status));
      if (running) return refuse(`the experiment ${input.experiment.name} is already running (run ${running.id}, since ${running.startedAt ?? 'unknown'}): another drill may be under way`);
    }
    return await drill(originals);
  } catch (e) {
    // Only reads ran before the journal: nothing to undo.
    return refuse(`could not check the service before the drill: ${(e as Error).message}`);
  }

  async function drill(originals: { id: string; body: Json }[]): Promise<DrillReport> {
    // (b) The journal, before the first change.
    const file = journalPath(options.journalRoot, id);
    const journal: DrillJournal = {
      apiVersion: DRILL_JOURNAL_VERSION,
      id,
      service: input.service,
      scenario: input.scenario.id,
      title: input.scenario.title,
      runbook: input.plan.runbook,
      account: input.account,
      subscriptionId: input.subscriptionId,
      resourceGroup: input.resourceGroup,
      startedAt: report.startedAt,
      experiment: undefined,
      rules: originals.map((o) => ({ id: o.id, original: o.body, changed: false })),
      failover: undefined,
      failback: undefined,
      undo: [
        ...originals.map((o) => `put the alert processing rule ${o.id} back as saved here (rules[].original)`),
        ...(input.experiment ? [`cancel the experiment ${input.experiment.id} if it runs (POST …/cancel)`] : []),
        `run the runbook ${input.plan.runbook} with -Drill -DrillPhase Failback`,
      ],
    };
    const save = () => writeJournal(file, journal);
    await save();
    let failoverRun: FollowedJob | undefined;
    const guard = () => {
      if (signal?.aborted) throw new DrillAbort(`interrupted: ${String(signal.reason instanceof Error ? signal.reason.message : (signal.reason ?? 'aborted'))}`);
      if (now().getTime() > deadline) throw new DrillAbort(`timeout: the drill took longer than ${humanDuration(input.timeoutSeconds)}`);
    };
    const wait = () => sleep(pollMs, signal);

    let aborted: string | undefined;
    try {
      // (c) Announce: the processing rules on, for the drill's time only, so they end by themselves if azslo dies.
      const until = new Date(deadline);
      for (const [i, o] of originals.entries()) {
        const p = (o.body.properties ?? {}) as Json;
        // A one-off window: the rule's own recurrences (if any) would narrow it.
        const schedule = { effectiveFrom: scheduleTime(now()), effectiveUntil: scheduleTime(until), timeZone: fact('drill', 'processingRuleTimeZone') };
        journal.rules[i]!.changed = true; // before the call: a PUT that went through and a kill after it is still undone
        await save();
        await arm.putProcessingRule(o.id, { location: o.body.location ?? 'Global', ...(o.body.tags ? { tags: o.body.tags } : {}), properties: { ...p, enabled: true, schedule } });
        event('announce', `alert processing rule ${o.id.split('/').pop()} on until ${iso(until)}: the service's alerts page nobody; the drill's receivers are told it started`);
      }
      if (originals.length === 0) event('announce', 'no drill receivers: the service\'s alerts page on-call (--page-on-call)');
      guard();

      // (d) Inject.
      let injectedAt: string;
      if (input.experiment) {
        journal.experiment = { id: input.experiment.id, started: true };
        await save();
        injectedAt = iso(now());
        await arm.startExperiment(input.experiment.id);
        report.injection = { ...report.injection, startedAt: injectedAt };
        event('inject', `experiment ${input.experiment.name} started${report.injection.faults.length ? `: ${[...new Set(report.injection.faults.map((f) => f.urn))].join(', ')}` : ''}`);
      } else {
        injectedAt = iso(now());
        report.injection = { ...report.injection, startedAt: injectedAt };
        event('inject', 'no Chaos Studio fault for this scenario: the plan\'s planned failover is the disruption');
      }
      guard();

      // (e) Detect: the service's own alerts, fired at or after the injection.
      if (input.experiment) {
        const waitFrom = now();
        let first: DrillAlert | undefined;
        for (;;) {
          guard();
          const fired = (await arm.alerts(input.subscriptionId, { customTimeRange: `${injectedAt}/${iso(now())}` }))
            .filter((a) => detecting.has(lower(a.rule)) && a.firedAt !== '' && Date.parse(a.firedAt) >= Date.parse(injectedAt))
            .sort((a, b) => Date.parse(a.firedAt) - Date.parse(b.firedAt));
          if (fired.length) {
            report.detection = { ...report.detection, alerts: fired.map((a) => ({ rule: ruleName(a.rule), severity: a.severity, firedAt: a.firedAt })) };
            first = report.detection.alerts[0];
            break;
          }
          if (seconds(waitFrom, now()) >= input.detectWithinSeconds) break;
          await wait();
        }
        const waited = seconds(waitFrom, now());
        const target = input.scenario.detection?.seconds;
        if (first) {
          const measured = seconds(injectedAt, first.firedAt);
          report.detection = { ...report.detection, ...objective(target, measured, `detected by ${first.rule}`, 'estimate'), waitedSeconds: waited };
          event('detect', `${first.rule} fired after ${humanDuration(measured)}`);
        } else {
          report.detection = { ...report.detection, targetSeconds: target, measuredSeconds: undefined, status: 'fail', reason: `no alert of the service within ${humanDuration(input.detectWithinSeconds)}`, waitedSeconds: waited };
          event('detect', `no alert within ${humanDuration(input.detectWithinSeconds)}`);
        }
      } else {
        report.detection = { ...report.detection, ...unmeasured(input.scenario.detection?.seconds, 'the plan\'s own planned failover was the disruption: the service stays healthy to its alerts until it runs, so there was no outage to detect and time'), waitedSeconds: 0 };
      }
      guard();

      // The journey during the disruption: one reading before the plan runs, so the report shows whether the
      // disruption reached the journey at all (an experiment that hurts nothing proves little).
      if (input.slo && input.experiment) {
        const reading = await readSli(input.slo.query);
        report.sli = { ...report.sli, checks: [reading], degraded: !meets(reading, input.slo.objective) };
        event('sli', `${input.slo.name} during the disruption: ${ratioText(reading)} over the last ${humanDuration(input.checkWindowSeconds)}${meets(reading, input.slo.objective) ? ` — at or above its objective of ${input.slo.objective} %: the disruption did not reach the journey's SLI` : ` (objective ${input.slo.objective} %)`}`);
      }

      // (f) Recover: the plan's Failover phase.
      // The Failover job is named by the drill's id (the report's `id`), the Failback job by a new UUID.
      const job = id;
      journal.failover = { job };
      await save();
      const jobStart = iso(now());
      report.recovery = { ...report.recovery, job };
      event('recover', `job ${job}: ${input.plan.runbook} -Drill -DrillPhase Failover`);
      await jobs.start(input.account, job, input.plan.runbook, { Drill: 'True', DrillPhase: 'Failover' });
      // A running Failover job is followed to its end even when interrupted: failing back while it still moves
      // resources would race it. Its steps have their own timeouts.
      failoverRun = await followJob(jobs, input.account, job, { pollMs: options.jobPollMs ?? pollMs, sleep: (ms) => sleep(ms), ...(options.onOutput ? { onOutput: options.onOutput } : {}) });
      const steps = stepsOf(failoverRun.output, input.scenario, 'drill');
      const firstStart = steps.map((s) => s.start).sort()[0] ?? jobStart;
      const lastEnd = steps.map((s) => s.end).sort().pop() ?? iso(now());
      const measured = seconds(firstStart, lastEnd);
      report.recovery = { ...report.recovery, ...objective(recoveryEstimate(input.scenario), measured, 'recovered', 'estimate'), jobStatus: failoverRun.status, steps };
      const lags = steps.map((s) => s.lagSeconds).filter((x): x is number => x !== undefined);
      report.dataLoss = lags.length
        ? objective(input.scenario.rpo?.targetSeconds, Math.max(...lags), 'replication lag at failover', 'RPO')
        : unmeasured(input.scenario.rpo?.targetSeconds, 'no step read a replication lag: a drill takes the planned failovers, which wait for replication and lose nothing');
      const failed = steps.find((s) => s.result === 'failed' || s.result === 'refused' || s.result === 'blocked');
      if (failed) {
        report.recovery = { ...report.recovery, status: 'fail', reason: `step ${failed.order} (${failed.resource}, ${failed.mechanism}) ${failed.result}: ${failed.message ?? ''}`.trim() };
        throw new DrillAbort(`step ${failed.order} of the Failover phase ${failed.result} (${failed.resource}: ${failed.message ?? 'no message'})`);
      }
      if (failoverRun.status !== 'Completed') {
        report.recovery = { ...report.recovery, status: 'fail', reason: `the Failover job ended ${failoverRun.status}${failoverRun.exception ? `: ${failoverRun.exception}` : ''}` };
        throw new DrillAbort(`the Failover job ended ${failoverRun.status}${failoverRun.exception ? ` (${failoverRun.exception})` : ''}`);
      }
      event('recover', `Failover phase ${failoverRun.status} in ${humanDuration(measured)}`);
      guard();

      // (g) The journey's SLI back at its objective.
      if (input.slo) {
        const slo = input.slo;
        const checks: SliCheck[] = [...report.sli.checks];
        for (;;) {
          guard();
          const reading = await readSli(slo.query);
          checks.push(reading);
          report.sli = { ...report.sli, checks: [...checks] };
          if (meets(reading, slo.objective)) {
            report.sli = { ...report.sli, status: 'recovered', recoveredAt: reading.at };
            event('sli', `${slo.name} at ${ratioText(reading)} over the last ${humanDuration(input.checkWindowSeconds)} (objective ${slo.objective} %)`);
            break;
          }
          report.sli = { ...report.sli, status: 'not-recovered' };
          await wait();
        }
      } else {
        event('sli', input.sliNote ?? 'no availability SLO covers the scenario\'s resources: the journey was not checked');
      }
    } catch (e) {
      aborted = e instanceof DrillAbort ? e.message : `an Azure call failed: ${(e as Error).message}`;
      event('abort', `${aborted}: ending the disruption, failing back and restoring`);
    }

    // End-to-end: disruption start → the SLI back at its objective.
    const rto = input.scenario.rto?.targetSeconds;
    if (report.sli.recoveredAt && report.injection.startedAt) report.endToEnd = objective(rto, seconds(report.injection.startedAt, report.sli.recoveredAt), 'the journey recovered', 'RTO');
    else if (input.slo) report.endToEnd = { targetSeconds: rto, measuredSeconds: undefined, status: report.injection.startedAt ? 'fail' : 'unmeasured', reason: report.injection.startedAt ? 'the journey\'s SLI did not recover during the drill' : 'the drill ended before the disruption started' };
    else report.endToEnd = unmeasured(rto, 'no SLO to tell when the journey recovered');

    // (h)–(j) The way out, taken in every case: every item tried, none hiding another's failure.
    await windDown(journal, { arm, jobs, save, now, sleep, pollMs, jobPollMs: options.jobPollMs ?? pollMs, event, onOutput: options.onOutput }, report, input.scenario);
    const restoreFailed = report.restored.some((r) => r.status === 'failed');
    if (!restoreFailed) await deleteJournal(file);
    else event('restore', `not everything was restored: the journal ${file} is kept (azslo drill --restore ${file} tries again)`);

    if (aborted) {
      report.outcome = 'aborted';
      report.reason = `${aborted}${restoreFailed ? '; NOT everything was restored, see restored' : '; failed back and restored'}`;
    } else {
      const objectives = { detection: report.detection, recovery: report.recovery, 'data loss': report.dataLoss, 'end to end': report.endToEnd };
      const failedOnes = Object.entries(objectives).filter(([, o]) => o.status === 'fail').map(([k]) => k);
      const failback = report.failback.status !== 'Completed' ? ['failback'] : [];
      const all = [...failedOnes, ...failback, ...(restoreFailed ? ['restore'] : [])];
      report.outcome = all.length ? 'failed' : 'passed';
      report.reason = all.length ? `failed on ${all.join(', ')}: ${[...failedOnes.map((k) => objectives[k as keyof typeof objectives].reason), ...(failback.length ? [`the Failback job ended ${report.failback.status ?? 'unstarted'}`] : [])].join('; ')}` : 'every objective met, failed back and restored';
    }
    return finish();
  }
}

interface WindDownContext {
  readonly arm: DrillArm;
  readonly jobs: JobClient;
  readonly save: () => Promise<void>;
  readonly now: () => Date;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly pollMs: number;
  readonly jobPollMs: number;
  readonly event: (kind: TimelineKind, text: string) => void;
  readonly onOutput: ((line: string) => void) | undefined;
}

/**
 * Ends the disruption, fails back and puts the processing rules back, from what the journal says was changed — the
 * end of every drill and the whole of `--restore`. Not interruptible: the signal is not consulted here.
 */
async function windDown(journal: DrillJournal, c: WindDownContext, report: Mutable<DrillReport> & { restored: RestoredItem[] }, scenario: Scenario | undefined): Promise<void> {
  // (h) The experiment: cancelled if it still runs, and waited for until Cancelled.
  if (journal.experiment?.started) {
    const exp = journal.experiment.id;
    try {
      const run = (await c.arm.executions(exp))[0];
      if (run && !runEnded(run.status)) {
        await c.arm.cancelExperiment(exp);
        let status = run.status;
        for (let i = 0; i < 240; i++) {
          const r = (await c.arm.executions(exp)).find((x) => x.id === run.id) ?? run;
          status = r.status;
          if (runEnded(status)) break;
          await c.sleep(c.pollMs);
        }
        report.injection = { ...report.injection, cancelled: true, endedAt: iso(c.now()) };
        if (lower(status) === 'cancelled') report.restored.push({ what: exp, kind: 'experiment', status: 'restored', detail: `run ${run.id} cancelled` });
        else report.restored.push({ what: exp, kind: 'experiment', status: 'failed', detail: `cancel asked, but run ${run.id} is ${status}: cancel it in the portal (Chaos Studio → Experiments) or POST ${exp}/cancel` });
        c.event('restore', `experiment ${exp.split('/').pop()} cancelled`);
      } else {
        report.injection = { ...report.injection, endedAt: run?.stoppedAt ?? iso(c.now()) };
        report.restored.push({ what: exp, kind: 'experiment', status: 'not-needed', detail: run ? `run ${run.id} had ended by itself (${run.status})` : 'no run found' });
      }
    } catch (e) {
      report.restored.push({ what: exp, kind: 'experiment', status: 'failed', detail: `${(e as Error).message}: cancel it in the portal (Chaos Studio → Experiments) or POST ${exp}/cancel` });
    }
  } else if (report.injection.by === 'chaos' && report.injection.experiment) {
    report.restored.push({ what: report.injection.experiment, kind: 'experiment', status: 'not-needed', detail: 'never started' });
  }

  // (i) Fail back what the Failover phase changed; a running Failover job is waited for first.
  if (journal.failover) {
    const what = `${journal.runbook} (Failback phase)`;
    try {
      const before = await c.jobs.status(journal.account, journal.failover.job).catch(() => undefined);
      if (before && !['Completed', 'Failed', 'Stopped', 'Suspended'].includes(before.status)) {
        c.event('failback', `waiting for job ${journal.failover.job} to end before failing back`);
        await followJob(c.jobs, journal.account, journal.failover.job, { pollMs: c.jobPollMs, sleep: (ms) => c.sleep(ms) });
      }
      // A job name is used once: a second attempt (--restore after a failed failback) starts a new job.
      const name = randomUUID();
      journal.failback = { job: name, status: undefined };
      await c.save();
      c.event('failback', `job ${name}: ${journal.runbook} -Drill -DrillPhase Failback`);
      await c.jobs.start(journal.account, name, journal.runbook, { Drill: 'True', DrillPhase: 'Failback' });
      const run = await followJob(c.jobs, journal.account, name, { pollMs: c.jobPollMs, sleep: (ms) => c.sleep(ms), ...(c.onOutput ? { onOutput: c.onOutput } : {}) });
      journal.failback.status = run.status;
      await c.save();
      const steps = stepsOf(run.output, scenario, 'failback');
      report.failback = { job: name, status: run.status, steps };
      const failed = steps.filter((s) => s.result === 'failed');
      if (run.status === 'Completed' && failed.length === 0) report.restored.push({ what, kind: 'failback', status: 'restored', detail: `job ${name} Completed: ${steps.filter((s) => s.result === 'done').map((s) => s.resource).join(', ') || 'nothing needed failing back'}` });
      else report.restored.push({ what, kind: 'failback', status: 'failed', detail: `job ${name} ended ${run.status}${failed.length ? ` (${failed.map((s) => `${s.resource}: ${s.message ?? 'failed'}`).join('; ')})` : run.exception ? ` (${run.exception})` : ''}: run ${journal.runbook} again with -Drill -DrillPhase Failback (azslo drill --restore <journal>), or fail back by hand` });
      c.event('failback', `Failback phase ${run.status}`);
    } catch (e) {
      report.restored.push({ what, kind: 'failback', status: 'failed', detail: `${(e as Error).message}: run ${journal.runbook} with -Drill -DrillPhase Failback (azslo drill --restore <journal>)` });
    }
  } else {
    report.restored.push({ what: `${journal.runbook} (Failback phase)`, kind: 'failback', status: 'not-needed', detail: 'the Failover phase never started' });
  }

  // (j) The processing rules exactly as they were.
  for (const r of journal.rules) {
    if (!r.changed) {
      report.restored.push({ what: r.id, kind: 'alert-processing-rule', status: 'not-needed', detail: 'never changed' });
      continue;
    }
    try {
      const o = r.original;
      await c.arm.putProcessingRule(r.id, { location: o.location ?? 'Global', ...(o.tags ? { tags: o.tags } : {}), properties: o.properties ?? {} });
      r.changed = false;
      await c.save();
      const enabled = (o.properties as { enabled?: boolean } | undefined)?.enabled;
      report.restored.push({ what: r.id, kind: 'alert-processing-rule', status: 'restored', detail: `put back as it was (enabled: ${String(enabled ?? true)})` });
      c.event('restore', `alert processing rule ${r.id.split('/').pop()} put back`);
    } catch (e) {
      report.restored.push({ what: r.id, kind: 'alert-processing-rule', status: 'failed', detail: `${(e as Error).message}: it switches itself off at the end of its schedule; to do it now, disable it (PATCH properties.enabled false) or run azslo drill --restore <journal>` });
    }
  }
}

export interface RestoreOptions extends Omit<DrillOptions, 'journalRoot' | 'signal'> {
  /** The journal file. */
  readonly journal: string;
}

/**
 * Finishes a drill whose process died, from its journal: cancels the experiment if it still runs, runs the Failback
 * phase if the Failover phase started, puts the processing rules back; the report says what was restored.
 */
export async function restoreDrill(journal: DrillJournal, options: RestoreOptions): Promise<DrillReport> {
  const now = options.clock?.now ?? (() => new Date());
  const sleep = options.clock?.sleep ?? realSleep;
  const pollMs = options.pollMs ?? 15_000;
  const arm = options.clients?.arm ?? drillArm(options.connection);
  const jobs = options.clients?.jobs ?? jobClient(options.connection, apiVersion('Microsoft.Automation/automationAccounts'));
  const startedAt = iso(now());
  const unknown = (reason: string): ObjectiveResult => ({ targetSeconds: undefined, measuredSeconds: undefined, status: 'unmeasured', reason });
  const report: Mutable<DrillReport> & { timeline: TimelineEvent[]; restored: RestoredItem[] } = {
    apiVersion: DRILL_REPORT_VERSION,
    id: journal.id,
    service: journal.service,
    scenario: journal.scenario,
    title: journal.title,
    runbook: journal.runbook,
    startedAt: journal.startedAt,
    endedAt: startedAt,
    outcome: 'aborted',
    reason: '',
    injection: { by: journal.experiment ? 'chaos' : 'plan', experiment: journal.experiment?.id, faults: [], startedAt: undefined, endedAt: undefined, cancelled: false },
    detection: { ...unknown('the drill was interrupted; its measurements were lost with its process'), alerts: [], waitedSeconds: 0 },
    recovery: { ...unknown('the drill was interrupted; its measurements were lost with its process'), job: journal.failover?.job, jobStatus: undefined, steps: [] },
    dataLoss: unknown('not measured: the drill was interrupted'),
    endToEnd: unknown('not measured: the drill was interrupted'),
    sli: { slo: undefined, objective: undefined, status: 'not-checked', recoveredAt: undefined, checks: [] },
    failback: { job: undefined, status: undefined, steps: [] },
    restored: [],
    timeline: [],
  };
  const event = (kind: TimelineKind, text: string) => {
    const e: TimelineEvent = { at: iso(now()), kind, text };
    report.timeline.push(e);
    options.onEvent?.(e);
  };
  event('restore', `restoring from the journal ${options.journal} (drill started ${journal.startedAt})`);
  await windDown(journal, { arm, jobs, save: () => writeJournal(options.journal, journal), now, sleep, pollMs, jobPollMs: options.jobPollMs ?? pollMs, event, onOutput: options.onOutput }, report, undefined);
  const failed = report.restored.some((r) => r.status === 'failed');
  if (!failed) await deleteJournal(options.journal);
  report.reason = failed ? `finished by --restore after the drill's process ended; NOT everything was restored (the journal ${options.journal} is kept)` : 'finished by --restore after the drill\'s process ended: failed back and restored';
  report.endedAt = iso(now());
  event('end', `aborted: ${report.reason}`);
  return report;
}
