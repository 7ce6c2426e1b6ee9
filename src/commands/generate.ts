import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { generateFromServices, type GenerateOptions, type Generation } from '../generate/index.js';
import { OutputFolderError, writeOutputFolder, type OutputFolderOptions, type OutputFolderReport } from '../generate/output-folder.js';
import type { ValidationResult } from '../validate/index.js';
import { loadAndValidate } from './validate.js';

export interface GenerateCommandOptions extends GenerateOptions, OutputFolderOptions {
  /** The output folder (created if missing; see writeOutputFolder for what is replaced and what is kept). */
  readonly out: string;
}

export type GenerateCommandResult =
  | {
      readonly ok: true;
      readonly out: string;
      readonly validation: ValidationResult;
      readonly generation: Generation;
      /** What changed in the output folder. */
      readonly written: OutputFolderReport;
    }
  /** Invalid specs, or a deployment past an ARM limit: nothing written. `diagnostics`: validation's, then generation's. */
  | { readonly ok: false; readonly reason: 'invalid'; readonly out: string; readonly validation: ValidationResult; readonly diagnostics: readonly Diagnostic[] }
  /** The output folder refused (AZSLO040–044): nothing of the user's lost. */
  | { readonly ok: false; readonly reason: 'output-folder'; readonly out: string; readonly validation: ValidationResult; readonly generation: Generation; readonly error: OutputFolderError };

/**
 * `azslo generate`: validates, generates the output target's files (Bicep by default) and writes them to `out`.
 * Errors other than the output folder's refusals (OutputFolderError) are thrown.
 */
export async function generateCommand(inputs: readonly string[], options: GenerateCommandOptions): Promise<GenerateCommandResult> {
  const { out } = options;
  const validation = await loadAndValidate(inputs);
  if (!validation.ok) return { ok: false, reason: 'invalid', out, validation, diagnostics: validation.diagnostics };
  const generation = generateFromServices(validation.services, options.target !== undefined ? { target: options.target } : {});
  if (hasErrors(generation.diagnostics)) return { ok: false, reason: 'invalid', out, validation, diagnostics: [...validation.diagnostics, ...generation.diagnostics] };
  try {
    const written = await writeOutputFolder(out, generation.files, { ...(options.force !== undefined ? { force: options.force } : {}), ...(options.fs ? { fs: options.fs } : {}) });
    return { ok: true, out, validation, generation, written };
  } catch (e) {
    if (e instanceof OutputFolderError) return { ok: false, reason: 'output-folder', out, validation, generation, error: e };
    throw e;
  }
}
