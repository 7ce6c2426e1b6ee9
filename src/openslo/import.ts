/**
 * OpenSLO v1 → azslo specs. Every object is first checked against the OpenSLO v1 rules (rules.ts, AZSLO069); what
 * azslo cannot express is an error at its place in the OpenSLO file (AZSLO070), what it leaves out a warning
 * (AZSLO071), and a service without what an azslo spec needs an error (AZSLO072). The specs built are then validated
 * as azslo specs; their problems are reported at the OpenSLO object they came from. Mapping: docs/openslo.md.
 */
import { stringify } from 'yaml';
import { compareText } from '../base/text.js';
import { isObject } from '../base/values.js';
import { diagnosticsAt, type DiagnosticBuilder } from '../diagnostics/builder.js';
import { compareDiagnostics, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatPath, parseSource, positionAt, type PathSegment, type SourceDocument } from '../load/source.js';
import { renderKqlWithSpans, templatesDir } from '../kql/templates.js';
import { slug } from '../model/names.js';
import type { AlertSpec, ServiceSpec, SliSpec, SloSpec, TargetSpec } from '../model/spec.js';
import { validateDocuments } from '../validate/index.js';
import { ANNOTATION, AZURE_MONITOR_TYPES, RECEIVER_KINDS, annotationsOf, isPrometheusType, kindOf, nameOf, openSloObjects, type OpenSloObject } from './objects.js';
import { WINDOW_PLACEHOLDER, hasWindowPlaceholder } from '../promql/window.js';
import { calendarPeriodOf } from './calendar.js';
import { DURATION_SHORTHAND, checkOpenSloObject } from './rules.js';

type Obj = Record<string, unknown>;

/** A place in an OpenSLO file: the object and the path inside it. */
interface Place {
  readonly object: OpenSloObject;
  readonly path: readonly PathSegment[];
}

export interface ImportedService {
  /** The file name the spec is written to (in the output folder). */
  readonly file: string;
  readonly spec: ServiceSpec;
  /** The spec as YAML, as `import` writes it. */
  readonly text: string;
}

export interface OpenSloImport {
  readonly services: readonly ImportedService[];
  readonly diagnostics: readonly Diagnostic[];
  readonly ok: boolean;
}

const at = (p: Place, sink: (d: Diagnostic) => void): DiagnosticBuilder => {
  const full = [...p.object.at, ...p.path];
  return diagnosticsAt(() => ({ file: p.object.src.file, position: positionAt(p.object.src, full), path: formatPath(full) }), sink);
};

const inside = (p: Place, ...more: PathSegment[]): Place => ({ object: p.object, path: [...p.path, ...more] });

/**
 * The azslo window of an OpenSLO time window: a rolling one of whole days (a month, quarter or year has no fixed
 * length), or a calendar week, month or quarter that starts where azslo's periods start (calendar.ts).
 */
function windowOf(w: Obj, place: Place, report: (p: Place) => DiagnosticBuilder): SloSpec['window'] | undefined {
  if (w.isRolling !== true) {
    const c = w.calendar as Obj; // the rules require it with isRolling false
    const mapped = calendarPeriodOf(String(w.duration), String(c.startTime));
    if ('problem' in mapped) {
      report(inside(place, ...(mapped.problem === 'duration' ? ['duration'] : ['calendar', 'startTime']))).openSloCannotMap(mapped.message, mapped.hint);
      return undefined;
    }
    return { calendar: mapped.period, timeZone: String(c.timeZone) };
  }
  const m = DURATION_SHORTHAND.exec(String(w.duration));
  const n = Number(m?.[1]);
  const days = m?.[2] === 'd' ? n : m?.[2] === 'w' ? n * 7 : m?.[2] === 'h' && n % 24 === 0 ? n / 24 : m?.[2] === 'm' && n % 1440 === 0 ? n / 1440 : undefined;
  if (days === undefined || days < 1) {
    report(inside(place, 'duration')).openSloCannotMap(`the rolling window ${String(w.duration)} is not a whole number of days`, 'azslo SLO windows are whole days (1d to 90d): write it in d or w.');
    return undefined;
  }
  return `${days}d`;
}

/** Occurrences counts good events, as azslo does; time-slice budgeting has no sound mapping onto event counts. */
function budgetingOk(spec: Obj, place: Place, report: (p: Place) => DiagnosticBuilder): boolean {
  if (spec.budgetingMethod === 'Occurrences') return true;
  report(inside(place, 'budgetingMethod')).openSloCannotMap(
    `budgetingMethod ${String(spec.budgetingMethod)} counts good time slices; azslo SLOs count good events (Occurrences)`,
    'Use budgetingMethod: Occurrences: the share of good events over the window. A time slice objective cannot be turned into one without changing what it promises.',
  );
  return false;
}

const render = (template: string, context: object): string => renderKqlWithSpans(new URL(`kql/${template}.kql.hbs`, templatesDir), context).text;

interface Context {
  readonly objects: ReadonlyMap<string, ReadonlyMap<string, OpenSloObject>>;
  readonly report: (p: Place) => DiagnosticBuilder;
  /** Shared objects already reported on. */
  readonly reported: Set<unknown>;
}

