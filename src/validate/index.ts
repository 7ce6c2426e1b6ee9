import { compareDiagnostics, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { SourceDocument } from '../load/source.js';
import type { ServiceSpec } from '../model/spec.js';
import { validateAgainstSchema } from './schema.js';
import { checkUserKql } from './kql.js';
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
export function validateDocuments(documents: readonly SourceDocument[], earlier: readonly Diagnostic[] = []): ValidationResult {
  const diagnostics: Diagnostic[] = [...earlier];
  const services: ValidatedService[] = [];
  const duplicate = uniqueServiceNames.start();
  for (const source of documents) {
    const textProblems = checkText(source);
    diagnostics.push(...textProblems);
    if (textProblems.length > 0) continue;
    const schemaProblems = validateAgainstSchema(source);
    diagnostics.push(...schemaProblems);
    if (schemaProblems.length > 0) continue;
    const spec = source.data as ServiceSpec;
    const ctx = runRules(rules, source, spec);
    const semantic = ctx.diagnostics;
    const kql = hasErrors(semantic) ? [] : checkUserKql(source, spec, ctx.business);
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
