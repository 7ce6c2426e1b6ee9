import { run } from '../../src/cli/main.js';
import { root } from './bicep.js';

/**
 * The command line as a test drives it: `run(argv, io)` with stdout and stderr collected apart, from the repository
 * root (or `cwd`), so relative paths in the output are the ones a user in the repository sees.
 */
export async function runCli(args: readonly string[], options: { cwd?: string; connections?: Parameters<typeof run>[2] } = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const before = process.cwd();
  process.chdir(options.cwd ?? root);
  try {
    const code = await run([...args], { out: (s) => out.push(s), err: (s) => err.push(s) }, options.connections ?? {});
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.chdir(before);
  }
}
