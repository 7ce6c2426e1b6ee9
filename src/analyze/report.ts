import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { fact } from '../catalog/index.js';
import { humanDuration } from '../base/durations.js';
import type { Disruption } from '../catalog/resources.js';
import { DISRUPTION_TITLES } from '../recovery/index.js';
import type { PlanSummary, ServiceAnalysis, SloBudget, StepResult } from './index.js';
import { drillFigureText, drillSummary, type DrillHistory, type PlanDrill } from './drills.js';
import { COST_EXCLUDES, moneyText, totalCost } from './cost.js';

/** The analysis as JSON, Markdown, text and HTML. Handlebars renders the documents; helpers escape per target. */
export interface AnalysisReport {
  readonly tool: 'azslo analyze';
  readonly assumptions: readonly string[];
  readonly services: readonly ServiceAnalysis[];
  /** Open gaps (not accepted by a valid waiver): what `--fail-on gaps` counts. */
  readonly gaps: number;
  readonly accepted: number;
  /** The monthly list price of every service's alert rules together; notifications excluded. */
  readonly cost: ReturnType<typeof totalCost>;
  /** With `--drills`: files under the folder that are no drill report, with why. */
  readonly drillWarnings?: readonly { readonly file: string; readonly message: string }[];
}

export function assumptions(): string[] {
  return [
    'Composite availability multiplies the SLAs of the steps in series and combines redundant steps as 1 − Π(1 − aᵢ) (Azure Well-Architected, reliability metrics); SLA figures are the catalog\'s, for the declared sku, zones, instances, regions and recovery mechanisms, or the spec\'s own `sla:` with its source.',
    'A step with no known SLA (a type the catalog does not know or has no figure for, and no `sla:` declared) makes its journey\'s figure unknown; a type covered by another type\'s SLA (a disk by its virtual machine) counts as part of it.',
    `Time to detect is a worst case for a full outage: ingestion (logs ${fact('detection', 'logIngestionMinutes')} min, platform metrics ${fact('detection', 'platformMetricMinutes')} min, activity log ${fact('detection', 'activityLogMinutes')} min) + one evaluation interval + the time the alert's windows need to cross their thresholds at a 100 % error rate + ${fact('detection', 'notificationMinutes')} min of notification.`,
    'Per disruption (component failure, zone outage, region outage, data corruption) each resource recovers with the best mechanism in effect for it (catalog, recovery.mechanisms): an automatic one takes its published time (or the time the spec declares from a drill) and needs nobody to be told, and with no time published it is unknown; a customer-started one takes the time to detect plus its published duration, and decision time is not counted; a Microsoft-managed one has no upper bound; one that needs a healthy primary (planned failover) never counts for an outage. Zone mechanisms never count for a region outage, and replication never counts for data corruption.',
    'A resource inside a redundant journey step needs no recovery of its own when the other members survive the disruption (another region for a region outage, another region or zone redundancy for a zone outage); the time to move traffic is the published failover time of the nearest earlier step that fails over automatically (Front Door, Traffic Manager).',
    'A scenario that hits several resources at once (zone, region) runs its phases one after the other — data, messaging, compute, traffic — and the steps of one phase side by side; its estimate is the time to detect plus the slowest step of each phase.',
  ];
}

export function buildReport(services: readonly ServiceAnalysis[], drills?: DrillHistory): AnalysisReport {
  return {
    tool: 'azslo analyze',
    assumptions: assumptions(),
    services,
    gaps: services.reduce((n, s) => n + s.gaps.length, 0),
    accepted: services.reduce((n, s) => n + s.accepted.length, 0),
    cost: totalCost(services.map((s) => s.cost)),
    ...(drills ? { drillWarnings: drills.warnings } : {}),
  };
}

