import { apiVersion, fact } from '../catalog/index.js';
import type { ResourceModel } from '../model/infrastructure.js';
import type { SignalModel } from '../model/business.js';
import { nameGuid } from '../model/names.js';
import { isPrometheusSlo, type ServiceModel, type SloModel } from '../model/service.js';
import { CALENDAR_PERIODS } from '../model/windows.js';
import { renderKql, templatesDir } from '../kql/templates.js';
import { correctionsContext } from '../kql/sli.js';
import { humanDuration } from '../base/durations.js';
import { occurrenceSeconds } from '../model/maintenance.js';
import { TAGS, type ServiceContext } from './context.js';
import { FileText, type AzureResource } from './model.js';
import { compareText } from '../base/text.js';

const TYPE = 'Microsoft.Insights/workbooks';
const LOGS = 'microsoft.operationalinsights/workspaces';
const RESOURCE_GRAPH = 'microsoft.resourcegraph/resources';
const DAY_MS = 86_400_000;

const tpl = (name: string) => new URL(`kql/${name}.kql.hbs`, templatesDir);

/** Markdown-escapes user text so names and descriptions show as written. */
export const markdownText = (s: string): string => s.replace(/([\\`*_{}[\]()#+\-.!|<>~&=])/g, '\\$1').replace(/\r?\n/g, '  \n');

export interface WorkbookQueries {
  /** Absent when every SLO is a Prometheus SLI (no KQL function to read). */
  readonly summary: string | undefined;
  /** The Prometheus SLOs: no KQL function, read in the Azure Monitor workspace; the workbook says where. */
  readonly prometheus: readonly SloModel[];
  readonly perSlo: readonly { readonly slo: SloModel; readonly sliChart: string; readonly budget: string }[];
  readonly alertRules: string;
  /** Resource Health of the declared resources (Resource Graph); absent when none are declared. */
  readonly resourceHealth: string | undefined;
  /** Business section: every SLO's SLI per hour, and per KPI its hourly values and a week-over-week comparison. */
  readonly slisHourly: string | undefined;
  readonly kpis: readonly { readonly signal: SignalModel; readonly hourly: string; readonly weekOverWeek: string }[];
  /** Per SLO with corrections, the time of its window its maintenance windows leave out; absent without any. */
  readonly excludedTime: string | undefined;
}

/** A calendar window's period and time zone for the templates, which read the budget from the period's start. */
const calendar = (slo: SloModel): { period?: string; timeZone?: string } => (slo.window.kind === 'calendar' ? { period: slo.window.period, timeZone: slo.window.timeZone } : {});

/**
 * How far back the workbook must let a query read for one SLO: its rolling window, or a calendar window's longest
 * period and a day (the period starts at local midnight, up to 14 hours before UTC midnight).
 */
const lookbackMs = (slo: SloModel): number => (slo.window.kind === 'calendar' ? slo.window.maxDays + 1 : slo.windowDays) * DAY_MS;

/** Every KQL query of a service's workbook: Logs queries over the SLI functions, and one Resource Graph query. */
export function workbookQueries(service: ServiceModel): WorkbookQueries {
  // Prometheus SLIs have no KQL function: the Logs queries cover the other SLOs, a note the Prometheus ones.
  const kqlSlos = service.slos.filter((s) => !isPrometheusSlo(s));
  const slos = kqlSlos.map((s, i) => ({ functionAlias: s.functionAlias, windowSeconds: s.windowDays * 86400, name: s.name, objective: s.objective, window: s.window.label, ...calendar(s), periodStartName: `periodStart${i + 1}` }));
  return {
    summary: slos.length ? renderKql(tpl('workbook-summary'), { slos }) : undefined,
    prometheus: service.slos.filter(isPrometheusSlo),
    perSlo: kqlSlos.map((slo) => ({
      slo,
      sliChart: renderKql(tpl('workbook-sli-chart'), { functionAlias: slo.functionAlias, objective: slo.objective }),
      budget: renderKql(tpl('workbook-budget'), { functionAlias: slo.functionAlias, objective: slo.objective, windowSeconds: slo.windowDays * 86400, ...calendar(slo) }),
    })),
    alertRules: renderKql(tpl('workbook-alert-rules'), { service: service.name, serviceTag: TAGS.service, managedTag: TAGS.managed, sloTag: TAGS.slo }),
    resourceHealth: service.resources.length ? renderKql(tpl('workbook-resource-health'), { resourceIds: service.resources.map((r) => r.id.toLowerCase()) }) : undefined,
    slisHourly: slos.length ? renderKql(tpl('workbook-slis-hourly'), { slos }) : undefined,
    kpis: service.business.signals.map((signal) => ({
      signal,
      hourly: renderKql(tpl('workbook-kpi'), { functionAlias: signal.functionAlias }),
      weekOverWeek: renderKql(tpl('workbook-kpi-week-over-week'), { functionAlias: signal.functionAlias }),
    })),
    excludedTime: excludedTimeQuery(service.slos),
  };
}

function excludedTimeQuery(all: readonly SloModel[]): string | undefined {
  const slos = all
    .filter((s) => s.corrections?.length)
    .map((s) => ({ name: s.name, window: `${s.windowDays}d`, windowSeconds: s.windowDays * 86400, windowMinutes: s.windowDays * 1440, windows: correctionsContext(s.corrections!) }));
  return slos.length ? renderKql(tpl('workbook-maintenance'), { slos }) : undefined;
}

/**
 * The maintenance section: a table of the declared windows (when, which SLOs, whether they correct the SLIs, the
 * length of one occurrence), and per corrected SLO the time its windows leave out of its window.
 */
function maintenanceItems(service: ServiceModel, excludedTime: string | undefined): object[] {
  const rows = (service.maintenance ?? []).map((w) =>
    [w.name, w.text, w.slos.join(', '), w.correct ? 'yes: left out of the SLIs' : 'no: notifications only', humanDuration(occurrenceSeconds(w.schedule)), w.description ?? ''].map((cell) => markdownText(cell)).join(' | '),
  );
  const table = ['| Window | When | SLOs | Correction | Length | Why |', '|---|---|---|---|---|---|', ...rows.map((r) => `| ${r} |`)].join('\n');
  const items: object[] = [
    {
      type: 1,
      content: { json: `## Maintenance windows\n\nDuring a window the burn-rate alerts of its SLOs notify no one (an alert processing rule); a correcting window also leaves its events out of the SLIs, so the SLOs and budgets above do not count them (docs/maintenance.md).\n\n${table}` },
      name: 'maintenance-title',
    },
  ];
  if (excludedTime) {
    items.push(logsQuery('maintenance-excluded', 'Time left out of each corrected SLO over its window', excludedTime, service.azure.workspace, {
      timeContext: { durationMs: Math.max(...service.slos.map((s) => s.windowDays)) * DAY_MS },
      visualization: 'table',
      gridSettings: { formatters: [{ columnMatch: 'ExcludedPercent', formatter: 0, numberFormat: { unit: 1, options: { maximumFractionDigits: 2 } } }] },
    }));
  }
  return items;
}

