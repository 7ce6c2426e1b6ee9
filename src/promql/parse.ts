import { parser } from '@prometheus-io/lezer-promql';

/** A PromQL syntax error: the offset in the text where the Prometheus grammar could not go on, and what stands there. */
export interface PromqlError {
  readonly offset: number;
  readonly message: string;
}

/**
 * Parses PromQL with the Prometheus project's own grammar (@prometheus-io/lezer-promql, the one its web UI uses) and
 * returns the first syntax error, or undefined when the text parses. The grammar recovers from errors with error
 * nodes; the first one is reported.
 */
export function promqlSyntaxError(text: string): PromqlError | undefined {
  if (text.trim() === '') return { offset: 0, message: 'the query is empty' };
  const tree = parser.parse(text);
  let first: number | undefined;
  tree.iterate({
    enter(node) {
      if (first !== undefined) return false;
      if (node.type.isError) first = node.from;
      return undefined;
    },
  });
  if (first === undefined) return undefined;
  const at = text.slice(first, first + 12).split('\n')[0]!.trimEnd();
  // An error at the end (of the text or of a line, before the next) stands after the last character written.
  if (at === '') return { offset: text.slice(0, first).trimEnd().length, message: first >= text.trimEnd().length ? 'the query ends too early' : 'the line ends too early' };
  return { offset: first, message: `unexpected '${at}'` };
}
