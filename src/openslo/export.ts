/**
 * azslo specs → OpenSLO v1: per service a Service, the Azure Monitor DataSource its SLIs read (and a Prometheus one,
 * the Azure Monitor workspace, when it has Prometheus SLIs), an AlertNotificationTarget per notification target, an
 * SLO per SLO with its SLI inline, and an AlertPolicy per page or ticket alert. What OpenSLO cannot say stays in
 * `azslo.dev/…` annotations, one small value each, so that import gives back the same specs (docs/openslo.md). Names
 * are DNS labels, unique per kind across the export.
 */
import { parseDuration } from '../base/durations.js';
import { compareText } from '../base/text.js';
import { renderSliFunction } from '../kql/sli.js';
import { fit, shortHash, slug } from '../model/names.js';
import { buildServiceModel, type SloModel } from '../model/service.js';
import type { AlertSpec, ResourceSpec, ServiceSpec, SloSpec, TargetSpec } from '../model/spec.js';
import { DEFAULT_TIME_ZONE, sloTierWindows, type ResolvedAlertWindows, type ResolvedPair } from '../model/windows.js';
import { declaredResource } from '../model/resource-refs.js';
import { isMetricSliKind } from '../model/metric-sli.js';
import { sliCatalog } from '../catalog/index.js';
import { CALENDAR_START, PERIOD_DURATION } from './calendar.js';
import { diagnosticsAt } from '../diagnostics/builder.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatPath, positionAt } from '../load/source.js';
import type { ValidatedService } from '../validate/index.js';
import { Document, isScalar, visit } from 'yaml';
import { ANNOTATION, EXPORT_DATA_SOURCE_TYPE, PROMETHEUS_DATA_SOURCE_TYPE, RECEIVER_KINDS } from './objects.js';
import { OPENSLO_API_VERSION, isLabelKey } from './rules.js';

type Obj = Record<string, unknown>;

export interface OpenSloFile {
  readonly path: string;
  readonly text: string;
  /** The objects of the file, in order. */
  readonly objects: readonly Obj[];
}

const MAX_NAME = 63;

/** A DNS label for a name: its slug, cut to 63 characters (with a hash when cut), never empty. */
const label = (name: string): string => fit(slug(name) || `x-${shortHash(name)}`, MAX_NAME);

/** Names unique per kind across the export: a name a second service would reuse is prefixed with the service's. */
class Names {
  private readonly used = new Map<string, Set<string>>();
  take(kind: string, wanted: string, prefix: string): string {
    const used = this.used.get(kind) ?? new Set<string>();
    this.used.set(kind, used);
    let name = label(wanted);
    if (used.has(name)) name = label(`${prefix}-${wanted}`);
    for (let i = 2; used.has(name); i++) name = label(`${prefix}-${wanted}-${i}`);
    used.add(name);
    return name;
  }
}

/** A duration in the shorthand of OpenSLO: the largest of d, h, m that divides it. */
function shorthand(text: string): string {
  const s = parseDuration(text) ?? 0;
  if (s % 86400 === 0) return `${s / 86400}d`;
  if (s % 3600 === 0) return `${s / 3600}h`;
  return `${Math.max(1, Math.round(s / 60))}m`;
}

const object = (kind: string, metadata: Obj, spec: Obj): Obj => ({ apiVersion: OPENSLO_API_VERSION, kind, metadata, spec });

const withAnnotations = (metadata: Obj, annotations: Record<string, string>): Obj => (Object.keys(annotations).length ? { ...metadata, annotations } : metadata);

/**
 * The SLI kinds export writes. Every kind whose saved function is KQL in the Log Analytics workspace (the platform
 * metric kinds read AzureMetrics there) is an azslo SLI kept in azslo.dev/sli beside that KQL; a prometheus SLI is
 * OpenSLO's own Prometheus metric source. A kind added to azslo is refused (checkOpenSloExport) until its OpenSLO form
 * is decided here.
 */
export const EXPORTED_SLI_KINDS: ReadonlySet<string> = new Set([
  'raw',
  'requestAvailability',
  'requestLatency',
  'dependencyAvailability',
  'availabilityTest',
  'eventRatio',
  'gatewayAvailability',
  'gatewayLatency',
  'metricRatio',
  'metricThreshold',
  'prometheus',
]);

