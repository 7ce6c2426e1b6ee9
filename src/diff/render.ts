import { humanDuration } from '../base/durations.js';
import type { Change, Detected, EstateDiff, ServiceDiff, SloChange } from './index.js';

/** The diff as Markdown for a pull-request comment (a summary table, then a collapsible section per changed service), text, or JSON. */
export type DiffFormat = 'markdown' | 'json' | 'text';

export function renderDiff(diff: EstateDiff, format: DiffFormat): string {
  if (format === 'json') return `${JSON.stringify(diff, null, 2)}\n`;
  return format === 'markdown' ? markdownDiff(diff) : textDiff(diff);
}

/** A Markdown table cell or inline text: the characters that would end a cell, start markup or an HTML tag are escaped. */
const md = (v: unknown): string =>
  String(v ?? '')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/([*_`<>[\]#])/g, '\\$1');

const money = (n: number, currency: string, atLeast = false) => `${atLeast ? '≥ ' : ''}${currency} ${n.toFixed(2)}`;
const delta = (c: Change<number>) => {
  const d = Math.round((c.after - c.before) * 100) / 100;
  return d === 0 ? '±0.00' : `${d > 0 ? '+' : '−'}${Math.abs(d).toFixed(2)}`;
};
const pct = (n: number) => `${n} %`;
const minutes = (n: number) => `${n} min`;
/** An SLO's error budget: its minutes, or a calendar window's from its shortest to its longest period. */
const budget = (x: { budgetMinutes: number; budgetMinutesMax?: number | undefined }) => (x.budgetMinutesMax === undefined ? minutes(x.budgetMinutes) : `${x.budgetMinutes}–${x.budgetMinutesMax} min`);
const budgetChange = (x: SloChange): Change<string> | undefined =>
  x.budgetMinutes && {
    before: budget({ budgetMinutes: x.budgetMinutes.before, budgetMinutesMax: x.budgetMinutesMax?.before }),
    after: budget({ budgetMinutes: x.budgetMinutes.after, budgetMinutesMax: x.budgetMinutesMax?.after }),
  };
const windowChange = (x: SloChange): Change<string> | undefined => x.window ?? (x.windowDays ? { before: `${x.windowDays.before} d`, after: `${x.windowDays.after} d` } : undefined);
const detected = (d: Detected | null) => (d ? humanDuration(d.seconds) : 'not detected');
const arrow = <T>(c: Change<T> | undefined, show: (x: T) => string, same: string): string => (c ? `${show(c.before)} → ${show(c.after)}` : same);

const counts = (added: number, removed: number, changed: number) => [added && `+${added}`, removed && `−${removed}`, changed && `~${changed}`].filter(Boolean).join(' ') || '—';
const detectionCell = (s: ServiceDiff) => (s.detection.before?.seconds === s.detection.after?.seconds ? detected(s.detection.after) : `${detected(s.detection.before)} → ${detected(s.detection.after)}`);

function markdownService(s: ServiceDiff, currency: string): string[] {
  const out = [`<details><summary><b>${md(s.service)}</b>: ${s.status}</summary>`, ''];
  const slos = [
    ...s.slos.added.map((x) => `| ${md(x.name)} | added | ${pct(x.objective)} | ${md(x.window)} | ${budget(x)} |`),
    ...s.slos.removed.map((x) => `| ${md(x.name)} | removed | ${pct(x.objective)} | ${md(x.window)} | ${budget(x)} |`),
    ...s.slos.changed.map((x) => `| ${md(x.name)} | changed | ${arrow(x.objective, pct, 'same')} | ${arrow(windowChange(x), md, 'same')} | ${arrow(budgetChange(x), (t) => t, 'same')} |`),
  ];
  if (slos.length) out.push('#### SLOs', '', '| SLO | change | objective | window | error budget |', '|---|---|---|---|---|', ...slos, '');
  const rules = [
    ...s.alertRules.added.map((r) => `| ${md(r.name)} | ${r.kind} | added | |`),
    ...s.alertRules.removed.map((r) => `| ${md(r.name)} | ${r.kind} | removed | |`),
    ...s.alertRules.changed.map((r) => `| ${md(r.name)} | ${r.kind} | changed | ${r.changes.map((c) => `${c.what}: ${md(c.before)} → ${md(c.after)}`).join('<br>')} |`),
  ];
  if (rules.length) out.push('#### Alert rules', '', '| rule | kind | change | what changed |', '|---|---|---|---|', ...rules, '');
  out.push('#### Time to detect a full outage', '', `${detected(s.detection.before)}${s.detection.before ? ` (${md(s.detection.before.alert)})` : ''} → ${detected(s.detection.after)}${s.detection.after ? ` (${md(s.detection.after.alert)})` : ''}`, '');
  if (s.gaps.opened.length || s.gaps.closed.length) {
    out.push('#### Gaps', '');
    for (const g of s.gaps.opened) out.push(`- opened \`${g.id.replace(/`/g, "'")}\`: ${md(g.message)}`);
    for (const g of s.gaps.closed) out.push(`- closed \`${g.id.replace(/`/g, "'")}\`: ${md(g.message)}`);
    out.push('');
  }
  out.push(`**Monthly cost of the alerting**: ${money(s.cost.before, currency, s.cost.atLeast)} → ${money(s.cost.after, currency, s.cost.atLeast)} (${delta(s.cost)})`, '', '</details>', '');
  return out;
}

