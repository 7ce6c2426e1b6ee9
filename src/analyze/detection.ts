import { fact } from '../catalog/index.js';
import { isPrometheusSlo, type AlertModel, type SloModel } from '../model/service.js';
import { isoSeconds } from '../base/durations.js';
import type { BurnRateRule, MetricRule } from '../resources/deployed-alerts.js';
import { isMetricSliKind, sliceSeconds } from '../model/metric-sli.js';

/**
 * Worst-case time from a full outage to a person being told, per alert rule of the deployment: ingestion latency of
 * its data, plus a whole evaluation interval (the outage may start just after a run), plus the time its windows
 * need to cross their thresholds at a 100 % error rate, plus notification. The rule's name, evaluation frequency and
 * window are the deployed rule's (src/resources/deployed-alerts.ts), never derived again here.
 */
export interface Detection {
  /** The alert rule's Azure resource name. */
  readonly alert: string;
  readonly kind: 'burn-rate' | 'metric' | 'resource-health' | 'service-health';
  /** What the alert watches: a resource name, or `service` for SLO alerts. */
  readonly covers: string;
  readonly ingestionMinutes: number;
  readonly evaluationMinutes: number;
  readonly crossingMinutes: number;
  readonly notificationMinutes: number;
  readonly totalMinutes: number;
  readonly assumption: string;
}

const round = (n: number) => Math.round(n * 100) / 100;
const minutes = (iso: string) => isoSeconds(iso) / 60;

function total(d: Omit<Detection, 'totalMinutes'>): Detection {
  return { ...d, totalMinutes: round(d.ingestionMinutes + d.evaluationMinutes + d.crossingMinutes + d.notificationMinutes) };
}

/**
 * A burn-rate pair fires at a 100 % error rate once both windows hold an error share of burnRate × budget: the long
 * window after burnRate × budget × long, the short one after burnRate × budget × short. The first pair to fire counts.
 * `alert` is the SLO's alert the rule realises: its window pairs give the crossing time. A platform-metric SLI counts
 * whole slices (a slice is bad once it has passed), and its log alert reads AzureMetrics, which diagnostic settings
 * fill minutes late; routed to a metric alert (src/model/metric-sli.ts), one bad slice fires it, a minute after the
 * metric store has it.
 */
export function burnRateDetection(rule: Pick<BurnRateRule, 'name' | 'evaluationFrequency' | 'windowSize' | 'via'>, slo: SloModel, alert: AlertModel): Detection | undefined {
  const budget = 1 - slo.objective / 100;
  const metricSli = isMetricSliKind(slo.sliKind);
  const slice = metricSli ? sliceSeconds(slo.sli) / 60 : 0;
  if (rule.via === 'metric') {
    return total({
      alert: rule.name,
      kind: 'burn-rate',
      covers: 'service',
      ingestionMinutes: fact('detection', 'platformMetricMinutes'),
      evaluationMinutes: minutes(rule.evaluationFrequency),
      crossingMinutes: minutes(rule.windowSize),
      notificationMinutes: fact('detection', 'notificationMinutes'),
      assumption: `one bad ${rule.windowSize} slice fires the metric alert (${alert.route.reason})`,
    });
  }
  const crossings = alert.windows.pairs
    .filter((p) => p.burnRate * budget < 1)
    .map((p) => {
      const m = (p.burnRate * budget * Math.max(p.longSeconds, p.shortSeconds)) / 60;
      return slice > 0 ? Math.max(1, Math.ceil(Math.round((m / slice) * 1e9) / 1e9)) * slice : m;
    });
  if (crossings.length === 0) return undefined;
  return total({
    alert: rule.name,
    kind: 'burn-rate',
    covers: 'service',
    // A Prometheus SLO's rules read scraped samples, not ingested logs; a metric SLI's, exported metrics; its rule's frequency is the evaluation.
    ingestionMinutes: isPrometheusSlo(slo) ? fact('prometheus-rules', 'ingestionMinutes') : metricSli ? fact('detection', 'diagnosticSettingsMetricsMinutes') : fact('detection', 'logIngestionMinutes'),
    evaluationMinutes: minutes(rule.evaluationFrequency),
    crossingMinutes: round(Math.min(...crossings)),
    notificationMinutes: fact('detection', 'notificationMinutes'),
    assumption: metricSli
      ? `100 % bad ${slo.sliKind === 'metricThreshold' ? 'slices' : 'events'} with enough data (≥ ${alert.minimumEvents} in the long window), read from AzureMetrics (${alert.route.reason})`
      : `100 % errors with enough traffic (≥ ${alert.minimumEvents} events in the long window)${isPrometheusSlo(slo) ? ', scraped by managed Prometheus' : ''}`,
  });
}

/**
 * A metric alert needs its whole window of bad data (the conservative case), or minFailingPeriods windows when
 * dynamic; with several criteria (all must hold) the slowest one counts.
 */
export function metricDetection(rule: Pick<MetricRule, 'name' | 'criteria' | 'evaluationFrequency' | 'windowSize'>, covers: string): Detection {
  const windows = Math.max(1, ...rule.criteria.map((c) => c.dynamic?.minFailingPeriods ?? 1));
  const dynamic = rule.criteria.some((c) => c.dynamic);
  return total({
    alert: rule.name,
    kind: 'metric',
    covers,
    ingestionMinutes: fact('detection', 'platformMetricMinutes'),
    evaluationMinutes: minutes(rule.evaluationFrequency),
    crossingMinutes: windows * minutes(rule.windowSize),
    notificationMinutes: fact('detection', 'notificationMinutes'),
    assumption: dynamic ? `${windows} violating window(s) of ${rule.windowSize} (dynamic threshold)` : `a full window of ${rule.windowSize} past the threshold`,
  });
}

export function activityLogDetection(covers: string, kind: 'resource-health' | 'service-health', alert: string): Detection {
  return total({
    alert,
    kind,
    covers,
    ingestionMinutes: fact('detection', 'activityLogMinutes'),
    evaluationMinutes: 0,
    crossingMinutes: 0,
    notificationMinutes: fact('detection', 'notificationMinutes'),
    assumption: 'activity log events arrive within 3 to 20 minutes; the upper end is taken',
  });
}
