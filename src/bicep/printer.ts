import type { BicepFile, Decorator, Expr, Statement } from './ast.js';

/**
 * Prints a Bicep syntax tree. The only place that quotes and escapes: Bicep strings are single-quoted with
 * escapes \\ \' \n \r \t \${ and \u{…} (https://learn.microsoft.com/azure/azure-resource-manager/bicep/data-types#strings).
 */
export function bicepString(value: string): string {
  let out = "'";
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const c = ch.charCodeAt(0);
    if (ch === '\\') out += '\\\\';
    else if (ch === "'") out += "\\'";
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '$' && value[i + 1] === '{') out += '\\$';
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) out += `\\u{${c.toString(16).toUpperCase()}}`;
    else out += ch;
  }
  return `${out}'`;
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
      return e.name;
    case 'member':
      return `${printExpr(e.object, depth)}.${e.name}`;
    case 'index':
      return `${printExpr(e.object, depth)}[${printExpr(e.index, depth)}]`;
    case 'call':
      return `${e.fn}(${e.args.map((a) => printExpr(a, depth)).join(', ')})`;
    case 'array':
      if (e.items.length === 0) return '[]';
      return `[\n${e.items.map((i) => `${pad}${INDENT}${printExpr(i, depth + 1)}\n`).join('')}${pad}]`;
    case 'object':
      if (e.props.length === 0) return '{}';
      return `{\n${e.props.map((p) => `${pad}${INDENT}${IDENT.test(p.key) ? p.key : bicepString(p.key)}: ${printExpr(p.value, depth + 1)}\n`).join('')}${pad}}`;
  }
}

const printDecorators = (ds: readonly Decorator[]): string => ds.map((d) => `@${d.name}(${d.args.map((a) => printExpr(a)).join(', ')})\n`).join('');

function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'comment':
      return s.text
        .split('\n')
        .map((l) => `//${l ? ` ${l}` : ''}`)
        .join('\n');
    case 'targetScope':
      return `targetScope = ${bicepString(s.scope)}`;
    case 'param':
      return `${printDecorators(s.decorators)}param ${s.name} ${s.type}${s.default ? ` = ${printExpr(s.default)}` : ''}`;
    case 'var':
      return `${printDecorators(s.decorators)}var ${s.name} = ${printExpr(s.value)}`;
    case 'resource':
      return `${printDecorators(s.decorators)}resource ${s.symbol} ${bicepString(`${s.type}@${s.apiVersion}`)}${s.existing ? ' existing' : ''} = ${printExpr(s.body)}`;
    case 'module':
      return `${printDecorators(s.decorators)}module ${s.symbol} ${bicepString(s.path)} = ${printExpr(s.body)}`;
    case 'output':
      return `${printDecorators(s.decorators)}output ${s.name} ${s.type} = ${printExpr(s.value)}`;
    case 'using':
      return `using ${bicepString(s.path)}`;
    case 'assign':
      return `param ${s.name} = ${printExpr(s.value)}`;
  }
}

/** A file: statements separated by blank lines, ending in one newline. */
export function printFile(file: BicepFile): string {
  return `${file.statements.map(printStatement).join('\n\n')}\n`;
}
