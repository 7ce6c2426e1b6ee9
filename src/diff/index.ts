import { createHash } from 'node:crypto';
import { compareText } from '../base/text.js';
import type { AnalysisReport } from '../analyze/report.js';
import { COST_EXCLUDES, prices } from '../analyze/cost.js';
import type { ServiceModel, SloModel } from '../model/service.js';
import { budgetMinutes as windowBudgetMinutes } from '../model/windows.js';
import { ALERT_RULE_TYPES } from '../resources/deployed-alerts.js';
import { FileText, isPlainObject, ParamRef, ResourceIdRef, type AzureResource, type Deployment, type Value } from '../resources/model.js';

/**
 * `azslo diff`: what a change to the specs changes, per service, for a pull-request review — the SLOs (objective,
 * window, error budget in minutes), the alert rules by their deployed names (threshold, windows, severity, action
 * groups), the time to detect a full outage, the analysis gaps opened and closed, and the monthly cost of the alerting.
 * Each side is what generate and analyze make of its specs, so the diff says what would really change in Azure.
 */
export interface DiffSide {
  /** How the side was given (a folder, `main:specs`), for the report's title. */
  readonly label: string;
  readonly services: readonly ServiceModel[];
  readonly deployment: Deployment;
  readonly analysis: AnalysisReport;
}

export interface Change<T> {
  readonly before: T;
  readonly after: T;
}

export interface SloSummary {
  readonly name: string;
  readonly objective: number;
  /** The length of the window in days (a calendar window's nominal length). */
  readonly windowDays: number;
  /** The window as the report shows it: `30 d`, or a calendar one, `month (Europe/Berlin)`. */
  readonly window: string;
  /** The error budget: minutes of total failure the window allows (a calendar window's in its shortest period). */
  readonly budgetMinutes: number;
  /** A calendar window's budget in its longest period, where periods differ in length (months, quarters). */
  readonly budgetMinutesMax?: number;
}

export interface SloChange {
  readonly name: string;
  readonly objective?: Change<number>;
  readonly windowDays?: Change<number>;
  /** Set when the kind of window or its period or time zone changed (a rolling length alone is `windowDays`). */
  readonly window?: Change<string>;
  readonly budgetMinutes?: Change<number>;
  readonly budgetMinutesMax?: Change<number | undefined>;
}

export type RuleKind = 'log-search' | 'metric' | 'activity-log' | 'prometheus';

export interface RuleSummary {
  /** The rule's Azure resource name. */
  readonly name: string;
  readonly kind: RuleKind;
}

export interface RuleChange extends RuleSummary {
  /** What changed, each with its value before and after ("—" when absent on one side). */
  readonly changes: readonly ({ readonly what: RuleFacetName } & Change<string>)[];
}

export interface Detected {
  readonly seconds: number;
  readonly alert: string;
}

export interface ServiceDiff {
  readonly service: string;
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly slos: { readonly added: readonly SloSummary[]; readonly removed: readonly SloSummary[]; readonly changed: readonly SloChange[] };
  readonly alertRules: { readonly added: readonly RuleSummary[]; readonly removed: readonly RuleSummary[]; readonly changed: readonly RuleChange[] };
  /** Time to detect a full outage of the service (its fastest alert), null where nothing detects it or the service is absent. */
  readonly detection: Change<Detected | null>;
  readonly gaps: { readonly opened: readonly GapSummary[]; readonly closed: readonly GapSummary[] };
  /** Monthly list price of the service's alert rules; 0 where the service is absent. */
  readonly cost: Change<number> & { readonly atLeast: boolean };
}

export interface GapSummary {
  readonly id: string;
  readonly message: string;
}

export interface EstateDiff {
  readonly tool: 'azslo diff';
  readonly base: string;
  readonly head: string;
  readonly services: readonly ServiceDiff[];
  readonly cost: Change<number> & { readonly currency: string; readonly atLeast: boolean; readonly pricesReadOn: string; readonly source: string; readonly excludes: string };
}

