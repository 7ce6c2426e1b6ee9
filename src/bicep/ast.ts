/**
 * A small Bicep syntax tree: just what azslo emits. Every file is printed from it by printer.ts, which owns
 * quoting and escaping, so no user text reaches Bicep through string concatenation.
 */
export type Expr =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'object'; readonly props: readonly Property[] }
  | { readonly kind: 'array'; readonly items: readonly Expr[] }
  | { readonly kind: 'ident'; readonly name: string }
  | { readonly kind: 'member'; readonly object: Expr; readonly name: string }
  | { readonly kind: 'index'; readonly object: Expr; readonly index: Expr }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] };

export interface Property {
  readonly key: string;
  readonly value: Expr;
  /** A key computed at deployment, printed as '${expr}' (a user-assigned identity's id); `key` is then ignored. */
  readonly computedKey?: Expr;
}

export interface Decorator {
  readonly name: string;
  readonly args: readonly Expr[];
}

export type Statement =
  | { readonly kind: 'comment'; readonly text: string }
  | { readonly kind: 'targetScope'; readonly scope: 'resourceGroup' | 'subscription' }
  | { readonly kind: 'param'; readonly name: string; readonly type: string; readonly decorators: readonly Decorator[]; readonly default?: Expr }
  | { readonly kind: 'var'; readonly name: string; readonly value: Expr; readonly decorators: readonly Decorator[] }
  | {
      readonly kind: 'resource';
      readonly symbol: string;
      readonly type: string;
      readonly apiVersion: string;
      readonly existing: boolean;
      readonly decorators: readonly Decorator[];
      readonly body: Expr;
    }
  | { readonly kind: 'module'; readonly symbol: string; readonly path: string; readonly decorators: readonly Decorator[]; readonly body: Expr }
  | { readonly kind: 'output'; readonly name: string; readonly type: string; readonly value: Expr; readonly decorators: readonly Decorator[] }
  | { readonly kind: 'using'; readonly path: string }
  | { readonly kind: 'assign'; readonly name: string; readonly value: Expr };

export interface BicepFile {
  readonly statements: readonly Statement[];
}

/** Node factory: short constructors that keep tree-building code readable. */
export const b = {
  str: (value: string): Expr => ({ kind: 'string', value }),
  num: (value: number): Expr => ({ kind: 'number', value }),
  bool: (value: boolean): Expr => ({ kind: 'bool', value }),
  nul: (): Expr => ({ kind: 'null' }),
  obj: (props: Record<string, Expr | undefined> | readonly Property[]): Expr => ({
    kind: 'object',
    props: Array.isArray(props)
      ? (props as readonly Property[])
      : Object.entries(props as Record<string, Expr | undefined>)
          .filter((e): e is [string, Expr] => e[1] !== undefined)
          .map(([key, value]) => ({ key, value })),
  }),
  arr: (items: readonly Expr[]): Expr => ({ kind: 'array', items }),
  id: (name: string): Expr => ({ kind: 'ident', name }),
  member: (object: Expr, name: string): Expr => ({ kind: 'member', object, name }),
  index: (object: Expr, index: Expr): Expr => ({ kind: 'index', object, index }),
  call: (fn: string, ...args: Expr[]): Expr => ({ kind: 'call', fn, args }),
  decorator: (name: string, ...args: Expr[]): Decorator => ({ name, args }),
  description: (text: string): Decorator => ({ name: 'description', args: [{ kind: 'string', value: text }] }),
};