/** Resolves a `xRef` to its object, or reports it (AZSLO069). */
function resolve(ctx: Context, kind: string, name: string, place: Place): OpenSloObject | undefined {
  const found = ctx.objects.get(kind)?.get(name);
  if (!found) ctx.report(place).openSloUnresolved(kind, name, [...(ctx.objects.get(kind)?.keys() ?? [])].sort(compareText));
  return found;
}

interface Query {
  readonly lang: 'kql';
  readonly kql: string;
  /** A column whose value weighs each row (azslo's own export: the SLI function's Good or Total). */
  readonly column?: string;
  /** The DataSource the query runs on, when it names one. */
  readonly dataSource?: OpenSloObject;
}

/** A PromQL query of a Prometheus metric source, with {{.window}} where each range's duration goes. */
interface PromQuery {
  readonly lang: 'promql';
  readonly promql: string;
  readonly dataSource?: OpenSloObject;
  /** Where the query stands: the imported spec's problems with it (a PromQL syntax error) are reported there. */
  readonly place: Place;
}

/** Sloth and Go templates also write the placeholder with spaces inside the braces: the same placeholder. */
const SPACED_WINDOW = /\{\{\s*\.window\s*\}\}/g;

/**
 * The PromQL of a Prometheus metric source (`spec.query`), or undefined when it reports why not. azslo writes one
 * recording rule per burn-rate window from each query, so a query must say where the window goes: an instant range
 * such as `[5m]` is one fixed window, and a ratio over 5 minutes cannot be read as one over 1 hour or 3 days.
 */
function promQueryOf(spec: Obj, dataSource: OpenSloObject | undefined, place: Place, report: (p: Place) => DiagnosticBuilder): PromQuery | undefined {
  if (typeof spec.query !== 'string' || spec.query.trim() === '') {
    report(inside(place, 'spec')).openSloCannotMap('a Prometheus metric source without a PromQL query (metricSource.spec.query)', 'Give the PromQL in metricSource.spec.query, with {{.window}} as the duration of its range selectors.');
    return undefined;
  }
  const promql = spec.query.replace(SPACED_WINDOW, WINDOW_PLACEHOLDER);
  if (!hasWindowPlaceholder(promql)) {
    report(inside(place, 'spec', 'query')).openSloCannotMap(
      'the Prometheus query has no {{.window}} placeholder: azslo evaluates it over every burn-rate window (5m to 3d)',
      'Write {{.window}} where the range selector\'s duration goes, e.g. sum(rate(http_requests_total[{{.window}}])), as Sloth\'s SLI queries do. A fixed range such as [5m] measures one window only and cannot be turned into multiwindow burn rates soundly.',
    );
    return undefined;
  }
  return { lang: 'promql', promql, ...(dataSource ? { dataSource } : {}), place: inside(place, 'spec', 'query') };
}

/** The query of one metric (`good`, `total`, `bad`, a threshold metric): KQL or PromQL, or undefined when it reports why not. */
function queryOf(ctx: Context, metric: unknown, place: Place): Query | PromQuery | undefined {
  const source = isObject(metric) && isObject(metric.metricSource) ? metric.metricSource : {};
  const sp = inside(place, 'metricSource');
  const dataSource = typeof source.metricSourceRef === 'string' && source.metricSourceRef !== '' ? resolve(ctx, 'DataSource', source.metricSourceRef, inside(sp, 'metricSourceRef')) : undefined;
  if (typeof source.metricSourceRef === 'string' && source.metricSourceRef !== '' && !dataSource) return undefined;
  const dsSpec = dataSource && isObject(dataSource.data.spec) ? dataSource.data.spec : {};
  const type = String(source.type ?? dsSpec.type ?? '');
  const spec = isObject(source.spec) ? source.spec : {};
  if (isPrometheusType(type)) return promQueryOf(spec, dataSource, sp, ctx.report);
  if (!AZURE_MONITOR_TYPES.includes(type.toLowerCase())) {
    ctx.report(type ? inside(sp, source.type !== undefined ? 'type' : 'metricSourceRef') : sp).openSloCannotMap(
      `the data source type ${type ? `'${type}'` : '(none)'} is not one azslo reads`,
      'azslo reads Azure Monitor Logs (type AzureMonitor) with a KQL query in metricSource.spec.kqlQuery, and managed Prometheus (type Prometheus) with PromQL in metricSource.spec.query; docs/openslo.md.',
    );
    return undefined;
  }
  const kql = spec.kqlQuery ?? spec.query;
  if (typeof kql !== 'string' || kql.trim() === '') {
    ctx.report(inside(sp, 'spec')).openSloCannotMap('an Azure Monitor metric source without a KQL query (metricSource.spec.kqlQuery)', 'azslo imports Azure Monitor Logs queries; platform metrics are not imported.');
    return undefined;
  }
  return { lang: 'kql', kql, ...(typeof spec.column === 'string' ? { column: spec.column } : {}), ...(dataSource ? { dataSource } : {}) };
}

/** A KQL query, or (reported) undefined for PromQL where only KQL can stand. */
function kqlOnly(ctx: Context, q: Query | PromQuery | undefined, place: Place, why: string): Query | undefined {
  if (q?.lang !== 'promql') return q;
  ctx.report(place).openSloCannotMap(why, 'Give both queries of the SLI on one kind of data source: two PromQL queries become an azslo prometheus SLI, two KQL queries a raw one.');
  return undefined;
}

