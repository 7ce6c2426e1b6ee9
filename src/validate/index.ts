import { compareDiagnostics, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceDocument } from '../load/source.js';
import type { ServiceSpec } from '../model/spec.js';
import { validateAgainstSchema } from './schema.js';
import { checkUserKql, collectUserKql, userKqlRequests, type UserKql } from './kql.js';
import { checkKqlMany } from '../kql/pool.js';
import type { BusinessModel } from '../model/business.js';
import { checkText } from './text.js';
import { rules, runRules, uniqueServiceNames } from './rules/index.js';

export interface ValidatedService {
  readonly spec: ServiceSpec;
  readonly source: SourceDocument;
}

export interface ValidationResult {
  /** Services whose documents have no error. */
  readonly services: ValidatedService[];
  /** Every diagnostic, sorted by file and position. */
  readonly diagnostics: Diagnostic[];
  readonly ok: boolean;
}

/**
 * Text, schema, then the semantic rules (rules/), then user KQL; later stages run only on documents without errors
 * from the earlier ones. Documents that pass all are checked across each other for duplicate services.
 */
export interface ValidateOptions {
  /** A folder keeping the answers of KQL checks between runs (src/kql/cache.ts); none: nothing is kept. */
  readonly cacheDir?: string;
}

export function validateDocuments(documents: readonly SourceDocument[], earlier: readonly Diagnostic[] = [], options: ValidateOptions = {}): ValidationResult {
  const diagnostics: Diagnostic[] = [...earlier];
  const services: ValidatedService[] = [];
  const duplicate = uniqueServiceNames.start();
  // Text, schema and rules per document first; then the user KQL of all of them is checked at once, on several
  // threads when there is much of it (checkKqlMany); then each document's KQL problems are reported from those answers.
  const checked: { source: SourceDocument; spec: ServiceSpec; semantic: Diagnostic[]; business: BusinessModel; user: UserKql | undefined }[] = [];
  for (const source of documents) {
    const textProblems = checkText(source);
    diagnostics.push(...textProblems);
    if (textProblems.length > 0) continue;
    const schemaProblems = validateAgainstSchema(source);
    diagnostics.push(...schemaProblems);
    if (schemaProblems.length > 0) continue;
    const spec = source.data as ServiceSpec;
    const ctx = runRules(rules, source, spec);
    checked.push({ source, spec, semantic: ctx.diagnostics, business: ctx.business, user: hasErrors(ctx.diagnostics) ? undefined : collectUserKql(spec, ctx.business) });
  }
  checkKqlMany(checked.flatMap((c) => (c.user ? userKqlRequests(c.user) : [])), { cacheDir: options.cacheDir });
  for (const { source, spec, semantic, business, user } of checked) {
    const kql = user ? checkUserKql(source, spec, business, user) : [];
    diagnostics.push(...semantic, ...kql);
    if (hasErrors(semantic) || hasErrors(kql)) continue;
    const d = duplicate(source, spec);
    if (d) {
      diagnostics.push(d);
      continue;
    }
    services.push({ spec, source });
  }
  diagnostics.sort(compareDiagnostics);
  return { services, diagnostics, ok: !hasErrors(diagnostics) };
}