/** Minutes of total failure an objective allows over its window. */
export const budgetMinutes = (objective: number, windowDays: number): number => Math.round((1 - objective / 100) * windowDays * 24 * 60 * 100) / 100;

function sloSummary(s: SloModel): SloSummary {
  const budget = windowBudgetMinutes(s.objective, s.window);
  const window = s.window.kind === 'calendar' ? `calendar ${s.window.label}` : `${s.windowDays} d`;
  return { name: s.name, objective: s.objective, windowDays: s.windowDays, window, budgetMinutes: budget.min, ...(budget.max !== budget.min ? { budgetMinutesMax: budget.max } : {}) };
}

export const RULE_FACETS = ['severity', 'evaluation', 'window', 'threshold', 'burn-rate windows', 'query', 'scopes', 'action groups', 'enabled'] as const;
export type RuleFacetName = (typeof RULE_FACETS)[number];

/** A model value in words: another resource by its name, a parameter by its name, a query by its file. */
function valueText(v: Value | undefined, names: ReadonlyMap<string, string>): string {
  if (v === undefined || v === null) return '—';
  if (v instanceof ResourceIdRef) return names.get(v.key) ?? v.key;
  if (v instanceof ParamRef) return `parameter ${v.name}`;
  // A query by its file and a digest of its text: an objective's new threshold lives inside the query.
  if (v instanceof FileText) return `${v.path} (${createHash('sha256').update(v.content).digest('hex').slice(0, 8)})`;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return (v as readonly Value[]).map((x) => valueText(x, names)).join(', ');
  if (isPlainObject(v)) return Object.entries(v).map(([k, x]) => `${k}=${valueText(x, names)}`).join(' ');
  return String((v as { constructor?: { name?: string } }).constructor?.name ?? typeof v);
}

const kindOf = (type: string): RuleKind =>
  type === 'Microsoft.Insights/scheduledQueryRules' ? 'log-search' : type === 'Microsoft.Insights/metricAlerts' ? 'metric' : type === 'Microsoft.AlertsManagement/prometheusRuleGroups' ? 'prometheus' : 'activity-log';

/** A managed Prometheus rule group's facets: its alert rules' severities, windows and action groups, its expressions by digest. */
function ruleGroupFacets(p: Record<string, Value>, names: ReadonlyMap<string, string>): Record<RuleFacetName, string> {
  const rules = (Array.isArray(p.rules) ? (p.rules as readonly Value[]) : []).filter(isPlainObject);
  const alerts = rules.filter((r) => typeof r.alert === 'string');
  const digest = createHash('sha256').update(rules.map((r) => `${String(r.record ?? r.alert)}\n${String(r.expression)}`).join('\n')).digest('hex').slice(0, 8);
  const groups = alerts.flatMap((r) => (Array.isArray(r.actions) ? (r.actions as readonly Value[]) : []).map((a) => (isPlainObject(a) ? a.actionGroupId : a)));
  return {
    severity: alerts.map((r) => valueText(r.severity, names)).join(', ') || '—',
    evaluation: valueText(p.interval, names),
    // A budget group's alerts (label azslo_budget) compare the ratio over the SLO window with a threshold each.
    window: [...new Set(alerts.map((r) => (isPlainObject(r.annotations) && typeof r.annotations.budget === 'string' ? r.annotations.budget : undefined)).filter((x) => x !== undefined))].join(', ') || '—',
    threshold: alerts.filter((r) => isPlainObject(r.labels) && typeof r.labels.azslo_budget === 'string').map((r) => `${String((r.labels as Record<string, Value>).azslo_budget)} ${String(r.expression).split('} ').pop()}`).join(', ') || '—',
    'burn-rate windows': alerts.filter((r) => !(isPlainObject(r.labels) && typeof r.labels.azslo_budget === 'string')).map((r) => (isPlainObject(r.annotations) ? valueText(r.annotations.windows, names) : '—')).join('; ') || '—',
    query: `${rules.length} rules (${digest})`,
    scopes: valueText(p.scopes, names),
    'action groups': [...new Set(groups.map((g) => valueText(g, names)))].sort(compareText).join(', ') || '—',
    enabled: valueText(p.enabled, names),
  };
}

