/** The window placeholder of a Prometheus SLI's queries, as in Sloth: where a range selector's duration goes. */
export const WINDOW_PLACEHOLDER = '{{.window}}';

/** A query with its placeholders filled in, and how to find an offset of the result in the query as written. */
export interface FilledQuery {
  readonly text: string;
  /** The offset in the query as written of an offset in `text`. */
  sourceOffset(offset: number): number;
}

export const hasWindowPlaceholder = (query: string): boolean => query.includes(WINDOW_PLACEHOLDER);

/** The query for one window (a Prometheus duration such as 5m, 1h, 3d). */
export function fillWindow(query: string, window: string): FilledQuery {
  const parts = query.split(WINDOW_PLACEHOLDER);
  // Segments of the result and where each starts in both texts, to map an error's offset back.
  const starts: { readonly at: number; readonly from: number }[] = [];
  let text = '';
  let from = 0;
  parts.forEach((p, i) => {
    starts.push({ at: text.length, from });
    text += p;
    from += p.length;
    if (i < parts.length - 1) {
      starts.push({ at: text.length, from });
      text += window;
      from += WINDOW_PLACEHOLDER.length;
    }
  });
  return {
    text,
    sourceOffset(offset) {
      let best = starts[0]!;
      for (const s of starts) if (s.at <= offset) best = s;
      const inPlaceholder = starts.indexOf(best) % 2 === 1;
      return inPlaceholder ? best.from : best.from + (offset - best.at);
    },
  };
}

/** A Prometheus duration for a number of seconds: the largest whole unit of d, h, m, s. */
export function promDuration(seconds: number): string {
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}
