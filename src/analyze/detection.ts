import { fact } from '../catalog/index.js';
import type { EffectiveMetricAlert, ResourceModel } from '../model/infrastructure.js';
import type { AlertModel, SloModel } from '../model/service.js';
import { isoSeconds } from '../resources/alert-rules.js';

/**
 * Worst-case time from a full outage to a person being told, per alert: ingestion latency of its data, plus a
 * whole evaluation interval (the outage may start just after a run), plus the time its windows need to cross their
 * thresholds at a 100 % error rate, plus notification.
 */
export interface Detection {
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
 */
export function burnRateDetection(service: string, slo: SloModel, alert: AlertModel): Detection | undefined {
  const budget = 1 - slo.objective / 100;
  const crossings = alert.windows.pairs
    .filter((p) => p.burnRate * budget < 1)
    .map((p) => (p.burnRate * budget * Math.max(p.longSeconds, p.shortSeconds)) / 60);
  if (crossings.length === 0) return undefined;
  return total({
    alert: `slo-${service}-${slo.slug}-${alert.kind}`,
    kind: 'burn-rate',
    covers: 'service',
    ingestionMinutes: fact<number>('detection', 'logIngestionMinutes'),
    evaluationMinutes: minutes(alert.windows.evaluationFrequency),
    crossingMinutes: round(Math.min(...crossings)),
    notificationMinutes: fact<number>('detection', 'notificationMinutes'),
    assumption: `100 % errors with enough traffic (≥ ${alert.minimumEvents} events in the long window)`,
  });
}

/** A metric alert needs its whole window of bad data (the conservative case), or minFailingPeriods windows when dynamic. */
export function metricDetection(r: ResourceModel, a: EffectiveMetricAlert): Detection {
  const windows = a.dynamic ? a.dynamic.minFailingPeriods : 1;
  return total({
    alert: `${r.name}/${a.id}`,
    kind: 'metric',
    covers: r.name,
    ingestionMinutes: fact<number>('detection', 'platformMetricMinutes'),
    evaluationMinutes: minutes(a.evaluationFrequency),
    crossingMinutes: windows * minutes(a.windowSize),
    notificationMinutes: fact<number>('detection', 'notificationMinutes'),
    assumption: a.dynamic ? `${windows} violating window(s) of ${a.windowSize} (dynamic threshold)` : `a full window of ${a.windowSize} past the threshold`,
  });
}

export function activityLogDetection(covers: string, kind: 'resource-health' | 'service-health', alert: string): Detection {
  return total({
    alert,
    kind,
    covers,
    ingestionMinutes: fact<number>('detection', 'activityLogMinutes'),
    evaluationMinutes: 0,
    crossingMinutes: 0,
    notificationMinutes: fact<number>('detection', 'notificationMinutes'),
    assumption: 'activity log events arrive within 3 to 20 minutes; the upper end is taken',
  });
}
