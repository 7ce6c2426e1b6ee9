import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnosticsAt, type DiagnosticBuilder } from '../diagnostics/builder.js';
import { formatPath, positionAt, positionInScalar, type PathSegment, type SourceDocument } from '../load/source.js';
import type { ServiceSpec } from '../model/spec.js';
import { checkKql, type KqlRequest, type KqlTable } from '../kql/service.js';
import { renderSliFunction } from '../kql/sli.js';
import { renderKpiFunction } from '../kql/business.js';
import type { RenderedKql } from '../kql/templates.js';
import { buildBusiness, type BusinessModel } from '../model/business.js';

/**
 * User-written KQL (the raw SLI's good and total queries, a KPI's query) is parsed and bound offline against
 * catalog/tables/ twice: on its own, for its result and its statements, and where it will run — inside the saved
 * function azslo wraps it in — since text that is valid alone (`set notruncation;`, two queries, a stray `}`) can
 * break or change the function. Problems are reported at their exact line and column inside the YAML scalar.
 */
export function checkUserKql(src: SourceDocument, spec: ServiceSpec, business: BusinessModel = buildBusiness(spec), user: UserKql = collectUserKql(spec, business)): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { tables, wrapped } = user;
  /** Diagnostics at a query, or at an offset inside it. */
  const report = (path: PathSegment[], offset?: number): DiagnosticBuilder =>
    diagnosticsAt(() => ({ file: src.file, position: offset === undefined ? positionAt(src, path) : positionInScalar(src, path, offset), path: formatPath(path) }), (d) => out.push(d));

  for (const { body, queries, what } of wrapped) {
    // Each query bound alone: its names, statements and result. Then the function it lands in is parsed whole, which is
    // where text valid alone breaks (a `}` or `;` that ends the view early). Binding the whole function again would
    // only re-check azslo's own wrapper, which its tests bind, at several times the cost.
    let alone = true;
    for (const { path, text, label } of queries) alone = checkAlone(text, tables, label, (offset) => report(path, offset), true) && alone;
    if (!alone) continue;
    const inPlace = checkKql(body.text, 'workspace', [], tables, { bind: false }).problems.filter((p) => p.severity === 'error');
    // Where it runs: problems inside a query are reported in it; any other is still the user text's doing.
    const used = new Set<number>();
    const spans = queries.map((q) => {
      const k = body.verbatim.findIndex((v, j) => !used.has(j) && v.value === q.text.trimEnd());
      used.add(k);
      return { ...q, start: body.verbatim[k]?.start ?? 0 };
    });
    for (const p of inPlace) {
      const inside = spans.find((q) => p.start >= q.start && p.start <= q.start + q.text.length);
      const owner = inside ?? [...spans].reverse().find((q) => q.start <= p.start) ?? spans[0]!;
      report(owner.path, inside ? p.start - inside.start : undefined).kqlErrorInFunction(owner.label, what, p.message);
    }
  }
  return out;
}

/** The user KQL of a spec: each function body holding user queries, and each query's place in the spec. */
export interface UserKql {
  readonly tables: readonly KqlTable[];
  readonly wrapped: readonly { readonly body: RenderedKql; readonly queries: readonly { readonly path: PathSegment[]; readonly text: string; readonly label: string }[]; readonly what: string }[];
}

export function collectUserKql(spec: ServiceSpec, business: BusinessModel = buildBusiness(spec)): UserKql {
  const wrapped: UserKql['wrapped'][number][] = [];
  spec.slos.forEach((slo, i) => {
    const raw = slo.sli.raw;
    if (!raw) return;
    wrapped.push({
      body: renderSliFunction({ sliKind: 'raw', sli: raw }),
      queries: (['good', 'total'] as const).map((which) => ({ path: ['slos', i, 'sli', 'raw', which], text: raw[which], label: `${which} query` })),
      what: 'SLI function',
    });
  });
  (spec.business?.signals ?? []).forEach((s, i) => {
    if (s.source.query === undefined) return;
    wrapped.push({
      body: renderKpiFunction(business.signals[i]!),
      queries: [{ path: ['business', 'signals', i, 'source', 'query'], text: s.source.query, label: 'signal query' }],
      what: 'KPI function',
    });
  });
  return { tables: business.tables, wrapped };
}

/**
 * The checks checkUserKql makes, as requests, so an estate's can run together on several threads (checkKqlMany)
 * before each spec's are reported: every query bound alone, every function body parsed.
 */
export const userKqlRequests = (user: UserKql): KqlRequest[] =>
  user.wrapped.flatMap(({ body, queries }) => [...queries.map((q) => ({ text: q.text, tables: user.tables })), { text: body.text, tables: user.tables, bind: false }]);

/** Statements a stored function's body may hold: `let`s, then the one query whose rows it returns. */
const STATEMENT_NAMES: Record<string, string> = {
  SetOptionStatement: 'a `set` statement (request options belong to the request, not to a stored function)',
  QueryParametersStatement: '`declare query_parameters` (a stored function takes no query parameters)',
  AliasStatement: 'an `alias` statement',
  RestrictStatement: 'a `restrict` statement',
  PatternStatement: 'a `declare pattern` statement',
  QueryOperationParameterStatement: 'a query operation parameter statement',
  Command: 'a control command',
};

/** The query on its own: parses and binds, holds only `let`s and one query, returns events with TimeGenerated. */
function checkAlone(text: string, tables: readonly KqlTable[], label: string, report: (offset?: number) => DiagnosticBuilder, bind = true): boolean {
  const result = checkKql(text, 'workspace', [], tables, { bind });
  const errors = result.problems.filter((p) => p.severity === 'error');
  for (const p of errors) report(p.start).kqlError(label, p.message);
  if (errors.length) return false;
  let ok = true;
  result.statements.forEach((st, i) => {
    const last = i === result.statements.length - 1;
    if (st.kind === 'LetStatement' && !last) return;
    if (st.kind === 'ExpressionStatement' && last) return;
    ok = false;
    // A query followed by more: what cannot stand there is the next statement.
    const second = st.kind === 'ExpressionStatement' ? result.statements[i + 1]! : undefined;
    const what = second ? 'a second query after `;` (a function returns the rows of one query)' : st.kind === 'LetStatement' ? 'a `let` with no query after it' : (STATEMENT_NAMES[st.kind] ?? `a ${st.kind}`);
    report((second ?? st).start).kqlStatementNotAllowed(label, what);
  });
  if (!ok) return false;
  // Unbound, a query has no known result: its columns are checked in place.
  if (!bind) return true;
  if (!result.columns) {
    report().kqlReturnsScalar(label);
    return false;
  }
  if (!result.columns.includes('TimeGenerated')) {
    report().kqlNoTimeGenerated(label, result.columns);
    return false;
  }
  return true;
}
