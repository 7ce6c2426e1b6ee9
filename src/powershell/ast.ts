/**
 * A small PowerShell syntax tree: just what azslo's runbooks need — comments, a param block, assignments of data
 * literals (the plan a runbook carries out) and the fixed engine that interprets them. Every runbook is printed from
 * it by printer.ts, which owns quoting, escaping and line terminators, so no user text reaches PowerShell through
 * string concatenation.
 */
export type Expr =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  /** An ordered hashtable, `[ordered]@{ Key = value }`: keys are identifiers, checked by the printer. */
  | { readonly kind: 'hashtable'; readonly entries: readonly { readonly key: string; readonly value: Expr }[] }
  | { readonly kind: 'array'; readonly items: readonly Expr[] }
  | { readonly kind: 'variable'; readonly name: string };

export interface Parameter {
  readonly name: string;
  /** A type literal such as `object`, `string`, `switch`. */
  readonly type: 'object' | 'string' | 'switch' | 'int';
  readonly mandatory?: boolean;
  readonly default?: Expr;
  /** The only values the parameter takes ([ValidateSet(...)]). */
  readonly validateSet?: readonly string[];
  readonly help: string;
}

export type Statement =
  | { readonly kind: 'comment'; readonly text: string }
  | { readonly kind: 'requires'; readonly version: string }
  | { readonly kind: 'param'; readonly parameters: readonly Parameter[] }
  | { readonly kind: 'assign'; readonly name: string; readonly value: Expr }
  /**
   * A fixed block of PowerShell from templates/runbooks/ — azslo's own code, never user text: the printer refuses a
   * block that holds a template placeholder, and tests parse every runbook with the real PowerShell parser.
   */
  | { readonly kind: 'engine'; readonly name: string; readonly code: string };

export interface Script {
  readonly statements: readonly Statement[];
}

/** Node factory: short constructors that keep tree-building code readable. */
export const ps = {
  str: (value: string): Expr => ({ kind: 'string', value }),
  num: (value: number): Expr => ({ kind: 'number', value }),
  bool: (value: boolean): Expr => ({ kind: 'bool', value }),
  nul: (): Expr => ({ kind: 'null' }),
  table: (entries: Record<string, Expr | undefined>): Expr => ({
    kind: 'hashtable',
    entries: Object.entries(entries)
      .filter((e): e is [string, Expr] => e[1] !== undefined)
      .map(([key, value]) => ({ key, value })),
  }),
  arr: (items: readonly Expr[]): Expr => ({ kind: 'array', items }),
  /** A plain JSON-like value as a PowerShell literal (objects become ordered hashtables in key order). */
  of: (v: unknown): Expr => {
    if (v === null || v === undefined) return ps.nul();
    if (typeof v === 'string') return ps.str(v);
    if (typeof v === 'number') return ps.num(v);
    if (typeof v === 'boolean') return ps.bool(v);
    if (Array.isArray(v)) return ps.arr(v.map(ps.of));
    return { kind: 'hashtable', entries: Object.entries(v as Record<string, unknown>).map(([key, value]) => ({ key, value: ps.of(value) })) };
  },
};
