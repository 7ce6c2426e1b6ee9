/**
 * Hostile input for the fuzz suites (test/fuzz/): fast-check arbitraries of strings and numbers that break naive
 * quoting, a spec "shape" whose every user-text field holds one, the same shape with benign text (to compare the
 * structure of the output), and readers that take generated output apart again: Bicep string literals and
 * declarations, KQL string literals and token shapes, JSON strings, ARM JSON values.
 */
import fc from 'fast-check';
import { Document } from 'yaml';
import { lexBicep } from './bicep-lexer.js';
import { stringLiterals } from '../../src/kql/service.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { OutputFile } from '../../src/bicep/writer.js';

export const SUB = '00000000-0000-0000-0000-000000000001';
export const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-fuzz`;
export const MONITOR_WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-mon/providers/Microsoft.Monitor/accounts/amw-fuzz`;
export const APP_INSIGHTS = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Insights/components/ai-fuzz`;

/** Names that are also properties of every JavaScript object. */
export const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', '__defineGetter__', 'isPrototypeOf'] as const;

/** Printable pieces that break quoting, comments or interpretation in Bicep, KQL, JSON, ARM, PowerShell, PromQL, YAML, Handlebars. */
export const PRINTABLE_PIECES = [
  "'", '"', '`', '\\', '\\\\', '${', "'}", '${x}', "''", "'''", '"""', '//', '/*', '*/', '#', '--',
  '😀', '𝔘', '\u200b', '\ufffe', '\u200d', 'İ', 'ı', 'ß', 'é', '日本', '\u0301', '\u00a0', '\u3000',
  '|', ';', '[', '[[', ']', '{', '}', '(', ')', '<', '>', '&', '%', '?', '/', '=', ',', '*', '@', '!', '~', '^',
  "[concat('a','b')]", "[parameters('x')]", '[[x]', '"; | take 1 //', "' | union (T) | where '", '| where 1 == 1',
  'let x = 1;', 'set notruncation;', '$(whoami)', '`$x`', '@{a=1}', '$env:PATH', '{__name__=~".+"}', 'up == 0',
  '{{x}}', '{{{x}}}', '&lt;', '<script>', '%s%n', '{0}', 'param', 'output', 'resource', 'targetScope', "@description('x')",
  "output pwned string = 'x'", '__proto__', 'constructor', 'toString', '&anchor', '*alias', '<<', '!!binary', '!tag', ': ', ' #', '- ', '? ',
] as const;

/** Line terminators, control characters and broken UTF-16: refused (AZSLO003) or kept exactly, never half-kept. */
export const CONTROL_PIECES = [
  '\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\v', '\f', '\t', '\0', '\x01', '\x1b[31m', '\x7f', '\u009b',
  '\u202e', '\u200f', '\u2066', '\ufeff', '\ud800', '\udfff', '\udc00\ud800', "\noutput pwned string = 'x'\n", "\routput pwned string = 'x'", "\u2028resource x 'y@1' = {}",
  "'\nparam p string\n'", 'let x = 1;\n', 'set notruncation;\n',
] as const;

export const PIECES = [...PRINTABLE_PIECES, ...CONTROL_PIECES] as const;

const printableArb = fc.constantFrom(...PRINTABLE_PIECES);
const controlArb = fc.constantFrom(...CONTROL_PIECES);
const wordArb = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,6}$/);
// eslint-disable-next-line no-control-regex
const randomPrintable = fc.string({ unit: 'grapheme', maxLength: 4 }).filter((s) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s));
const mix = (piece: fc.Arbitrary<string>) =>
  fc
    .tuple(wordArb, fc.array(fc.oneof({ weight: 3, arbitrary: piece }, { weight: 1, arbitrary: wordArb }, { weight: 1, arbitrary: randomPrintable }), { minLength: 1, maxLength: 5 }))
    .map(([w, ps]) => w + ps.join(''));

/**
 * A hostile string. Mostly printable (so most specs are accepted and their output can be checked), sometimes with
 * line terminators, control characters or lone surrogates (which validation must refuse or keep exactly), a
 * prototype property name, random UTF-16 or a long run.
 */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 24, arbitrary: mix(printableArb) },
  { weight: 4, arbitrary: fc.array(printableArb, { minLength: 1, maxLength: 4 }).map((ps) => ps.join('')) },
  { weight: 1, arbitrary: mix(controlArb) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.tuple(printableArb, fc.integer({ min: 20, max: 1200 })).map(([p, n]) => `long${p}`.repeat(Math.ceil(n / (p.length + 4))).slice(0, n)) },
);

/** Printable hostile text only: quotes, escapes, metacharacters, astral and combining characters, prototype names. */
export const printableString: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: mix(printableArb) },
  { weight: 2, arbitrary: fc.array(printableArb, { minLength: 1, maxLength: 4 }).map((ps) => ps.join('')) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES) },
);

/** What validation must refuse or keep exactly: line terminators, control characters, lone surrogates, random UTF-16, long runs. */
export const refusableString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: mix(controlArb) },
  { weight: 2, arbitrary: fc.array(controlArb, { minLength: 1, maxLength: 3 }).map((ps) => ps.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...PIECES), fc.integer({ min: 60, max: 5000 })).map(([p, n]) => `long${p}`.repeat(Math.ceil(n / (p.length + 4))).slice(0, n)) },
);

/** Extreme numbers for objectives and thresholds. */
export const extremeNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(99.9, 99, 95, 50.5) },
  { weight: 2, arbitrary: fc.constantFrom(0, 100, 99.99999999, 1e308, -0, 5e-324, 1e-300, 99.999999999999999, 100.0000000001, -1, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2, NaN, Infinity, -Infinity, 0.1 + 0.2) },
  { weight: 1, arbitrary: fc.double({ noDefaultInfinity: false }) },
);

export type SliKind = 'availability' | 'latency' | 'test' | 'dependency' | 'raw' | 'event' | 'prometheus';
export type NotifyRef = number | string;

/** The shape of a spec with every user-text field open. Indices in notify lists refer to targets; strings are undeclared names. */
export interface Shape {
  name: string;
  owner: string;
  environment: string;
  displayName?: string;
  description?: string;
  tags: [string, string][];
  targets: { name: string; email: string; shortName?: string }[];
  slos: {
    name: string;
    description?: string;
    kind: SliKind;
    texts: string[];
    raw: number;
    objective: number;
    page: NotifyRef[];
    ticket: NotifyRef[];
  }[];
  resources: { name: string; type: 0 | 1; role?: string; threshold?: number }[];
  infraNotify: NotifyRef[];
  signals: { name: string; description?: string; unit?: string; event: string; roleName?: string; notify: NotifyRef[] }[];
}

const notifyArb = (targets: number): fc.Arbitrary<NotifyRef[]> =>
  fc.array(fc.oneof({ weight: 20, arbitrary: fc.nat({ max: Math.max(0, targets - 1) }) }, { weight: 1, arbitrary: fc.constantFrom<string>(...PROTO_NAMES) }), { maxLength: 3 }).map((xs) => (targets === 0 ? xs.filter((x) => typeof x === 'string') : xs));

/** The value in one case out of `oneIn`, undefined otherwise. */
const maybe = <T>(a: fc.Arbitrary<T>, oneIn = 2): fc.Arbitrary<T | undefined> => fc.oneof({ weight: oneIn - 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });

/** Specs of every shape with user text from `str` (printable hostile text by default). */
export const shapeArb = (str: fc.Arbitrary<string> = printableString, number: fc.Arbitrary<number> = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(99.9, 99.5, 95) }, { weight: 1, arbitrary: extremeNumber })): fc.Arbitrary<Shape> => {
  const name = fc.oneof({ weight: 6, arbitrary: str }, { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES) });
  const resourceName = str.filter((x) => !x.includes('/') && x.trim() === x && x.length > 0);
  return fc.integer({ min: 1, max: 3 }).chain((nTargets) =>
  fc.record({
    name,
    owner: str,
    environment: fc.oneof(fc.constant('prod'), str),
    displayName: maybe(str, 2),
    description: maybe(str),
    tags: fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: wordArb }, { weight: 1, arbitrary: str }), str), { maxLength: 2 }),
    targets: fc.array(
      fc.record({
        name: fc.oneof({ weight: 3, arbitrary: name }, { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES) }),
        email: fc.oneof({ weight: 7, arbitrary: fc.constant('') }, { weight: 1, arbitrary: str }),
        shortName: maybe(str, 10),
      }),
      { minLength: nTargets, maxLength: nTargets },
    ),
    slos: fc.array(
      fc.record({
        name,
        description: maybe(str),
        kind: fc.constantFrom<SliKind>('availability', 'latency', 'test', 'dependency', 'raw', 'event', 'prometheus'),
        texts: fc.array(str, { minLength: 3, maxLength: 3 }),
        raw: fc.nat({ max: RAW_TEMPLATES.length - 1 }),
        objective: number,
        page: notifyArb(nTargets),
        ticket: notifyArb(nTargets),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    resources: fc.array(fc.record({ name: resourceName, type: fc.constantFrom<0 | 1>(0, 1), role: maybe(str, 3), threshold: maybe(number, 3) }), { maxLength: 2 }),
    infraNotify: notifyArb(nTargets),
    signals: fc.array(fc.record({ name, description: maybe(str), unit: maybe(str, 3), event: str, roleName: maybe(str, 3), notify: notifyArb(nTargets) }), { maxLength: 2 }),
  }),
  );
};

/** KQL string literal of a value, written independently of src/kql/escape.ts. */
export function kqlLiteral(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const ch = value[i]!;
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Raw SLI queries that are valid KQL alone; some are not inside a function body (statements, query parameters). */
export const RAW_TEMPLATES: ((lit: string) => string)[] = [
  (lit) => `AppRequests\n| where Name == ${lit}`,
  (lit) => `AppRequests | where Name == ${lit} // trailing comment`,
  (lit) => `let n = ${lit};\nAppRequests\n| where Name == n`,
  (lit) => `set notruncation;\nAppRequests | where Name == ${lit}`,
  (lit) => `declare query_parameters(p:string = ${lit});\nAppRequests | where Name == p`,
  (lit) => `AppRequests | where Name == ${lit};\nAppRequests`,
  (lit) => `AppRequests\n| where Name == ${lit}\n// last line comment`,
];

/** Which kind of text a field holds: the benign stand-in must be valid where the hostile one goes. */
export type FieldKind = 'name' | 'text' | 'email' | 'resource' | 'target';

/** A user string as the spec placed it, and where it should come back. */
export interface Placed {
  readonly value: string;
  readonly field: string;
  /** Whether generated output is expected to hold it (a few fields, such as resources[].role, only feed analyze). */
  readonly emitted: boolean;
}

export type TextMap = (value: string, kind: FieldKind) => string;

/** The spec object of a shape; `text` maps every user string (identity for the hostile spec). */
export function shapeToSpec(s: Shape, text: TextMap = (v) => v, placed: Placed[] = []): Record<string, unknown> {
  const put = (value: string, kind: FieldKind, field: string, emitted = true): string => {
    const v = text(value, kind);
    placed.push({ value: v, field, emitted });
    return v;
  };
  const targetNames = s.targets.map((t) => text(t.name, 'target'));
  const notify = (refs: NotifyRef[]) => refs.map((r) => (typeof r === 'number' ? targetNames[r]! : text(r, 'target')));
  const notifications = ownObject(
    s.targets.flatMap((t, i) => {
      if (targetNames.indexOf(targetNames[i]!) !== i) return []; // the same name twice: the first one counts

      placed.push({ value: targetNames[i]!, field: `notifications[${i}] name`, emitted: true });
      const email = t.email ? put(t.email, 'email', `notifications[${i}].email`) : `oncall${i}@contoso.com`;
      return [[targetNames[i]!, { email: [email], ...(t.shortName !== undefined ? { shortName: text(t.shortName, 'name') } : {}) }] as [string, unknown]];
    }),
  );
  const metadata: Record<string, unknown> = {
    name: put(s.name, 'name', 'metadata.name'),
    owner: put(s.owner, 'text', 'metadata.owner'),
    environment: put(s.environment, 'text', 'metadata.environment'),
  };
  if (s.displayName !== undefined) metadata.displayName = put(s.displayName, 'text', 'metadata.displayName');
  if (s.description !== undefined) metadata.description = put(s.description, 'text', 'metadata.description', false);
  if (s.tags.length) metadata.tags = ownObject(s.tags.map(([k, v], i) => [put(k, 'name', `metadata.tags key ${i}`), put(v, 'text', `metadata.tags value ${i}`)]));
  const slos = s.slos.map((slo, i) => {
    const [a, b, c] = slo.texts.map((t, j) => ({ t, j }));
    const p = (x: { t: string; j: number }, what: string, kind: FieldKind = 'name') => put(x.t, kind, `slos[${i}].${what}`);
    let sli: Record<string, unknown>;
    switch (slo.kind) {
      case 'availability':
        sli = { requestAvailability: { roleName: p(a!, 'roleName'), operations: [p(b!, 'operations[0]')], excludeOperations: [p(c!, 'excludeOperations[0]')] } };
        break;
      case 'latency':
        sli = { requestLatency: { thresholdMs: 800, roleName: [p(a!, 'roleName[0]')], operations: [p(b!, 'operations[0]')] } };
        break;
      case 'test':
        sli = { availabilityTest: { testName: p(a!, 'testName'), locations: [p(b!, 'locations[0]')] } };
        break;
      case 'dependency':
        sli = { dependencyAvailability: { roleName: p(a!, 'roleName'), target: p(b!, 'target'), dependencyType: 'SQL', names: [p(c!, 'names[0]')] } };
        break;
      case 'raw': {
        const v = text(a!.t, 'name');
        placed.push({ value: v, field: `slos[${i}].sli.raw.good literal`, emitted: true });
        sli = { raw: { good: RAW_TEMPLATES[slo.raw]!(kqlLiteral(v)), total: 'AppRequests' } };
        break;
      }
      case 'event':
        sli = { eventRatio: { good: p(a!, 'eventRatio.good'), total: p(b!, 'eventRatio.total'), roleName: p(c!, 'eventRatio.roleName') } };
        break;
      case 'prometheus':
        // The SLO's name and description reach label matchers, labels and annotations of its rule group.
        sli = { prometheus: { errors: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))', total: 'sum(rate(http_requests_total[{{.window}}]))' } };
        break;
    }
    const alerting: Record<string, unknown> = {};
    if (slo.page.length) alerting.page = { notify: notify(slo.page) };
    if (slo.ticket.length) alerting.ticket = { notify: notify(slo.ticket) };
    return {
      name: put(slo.name, 'name', `slos[${i}].name`),
      ...(slo.description !== undefined ? { description: put(slo.description, 'text', `slos[${i}].description`) } : {}),
      sli,
      objective: slo.objective,
      window: '30d',
      ...(Object.keys(alerting).length ? { alerting } : {}),
    };
  });
  const spec: Record<string, unknown> = {
    apiVersion: 'azslo/v1',
    kind: 'Service',
    metadata,
    azure: { workspace: WORKSPACE, appInsights: APP_INSIGHTS, location: 'westeurope', ...(s.slos.some((x) => x.kind === 'prometheus') ? { monitorWorkspace: MONITOR_WORKSPACE } : {}) },
    notifications,
    slos,
  };
  if (s.resources.length) {
    spec.resources = s.resources.map((r, i) => {
      const name = put(r.name, 'resource', `resources[${i}] name`);
      const type = r.type === 0 ? 'Microsoft.Web/sites' : 'Microsoft.KeyVault/vaults';
      return {
        id: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/${type}/${name}`,
        ...(r.role !== undefined ? { role: put(r.role, 'text', `resources[${i}].role`, false) } : {}),
        ...(r.threshold !== undefined ? { alerts: { [r.type === 0 ? 'http-5xx' : 'saturation']: { threshold: r.threshold } } } : {}),
      };
    });
    if (s.infraNotify.length) spec.infrastructure = { notify: notify(s.infraNotify) };
  }
  if (s.signals.length) {
    spec.business = {
      signals: s.signals.map((g, i) => ({
        name: put(g.name, 'name', `business.signals[${i}].name`),
        ...(g.description !== undefined ? { description: put(g.description, 'text', `business.signals[${i}].description`, false) } : {}),
        ...(g.unit !== undefined ? { unit: put(g.unit, 'text', `business.signals[${i}].unit`, false) } : {}),
        source: { event: put(g.event, 'name', `business.signals[${i}].source.event`), ...(g.roleName !== undefined ? { roleName: put(g.roleName, 'name', `business.signals[${i}].source.roleName`) } : {}) },
        alerts: [{ kind: 'threshold', below: 20, per: '15m', ...(g.notify.length ? { notify: notify(g.notify) } : {}) }],
      })),
    };
  }
  return spec;
}

/** An object with these own keys, '__proto__' included (a plain literal would set the prototype instead). */
export function ownObject(entries: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

/** A benign text map: every distinct hostile string gets a distinct plain stand-in valid for its kind. */
export function benignMap(): TextMap {
  const seen = new Map<string, string>();
  return (value, kind) => {
    const key = `${kind}\u0000${value}`;
    let v = seen.get(key);
    if (v === undefined) {
      const n = seen.size;
      v = kind === 'email' ? `user${n}@contoso.com` : kind === 'resource' ? `res${n}` : kind === 'target' ? `target${n}` : kind === 'text' ? `Text ${n}` : `name${n}`;
      seen.set(key, v);
    }
    return v;
  };
}

/** YAML text of a spec (double-quoted where needed by the yaml library). */
export function toYaml(spec: unknown): string {
  return new Document(spec).toString({ lineWidth: 0 });
}

/** Text as it is after a round trip through a UTF-8 file (lone surrogates become U+FFFD). */
export const onDisk = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

// ---------------------------------------------------------------------------------------------------------------
// Reading generated output back

/** Kusto token shape: the kinds of its tokens in order, from the language service's lexer (texts left out). */
export function kqlShape(query: string): string {
  stringLiterals('print 1');
  const K = (globalThis as unknown as { Kusto: { Language: { Parsing: { TokenParser: { ParseTokens(q: string, o: null): { Kind: number }[] } } } } }).Kusto.Language;
  return K.Parsing.TokenParser.ParseTokens(query, null)
    .map((t) => t.Kind)
    .join(' ');
}

/** Every string of a JSON value, keys included, recursively. */
export function jsonStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) jsonStrings(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      jsonStrings(x, out);
    }
  return out;
}

/** Calls `f` with every string of a JSON value and the key it is under (keys themselves under ''). */
export function walkJson(v: unknown, f: (key: string, value: string) => void, key = ''): void {
  if (typeof v === 'string') f(key, v);
  else if (Array.isArray(v)) for (const x of v) walkJson(x, f, key);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      f('', k);
      walkJson(x, f, k);
    }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };

/**
 * The text a Markdown renderer shows for inline text (workbook text items): backslash escapes of ASCII
 * punctuation undone, HTML character references decoded, hard line breaks ("  \n") as line breaks. Enough to
 * read back what azslo writes, and to notice text that a renderer would show differently from what was written.
 */
export function readMarkdownText(md: string): string {
  return md
    .replace(/ {2}\n/g, '\n')
    .replace(/\\([!-/:-@[-`{-~])|&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g, (m, esc: string | undefined, ref: string | undefined) => {
      if (esc !== undefined) return esc;
      if (ref!.startsWith('#')) {
        const cp = ref![1] === 'x' || ref![1] === 'X' ? parseInt(ref!.slice(2), 16) : parseInt(ref!.slice(1), 10);
        return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
      }
      return ENTITIES[ref!] ?? m;
    });
}

/** The structure of a JSON value: types, key counts and array lengths (strings' values left out). */
export function jsonShape(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(jsonShape).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.values(v).map(jsonShape).join(',')}}`;
  return typeof v;
}

export interface OutputReading {
  /** Every string value found in the output: Bicep literals, KQL literals, JSON strings, as they are on disk. */
  readonly corpus: string[];
  /** Per output file (in path order): its structure, to compare with a benign spec of the same shape. */
  readonly shapes: string[];
  readonly problems: string[];
}

const looksLikeKql = (s: string) => s.includes('|') && (s.includes('"') || s.includes("'"));

/** Takes the generated files apart: string values into the corpus, structure into shapes, lexing problems. */
export function readOutput(files: readonly OutputFile[]): OutputReading {
  const corpus: string[] = [];
  const shapes: string[] = [];
  const problems: string[] = [];
  for (const f of files) {
    const content = onDisk(f.content);
    if (f.path.endsWith('.bicep') || f.path.endsWith('.bicepparam')) {
      const lex = lexBicep(content);
      for (const e of lex.errors) problems.push(`${f.path}: ${e}`);
      corpus.push(...lex.strings, ...lex.keys);
      for (const s of lex.strings) if (looksLikeKql(s)) corpus.push(...stringLiterals(s));
      shapes.push(`${f.path.endsWith('.bicepparam') ? 'bicepparam' : 'bicep'}: ${lex.declarations.join(' ')}`);
    } else if (f.path.endsWith('.kql')) {
      corpus.push(...stringLiterals(content));
      shapes.push(`kql: ${kqlShape(content)}`);
    } else if (f.path.endsWith('.json')) {
      let data: unknown;
      try {
        data = JSON.parse(content);
      } catch (e) {
        problems.push(`${f.path}: not JSON (${(e as Error).message})`);
        continue;
      }
      const queries: string[] = [];
      walkJson(data, (key, value) => {
        if (key === 'query') {
          corpus.push(...stringLiterals(value));
          queries.push(kqlShape(value));
        } else if (key === 'json') corpus.push(readMarkdownText(value));
        else corpus.push(value);
      });
      shapes.push(`json: ${jsonShape(data)} queries: ${queries.join(' / ')}`);
    } else shapes.push(`other: ${f.path.split('.').pop()}`);
  }
  return { corpus, shapes: shapes.sort(), problems };
}

/** A user string found back in the output: equal to, or inside, one of its string values. */
export function findIn(corpus: readonly string[], value: string): boolean {
  return corpus.some((s) => s === value || s.includes(value));
}

// ---------------------------------------------------------------------------------------------------------------
// Diagnostics

// eslint-disable-next-line no-control-regex
const LINE_BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Problems of a diagnostic as a user sees it: file:line:col inside the text, a known code, a one-line bounded message. */
export function diagnosticProblems(d: Diagnostic, file: string, text: string | undefined): string[] {
  const out: string[] = [];
  if (!/^AZSLO\d{3}$/.test(d.code)) out.push(`code ${JSON.stringify(d.code)}`);
  if (d.severity !== 'error' && d.severity !== 'warning') out.push(`severity ${JSON.stringify(d.severity)}`);
  if (d.file !== file) out.push(`file ${JSON.stringify(d.file)} instead of ${JSON.stringify(file)}`);
  const lines = text === undefined ? Infinity : text.split(/\r\n|\r|\n/).length;
  if (!(Number.isInteger(d.position?.line) && d.position.line >= 1 && d.position.line <= lines)) out.push(`line ${d.position?.line} of ${lines}`);
  if (!(Number.isInteger(d.position?.col) && d.position.col >= 1)) out.push(`col ${d.position?.col}`);
  if (typeof d.message !== 'string' || d.message.length === 0) out.push('empty message');
  return out;
}

/** Problems of a message as printed: one line, no terminal control characters, bounded length. */
export function messageProblems(d: Diagnostic): string[] {
  const out: string[] = [];
  if (LINE_BREAKING.test(d.message)) out.push(`message holds a line break or control character: ${JSON.stringify(d.message.slice(0, 200))}`);
  if (d.message.length > 1000) out.push(`message of ${d.message.length} characters`);
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(d.message)) out.push('message holds a lone surrogate');
  return out;
}

/** The shortest useful description of a failing case, for reports. */
export const show = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