/** What export cannot write of valid specs: an SLO whose SLI kind it does not know (AZSLO070, at the SLI). */
export function checkOpenSloExport(services: readonly ValidatedService[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const { spec, source } of services) {
    spec.slos.forEach((slo, i) => {
      const kind = Object.keys(slo.sli)[0] ?? '';
      if (EXPORTED_SLI_KINDS.has(kind)) return;
      const path = ['slos', i, 'sli', kind];
      diagnosticsAt(() => ({ file: source.file, position: positionAt(source, path, 'key'), path: formatPath(path) }), (d) => void out.push(d)).openSloCannotMap(
        `azslo export openslo does not write ${kind} SLIs yet (SLO ${slo.name})`,
        `OpenSLO export knows the SLI kinds ${[...EXPORTED_SLI_KINDS].join(', ')}; export the other services or SLOs, or give this one as a raw SLI.`,
      );
    });
  }
  return out;
}

/**
 * One object as YAML, written as import and export write specs (specYaml's options), with the calendar start time
 * quoted: a YAML 1.1 parser, as some OpenSLO tools use, would read "2024-01-01 00:00:00" plain as a timestamp.
 */
function openSloYaml(o: Obj): string {
  const doc = new Document(o, { aliasDuplicateObjects: false });
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === 'startTime' && isScalar(pair.value)) pair.value.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0, indent: 2 });
}

