/** The CLI run in-process, and the checks of its output, for the fuzz suites. */
import { run } from '../../src/cli/main.js';

export async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (s) => (out += `${s}\n`), err: (s) => (err += `${s}\n`) });
  return { code, out, err };
}

const DIAGNOSTIC_LINE = /^(.+):(\d+):(\d+): (error|warning) (AZSLO\d{3}): \S/;

/** Problems of one CLI run: exit code, JSON output, diagnostic lines. */
export function cliProblems(r: { code: number; out: string; err: string }, format: 'json' | 'text', file: string): string[] {
  const problems: string[] = [];
  if (r.code !== 0 && r.code !== 1) problems.push(`exit code ${r.code}: ${r.err.split('\n')[0]}`);
  if (format === 'json') {
    let data: { ok?: unknown; diagnostics?: { file: string; position: { line: number; col: number }; code: string }[] } | undefined;
    try {
      data = JSON.parse(r.out);
    } catch {
      problems.push(`--format json printed no JSON: ${JSON.stringify(r.out.slice(0, 120))}`);
    }
    if (data) {
      if (typeof data.ok !== 'boolean' || !Array.isArray(data.diagnostics)) problems.push('JSON without ok and diagnostics');
      else {
        if ((data.ok === true) !== (r.code === 0)) problems.push(`ok ${data.ok} with exit code ${r.code}`);
        if (r.code === 1 && data.diagnostics.length === 0) problems.push('exit code 1 without a diagnostic');
        for (const d of data.diagnostics) if (d.file !== file || !(d.position.line >= 1) || !(d.position.col >= 1)) problems.push(`diagnostic ${d.code} at ${d.file}:${d.position.line}:${d.position.col}`);
      }
    }
  } else {
    const lines = r.err.split('\n').filter((l) => l && !l.startsWith('  hint: '));
    const diagnostics = lines.filter((l) => DIAGNOSTIC_LINE.test(l));
    if (r.code === 1 && diagnostics.length === 0) problems.push('exit code 1 without a diagnostic line');
    const stray = lines.filter((l) => !DIAGNOSTIC_LINE.test(l) && !/^(ok: |\d+ error\(s\)|nothing written to |wrote \d+ files)/.test(l));
    if (stray.length) problems.push(`stray stderr line (a message broken over lines?): ${JSON.stringify(stray[0]!.slice(0, 160))}`);
    for (const l of diagnostics) if (DIAGNOSTIC_LINE.exec(l)![1] !== file) problems.push(`diagnostic names ${JSON.stringify(DIAGNOSTIC_LINE.exec(l)![1])}, not ${file}`);
  }
  return problems;
}

