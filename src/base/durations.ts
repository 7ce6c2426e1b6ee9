/** Durations as the spec writes them (30s, 15m, 1h30m, 2d) and as Azure writes them (ISO 8601: PT5M, P1D). */

/** 30s, 15m, 1h, 2d, 1h30m: whole units from days down to seconds, each at most once. */
export const DURATION = /^(?=\d)(\d+d)?(\d+h)?(\d+m)?(\d+s)?$/;

const UNIT_SECONDS: Readonly<Record<string, number>> = { d: 86400, h: 3600, m: 60, s: 1 };

/**
 * Durations parsed so far: an estate writes a few (its windows, the catalog's window pairs), read for every SLO and
 * alert. Bounded, for a process that reads many specs.
 */
const parsedDurations = new Map<string, number | undefined>();

/** Seconds in an azslo duration, or undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  if (parsedDurations.has(text)) return parsedDurations.get(text);
  let total: number | undefined;
  if (DURATION.test(text)) {
    total = 0;
    for (const m of text.matchAll(/(\d+)([dhms])/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
  }
  if (parsedDurations.size >= 1024) parsedDurations.clear();
  parsedDurations.set(text, total);
  return total;
}

/** Seconds as the spec writes a duration: 2h, 1h30m, 45s (the inverse of parseDuration). */
export function specDuration(seconds: number): string {
  const parts: [number, string][] = [[Math.floor(seconds / 86400), 'd'], [Math.floor((seconds % 86400) / 3600), 'h'], [Math.floor((seconds % 3600) / 60), 'm'], [seconds % 60, 's']];
  const text = parts.filter(([n]) => n > 0).map(([n, u]) => `${n}${u}`).join('');
  return text || '0s';
}

/** PT5M, PT6H, P1D, P2D → seconds. */
export function isoSeconds(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso);
  if (!m) throw new Error(`not an ISO 8601 duration azslo uses: ${iso}`);
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60;
}

/**
 * A duration for people: `45 s`, `4 min 30 s`, `11 h 8 min`, `2 d 3 h`. Below an hour to the second, then to the
 * minute, from two days to the hour (what a recovery estimate can honestly claim).
 */
export function humanDuration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  const parts = (pairs: [number, string][]) => pairs.filter(([n], i) => n > 0 || i === 0).map(([n, u]) => `${n} ${u}`).join(' ');
  if (s < 60) return `${s} s`;
  if (s < 3600) return parts([[Math.floor(s / 60), 'min'], [s % 60, 's']]);
  // Up to two days in hours: "36 h" reads better than "1 d 12 h" for a recovery time.
  if (s < 2 * 86400) {
    const m = Math.round(s / 60);
    return parts([[Math.floor(m / 60), 'h'], [m % 60, 'min']]);
  }
  const h = Math.round(s / 3600);
  return parts([[Math.floor(h / 24), 'd'], [h % 24, 'h']]);
}
