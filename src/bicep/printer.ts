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

export function bicepString(value: string): string {
  assertWellFormed(value);
  let out = "'";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '$' && value[i + 1] === '{') out += '\\$';
    else if (INVISIBLE.test(ch)) out += unicodeEscape(ch.charCodeAt(0));
    else out += ch;
  }
  return `${out}'`;
}

/** One comment line's text: line breaks were split off before, other invisible characters are shown escaped. */
function commentLine(text: string): string {
  assertWellFormed(text);
  let out = '';
  for (const ch of text) out += INVISIBLE.test(ch) ? unicodeEscape(ch.charCodeAt(0)) : ch;
  return out;
}

/** Names the printer writes bare (symbols, parameters, decorators, functions): anything else is a bug upstream. */
function identifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new PrintError(`not a Bicep identifier: ${JSON.stringify(name)}`);
  return name;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INDENT = '  ';

/** Bicep has integer literals only; other numbers go through json('…'), which keeps their exact decimal text. */
function number(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`Bicep cannot hold ${n}`);
  if (Number.isSafeInteger(n)) return String(n);
  return `json(${bicepString(String(n))})`;
}

export function printExpr(e: Expr, depth = 0): string {
  const pad = INDENT.repeat(depth);
  switch (e.kind) {
    case 'string':
      return bicepString(e.value);
    case 'number':
      return number(e.value);
    case 'bool':
      return e.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'ident':
      return identifier(e.name);
    case 'member':
      return `${printExpr(e.object, depth)}.${identifier(e.name)}`;
    case 'index':
      return `${printExpr(e.object, depth)}[${printExpr(e.index, depth)}]`;
    case 'call':
      return `${e.fn.split('.').map(identifier).join('.')}(${e.args.map((a) => printExpr(a, depth)).join(', ')})`;
    case 'array':
      if (e.items.length === 0) return '[]';
      return `[\n${e.items.map((i) => `${pad}${INDENT}${printExpr(i, depth + 1)}\n`).join('')}${pad}]`;
    case 'object':
      if (e.props.length === 0) return '{}';
      return `{\n${e.props.map((p) => `${pad}${INDENT}${p.computedKey ? `'\${${printExpr(p.computedKey, depth + 1)}}'` : IDENT.test(p.key) ? p.key : bicepString(p.key)}: ${printExpr(p.value, depth + 1)}\n`).join('')}${pad}}`;
  }
}

const printDecorators = (ds: readonly Decorator[]): string => ds.map((d) => `@${identifier(d.name)}(${d.args.map((a) => printExpr(a)).join(', ')})\n`).join('');

function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'comment':
      return s.text
        .split(LINE_BREAK)
        .map((l) => `//${l ? ` ${commentLine(l)}` : ''}`)
        .join('\n');
    case 'targetScope':
      return `targetScope = ${bicepString(s.scope)}`;
    case 'param':
      return `${printDecorators(s.decorators)}param ${identifier(s.name)} ${identifier(s.type)}${s.default ? ` = ${printExpr(s.default)}` : ''}`;
    case 'var':
      return `${printDecorators(s.decorators)}var ${identifier(s.name)} = ${printExpr(s.value)}`;
    case 'resource':
      return `${printDecorators(s.decorators)}resource ${identifier(s.symbol)} ${bicepString(`${s.type}@${s.apiVersion}`)}${s.existing ? ' existing' : ''} = ${printExpr(s.body)}`;
    case 'module':
      return `${printDecorators(s.decorators)}module ${identifier(s.symbol)} ${bicepString(s.path)} = ${printExpr(s.body)}`;
    case 'output':
      return `${printDecorators(s.decorators)}output ${identifier(s.name)} ${identifier(s.type)} = ${printExpr(s.value)}`;
    case 'using':
      return `using ${bicepString(s.path)}`;
    case 'assign':
      return `param ${identifier(s.name)} = ${printExpr(s.value)}`;
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

/** A file: statements separated by blank lines, ending in one newline. */
export function printFile(file: BicepFile): string {
  const text = file.statements.map(printStatement).join('\n\n');
  // Most files name no cloud host: looking once at the whole text spares splitting it into lines.
  const lower = text.toLowerCase();
  if (!fact('bicep', 'hardcodedEnvHosts').some((h) => lower.includes(h.toLowerCase()))) return `${text}\n`;
  return `${silenceHostWarnings(text.split('\n')).join('\n')}\n`;
}