/** A query as events: rows, or rows weighed by the column azslo's export names. */
const events = (q: Query): string => (q.column !== undefined ? render('openslo-weighted', { query: q.kql, column: q.column }) : q.kql);

interface MappedSli {
  readonly sli: SliSpec;
  readonly dataSources: readonly OpenSloObject[];
  /** The OpenSLO place of each option of the SLI that came from one (a Prometheus SLI's queries). */
  readonly places?: Readonly<Record<string, Place>>;
}

/**
 * The SLI of two PromQL queries: azslo's prometheus kind, `errors` from `bad`; the cluster and what it measures from
 * the annotations azslo export writes. The queries are rates over {{.window}}, whatever `counter` says.
 */
function prometheusSliOf(ctx: Context, sli: { meta: Obj; place: Place }, ratio: Obj, part: 'good' | 'bad', numerator: PromQuery, total: PromQuery): SliSpec | undefined {
  const notes = annotationsOf({ metadata: sli.meta });
  const measures = notes[ANNOTATION.measures];
  if (measures !== undefined && measures !== 'availability' && measures !== 'latency') {
    ctx.report(inside(sli.place, 'metadata', 'annotations', ANNOTATION.measures)).openSloInvalid(`${ANNOTATION.measures} must be availability or latency`);
    return undefined;
  }
  if (ratio.counter === true) ctx.report(inside(sli.place, 'spec', 'ratioMetric', 'counter')).openSloLeftOut('counter: true is left out: the PromQL queries are read as they are, per-second rates over {{.window}}');
  return {
    prometheus: {
      ...(part === 'bad' ? { errors: numerator.promql } : { good: numerator.promql }),
      total: total.promql,
      ...(notes[ANNOTATION.cluster] !== undefined ? { cluster: notes[ANNOTATION.cluster] } : {}),
      ...(measures !== undefined ? { measures } : {}),
    },
  };
}

function sliOf(ctx: Context, sli: { object: OpenSloObject; spec: Obj; meta: Obj; place: Place }, objective: Obj, objectivePlace: Place): MappedSli | undefined {
  const kept = annotationsOf({ metadata: sli.meta })[ANNOTATION.sli];
  const ratio = isObject(sli.spec.ratioMetric) ? sli.spec.ratioMetric : undefined;
  const threshold = isObject(sli.spec.thresholdMetric) ? sli.spec.thresholdMetric : undefined;
  const metrics = ratio ? (['good', 'bad', 'total', 'raw'] as const).filter((k) => ratio[k] !== undefined) : [];
  const dataSourcesOf = (qs: readonly (Query | PromQuery | undefined)[]) => qs.flatMap((q) => (q?.dataSource ? [q.dataSource] : []));
  if (kept !== undefined) {
    // azslo's own export: the SLI as azslo wrote it; the queries beside it are for other tools.
    let parsed: unknown;
    try {
      parsed = JSON.parse(kept);
    } catch {
      parsed = undefined;
    }
    if (!isObject(parsed) || Object.keys(parsed).length !== 1) {
      ctx.report(inside(sli.place, 'metadata', 'annotations', ANNOTATION.sli)).openSloInvalid(`${ANNOTATION.sli} must be a JSON object with one SLI kind, as azslo export writes it`);
      return undefined;
    }
    const qs = metrics.map((k) => queryOf(ctx, ratio![k], inside(sli.place, 'spec', 'ratioMetric', k)));
    return { sli: parsed as SliSpec, dataSources: dataSourcesOf(qs) };
  }
  if (ratio) {
    const rp = inside(sli.place, 'spec', 'ratioMetric');
    if (ratio.raw !== undefined) {
      ctx.report(inside(rp, 'raw')).openSloCannotMap('a raw ratio metric (one precomputed ratio) has no events for azslo to count', 'Give good (or bad) and total queries that return one row per event.');
      return undefined;
    }
    const part = ratio.good !== undefined ? 'good' : 'bad';
    const numeratorQ = queryOf(ctx, ratio[part], inside(rp, part));
    const totalQ = queryOf(ctx, ratio.total, inside(rp, 'total'));
    if (!numeratorQ || !totalQ) return undefined;
    if (numeratorQ.lang === 'promql' && totalQ.lang === 'promql') {
      const mapped = prometheusSliOf(ctx, sli, ratio, part, numeratorQ, totalQ);
      const places = { [part === 'bad' ? 'errors' : 'good']: numeratorQ.place, total: totalQ.place };
      return mapped ? { sli: mapped, dataSources: dataSourcesOf([numeratorQ, totalQ]), places } : undefined;
    }
    const mixed = 'one query of the ratio is PromQL, the other KQL: azslo computes an SLI in one place';
    const numerator = kqlOnly(ctx, numeratorQ, inside(rp, part), mixed);
    const total = numerator ? kqlOnly(ctx, totalQ, inside(rp, 'total'), mixed) : undefined;
    if (!numerator || !total) return undefined;
    if (ratio.counter === true) ctx.report(inside(rp, 'counter')).openSloLeftOut('counter: true is left out: the KQL queries are read as one row per event (or weighed by ItemCount)');
    if (part === 'good') return { sli: { raw: { good: events(numerator), total: events(total) } }, dataSources: dataSourcesOf([numerator, total]) };
    return { sli: { raw: { good: render('openslo-good-from-bad', { total: events(total), bad: events(numerator) }), total: events(total) } }, dataSources: dataSourcesOf([numerator, total]) };
  }
  if (threshold) {
    const tp = inside(sli.place, 'spec', 'thresholdMetric');
    const found = queryOf(ctx, threshold, tp);
    if (found?.lang === 'promql') {
      ctx.report(tp).openSloCannotMap(
        'a threshold metric over Prometheus has no azslo form: azslo Prometheus SLIs are a ratio of two event rates',
        'Write the SLI as a ratioMetric of good (or bad) and total rates over {{.window}}, e.g. for latency the histogram bucket of the threshold over the _count series.',
      );
      return undefined;
    }
    const q = found;
    if (!q) return undefined;
    const column = isObject(threshold.metricSource) && isObject(threshold.metricSource.spec) ? threshold.metricSource.spec.valueColumn : undefined;
    if (typeof column !== 'string' || column === '') {
      ctx.report(inside(sli.place, 'spec', 'thresholdMetric', 'metricSource', 'spec')).openSloCannotMap('a threshold metric needs the column that holds its value (metricSource.spec.valueColumn)', 'Name the column of the KQL query whose value is compared with the objective, e.g. valueColumn: DurationMs.');
      return undefined;
    }
    if (typeof objective.value !== 'number' || !['gt', 'gte', 'lt', 'lte'].includes(objective.op as string)) {
      // The rules check this for an inline SLI only; a referenced one is known here.
      ctx.report(objectivePlace).openSloInvalid('op (gt, gte, lt or lte) and value are required with a threshold metric');
      return undefined;
    }
    // Each row is a data point: good when its value meets the objective's op and value.
    const good = render('openslo-threshold-good', { query: q.kql, column, op: objective.op, value: objective.value });
    return { sli: { raw: { good, total: q.kql } }, dataSources: dataSourcesOf([q]) };
  }
  return undefined;
}

