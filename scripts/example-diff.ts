/**
 * Regenerates the golden pull-request report examples/_diff/diff.md and diff.json: `azslo diff` of examples/_diff/base
 * (the checkout API before a change) and examples/_diff/head (after it), with the library API and relative paths, on
 * the examples' day. Run: npm run examples:diff. test/diff/golden.test.ts checks the files are what diff writes.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFile } from 'node:fs/promises';
import { diffCommand } from '../src/commands/diff.js';
import { EXAMPLES_DAY } from './examples-day.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const DIFF_SIDES = ['examples/_diff/base', 'examples/_diff/head'] as const;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const format of ['markdown', 'json'] as const) {
    const r = await diffCommand(DIFF_SIDES[0], DIFF_SIDES[1], { format, today: EXAMPLES_DAY, cwd: root });
    if (!r.ok) throw new Error(`diff failed: ${JSON.stringify(r)}`);
    const file = `examples/_diff/diff.${format === 'markdown' ? 'md' : 'json'}`;
    await writeFile(path.join(root, file), r.text);
    console.log(file);
  }
}