const hb = Handlebars.create();
const pct = (a: unknown) => (typeof a === 'number' ? `${Math.round(a * 1e6) / 1e4} %` : 'n/a');
const mins = (m: unknown) => (typeof m === 'number' ? (m >= 60 && m % 60 === 0 ? `${m / 60} h` : `${Math.round(m * 10) / 10} min`) : 'n/a');
const dur = (x: unknown) => (typeof x === 'number' ? humanDuration(x) : 'n/a');
const STATUS: Readonly<Record<string, string>> = { met: '✅ met', 'not-met': '❌ not met', unknown: '❔ unknown' };
const status = (x: unknown) => (typeof x === 'string' && Object.hasOwn(STATUS, x) ? STATUS[x]! : '—');
hb.registerHelper('dur', dur);
hb.registerHelper('status', status);
hb.registerHelper('title', (d: unknown) => (typeof d === 'string' && Object.hasOwn(DISRUPTION_TITLES, d) ? DISRUPTION_TITLES[d as Disruption] : String(d)));
hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
hb.registerHelper('planOf', (plans: readonly PlanSummary[], scenario: string) => plans.find((p) => p.scenario === scenario));
hb.registerHelper('planStarts', (p: PlanSummary) => planStarts(p));
/** `{{#if}}` is false for 0: an RPO of 0 s must still be shown. */
hb.registerHelper('defined', (a: unknown) => a !== undefined && a !== null);
hb.registerHelper('pct', pct);
hb.registerHelper('money', (c: Parameters<typeof moneyText>[0]) => moneyText(c));
hb.registerHelper('costExcludes', () => COST_EXCLUDES);
hb.registerHelper('mins', mins);
hb.registerHelper('yesno', (b: unknown) => (b === undefined ? '—' : b ? 'yes' : 'no'));
/** A Markdown table cell: pipes and line breaks would break the table. */
hb.registerHelper('md', (v: unknown) => new Handlebars.SafeString(String(v ?? '').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/([*_`<>[\]])/g, '\\$1')));
hb.registerHelper('steps', (steps: StepResult[]) => describeSteps(steps));
hb.registerHelper('drillSummary', (d: PlanDrill) => drillSummary(d));
hb.registerHelper('figure', (f: Parameters<typeof drillFigureText>[0]) => drillFigureText(f));
hb.registerHelper('json', (v: unknown) => new Handlebars.SafeString(JSON.stringify(v).replace(/</g, '\\u003c')));

export function describeSteps(steps: readonly StepResult[]): string {
  return steps
    .map((s) => (s.kind === 'resource' ? `${s.sla.resource} (${pct(s.availability)})` : s.kind === 'redundant' ? `[${s.children.map((c) => describeSteps([c])).join(' ‖ ')}] (${pct(s.availability)})` : `(${describeSteps(s.children)})`))
    .join(' → ');
}

const template = (name: string) =>
  hb.compile(readFileSync(new URL(`../../templates/reports/${name}`, import.meta.url), 'utf8'), { strict: false, noEscape: name.endsWith('.md.hbs') });

export function markdownReport(report: AnalysisReport): string {
  return `${template('analysis.md.hbs')(report).replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

export function htmlReport(report: AnalysisReport): string {
  return `${template('analysis.html.hbs')({ ...report, charts: report.services.map(charts) })}`;
}

/** How a plan starts, in words. */
export function planStarts(p: PlanSummary): string {
  const auto = p.triggers.length ? `automatically on ${p.triggers.join(', ')}` : undefined;
  const demand = p.onDemand ? 'on demand' : undefined;
  const loss = p.allowDataLoss ? `data-losing steps unattended (${p.allowDataLoss})` : 'data-losing steps need an approver';
  return `${[auto, demand].filter(Boolean).join(' and ') || 'never (no trigger, not on demand)'}, ${loss}`;
}

const TEXT_STATUS: Readonly<Record<string, string>> = { met: 'met', 'not-met': 'NOT met', unknown: 'unknown' };

/** A plan's drill in the text report: when, the outcome, measured beside estimated, steps beside the catalog. */
function drillTextLines(d: PlanDrill): string[] {
  const out = [`    drill: ${drillSummary(d)}${d.last ? `, ${d.last.file}` : ''}`];
  for (const f of d.figures) out.push(`      ${drillFigureText(f)}`);
  for (const st of d.steps) out.push(`      step ${st.resource} (${st.mechanism}): measured ${humanDuration(st.measuredSeconds)}, catalog ${st.estimatedSeconds === undefined ? 'publishes no time' : humanDuration(st.estimatedSeconds)}`);
  if (d.hint) out.push(`      ${d.hint}`);
  return out;
}

/** An SLO's window after its objective: `over 30 days`, `each calendar month (Europe/Berlin)`. */
const budgetWindow = (b: SloBudget): string => (b.window.startsWith('each ') ? b.window : `over ${b.window}`);
/** An error budget in minutes: one figure, or a calendar window's from its shortest to its longest period. */
const budgetText = (b: SloBudget): string => (b.minutes.min === b.minutes.max ? `${b.minutes.min} min` : `${b.minutes.min}–${b.minutes.max} min per period`);
hb.registerHelper('budgetWindow', budgetWindow);
hb.registerHelper('budgetText', budgetText);

/** A service's alerting cost in one line: the figure, how many rules, the prices' date, what is left out. */
export function costLine(c: ServiceAnalysis['cost']): string {
  const jobs = c.jobs.length ? ` and ${c.jobs.length} budget job(s)` : '';
  return `${moneyText(c)} / month for ${c.rules.length} alert rule(s)${jobs} (list prices of ${c.pricesReadOn}; ${COST_EXCLUDES})`;
}

/** The plain-text report: every verdict on one line with its reason, the scenarios as numbered steps. */
export function textReport(report: AnalysisReport): string {
  const lines: string[] = [];
  for (const s of report.services) {
    lines.push(`Service ${s.service}`);
    for (const j of s.journeys) {
      const verdict = j.availability === undefined ? `unknown (no SLA known for ${j.unknown.join(', ')})` : j.unmet.length ? `below ${j.unmet.map((u) => `${u.slo} (${u.objective} %)`).join(', ')}` : j.compared.length ? `meets ${j.compared.map((u) => `${u.slo} (${u.objective} %)`).join(', ')}` : 'no availability SLO to compare';
      lines.push(`  journey ${j.name}: ${pct(j.availability)}, ${verdict}`);
      if (!j.namedSlos && j.compared.length) lines.push(`    compared with every availability SLO of the service; name the ones this journey serves (slos: [...])`);
      if (j.weakest) lines.push(`    weakest link: ${j.weakest.resource} (${pct(j.weakest.availability)})`);
      if (j.suggestion) lines.push(`    ${j.suggestion.closesGap ? 'smallest change that closes the gap' : 'no single change closes the gap; the best one'}: ${j.suggestion.resource}: ${j.suggestion.change} → ${pct(j.suggestion.to)}, journey ${pct(j.suggestion.journeyAvailability)}`);
    }
    for (const b of s.coverage.application.budgets) lines.push(`  SLO ${b.slo}: ${b.objective} % ${budgetWindow(b)}, error budget ${budgetText(b)}`);
    if (s.notInJourney.length) lines.push(`  in no journey (not counted): ${s.notInJourney.join(', ')}`);
    for (const c of s.coverage.resources) if (c.rpoExempt) lines.push(`  no RPO for ${c.resource}: ${c.rpoExempt}`);
    // Information, not a verdict: automatic recoveries need nobody told; the per-resource verdicts count detection where a person must act.
    if (s.outage.rto) lines.push(`  time to detect a full outage: ${s.outage.rto.reason}`);
    for (const d of s.recovery.disruptions) {
      const targets = [d.rtoSeconds !== undefined ? `RTO ${humanDuration(d.rtoSeconds)}` : undefined, d.rpoSeconds !== undefined ? `RPO ${humanDuration(d.rpoSeconds)}` : undefined].filter(Boolean).join(', ');
      lines.push(`  ${DISRUPTION_TITLES[d.disruption]} (${targets}):`);
      for (const v of s.recovery.verdicts.filter((x) => x.disruption === d.disruption)) lines.push(`    ${TEXT_STATUS[v.status]}  ${v.resource}: ${v.reason}`);
    }
    for (const sc of s.recovery.scenarios) {
      lines.push(`  scenario ${sc.id}, ${sc.title}: ${TEXT_STATUS[sc.status]}${sc.reason ? `: ${sc.reason}` : ''}${sc.automatable ? '' : '; not every step can be automated'}`);
      const plan = s.recovery.plans.find((p) => p.scenario === sc.id);
      if (plan) lines.push(`    plan: runbook ${plan.runbook}, ${planStarts(plan)}; ${plan.steps.automated} step(s) by ARM call, ${plan.steps.automatic} automatic, ${plan.steps.manual} by hand`);
      const drill = s.drills?.find((d) => d.scenario === sc.id);
      if (drill) lines.push(...drillTextLines(drill));
      for (const st of sc.steps) {
        lines.push(`    ${st.order}. [${st.phase}] ${st.resource}: ${st.action} (${st.mechanism}; ${st.activation}, ${st.durationSeconds !== undefined ? humanDuration(st.durationSeconds) : 'duration not published'}, data loss ${st.dataLoss}, unattended: ${st.unattended}${st.manual ? `; manual: ${st.manual}` : ''})`);
      }
      for (const b of sc.bypassed) lines.push(`    bypassed: ${b.resource}, the journeys go on with ${b.by.join(', ')}`);
      for (const n of sc.notCovered) lines.push(`    not covered: ${n.resource}`);
      for (const g of sc.degraded) lines.push(`    degraded: ${g.resource}: ${g.note}`);
    }
    lines.push(`  alerting cost: ${costLine(s.cost)}`);
    lines.push(`  gaps: ${s.gaps.length} open, ${s.accepted.length} accepted`);
    for (const g of s.gaps) lines.push(`    [${g.layer}] ${g.id}: ${g.message}`);
    for (const g of s.accepted) lines.push(`    accepted ${g.id} (by ${g.waiver.by}, until ${g.waiver.until}): ${g.waiver.reason}`);
    for (const w of s.waiverWarnings) lines.push(`    warning: ${w.message}`);
  }
  if (report.services.length > 1) lines.push(`Alerting cost of all services: ${moneyText(report.cost)} / month`);
  for (const w of report.drillWarnings ?? []) lines.push(`warning: ${w.file}: not read as a drill report: ${w.message}`);
  return lines.join('\n');
}

/** The rows of the detection-and-recovery chart: the full-outage detection, then each scenario with an RTO. */
export function timelineRows(s: ServiceAnalysis): { name: string; detect: number; recover: number; rto: number; known: boolean; status: string }[] {
  const rows: { name: string; detect: number; recover: number; rto: number; known: boolean; status: string }[] = [];
  if (s.outage.rto) rows.push({ name: 'detect a full outage', detect: s.outage.rto.estimateSeconds ?? 0, recover: 0, rto: s.outage.rto.targetSeconds, known: s.outage.rto.estimateSeconds !== undefined, status: s.outage.rto.status });
  for (const sc of s.recovery.scenarios) {
    if (!sc.rto) continue;
    const detect = sc.detection?.seconds ?? 0;
    rows.push({ name: sc.title, detect: sc.totalSeconds !== undefined ? detect : 0, recover: sc.totalSeconds !== undefined ? sc.totalSeconds - (sc.shape === 'together' ? detect : 0) : 0, rto: sc.rto.targetSeconds, known: sc.totalSeconds !== undefined, status: sc.rto.status });
  }
  return rows;
}

/** Data for the HTML report's charts: bars as percentages of the widest value. */
function charts(s: ServiceAnalysis) {
  const components = new Map<string, number>();
  const collect = (steps: readonly StepResult[]) => steps.forEach((x) => (x.kind === 'resource' ? x.availability !== undefined && components.set(x.sla.resource, x.availability) : collect(x.children)));
  s.journeys.forEach((j) => collect(j.steps));
  const avail = [...[...components].map(([name, a]) => ({ name, a, journey: false })), ...s.journeys.filter((j) => j.availability !== undefined).map((j) => ({ name: `journey: ${j.name}`, a: j.availability!, journey: true }))];
  // Bars show unavailability (minutes a month) — on a 99.x % scale every bar would look full.
  const monthly = (a: number) => (1 - a) * 30 * 24 * 60;
  const maxDown = Math.max(1, ...avail.map((x) => monthly(x.a)));
  // One scale for every row: the longest of RTO and detection + recovery, so an overrun shows as a longer bar.
  const rows = timelineRows(s);
  const rtoMax = Math.max(1, ...rows.map((v) => Math.max(v.rto, v.detect + v.recover)));
  const layers = [
    { name: 'infrastructure', value: s.coverage.resources.reduce((n, r) => n + r.metricAlerts + (r.resourceHealth ? 1 : 0), 0) },
    { name: 'application', value: s.coverage.application.slos },
    { name: 'business', value: s.coverage.business.alerts },
  ];
  const layerMax = Math.max(1, ...layers.map((l) => l.value));
  return {
    service: s.service,
    availability: avail.map((x) => ({ name: x.name, label: pct(x.a), downtime: `${Math.round(monthly(x.a) * 10) / 10} min/month`, width: Math.max(0.5, (monthly(x.a) / maxDown) * 100), journey: x.journey })),
    timeline: rows.map((v) => ({
      name: v.name,
      detect: (v.detect / rtoMax) * 100,
      recover: (v.recover / rtoMax) * 100,
      rto: (v.rto / rtoMax) * 100,
      label: v.known ? `${humanDuration(v.detect)} + ${humanDuration(v.recover)} of ${humanDuration(v.rto)}` : `unknown, RTO ${humanDuration(v.rto)}`,
      status: v.status,
    })),
    layers: layers.map((l) => ({ ...l, width: (l.value / layerMax) * 100 })),
  };
}
