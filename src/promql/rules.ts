import type { AlertModel, SloModel } from '../model/service.js';
import type { PrometheusSliSpec } from '../model/spec.js';
import { snake } from '../model/names.js';
import { annotationText, promqlString } from './escape.js';
import { fillWindow, promDuration } from './window.js';

/** Labels every recorded series and alert of a Prometheus SLO carries, so rules and people find them by SLO. */
export const LABELS = { service: 'azslo_service', slo: 'azslo_slo', alert: 'azslo_alert' } as const;

/**
 * The recorded error ratio of every SLO over one window (Sloth's naming: a level, the metric, the operations). One
 * metric name for all SLOs, told apart by the labels above, so no user text reaches a metric name.
 */
export const errorRatioRecord = (window: string): string => `azslo:sli_error:ratio_rate${window}`;

/** The recorded event rate (the total query) over a long window, for the alerts' minimum event count. */
export const eventRateRecord = (window: string): string => `azslo:sli_events:rate${window}`;

export interface RecordingRule {
  readonly record: string;
  readonly expression: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface AlertRule {
  readonly alert: string;
  readonly kind: AlertModel['kind'];
  readonly expression: string;
  readonly severity: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The longest window the alert reads. */
  readonly longestSeconds: number;
}

export const prometheusSli = (slo: Pick<SloModel, 'sli'>): PrometheusSliSpec => slo.sli as PrometheusSliSpec;

/** Every window the SLO's alerts read, shortest first, as Prometheus durations. */
export function alertWindows(slo: Pick<SloModel, 'alerts'>): { readonly seconds: number; readonly window: string }[] {
  const seconds = [...new Set(slo.alerts.flatMap((a) => a.windows.pairs.flatMap((p) => [p.longSeconds, p.shortSeconds])))].sort((a, b) => a - b);
  return seconds.map((s) => ({ seconds: s, window: promDuration(s) }));
}

/** The SLI's error ratio over a window, from the user's queries with the placeholder filled in. */
export function errorRatioExpression(sli: PrometheusSliSpec, window: string): string {
  const total = fillWindow(sli.total, window).text;
  if (sli.errors !== undefined) return `(${fillWindow(sli.errors, window).text})\n/\n(${total})`;
  return `1 - (\n  (${fillWindow(sli.good!, window).text})\n  /\n  (${total})\n)`;
}

/** The error-ratio threshold of a burn rate: burnRate × (1 − objective), in decimal digits without binary noise. */
export function burnThreshold(burnRate: number, objective: number): string {
  return String(Number(((burnRate * (100 - objective)) / 100).toPrecision(12)));
}

const selector = (window: string, labels: Readonly<Record<string, string>>, record = errorRatioRecord): string =>
  `${record(window)}{${Object.entries(labels)
    .map(([k, v]) => `${k}=${promqlString(v)}`)
    .join(', ')}}`;

/** An alert rule's name, in the characters of a Prometheus metric name (the alertname label shows it). */
export const alertName = (serviceName: string, slo: Pick<SloModel, 'name'>, kind: AlertModel['kind']): string => `slo_${snake(serviceName)}_${snake(slo.name)}_${kind}`;

export interface PrometheusRules {
  readonly recording: readonly RecordingRule[];
  readonly alerts: readonly AlertRule[];
}

/**
 * The rules of one SLO: a recording rule of the error ratio per window its alerts read and of the event rate per long
 * window, and per alert (page, ticket) one rule firing when both windows of any pair burn at or above the pair's rate
 * with at least the alert's minimum of events in the long window — the SRE workbook's multiwindow, multi-burn-rate
 * alert in PromQL, with the low-traffic guard the log alerts have.
 */
export function prometheusRules(serviceName: string, slo: Pick<SloModel, 'name' | 'objective' | 'sli' | 'alerts'>, describe: (alert: AlertModel) => string): PrometheusRules {
  const sli = prometheusSli(slo);
  const identity = { [LABELS.service]: serviceName, [LABELS.slo]: slo.name };
  const recording = alertWindows(slo).map(({ window }) => ({ record: errorRatioRecord(window), expression: errorRatioExpression(sli, window), labels: identity }));
  // The total's rate over each long window: × its seconds, the events the pair saw (queries return per-second rates).
  const longs = [...new Set(slo.alerts.flatMap((a) => a.windows.pairs.map((p) => p.longSeconds)))].sort((a, b) => a - b);
  const events = longs.map((s) => ({ record: eventRateRecord(promDuration(s)), expression: fillWindow(sli.total, promDuration(s)).text, labels: identity }));
  const alerts = slo.alerts.map((a): AlertRule => {
    const pairs = a.windows.pairs.map((p) => {
      const t = burnThreshold(p.burnRate, slo.objective);
      const long = promDuration(p.longSeconds);
      return (
        `(\n  ${selector(long, identity)} >= ${t}\n  and\n  ${selector(promDuration(p.shortSeconds), identity)} >= ${t}\n` +
        `  and\n  ${selector(long, identity, eventRateRecord)} * ${p.longSeconds} >= ${a.minimumEvents}\n)`
      );
    });
    return {
      alert: alertName(serviceName, slo, a.kind),
      kind: a.kind,
      expression: pairs.join('\nor\n'),
      severity: a.severity,
      labels: { ...identity, [LABELS.alert]: a.kind },
      annotations: {
        summary: annotationText(`SLO '${slo.name}' of service '${serviceName}' is burning its error budget too fast (${a.kind}).`),
        description: annotationText(describe(a)),
        windows: a.windows.pairs.map((p) => `${p.long}/${p.short}@${p.burnRate}x`).join(', '),
      },
      longestSeconds: Math.max(...a.windows.pairs.map((p) => p.longSeconds)),
    };
  });
  return { recording: [...recording, ...events], alerts };
}
