import { fact } from '../catalog/index.js';
import type { BudgetThreshold } from '../model/budget.js';
import type { SloModel } from '../model/service.js';
import { decimal, gcd } from './alert.js';
import { renderKql, templatesDir } from './templates.js';

const remainingTemplate = new URL('kql/budget-remaining.kql.hbs', templatesDir);
const alertTemplate = new URL('kql/budget-alert.kql.hbs', templatesDir);

/**
 * The query the budget job runs for an SLO (docs/burn-rate-alerts.md, Budget alerts): good and total events over the
 * SLO's budget period, and the share of the error budget that remains, 100 with no events, below 0 when overspent.
 * One row: PeriodStart, Good, Total, RemainingPercent.
 */
export function budgetRemainingQuery(slo: SloModel & { budget: NonNullable<SloModel['budget']> }): string {
  const p = slo.budget.period;
  return renderKql(remainingTemplate, { slo: slo.name, periodText: p.text, objective: slo.objective, functionAlias: slo.functionAlias, periodKind: p.kind, periodSeconds: p.days * 86400, ...(p.kind === 'calendar' ? { period: p.period, timeZone: p.timeZone } : {}) });
}

/** The query of one budget rule: the SLO's newest row of the table, returned only when the threshold is crossed. */
export function budgetAlertQuery(table: string, service: string, slo: SloModel, threshold: BudgetThreshold): string {
  const { badScale, totalScale } = budgetThreshold(slo.objective, threshold.remainingPercent);
  return renderKql(alertTemplate, { table, service, slo: slo.name, exhausted: threshold.kind === 'exhausted', remaining: threshold.remainingPercent, badScale, totalScale });
}

/**
 * "Less than N % of the budget remains" as counts, exact at the boundary: the budget spent is bad / (total × (1 −
 * objective/100)), so less than N % remains exactly when bad / total > (1 − objective/100) × (1 − N/100), i.e. when
 * bad × badScale > total × totalScale with badScale / totalScale = 100² / ((100 − objective) × (100 − N)) reduced to
 * whole numbers from the decimal digits of both. "Exhausted" is N = 0 with ≥: the whole budget is spent. Past 2^21
 * (objectives with many digits) the products might lose exactness, and the rounded threshold is compared instead.
 */
export function budgetThreshold(objective: number, remainingPercent: number): { badScale: number; totalScale: number } {
  const o = decimal(objective);
  const n = decimal(remainingPercent);
  const k = Math.max(0, -o.exponent);
  const m = Math.max(0, -n.exponent);
  const oD = o.digits * 10n ** BigInt(o.exponent + k);
  const nD = n.digits * 10n ** BigInt(n.exponent + m);
  let bad = 10000n * 10n ** BigInt(k + m);
  let total = (100n * 10n ** BigInt(k) - oD) * (100n * 10n ** BigInt(m) - nD);
  if (total <= 0n) throw new Error(`no error budget at an objective of ${objective} and ${remainingPercent} % remaining`);
  const g = gcd(bad, total);
  bad /= g;
  total /= g;
  if (bad > EXACT_SCALE_MAX || total > EXACT_SCALE_MAX) return { badScale: 1, totalScale: ((100 - objective) * (100 - remainingPercent)) / 10000 };
  return { badScale: Number(bad), totalScale: Number(total) };
}

const EXACT_SCALE_MAX = 2n ** 21n;

/** The budget table of a service as the Kusto language service knows tables: its name and columns. */
export function budgetTableSchema(table: string): { readonly name: string; readonly columns: readonly { readonly name: string; readonly type: string }[] } {
  return { name: table, columns: Object.entries(fact('budget-alerts', 'tableColumns')).map(([name, type]) => ({ name, type })) };
}
