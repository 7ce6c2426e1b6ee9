import type { AlertModel, SloModel } from '../model/service.js';
import { kqlTimespan } from './escape.js';
import { renderKql, templatesDir } from './templates.js';

const template = new URL('kql/burn-rate-alert.kql.hbs', templatesDir);

/**
 * The query of one burn-rate alert rule: all of its window pairs in one query over the SLI function. It returns a
 * row (with the burn rates that fired) only when some pair burns too fast with enough traffic in its long window;
 * the rule fires on "more than 0 rows".
 */
export function burnRateAlertQuery(slo: SloModel, alert: AlertModel): string {
  const seconds = [...new Set(alert.windows.pairs.flatMap((p) => [p.longSeconds, p.shortSeconds]))].sort((a, b) => a - b);
  const label = (s: number) => kqlTimespan(s);
  const windows = seconds.map((s) => ({ seconds: s, good: `Good${label(s)}`, total: `Total${label(s)}`, burnRate: `BurnRate${label(s)}` }));
  const pairs = alert.windows.pairs.map((p) => ({
    burnRate: p.burnRate,
    longTotal: `Total${label(p.longSeconds)}`,
    longBurnRate: `BurnRate${label(p.longSeconds)}`,
    shortBurnRate: `BurnRate${label(p.shortSeconds)}`,
  }));
  return renderKql(template, {
    objective: slo.objective,
    minimumEvents: alert.minimumEvents,
    functionAlias: slo.functionAlias,
    queryWindowSeconds: Math.max(...seconds),
    windows,
    pairs,
  });
}
