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
  const pairs = alert.windows.pairs.map((p) => {
    const { badScale, totalScale } = burnRateThreshold(slo.objective, p.burnRate);
    return {
      burnRate: p.burnRate,
      badScale,
      totalScale,
      longGood: `Good${label(p.longSeconds)}`,
      longTotal: `Total${label(p.longSeconds)}`,
      shortGood: `Good${label(p.shortSeconds)}`,
      shortTotal: `Total${label(p.shortSeconds)}`,
    };
  });
  return renderKql(template, {
    objective: slo.objective,
    minimumEvents: alert.minimumEvents,
    functionAlias: slo.functionAlias,
    queryWindowSeconds: Math.max(...seconds),
    windows,
    pairs,
  });
}

/** A number's exact decimal digits and exponent, from its shortest round-trip text (99.95 → 9995 × 10^-2). */
export function decimal(n: number): { digits: bigint; exponent: number } {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(String(n));
  if (!m) throw new Error(`not a finite non-negative decimal: ${n}`);
  const fraction = m[2] ?? '';
  return { digits: BigInt(`${m[1]}${fraction}`), exponent: Number(m[3] ?? 0) - fraction.length };
}

export const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/**
 * "The burn rate is at or above B" as a comparison of counts that holds exactly at the boundary. The burn rate is
 * (bad / total) / (1 − objective/100), so it is ≥ B exactly when bad × badScale ≥ total × totalScale, with
 * badScale / totalScale = 100 / (B × (100 − objective)) reduced to whole numbers from the decimal digits of the
 * objective and of B. Computed in floating point instead, 6 bad of 50 at 98 % burns at 5.999999999999995, just under
 * 6; here both sides are whole numbers well below 2^53, which doubles (Kusto's real) hold exactly.
 */
export function burnRateThreshold(objective: number, burnRate: number): { badScale: number; totalScale: number } {
  const o = decimal(objective);
  const b = decimal(burnRate);
  // Bring both to whole numbers: objective = oD / 10^k, B = bD / 10^m (k, m ≥ 0).
  const k = Math.max(0, -o.exponent);
  const m = Math.max(0, -b.exponent);
  const oD = o.digits * 10n ** BigInt(o.exponent + k);
  const bD = b.digits * 10n ** BigInt(b.exponent + m);
  let bad = 100n * 10n ** BigInt(k + m);
  let total = bD * (100n * 10n ** BigInt(k) - oD);
  if (total <= 0n) throw new Error(`no error budget at an objective of ${objective}`); // validation keeps objectives below 100
  const g = gcd(bad, total);
  bad /= g;
  total /= g;
  // Exact while both products stay below 2^53 for windows of up to 2^32 events: scales of at most 2^21. An objective
  // with more digits than that allows (99.99999999) compares against the rounded threshold instead.
  if (bad > EXACT_SCALE_MAX || total > EXACT_SCALE_MAX) return { badScale: 1, totalScale: (burnRate * (100 - objective)) / 100 };
  return { badScale: Number(bad), totalScale: Number(total) };
}

const EXACT_SCALE_MAX = 2n ** 21n;