/** The OpenSLO files of these services: one file per service, `<service>.yaml`. Their SLI kinds pass checkOpenSloExport. */
export function exportOpenSlo(specs: readonly ServiceSpec[]): OpenSloFile[] {
  for (const spec of specs) for (const slo of spec.slos) if (!EXPORTED_SLI_KINDS.has(Object.keys(slo.sli)[0] ?? '')) throw new Error(`exportOpenSlo: SLO ${slo.name} has an SLI kind export does not write; call checkOpenSloExport first`);
  const names = new Names();
  const files: OpenSloFile[] = [];
  for (const spec of specs) {
    const model = buildServiceModel(spec);
    const m = spec.metadata;
    const serviceName = names.take('Service', m.name, 'service');
    const prefix = serviceName;
    const objects: Obj[] = [];

    const tags = m.tags ?? {};
    const read = resourcesRead(spec);
    const corrections = (spec.maintenance ?? []).filter((w) => w.correct === true);
    const tagsAsLabels = Object.keys(tags).every(isLabelKey);
    const serviceNotes: Record<string, string> = {
      ...(serviceName !== m.name ? { [ANNOTATION.name]: m.name } : {}),
      ...(m.displayName !== undefined && m.displayName.length > MAX_NAME ? { [ANNOTATION.displayName]: m.displayName } : {}),
      [ANNOTATION.owner]: m.owner,
      [ANNOTATION.environment]: m.environment,
      ...(Object.keys(tags).length && !tagsAsLabels ? { [ANNOTATION.tags]: JSON.stringify(tags) } : {}),
      ...(spec.alertingDefaults !== undefined ? { [ANNOTATION.alertingDefaults]: JSON.stringify(spec.alertingDefaults) } : {}),
      ...(spec.windowSets !== undefined ? { [ANNOTATION.windowSets]: JSON.stringify(spec.windowSets) } : {}),
      ...(read.length ? { [ANNOTATION.resources]: JSON.stringify(read) } : {}),
      // Windows that correct an SLI change what it counts; the others only silence alerts, which stay in the spec.
      ...(corrections.length ? { [ANNOTATION.corrections]: JSON.stringify(corrections) } : {}),
    };
    objects.push(
      object(
        'Service',
        withAnnotations(
          {
            name: serviceName,
            ...(m.displayName !== undefined && m.displayName.length <= MAX_NAME ? { displayName: m.displayName } : {}),
            ...(Object.keys(tags).length && tagsAsLabels ? { labels: Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, [v]])) } : {}),
          },
          serviceNotes,
        ),
        m.description !== undefined ? { description: m.description } : {},
      ),
    );

    const dataSource = names.take('DataSource', `${serviceName}-log-analytics`, prefix);
    objects.push(
      object(
        'DataSource',
        withAnnotations({ name: dataSource }, { [ANNOTATION.service]: m.name }),
        {
          description: `The Log Analytics workspace and Application Insights resource of ${m.name}: SLI queries are KQL (Azure Monitor Logs).`,
          type: EXPORT_DATA_SOURCE_TYPE,
          connectionDetails: { workspaceResourceId: spec.azure.workspace, appInsightsResourceId: spec.azure.appInsights, location: spec.azure.location },
        },
      ),
    );

    const hasPrometheusSli = spec.slos.some((slo) => slo.sli.prometheus !== undefined);
    const prometheusSource = hasPrometheusSli ? names.take('DataSource', `${serviceName}-prometheus`, prefix) : undefined;
    if (prometheusSource !== undefined) {
      objects.push(
        object(
          'DataSource',
          withAnnotations({ name: prometheusSource }, { [ANNOTATION.service]: m.name }),
          {
            description: `The Azure Monitor workspace (managed Prometheus) of ${m.name}: SLI queries are PromQL, with {{.window}} where each range selector's duration goes.`,
            type: PROMETHEUS_DATA_SOURCE_TYPE,
            connectionDetails: { monitorWorkspaceResourceId: spec.azure.monitorWorkspace! },
          },
        ),
      );
    }

    const targetNames = new Map<string, string>();
    for (const [name, target] of Object.entries(spec.notifications ?? {})) {
      const objName = names.take('AlertNotificationTarget', name, prefix);
      targetNames.set(name, objName);
      objects.push(object('AlertNotificationTarget', withAnnotations({ name: objName }, targetNotes(name, objName, m.name, target)), { description: `Azure Monitor action group ${name} of ${m.name}`, target: RECEIVER_KINDS.filter((k) => target[k] !== undefined).join(',') }));
    }

    spec.slos.forEach((slo, i) => {
      const sloModel = model.slos[i]!;
      const sloName = names.take('SLO', slo.name, prefix);
      const policies: Obj[] = [];
      const unnotified: Record<string, AlertSpec> = {};
      for (const kind of ['page', 'ticket'] as const) {
        const alert = slo.alerting?.[kind];
        if (!alert) continue;
        // The targets the alert notifies: its own, else the service's defaults (docs/burn-rate-alerts.md).
        const inherited = alert.notify === undefined;
        const notify = [...new Set(alert.notify ?? spec.alertingDefaults?.[kind]?.notify ?? [])];
        const windows = tierWindowsOf(spec, slo, sloModel, kind);
        const pairs = windows.pairs.length ? windows.pairs : windows.dropped;
        if (!notify.length || !pairs.length) {
          // An OpenSLO alert policy names at least one target and has a condition; a tier without a pair never fires.
          unnotified[kind] = alert;
          continue;
        }
        policies.push(alertPolicy(names, prefix, sloName, kind, alert, { pairs, origin: windows.origin }, notify.map((n) => targetNames.get(n)!), inherited));
      }
      const sloNotes: Record<string, string> = {
        ...(slo.name.length > MAX_NAME ? { [ANNOTATION.name]: slo.name } : {}),
        ...(slo.alerting?.minimumEvents !== undefined ? { [ANNOTATION.minimumEvents]: String(slo.alerting.minimumEvents) } : {}),
        ...(slo.alerting?.windows !== undefined ? { [ANNOTATION.windows]: slo.alerting.windows } : {}),
        ...(Object.keys(unnotified).length ? { [ANNOTATION.unnotified]: JSON.stringify(unnotified) } : {}),
        ...(slo.alerting?.budget !== undefined ? { [ANNOTATION.budget]: JSON.stringify(slo.alerting.budget) } : {}),
      };
      const indicator = sloModel.sliKind === 'prometheus' ? prometheusIndicator(slo.sli.prometheus!, sloName, prometheusSource!) : indicatorOf(slo, sloModel, sloName, dataSource);
      objects.push(
        object('SLO', withAnnotations({ name: sloName, ...(slo.name !== sloName && slo.name.length <= MAX_NAME ? { displayName: slo.name } : {}) }, sloNotes), {
          ...(slo.description !== undefined ? { description: slo.description } : {}),
          service: serviceName,
          indicator,
          timeWindow: [timeWindowOf(slo.window)],
          budgetingMethod: 'Occurrences',
          objectives: [{ targetPercent: slo.objective }],
          ...(policies.length ? { alertPolicies: policies.map((p) => ({ alertPolicyRef: (p.metadata as Obj).name })) } : {}),
        }),
        ...policies,
      );
    });
    files.push({ path: `${serviceName}.yaml`, text: objects.map(openSloYaml).join('---\n'), objects });
  }
  return files.sort((a, b) => compareText(a.path, b.path));
}

