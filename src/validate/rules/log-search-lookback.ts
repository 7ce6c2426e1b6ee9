import { fact } from '../../catalog/index.js';
import { kqlTimespan } from '../../kql/escape.js';
import { kpiQuerySpanSeconds } from '../../kql/business.js';
import { isoSeconds } from '../../base/durations.js';
import type { Rule } from './context.js';

/** Whether an anomaly bin is an evaluation frequency Azure offers, of at most an hour. */
export function anomalyBinIsFrequency(binSeconds: number): boolean {
  const iso = binSeconds % 3600 === 0 ? `PT${binSeconds / 3600}H` : `PT${binSeconds / 60}M`;
  return binSeconds % 60 === 0 && binSeconds <= 3600 && fact('log-search-alerts', 'evaluationFrequencies').includes(iso);
}

/**
 * What a log search alert can read: at most two days of data (no drop versus last week, no longer window or
 * silence), and an anomaly bin must be an evaluation frequency Azure offers.
 */
export const logSearchLookback: Rule = {
  name: 'log-search-lookback',
  codes: ['AZSLO033'],
  check(ctx) {
    const frequencies = fact('log-search-alerts', 'evaluationFrequencies');
    const maxSeconds = fact('log-search-alerts', 'maxQueryLookbackHours') * 3600;
    for (const { alert: a, path, model } of ctx.signalAlerts) {
      if (a.kind === 'drop' && a.comparedTo === 'lastWeek') {
        ctx.report([...path, 'comparedTo']).dropVersusLastWeek();
        continue;
      }
      const m = model();
      if (m.kind === 'anomaly') {
        if (!anomalyBinIsFrequency(m.binSeconds)) {
          ctx.report([...path, 'bin']).binNotAFrequency(kqlTimespan(m.binSeconds), frequencies.filter((f) => isoSeconds(f) <= 3600));
          continue;
        }
      }
      const span = kpiQuerySpanSeconds(m);
      if (span > maxSeconds) ctx.report(path).lookbackTooLong(kqlTimespan(span), kqlTimespan(maxSeconds));
    }
  },
};
