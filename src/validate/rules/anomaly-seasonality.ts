import { anomalySeasonalityProblem } from '../../kql/business.js';
import { humanDuration, specDuration } from '../../base/durations.js';
import { anomalyBinIsFrequency } from './log-search-lookback.js';
import type { Rule } from './context.js';

/**
 * The seasonal model of an anomaly alert: decompose gives series_decompose_anomalies its period in bins, and the
 * series a log search alert can read (under two days) must hold that period once before its latest bin; dynamic
 * thresholds learn seasonality themselves and take no period.
 */
export const anomalySeasonality: Rule = {
  name: 'anomaly-seasonality',
  codes: ['AZSLO073'],
  check(ctx) {
    for (const { alert: a, path, model } of ctx.signalAlerts) {
      if (a.kind !== 'anomaly') continue;
      const m = model();
      if (m.kind !== 'anomaly') continue;
      if (m.method === 'dynamicThreshold') {
        if (a.period !== undefined) ctx.report([...path, 'period']).anomalyPeriodWithDynamicThreshold();
        continue;
      }
      // A bin Azure does not offer is AZSLO033's; the period is measured in bins only once the bin stands.
      if (!anomalyBinIsFrequency(m.binSeconds)) continue;
      const problem = anomalySeasonalityProblem(m);
      if (!problem) continue;
      const at = ctx.report([...path, a.period !== undefined ? 'period' : 'bin']);
      const period = specDuration(m.periodSeconds);
      const bin = specDuration(m.binSeconds);
      if (problem.kind === 'notWholeBins') at.anomalyPeriodNotWholeBins(period, bin);
      else if (problem.kind === 'tooFewBins') at.anomalyPeriodTooFewBins(period, bin, m.periodSeconds / m.binSeconds, problem.minBins);
      else at.anomalyPeriodBeyondSeries(period, bin, humanDuration(problem.seriesSeconds));
    }
  },
};
