import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnosticsAt } from '../diagnostics/builder.js';
import { formatPath, positionInScalarNode, type PathSegment, type SourceDocument } from '../load/source.js';

/**
 * Text is kept exactly or refused. Every string of a spec — keys and values — ends up in Bicep, ARM JSON, KQL or a
 * terminal, where some characters are invisible, change what a line is, or have no UTF-8 form at all. They are
 * refused here, at their exact position, before any other check reads the document (AZSLO003).
 */

/** Fields that may span lines: free text, KQL and PromQL. Everything else is one line. */
const MULTI_LINE = (path: readonly PathSegment[]): boolean => {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  return (
    last === 'description' ||
    last === 'query' ||
    (parent === 'raw' && (last === 'good' || last === 'total')) ||
    (parent === 'prometheus' && (last === 'errors' || last === 'good' || last === 'total'))
  );
};

/** azslo's own limits, far above any real name or query, so that no value can blow past Azure's or Bicep's. */
export const TEXT_LIMITS = { line: 1024, multiLine: 32_768 } as const;

interface Refusal {
  readonly offset: number;
  readonly why: string;
}

const codePoint = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character of a value that no output may carry, or undefined when the text is clean. */
export function refuseText(value: string, multiLine: boolean): Refusal | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return { offset: i, why: `a lone surrogate (${codePoint(c)}), which is not Unicode text` };
    }
    if (c >= 0xdc00 && c <= 0xdfff) return { offset: i, why: `a lone surrogate (${codePoint(c)}), which is not Unicode text` };
    if (c === 0x0a || c === 0x09) {
      if (multiLine) continue;
      return { offset: i, why: c === 0x0a ? 'a line break, and this value is one line' : 'a tab, and this value is one line' };
    }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return { offset: i, why: `the control character ${codePoint(c)}` };
    if (c === 0x2028 || c === 0x2029) return { offset: i, why: `the ${c === 0x2028 ? 'line' : 'paragraph'} separator ${codePoint(c)}` };
    // Bidirectional embeddings, overrides and isolates make text read differently from what it is ("Trojan Source").
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return { offset: i, why: `the bidirectional control ${codePoint(c)}` };
    if (c === 0xfeff) return { offset: i, why: 'a byte order mark (U+FEFF) inside the text' };
  }
  const limit = multiLine ? TEXT_LIMITS.multiLine : TEXT_LIMITS.line;
  if (value.length > limit) return { offset: limit, why: `more than ${limit} characters` };
  return undefined;
}

/** Checks every string scalar of a document, keys included; walks iteratively, so no nesting can overflow it. */
export function checkText(src: SourceDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: { node: Node | null; path: PathSegment[] }[] = [{ node: src.doc.contents as Node | null, path: [] }];
  const check = (scalar: Scalar, path: PathSegment[], what: 'key' | 'value') => {
    if (typeof scalar.value !== 'string') return;
    const refusal = refuseText(scalar.value, what === 'value' && MULTI_LINE(path));
    if (!refusal) return;
    const at = formatPath(path) || 'the document';
    const where = { file: src.file, position: positionInScalarNode(src, scalar, refusal.offset), path: formatPath(path) };
    out.push(diagnosticsAt(where).refusedText(what === 'key' ? `a key in ${formatPath(path.slice(0, -1)) || 'the document'}` : at, refusal.why));
  };
  while (stack.length) {
    const { node, path } = stack.pop()!;
    if (!node || isAlias(node)) continue;
    if (isScalar(node)) check(node, path, 'value');
    else if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? pair.key : null;
        const segment = key ? String(key.value) : '?';
        if (key) check(key, [...path, segment], 'key');
        else stack.push({ node: pair.key as Node | null, path: [...path, segment] });
        stack.push({ node: pair.value as Node | null, path: [...path, segment] });
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => stack.push({ node: item as Node | null, path: [...path, i] }));
  }
  return out.reverse();
}
