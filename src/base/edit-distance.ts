/**
 * "Did you mean …?": the known name closest to a mistyped one. Below every stage: it imports nothing of the project.
 */

/**
 * Optimal string alignment distance (Levenshtein plus the swap of two neighbours, the commonest typo), compared
 * without case: `valdate` → `validate` is 1, `--froce` → `--force` is 1.
 */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  // Three rows are enough: the swap looks two rows back.
  let before: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = previous;
    previous = row;
  }
  return previous[t.length]!;
}

/**
 * The candidate closest to `name`, when it is close enough to be the one meant: at most a third of the name's length
 * in edits (at least 1, at most 3), or `name` is a prefix of it, or it differs only in case. Ties go to the first
 * candidate given; undefined when nothing is close (a suggestion that is a guess helps no one).
 */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  const budget = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === name) continue;
    const lower = c.toLowerCase();
    const d = lower === name.toLowerCase() ? 0 : name.length >= 3 && lower.startsWith(name.toLowerCase()) ? 0.5 : editDistance(name, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= budget ? best : undefined;
}

/** `; did you mean 'x'?` for a message, or nothing when no candidate is close. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = closestMatch(name, candidates);
  return match === undefined ? '' : `; did you mean '${match}'?`;
}
