import { createRequire } from 'node:module';
import { tableSchemas } from '../catalog/index.js';

/**
 * Offline parsing and binding of KQL with the real Kusto language service (@kusto/language-service-next),
 * against the table schemas of catalog/tables/. Loaded on first use only: it is large and most commands that
 * start the CLI do not need it.
 */
export interface KqlProblem {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
  /** Offset in the checked text, in UTF-16 code units. */
  readonly start: number;
  readonly length: number;
}

export interface KqlFunction {
  readonly name: string;
  readonly body: string;
}

export type KqlDatabase = 'workspace' | 'resourcegraph';

export interface KqlCheck {
  readonly problems: KqlProblem[];
  /** Columns of the query's result when it is tabular, e.g. ['TimeGenerated', 'Good']. */
  readonly columns: string[] | undefined;
  /** The top-level statements, in order: their syntax kind (e.g. 'LetStatement', 'ExpressionStatement') and offset. */
  readonly statements: readonly { readonly kind: string; readonly start: number }[];
}

/* eslint-disable @typescript-eslint/no-explicit-any -- Bridge.NET output has no usable typings */
let kusto: any;

function language(): any {
  if (kusto) return kusto;
  const require = createRequire(import.meta.url);
  require('@kusto/language-service-next/bridge.min.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
  kusto = (globalThis as any).Kusto.Language;
  return kusto;
}

/** Loads the language service now (a worker thread, before it takes work). */
export function loadKqlService(): void {
  language();
}

const globalsCache = new Map<string, any>();
/**
 * Table symbols by database, name and columns: the binder parses each schema text once, however many services and
 * function variants a large estate checks (building them again for every globals cost most of a 1,000-service run).
 */
const tableCache = new Map<string, any>();

/** A table declared by the spec (custom log tables), known to the binder besides catalog/tables/. */
export interface KqlTable {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
}

const globalsKey = (database: KqlDatabase, functions: readonly KqlFunction[], tables: readonly KqlTable[]): string =>
  `${database}\u0000${functions.map((f) => `${f.name}\u0001${f.body}`).join('\u0000')}\u0002${JSON.stringify(tables)}`;

function globalsFor(database: KqlDatabase, functions: readonly KqlFunction[], tables: readonly KqlTable[], key = globalsKey(database, functions, tables)): any {
  const cached = globalsCache.get(key);
  if (cached) return cached;
  const K = language();
  const S = K.Symbols;
  const table = (t: KqlTable, description: string | null) => {
    const schema = `(${t.columns.map((c) => `['${c.name}']:${c.type}`).join(', ')})`;
    const key = `${database}\u0000${t.name}\u0000${schema}\u0000${description ?? ''}`;
    let symbol = tableCache.get(key);
    if (!symbol) tableCache.set(key, (symbol = new S.TableSymbol.$ctor7(t.name, schema, description)));
    return symbol;
  };
  const members: any[] = [
    ...tableSchemas()
      .filter((t) => t.database === database)
      .map((t) => table(t, t.description)),
    ...(database === 'workspace' ? tables.map((t) => table(t, null)) : []),
  ];
  for (const f of functions) members.push(new S.FunctionSymbol.$ctor16(f.name, '()', `{\n${f.body}\n}`, null));
  const db = new S.DatabaseSymbol.$ctor1(database, members, false);
  const plain = K.GlobalState.Default.WithDatabase(db);
  // KustoCode.ParseAndAnalyze sets a parse option on every call and the binder adds a cache, each making a new
  // GlobalState (ParseOptions.With compares a misspelt property, so it never sees the option already set), which
  // rebuilds its operator, function and aggregate maps every time: both are set once here, and checkUncached calls
  // the steps of ParseAndAnalyze itself. Half of a bind of a small query went into those maps.
  const globals = plain.WithParseOptions(plain.ParseOptions.WithAlwaysProduceEndTokens(true)).WithCache();
  if (globalsCache.size > 64) globalsCache.clear();
  globalsCache.set(key, globals);
  return globals;
}

/** One check, as data: what checkKql takes, so a batch can be sent to worker threads (./pool.ts). */
export interface KqlRequest {
  readonly text: string;
  readonly database?: KqlDatabase;
  readonly functions?: readonly KqlFunction[];
  readonly tables?: readonly KqlTable[];
  /** false: parse only (see checkKql). */
  readonly bind?: boolean;
}

export const checkKqlRequest = (r: KqlRequest): KqlCheck => checkKql(r.text, r.database, r.functions, r.tables, { bind: r.bind });

/** The identity of a request: two requests with the same key get the same answer. */
export const kqlCheckKey = (r: KqlRequest): string => cacheKey(r.text, r.database ?? 'workspace', r.functions ?? [], r.tables ?? [], r.bind !== false);

/** Whether checkKql has this answer already: a batch sends only the others to worker threads. */
export const knownKqlCheck = (r: KqlRequest): KqlCheck | undefined => resultCache.get(kqlCheckKey(r));

/** Keeps answers a batch computed elsewhere (worker threads), so the checks that follow find them. */
export function rememberKqlCheck(r: KqlRequest, result: KqlCheck): void {
  remember(kqlCheckKey(r), result);
}

/** Room for the answers of one batch: a large estate's checks must all stay cached until validate reads them. */
export function reserveKqlChecks(count: number): void {
  resultCacheSize = Math.max(resultCacheSize, count + RESULT_CACHE_SIZE);
}

/**
 * Parses and binds a query (`bind: false`: parses only, several times cheaper — syntax errors and statements, no
 * names or result columns).
 */
export function checkKql(text: string, database: KqlDatabase = 'workspace', functions: readonly KqlFunction[] = [], tables: readonly KqlTable[] = [], options: { bind?: boolean } = {}): KqlCheck {
  // The same query against the same names gives the same answer: estates repeat their queries across services.
  const bind = options.bind !== false;
  const key = cacheKey(text, database, functions, tables, bind);
  const known = resultCache.get(key);
  if (known) return known;
  const result = checkUncached(text, database, functions, tables, bind, bind ? globalsKey(database, functions, tables) : '');
  remember(key, result);
  return result;
}

function cacheKey(text: string, database: KqlDatabase, functions: readonly KqlFunction[], tables: readonly KqlTable[], bind: boolean): string {
  const names = bind ? globalsKey(database, functions, tables) : '';
  // Lengths first, so no text can make two different checks share a key.
  return `${bind ? 'b' : 'p'}${names.length}:${names}${text}`;
}

function remember(key: string, result: KqlCheck): void {
  if (resultCache.size >= resultCacheSize) resultCache.delete(resultCache.keys().next().value!);
  resultCache.set(key, result);
}

const resultCache = new Map<string, KqlCheck>();
const RESULT_CACHE_SIZE = 4096;
let resultCacheSize = RESULT_CACHE_SIZE;

function checkUncached(text: string, database: KqlDatabase, functions: readonly KqlFunction[], tables: readonly KqlTable[], bind: boolean, globals: string): KqlCheck {
  const K = language();
  const code = analyze(K, text, bind ? globalsFor(database, functions, tables, globals) : parseOnlyGlobals(K), bind);
  const diags = code.GetDiagnostics();
  const problems: KqlProblem[] = [];
  for (let i = 0; i < diags.Count; i++) {
    const d = diags.getItem(i);
    problems.push({
      severity: String(d.Severity).toLowerCase() === 'error' ? 'error' : 'warning',
      code: String(d.Code),
      message: String(d.Message),
      start: Number(d.Start),
      length: Number(d.Length),
    });
  }
  let columns: string[] | undefined;
  const result = code.ResultType;
  if (result && result.Columns) {
    columns = [];
    for (let i = 0; i < result.Columns.Count; i++) columns.push(String(result.Columns.getItem(i).Name));
  }
  const statements: { kind: string; start: number }[] = [];
  const list = code.Syntax?.Statements;
  for (let i = 0; i < (list?.Count ?? 0); i++) {
    const element = list.getItem(i).Element$1 ?? list.getItem(i).Element;
    statements.push({ kind: String(element?.$$name ?? 'unknown').replace(/^Kusto\.Language\.Syntax\./, ''), start: Number(element?.TextStart ?? 0) });
  }
  // A control command (.show, .set…) parses as a command block, not as a query.
  if (String(code.Kind) !== 'Query') statements.splice(0, statements.length, { kind: 'Command', start: 0 });
  return { problems, columns, statements };
}

/**
 * KustoCode.Parse and ParseAndAnalyze, step by step (KustoCode.Create), with two differences: globals that already
 * carry the parse option those set (see globalsFor), and no query grammar — Create builds one for every query though
 * only completion reads it, and building it cost more than a second of every run that checks KQL. Commands (`.show`…)
 * take the library's own way: they need the command grammar.
 */
function analyze(K: any, text: string, globals: any, bind: boolean): any {
  const tokens = K.Parsing.TokenParser.ParseTokens(text, globals.ParseOptions);
  const starts = K.KustoCode.GetTokenStarts(tokens);
  const cancel = new K.Utils.CancellationToken();
  const kind = K.KustoCode.GetKind(text);
  if (kind !== K.Editor.CodeKinds.Query || globals.ParseOptions.ParserKind !== K.ParserKind.Default) return K.KustoCode.Create(text, globals, tokens, starts, bind, cancel);
  const syntax = K.Parsing.QueryParser.ParseQuery(tokens, 0, globals.ParseOptions);
  const tree = new K.Syntax.SyntaxTree(syntax);
  const State = K.KustoCode.AnalysisState;
  let cache = null;
  let resultType = null;
  let state = State.NotRequested;
  if (bind) {
    cache = new K.Binding.LocalBindingCache();
    if (K.Binding.Binder.TryBind(tree, globals, cache, null, cancel)) {
      resultType = K.KustoCode.DetermineResultType(syntax);
      state = State.Performed;
    } else state = State.NotSafe;
  }
  return new K.KustoCode(text, kind, globals, null, tree, state, resultType, tokens, starts, cache);
}

/** GlobalState.Default with the parse option of KustoCode.Parse, made once (see globalsFor). */
let parseGlobals: any;
function parseOnlyGlobals(K: any): any {
  parseGlobals ??= K.GlobalState.Default.WithParseOptions(K.GlobalState.Default.ParseOptions.WithAlwaysProduceEndTokens(true));
  return parseGlobals;
}

/** Reads back the value of the string literal in `print x = <literal>`; lets tests prove the escaping. */
export function readStringLiteral(literal: string): string | undefined {
  const K = language();
  const code = K.KustoCode.Parse(`print x = ${literal}`);
  let value: string | undefined;
  code.Syntax.WalkElements((e: any) => {
    if (value === undefined && typeof e.LiteralValue === 'string') value = e.LiteralValue;
  });
  return value;
}

/** Values of every string literal in a query, in order; lets tests find user text inside generated KQL. */
export function stringLiterals(query: string): string[] {
  const K = language();
  const code = K.KustoCode.Parse(query);
  const values: string[] = [];
  code.Syntax.WalkElements((e: any) => {
    if (typeof e.LiteralValue === 'string') values.push(e.LiteralValue);
  });
  return values;
}
