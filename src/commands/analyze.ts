import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { analyze } from '../analyze/api.js';
import { readDrillHistory } from '../analyze/drills.js';
import type { AnalysisReport } from '../analyze/report.js';
import { invalidAnalysisSarif } from '../analyze/sarif.js';
import { azsloSarifContext, printSarif } from '../diagnostics/sarif.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { loadAndValidate } from './validate.js';

export type AnalyzeFormat = 'text' | 'json' | 'markdown' | 'html' | 'sarif';

export interface AnalyzeCommandOptions {
  /** Default text. */
  readonly format?: AnalyzeFormat;
  /** Write the report to this file (its folders created) instead of returning it only. */
  readonly out?: string;
  /** The day waivers (`accept:`) are checked against, YYYY-MM-DD; default today in UTC. */
  readonly today?: string;
  /** A folder of drill reports (`azslo drill --out`): each plan's last drill beside the estimates, and the drill gaps. */
  readonly drills?: string;
}

export type AnalyzeCommandResult =
  | {
      readonly ok: true;
      readonly report: AnalysisReport;
      /** The report in the format asked for. */
      readonly text: string;
      /** Open gaps: not accepted by a waiver valid today. */
      readonly gaps: number;
      /** Gaps accepted by a valid waiver. */
      readonly accepted: number;
      /** Expired or unused waivers, and files under --drills that are no drill report: one sentence each. */
      readonly waiverWarnings: readonly string[];
      /** The file written, with `out`. */
      readonly wrote?: string;
      /** Warnings of validation. */
      readonly diagnostics: readonly Diagnostic[];
    }
  /** With format sarif, `text` is the SARIF log of the diagnostics (a run that analysed nothing). */
  | { readonly ok: false; readonly reason: 'invalid'; readonly diagnostics: readonly Diagnostic[]; readonly text?: string }
  /** `out` could not be written: `message` says where and the errno code. */
  | { readonly ok: false; readonly reason: 'write'; readonly path: string; readonly message: string };

/**
 * `azslo analyze`: can the architecture meet its objectives? Composite SLA per journey, coverage of the three
 * layers, time to detect against the RTO, RPO; every figure with its catalog source.
 */
export async function analyzeCommand(inputs: readonly string[], options: AnalyzeCommandOptions = {}): Promise<AnalyzeCommandResult> {
  const validation = await loadAndValidate(inputs);
  if (!validation.ok) {
    const sarif = options.format === 'sarif' ? { text: printSarif(invalidAnalysisSarif(validation.diagnostics, azsloSarifContext(process.cwd()))) } : {};
    return { ok: false, reason: 'invalid', diagnostics: validation.diagnostics, ...sarif };
  }
  const { report, text } = analyze(validation, options.format ?? 'text', undefined, {
    ...(options.today !== undefined ? { today: options.today } : {}),
    ...(options.drills !== undefined ? { drills: readDrillHistory(options.drills) } : {}),
  });
  const waiverWarnings = [
    ...report.services.flatMap((s) => s.waiverWarnings.map((w) => `${s.service}: ${w.message}`)),
    ...(report.drillWarnings ?? []).map((w) => `${w.file}: not read as a drill report: ${w.message}`),
  ];
  const base = { ok: true as const, report, text, gaps: report.gaps, accepted: report.accepted, waiverWarnings, diagnostics: validation.diagnostics };
  if (options.out === undefined) return base;
  try {
    await mkdir(dirname(options.out), { recursive: true });
    await writeFile(options.out, text, 'utf8');
  } catch (e) {
    return { ok: false, reason: 'write', path: options.out, message: `cannot write ${options.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  return { ...base, wrote: options.out };
}
