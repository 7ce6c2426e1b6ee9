import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { fact } from './index.js';
import { metricsCatalog, resourceCatalog, type MetricAlertDefinition, type ResourceTypeEntry } from './resources.js';
import { compareText } from '../base/text.js';

/** `azslo catalog list` and `azslo catalog show`: what azslo knows about each resource type and would create for it. */
const text = Handlebars.create();
text.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(String(sep)) : ''));

const condition = (a: MetricAlertDefinition): string =>
  `${a.aggregation} ${a.namespace ? `${a.namespace} ` : ''}${a.metric}${(a.dimensions ?? []).map((d) => ` [${d.name} ${d.operator === 'Exclude' ? '∉' : '∈'} ${d.values.join('|')}]`).join('')} ${a.operator} ${a.dynamic ? `dynamic (${a.dynamic.sensitivity}, ${a.dynamic.minFailingPeriods} of ${a.dynamic.evaluationPeriods})` : a.threshold}`;

export interface CatalogRow {
  type: string;
  title: string;
  baselineAlerts: number;
  rpoSignals: number;
  resourceHealth: boolean;
  sla: string;
  metrics: number;
}

export function catalogRows(): CatalogRow[] {
  return [...resourceCatalog().values()]
    .sort((a, b) => compareText(a.type, b.type))
    .map((e) => ({
      type: e.type,
      title: e.title,
      baselineAlerts: e.baselineAlerts.length,
      rpoSignals: e.recovery.signals.length,
      resourceHealth: e.resourceHealth.supported,
      sla: [...new Set(e.sla.map((s) => `${s.availability}`))].join('/'),
      metrics: metricsCatalog().get(e.type.toLowerCase())?.namespaces.reduce((n, ns) => n + ns.metrics.length, 0) ?? 0,
    }));
}

export function catalogListText(): string {
  const rows = catalogRows();
  const width = Math.max(...rows.map((r) => r.type.length), 4);
  const lines = [`${'TYPE'.padEnd(width)}  ALERTS  RPO  HEALTH  SLA %        TITLE`];
  for (const r of rows) lines.push(`${r.type.padEnd(width)}  ${String(r.baselineAlerts).padStart(6)}  ${String(r.rpoSignals).padStart(3)}  ${(r.resourceHealth ? 'yes' : 'no').padEnd(6)}  ${r.sla.padEnd(11)}  ${r.title}`);
  lines.push('', `${rows.length} resource types. \`azslo catalog show <type>\` tells what azslo creates for one and why.`);
  return lines.join('\n');
}

export function findType(type: string): ResourceTypeEntry | undefined {
  return resourceCatalog().get(type.toLowerCase());
}

export function catalogShowText(entry: ResourceTypeEntry): string {
  const tpl = text.compile(readFileSync(new URL('../../templates/reports/catalog-show.txt.hbs', import.meta.url), 'utf8'), { noEscape: true, strict: false });
  const view = (a: MetricAlertDefinition) => ({
    ...a,
    condition: condition(a),
    appliesTo: a.appliesTo ? [...(a.appliesTo.kinds ?? []).map((k) => `kind ${k}`), ...(a.appliesTo.skus ?? []).map((s) => `SKU ${s}`)].join(', ') : undefined,
    requires: a.requires ? [...(a.requires.recovery ?? []).map((r) => `a recovery mechanism with '${r}'`), ...(a.requires.multiRegion ? ['multiRegion: true'] : [])].join(' or ') : undefined,
  });
  const multi = fact('metric-alerts', 'multiResourceTypes').some((t) => t.toLowerCase() === entry.type.toLowerCase());
  return tpl({ entry, multiResource: multi, baseline: entry.baselineAlerts.map(view), rpo: entry.recovery.signals.map(view) }).replace(/\n{3,}/g, '\n\n').trimEnd();
}
