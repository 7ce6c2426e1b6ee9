import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { loadSources } from '../load/source.js';
import { checkOpenSloExport, exportOpenSlo, importOpenSlo } from '../openslo/index.js';
import { loadAndValidate } from './validate.js';

export interface OpenSloCommandOptions {
  /** The folder the files are written to (created if missing); files of the same names are replaced. */
  readonly out: string;
}

export type OpenSloCommandResult =
  /** `files`: the paths written, relative to `out`; `diagnostics`: warnings. */
  | { readonly ok: true; readonly out: string; readonly files: readonly string[]; readonly diagnostics: readonly Diagnostic[] }
  /** Invalid input: nothing written. */
  | { readonly ok: false; readonly out: string; readonly diagnostics: readonly Diagnostic[] };

async function write(out: string, files: readonly { path: string; text: string }[]): Promise<string[]> {
  await mkdir(out, { recursive: true });
  for (const f of files) await writeFile(path.join(out, f.path), f.text);
  return files.map((f) => f.path);
}

/** `azslo import openslo`: OpenSLO v1 files and folders → one azslo spec per OpenSLO Service in `out`. */
export async function importOpenSloCommand(inputs: readonly string[], options: OpenSloCommandOptions): Promise<OpenSloCommandResult> {
  const loaded = await loadSources(inputs);
  const result = importOpenSlo(loaded.documents, loaded.diagnostics);
  if (!result.ok) return { ok: false, out: options.out, diagnostics: result.diagnostics };
  const files = await write(options.out, result.services.map((s) => ({ path: s.file, text: s.text })));
  return { ok: true, out: options.out, files, diagnostics: result.diagnostics };
}

/** `azslo export openslo`: azslo specs → OpenSLO v1, one file per service in `out`. */
export async function exportOpenSloCommand(inputs: readonly string[], options: OpenSloCommandOptions): Promise<OpenSloCommandResult> {
  const validation = await loadAndValidate(inputs);
  if (!validation.ok) return { ok: false, out: options.out, diagnostics: validation.diagnostics };
  const problems = checkOpenSloExport(validation.services);
  if (problems.length) return { ok: false, out: options.out, diagnostics: [...validation.diagnostics, ...problems].sort(compareDiagnostics) };
  const files = await write(options.out, exportOpenSlo(validation.services.map((s) => s.spec)));
  return { ok: true, out: options.out, files, diagnostics: validation.diagnostics };
}