export function markdownDiff(d: EstateDiff): string {
  const c = d.cost;
  const out = [
    `## azslo diff: ${md(d.base)} → ${md(d.head)}`,
    '',
    `**Monthly cost of the alerting**: ${money(c.before, c.currency, c.atLeast)} → ${money(c.after, c.currency, c.atLeast)} (${delta(c)}). List prices of ${c.pricesReadOn} (${c.source}); ${c.excludes}.`,
    '',
    '| service | change | SLOs | alert rules | time to detect an outage | gaps | alerting / month |',
    '|---|---|---|---|---|---|---|',
    ...d.services.map(
      (s) =>
        `| ${md(s.service)} | ${s.status} | ${counts(s.slos.added.length, s.slos.removed.length, s.slos.changed.length)} | ${counts(s.alertRules.added.length, s.alertRules.removed.length, s.alertRules.changed.length)} | ${detectionCell(s)} | ${counts(s.gaps.opened.length, s.gaps.closed.length, 0)} | ${s.cost.before === s.cost.after ? money(s.cost.after, c.currency, s.cost.atLeast) : `${money(s.cost.before, c.currency, s.cost.atLeast)} → ${money(s.cost.after, c.currency, s.cost.atLeast)}`} |`,
    ),
    '',
    'SLOs and alert rules: +added −removed ~changed; gaps: +opened −closed.',
    '',
    ...d.services.filter((s) => s.status !== 'unchanged').flatMap((s) => markdownService(s, c.currency)),
  ];
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

export function textDiff(d: EstateDiff): string {
  const c = d.cost;
  const lines = [`azslo diff ${d.base} → ${d.head}`];
  for (const s of d.services) {
    lines.push(`Service ${s.service}: ${s.status}`);
    if (s.status === 'unchanged') continue;
    for (const x of s.slos.added) lines.push(`  + SLO ${x.name}: ${pct(x.objective)} over ${x.window} (error budget ${budget(x)})`);
    for (const x of s.slos.removed) lines.push(`  - SLO ${x.name}: ${pct(x.objective)} over ${x.window} (error budget ${budget(x)})`);
    for (const x of s.slos.changed) {
      const parts = [x.objective && `objective ${arrow(x.objective, pct, '')}`, windowChange(x) && `window ${arrow(windowChange(x), (t) => t, '')}`, x.budgetMinutes && `error budget ${arrow(budgetChange(x), (t) => t, '')}`].filter(Boolean);
      lines.push(`  ~ SLO ${x.name}: ${parts.join(', ')}`);
    }
    for (const r of s.alertRules.added) lines.push(`  + alert rule ${r.name} (${r.kind})`);
    for (const r of s.alertRules.removed) lines.push(`  - alert rule ${r.name} (${r.kind})`);
    for (const r of s.alertRules.changed) lines.push(`  ~ alert rule ${r.name} (${r.kind}): ${r.changes.map((x) => `${x.what} ${x.before} → ${x.after}`).join('; ')}`);
    lines.push(`  time to detect a full outage: ${detected(s.detection.before)} → ${detected(s.detection.after)}`);
    for (const g of s.gaps.opened) lines.push(`  + gap ${g.id}: ${g.message}`);
    for (const g of s.gaps.closed) lines.push(`  - gap ${g.id}: ${g.message}`);
    lines.push(`  alerting cost: ${money(s.cost.before, c.currency, s.cost.atLeast)} → ${money(s.cost.after, c.currency, s.cost.atLeast)} / month (${delta(s.cost)})`);
  }
  lines.push(`Alerting cost of all services: ${money(c.before, c.currency, c.atLeast)} → ${money(c.after, c.currency, c.atLeast)} / month (${delta(c)}; list prices of ${c.pricesReadOn}, ${c.source}; ${c.excludes})`);
  return `${lines.join('\n')}\n`;
}
