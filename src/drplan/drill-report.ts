/**
 * The drill report: what one run of `azslo drill` measured, as stable JSON a pipeline keeps as history and
 * `azslo analyze --drills <dir>` reads back. The shape is versioned (`apiVersion`); keys are written in the order
 * below and lists in time order, so two runs that measured the same thing write the same bytes.
 */
export const DRILL_REPORT_VERSION = 'azslo.dev/drill-report/v1';

/** pass: measured within the objective; fail: measured above it, or never happened (no alert, no recovery); unmeasured: nothing to compare. */
export type ObjectiveStatus = 'pass' | 'fail' | 'unmeasured';

export interface ObjectiveResult {
  /** The objective in seconds (the scenario's RTO or RPO, the detection estimate), when the spec or catalog gives one. */
  readonly targetSeconds: number | undefined;
  readonly measuredSeconds: number | undefined;
  readonly status: ObjectiveStatus;
  /** Why, in words: "detected in 4 min 10 s, estimate 5 min", "no alert within 30 min". */
  readonly reason: string;
}

export interface DrillStepResult {
  readonly order: number;
  readonly resource: string;
  readonly mechanism: string;
  /** drill: the planned failover; failback: its way back. */
  readonly mode: 'drill' | 'failback';
  /** The engine's result: done, already-done, skipped, automatic, manual, failed, dry-run… */
  readonly result: string;
  readonly start: string;
  readonly end: string;
  readonly seconds: number;
  /** The catalog's published time for the mechanism (failoverTime, else rto), when there is one. */
  readonly estimatedSeconds: number | undefined;
  readonly lagSeconds: number | undefined;
  readonly message: string | undefined;
}

export interface DrillAlert {
  /** The alert rule's name (as deployed). */
  readonly rule: string;
  readonly severity: string;
  /** When Azure Monitor fired it (the alert's startDateTime). */
  readonly firedAt: string;
}

export interface SliCheck {
  readonly at: string;
  readonly good: number;
  readonly total: number;
}

export interface RestoredItem {
  /** What was changed: the alert processing rule, the experiment, a resource the plan failed over. */
  readonly what: string;
  readonly kind: 'alert-processing-rule' | 'experiment' | 'failback';
  /** restored: put back; failed: could not be put back (the report says how to, in detail); not-needed: never changed. */
  readonly status: 'restored' | 'failed' | 'not-needed';
  readonly detail: string | undefined;
}

export type TimelineKind = 'announce' | 'inject' | 'detect' | 'recover' | 'sli' | 'failback' | 'restore' | 'abort' | 'end';

export interface TimelineEvent {
  readonly at: string;
  readonly kind: TimelineKind;
  readonly text: string;
}

export interface DrillReport {
  readonly apiVersion: typeof DRILL_REPORT_VERSION;
  /** The drill's id (a UUID), also the name of its Automation jobs. */
  readonly id: string;
  readonly service: string;
  readonly scenario: string;
  readonly title: string;
  readonly runbook: string;
  readonly startedAt: string;
  readonly endedAt: string;
  /** passed: every objective passed; failed: one failed; aborted: interrupted (Ctrl-C, timeout, a failing step) and restored; refused: never started. */
  readonly outcome: 'passed' | 'failed' | 'aborted' | 'refused';
  readonly reason: string;
  readonly injection: {
    /** chaos: a Chaos Studio experiment; plan: the plan's own planned steps (no fault exists for the types involved). */
    readonly by: 'chaos' | 'plan';
    readonly experiment: string | undefined;
    readonly faults: readonly { readonly resource: string; readonly urn: string }[];
    readonly startedAt: string | undefined;
    readonly endedAt: string | undefined;
    readonly cancelled: boolean;
  };
  readonly detection: ObjectiveResult & { readonly alerts: readonly DrillAlert[]; readonly waitedSeconds: number };
  /** `status` is the objective's; `jobStatus` how the Failover job ended (Completed, Failed, Stopped…). */
  readonly recovery: ObjectiveResult & { readonly job: string | undefined; readonly jobStatus: string | undefined; readonly steps: readonly DrillStepResult[] };
  /** Replication lag at failover (the largest a step read) against the RPO. */
  readonly dataLoss: ObjectiveResult;
  /** Disruption start → the journey's SLI back at its objective, against the RTO. */
  readonly endToEnd: ObjectiveResult;
  /**
   * The journey's SLI: with an experiment, the first check is read during the disruption, before the plan runs, and
   * `degraded` says whether it was below the objective then (false: the disruption did not reach the journey).
   */
  readonly sli: { readonly slo: string | undefined; readonly objective: number | undefined; readonly status: 'recovered' | 'not-recovered' | 'not-checked'; readonly recoveredAt: string | undefined; readonly degraded?: boolean | undefined; readonly checks: readonly SliCheck[] };
  readonly failback: { readonly job: string | undefined; readonly status: string | undefined; readonly steps: readonly DrillStepResult[] };
  readonly restored: readonly RestoredItem[];
  readonly timeline: readonly TimelineEvent[];
}

/** The report as the file holds it: two-space JSON, one trailing newline. */
export function serializeDrillReport(report: DrillReport): string {
  return `${JSON.stringify(report, (_k, v: unknown) => (v === undefined ? null : v), 2)}\n`;
}

/** null → undefined, keeping the key, so serializeDrillReport(parseDrillReport(file)) gives the file back. */
function nullsToUndefined(v: unknown): unknown {
  if (v === null) return undefined;
  if (Array.isArray(v)) return v.map(nullsToUndefined);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nullsToUndefined(x)]));
  return v;
}

export type ParsedDrillReport = { readonly ok: true; readonly report: DrillReport } | { readonly ok: false; readonly message: string };

const OUTCOMES = new Set(['passed', 'failed', 'aborted', 'refused']);

/**
 * A report read back (analyze --drills): the version and the fields analyze relies on are checked, nulls become
 * undefined again. Anything else wrong gives a message, never a throw.
 */
export function parseDrillReport(text: string): ParsedDrillReport {
  let raw: unknown;
  try {
    raw = nullsToUndefined(JSON.parse(text));
  } catch (e) {
    return { ok: false, message: `not JSON: ${(e as Error).message}` };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, message: 'not a drill report (a JSON object is expected)' };
  const r = raw as Record<string, unknown>;
  if (r.apiVersion !== DRILL_REPORT_VERSION) return { ok: false, message: `not a drill report of this version (apiVersion ${JSON.stringify(r.apiVersion)}, expected ${DRILL_REPORT_VERSION})` };
  for (const key of ['id', 'service', 'scenario', 'startedAt', 'endedAt'] as const) {
    if (typeof r[key] !== 'string' || r[key] === '') return { ok: false, message: `the report has no ${key}` };
  }
  if (Number.isNaN(Date.parse(r.startedAt as string)) || Number.isNaN(Date.parse(r.endedAt as string))) return { ok: false, message: 'startedAt and endedAt must be ISO 8601 times' };
  if (typeof r.outcome !== 'string' || !OUTCOMES.has(r.outcome)) return { ok: false, message: `outcome must be one of ${[...OUTCOMES].join(', ')}` };
  for (const key of ['detection', 'recovery', 'dataLoss', 'endToEnd'] as const) {
    const o = r[key] as Record<string, unknown> | undefined;
    if (!o || typeof o !== 'object' || !['pass', 'fail', 'unmeasured'].includes(o.status as string)) return { ok: false, message: `the report's ${key} has no status` };
  }
  return { ok: true, report: raw as DrillReport };
}
