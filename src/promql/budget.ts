import type { BudgetThreshold } from '../model/budget.js';
import type { SloModel } from '../model/service.js';
import { snake } from '../model/names.js';
import { annotationText, promqlString } from './escape.js';
import { errorRatioRecord, LABELS, prometheusSli, type RecordingRule } from './rules.js';
import { fillWindow, promDuration } from './window.js';

/**
 * Error-budget alerts of a Prometheus SLO (docs/burn-rate-alerts.md, Budget alerts), natively: a recording rule of the
 * error ratio over the whole (rolling) SLO window, and one alert rule per threshold on it. No job and no table: a
 * PromQL query on an Azure Monitor workspace may read 32 days, a log search alert two.
 */
export type BudgetedPrometheusSlo = Pick<SloModel, 'name' | 'objective' | 'sli' | 'windowDays'> & { readonly budget: NonNullable<SloModel['budget']> };

/** The label that tells a budget alert rule from the burn-rate ones, with the threshold's slug (below-50, exhausted). */
export const BUDGET_LABEL = 'azslo_budget';

export interface BudgetAlertRule {
  readonly alert: string;
  readonly threshold: BudgetThreshold;
  readonly expression: string;
  readonly severity: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * The error ratio over the SLO window. The good form is (total − good) / total rather than 1 − good / total: with good
 * at least half of total the subtraction is exact (Sterbenz), so the ratio is one correctly rounded division, which
 * keeps the thresholds exact at the boundary (see budgetRatioThreshold).
 */
export function budgetRatioExpression(slo: Pick<SloModel, 'sli'>, window: string): string {
  const sli = prometheusSli(slo);
  const total = fillWindow(sli.total, window).text;
  if (sli.errors !== undefined) return `(${fillWindow(sli.errors, window).text})\n/\n(${total})`;
  return `(\n  (${total})\n  -\n  (${fillWindow(sli.good!, window).text})\n)\n/\n(${total})`;
}

/**
 * The error ratio above which less than `remainingPercent` % of the budget remains, as an exact decimal: the budget
 * spent is ratio / (1 − objective/100), so less than N % remains exactly when ratio > (1 − objective/100) × (1 − N/100)
 * = (100 − objective)(100 − N) / 10⁴, a finite decimal of the two. A correctly rounded quotient and a correctly rounded
 * decimal literal are both monotone and equal when the real values are, so `>` (and `>=` for exhausted, N = 0) decide
 * at the boundary as the log form's comparison of counts does (src/kql/budget.ts).
 */
export function budgetRatioThreshold(objective: number, remainingPercent: number): string {
  const o = decimal(objective);
  const n = decimal(remainingPercent);
  const k = Math.max(0, -o.exponent);
  const m = Math.max(0, -n.exponent);
  const budget = 100n * 10n ** BigInt(k) - o.digits * 10n ** BigInt(o.exponent + k);
  const left = 100n * 10n ** BigInt(m) - n.digits * 10n ** BigInt(n.exponent + m);
  if (budget <= 0n || left <= 0n) throw new Error(`no error budget at an objective of ${objective} and ${remainingPercent} % remaining`);
  return decimalText(budget * left, 4 + k + m);
}

/** A number's exact decimal digits and exponent, from its shortest round-trip text (99.95 → 9995 × 10^−2). */
function decimal(n: number): { digits: bigint; exponent: number } {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(String(n));
  if (!m) throw new Error(`not a finite non-negative decimal: ${n}`);
  const fraction = m[2] ?? '';
  return { digits: BigInt(`${m[1]}${fraction}`), exponent: Number(m[3] ?? 0) - fraction.length };
}

/** digits × 10^−scale as a plain decimal, without trailing zeros. */
function decimalText(digits: bigint, scale: number): string {
  const text = digits.toString().padStart(scale + 1, '0');
  const whole = text.slice(0, text.length - scale);
  const fraction = text.slice(text.length - scale).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** A budget alert rule's name, in the characters of a Prometheus metric name: slo_<service>_<slo>_budget_below_50. */
export const budgetAlertName = (serviceName: string, slo: Pick<SloModel, 'name'>, t: BudgetThreshold): string => `slo_${snake(serviceName)}_${snake(slo.name)}_budget_${snake(t.slug)}`;

/** The SLO window as a Prometheus duration (30d), which the recorded ratio's name carries. */
export const budgetWindow = (slo: Pick<SloModel, 'windowDays'>): string => promDuration(slo.windowDays * 86400);

/** The rules of an SLO's budget alerts: the recorded ratio over the SLO window, then one alert rule per threshold. */
export function prometheusBudgetRules(serviceName: string, slo: BudgetedPrometheusSlo, describe: (t: BudgetThreshold) => string): { readonly recording: RecordingRule; readonly alerts: readonly BudgetAlertRule[] } {
  const identity = { [LABELS.service]: serviceName, [LABELS.slo]: slo.name };
  const window = budgetWindow(slo);
  const record = errorRatioRecord(window);
  const selector = `${record}{${Object.entries(identity)
    .map(([k, v]) => `${k}=${promqlString(v)}`)
    .join(', ')}}`;
  const alerts = slo.budget.thresholds.map((t): BudgetAlertRule => {
    const exhausted = t.kind === 'exhausted';
    return {
      alert: budgetAlertName(serviceName, slo, t),
      threshold: t,
      expression: `${selector} ${exhausted ? '>=' : '>'} ${budgetRatioThreshold(slo.objective, t.remainingPercent)}`,
      severity: t.severity,
      labels: { ...identity, [LABELS.alert]: 'budget', [BUDGET_LABEL]: t.slug },
      annotations: {
        summary: annotationText(`SLO '${slo.name}' of service '${serviceName}' ${exhausted ? 'has spent its whole error budget' : `has less than ${t.remainingPercent} % of its error budget left`} over the last ${slo.windowDays} days.`),
        description: annotationText(describe(t)),
        budget: window,
      },
    };
  });
  return { recording: { record, expression: budgetRatioExpression(slo, window), labels: identity }, alerts };
}
