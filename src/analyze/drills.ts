import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { humanDuration, parseDuration } from '../base/durations.js';
import { compareText } from '../base/text.js';
import { parseDrillReport, type DrillReport, type ObjectiveStatus } from '../drplan/drill-report.js';
import { planDrilled } from '../drplan/schedule.js';
import type { ServiceModel } from '../model/service.js';
import type { Scenario } from '../recovery/index.js';

/**
 * `analyze --drills <dir>`: the drill reports a pipeline kept (`azslo drill` writes them), read back and set beside
 * the analysis' estimates per plan, with the gaps a plan's drills open: never drilled, overdue, failed.
 */

export interface DrillHistory {
  /** The folder as given. */
  readonly dir: string;
  /** Every report read, with its path (the folder joined with its place under it, forward slashes). */
  readonly reports: readonly { readonly file: string; readonly report: DrillReport }[];
  /** Files that are no report of this version, or cannot be read: one each, never a stop. */
  readonly warnings: readonly { readonly file: string; readonly message: string }[];
}

/** The journal of drills under way (`azslo drill` keeps it in `.journal`): not reports. */
const JOURNAL = '.journal';

/** Every `*.json` under `dir`, recursively in path order, `.journal` left out. */
export function readDrillHistory(dir: string): DrillHistory {
  const reports: { file: string; report: DrillReport }[] = [];
  const warnings: { file: string; message: string }[] = [];
  const shown = (rel: string) => [dir.replace(/[\\/]+$/, ''), ...rel.split(path.sep)].join('/');
  const walk = (rel: string): void => {
    let entries;
    try {
      entries = readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch (e) {
      warnings.push({ file: rel ? shown(rel) : dir, message: `cannot read the folder (${(e as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    for (const e of [...entries].sort((a, b) => compareText(a.name, b.name))) {
      const child = rel ? path.join(rel, e.name) : e.name;
      if (e.isDirectory()) {
        if (e.name !== JOURNAL) walk(child);
      } else if (e.name.endsWith('.json')) {
        let text: string;
        try {
          text = readFileSync(path.join(dir, child), 'utf8');
        } catch (err) {
          warnings.push({ file: shown(child), message: `cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
          continue;
        }
        const parsed = parseDrillReport(text);
        if (parsed.ok) reports.push({ file: shown(child), report: parsed.report });
        else warnings.push({ file: shown(child), message: parsed.message });
      }
    }
  };
  walk('');
  return { dir, reports, warnings };
}

/** One figure of a drill: the analysis' estimate, what the drill measured, the objective, the drill's verdict. */
export interface DrillFigure {
  readonly what: 'time to detect' | 'recovery' | 'end to end' | 'data loss';
  readonly estimatedSeconds: number | undefined;
  readonly measuredSeconds: number | undefined;
  /** The RTO (end to end) or RPO (data loss) of the scenario, the estimate (time to detect). */
  readonly targetSeconds: number | undefined;
  readonly status: ObjectiveStatus;
}

/** A step's time in the drill beside the catalog's estimate. */
export interface DrillStepTime {
  readonly resource: string;
  readonly mechanism: string;
  readonly estimatedSeconds: number | undefined;
  readonly measuredSeconds: number;
}

export interface PlanDrill {
  readonly scenario: string;
  readonly runbook: string;
  /** Whether the spec has the plan drilled (`recovery.plans[].drill`, default true). */
  readonly drilled: boolean;
  /** The latest report that ran (a refused drill changed nothing and proves nothing), by startedAt. */
  readonly last:
    | { readonly id: string; readonly file: string; readonly startedAt: string; readonly outcome: DrillReport['outcome']; readonly reason: string; readonly ageDays: number }
    | undefined;
  /** `recovery.drill.every`, when the spec gives one. */
  readonly every: string | undefined;
  readonly overdue: boolean;
  readonly failed: boolean;
  readonly figures: readonly DrillFigure[];
  readonly steps: readonly DrillStepTime[];
  /** How a measured time becomes the analysis' figure: the spec declares it, with the report as its source. */
  readonly hint: string | undefined;
}

const DAY = 86400;
/** The schedule drills in the first window on or after each period: up to a week later than `every` exactly. */
const WINDOW_GRACE_SECONDS = 7 * DAY;

/** A gap of the drills, in the shape of the analysis' gaps. */
export interface DrillGap {
  readonly id: string;
  readonly layer: 'recovery';
  readonly subject: string;
  readonly message: string;
}

/** Measured up to the next whole minute: a figure to declare, never below what was seen. */
const declarable = (seconds: number) => `${Math.max(1, Math.ceil(seconds / 60))}m`;

export function planDrills(
  service: ServiceModel,
  plans: readonly { readonly scenario: string; readonly runbook: string }[],
  scenarios: readonly Scenario[],
  history: DrillHistory,
  today: string,
): { drills: PlanDrill[]; gaps: DrillGap[] } {
  const drills: PlanDrill[] = [];
  const gaps: DrillGap[] = [];
  const every = service.recovery?.drill?.every;
  const everySeconds = every !== undefined ? parseDuration(every) : undefined;
  const grace = service.recovery?.drill?.window ? WINDOW_GRACE_SECONDS : 0;
  const asOf = Date.parse(`${today}T00:00:00Z`);
  for (const plan of plans) {
    const scenario = scenarios.find((s) => s.id === plan.scenario);
    const drilled = planDrilled(service.recovery, plan.scenario);
    const ran = history.reports
      .filter((r) => r.report.service === service.name && r.report.scenario === plan.scenario && r.report.outcome !== 'refused')
      .sort((a, b) => Date.parse(b.report.startedAt) - Date.parse(a.report.startedAt) || compareText(a.file, b.file));
    const latest = ran[0];
    const ageSeconds = latest ? Math.max(0, Math.floor((asOf - Date.parse(latest.report.startedAt)) / 1000)) : undefined;
    const overdue = drilled && latest !== undefined && everySeconds !== undefined && everySeconds > 0 && ageSeconds! > everySeconds + grace;
    const failed = latest !== undefined && (latest.report.outcome === 'failed' || latest.report.outcome === 'aborted');
    const at = plan.scenario.split('/').map((p) => p.replace(/\s+/g, '-')).join('/');
    if (drilled && !latest) gaps.push({ id: `never-drilled/${at}`, layer: 'recovery', subject: plan.scenario, message: `plan ${plan.scenario} has never been drilled: no report of it under ${history.dir}` });
    if (overdue) gaps.push({ id: `drill-overdue/${at}`, layer: 'recovery', subject: plan.scenario, message: `plan ${plan.scenario} was last drilled on ${latest!.report.startedAt.slice(0, 10)}, ${Math.floor(ageSeconds! / DAY)} days ago: longer than recovery.drill.every (${every})` });
    if (drilled && failed) gaps.push({ id: `drill-failed/${at}`, layer: 'recovery', subject: plan.scenario, message: `the last drill of plan ${plan.scenario} (${latest!.report.startedAt.slice(0, 10)}) ${latest!.report.outcome}: ${latest!.report.reason}` });
    const r = latest?.report;
    const detect = scenario?.detection?.seconds;
    const total = scenario?.totalSeconds;
    const figures: DrillFigure[] = r
      ? [
          { what: 'time to detect', estimatedSeconds: detect, measuredSeconds: r.detection.measuredSeconds, targetSeconds: r.detection.targetSeconds, status: r.detection.status },
          { what: 'recovery', estimatedSeconds: total !== undefined && detect !== undefined ? total - detect : undefined, measuredSeconds: r.recovery.measuredSeconds, targetSeconds: r.recovery.targetSeconds, status: r.recovery.status },
          { what: 'end to end', estimatedSeconds: total, measuredSeconds: r.endToEnd.measuredSeconds, targetSeconds: r.endToEnd.targetSeconds ?? scenario?.rto?.targetSeconds, status: r.endToEnd.status },
          { what: 'data loss', estimatedSeconds: scenario?.rpo?.estimateSeconds, measuredSeconds: r.dataLoss.measuredSeconds, targetSeconds: r.dataLoss.targetSeconds ?? scenario?.rpo?.targetSeconds, status: r.dataLoss.status },
        ]
      : [];
    const steps: DrillStepTime[] = (r?.recovery.steps ?? [])
      .filter((s) => s.mode === 'drill' && (s.result === 'done' || s.result === 'already-done'))
      .map((s) => ({
        resource: s.resource,
        mechanism: s.mechanism,
        // The catalog as the analysis reads it today; the report's copy is the catalog of the drill's day.
        estimatedSeconds: scenario?.steps.find((x) => x.resource === s.resource && x.mechanism === s.mechanism)?.durationSeconds ?? s.estimatedSeconds,
        measuredSeconds: s.seconds,
      }));
    const first = steps[0];
    const hint =
      first && latest
        ? `measured times are shown beside the catalog's, never in place of them; to use one in the analysis, declare it on the resource: recovery: [{ mechanism: '${first.mechanism}', failoverTime: ${declarable(first.measuredSeconds)}, source: '${latest.file}' }]`
        : undefined;
    drills.push({
      scenario: plan.scenario,
      runbook: plan.runbook,
      drilled,
      last: latest ? { id: latest.report.id, file: latest.file, startedAt: latest.report.startedAt, outcome: latest.report.outcome, reason: latest.report.reason, ageDays: Math.floor(ageSeconds! / DAY) } : undefined,
      every,
      overdue,
      failed,
      figures,
      steps,
      hint,
    });
  }
  return { drills, gaps };
}

/** One line about a plan's drills, for the text and Markdown reports. */
export function drillSummary(d: PlanDrill): string {
  if (!d.drilled) return 'not drilled (drill: false)';
  if (!d.last) return 'never drilled';
  const when = `last drilled ${d.last.startedAt.slice(0, 10)} (${d.last.ageDays} day${d.last.ageDays === 1 ? '' : 's'} ago): ${d.last.outcome}`;
  const due = d.every === undefined ? '' : d.overdue ? `; overdue (every ${d.every})` : `; within every ${d.every}`;
  return `${when}${due}`;
}

/** A figure's estimate and measurement in words. */
export function drillFigureText(f: DrillFigure): string {
  const t = (s: number | undefined) => (s === undefined ? 'n/a' : humanDuration(s));
  const target = f.targetSeconds === undefined ? '' : `, objective ${t(f.targetSeconds)}`;
  return `${f.what}: measured ${t(f.measuredSeconds)}, estimated ${t(f.estimatedSeconds)}${target} (${f.status})`;
}
