/**
 * The factories of problems that are not at a position in a spec (src/diagnostics/tool.ts): each yields its declared
 * code, every such code has a factory and a section in docs/diagnostics.md, and their text is masked and visible.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileLessCodes, toolCodes } from '../../src/diagnostics/codes.js';
import { formatToolProblem, tool, toolProblems, ToolError } from '../../src/diagnostics/tool.js';
import { root } from '../helpers/bicep.js';

test('every factory yields its declared code, a message and a hint', () => {
  for (const [name, f] of Object.entries(toolProblems)) {
    const p = (f.make as (...a: unknown[]) => ReturnType<typeof f.make>)(...f.example);
    assert.is(p.code, f.code, name);
    assert.ok(p.message.length > 0 && p.hint.length > 0, name);
  }
});

test('every command-line, reference and output-folder code has a factory and a documented section, and no factory has another code', () => {
  const docs = readFileSync(path.join(root, 'docs', 'diagnostics.md'), 'utf8');
  const made = new Set(Object.values(toolProblems).map((f) => f.code));
  for (const [code, def] of Object.entries(fileLessCodes)) {
    assert.ok(made.has(code as never), `${code} has a factory`);
    assert.ok(docs.includes(`## ${code}\n**${def.title}.**`), `${code} is documented`);
  }
  for (const code of made) assert.ok(code in fileLessCodes, `${code} is registered in codes.ts`);
  assert.equal(Object.keys(toolCodes), ['AZSLO050', 'AZSLO051']);
});

test('printed like spec diagnostics, masked and visible', () => {
  const p = tool.unknownCommand('gen\u001b[2Jerate');
  assert.is(formatToolProblem(p), "azslo: error AZSLO050: unknown command 'gen\\u{1B}[2Jerate'\n  hint: Run `azslo --help` for the commands, their arguments and flags. (docs/diagnostics.md#azslo050)");
  const secret = tool.usage('bad url https://x.logic.azure.com/workflows/1?sig=abcdef');
  assert.ok(secret.message.endsWith('sig=***'), secret.message);
  const e = new ToolError(tool.cannotWrite('write', 'out/main.bicep', 'ENOSPC', 'disk full', 'nothing was changed'));
  assert.equal([e.code, e.path, e.errno, e.message], ['AZSLO043', 'out/main.bicep', 'ENOSPC', 'cannot write out/main.bicep: ENOSPC (disk full); nothing was changed']);
  assert.is(tool.environmentVariableNotSet('HOOK', 'oncallHook').message, 'environment variable HOOK is not set (parameter oncallHook)');
});

test.run();
