import { hasLoneSurrogate } from '../base/text.js';
import { fact } from '../catalog/index.js';
import type { BicepFile, Decorator, Expr, Statement } from './ast.js';

/**
 * Prints a Bicep syntax tree. The only place that quotes and escapes, and the only place that writes line
 * terminators: Bicep strings are single-quoted with escapes \\ \' \n \r \t \${ and \u{…}
 * (https://learn.microsoft.com/azure/azure-resource-manager/bicep/data-types#strings), and no text of a tree node
 * ever puts a line break of its own into the file — a comment's lines are split here, so that text after a bare CR
 * cannot become code (Bicep's lexer, like most editors, ends a line at CR, LF or CRLF).
 */

/** Characters printed as \u{…} inside strings and shown as such in comments: C0 and C1 controls, DEL, and the
 * Unicode line and paragraph separators, none of which a reviewer would see. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Every sequence that some editor or lexer takes as the end of a line. */
const LINE_BREAK = /\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/;

export class PrintError extends Error {}

function assertWellFormed(value: string): void {
  // A lone surrogate has no UTF-8 form: written out it would silently become U+FFFD. Validation refuses it first.
  if (hasLoneSurrogate(value)) throw new PrintError(`text with a lone surrogate cannot be printed: ${JSON.stringify(value.slice(0, 40))}`);
}

const unicodeEscape = (c: number): string => `\\u{${c.toString(16).toUpperCase()}}`;

/**
 * What a string needs escaped (or checked: any surrogate, paired or not), so that most strings — plain names,
 * descriptions — are one native scan and printed as they are.
 */