const logsQuery = (name: string, title: string, query: string, workspace: string, extra: object) => ({
  type: 3,
  content: { version: 'KqlItem/1.0', query, size: 0, title, queryType: 0, resourceType: LOGS, crossComponentResources: [workspace], ...extra },
  name,
});

/**
 * The workbook JSON (Notebook/1.0), importable as is in the portal's advanced editor: a time range parameter, the
 * SLO table (SLI over the window, objective, budget left, burn rates), per SLO an SLI chart and a budget
 * burn-down, and the service's alert rules from Resource Graph.
 */
export function workbookContent(service: ServiceModel): object {
  const q = workbookQueries(service);
  const ws = service.azure.workspace;
  const maxWindowMs = Math.max(...service.slos.map(lookbackMs));
  const intro = [`# ${markdownText(service.displayName)}: service level objectives`];
  if (service.description) intro.push(markdownText(service.description));
  intro.push(`Owner: ${markdownText(service.owner)} · Environment: ${markdownText(service.environment)} · Generated by azslo; edit the spec, not this workbook.`);
  const items: object[] = [
    { type: 1, content: { json: intro.join('\n\n') }, name: 'title' },
    {
      type: 9,
      content: {
        version: 'KqlParameterItem/1.0',
        parameters: [
          {
            id: nameGuid(service.name, 'parameter', 'TimeRange'),
            version: 'KqlParameterItem/1.0',
            name: 'TimeRange',
            label: 'Time range',
            type: 4,
            isRequired: true,
            typeSettings: { selectableValues: [1, 6, 24, 72, 168, 336, 720].map((h) => ({ durationMs: h * 3_600_000 })), allowCustom: true },
            value: { durationMs: 7 * DAY_MS },
          },
        ],
        style: 'pills',
        queryType: 0,
        resourceType: LOGS,
      },
      name: 'parameters',
    },
  ];
  if (q.summary) {
    items.push(logsQuery('slo-summary', 'SLOs over their windows', q.summary, ws, {
      timeContext: { durationMs: maxWindowMs },
      visualization: 'table',
      gridSettings: {
        formatters: [
          { columnMatch: 'SLI', formatter: 0, numberFormat: { unit: 1, options: { maximumFractionDigits: 3 } } },
          { columnMatch: 'BudgetRemaining', formatter: 18, formatOptions: { thresholdsOptions: 'colors', thresholdsGrid: [{ operator: '<=', thresholdValue: '0', representation: 'redBright' }, { operator: '<=', thresholdValue: '25', representation: 'orange' }, { operator: 'Default', representation: 'green' }] }, numberFormat: { unit: 1, options: { maximumFractionDigits: 1 } } },
          { columnMatch: 'BurnRate', formatter: 0, numberFormat: { unit: 0, options: { maximumFractionDigits: 2 } } },
        ],
      },
    }));
  }
  for (const { slo, sliChart, budget } of q.perSlo) {
    const heading = [`## ${markdownText(slo.name)}`, `Objective ${slo.objective} % over ${markdownText(slo.window.text)}; SLI function \`${slo.functionAlias}()\`.`];
    if (slo.description) heading.push(markdownText(slo.description));
    items.push({ type: 1, content: { json: heading.join('\n\n') }, name: `slo-${slo.slug}-title` });
    items.push({ ...logsQuery(`slo-${slo.slug}-sli`, 'SLI per hour (%)', sliChart, ws, { timeContextFromParameter: 'TimeRange', visualization: 'timechart' }), customWidth: '50' });
    const budgetTitle = slo.window.kind === 'calendar' ? `Error budget remaining this ${CALENDAR_PERIODS[slo.window.period].noun}, from its start in ${slo.window.timeZone} (%)` : `Error budget remaining over ${slo.windowDays} days (%)`;
    items.push({ ...logsQuery(`slo-${slo.slug}-budget`, budgetTitle, budget, ws, { timeContext: { durationMs: lookbackMs(slo) }, visualization: 'linechart' }), customWidth: '50' });
  }
  for (const slo of q.prometheus) {
    const heading = [
      `## ${markdownText(slo.name)}`,
      `Objective ${slo.objective} % ${slo.window.kind === 'calendar' ? slo.window.text : `over ${slo.windowDays} days`}; a Prometheus SLI, recorded by its managed Prometheus rule group in the Azure Monitor workspace (not in Logs): read it there in PromQL (Azure Managed Grafana, or the workspace's PromQL explorer) as \`azslo:sli_error:ratio_rate5m\` to \`ratio_rate3d\` with the labels azslo_service and azslo_slo of this SLO.`,
    ];
    if (slo.description) heading.push(markdownText(slo.description));
    items.push({ type: 1, content: { json: heading.join('\n\n') }, name: `slo-${slo.slug}-title` });
  }
  if (service.maintenance?.length) items.push(...maintenanceItems(service, q.excludedTime));
  if (q.kpis.length) items.push(...businessItems(service, q));
  if (q.resourceHealth) items.push(...infrastructureItems(service, q.resourceHealth));
  items.push({
    type: 3,
    content: {
      version: 'KqlItem/1.0',
      query: q.alertRules,
      size: 0,
      title: 'Alert rules and action groups of this service',
      queryType: 1,
      resourceType: RESOURCE_GRAPH,
      crossComponentResources: ['value::all'],
      visualization: 'table',
      gridSettings: { formatters: [{ columnMatch: 'Rule', formatter: 13, formatOptions: { linkTarget: 'Resource', showIcon: true } }] },
    },
    name: 'alert-rules',
  });
  return {
    version: 'Notebook/1.0',
    items,
    isLocked: false,
    fallbackResourceIds: [ws],
    $schema: 'https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json',
  };
}

