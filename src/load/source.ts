import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Composer, LineCounter, Parser, isAlias, isMap, isSeq, isPair, isScalar, Scalar, type CST, type Document, type Node } from 'yaml';
import type { Diagnostic, Position } from '../diagnostics/diagnostic.js';
import { diagnosticsAt } from '../diagnostics/builder.js';

export type PathSegment = string | number;

/** One YAML document of an input file, with what is needed to point back into the source. */
export interface SourceDocument {
  readonly file: string;
  readonly text: string;
  readonly index: number;
  readonly doc: Document.Parsed;
  readonly lineCounter: LineCounter;
  /** The plain data, as `yaml` turns the document into JavaScript. */
  readonly data: unknown;
}

export interface LoadResult {
  readonly documents: SourceDocument[];
  readonly diagnostics: Diagnostic[];
}

const YAML_EXT = /\.ya?ml$/i;

/** Expands files and folders into a sorted, de-duplicated list of YAML files. Folders are walked recursively. */
export async function expandInputs(inputs: readonly string[]): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const files = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const input of inputs) {
    let info;
    try {
      info = await stat(input);
    } catch {
      diagnostics.push(diagnosticsAt({ file: input }).inputMissing(input));
      continue;
    }
    if (info.isDirectory()) {
      for (const f of await walk(input)) files.add(f);
    } else {
      files.add(path.normalize(input));
    }
  }
  return { files: [...files].sort(), diagnostics };
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      // Generated output checked in beside specs (examples/_gen) is not a spec.
      if (e.name.startsWith('_')) continue;
      out.push(...(await walk(p)));
    } else if (YAML_EXT.test(e.name)) out.push(p);
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * How deeply collections may nest. A real spec nests about ten levels; YAML's composer recurses per level, and a few
 * thousand levels overflow its stack (or, for `- - - …` on one line, exhaust memory), so deeper input is refused
 * before it is composed.
 */
export const MAX_NESTING = 64;

/** The offset of the first collection nested deeper than MAX_NESTING, found without recursion. */
function tooDeep(tokens: readonly CST.Token[]): number | undefined {
  const stack: { token: CST.Token | undefined; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length) {
    const { token, depth } = stack.pop()!;
    if (!token) continue;
    switch (token.type) {
      case 'document':
        stack.push({ token: token.value, depth });
        break;
      case 'block-map':
      case 'block-seq':
      case 'flow-collection':
        if (depth + 1 > MAX_NESTING) return token.offset;
        for (const item of token.items) {
          if ('key' in item) stack.push({ token: item.key ?? undefined, depth: depth + 1 });
          stack.push({ token: item.value, depth: depth + 1 });
        }
        break;
      default:
        break;
    }
  }
  return undefined;
}

/** The first mapping key that is a collection, an alias or null, found without recursion. */
function firstNonTextKey(doc: Document.Parsed): { offset: number; what: string } | undefined {
  const stack: (Node | null)[] = [doc.contents as Node | null];
  while (stack.length) {
    const node = stack.pop()!;
    if (isMap(node)) {
      for (const pair of node.items) {
        const written = pair.key as Node | null;
        // An alias stands for what it names: a scalar is fine as a key, a collection is not.
        const key = isAlias(written) ? ((written.resolve(doc) as Node | undefined) ?? null) : written;
        const what =
          key === null || (isScalar(key) && key.value === null)
            ? 'empty'
            : isMap(key)
              ? 'a mapping'
              : isSeq(key)
                ? 'a list'
                : isScalar(key) && typeof key.value === 'object'
                  ? `a ${key.tag?.replace(/^tag:yaml\.org,2002:/, '!!') ?? 'tagged'} value`
                  : undefined;
        if (what) return { offset: written?.range?.[0] ?? node.range?.[0] ?? 0, what };
        stack.push(pair.value as Node | null);
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push(item as Node | null);
  }
  return undefined;
}

function dataDepthExceeds(data: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value: data, depth: 0 }];
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth + 1 > limit) return true;
    for (const v of Array.isArray(value) ? value : Object.values(value)) stack.push({ value: v, depth: depth + 1 });
  }
  return false;
}

