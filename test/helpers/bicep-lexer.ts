/**
 * A small lexer of Bicep source, for tests that read generated Bicep back: the values of its string literals and
 * the top-level declarations it makes. It follows the Bicep language's own lexing rules
 * (Bicep.Core/Parsing/Lexer.cs): a line comment runs to the next '\n' or '\r'; '/* … *\/' comments; single-quoted
 * strings with the escapes \\ \' \n \r \t \$ \u{hex}, ended by an unescaped ', broken by a raw '\n' or '\r' (an
 * error), and interpolated at an unescaped '${'; multi-line strings ''' … ''' without escapes.
 */

export const DECLARATION_KEYWORDS = ['param', 'var', 'resource', 'module', 'output', 'targetScope', 'using', 'metadata', 'import', 'type', 'func', 'extension', 'provider'] as const;

export interface BicepLex {
  /** Values of the string literals, in order (an interpolated string gives one value per piece). */
  readonly strings: string[];
  /** Top-level declaration keywords in order: identifiers that start a line at bracket depth 0. */
  readonly declarations: string[];
  /** Lexing problems: unterminated strings or comments, invalid escapes, interpolation holes, unbalanced brackets. */
  readonly errors: string[];
  /** Object keys written as bare identifiers (`name: …`). */
  readonly keys: string[];
  /** Number of string interpolation holes ('${' inside a string). */
  readonly holes: number;
}

const isNewLine = (c: string | undefined): boolean => c === '\n' || c === '\r';
const isIdentStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isIdentPart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", $: '$' };

export function lexBicep(text: string): BicepLex {
  const strings: string[] = [];
  const declarations: string[] = [];
  const keys: string[] = [];
  const errors: string[] = [];
  let holes = 0;
  let i = 0;
  let depth = 0;
  let atLineStart = true;
  const where = () => {
    const before = text.slice(0, i);
    const line = before.split(/\r\n|\r|\n/).length;
    return `offset ${i} (line ${line})`;
  };
  /** Reads one single-quoted string segment after its opening quote (or after the '}' closing a hole). */
  const segment = (): 'end' | 'hole' => {
    let value = '';
    for (;;) {
      const c = text[i];
      if (c === undefined) {
        errors.push(`unterminated string at ${where()}`);
        strings.push(value);
        return 'end';
      }
      if (isNewLine(c)) {
        errors.push(`raw line break inside a string at ${where()}`);
        strings.push(value);
        return 'end';
      }
      i++;
      if (c === "'") {
        strings.push(value);
        return 'end';
      }
      if (c === '$' && text[i] === '{') {
        i++;
        holes++;
        errors.push(`string interpolation hole at ${where()}`);
        strings.push(value);
        return 'hole';
      }
      if (c !== '\\') {
        value += c;
        continue;
      }
      const e = text[i++];
      if (e === 'u') {
        const m = /^\{([0-9A-Fa-f]+)\}/.exec(text.slice(i));
        const cp = m ? parseInt(m[1]!, 16) : NaN;
        if (!m || !(cp <= 0x10ffff)) {
          errors.push(`invalid unicode escape at ${where()}`);
          continue;
        }
        i += m[0].length;
        value += String.fromCodePoint(cp);
      } else if (e !== undefined && e in ESCAPES) value += ESCAPES[e];
      else errors.push(`invalid escape \\${e ?? ''} at ${where()}`);
    }
  };
  /** Bracket depth of each open interpolation hole, so that its '}' is told from an object's. */
  const holeDepths: number[] = [];
  while (i < text.length) {
    const c = text[i]!;
    if (isNewLine(c)) {
      i++;
      atLineStart = true;
      continue;
    }
    if (c === ' ' || c === '\t') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && !isNewLine(text[i])) i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) {
        errors.push(`unterminated /* comment at ${where()}`);
        i = text.length;
      } else i = end + 2;
      continue;
    }
    const startsLine = atLineStart;
    atLineStart = false;
    if (text.startsWith("'''", i)) {
      const end = text.indexOf("'''", i + 3);
      if (end < 0) {
        errors.push(`unterminated multi-line string at ${where()}`);
        strings.push(text.slice(i + 3));
        i = text.length;
        continue;
      }
      let stop = end + 3;
      while (text[stop] === "'") stop++;
      let body = text.slice(i + 3, stop - 3);
      if (body.startsWith('\r')) body = body.slice(1);
      if (body.startsWith('\n')) body = body.slice(1);
      strings.push(body);
      i = stop;
      continue;
    }
    if (c === "'") {
      i++;
      if (segment() === 'hole') holeDepths.push(depth);
      continue;
    }
    if (c === '}' && holeDepths.length && holeDepths[holeDepths.length - 1] === depth) {
      i++;
      if (segment() === 'end') holeDepths.pop();
      continue;
    }
    if (c === '{' || c === '[' || c === '(') {
      depth++;
      i++;
      continue;
    }
    if (c === '}' || c === ']' || c === ')') {
      depth--;
      if (depth < 0) errors.push(`unbalanced '${c}' at ${where()}`);
      i++;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (isIdentPart(text[j])) j++;
      const word = text.slice(i, j);
      if (startsLine && depth === 0) declarations.push(word);
      else if (startsLine && text[j] === ':') keys.push(word);
      i = j;
      continue;
    }
    i++;
  }
  if (depth !== 0) errors.push(`unbalanced brackets at the end (depth ${depth})`);
  if (holeDepths.length) errors.push('unterminated interpolation at the end');
  return { strings, declarations, keys, errors, holes };
}

/** A Bicep single-quoted literal read back (the whole text must be one literal), or undefined. */
export function readBicepString(literal: string): string | undefined {
  const r = lexBicep(literal);
  return r.errors.length === 0 && r.strings.length === 1 ? r.strings[0] : undefined;
}