const NEEDS_CARE = /[\\'\u0000-\u001f\u007f-\u009f\u2028\u2029\uD800-\uDFFF]|\$\{/;
const ESCAPED = /[\\'\u0000-\u001f\u007f-\u009f\u2028\u2029]|\$\{/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '${': '\\${' };
const escape = (s: string): string => SHORT_ESCAPES[s] ?? unicodeEscape(s.charCodeAt(0));

export function bicepString(value: string): string {
  if (!NEEDS_CARE.test(value)) return `'${value}'`;
  assertWellFormed(value);
  return `'${value.replace(ESCAPED, escape)}'`;
}

/** A string into the pieces of a file: most need no escape, and are written as they are, between quotes. */
function writeString(value: string, out: string[]): void {
  if (NEEDS_CARE.test(value)) out.push(bicepString(value));
  else out.push("'", value, "'");
}

const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');

/** One comment line's text: line breaks were split off before, other invisible characters are shown escaped. */
function commentLine(text: string): string {
  assertWellFormed(text);
  return INVISIBLE.test(text) ? text.replace(INVISIBLE_ALL, (ch) => unicodeEscape(ch.charCodeAt(0))) : text;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Names the printer writes bare (symbols, parameters, decorators, functions): anything else is a bug upstream. */
function identifier(name: string): string {
  if (!IDENT.test(name)) throw new PrintError(`not a Bicep identifier: ${JSON.stringify(name)}`);
  return name;
}

const INDENT = '  ';
/** Indentation by depth, made once: objects and arrays nest a few levels only. */
const pads: string[] = [''];
const padOf = (depth: number): string => {
  while (pads.length <= depth) pads.push(pads[pads.length - 1]! + INDENT);
  return pads[depth]!;
};

/** Bicep has integer literals only; other numbers go through json('…'), which keeps their exact decimal text. */
function number(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Bicep cannot hold ${n}`);
  if (Number.isSafeInteger(n)) return String(n);
  return `json(${bicepString(String(n))})`;
}

export function printExpr(e: Expr, depth = 0): string {
  const out: string[] = [];
  writeExpr(e, depth, out);
  return out.join('');
}

/**
 * The printer writes each file's pieces into one list, joined once: building a string per node (and a list per
 * object) was most of the printing time of a large estate, and most of its garbage.
 */
function writeExpr(e: Expr, depth: number, out: string[]): void {
  switch (e.kind) {
    case 'string':
      writeString(e.value, out);
      return;
    case 'number':
      out.push(number(e.value));
      return;
    case 'bool':
      out.push(e.value ? 'true' : 'false');
      return;
    case 'null':
      out.push('null');
      return;
    case 'ident':
      out.push(identifier(e.name));
      return;
    case 'member':
      writeExpr(e.object, depth, out);
      out.push('.', identifier(e.name));
      return;
    case 'index':
      writeExpr(e.object, depth, out);
      out.push('[');
      writeExpr(e.index, depth, out);
      out.push(']');
      return;
    case 'call':
      out.push(e.fn.includes('.') ? e.fn.split('.').map(identifier).join('.') : identifier(e.fn), '(');
      for (let i = 0; i < e.args.length; i++) {
        if (i > 0) out.push(', ');
        writeExpr(e.args[i]!, depth, out);
      }
      out.push(')');
      return;
    case 'array': {
      if (e.items.length === 0) {
        out.push('[]');
        return;
      }
      const inner = padOf(depth + 1);
      out.push('[\n');
      for (const item of e.items) {
        out.push(inner);
        writeExpr(item, depth + 1, out);
        out.push('\n');
      }
      out.push(padOf(depth), ']');
      return;
    }
    case 'object': {
      if (e.props.length === 0) {
        out.push('{}');
        return;
      }
      const inner = padOf(depth + 1);
      out.push('{\n');
      for (const p of e.props) {
        out.push(inner);
        if (p.computedKey) {
          out.push("'${");
          writeExpr(p.computedKey, depth + 1, out);
          out.push("}'");
        } else if (IDENT.test(p.key)) out.push(p.key);
        else writeString(p.key, out);
        out.push(': ');
        writeExpr(p.value, depth + 1, out);
        out.push('\n');
      }
      out.push(padOf(depth), '}');
      return;
    }
  }
}

function writeDecorators(ds: readonly Decorator[], out: string[]): void {
  for (const d of ds) {
    out.push('@', identifier(d.name), '(');
    for (let i = 0; i < d.args.length; i++) {
      if (i > 0) out.push(', ');
      writeExpr(d.args[i]!, 0, out);
    }
    out.push(')\n');
  }
}

function writeStatement(s: Statement, out: string[]): void {
  switch (s.kind) {
    case 'comment':
      out.push(
        s.text
          .split(LINE_BREAK)
          .map((l) => `//${l ? ` ${commentLine(l)}` : ''}`)
          .join('\n'),
      );
      return;
    case 'targetScope':
      out.push('targetScope = ', bicepString(s.scope));
      return;
    case 'param':
      writeDecorators(s.decorators, out);
      out.push('param ', identifier(s.name), ' ', identifier(s.type));
      if (s.default) {
        out.push(' = ');
        writeExpr(s.default, 0, out);
      }
      return;
    case 'var':
      writeDecorators(s.decorators, out);
      out.push('var ', identifier(s.name), ' = ');
      writeExpr(s.value, 0, out);
      return;
    case 'resource':
      writeDecorators(s.decorators, out);
      out.push('resource ', identifier(s.symbol), ' ', bicepString(`${s.type}@${s.apiVersion}`), s.existing ? ' existing = ' : ' = ');
      writeExpr(s.body, 0, out);
      return;
    case 'module':
      writeDecorators(s.decorators, out);
      out.push('module ', identifier(s.symbol), ' ', bicepString(s.path), ' = ');
      writeExpr(s.body, 0, out);
      return;
    case 'output':
      writeDecorators(s.decorators, out);
      out.push('output ', identifier(s.name), ' ', identifier(s.type), ' = ');
      writeExpr(s.value, 0, out);
      return;
    case 'using':
      out.push('using ', bicepString(s.path));
      return;
    case 'assign':
      out.push('param ', identifier(s.name), ' = ');
      writeExpr(s.value, 0, out);
      return;
  }
}

/**
 * Bicep's no-hardcoded-env-urls rule warns on any string holding a cloud's host name (catalog bicep.yaml). In azslo's
 * output such text is a resource's own name (a private DNS zone `privatelink.database.windows.net`), never an
 * endpoint to take from environment(), so the rule is silenced on exactly the lines that hold one, with its reason.
 */
function silenceHostWarnings(lines: readonly string[]): string[] {
  const hosts = fact('bicep', 'hardcodedEnvHosts').map((h) => h.toLowerCase());
  const out: string[] = [];
  for (const line of lines) {
    const lower = line.toLowerCase();
    if (!line.trimStart().startsWith('//') && hosts.some((h) => lower.includes(h))) {
      out.push(`${line.slice(0, line.length - line.trimStart().length)}#disable-next-line no-hardcoded-env-urls // a resource name, not an endpoint`);
    }
    out.push(line);
  }
  return out;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Finds cloud hosts in a text without a lower-cased copy of it (that copy was a second copy of all the Bicep of an
 * estate). For an ASCII host, `toLowerCase(text).includes(host)` holds exactly when the host is in the text in any
 * ASCII case — unless the text holds one of the two characters whose lower case is ASCII (U+0130 İ, U+212A Kelvin
 * sign): then, or for a host that is not ASCII, the lower-cased copy decides. Hosts are looked for only where their
 * last label (`.net`) is, which one native scan finds.
 */
interface HostScan {
  /** The hosts' last labels in any case, and the two characters that lower-case to ASCII. */
  readonly candidates: RegExp;
  readonly hosts: readonly { readonly at: RegExp; readonly length: number; readonly labelLength: number }[];
}
let hostScan: HostScan | undefined;
const LOWERS_TO_ASCII = /[\u0130\u212A]/;

function namesHost(text: string): boolean {
  const hosts = fact('bicep', 'hardcodedEnvHosts');
  const exact = () => {
    const lower = text.toLowerCase();
    return hosts.some((h) => lower.includes(h.toLowerCase()));
  };
  if (hosts.some((h) => !/^[\x00-\x7f]+$/.test(h))) return exact();
  const label = (h: string) => h.slice(Math.max(0, h.lastIndexOf('.')));
  hostScan ??= {
    candidates: new RegExp([...new Set(hosts.map(label))].map(escapeRegExp).concat(LOWERS_TO_ASCII.source).join('|'), 'gi'),
    hosts: hosts.map((h) => ({ at: new RegExp(escapeRegExp(h), 'iy'), length: h.length, labelLength: label(h).length })),
  };
  const { candidates } = hostScan;
  candidates.lastIndex = 0;
  for (let m = candidates.exec(text); m !== null; candidates.lastIndex = m.index + 1, m = candidates.exec(text)) {
    if (LOWERS_TO_ASCII.test(m[0])) return exact();
    for (const h of hostScan.hosts) {
      // Where the host would start if its label started here.
      const start = m.index + h.labelLength - h.length;
      if (start < 0) continue;
      h.at.lastIndex = start;
      if (h.at.test(text)) return true;
    }
  }
  return false;
}

/** A file: statements separated by blank lines, ending in one newline. */
export function printFile(file: BicepFile): string {
  const out: string[] = [];
  for (let i = 0; i < file.statements.length; i++) {
    if (i > 0) out.push('\n\n');
    writeStatement(file.statements[i]!, out);
  }
  out.push('\n');
  // One flat string per file: a file's text with its newline appended would be a second copy once written out.
  const text = out.join('');
  // Most files name no cloud host: looking once at the whole text spares splitting it into lines.
  if (!namesHost(text)) return text;
  return silenceHostWarnings(text.slice(0, -1).split('\n')).concat('').join('\n');
}