/**
 * The business section: the SLIs of the technical SLOs per hour first, then per KPI its hourly values and the last
 * seven days against the seven before (workbooks, unlike log search alerts, may read more than two days).
 */
function businessItems(service: ServiceModel, q: WorkbookQueries): object[] {
  const ws = service.azure.workspace;
  const items: object[] = [
    { type: 1, content: { json: '## Business\n\nThe KPIs of the service over time, under the technical SLOs, so a drop in business can be tied to a technical failure.' }, name: 'business-title' },
    ...(q.slisHourly ? [logsQuery('business-slis', 'SLIs per hour (%)', q.slisHourly, ws, { timeContextFromParameter: 'TimeRange', visualization: 'timechart' })] : []),
  ];
  for (const { signal, hourly, weekOverWeek } of q.kpis) {
    const unit = signal.unit ? ` (${signal.unit})` : '';
    items.push({ ...logsQuery(`kpi-${signal.slug}`, `${signal.name} per hour${unit}`, hourly, ws, { timeContextFromParameter: 'TimeRange', visualization: 'timechart' }), customWidth: '50' });
    items.push({ ...logsQuery(`kpi-${signal.slug}-week-over-week`, `${signal.name}: last 7 days against the 7 before${unit}`, weekOverWeek, ws, { timeContext: { durationMs: 14 * DAY_MS }, visualization: 'timechart' }), customWidth: '50' });
  }
  return items;
}