/** The facets of a rule that a reviewer compares, as text, read from the resource as generate writes it. */
function ruleFacets(r: AzureResource, names: ReadonlyMap<string, string>): Record<RuleFacetName, string> {
  const p = isPlainObject(r.properties) ? r.properties : {};
  if (r.type === 'Microsoft.AlertsManagement/prometheusRuleGroups') return ruleGroupFacets(p, names);
  const criteria = isPlainObject(p.criteria) && Array.isArray(p.criteria.allOf) ? (p.criteria.allOf as readonly Value[]) : [];
  const threshold = criteria
    .filter(isPlainObject)
    .map((c) => {
      const what = typeof c.metricName === 'string' ? `${valueText(c.timeAggregation, names)} ${c.metricName} ` : '';
      const bound = c.criterionType === 'DynamicThresholdCriterion' ? `dynamic (${valueText(c.alertSensitivity, names)})` : valueText(c.threshold, names);
      return `${what}${valueText(c.operator, names)} ${bound}`.trim();
    })
    .join('; ');
  const actions = p.actions;
  const groups = Array.isArray(actions)
    ? (actions as readonly Value[]).map((a) => (isPlainObject(a) ? a.actionGroupId : a))
    : isPlainObject(actions) && Array.isArray(actions.actionGroups)
      ? (actions.actionGroups as readonly Value[]).map((a) => (isPlainObject(a) ? a.actionGroupId : a))
      : [];
  const custom = isPlainObject(actions) && isPlainObject(actions.customProperties) ? actions.customProperties : {};
  return {
    severity: valueText(p.severity, names),
    evaluation: valueText(p.evaluationFrequency, names),
    window: valueText(p.windowSize, names),
    threshold: threshold || '—',
    'burn-rate windows': valueText(custom['azslo-windows'], names),
    query: criteria.filter(isPlainObject).map((c) => valueText(c.query, names)).join('; ') || '—',
    scopes: valueText(p.scopes, names),
    'action groups': groups.map((g) => valueText(g, names)).sort(compareText).join(', ') || '—',
    enabled: valueText(p.enabled, names),
  };
}

function rulesOf(side: DiffSide | undefined, slug: string | undefined): Map<string, { kind: RuleKind; facets: Record<RuleFacetName, string> }> {
  const out = new Map<string, { kind: RuleKind; facets: Record<RuleFacetName, string> }>();
  if (!side || slug === undefined) return out;
  const names = new Map(side.deployment.resources.map((r) => [r.key, r.name]));
  for (const r of side.deployment.resources) {
    if (!ALERT_RULE_TYPES.includes(r.type) || r.module.split('/')[0] !== slug) continue;
    out.set(r.name, { kind: kindOf(r.type), facets: ruleFacets(r, names) });
  }
  return out;
}

const byName = <T extends { name: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => compareText(a.name, b.name));
const byId = <T extends { id: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => compareText(a.id, b.id));

