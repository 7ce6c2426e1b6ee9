/** The printer owns quoting: every string Bicep reads back equals the string we meant. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { b } from '../../src/bicep/ast.js';
import { bicepString, printExpr, printFile } from '../../src/bicep/printer.js';
import { bicepTest, runBicep } from '../helpers/bicep.js';

const strings = ["it's", 'back\\slash', '${notInterpolated}', "'''triple'''", 'line\nbreak\r\n\ttab', 'é 日本語 😀', '\u0001\u007f', 'resource param', '$', '${', '}', 'bare\rreturn', 'nel\u0085ls\u2028ps\u2029', 'c1\u009b[31m', '[notAnExpression()]'];

/** Every comment is text a user may have written (service names, descriptions): what follows a line break in it. */
const lineBreaks = ['\n', '\r', '\r\n', '\u000b', '\u000c', '\u0085', '\u2028', '\u2029'];

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

test('a comment never carries a line break of its own: each line starts with //', () => {
  for (const br of lineBreaks) {
    const text = printFile({ statements: [{ kind: 'comment', text: `shop${br}output injected string = subscription().subscriptionId //` }] });
    const lines = text.split(/\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]/).filter((l) => l !== '');
    assert.equal(lines, ['// shop', '// output injected string = subscription().subscriptionId //'], JSON.stringify(br));
  }
  assert.is(printFile({ statements: [{ kind: 'comment', text: 'esc\u001b[2J\u0000' }] }), '// esc\\u{1B}[2J\\u{0}\n');
});

test('text with a lone surrogate and names that are not identifiers are refused, not printed', () => {
  assert.throws(() => bicepString('a\uD800b'), /lone surrogate/);
  assert.throws(() => printFile({ statements: [{ kind: 'comment', text: '\uDFFF' }] }), /lone surrogate/);
  assert.throws(() => printExpr(b.id('x = 1\noutput y')), /not a Bicep identifier/);
  assert.throws(() => printFile({ statements: [{ kind: 'param', name: 'p', type: "string\noutput o string = 'x'", decorators: [] }] }), /not a Bicep identifier/);
  assert.is(bicepString('😀'), "'😀'");
});

test('a cloud host name is found in any letter case, also inside a longer name, and not from a look-alike', () => {
  const silenced = (text: string) => printFile({ statements: [{ kind: 'output', name: 'o', type: 'string', value: b.str(text), decorators: [] }] }).startsWith('#disable-next-line no-hardcoded-env-urls');
  assert.ok(silenced('privatelink.DATABASE.Windows.NET'));
  assert.ok(silenced('x.core.windows.network'));
  assert.ok(silenced('İapi.loganalytics.io'));
  assert.not.ok(silenced('Microsoft.Network/privateDnsZones'));
  assert.not.ok(silenced('core.windows.ne'));
  assert.not.ok(silenced('core windows net'));
});

bicepTest(test)('a cloud host name inside a resource name is printed with the no-hardcoded-env-urls rule silenced on its line only', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-printer-'));
  try {
    const zone = '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/privatelink.database.windows.net';
    const text = printFile({ statements: [{ kind: 'output', name: 'zone', type: 'string', value: b.str(zone), decorators: [b.description(`Alerts on ${zone}`)] }, { kind: 'output', name: 'other', type: 'string', value: b.str('plain'), decorators: [] }] });
    assert.is(text.split('\n').filter((l) => l.startsWith('#disable-next-line no-hardcoded-env-urls')).length, 2);
    writeFileSync(path.join(dir, 'main.bicep'), text);
    const r = runBicep(['build', 'main.bicep', '--stdout'], { cwd: dir });
    assert.is(r.code, 0, r.stderr);
    assert.equal(r.diagnostics, []);
    assert.is((JSON.parse(r.stdout) as { outputs: { zone: { value: string } } }).outputs.zone.value, zone);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

bicepTest(test)('the real Bicep CLI sees no declaration in a comment, whatever line break the text holds', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-printer-'));
  try {
    const statements = lineBreaks.map((br) => ({ kind: 'comment' as const, text: `shop${br}output injected string = subscription().subscriptionId //` }));
    writeFileSync(path.join(dir, 'main.bicep'), printFile({ statements: [...statements, { kind: 'output', name: 'only', type: 'string', value: b.str('x'), decorators: [] }] }));
    const r = runBicep(['build', 'main.bicep', '--stdout'], { cwd: dir });
    assert.is(r.code, 0, r.stderr);
    assert.equal(Object.keys((JSON.parse(r.stdout) as { outputs: object }).outputs), ['only']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
      const unbracket = (t: string) => (t.startsWith('[[') ? t.slice(1) : t);
      const value = unbracket(arm.value);
      assert.is(value, s, `value ${JSON.stringify(s)}`);
      // Bicep normalizes CRLF and a bare CR to LF in @description metadata (values keep them, as asserted above).
      assert.is(unbracket(arm.metadata.description), s.replace(/\r\n?/g, '\n'), `description ${JSON.stringify(s)}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