/**
 * The infrastructure section: Resource Health of every declared resource, and per resource type a chart of the
 * metrics its baseline alerts watch.
 */
function infrastructureItems(service: ServiceModel, resourceHealth: string): object[] {
  const aggregationCodes = fact('workbooks', 'metricAggregations');
  const items: object[] = [
    { type: 1, content: { json: `## Infrastructure\n\nHealth of the ${service.resources.length} declared resources, and the platform metrics their baseline alerts watch.` }, name: 'infrastructure-title' },
    {
      type: 3,
      content: {
        version: 'KqlItem/1.0',
        query: resourceHealth,
        size: 0,
        title: 'Resource Health',
        queryType: 1,
        resourceType: RESOURCE_GRAPH,
        crossComponentResources: ['value::all'],
        visualization: 'table',
        gridSettings: { formatters: [{ columnMatch: 'Resource', formatter: 13, formatOptions: { linkTarget: 'Resource', showIcon: true } }] },
      },
      name: 'resource-health',
    },
  ];
  const byType = new Map<string, ResourceModel[]>();
  for (const r of service.resources) if (r.alerts.length) (byType.get(r.type) ?? byType.set(r.type, []).get(r.type)!).push(r);
  for (const [type, resources] of [...byType].sort(([a], [b]) => compareText(a, b))) {
    const seen = new Set<string>();
    const metrics: object[] = [];
    for (const a of resources.flatMap((r) => r.alerts)) {
      const ns = (a.namespace ?? type).toLowerCase();
      const key = `${ns}|${a.metric}|${a.aggregation}`;
      if (ns !== type.toLowerCase() || seen.has(key) || metrics.length >= 6) continue;
      seen.add(key);
      metrics.push({ namespace: ns, metric: `${ns}--${a.metric}`, aggregation: aggregationCodes[a.aggregation] });
    }
    if (!metrics.length) continue;
    items.push({
      type: 10,
      content: {
        chartId: `workbook${nameGuid(service.name, 'metrics', type)}`,
        version: 'MetricsItem/2.0',
        size: 0,
        chartType: fact('workbooks', 'metricChartTypeLine'),
        resourceType: type.toLowerCase(),
        metricScope: 0,
        resourceIds: resources.map((r) => r.id),
        timeContextFromParameter: 'TimeRange',
        timeContext: { durationMs: DAY_MS },
        metrics,
        title: `${resources[0]!.entry?.title ?? type}: baseline metrics`,
        gridSettings: { rowLimit: 10000 },
      },
      customWidth: '50',
      name: `metrics-${slugOf(type)}`,
    });
  }
  return items;
}

/** split(part).length - 1 without the pieces: how many times `part` occurs in `text`, without overlaps. */
function occurrences(text: string, part: string): number {
  if (part === '') return text.split(part).length - 1;
  let n = 0;
  for (let i = text.indexOf(part); i !== -1; i = text.indexOf(part, i + part.length)) n++;
  return n;
}

