import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { fact } from '../catalog/index.js';
import { kqlTimespan } from '../kql/escape.js';
import type { ServiceAnalysis, StepResult } from './index.js';

/** The analysis as JSON, Markdown, text and HTML. Handlebars renders the documents; helpers escape per target. */
export interface AnalysisReport {
  readonly tool: 'azslo analyze';
  readonly assumptions: readonly string[];
  readonly services: readonly ServiceAnalysis[];
  readonly gaps: number;
}

export function assumptions(): string[] {
  return [
    'Composite availability multiplies the SLAs of the steps in series and combines redundant steps as 1 − Π(1 − aᵢ) (Azure Well-Architected, reliability metrics); SLA figures are the catalog\'s, for the declared sku, zones, instances and regions.',
    'A resource type without an SLA of its own (or not in the catalog) is not counted.',
    `Time to detect is a worst case for a full outage: ingestion (logs ${fact('detection', 'logIngestionMinutes')} min, platform metrics ${fact('detection', 'platformMetricMinutes')} min, activity log ${fact('detection', 'activityLogMinutes')} min) + one evaluation interval + the time the alert's windows need to cross their thresholds at a 100 % error rate + ${fact('detection', 'notificationMinutes')} min of notification.`,
    'RTO left = RTO − time to detect − the failover time the catalog publishes for the declared recovery mechanism; RPO achievable = the mechanism\'s published RPO.',
  ];
}

export function buildReport(services: readonly ServiceAnalysis[]): AnalysisReport {
  return { tool: 'azslo analyze', assumptions: assumptions(), services, gaps: services.reduce((n, s) => n + s.gaps.length, 0) };
}

const hb = Handlebars.create();
const pct = (a: unknown) => (typeof a === 'number' ? `${Math.round(a * 1e6) / 1e4} %` : 'n/a');
const mins = (m: unknown) => (typeof m === 'number' ? (m >= 60 && m % 60 === 0 ? `${m / 60} h` : `${Math.round(m * 10) / 10} min`) : 'n/a');
hb.registerHelper('pct', pct);
hb.registerHelper('mins', mins);
hb.registerHelper('secs', (s: unknown) => (typeof s === 'number' ? kqlTimespan(s) : 'n/a'));
hb.registerHelper('yesno', (b: unknown) => (b === undefined ? '—' : b ? 'yes' : 'no'));
hb.registerHelper('verdict', (b: unknown) => (b ? '✅ met' : '❌ not met'));
/** A Markdown table cell: pipes and line breaks would break the table. */
hb.registerHelper('md', (v: unknown) => new Handlebars.SafeString(String(v ?? '').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/([*_`<>[\]])/g, '\\$1')));
hb.registerHelper('steps', (steps: StepResult[]) => describeSteps(steps));
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

export function textReport(report: AnalysisReport): string {
  const lines: string[] = [];
  for (const s of report.services) {
    lines.push(`Service ${s.service}`);
    for (const j of s.journeys) {
      lines.push(`  journey ${j.name}: ${pct(j.availability)}${j.unmet.length ? `  below ${j.unmet.map((u) => `${u.slo} (${u.objective} %)`).join(', ')}` : '  meets the availability SLOs'}`);
      if (j.weakest) lines.push(`    weakest link: ${j.weakest.resource} (${pct(j.weakest.availability)})`);
      if (j.suggestion) lines.push(`    ${j.suggestion.closesGap ? 'smallest change that closes the gap' : 'no single change closes the gap; the best one'}: ${j.suggestion.resource}: ${j.suggestion.change} → ${pct(j.suggestion.to)}, journey ${pct(j.suggestion.journeyAvailability)}`);
    }
    for (const v of s.rto) lines.push(`  RTO ${mins(v.rtoMinutes)} ${v.resource ? `${v.resource} (${v.disruption}, ${v.mechanism})` : '(service)'}: detect ${mins(v.detectionMinutes)}${v.recoveryMinutes !== undefined ? ` + recover ${mins(v.recoveryMinutes)}` : ''} → ${v.met ? 'met' : 'NOT met'}${v.remainingMinutes !== undefined ? `, ${mins(v.remainingMinutes)} left` : ''}`);
    for (const v of s.rpo) lines.push(`  RPO ${kqlTimespan(v.rpoSeconds)} ${v.resource}: ${v.achievableSeconds !== undefined ? `achievable ${kqlTimespan(v.achievableSeconds)} (${v.mechanism})` : 'no mechanism declared'} → ${v.met ? 'met' : 'NOT met'}${v.provenByAlert ? `, proven by ${v.provenByAlert}` : ', no alert proves it'}`);
    lines.push(`  gaps: ${s.gaps.length}`);
    for (const g of s.gaps) lines.push(`    [${g.layer}] ${g.message}`);
  }
  return lines.join('\n');
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
  const rtoMax = Math.max(1, ...s.rto.map((v) => Math.max(v.rtoMinutes, (v.detectionMinutes ?? 0) + (v.recoveryMinutes ?? 0))));
  const layers = [
    { name: 'infrastructure', value: s.coverage.resources.reduce((n, r) => n + r.metricAlerts + (r.resourceHealth ? 1 : 0), 0) },
    { name: 'application', value: s.coverage.application.slos },
    { name: 'business', value: s.coverage.business.alerts },
  ];
  const layerMax = Math.max(1, ...layers.map((l) => l.value));
  return {
    service: s.service,
    availability: avail.map((x) => ({ name: x.name, label: pct(x.a), downtime: `${Math.round(monthly(x.a) * 10) / 10} min/month`, width: Math.max(0.5, (monthly(x.a) / maxDown) * 100), journey: x.journey })),
    timeline: s.rto.map((v) => ({
      name: v.resource ?? 'service',
      detect: ((v.detectionMinutes ?? 0) / rtoMax) * 100,
      recover: ((v.recoveryMinutes ?? 0) / rtoMax) * 100,
      rto: (v.rtoMinutes / rtoMax) * 100,
      label: `${mins(v.detectionMinutes)} + ${mins(v.recoveryMinutes ?? 0)} of ${mins(v.rtoMinutes)}`,
      met: v.met,
    })),
    layers: layers.map((l) => ({ ...l, width: (l.value / layerMax) * 100 })),
  };
}
