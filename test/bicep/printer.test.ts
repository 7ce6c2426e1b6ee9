/** The printer owns quoting: every string Bicep reads back equals the string we meant. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { b } from '../../src/bicep/ast.js';
import { bicepString, printExpr, printFile } from '../../src/bicep/printer.js';
import { bicepTest, runBicep } from '../helpers/bicep.js';

const strings = ["it's", 'back\\slash', '${notInterpolated}', "'''triple'''", 'line\nbreak\r\n\ttab', 'é 日本語 😀', '\u0001\u007f', 'resource param', '$', '${', '}'];

test('bicepString escapes quote, backslash, ${, newlines and control characters', () => {
  assert.is(bicepString("it's"), "'it\\'s'");
  assert.is(bicepString('a\\b'), "'a\\\\b'");
  assert.is(bicepString('${x}'), "'\\${x}'");
  assert.is(bicepString('$x'), "'$x'");
  assert.is(bicepString('a\nb'), "'a\\nb'");
  assert.is(bicepString('\u0001'), "'\\u{1}'");
});

test('non-integers go through json() since Bicep has integer literals only', () => {
  assert.is(printExpr(b.num(42)), '42');
  assert.is(printExpr(b.num(-3)), '-3');
  assert.is(printExpr(b.num(99.9)), "json('99.9')");
  assert.throws(() => printExpr(b.num(Number.POSITIVE_INFINITY)));
});

test('object keys that are not identifiers are quoted', () => {
  assert.is(printExpr(b.obj({ plain: b.bool(true), 'azslo-service': b.str('x') })), "{\n  plain: true\n  'azslo-service': 'x'\n}");
  assert.is(printExpr(b.obj({})), '{}');
  assert.is(printExpr(b.arr([])), '[]');
});

bicepTest(test)('the real Bicep CLI compiles printed strings back to exactly the input', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-printer-'));
  try {
    const file = printFile({
      statements: strings.map((s, i) => ({ kind: 'output' as const, name: `s${i}`, type: 'string', value: b.str(s), decorators: [b.description(s)] })),
    });
    writeFileSync(path.join(dir, 'main.bicep'), file);
    const r = runBicep(['build', 'main.bicep', '--stdout'], { cwd: dir });
    assert.is(r.code, 0, r.stderr);
    assert.equal(r.diagnostics, []);
    const outputs = (JSON.parse(r.stdout) as { outputs: Record<string, { value: string; metadata: { description: string } }> }).outputs;
    strings.forEach((s, i) => {
      const arm = outputs[`s${i}`]!;
      // ARM reads a literal starting with '[' as an expression; Bicep escapes it as '[['.
      const value = arm.value.startsWith('[[') ? arm.value.slice(1) : arm.value;
      assert.is(value, s, `value ${JSON.stringify(s)}`);
      // Bicep normalizes CRLF to LF in @description metadata (values keep it, as asserted above).
      assert.is(arm.metadata.description, s.replace(/\r\n/g, '\n'), `description ${JSON.stringify(s)}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