const slugOf = (type: string) => type.toLowerCase().replace(/[^a-z0-9]+/g, '-');

export const workbookFile = (serviceSlug: string, part = 1): string => (part === 1 ? `${serviceSlug}/workbook.json` : `${serviceSlug}/workbook.${part}.json`);

/** A workspace resource id is at most this long (resource group names 90, workspace names 63 characters). */
const MAX_WORKSPACE_ID_LENGTH = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups//providers/Microsoft.OperationalInsights/workspaces/'.length + 90 + 63;

/**
 * A service's workbook JSON, in as few parts as keep each within what ARM can load and build as one text
 * (arm-limits maxTextLength), whatever workspace id the deployment swaps in. The first part holds the SLOs that fit
 * with the business and infrastructure sections; the others hold the remaining SLOs. One SLO too large on its own
 * stays in a part of its own, which generate reports (AZSLO025) at that SLO.
 */
export function workbookParts(service: ServiceModel): { readonly json: string; readonly slos: readonly SloModel[] }[] {
  const limit = fact('arm-limits', 'maxTextLength');
  const render = (slos: readonly SloModel[], first: boolean) => {
    const part: ServiceModel = first ? { ...service, slos } : { ...service, slos, resources: [], business: { ...service.business, signals: [] }, maintenance: [] };
    return `${JSON.stringify(workbookContent(part), null, 2)}\n`;
  };
  // Each occurrence of the workspace id (and one more, as the estimate always counted) may grow to the longest id.
  const fits = (json: string) => json.length + (occurrences(json, service.azure.workspace) + 1) * Math.max(0, MAX_WORKSPACE_ID_LENGTH - service.azure.workspace.length) <= limit;
  const whole = render(service.slos, true);
  if (fits(whole) || service.slos.length <= 1) return [{ json: whole, slos: service.slos }];
  // Fill each part with as many SLOs, in the spec's order, as keep it within the limit.
  const parts: { json: string; slos: readonly SloModel[] }[] = [];
  let rest = service.slos;
  while (rest.length) {
    const first = parts.length === 0;
    // The text grows with every SLO: the largest count that fits is found by bisection.
    let [low, high] = [1, rest.length];
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if (fits(render(rest.slice(0, mid), first))) low = mid;
      else high = mid - 1;
    }
    const take = low;
    parts.push({ json: render(rest.slice(0, take), first), slos: rest.slice(0, take) });
    rest = rest.slice(take);
  }
  return parts;
}

/**
 * The service's workbook (Microsoft.Insights/workbooks), named by a GUID derived from the service name; a service
 * with too many SLOs for one workbook gets several, numbered in their display names.
 */
export function workbooks(ctx: ServiceContext): AzureResource[] {
  const s = ctx.service;
  const parts = workbookParts(s);
  return parts.map(({ json, slos }, i) => {
    const part = i + 1;
    return {
      key: part === 1 ? `${s.slug}/workbook/${s.slug}` : `${s.slug}/workbook/${s.slug}-${part}`,
      module: `${s.slug}/workbook`,
      symbol: part === 1 ? 'workbook' : `workbook${part}`,
      type: TYPE,
      apiVersion: apiVersion(TYPE),
      name: part === 1 ? nameGuid(s.name, 'workbook') : nameGuid(s.name, 'workbook', String(part)),
      kind: 'shared',
      location: ctx.location,
      tags: ctx.tags(),
      properties: {
        displayName: parts.length === 1 ? `${s.displayName} SLOs` : `${s.displayName} SLOs (${part}/${parts.length})`,
        category: 'workbook',
        version: 'Notebook/1.0',
        sourceId: ctx.appInsightsId,
        // The file holds the spec's workspace id so it imports as is; the deployment swaps in the parameter's value.
        serializedData: new FileText(workbookFile(s.slug, part), json, [[s.azure.workspace, ctx.workspaceId]], slos.length === 1 && parts.length > 1 ? { slo: slos[0]!.name } : {}),
      },
      dependsOn: [],
      description: parts.length === 1 ? `Workbook of service ${s.name}: SLIs, error budgets, burn rates and alert rules.` : `Workbook ${part} of ${parts.length} of service ${s.name}: SLIs, error budgets, burn rates and alert rules of ${slos.length} SLOs.`,
    };
  });
}
