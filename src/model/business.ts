import { parseDuration } from '../base/durations.js';
import { slug, snake } from './names.js';
import type { BusinessHoursSpec, KpiAlertSpec, ServiceSpec, SignalSpec, StringOrList, Weekday } from './spec.js';

/** The business layer of a service: declared custom tables and KPI signals with their alerts. */
export interface CustomTableModel {
  readonly name: string;
  readonly description: string | undefined;
  readonly columns: readonly { name: string; type: string }[];
}

export type SignalSource =
  | { readonly kind: 'event'; readonly events: readonly string[]; readonly roleNames: readonly string[] | undefined }
  | { readonly kind: 'metric'; readonly metric: string; readonly roleNames: readonly string[] | undefined }
  | { readonly kind: 'query'; readonly query: string };

export interface BusinessHoursModel {
  readonly timeZone: string;
  /** Days as Kusto's dayofweek() counts them: 0 Sunday … 6 Saturday. */
  readonly days: readonly number[];
  readonly dayNames: readonly Weekday[];
  /** Minutes after local midnight. */
  readonly fromMinute: number;
  readonly toMinute: number;
  readonly text: string;
}

interface KpiAlertBase {
  /** Unique within the signal: the kind, numbered when a kind repeats. */
  readonly id: string;
  readonly severity: number;
  readonly notify: readonly string[];
  readonly businessHours: BusinessHoursModel | undefined;
}

export type KpiAlertModel =
  | (KpiAlertBase & { readonly kind: 'threshold'; readonly below: number | undefined; readonly above: number | undefined; readonly perSeconds: number })
  | (KpiAlertBase & { readonly kind: 'drop'; readonly percent: number; readonly windowSeconds: number; readonly offsetSeconds: number; readonly comparedTo: 'yesterday' | 'lastWeek'; readonly minimum: number })
  | (KpiAlertBase & { readonly kind: 'anomaly'; readonly direction: 'drop' | 'spike' | 'both'; readonly sensitivity: 'low' | 'medium' | 'high'; readonly binSeconds: number; readonly method: 'decompose' | 'dynamicThreshold'; readonly periodSeconds: number })
  | (KpiAlertBase & { readonly kind: 'noData'; readonly forSeconds: number });

export interface SignalModel {
  readonly name: string;
  readonly slug: string;
  readonly description: string | undefined;
  readonly unit: string | undefined;
  /** Saved function returning (TimeGenerated, Value), e.g. shop_kpi_orders_placed. */
  readonly functionAlias: string;
  readonly source: SignalSource;
  readonly alerts: readonly KpiAlertModel[];
}

export interface BusinessModel {
  readonly tables: readonly CustomTableModel[];
  readonly signals: readonly SignalModel[];
}

const DAY_INDEX: Record<Weekday, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const WEEKDAYS: Weekday[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'];
const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const list = (v: StringOrList | undefined) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

export const DEFAULT_KPI_SEVERITY = 2;
export const ANOMALY_THRESHOLDS = { low: 3, medium: 2.5, high: 1.5 } as const;
/** azslo's choice: the seasonal period an anomaly alert models by default, a day (KPIs follow the working day). */
export const DEFAULT_ANOMALY_PERIOD_SECONDS = 86400;

function businessHours(b: BusinessHoursSpec | undefined): BusinessHoursModel | undefined {
  if (!b) return undefined;
  const dayNames = b.days ?? WEEKDAYS;
  return {
    timeZone: b.timeZone,
    days: dayNames.map((d) => DAY_INDEX[d]).sort(),
    dayNames,
    fromMinute: minuteOf(b.from),
    toMinute: minuteOf(b.to),
    text: `${dayNames.join(', ')} ${b.from}–${b.to} ${b.timeZone}`,
  };
}

function alertModel(a: KpiAlertSpec, id: string): KpiAlertModel {
  const base = { id, severity: a.severity ?? DEFAULT_KPI_SEVERITY, notify: [...new Set(a.notify ?? [])], businessHours: businessHours(a.businessHours) };
  switch (a.kind) {
    case 'threshold':
      return { ...base, kind: 'threshold', below: a.below, above: a.above, perSeconds: parseDuration(a.per)! };
    case 'drop': {
      const comparedTo = a.comparedTo ?? 'yesterday';
      return { ...base, kind: 'drop', percent: a.percent, windowSeconds: parseDuration(a.window)!, comparedTo, offsetSeconds: comparedTo === 'lastWeek' ? 7 * 86400 : 86400, minimum: a.minimum ?? 10 };
    }
    case 'anomaly':
      return { ...base, kind: 'anomaly', direction: a.direction ?? 'drop', sensitivity: a.sensitivity ?? 'medium', binSeconds: a.bin ? parseDuration(a.bin)! : 900, method: a.method ?? 'decompose', periodSeconds: a.period ? parseDuration(a.period)! : DEFAULT_ANOMALY_PERIOD_SECONDS };
    case 'noData':
      return { ...base, kind: 'noData', forSeconds: parseDuration(a.for)! };
  }
}

export const kpiFunctionAlias = (service: string, signal: string): string => {
  const alias = `${snake(service)}_kpi_${snake(signal)}`;
  return /^[a-z]/.test(alias) ? alias : `kpi_${alias}`;
};

function signalModel(service: string, s: SignalSpec): SignalModel {
  const source: SignalSource =
    s.source.query !== undefined
      ? { kind: 'query', query: s.source.query }
      : s.source.metric !== undefined
        ? { kind: 'metric', metric: s.source.metric, roleNames: list(s.source.roleName) }
        : { kind: 'event', events: list(s.source.event)!, roleNames: list(s.source.roleName) };
  const enabled = s.alerts.filter((a) => a.enabled !== false);
  const counts = new Map<string, number>();
  const alerts = enabled.map((a) => {
    const n = (counts.get(a.kind) ?? 0) + 1;
    counts.set(a.kind, n);
    const repeated = enabled.filter((x) => x.kind === a.kind).length > 1;
    return alertModel(a, slug(repeated ? `${a.kind}-${n}` : a.kind));
  });
  return { name: s.name, slug: slug(s.name), description: s.description, unit: s.unit, functionAlias: kpiFunctionAlias(service, s.name), source, alerts };
}

export function buildBusiness(spec: ServiceSpec): BusinessModel {
  const b = spec.business ?? {};
  return {
    tables: (b.tables ?? []).map((t) => {
      const columns = Object.entries(t.columns).map(([name, type]) => ({ name, type }));
      if (!columns.some((c) => c.name === 'TimeGenerated')) columns.unshift({ name: 'TimeGenerated', type: 'datetime' });
      return { name: t.name, description: t.description, columns };
    }),
    signals: (b.signals ?? []).map((s) => signalModel(spec.metadata.name, s)),
  };
}
