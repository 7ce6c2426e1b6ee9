import { humanDuration } from '../base/durations.js';
import type { Exposure, RecoveryOption, RecoveryTargets } from './exposure.js';

/** The fastest alert that tells someone a resource (or the service) is down: the start of every customer recovery. */
export interface DetectionEstimate {
  readonly seconds: number;
  readonly alert: string;
}

export type CheckStatus = 'met' | 'not-met' | 'unknown';

/** One objective (RTO or RPO) against its estimate, with the reason in words. */
export interface ObjectiveCheck {
  readonly targetSeconds: number;
  readonly estimateSeconds: number | undefined;
  readonly status: CheckStatus;
  readonly reason: string;
}

/** A recovery option with the time it would take end to end: detection (when a person must start it) + recovery. */
export interface EstimatedOption {
  readonly option: RecoveryOption;
  /** Detection counts only for customer-started recoveries: automatic ones start without anyone being told. */
  readonly detection: DetectionEstimate | undefined;
  readonly rtoSeconds: number | undefined;
  /** Why rtoSeconds is unknown, when it is. */
  readonly rtoUnknown: string | undefined;
}

export function estimate(option: RecoveryOption, detection: DetectionEstimate | undefined): EstimatedOption {
  if (option.activation === 'microsoft') {
    return { option, detection: undefined, rtoSeconds: undefined, rtoUnknown: `Microsoft decides whether and when to run ${option.mechanism}; no upper bound on the time is published` };
  }
  if (option.recoverySeconds === undefined) {
    return { option, detection: option.activation === 'customer' ? detection : undefined, rtoSeconds: undefined, rtoUnknown: `the catalog publishes no recovery time for ${option.mechanism}` };
  }
  if (option.activation === 'automatic') return { option, detection: undefined, rtoSeconds: option.recoverySeconds, rtoUnknown: undefined };
  if (!detection) return { option, detection: undefined, rtoSeconds: undefined, rtoUnknown: `no alert tells anyone to start ${option.mechanism}` };
  return { option, detection, rtoSeconds: detection.seconds + option.recoverySeconds, rtoUnknown: undefined };
}

const rank: Readonly<Record<CheckStatus, number>> = { met: 0, unknown: 1, 'not-met': 2 };
const lossRank: Readonly<Record<RecoveryOption['dataLoss'], number>> = { none: 0, lag: 1, backup: 2, unbounded: 3 };

const check = (target: number | undefined, value: number | undefined): CheckStatus | undefined =>
  target === undefined ? undefined : value === undefined ? 'unknown' : value <= target + 1e-9 ? 'met' : 'not-met';

/**
 * The option to recover with: the one that meets most of the targets, then the fastest, then the one losing least;
 * ties keep the catalog's order.
 */
export function chooseOption(exposure: Exposure, targets: RecoveryTargets, detection: DetectionEstimate | undefined): EstimatedOption | undefined {
  const scored = exposure.options.map((o, index) => {
    const e = estimate(o, detection);
    const rto = check(targets.rtoSeconds, e.rtoSeconds);
    const rpo = exposure.dataStore ? check(targets.rpoSeconds, o.rpoSeconds) : undefined;
    return { e, index, score: (rto ? rank[rto] : 0) + (rpo ? rank[rpo] : 0) };
  });
  scored.sort(
    (a, b) =>
      a.score - b.score ||
      (a.e.rtoSeconds ?? Infinity) - (b.e.rtoSeconds ?? Infinity) ||
      lossRank[a.e.option.dataLoss] - lossRank[b.e.option.dataLoss] ||
      (a.e.option.rpoSeconds ?? Infinity) - (b.e.option.rpoSeconds ?? Infinity) ||
      a.index - b.index,
  );
  return scored[0]?.e;
}

const LOSS_WORDS: Readonly<Record<RecoveryOption['dataLoss'], string>> = {
  none: 'loses nothing',
  lag: 'loses what has not replicated yet',
  backup: 'loses what was written since the last restorable point',
  unbounded: 'guarantees no recovery point',
};

/** Where a time comes from, when it is not a plain published figure. */
const basis = (o: RecoveryOption): string => (o.timeBasis === 'declared' ? ` (declared: ${o.source})` : o.timeNote ? ` (${o.timeNote})` : '');

/** The RTO check of a chosen option, with the sum spelled out. */
export function rtoCheck(target: number, e: EstimatedOption): ObjectiveCheck {
  const { option } = e;
  const how =
    option.activation === 'automatic'
      ? `${option.mechanism} recovers automatically in ${humanDuration(option.recoverySeconds ?? 0)}${basis(option)}`
      : e.detection
        ? `detect ${humanDuration(e.detection.seconds)} (${e.detection.alert}) + ${option.mechanism} ${humanDuration(option.recoverySeconds ?? 0)}${basis(option)} = ${humanDuration(e.rtoSeconds ?? 0)}`
        : option.mechanism;
  if (e.rtoSeconds === undefined) return { targetSeconds: target, estimateSeconds: undefined, status: 'unknown', reason: `${e.rtoUnknown}: the RTO of ${humanDuration(target)} cannot be shown to hold` };
  const left = target - e.rtoSeconds;
  return left >= -1e-9
    ? { targetSeconds: target, estimateSeconds: e.rtoSeconds, status: 'met', reason: `${how}, within the RTO of ${humanDuration(target)} (${humanDuration(left)} left)` }
    : { targetSeconds: target, estimateSeconds: e.rtoSeconds, status: 'not-met', reason: `${how}: exceeds the RTO of ${humanDuration(target)} by ${humanDuration(-left)}` };
}

/** The RPO check of a chosen option: what it may lose against the target. */
export function rpoCheck(target: number, option: RecoveryOption): ObjectiveCheck {
  const what = `${option.mechanism} ${LOSS_WORDS[option.dataLoss]}`;
  if (option.dataLoss === 'unbounded') return { targetSeconds: target, estimateSeconds: undefined, status: 'not-met', reason: `${what}: the RPO of ${humanDuration(target)} cannot hold` };
  if (option.rpoSeconds === undefined) return { targetSeconds: target, estimateSeconds: undefined, status: 'unknown', reason: `${what}, and no bound is published: the RPO of ${humanDuration(target)} cannot be shown to hold` };
  const bound = option.rpoSeconds === 0 ? 'nothing' : `up to ${humanDuration(option.rpoSeconds)}${option.guaranteed ? ' (SLA-backed)' : ' (typical, not guaranteed)'}`;
  return option.rpoSeconds <= target
    ? { targetSeconds: target, estimateSeconds: option.rpoSeconds, status: 'met', reason: `${option.mechanism} loses ${bound}, within the RPO of ${humanDuration(target)}` }
    : { targetSeconds: target, estimateSeconds: option.rpoSeconds, status: 'not-met', reason: `${option.mechanism} loses ${bound}: exceeds the RPO of ${humanDuration(target)} by ${humanDuration(option.rpoSeconds - target)}` };
}

