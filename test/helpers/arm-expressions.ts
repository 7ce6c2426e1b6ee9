/**
 * A small evaluator of ARM template expressions — just the functions Bicep emits for azslo's output — so a test can
 * read the values a compiled template would deploy and compare them with what apply sends.
 */
export interface ArmContext {
  parameters: Record<string, unknown>;
  variables: Record<string, unknown>;
  subscriptionId: string;
  resourceGroup: string;
  /**
   * What a deployment reads at run time from the resources it created — reference(id) (a managed identity's
   * principalId, a nested deployment's outputs) and list*(id) (a Logic App trigger's callback URL) — when the test
   * knows it (the local ARM endpoint after apply wrote the same resources).
   */
  runtime?: { reference(id: string, full: boolean): unknown; list(id: string, fn: string): unknown };
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}
  parse(): Node {
    const n = this.expr();
    this.ws();
    if (this.i !== this.s.length) throw new Error(`unexpected '${this.s.slice(this.i)}' in [${this.s}]`);
    return n;
  }
  private ws() {
    while (this.s[this.i] === ' ') this.i++;
  }
  private expr(): Node {
    this.ws();
    let node: Node;
    const c = this.s[this.i]!;
    if (c === "'") {
      let v = '';
      this.i++;
      for (;;) {
        const ch = this.s[this.i++];
        if (ch === undefined) throw new Error('unterminated string');
        if (ch === "'") {
          if (this.s[this.i] === "'") {
            v += "'";
            this.i++;
            continue;
          }
          break;
        }
        v += ch;
      }
      node = { kind: 'lit', value: v };
    } else if (/[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(this.s.slice(this.i))!;
      this.i += m[0].length;
      node = { kind: 'lit', value: Number(m[0]) };
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(this.s.slice(this.i));
      if (!m) throw new Error(`cannot parse at '${this.s.slice(this.i)}'`);
      this.i += m[0].length;
      const name = m[0];
      if (name === 'true' || name === 'false' || name === 'null') node = { kind: 'lit', value: name === 'null' ? null : name === 'true' };
      else {
        this.ws();
        if (this.s[this.i] !== '(') throw new Error(`expected ( after ${name}`);
        this.i++;
        const args: Node[] = [];
        this.ws();
        if (this.s[this.i] === ')') this.i++;
        else
          for (;;) {
            args.push(this.expr());
            this.ws();
            const sep = this.s[this.i++];
            if (sep === ')') break;
            if (sep !== ',') throw new Error(`expected , or ) in ${this.s}`);
          }
        node = { kind: 'call', name: name.toLowerCase(), args };
      }
    }
    for (;;) {
      if (this.s[this.i] === '.') {
        this.i++;
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i))!;
        this.i += m[0].length;
        node = { kind: 'prop', of: node, name: m[0] };
      } else if (this.s[this.i] === '[') {
        this.i++;
        const index = this.expr();
        this.ws();
        this.i++; // ]
        node = { kind: 'index', of: node, index };
      } else break;
    }
    return node;
  }
}

type Node =
  | { kind: 'lit'; value: unknown }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'prop'; of: Node; name: string }
  | { kind: 'index'; of: Node; index: Node };

function evalNode(n: Node, ctx: ArmContext): unknown {
  switch (n.kind) {
    case 'lit':
      return n.value;
    case 'prop':
      return (evalNode(n.of, ctx) as Record<string, unknown>)[n.name];
    case 'index':
      return (evalNode(n.of, ctx) as Record<string, unknown>)[evalNode(n.index, ctx) as string];
    case 'call': {
      const a = n.args.map((x) => evalNode(x, ctx));
      switch (n.name) {
        case 'parameters':
          return ctx.parameters[a[0] as string];
        case 'variables':
          return evaluate(ctx.variables[a[0] as string], ctx);
        case 'format':
          return String(a[0]).replace(/\{(\d+)\}/g, (_, d: string) => String(a[Number(d) + 1]));
        case 'split':
          return String(a[0]).split(String(a[1]));
        case 'last':
          return (a[0] as unknown[])[(a[0] as unknown[]).length - 1];
        case 'replace':
          return String(a[0]).split(String(a[1])).join(String(a[2]));
        case 'union':
          return Object.assign({}, ...(a as object[]));
        case 'createobject': {
          const o: Record<string, unknown> = {};
          for (let i = 0; i < a.length; i += 2) o[a[i] as string] = a[i + 1];
          return o;
        }
        case 'json':
          return JSON.parse(String(a[0]));
        case 'subscription':
          return { id: `/subscriptions/${ctx.subscriptionId}`, subscriptionId: ctx.subscriptionId };
        case 'resourceid': {
          // resourceId([subscriptionId, resourceGroup,] type, name1, name2…): types and names interleaved.
          const typed = a.findIndex((x) => String(x).includes('/'));
          const [sub, rg] = typed === 2 ? [a[0], a[1]] : typed === 1 ? [ctx.subscriptionId, a[0]] : [ctx.subscriptionId, ctx.resourceGroup];
          const [ns, ...types] = String(a[typed]).split('/');
          const names = a.slice(typed + 1).map(String);
          return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${ns}/${types.map((t, i) => `${t}/${names[i]}`).join('/')}`;
        }
        case 'subscriptionresourceid':
          return `/subscriptions/${ctx.subscriptionId}/providers/${a[0]}/${a[1]}`;
        case 'reference':
          if (!ctx.runtime) throw new Error('reference() needs the run-time values of a deployment (ctx.runtime)');
          return ctx.runtime.reference(String(a[0]), String(a[2] ?? '').toLowerCase() === 'full');
        case 'listcallbackurl':
          if (!ctx.runtime) throw new Error('listCallbackUrl() needs the run-time values of a deployment (ctx.runtime)');
          return ctx.runtime.list(String(a[0]), 'listCallbackUrl');
        case 'concat':
          return a.every((x) => Array.isArray(x)) ? (a as unknown[][]).flat() : a.join('');
        default:
          throw new Error(`ARM function ${n.name}() is not supported by this test evaluator`);
      }
    }
  }
}

/** The value of a template value: literals as they are, '[...]' expressions evaluated, '[[' unescaped. */
export function evaluate(v: unknown, ctx: ArmContext): unknown {
  if (typeof v === 'string') {
    if (v.startsWith('[[')) return v.slice(1);
    if (v.startsWith('[') && v.endsWith(']')) return evalNode(new Parser(v.slice(1, -1)).parse(), ctx);
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => evaluate(x, ctx));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, evaluate(x, ctx)]));
  return v;
}
