import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { humanDuration } from '../base/durations.js';
import type { DrillReport, DrillStepResult, ObjectiveResult, ObjectiveStatus, RestoredItem } from '../drplan/drill-report.js';

/**
 * The drill report for people: a compact text summary (what the CLI prints), Markdown and a self-contained HTML page
 * with a timeline chart. All three read one view of the report, so they say the same thing; Handlebars lays out the
 * Markdown and the HTML, with per-language escaping (the `md` helper; Handlebars' own HTML escaping).
 */
export type DrillReportFormat = 'text' | 'markdown' | 'html';

export function renderDrillReport(report: DrillReport, format: DrillReportFormat): string {
  const v = drillView(report);
  if (format === 'text') return textOf(v);
  if (format === 'markdown') return `${template('drill.md.hbs')(v).replace(/\n{3,}/g, '\n\n').trim()}\n`;
  return template('drill.html.hbs')(v);
}

// ---------------------------------------------------------------------------------------------------------------
// Text that is safe to show anywhere

/**
 * User text as one visible line: line terminators and tabs become spaces; other control characters, bidirectional
 * overrides (which reorder what a reader sees) and lone surrogates (not encodable in UTF-8) become U+FFFD.
 */
export function visibleText(value: unknown): string {
  return String(value ?? '')
    .replace(/\r\n|[\r\n\t\v\f\u0085\u2028\u2029]/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/**
 * Inline Markdown (a table cell, a list item): every character CommonMark or GitHub would read as markup is
 * backslash-escaped — emphasis, code, links, HTML and entities, tables, strikethrough, math — and a leading list or
 * heading marker too, so the text reads back exactly as written.
 */
export function markdownText(value: unknown): string {
  return visibleText(value)
    .replace(/[\\`*_[\]<>&|~#$]/g, '\\$&')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

// ---------------------------------------------------------------------------------------------------------------
// The view every format reads

const OBJECTIVE_LABEL: Readonly<Record<ObjectiveStatus, { text: string; md: string }>> = {
  pass: { text: 'pass', md: '✅ pass' },
  fail: { text: 'FAIL', md: '❌ fail' },
  unmeasured: { text: 'unmeasured', md: '❔ unmeasured' },
};

const OUTCOME_LABEL: Readonly<Record<DrillReport['outcome'], { text: string; md: string }>> = {
  passed: { text: 'passed', md: '✅ passed' },
  failed: { text: 'FAILED', md: '❌ failed' },
  aborted: { text: 'ABORTED', md: '⚠️ aborted' },
  refused: { text: 'REFUSED', md: '⛔ refused' },
};

const RESTORE_LABEL: Readonly<Record<RestoredItem['status'], { text: string; md: string }>> = {
  restored: { text: 'restored', md: '✅ restored' },
  failed: { text: 'NOT RESTORED', md: '❌ not restored' },
  'not-needed': { text: 'not needed', md: 'not needed' },
};

const KIND_LABEL: Readonly<Record<RestoredItem['kind'], string>> = { 'alert-processing-rule': 'alert processing rule', experiment: 'experiment', failback: 'failback' };

const dur = (s: number | undefined): string => (typeof s === 'number' && Number.isFinite(s) ? humanDuration(s) : '—');
const time = (iso: string | undefined): number => (typeof iso === 'string' ? Date.parse(iso) : NaN);
const between = (a: string | undefined, b: string | undefined): number | undefined => {
  const s = (time(b) - time(a)) / 1000;
  return Number.isFinite(s) ? s : undefined;
};
const percent = (x: number): string => `${Math.round(x * 100) / 100} %`;
const list = <T>(xs: readonly T[] | undefined): readonly T[] => (Array.isArray(xs) ? xs : []);

interface ObjectiveRow {
  readonly name: string;
  readonly target: string;
  readonly measured: string;
  readonly status: ObjectiveStatus;
  readonly label: { text: string; md: string };
  readonly reason: string;
}

interface StepRow {
  readonly mode: 'drill' | 'failback';
  readonly order: number;
  readonly resource: string;
  readonly mechanism: string;
  readonly result: string;
  readonly failed: boolean;
  readonly start: string;
  readonly end: string;
  readonly took: string;
  readonly estimate: string;
  /** The duration against the catalog's estimate, in words. */
  readonly versus: string;
  readonly over: boolean;
  readonly lag: string;
  readonly message: string;
}

interface DrillView {
  readonly title: string;
  readonly service: string;
  readonly scenario: string;
  readonly id: string;
  readonly runbook: string;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly duration: string;
  readonly outcome: DrillReport['outcome'];
  readonly outcomeLabel: { text: string; md: string };
  readonly reason: string;
  readonly injection: {
    readonly byChaos: boolean;
    readonly experiment: string;
    readonly faults: readonly { resource: string; urn: string }[];
    readonly started: boolean;
    readonly startedAt: string;
    readonly endedAt: string;
    readonly duration: string;
    readonly cancelled: boolean;
  };
  readonly objectives: readonly ObjectiveRow[];
  readonly alerts: readonly { rule: string; severity: string; firedAt: string; after: string }[];
  readonly waited: string;
  readonly steps: readonly StepRow[];
  readonly failbackJob: { readonly job: string; readonly status: string };
  readonly recoveryJob: { readonly job: string; readonly status: string };
  readonly sli: {
    readonly slo: string;
    readonly objective: string;
    readonly status: 'recovered' | 'not-recovered' | 'not-checked';
    readonly statusText: string;
    /** Whether the disruption reached the journey, when the drill read the SLI during it. */
    readonly degradedText: string;
    readonly recoveredAt: string;
    readonly checks: readonly { at: string; good: number; total: number; ratio: string; verdict: string; atObjective: boolean }[];
  };
  readonly restored: readonly { what: string; kind: string; status: RestoredItem['status']; label: { text: string; md: string }; detail: string }[];
  readonly notRestored: DrillView['restored'];
  readonly timeline: readonly { at: string; kind: string; text: string }[];
  readonly chart: Chart;
}

function objective(name: string, o: ObjectiveResult | undefined): ObjectiveRow {
  const status: ObjectiveStatus = o && Object.hasOwn(OBJECTIVE_LABEL, o.status) ? o.status : 'unmeasured';
  return { name, target: dur(o?.targetSeconds), measured: o?.measuredSeconds === undefined ? 'not measured' : dur(o.measuredSeconds), status, label: OBJECTIVE_LABEL[status], reason: visibleText(o?.reason) };
}

function stepRow(s: DrillStepResult, mode: 'drill' | 'failback'): StepRow {
  const est = s.estimatedSeconds;
  const over = typeof est === 'number' && s.seconds > est;
  const failed = s.result === 'failed';
  // Only a step that ran times its mechanism: a failed, skipped or automatic one says nothing about its speed.
  const versus = failed ? 'not compared: the step failed' : s.result !== 'done' ? `not compared: ${visibleText(s.result)}` : typeof est !== 'number' ? 'no published estimate' : over ? `over by ${humanDuration(s.seconds - est)}` : 'within the estimate';
  return {
    mode,
    order: s.order,
    resource: visibleText(s.resource),
    mechanism: visibleText(s.mechanism),
    result: visibleText(s.result),
    failed,
    start: visibleText(s.start),
    end: visibleText(s.end),
    took: dur(s.seconds),
    estimate: dur(est),
    versus,
    over: over && s.result === 'done',
    lag: s.lagSeconds === undefined ? '—' : dur(s.lagSeconds),
    message: visibleText(s.message),
  };
}

/** What the report says, with every user value made visible (not yet escaped for a language). */
function drillView(r: DrillReport): DrillView {
  const inj = r.injection ?? { by: 'plan', experiment: undefined, faults: [], startedAt: undefined, endedAt: undefined, cancelled: false };
  const sli = r.sli ?? { slo: undefined, objective: undefined, status: 'not-checked', recoveredAt: undefined, checks: [] };
  const drillSteps = list(r.recovery?.steps).map((s) => stepRow(s, 'drill'));
  const failbackSteps = list(r.failback?.steps).map((s) => stepRow(s, 'failback'));
  const restored = list(r.restored).map((x) => ({
    what: visibleText(x.what),
    kind: KIND_LABEL[x.kind] ?? visibleText(x.kind),
    status: x.status,
    label: RESTORE_LABEL[x.status] ?? { text: visibleText(x.status), md: visibleText(x.status) },
    detail: visibleText(x.detail),
  }));
  const objectiveValue = typeof sli.objective === 'number' ? sli.objective : undefined;
  return {
    title: visibleText(r.title),
    service: visibleText(r.service),
    scenario: visibleText(r.scenario),
    id: visibleText(r.id),
    runbook: visibleText(r.runbook),
    startedAt: visibleText(r.startedAt),
    endedAt: visibleText(r.endedAt),
    duration: dur(between(r.startedAt, r.endedAt)),
    outcome: r.outcome,
    outcomeLabel: OUTCOME_LABEL[r.outcome] ?? { text: visibleText(r.outcome), md: visibleText(r.outcome) },
    reason: visibleText(r.reason),
    injection: {
      byChaos: inj.by === 'chaos',
      experiment: visibleText(inj.experiment),
      faults: list(inj.faults).map((f) => ({ resource: visibleText(f.resource), urn: visibleText(f.urn) })),
      started: inj.startedAt !== undefined,
      startedAt: visibleText(inj.startedAt),
      endedAt: visibleText(inj.endedAt),
      duration: dur(between(inj.startedAt, inj.endedAt)),
      cancelled: inj.cancelled === true,
    },
    objectives: [
      objective('time to detect', r.detection),
      objective('recovery (the plan)', r.recovery),
      objective('end to end, against the RTO', r.endToEnd),
      objective('data loss, against the RPO', r.dataLoss),
    ],
    alerts: list(r.detection?.alerts).map((a) => ({ rule: visibleText(a.rule), severity: visibleText(a.severity), firedAt: visibleText(a.firedAt), after: dur(between(inj.startedAt, a.firedAt)) })),
    waited: dur(r.detection?.waitedSeconds),
    steps: [...drillSteps, ...failbackSteps],
    recoveryJob: { job: visibleText(r.recovery?.job), status: visibleText(r.recovery?.jobStatus) },
    failbackJob: { job: visibleText(r.failback?.job), status: visibleText(r.failback?.status) },
    sli: {
      slo: visibleText(sli.slo),
      objective: objectiveValue === undefined ? '—' : percent(objectiveValue),
      status: sli.status,
      statusText: sli.status === 'recovered' ? `recovered at ${visibleText(sli.recoveredAt)}` : sli.status === 'not-recovered' ? 'did not recover during the drill' : 'not checked',
      degradedText: sli.degraded === true ? 'The first check, during the disruption, was below the objective: the disruption reached the journey.' : sli.degraded === false ? 'The first check, during the disruption, was at or above the objective: the disruption did not reach the journey\'s SLI, so this drill proves little about it.' : '',
      recoveredAt: visibleText(sli.recoveredAt),
      checks: list(sli.checks).map((c) => {
        const ratio = c.total > 0 ? (c.good / c.total) * 100 : undefined;
        const atObjective = ratio !== undefined && objectiveValue !== undefined && ratio >= objectiveValue;
        return { at: visibleText(c.at), good: c.good, total: c.total, ratio: ratio === undefined ? '—' : percent(ratio), verdict: ratio === undefined ? 'no traffic' : objectiveValue === undefined ? '—' : atObjective ? 'at objective' : 'below', atObjective };
      }),
    },
    restored,
    notRestored: restored.filter((x) => x.status === 'failed'),
    timeline: list(r.timeline).map((e) => ({ at: visibleText(e.at), kind: visibleText(e.kind), text: visibleText(e.text) })),
    chart: chartOf(r),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The timeline chart (SVG): lanes over a time axis from the drill's start to its end

/** SVG geometry, in user units of the viewBox (the page scales it down to fit). */
const CHART = { width: 960, labelX: 8, labelWidth: 180, x0: 200, x1: 940, top: 40, lane: 28, bar: 14, axis: 48 } as const;
/** Average advance of a character at the chart's 11–12 px font, for placing labels (wide characters count twice). */
const CHAR_PX = 6.6;
/** Tick steps in seconds: the smallest one that gives at most eight ticks is used. */
const TICK_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

interface Chart {
  readonly width: number;
  readonly height: number;
  readonly x0: string;
  readonly x1: string;
  readonly top: string;
  readonly axisY: string;
  readonly tickY2: string;
  readonly plotWidth: string;
  readonly laneHeight: string;
  readonly clipHeight: string;
  readonly labelX: number;
  readonly labelWidth: number;
  readonly ticks: readonly { x: string; label: string; anchor: string }[];
  readonly startLabel: string;
  readonly endLabel: string;
  readonly captionY: string;
  readonly tickLabelY: string;
  readonly lanes: readonly { y: string; bgY: string; textY: string; label: string; title: string; kind: string }[];
  readonly bars: readonly { x: string; y: string; width: string; height: string; cls: string; title: string; label: Label | undefined }[];
  readonly points: readonly { shape: 'circle' | 'diamond'; x: string; y: string; d: string; cls: string; title: string }[];
  readonly markers: readonly { x: string; y1: string; y2: string; cls: string; label: string; labelX: string; labelY: string; anchor: string; title: string }[];
  readonly notes: readonly { x: string; y: string; text: string }[];
}

interface Label {
  readonly x: string;
  readonly y: string;
  readonly anchor: 'start' | 'end' | 'middle';
  readonly cls: string;
  readonly text: string;
}

const n1 = (x: number): string => (Math.round(x * 10) / 10).toFixed(1);

/** Width in character advances: East Asian wide characters and emoji take two. */
function advances(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f000}-\u{1faff}\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return n;
}

/** The text cut to fit a width, with an ellipsis when cut (never inside a surrogate pair). */
function fitText(text: string, px: number): string {
  if (advances(text) * CHAR_PX <= px) return text;
  let out = '';
  for (const ch of text) {
    if ((advances(out + ch) + 1) * CHAR_PX > px) break;
    out += ch;
  }
  return `${out}…`;
}

function chartOf(r: DrillReport): Chart {
  const t0 = time(r.startedAt);
  const rawEnd = time(r.endedAt);
  const known = Number.isFinite(t0);
  // A refused drill starts and ends in the same second: a minute of axis keeps the chart readable.
  const t1 = known && Number.isFinite(rawEnd) && rawEnd - t0 >= 60_000 ? rawEnd : t0 + 60_000;
  const span = t1 - t0;
  const at = (ms: number): number => CHART.x0 + (Math.min(Math.max(ms, t0), t1) - t0) / span * (CHART.x1 - CHART.x0);
  const inChart = (ms: number): boolean => known && Number.isFinite(ms);

  const lanes: { label: string; title: string; kind: string }[] = [];
  const bars: Chart['bars'][number][] = [];
  const points: Chart['points'][number][] = [];
  const markers: Chart['markers'][number][] = [];
  const notes: Chart['notes'][number][] = [];
  const laneY = (i: number) => CHART.top + i * CHART.lane;
  const barY = (i: number) => laneY(i) + (CHART.lane - CHART.bar) / 2;

  /**
   * A bar from a to b in lane i. Its label goes to its right (past `clearOf`, the last point drawn in the lane), else
   * to its left, else inside it; `light` bars take dark text inside.
   */
  const bar = (i: number, a: number, b: number, cls: string, title: string, text: string | undefined, opts: { light?: boolean; clearOf?: number } = {}) => {
    const x = at(a);
    const w = Math.max(2, at(b) - x);
    let label: Label | undefined;
    if (text) {
      const need = advances(text) * CHAR_PX + 6;
      const y = n1(barY(i) + CHART.bar - 3);
      const right = Math.max(x + w, opts.clearOf ?? 0) + 4;
      if (right + need <= CHART.x1) label = { x: n1(right), y, anchor: 'start', cls: 'bar-label', text };
      else if (x - need >= CHART.x0) label = { x: n1(x - 4), y, anchor: 'end', cls: 'bar-label', text };
      else label = { x: n1(x + w / 2), y, anchor: 'middle', cls: `bar-label inside${opts.light ? ' light' : ''}`, text: fitText(text, w - 4) };
    }
    bars.push({ x: n1(x), y: n1(barY(i)), width: n1(w), height: String(CHART.bar), cls, title, label });
  };
  const point = (i: number, ms: number, shape: 'circle' | 'diamond', cls: string, title: string) => {
    const x = at(ms);
    const y = laneY(i) + CHART.lane / 2;
    points.push({ shape, x: n1(x), y: n1(y), d: `M${n1(x)} ${n1(y - 6)}L${n1(x + 6)} ${n1(y)}L${n1(x)} ${n1(y + 6)}L${n1(x - 6)} ${n1(y)}Z`, cls, title });
  };
  const note = (i: number, text: string) => notes.push({ x: n1(CHART.x0 + 6), y: n1(laneY(i) + CHART.lane / 2 + 4), text });

  const inj = r.injection;
  const injStart = time(inj?.startedAt);
  const injEnd = Number.isFinite(time(inj?.endedAt)) ? time(inj?.endedAt) : t1;

  // Disruption: injection start → end.
  const disruption = lanes.push({ label: 'disruption', title: inj?.by === 'chaos' ? `Chaos Studio experiment ${visibleText(inj.experiment)}` : "the plan's own steps", kind: 'disruption' }) - 1;
  if (inChart(injStart)) {
    const what = inj?.by === 'chaos' ? visibleText(inj.experiment) || 'experiment' : 'by the plan';
    bar(disruption, injStart, injEnd, `disruption${inj?.cancelled ? ' cancelled' : ''}`, `${what}: ${visibleText(inj?.startedAt)} → ${visibleText(inj?.endedAt) || 'the end'}${inj?.cancelled ? ' (cancelled)' : ''}`, `${dur((injEnd - injStart) / 1000)}${inj?.cancelled ? ', cancelled' : ''}`, { light: inj?.cancelled === true });
  } else note(disruption, 'not started');

  // Detection: injection → first alert, every alert as a point; no alert: the time waited, open-ended.
  const detection = lanes.push({ label: 'detection', title: 'from the disruption to the first alert', kind: 'detection' }) - 1;
  const alerts = list(r.detection?.alerts).filter((a) => inChart(time(a.firedAt)));
  if (inChart(injStart) && alerts.length) {
    const first = Math.min(...alerts.map((a) => time(a.firedAt)));
    const last = Math.max(...alerts.map((a) => time(a.firedAt)));
    bar(detection, injStart, first, 'detection', `first alert ${dur((first - injStart) / 1000)} after the disruption`, dur((first - injStart) / 1000), { clearOf: at(last) + 6 });
    for (const a of alerts) point(detection, time(a.firedAt), 'diamond', 'alert', `${visibleText(a.rule)} (${visibleText(a.severity)}) fired at ${visibleText(a.firedAt)}`);
  } else if (inChart(injStart)) {
    const waited = r.detection?.waitedSeconds;
    bar(detection, injStart, typeof waited === 'number' && waited > 0 ? injStart + waited * 1000 : t1, 'detection none', `no alert fired within ${dur(waited)}`, `no alert in ${dur(waited)}`, { light: true });
  } else note(detection, 'nothing to detect');

  // Recovery: one lane per step, drill then failback.
  const steps = [...list(r.recovery?.steps).map((s) => ({ s, mode: 'drill' as const })), ...list(r.failback?.steps).map((s) => ({ s, mode: 'failback' as const }))];
  for (const { s, mode } of steps) {
    const i = lanes.push({ label: `${mode === 'failback' ? 'failback' : 'step'} ${s.order}. ${visibleText(s.resource)}`, title: `${mode} step ${s.order}: ${visibleText(s.resource)}, ${visibleText(s.mechanism)}`, kind: mode }) - 1;
    const a = time(s.start);
    const b = time(s.end);
    if (!inChart(a)) {
      note(i, `${visibleText(s.result)}, no time recorded`);
      continue;
    }
    const est = typeof s.estimatedSeconds === 'number' ? `, estimate ${dur(s.estimatedSeconds)}` : '';
    bar(i, a, Number.isFinite(b) ? b : a, `step ${mode}${s.result === 'failed' ? ' failed' : ''}`, `${mode} step ${s.order}, ${visibleText(s.resource)}: ${visibleText(s.mechanism)}, ${visibleText(s.result)} in ${dur(s.seconds)}${est}`, `${dur(s.seconds)}${s.result === 'failed' ? ', failed' : ''}`, { light: s.result === 'failed' });
  }
  if (!steps.length) note(lanes.push({ label: 'recovery', title: 'the plan did not run', kind: 'drill' }) - 1, 'the plan did not run');

  // SLI: each check as a point (at or below the objective); the recovery as a marker.
  const sliLane = lanes.push({ label: 'SLI', title: `journey SLI ${visibleText(r.sli?.slo)}`, kind: 'sli' }) - 1;
  const objectiveValue = r.sli?.objective;
  const checks = list(r.sli?.checks).filter((c) => inChart(time(c.at)));
  for (const c of checks) {
    const ratio = c.total > 0 ? (c.good / c.total) * 100 : undefined;
    const cls = ratio === undefined ? 'check idle' : typeof objectiveValue === 'number' && ratio >= objectiveValue ? 'check good' : 'check bad';
    point(sliLane, time(c.at), 'circle', cls, `${visibleText(c.at)}: ${c.good} of ${c.total}${ratio === undefined ? ', no traffic' : ` (${percent(ratio)})`}`);
  }
  const recoveredAt = time(r.sli?.recoveredAt);
  if (r.sli?.status === 'recovered' && inChart(recoveredAt)) {
    const x = at(recoveredAt);
    markers.push({ x: n1(x), y1: n1(laneY(sliLane) + 2), y2: n1(laneY(sliLane) + CHART.lane - 2), cls: 'recovered', label: 'recovered', labelX: n1(x + 70 <= CHART.x1 ? x + 8 : x - 8), labelY: n1(laneY(sliLane) + CHART.lane / 2 + 4), anchor: x + 70 <= CHART.x1 ? 'start' : 'end', title: `SLI back at its objective at ${visibleText(r.sli?.recoveredAt)}` });
  }
  if (!checks.length) note(sliLane, 'not checked');

  // Restore: what the drill put back, when; a failed item is flagged at the end.
  const restoreLane = lanes.push({ label: 'restore', title: 'what the drill put back', kind: 'restore' }) - 1;
  const restores = list(r.timeline).filter((e) => e.kind === 'restore' && inChart(time(e.at)));
  for (const e of restores) point(restoreLane, time(e.at), 'circle', 'restore', `${visibleText(e.at)}: ${visibleText(e.text)}`);
  const failed = list(r.restored).filter((x) => x.status === 'failed');
  if (failed.length && known) point(restoreLane, t1, 'diamond', 'restore failed', `not restored: ${failed.map((x) => visibleText(x.what)).join(', ')}`);
  if (!restores.length && !failed.length) note(restoreLane, 'nothing to restore');

  const bottom = laneY(lanes.length);
  // The RTO from the injection start; when it falls after the drill's end, an arrow at the right edge says so.
  const rto = r.endToEnd?.targetSeconds;
  const topLabels: { x: number }[] = [];
  const topMarker = (x: number, cls: string, label: string, title: string) => {
    // Two rows of labels above the lanes, so two markers close together do not overprint each other.
    const row = topLabels.some((l) => Math.abs(l.x - x) < 110) ? 1 : 0;
    topLabels.push({ x });
    const anchor = x + advances(label) * CHAR_PX + 4 <= CHART.x1 ? 'start' : 'end';
    markers.push({ x: n1(x), y1: n1(CHART.top - 4), y2: n1(bottom), cls, label, labelX: n1(anchor === 'start' ? x + 4 : x - 4), labelY: n1(14 + row * 14), anchor, title });
  };
  if (typeof rto === 'number' && inChart(injStart)) {
    const rtoAt = injStart + rto * 1000;
    if (rtoAt <= t1) topMarker(at(rtoAt), 'rto', `RTO ${dur(rto)}`, `the RTO (${dur(rto)}) from the disruption's start`);
    else topMarker(CHART.x1, 'rto beyond', `RTO ${dur(rto)} →`, `the RTO (${dur(rto)}) ends ${dur((rtoAt - t1) / 1000)} after the drill`);
  }
  for (const e of list(r.timeline)) if (e.kind === 'abort' && inChart(time(e.at))) topMarker(at(time(e.at)), 'abort', 'aborted', `${visibleText(e.at)}: ${visibleText(e.text)}`);

  // Ticks: the smallest step that gives at most eight, labelled as time since the start.
  const seconds = span / 1000;
  const step = TICK_STEPS.find((s) => seconds / s <= 8) ?? Math.ceil(seconds / 8);
  const ticks: Chart['ticks'][number][] = [];
  if (known) for (let k = 0; k * step <= seconds; k++) {
    const x = at(t0 + k * step * 1000);
    ticks.push({ x: n1(x), label: k === 0 ? '0' : `+${humanDuration(k * step)}`, anchor: k === 0 ? 'start' : x > CHART.x1 - 30 ? 'end' : 'middle' });
  }
  const axisY = bottom + 6;
  return {
    width: CHART.width,
    height: axisY + CHART.axis,
    x0: n1(CHART.x0),
    x1: n1(CHART.x1),
    top: n1(CHART.top),
    axisY: n1(axisY),
    tickY2: n1(axisY + 5),
    plotWidth: n1(CHART.x1 - CHART.x0),
    laneHeight: n1(CHART.lane - 2),
    clipHeight: n1(axisY),
    labelX: CHART.labelX,
    labelWidth: CHART.labelX + CHART.labelWidth,
    ticks,
    tickLabelY: n1(axisY + 16),
    captionY: n1(axisY + 34),
    startLabel: known ? fitText(`start ${visibleText(r.startedAt)}`, (CHART.x1 - CHART.x0) / 2 - 10) : 'no start time',
    endLabel: known ? fitText(`end ${visibleText(r.endedAt)}`, (CHART.x1 - CHART.x0) / 2 - 10) : '',
    lanes: lanes.map((l, i) => ({ ...l, label: fitText(l.label, CHART.labelWidth), y: n1(laneY(i)), bgY: n1(laneY(i) + 1), textY: n1(laneY(i) + CHART.lane / 2 + 4) })),
    bars,
    points,
    markers,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Text: a summary that fits a terminal

function textOf(v: DrillView): string {
  const lines: string[] = [];
  lines.push(`Drill ${v.outcomeLabel.text}: ${v.title} (service ${v.service}, scenario ${v.scenario})`);
  lines.push(`  ${v.reason}`);
  lines.push(`  ${v.startedAt} → ${v.endedAt} (${v.duration}), drill ${v.id}, runbook ${v.runbook}`);
  for (const x of v.notRestored) lines.push(`  NOT RESTORED ${x.what} (${x.kind}): ${x.detail}`);
  const how = v.injection.byChaos ? `Chaos Studio experiment ${v.injection.experiment}` : "the plan's own steps";
  const faults = v.injection.faults.length ? ` (${v.injection.faults.map((f) => `${f.urn} on ${f.resource}`).join(', ')})` : '';
  lines.push(`  injection: ${how}${faults}, ${v.injection.started ? `${v.injection.startedAt} → ${v.injection.endedAt || '?'} (${v.injection.duration})${v.injection.cancelled ? ', cancelled' : ''}` : 'not started'}`);
  for (const o of v.objectives) lines.push(`  ${o.label.text.padEnd(10)}  ${o.name.padEnd(27)}  ${`${o.measured} of ${o.target}`.padEnd(24)}  ${o.reason}`);
  if (v.alerts.length) lines.push(`  alerts: ${v.alerts.map((a) => `${a.rule} (${a.severity}) at ${a.firedAt}, ${a.after} after the disruption`).join('; ')}`);
  for (const s of v.steps) lines.push(`  ${s.mode.padEnd(8)}  ${s.order}. ${s.resource}: ${s.mechanism}: ${s.result} in ${s.took}${s.estimate !== '—' ? `, estimate ${s.estimate}` : ''} (${s.versus})${s.lag !== '—' ? `, lag ${s.lag}` : ''}${s.message ? ` — ${s.message}` : ''}`);
  lines.push(`  SLI ${v.sli.slo || '—'} (objective ${v.sli.objective}): ${v.sli.statusText}, ${v.sli.checks.length} check(s)`);
  if (v.sli.degradedText) lines.push(`    ${v.sli.degradedText}`);
  const counts = (['restored', 'not-needed', 'failed'] as const).map((s) => [s, v.restored.filter((x) => x.status === s).length] as const).filter(([, n]) => n > 0);
  lines.push(`  restored: ${counts.length ? counts.map(([s, n]) => `${n} ${RESTORE_LABEL[s].text}`).join(', ') : 'nothing was changed'}`);
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown and HTML templates

const hb = Handlebars.create();
hb.registerHelper('md', (v: unknown) => markdownText(v));
hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);

const cache = new Map<string, HandlebarsTemplateDelegate>();
function template(name: string): HandlebarsTemplateDelegate {
  let t = cache.get(name);
  if (!t) {
    // Markdown escapes through the `md` helper (HTML entities would show as text there); HTML through Handlebars.
    t = hb.compile(readFileSync(new URL(`../../templates/reports/${name}`, import.meta.url), 'utf8'), { strict: false, noEscape: name.endsWith('.md.hbs') });
    cache.set(name, t);
  }
  return t;
}