/** The percentage of an objective: targetPercent as written, or target × 100 without binary noise (0.999 → 99.9). */
const percentOf = (o: Obj): number => (typeof o.targetPercent === 'number' ? o.targetPercent : Number(((o.target as number) * 100).toPrecision(12)));

interface AlertsOf {
  readonly alerting: SloSpec['alerting'];
  readonly targets: readonly OpenSloObject[];
}

function alertsOf(ctx: Context, slo: OpenSloObject, spec: Obj): AlertsOf {
  const place: Place = { object: slo, path: ['spec', 'alertPolicies'] };
  const alerting: Record<string, AlertSpec> = {};
  const targets: OpenSloObject[] = [];
  const policies = Array.isArray(spec.alertPolicies) ? spec.alertPolicies : [];
  policies.forEach((entry, i) => {
    const ep = inside(place, i);
    let policy: { data: Obj; place: Place } | undefined;
    if (isObject(entry) && typeof entry.alertPolicyRef === 'string') {
      const o = resolve(ctx, 'AlertPolicy', entry.alertPolicyRef, inside(ep, 'alertPolicyRef'));
      if (o) policy = { data: o.data, place: { object: o, path: [] } };
    } else if (isObject(entry)) policy = { data: entry, place: ep };
    if (!policy) return;
    const ps = isObject(policy.data.spec) ? policy.data.spec : {};
    const notes = annotationsOf(policy.data);
    const conditionEntry = Array.isArray(ps.conditions) ? ps.conditions[0] : undefined;
    let condition: Obj | undefined;
    if (isObject(conditionEntry) && typeof conditionEntry.conditionRef === 'string') {
      condition = resolve(ctx, 'AlertCondition', conditionEntry.conditionRef, inside(policy.place, 'spec', 'conditions', 0, 'conditionRef'))?.data;
    } else if (isObject(conditionEntry)) condition = conditionEntry;
    const cs = condition && isObject(condition.spec) ? condition.spec : {};
    const severity = typeof cs.severity === 'string' ? cs.severity.toLowerCase() : '';
    const lookback = isObject(cs.condition) ? String(cs.condition.lookbackWindow ?? '') : '';
    const m = DURATION_SHORTHAND.exec(lookback);
    const lookbackHours = m ? Number(m[1]) * ({ m: 1 / 60, h: 1, d: 24, w: 168 } as Record<string, number>)[m[2]!]! : Infinity;
    const kind: 'page' | 'ticket' = notes[ANNOTATION.alert] === 'page' || notes[ANNOTATION.alert] === 'ticket' ? (notes[ANNOTATION.alert] as 'page' | 'ticket') : severity === 'page' || severity === 'ticket' ? severity : lookbackHours <= 6 ? 'page' : 'ticket';
    // A policy several SLOs share is reported once.
    const first = !ctx.reported.has(policy.data);
    ctx.reported.add(policy.data);
    if (notes[ANNOTATION.alert] === undefined && first) {
      ctx.report(inside(policy.place, 'spec', 'conditions')).openSloLeftOut(`the condition's burn rate and windows are left out: azslo alerts as a ${kind} alert with its own multiwindow burn rates for the SLO's window`);
    }
    if (ps.alertWhenNoData === true && first) ctx.report(inside(policy.place, 'spec', 'alertWhenNoData')).openSloLeftOut('alertWhenNoData is left out: azslo SLO alerts fire on burn rates only');
    const notify: string[] = [...(alerting[kind]?.notify ?? [])];
    const entries = Array.isArray(ps.notificationTargets) ? ps.notificationTargets : [];
    entries.forEach((t, j) => {
      const tp = inside(policy!.place, 'spec', 'notificationTargets', j);
      const target = isObject(t) && typeof t.targetRef === 'string' ? resolve(ctx, 'AlertNotificationTarget', t.targetRef, inside(tp, 'targetRef')) : isObject(t) ? { src: tp.object.src, at: [...tp.object.at, ...tp.path], data: t } : undefined;
      if (!target) return;
      const receivers = targetSpecOf(target);
      if (!receivers) {
        if (first) ctx.report(tp).openSloLeftOut(`notification target ${nameOf(target)} (${String(isObject(target.data.spec) ? target.data.spec.target : '')}) is left out: azslo notifies through Azure Monitor action group receivers (email, SMS, voice, webhooks, …)`);
        return;
      }
      targets.push(target);
      notify.push(targetName(target));
    });
    const tierMinimum = Number(notes[ANNOTATION.minimumEvents]);
    const alert: AlertSpec = {
      ...(notes[ANNOTATION.enabled] === 'false' ? { enabled: false } : {}),
      // Targets the service's alertingDefaults give, as azslo export marks them: the alert inherits them again.
      ...(notify.length && notes[ANNOTATION.notifyFromDefaults] !== 'true' ? { notify } : {}),
      ...(notes[ANNOTATION.severity] !== undefined && /^[0-4]$/.test(notes[ANNOTATION.severity]!) ? { severity: Number(notes[ANNOTATION.severity]) } : {}),
      ...(Number.isInteger(tierMinimum) && tierMinimum > 0 ? { minimumEvents: tierMinimum } : {}),
    };
    alerting[kind] = { ...alerting[kind], ...alert };
  });
  // Alerts without a target, which an AlertPolicy cannot hold: as azslo export keeps them.
  const unnotified = annotationsOf(slo.data)[ANNOTATION.unnotified];
  if (unnotified !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(unnotified);
    } catch {
      parsed = undefined;
    }
    if (!isObject(parsed)) ctx.report({ object: slo, path: ['metadata', 'annotations', ANNOTATION.unnotified] }).openSloInvalid(`${ANNOTATION.unnotified} must be a JSON object of page and ticket alerts, as azslo export writes it`);
    else for (const kind of ['page', 'ticket'] as const) if (isObject(parsed[kind])) alerting[kind] = { ...(parsed[kind] as AlertSpec), ...alerting[kind] };
  }
  // Budget alerts, which OpenSLO has no object for: as azslo export keeps them.
  const budgetNote = annotationsOf(slo.data)[ANNOTATION.budget];
  let budget: unknown;
  if (budgetNote !== undefined) {
    try {
      budget = JSON.parse(budgetNote);
    } catch {
      budget = undefined;
    }
    if (!isObject(budget)) ctx.report({ object: slo, path: ['metadata', 'annotations', ANNOTATION.budget] }).openSloInvalid(`${ANNOTATION.budget} must be a JSON object of the SLO's budget alerts, as azslo export writes it`);
  }
  const minimumEvents = Number(annotationsOf(slo.data)[ANNOTATION.minimumEvents]);
  const windows = annotationsOf(slo.data)[ANNOTATION.windows];
  const result: NonNullable<SloSpec['alerting']> = {
    ...(alerting.page ? { page: alerting.page } : {}),
    ...(alerting.ticket ? { ticket: alerting.ticket } : {}),
    ...(Number.isInteger(minimumEvents) && minimumEvents > 0 ? { minimumEvents } : {}),
    ...(windows !== undefined ? { windows } : {}),
    ...(isObject(budget) ? { budget: budget as NonNullable<SloSpec['alerting']>['budget'] } : {}),
  };
  return { alerting: Object.keys(result).length ? result : undefined, targets };
}