/** Parses one file's text; every YAML error becomes an AZSLO001 diagnostic at its position. */
export function parseSource(file: string, text: string): LoadResult {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const documents: SourceDocument[] = [];
  // Document by document: each one's syntax tokens are checked for depth, composed, then dropped (an estate in one
  // file would otherwise hold every token of every document at once).
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true, strict: true });
  const parsed: Document.Parsed[] = [];
  for (const token of new Parser(lineCounter.addNewLine).parse(text)) {
    const deep = tooDeep([token]);
    if (deep !== undefined) {
      diagnostics.push(diagnosticsAt({ file, position: toPosition(lineCounter, deep) }).nestingTooDeep(MAX_NESTING));
      return { documents, diagnostics };
    }
    parsed.push(...composer.next(token));
  }
  parsed.push(...composer.end(true, text.length));
  if (parsed.length === 0) {
    // An empty stream: the file holds no document at all.
    diagnostics.push(diagnosticsAt({ file }).emptyFile());
    return { documents, diagnostics };
  }
  parsed.forEach((doc, index) => {
    const problems = [...doc.errors, ...doc.warnings];
    const reported = new Set<string>();
    for (const err of problems) {
      const key = `${err.pos?.[0]}|${firstLine(err.message)}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const at = err.pos?.[0] ?? 0;
      diagnostics.push(diagnosticsAt({ file, position: toPosition(lineCounter, at) }).yamlSyntax(firstLine(err.message), doc.errors.includes(err as never) ? 'error' : 'warning'));
    }
    if (doc.errors.length > 0) return;
    // An empty document, e.g. between two '---' or after a trailing one.
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null && doc.contents.source === '')) return;
    // A list, mapping or null as a key would be turned into text by toJS (with a warning on stderr): refused first.
    const badKey = firstNonTextKey(doc);
    if (badKey) {
      diagnostics.push(diagnosticsAt({ file, position: toPosition(lineCounter, badKey.offset) }).keyNotText(badKey.what));
      return;
    }
    let data: unknown;
    try {
      data = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      diagnostics.push(diagnosticsAt({ file }).yamlSyntax(firstLine((e as Error).message)));
      return;
    }
    // Aliases can stack anchored collections inside each other: the data itself is held to the same depth.
    if (dataDepthExceeds(data, MAX_NESTING)) {
      diagnostics.push(diagnosticsAt({ file, position: toPosition(lineCounter, doc.range[0]) }).aliasesNestTooDeep(MAX_NESTING));
      return;
    }
    documents.push({ file, text, index, doc, lineCounter, data });
  });
  if (documents.length === 0 && diagnostics.length === 0) {
    diagnostics.push(diagnosticsAt({ file }).emptyFile());
  }
  return { documents, diagnostics };
}

/** Reads and parses every input; never throws for bad input. */
export async function loadSources(inputs: readonly string[]): Promise<LoadResult> {
  const { files, diagnostics } = await expandInputs(inputs);
  const documents: SourceDocument[] = [];
  if (files.length === 0 && diagnostics.length === 0) {
    diagnostics.push(diagnosticsAt({ file: inputs[0] ?? '.' }).noYamlFiles(inputs));
  }
  for (const file of files) {
    let text: string;
    try {
      const bytes = await readFile(file);
      text = utf8.decode(bytes);
    } catch (e) {
      const at = diagnosticsAt({ file });
      diagnostics.push(e instanceof TypeError ? at.notUtf8(file) : at.unreadableFile(file, (e as NodeJS.ErrnoException).code));
      continue;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const r = parseSource(file, text);
    documents.push(...r.documents);
    diagnostics.push(...r.diagnostics);
  }
  return { documents, diagnostics };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

export function toPosition(lc: LineCounter, offset: number): Position {
  const p = lc.linePos(offset);
  return { line: p.line, col: p.col };
}

/** The YAML node at a data path, or the deepest existing ancestor when the path does not exist (yet). */
export function nodeAt(doc: Document.Parsed, segments: readonly PathSegment[]): { node: Node | null; keyNode: Node | null; found: boolean } {
  let node: Node | null = doc.contents as Node | null;
  let keyNode: Node | null = null;
  for (const seg of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return { node, keyNode, found: false };
      keyNode = pair.key as Node;
      node = (pair.value as Node | null) ?? keyNode;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) return { node, keyNode, found: false };
      keyNode = null;
      node = item;
    } else {
      return { node, keyNode, found: false };
    }
  }
  return { node, keyNode, found: true };
}

/** Position of the value (or, with `key`, of the key) at a data path. */
export function positionAt(src: SourceDocument, segments: readonly PathSegment[], which: 'key' | 'value' = 'value'): Position {
  const { node, keyNode } = nodeAt(src.doc, segments);
  const target = which === 'key' && keyNode ? keyNode : node;
  const offset = target?.range?.[0] ?? 0;
  return toPosition(src.lineCounter, offset);
}

export function formatPath(segments: readonly PathSegment[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** Maps an offset inside a scalar's value to a file position, exactly for literal blocks and plain or quoted one-liners. */
export function positionInScalar(src: SourceDocument, path: readonly PathSegment[], valueOffset: number): Position {
  const { node } = nodeAt(src.doc, path);
  if (!node || !isScalar(node) || !node.range) return positionAt(src, path);
  return positionInScalarNode(src, node, valueOffset);
}

/** The same for a scalar node in hand (a mapping key, say). */
export function positionInScalarNode(src: Pick<SourceDocument, 'text' | 'lineCounter'>, node: Scalar, valueOffset: number): Position {
  if (!node.range) return { line: 1, col: 1 };
  const start = node.range[0];
  const value = String(node.value);
  const type = node.type;
  if (type === Scalar.BLOCK_LITERAL) {
    const source = src.text.slice(start, node.range[1]);
    const lines = source.split('\n');
    // lines[0] is the header (`|`, `|-`, `|2`…); content lines follow with a common indentation.
    const content = lines.slice(1);
    const indent = Math.min(...content.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
    const before = value.slice(0, valueOffset).split('\n');
    const lineIndex = before.length - 1;
    const col = before[lineIndex]!.length;
    let offset = start + lines[0]!.length + 1;
    for (let i = 0; i < lineIndex; i++) offset += content[i]!.length + 1;
    return toPosition(src.lineCounter, offset + Math.min(indent, content[lineIndex]?.length ?? indent) + col);
  }
  const quoted = type === Scalar.QUOTE_DOUBLE || type === Scalar.QUOTE_SINGLE;
  const inner = src.text.slice(start + (quoted ? 1 : 0), start + (quoted ? 1 : 0) + value.length);
  if (inner === value) return toPosition(src.lineCounter, start + (quoted ? 1 : 0) + valueOffset);
  return toPosition(src.lineCounter, start);
}

