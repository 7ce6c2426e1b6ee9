import { compareDiagnostics, diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatPath, positionAt, type SourceDocument } from '../load/source.js';
import type { ServiceSpec } from '../model/spec.js';
import { slug } from '../model/names.js';
import { validateAgainstSchema } from './schema.js';
import { checkSemantics } from './semantic.js';
import { checkUserKql } from './kql.js';
import { checkText } from './text.js';
import { echo } from '../diagnostics/echo.js';

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

/** Text, schema, then semantics, then user KQL; later stages run only on documents that passed the earlier ones. */
export function validateDocuments(documents: readonly SourceDocument[], earlier: readonly Diagnostic[] = []): ValidationResult {
  const diagnostics: Diagnostic[] = [...earlier];
  const services: ValidatedService[] = [];
  const seen = new Map<string, ValidatedService>();
  for (const source of documents) {
    const textProblems = checkText(source);
    diagnostics.push(...textProblems);
    if (textProblems.length > 0) continue;
    const schemaProblems = validateAgainstSchema(source);
    diagnostics.push(...schemaProblems);
    if (schemaProblems.length > 0) continue;
    const spec = source.data as ServiceSpec;
    const semantic = checkSemantics(source, spec);
    const kql = hasErrors(semantic) ? [] : checkUserKql(source, spec);
    diagnostics.push(...semantic, ...kql);
    if (hasErrors(semantic) || hasErrors(kql)) continue;
    const key = slug(spec.metadata.name);
    const first = seen.get(key);
    if (first) {
      diagnostics.push(
        diagnostic('AZSLO010', `service ${echo(spec.metadata.name)} is already declared in ${first.source.file}:${positionAt(first.source, ['metadata', 'name']).line}`, {
          file: source.file,
          position: positionAt(source, ['metadata', 'name']),
          path: formatPath(['metadata', 'name']),
        }),
      );
      continue;
    }
    const v = { spec, source };
    seen.set(key, v);
    services.push(v);
  }
  diagnostics.sort(compareDiagnostics);
  return { services, diagnostics, ok: !hasErrors(diagnostics) };
}
