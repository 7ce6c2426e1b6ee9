import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyze } from '../analyze/api.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diffEstates, type DiffSide, type EstateDiff } from '../diff/index.js';
import { renderDiff, type DiffFormat } from '../diff/render.js';
import { generateFromServices } from '../generate/index.js';
import { loadAndValidate } from './validate.js';

export interface DiffCommandOptions {
  /** Default markdown. */
  readonly format?: DiffFormat;
  /** Write the report to this file (its folders created) instead of returning it only. */
  readonly out?: string;
  /** The day waivers are checked against, YYYY-MM-DD (default today in UTC): the gaps of both sides are judged on it. */
  readonly today?: string;
  /** Where `<ref>:<path>` sides are read from; default the current directory's repository. */
  readonly cwd?: string;
}

export type DiffCommandResult =
  | { readonly ok: true; readonly diff: EstateDiff; readonly text: string; readonly wrote?: string }
  /** A side's specs are invalid: nothing to compare. */
  | { readonly ok: false; readonly reason: 'invalid'; readonly side: 'base' | 'head'; readonly diagnostics: readonly Diagnostic[] }
  /** A side is neither a file or folder nor a `<ref>:<path>` of a git checkout, or git refused it. */
  | { readonly ok: false; readonly reason: 'usage'; readonly message: string }
  | { readonly ok: false; readonly reason: 'write'; readonly path: string; readonly message: string };

/** `<ref>:<path>` as `git show` takes it; a path that exists on disk is always a path (a folder named `a:b`). */
const GIT_SIDE = /^([^:\s][^:]*):(.*)$/;

/**
 * The specs of `<ref>:<path>` at that revision of the repository around `cwd`, extracted with `git archive` into a
 * temporary folder (removed by `cleanup`). The path is from the repository's root, as in `git show <ref>:<path>`.
 */
function gitSide(ref: string, where: string, cwd: string): { dir: string; cleanup: () => void } | { problem: string } {
  let top: string;
  try {
    top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8').trim();
  } catch {
    return { problem: `'${ref}:${where}' names a git revision, but ${cwd} is not in a git checkout (give two folders, or run in the repository)` };
  }
  const pathspec = where.replace(/^\.?\/+/, '') || '.';
  let archive: Buffer;
  try {
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: top, stdio: ['ignore', 'pipe', 'pipe'] });
    archive = execFileSync('git', ['archive', '--format=tar', ref, '--', pathspec], { cwd: top, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? '').trim().split('\n')[0];
    return { problem: `cannot read '${where}' at revision '${ref}' of ${top}${stderr ? `: ${stderr}` : ': no such revision'}` };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-diff-'));
  try {
    execFileSync('tar', ['-x', '-C', dir], { input: archive, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    return { problem: `cannot unpack '${ref}:${where}': ${(e as Error).message}` };
  }
  return { dir: path.join(dir, pathspec), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * `azslo diff <base> <head>`: per service, what the change does to the SLOs, the alert rules, the time to detect, the
 * analysis gaps and the monthly cost of the alerting. Each side is a file or folder of specs, or `<ref>:<path>`.
 */
export async function diffCommand(base: string, head: string, options: DiffCommandOptions = {}): Promise<DiffCommandResult> {
  const cwd = options.cwd ?? process.cwd();
  const cleanups: (() => void)[] = [];
  try {
    const sides: DiffSide[] = [];
    for (const [which, given] of [['base', base], ['head', head]] as const) {
      let input = path.resolve(cwd, given);
      if (!existsSync(input)) {
        const m = GIT_SIDE.exec(given);
        if (!m) return { ok: false, reason: 'usage', message: `${which} '${given}' is neither a file or folder nor <git-ref>:<path>` };
        const g = gitSide(m[1]!, m[2]!, cwd);
        if ('problem' in g) return { ok: false, reason: 'usage', message: g.problem };
        cleanups.push(g.cleanup);
        if (!existsSync(g.dir)) return { ok: false, reason: 'usage', message: `'${m[2]}' does not exist at revision '${m[1]}'` };
        input = g.dir;
      }
      const validation = await loadAndValidate([input]);
      if (!validation.ok) return { ok: false, reason: 'invalid', side: which, diagnostics: validation.diagnostics };
      const generation = generateFromServices(validation.services);
      const { report } = analyze(validation, 'json', generation, options.today !== undefined ? { today: options.today } : {});
      sides.push({ label: given, services: generation.services, deployment: generation.deployment, analysis: report });
    }
    const diff = diffEstates(sides[0]!, sides[1]!);
    const text = renderDiff(diff, options.format ?? 'markdown');
    if (options.out === undefined) return { ok: true, diff, text };
    try {
      await mkdir(path.dirname(options.out), { recursive: true });
      await writeFile(options.out, text, 'utf8');
    } catch (e) {
      return { ok: false, reason: 'write', path: options.out, message: `cannot write ${options.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
    }
    return { ok: true, diff, text, wrote: options.out };
  } finally {
    for (const c of cleanups) c();
  }
}
