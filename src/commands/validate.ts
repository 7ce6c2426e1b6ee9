import { azsloSarifContext, diagnosticsSarif, printSarif } from '../diagnostics/sarif.js';
import { loadSources } from '../load/source.js';
import { validateDocuments, type ValidationResult } from '../validate/index.js';

/** What `azslo validate` checked: the validation result and its counts. */
export interface ValidateCommandResult extends ValidationResult {
  readonly counts: {
    /** Valid services, and their SLOs. */
    readonly services: number;
    readonly slos: number;
    readonly errors: number;
    readonly warnings: number;
  };
}

/**
 * Loads and validates specs, as one step (files and folders; folders recursively, *.yaml and *.yml). The answers of
 * the KQL checks are kept between runs in the folder `AZSLO_CACHE_DIR` names, when set (src/kql/cache.ts).
 */
export async function loadAndValidate(inputs: readonly string[]): Promise<ValidationResult> {
  const loaded = await loadSources(inputs);
  const cacheDir = process.env.AZSLO_CACHE_DIR;
  return validateDocuments(loaded.documents, loaded.diagnostics, cacheDir ? { cacheDir } : {});
}

/** The validation's diagnostics as a SARIF 2.1.0 log (`validate --format sarif`), file URIs relative to `root`. */
export function validationSarif(result: ValidationResult, root: string = process.cwd()): string {
  return printSarif(diagnosticsSarif(result.diagnostics, azsloSarifContext(root)));
}

/** `azslo validate`: YAML, JSON Schema, semantic and KQL checks of the specs in these files and folders. */
export async function validateCommand(inputs: readonly string[]): Promise<ValidateCommandResult> {
  const result = await loadAndValidate(inputs);
  const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
  return {
    ...result,
    counts: { services: result.services.length, slos: result.services.reduce((n, s) => n + s.spec.slos.length, 0), errors, warnings: result.diagnostics.length - errors },
  };
}