/**
 * The inline SLI of an SLO: a raw SLI's two queries as they are; any other kind as the azslo SLI (kept in
 * azslo.dev/sli, which import reads back) beside its rendered function body, whose Good and Total columns are the
 * good and total counts. An SLI kind whose query is not KQL gets its metric source here.
 */
function indicatorOf(slo: SloSpec, sloModel: SloModel, sloName: string, dataSource: string): Obj {
  const kind = sloModel.sliKind;
  const raw = kind === 'raw' ? slo.sli.raw! : undefined;
  const body = raw ? undefined : renderSliFunction(sloModel).text;
  const source = (kqlQuery: string, column?: string): Obj => ({ metricSource: { metricSourceRef: dataSource, type: EXPORT_DATA_SOURCE_TYPE, spec: { kqlQuery, ...(column !== undefined ? { column } : {}) } } });
  return {
    metadata: withAnnotations({ name: label(`${sloName}-sli`) }, raw ? {} : { [ANNOTATION.sli]: JSON.stringify({ [kind]: slo.sli[kind] }) }),
    spec: {
      description: raw ? 'Good and total events of two KQL queries (azslo raw SLI).' : `azslo ${kind} SLI: the query returns TimeGenerated, Good and Total per ${ROW_OF[kind] ?? 'event'}; good sums Good, total sums Total.`,
      ratioMetric: { counter: false, good: raw ? source(raw.good) : source(body!, 'Good'), total: raw ? source(raw.total) : source(body!, 'Total') },
    },
  };
}

/**
 * A prometheus SLI in OpenSLO's own terms: a ratio of two PromQL queries on the Prometheus DataSource, `bad` for
 * `errors`, with {{.window}} left in them as Sloth and the reference SDK's examples write it. The queries are rates,
 * not counters. What OpenSLO has no field for — the cluster and what the SLI measures — is in annotations.
 */
function prometheusIndicator(sli: NonNullable<SloSpec['sli']['prometheus']>, sloName: string, dataSource: string): Obj {
  const source = (query: string): Obj => ({ metricSource: { metricSourceRef: dataSource, type: PROMETHEUS_DATA_SOURCE_TYPE, spec: { query } } });
  const notes: Record<string, string> = {
    ...(sli.cluster !== undefined ? { [ANNOTATION.cluster]: sli.cluster } : {}),
    ...(sli.measures !== undefined ? { [ANNOTATION.measures]: sli.measures } : {}),
  };
  return {
    metadata: withAnnotations({ name: label(`${sloName}-sli`) }, notes),
    spec: {
      description: `azslo prometheus SLI: ${sli.errors !== undefined ? 'bad' : 'good'} and total are per-second rates over {{.window}}, which azslo fills in with each burn-rate window.`,
      ratioMetric: { counter: false, ...(sli.errors !== undefined ? { bad: source(sli.errors) } : { good: source(sli.good!) }), total: source(sli.total) },
    },
  };
}

/** A tier's window set as the model resolves it (Prometheus SLOs have their own); a disabled tier's, resolved alike. */
function tierWindowsOf(spec: ServiceSpec, slo: SloSpec, sloModel: SloModel, kind: 'page' | 'ticket'): ResolvedAlertWindows {
  // The model's windows where it has the tier; else the same resolution the model uses (a tier without pairs).
  return sloModel.alerts.find((a) => a.kind === kind)?.windows ?? sloTierWindows(spec, slo, kind);
}

/** What a row of the SLI function is, where it is not one event: the platform metric kinds read AzureMetrics. */
const ROW_OF: Partial<Record<string, string>> = {
  metricRatio: "minute of the resource's AzureMetrics (the metrics' sums)",
  metricThreshold: 'time slice of AzureMetrics with data (Total 1; Good 1 when the slice meets the threshold)',
};

