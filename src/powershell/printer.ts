import { hasLoneSurrogate } from '../base/text.js';
import type { Expr, Parameter, Script, Statement } from './ast.js';

/**
 * Prints a PowerShell syntax tree. The only place that quotes and escapes PowerShell, and the only place that writes
 * line terminators (LF). Strings are single-quoted, where nothing expands: the quote characters of a single-quoted
 * string — ' and the typographic ‘ ’ ‚ ‛, which PowerShell also takes as quotes — are doubled; line breaks, other
 * control and invisible characters are spliced in as `[char]0x….` so that no source line of the script ever holds
 * them. A lone surrogate cannot be written as UTF-8 and is refused.
 */
const QUOTES = /['\u2018\u2019\u201a\u201b]/g;
/** Characters never written raw: C0/C1 controls, DEL, line and paragraph separators, bidi controls, BOM, NEL. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function psString(value: string): string {
  if (hasLoneSurrogate(value)) throw new Error('a lone surrogate cannot be written to a PowerShell script');
  const parts: string[] = [];
  let run = '';
  for (const ch of value) {
    if (UNSAFE.test(ch)) {
      if (run) parts.push(`'${run.replace(QUOTES, (q) => q + q)}'`);
      run = '';
      parts.push(`[char]0x${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    } else run += ch;
  }
  if (run || parts.length === 0) parts.push(`'${run.replace(QUOTES, (q) => q + q)}'`);
  // `[char]` alone would be a char, not a string: start the sum with a string so + concatenates.
  if (parts.length === 1) return parts[0]!.startsWith('[char]') ? `([string]${parts[0]})` : parts[0]!;
  return `(${parts[0]!.startsWith('[char]') ? "''" + ' + ' : ''}${parts.join(' + ')})`;
}

function psNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return Object.is(n, -0) ? '0' : String(n);
}

const pad = (depth: number) => '    '.repeat(depth);

export function printExpr(e: Expr, depth = 0): string {
  switch (e.kind) {
    case 'string':
      return psString(e.value);
    case 'number':
      return psNumber(e.value);
    case 'bool':
      return e.value ? '$true' : '$false';
    case 'null':
      return '$null';
    case 'variable':
      if (!IDENT.test(e.name)) throw new Error(`not a PowerShell variable name: ${JSON.stringify(e.name)}`);
      return `$${e.name}`;
    case 'array':
      if (e.items.length === 0) return '@()';
      return `@(\n${e.items.map((x) => `${pad(depth + 1)}${printExpr(x, depth + 1)}`).join(',\n')}\n${pad(depth)})`;
    case 'hashtable': {
      if (e.entries.length === 0) return '[ordered]@{}';
      const keys = new Set<string>();
      const lines = e.entries.map(({ key, value }) => {
        const lower = key.toLowerCase();
        // PowerShell hashtable keys are case-insensitive: two keys differing in case are one key.
        if (keys.has(lower)) throw new Error(`duplicate hashtable key ${JSON.stringify(key)}`);
        keys.add(lower);
        return `${pad(depth + 1)}${IDENT.test(key) ? key : psString(key)} = ${printExpr(value, depth + 1)}`;
      });
      return `[ordered]@{\n${lines.join('\n')}\n${pad(depth)}}`;
    }
  }
}

/** One comment line per line of text: every kind of line break splits, other invisible characters are shown. */
function commentLines(text: string): string[] {
  return text.split(/\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/).map((line) =>
    `# ${line.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`).replace(/[\ud800-\udfff]/g, (c) => (hasLoneSurrogate(c) ? '\\u{fffd}' : c))}`.trimEnd(),
  );
}

function printParameter(p: Parameter): string {
  if (!IDENT.test(p.name)) throw new Error(`not a PowerShell parameter name: ${JSON.stringify(p.name)}`);
  const attr = `[Parameter(Mandatory = ${p.mandatory ? '$true' : '$false'}, HelpMessage = ${psString(p.help)})]`;
  const value = p.default !== undefined ? ` = ${printExpr(p.default, 1)}` : '';
  const set = p.validateSet ? `${pad(1)}[ValidateSet(${p.validateSet.map(psString).join(', ')})]\n` : '';
  return `${pad(1)}${attr}\n${set}${pad(1)}[${p.type}] $${p.name}${value}`;
}

function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'comment':
      return commentLines(s.text).join('\n');
    case 'requires':
      if (!/^\d+\.\d+$/.test(s.version)) throw new Error(`not a PowerShell version: ${s.version}`);
      return `#Requires -Version ${s.version}`;
    case 'param':
      return s.parameters.length ? `param(\n${s.parameters.map(printParameter).join(',\n')}\n)` : 'param()';
    case 'assign':
      return `${printExpr({ kind: 'variable', name: s.name })} = ${printExpr(s.value)}`;
    case 'engine': {
      if (/\{\{|\}\}/.test(s.code)) throw new Error(`engine block ${s.name} holds a template placeholder`);
      if (/\r/.test(s.code)) throw new Error(`engine block ${s.name} holds a carriage return`);
      return s.code.replace(/\n+$/, '');
    }
  }
}

/** A whole script: statements separated by a blank line, LF line endings, one final newline. */
export function printScript(script: Script): string {
  return `${script.statements.map(printStatement).join('\n\n')}\n`;
}