function serviceDiff(name: string, base: DiffSide, head: DiffSide): ServiceDiff {
  const b = base.services.find((s) => s.name === name);
  const h = head.services.find((s) => s.name === name);
  const ba = base.analysis.services.find((s) => s.service === name);
  const ha = head.analysis.services.find((s) => s.service === name);

  const bSlos = new Map((b?.slos ?? []).map((s) => [s.name, sloSummary(s)]));
  const hSlos = new Map((h?.slos ?? []).map((s) => [s.name, sloSummary(s)]));
  const changedSlos: SloChange[] = [];
  for (const [n, before] of bSlos) {
    const after = hSlos.get(n);
    if (!after) continue;
    const c: { -readonly [K in keyof SloChange]: SloChange[K] } = { name: n };
    if (before.objective !== after.objective) c.objective = { before: before.objective, after: after.objective };
    if (before.windowDays !== after.windowDays) c.windowDays = { before: before.windowDays, after: after.windowDays };
    const rolling = /^\d+ d$/;
    if (before.window !== after.window && !(rolling.test(before.window) && rolling.test(after.window))) c.window = { before: before.window, after: after.window };
    if (before.budgetMinutes !== after.budgetMinutes || before.budgetMinutesMax !== after.budgetMinutesMax) {
      // Both ends of a calendar window's budget, so the report can show the whole before and after.
      c.budgetMinutes = { before: before.budgetMinutes, after: after.budgetMinutes };
      if (before.budgetMinutesMax !== undefined || after.budgetMinutesMax !== undefined) c.budgetMinutesMax = { before: before.budgetMinutesMax, after: after.budgetMinutesMax };
    }
    if (Object.keys(c).length > 1) changedSlos.push(c);
  }

  const bRules = rulesOf(base, b?.slug);
  const hRules = rulesOf(head, h?.slug);
  const changedRules: RuleChange[] = [];
  for (const [n, before] of bRules) {
    const after = hRules.get(n);
    if (!after) continue;
    const changes = RULE_FACETS.filter((f) => before.facets[f] !== after.facets[f]).map((what) => ({ what, before: before.facets[what], after: after.facets[what] }));
    if (changes.length) changedRules.push({ name: n, kind: after.kind, changes });
  }

  const bGaps = new Map((ba?.gaps ?? []).map((g) => [g.id, g]));
  const hGaps = new Map((ha?.gaps ?? []).map((g) => [g.id, g]));
  const detected = (a: typeof ba): Detected | null => (a?.outage.detection ? { seconds: a.outage.detection.seconds, alert: a.outage.detection.alert } : null);
  const diff = {
    slos: {
      added: byName([...hSlos.values()].filter((s) => !bSlos.has(s.name))),
      removed: byName([...bSlos.values()].filter((s) => !hSlos.has(s.name))),
      changed: byName(changedSlos),
    },
    alertRules: {
      added: byName([...hRules].filter(([n]) => !bRules.has(n)).map(([n, r]) => ({ name: n, kind: r.kind }))),
      removed: byName([...bRules].filter(([n]) => !hRules.has(n)).map(([n, r]) => ({ name: n, kind: r.kind }))),
      changed: byName(changedRules),
    },
    detection: { before: detected(ba), after: detected(ha) },
    gaps: {
      opened: byId([...hGaps.values()].filter((g) => !bGaps.has(g.id)).map((g) => ({ id: g.id, message: g.message }))),
      closed: byId([...bGaps.values()].filter((g) => !hGaps.has(g.id)).map((g) => ({ id: g.id, message: g.message }))),
    },
    cost: { before: ba?.cost.monthly ?? 0, after: ha?.cost.monthly ?? 0, atLeast: Boolean(ba?.cost.atLeast || ha?.cost.atLeast) },
  };
  const same =
    !diff.slos.added.length &&
    !diff.slos.removed.length &&
    !diff.slos.changed.length &&
    !diff.alertRules.added.length &&
    !diff.alertRules.removed.length &&
    !diff.alertRules.changed.length &&
    !diff.gaps.opened.length &&
    !diff.gaps.closed.length &&
    diff.detection.before?.seconds === diff.detection.after?.seconds &&
    diff.detection.before?.alert === diff.detection.after?.alert &&
    diff.cost.before === diff.cost.after;
  return { service: name, status: !b ? 'added' : !h ? 'removed' : same ? 'unchanged' : 'changed', ...diff };
}

/** The diff of two estates: every service of either side, in name order. */
export function diffEstates(base: DiffSide, head: DiffSide): EstateDiff {
  const names = [...new Set([...base.services.map((s) => s.name), ...head.services.map((s) => s.name)])].sort(compareText);
  const p = prices();
  return {
    tool: 'azslo diff',
    base: base.label,
    head: head.label,
    services: names.map((n) => serviceDiff(n, base, head)),
    cost: {
      before: base.analysis.cost.monthly,
      after: head.analysis.cost.monthly,
      currency: p.currency,
      atLeast: base.analysis.cost.atLeast || head.analysis.cost.atLeast,
      pricesReadOn: p.readOn,
      source: p.source,
      excludes: COST_EXCLUDES,
    },
  };
}