const targetName = (t: OpenSloObject): string => annotationsOf(t.data)[ANNOTATION.name] ?? nameOf(t);

/** The azslo target of an AlertNotificationTarget: its receivers as azslo export keeps them, or an email address. */
function targetSpecOf(t: OpenSloObject): TargetSpec | undefined {
  const notes = annotationsOf(t.data);
  const out: Record<string, unknown> = {};
  if (notes[ANNOTATION.shortName] !== undefined) out.shortName = notes[ANNOTATION.shortName];
  for (const kind of RECEIVER_KINDS) {
    const v = notes[ANNOTATION.receiver(kind)];
    if (v === undefined) continue;
    try {
      out[kind] = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  const target = isObject(t.data.spec) ? t.data.spec.target : undefined;
  if (!RECEIVER_KINDS.some((k) => out[k] !== undefined) && typeof target === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(target)) out.email = [target];
  return RECEIVER_KINDS.some((k) => out[k] !== undefined) ? (out as TargetSpec) : undefined;
}

/** The `azure` block from the Azure Monitor DataSource: its workspace, Application Insights resource and location. */
function azureOf(ds: OpenSloObject): ServiceSpec['azure'] | undefined {
  const spec = isObject(ds.data.spec) ? ds.data.spec : {};
  const raw = spec.connectionDetails;
  // Either one mapping, or (as the SDK's examples write it) a list of one-key mappings.
  const details: Obj = Array.isArray(raw) ? Object.assign({}, ...raw.filter(isObject)) : isObject(raw) ? raw : {};
  const [workspace, appInsights, location] = [details.workspaceResourceId, details.appInsightsResourceId, details.location];
  if (typeof workspace !== 'string' || typeof appInsights !== 'string' || typeof location !== 'string') return undefined;
  return { workspace, appInsights, location };
}

interface ServiceDraft {
  readonly name: string;
  readonly service: OpenSloObject | undefined;
  readonly slos: { spec: SloSpec; origin: Place; places?: Readonly<Record<string, Place>> }[];
  readonly dataSources: OpenSloObject[];
  readonly targets: OpenSloObject[];
  readonly firstSlo: OpenSloObject;
}

/** Turns OpenSLO documents (loaded with positions, e.g. by loadSources) into azslo specs. */
export function importOpenSlo(documents: readonly SourceDocument[], earlier: readonly Diagnostic[] = []): OpenSloImport {
  const diagnostics: Diagnostic[] = [...earlier];
  const sink = (d: Diagnostic) => void diagnostics.push(d);
  const report = (p: Place) => at(p, sink);
  const all = openSloObjects(documents);
  const valid: OpenSloObject[] = [];
  for (const o of all) {
    const problems = checkOpenSloObject(o.data);
    for (const p of problems) report({ object: o, path: p.path }).openSloInvalid(p.message);
    if (!problems.length) valid.push(o);
  }
  const objects = new Map<string, Map<string, OpenSloObject>>();
  for (const o of valid) {
    const byName = objects.get(kindOf(o)) ?? new Map<string, OpenSloObject>();
    objects.set(kindOf(o), byName);
    if (byName.has(nameOf(o))) report({ object: o, path: ['metadata', 'name'] }).openSloDuplicate(kindOf(o), nameOf(o));
    else byName.set(nameOf(o), o);
  }
  const ctx: Context = { objects, report, reported: new Set() };
  const drafts = new Map<string, ServiceDraft>();
  for (const slo of objects.get('SLO')?.values() ?? []) {
    const spec = slo.data.spec as Obj;
    const sp: Place = { object: slo, path: ['spec'] };
    const serviceName = String(spec.service);
    const draft = drafts.get(serviceName) ?? { name: serviceName, service: objects.get('Service')?.get(serviceName), slos: [], dataSources: [], targets: [], firstSlo: slo };
    drafts.set(serviceName, draft);
    const objectives = spec.objectives as Obj[];
    if (objectives.some((o) => o.indicator !== undefined || o.indicatorRef !== undefined)) {
      report(inside(sp, 'objectives')).openSloCannotMap('composite SLOs (an indicator per objective) have no azslo form', 'Import each indicator as an SLO of its own; azslo journeys (architecture.journeys) combine SLOs in the analysis.');
      continue;
    }
    if (!budgetingOk(spec, sp, report)) continue;
    const windows = Array.isArray(spec.timeWindow) ? (spec.timeWindow as Obj[]) : [];
    if (!windows.length) {
      report(sp).openSloCannotMap('the SLO has no timeWindow', 'Give timeWindow: [{ duration: 30d, isRolling: true }]: azslo SLOs have a window.');
      continue;
    }
    const window = windowOf(windows[0]!, inside(sp, 'timeWindow', 0), report);
    if (window === undefined) continue;
    let sli: { object: OpenSloObject; spec: Obj; meta: Obj; place: Place } | undefined;
    if (isObject(spec.indicator)) sli = { object: slo, spec: spec.indicator.spec as Obj, meta: spec.indicator.metadata as Obj, place: inside(sp, 'indicator') };
    else {
      const o = resolve(ctx, 'SLI', String(spec.indicatorRef), inside(sp, 'indicatorRef'));
      if (o) sli = { object: o, spec: o.data.spec as Obj, meta: o.data.metadata as Obj, place: { object: o, path: [] } };
    }
    if (!sli) continue;
    const { alerting, targets } = alertsOf(ctx, slo, spec);
    const notes = annotationsOf(slo.data);
    const baseName = notes[ANNOTATION.name] ?? (isObject(slo.data.metadata) && typeof slo.data.metadata.displayName === 'string' ? slo.data.metadata.displayName : nameOf(slo));
    objectives.forEach((objective, i) => {
      const op = inside(sp, 'objectives', i);
      const mapped = sliOf(ctx, sli!, objective, op);
      if (!mapped) return;
      const name = objectives.length === 1 ? baseName : `${baseName} ${typeof objective.displayName === 'string' ? objective.displayName : String(i + 1)}`;
      const out: SloSpec = {
        name,
        ...(typeof spec.description === 'string' ? { description: spec.description } : {}),
        sli: mapped.sli,
        objective: percentOf(objective),
        window,
        ...(alerting ? { alerting } : {}),
      };
      draft.slos.push({ spec: out, origin: { object: slo, path: [] }, ...(mapped.places ? { places: mapped.places } : {}) });
      for (const ds of mapped.dataSources) if (!draft.dataSources.includes(ds)) draft.dataSources.push(ds);
    });
    for (const t of targets) if (!draft.targets.includes(t)) draft.targets.push(t);
  }
  // Targets azslo export wrote for a service whose alerts do not name them.
  for (const t of objects.get('AlertNotificationTarget')?.values() ?? []) {
    const owner = annotationsOf(t.data)[ANNOTATION.service];
    const draft = owner !== undefined ? drafts.get(owner) : undefined;
    if (draft && !draft.targets.includes(t) && targetSpecOf(t)) draft.targets.push(t);
  }
  for (const s of objects.get('Service')?.values() ?? []) {
    if (!drafts.has(nameOf(s))) report({ object: s, path: ['metadata', 'name'] }).openSloLeftOut(`service ${nameOf(s)} has no SLO among the inputs: no azslo spec is written for it`);
  }
  const services: ImportedService[] = [];
  for (const draft of drafts.values()) {
    const built = serviceSpecOf(ctx, draft);
    if (!built) continue;
    const file = `${slug(built.metadata.name) || 'service'}.yaml`;
    const text = specYaml(built);
    // The spec must be a valid azslo spec: its problems are reported where the OpenSLO SLO stands.
    const check = validateDocuments(parseSource(file, text).documents);
    for (const d of check.diagnostics) {
      const m = /^slos\[(\d+)\](?:\.sli\.\w+\.(\w+))?/.exec(d.path);
      const imported = m ? draft.slos[Number(m[1])] : undefined;
      const origin = (m?.[2] !== undefined ? imported?.places?.[m[2]] : undefined) ?? imported?.origin;
      const place = origin ?? (draft.service ? { object: draft.service, path: [] } : { object: draft.firstSlo, path: ['spec', 'service'] });
      const text2 = `the imported spec of ${built.metadata.name}: ${d.code} at ${d.path || 'the document'}: ${d.message}`;
      if (d.severity === 'error') report(place).openSloIncomplete(text2, d.hint);
      else report(place).openSloLeftOut(text2);
    }
    if (!check.ok) continue;
    services.push({ file, spec: built, text });
  }
  diagnostics.sort(compareDiagnostics);
  return { services: hasErrors(diagnostics) ? [] : services.sort((a, b) => compareText(a.file, b.file)), diagnostics, ok: !hasErrors(diagnostics) };
}

/**
 * The Azure Monitor workspace of a service's Prometheus SLIs: of the Prometheus data sources they name (or azslo
 * export wrote for the service), else of the one Prometheus data source of the inputs; null when reported.
 */
function monitorWorkspaceOf(ctx: Context, draft: ServiceDraft, place: Place): string | null {
  const all = [...(ctx.objects.get('DataSource')?.values() ?? [])].filter((d) => isPrometheusType(String(isObject(d.data.spec) ? d.data.spec.type : '')));
  const named = all.filter((d) => draft.dataSources.includes(d) || annotationsOf(d.data)[ANNOTATION.service] === draft.name);
  const candidates = named.length ? named : all;
  const ids = candidates.map((d) => {
    const raw = isObject(d.data.spec) ? d.data.spec.connectionDetails : undefined;
    const details: Obj = Array.isArray(raw) ? Object.assign({}, ...raw.filter(isObject)) : isObject(raw) ? raw : {};
    return typeof details.monitorWorkspaceResourceId === 'string' && details.monitorWorkspaceResourceId !== '' ? details.monitorWorkspaceResourceId : undefined;
  });
  const first = ids[0];
  if (first !== undefined && ids.every((id) => id?.toLowerCase() === first.toLowerCase())) return first;
  const where: Place = candidates.length === 1 ? { object: candidates[0]!, path: ['spec', 'connectionDetails'] } : place;
  ctx.report(where).openSloIncomplete(
    candidates.length > 1 && first !== undefined ? `the Prometheus SLIs of service ${draft.name} read from data sources with different Azure Monitor workspaces` : `the Prometheus SLIs of service ${draft.name} have no Prometheus DataSource with monitorWorkspaceResourceId`,
    'azslo runs Prometheus SLIs on one Azure Monitor workspace (managed Prometheus): give their DataSource (type Prometheus) connectionDetails with monitorWorkspaceResourceId, the workspace\'s resource id.',
  );
  return null;
}

function serviceSpecOf(ctx: Context, draft: ServiceDraft): ServiceSpec | undefined {
  const s = draft.service;
  const place: Place = s ? { object: s, path: ['metadata'] } : { object: draft.firstSlo, path: ['spec', 'service'] };
  if (!draft.slos.length) return undefined;
  const notes = s ? annotationsOf(s.data) : {};
  const meta = s && isObject(s.data.metadata) ? s.data.metadata : {};
  const labels: Record<string, string> = {};
  if (isObject(meta.labels)) for (const [k, v] of Object.entries(meta.labels)) labels[k] = Array.isArray(v) ? v.join(',') : String(v);
  const owner = notes[ANNOTATION.owner] ?? labels.owner ?? labels.team;
  const environment = notes[ANNOTATION.environment] ?? labels.environment ?? labels.env;
  let ok = true;
  if (owner === undefined) {
    ctx.report(place).openSloIncomplete(`service ${draft.name} has no owner`, 'Give the Service a label owner (or team): azslo writes it into the azslo-owner tag of every resource.');
    ok = false;
  }
  if (environment === undefined) {
    ctx.report(place).openSloIncomplete(`service ${draft.name} has no environment`, 'Give the Service a label environment (or env), e.g. prod.');
    ok = false;
  }
  // The workspace: of the Azure Monitor data sources the SLIs name or azslo export wrote for the service, else of the
  // one Azure Monitor data source of the inputs.
  const isAzureMonitor = (d: OpenSloObject) => AZURE_MONITOR_TYPES.includes(String(isObject(d.data.spec) ? d.data.spec.type : '').toLowerCase());
  const azureMonitor = [...(ctx.objects.get('DataSource')?.values() ?? [])].filter(isAzureMonitor);
  const named = azureMonitor.filter((d) => draft.dataSources.includes(d) || annotationsOf(d.data)[ANNOTATION.service] === draft.name);
  const candidates = named.length ? named : azureMonitor;
  const azures = candidates.map(azureOf);
  const first = azures[0];
  if (!first || azures.some((a) => !a || a.workspace !== first.workspace || a.appInsights !== first.appInsights || a.location !== first.location)) {
    const where: Place = candidates.length === 1 ? { object: candidates[0]!, path: ['spec', 'connectionDetails'] } : place;
    ctx.report(where).openSloIncomplete(
      candidates.length > 1 && first ? `the SLIs of service ${draft.name} read from data sources with different workspaces` : `service ${draft.name} has no Azure Monitor DataSource with workspaceResourceId, appInsightsResourceId and location`,
      'An azslo service reads one Log Analytics workspace: give its DataSource (type AzureMonitor) connectionDetails with workspaceResourceId, appInsightsResourceId and location.',
    );
    ok = false;
  }
  const monitorWorkspace = draft.slos.some((x) => x.spec.sli.prometheus !== undefined) ? monitorWorkspaceOf(ctx, draft, place) : undefined;
  if (monitorWorkspace === null) ok = false;
  if (!ok || !first) return undefined;
  let tags: Record<string, string> | undefined;
  if (notes[ANNOTATION.tags] !== undefined) {
    try {
      const parsed: unknown = JSON.parse(notes[ANNOTATION.tags]!);
      if (isObject(parsed)) tags = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
    } catch {
      ctx.report({ object: s!, path: ['metadata', 'annotations', ANNOTATION.tags] }).openSloInvalid(`${ANNOTATION.tags} must be a JSON object of tag names and values`);
    }
  } else {
    const fromLabels = Object.entries(labels).filter(([k]) => !['owner', 'team', 'environment', 'env'].includes(k) || notes[ANNOTATION.owner] !== undefined);
    if (fromLabels.length) tags = Object.fromEntries(fromLabels);
  }
  const notifications: Record<string, TargetSpec> = {};
  for (const t of draft.targets) notifications[targetName(t)] = targetSpecOf(t)!;
  // What azslo export keeps of the service as JSON; the imported spec's validation checks what it holds.
  const kept = (key: string, what: string, ok: (v: unknown) => boolean): unknown => {
    if (notes[key] === undefined) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(notes[key]!);
    } catch {
      parsed = undefined;
    }
    if (ok(parsed)) return parsed;
    ctx.report({ object: s!, path: ['metadata', 'annotations', key] }).openSloInvalid(`${key} must be ${what} as JSON, as azslo export writes it`);
    return undefined;
  };
  const alertingDefaults = kept(ANNOTATION.alertingDefaults, 'the alertingDefaults of the service', isObject) as ServiceSpec['alertingDefaults'];
  const windowSets = kept(ANNOTATION.windowSets, 'the windowSets of the service', isObject) as ServiceSpec['windowSets'];
  const isResourceList = (v: unknown) => Array.isArray(v) && v.every((r) => isObject(r) && typeof r.id === 'string');
  // azslo.dev/gateways: what exports before azslo.dev/resources wrote, the gateway SLIs' resources only.
  const resources = [
    ...((kept(ANNOTATION.resources, 'a list of the resources its SLIs read', isResourceList) as ServiceSpec['resources']) ?? []),
    ...((kept(ANNOTATION.gateways, 'a list of the resources its gateway SLIs read', isResourceList) as ServiceSpec['resources']) ?? []),
  ].filter((r, i, all) => all.findIndex((o) => o.id.toLowerCase() === r.id.toLowerCase()) === i);
  const corrections = kept(ANNOTATION.corrections, 'a list of the maintenance windows that correct its SLIs', (v) => Array.isArray(v) && v.every(isObject)) as ServiceSpec['maintenance'];
  const name = notes[ANNOTATION.name] ?? (s ? nameOf(s) : draft.name);
  const displayName = notes[ANNOTATION.displayName] ?? (typeof meta.displayName === 'string' ? meta.displayName : undefined);
  const description = s && isObject(s.data.spec) && typeof s.data.spec.description === 'string' ? s.data.spec.description : undefined;
  return {
    apiVersion: 'azslo/v1',
    kind: 'Service',
    metadata: { name, ...(displayName !== undefined ? { displayName } : {}), ...(description !== undefined ? { description } : {}), owner: owner!, environment: environment!, ...(tags ? { tags } : {}) },
    azure: { ...first, ...(typeof monitorWorkspace === 'string' ? { monitorWorkspace } : {}) },
    ...(Object.keys(notifications).length ? { notifications } : {}),
    ...(resources.length ? { resources } : {}),
    ...(alertingDefaults ? { alertingDefaults } : {}),
    ...(windowSets ? { windowSets } : {}),
    ...(corrections?.length ? { maintenance: corrections } : {}),
    slos: draft.slos.map((x) => x.spec),
  };
}

/** YAML as import and export write it: keys in the order built, no line folding, the same bytes everywhere. */
export const specYaml = (data: unknown): string => stringify(data, { lineWidth: 0, indent: 2, aliasDuplicateObjects: false });
