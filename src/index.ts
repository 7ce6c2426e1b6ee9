/**
 * The azslo library API. The CLI is a thin shell over these functions; tests call them directly.
 *
 *   const loaded = await loadSpecs(['slo/']);
 *   const result = validate(loaded);
 *   if (result.ok) await writeOutputFolder('out', generate(result).files);
 */
import { loadSources, type LoadResult } from './load/source.js';
import { validateDocuments, type ValidationResult } from './validate/index.js';
import { generateFromServices, type GenerateOptions, type Generation } from './generate/index.js';
import { AzsloError } from './diagnostics/diagnostic.js';

export type { Diagnostic, Position, Severity } from './diagnostics/diagnostic.js';
export { AzsloError, formatDiagnostic } from './diagnostics/diagnostic.js';
export { codes } from './diagnostics/codes.js';
export type { LoadResult, SourceDocument } from './load/source.js';
export type { ValidationResult, ValidatedService } from './validate/index.js';
export type { Generation } from './generate/index.js';
export type { OutputFile } from './bicep/writer.js';
export type { Deployment, AzureResource } from './resources/model.js';
export { writeOutputFolder } from './generate/index.js';

/** Reads files and folders (recursively, *.yaml and *.yml) and parses every YAML document. */
export function loadSpecs(inputs: readonly string[]): Promise<LoadResult> {
  return loadSources(inputs);
}

/** JSON Schema, semantic and KQL checks of loaded specs. */
export function validate(loaded: LoadResult): ValidationResult {
  return validateDocuments(loaded.documents, loaded.diagnostics);
}

/**
 * Generates every output file from a valid result; throws AzsloError when the result has errors or the
 * deployment would break an ARM template limit.
 */
export function generate(result: ValidationResult, options: GenerateOptions = {}): Generation {
  if (!result.ok) throw new AzsloError(result.diagnostics.filter((d) => d.severity === 'error'));
  const generation = generateFromServices(result.services, options);
  if (generation.diagnostics.some((d) => d.severity === 'error')) throw new AzsloError(generation.diagnostics);
  return generation;
}