function targetNotes(name: string, objName: string, service: string, target: TargetSpec): Record<string, string> {
  const out: Record<string, string> = { ...(objName !== name ? { [ANNOTATION.name]: name } : {}), [ANNOTATION.service]: service };
  if (target.shortName !== undefined) out[ANNOTATION.shortName] = target.shortName;
  for (const kind of RECEIVER_KINDS) if (target[kind] !== undefined) out[ANNOTATION.receiver(kind)] = JSON.stringify(target[kind]);
  return out;
}

/** A rolling window as its days; a calendar one as its period from a start that begins it, in its time zone. */
function timeWindowOf(window: SloSpec['window']): Obj {
  if (typeof window === 'string') return { duration: window, isRolling: true };
  return { duration: PERIOD_DURATION[window.calendar], isRolling: false, calendar: { startTime: CALENDAR_START, timeZone: window.timeZone ?? DEFAULT_TIME_ZONE } };
}

/**
 * The declared resources the SLIs read — a gateway SLI's request log, a metric SLI's platform metrics — each with its
 * diagnostic setting (the log categories, `metrics: true` for AzureMetrics): import declares them again, so that the
 * SLIs still bind to a declared resource that sends what they read.
 */
function resourcesRead(spec: ServiceSpec): Pick<ResourceSpec, 'id' | 'diagnostics'>[] {
  const read = new Set<ResourceSpec>();
  for (const slo of spec.slos) {
    const kind = Object.keys(slo.sli)[0] as keyof SloSpec['sli'];
    const options = slo.sli[kind] as { gateway?: unknown; resource?: unknown } | undefined;
    const ref = sliCatalog().get(kind)?.resourceLog !== undefined ? options?.gateway : isMetricSliKind(kind) ? options?.resource : undefined;
    const found = typeof ref === 'string' ? declaredResource(spec.resources, ref) : undefined;
    if (found && !found.ambiguous) read.add(found.spec);
  }
  return (spec.resources ?? []).filter((r) => read.has(r)).map((r) => ({ id: r.id, ...(r.diagnostics !== undefined ? { diagnostics: r.diagnostics } : {}) }));
}

/** The AlertPolicy of one tier: its window set's pairs (`origin` says which set) and the targets it notifies. */
function alertPolicy(names: Names, prefix: string, sloName: string, kind: 'page' | 'ticket', alert: AlertSpec, windows: { pairs: readonly ResolvedPair[]; origin: string }, targets: readonly string[], notifyFromDefaults: boolean): Obj {
  const { pairs, origin } = windows;
  const first = pairs[0]!;
  const name = names.take('AlertPolicy', `${sloName}-${kind}`, prefix);
  const notes: Record<string, string> = {
    [ANNOTATION.alert]: kind,
    ...(alert.severity !== undefined ? { [ANNOTATION.severity]: String(alert.severity) } : {}),
    ...(alert.enabled === false ? { [ANNOTATION.enabled]: 'false' } : {}),
    ...(alert.minimumEvents !== undefined ? { [ANNOTATION.minimumEvents]: String(alert.minimumEvents) } : {}),
    ...(notifyFromDefaults ? { [ANNOTATION.notifyFromDefaults]: 'true' } : {}),
  };
  const all = pairs.map((p) => `${p.burnRate}× over ${p.long} and ${p.short}`).join('; ');
  return object('AlertPolicy', withAnnotations({ name }, notes), {
    description: `${kind === 'page' ? 'Fast' : 'Slow'}-burn ${kind} alert of azslo (multiwindow burn rates of ${origin}: ${all}); the condition shows the first pair.`,
    alertWhenBreaching: true,
    conditions: [
      {
        kind: 'AlertCondition',
        metadata: { name: label(`${name}-burn-rate`) },
        spec: { severity: kind, condition: { kind: 'burnrate', op: 'gte', threshold: first.burnRate, lookbackWindow: shorthand(first.long), alertAfter: shorthand(first.short) } },
      },
    ],
    notificationTargets: targets.map((targetRef) => ({ targetRef })),
  });
}
