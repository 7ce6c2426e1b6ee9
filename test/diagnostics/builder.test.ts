/**
 * The spec diagnostic factories (src/diagnostics/builder.ts): each yields its declared code at the builder's place,
 * with a message and a hint; every code of codes.ts has a factory and no factory has another code.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { codes } from '../../src/diagnostics/codes.js';
import { diagnosticsAt, problems, type Problem } from '../../src/diagnostics/builder.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';

const where = { file: 'slo/a.yaml', position: { line: 3, col: 7 }, path: 'slos[0].name' };

test('every factory yields its declared code at the bound place, with a message and a hint', () => {
  const made: Diagnostic[] = [];
  const at = diagnosticsAt(where, (d) => made.push(d)) as unknown as Record<string, (...a: unknown[]) => Diagnostic>;
  for (const [name, p] of Object.entries(problems) as [string, Problem<unknown[]>][]) {
    const d = at[name]!(...p.example);
    assert.is(d.code, p.code, name);
    assert.equal([d.file, d.position, d.path], [where.file, where.position, where.path], name);
    assert.ok(d.message.length > 0 && d.hint.length > 0, name);
    assert.is(made[made.length - 1], d, `${name} hands its diagnostic to the sink`);
  }
});

test('every code of codes.ts has a factory, and every factory a code of codes.ts', () => {
  const used = new Set(Object.values(problems).map((p) => p.code));
  for (const code of Object.keys(codes)) assert.ok(used.has(code as never), `${code} has a factory`);
  for (const code of used) assert.ok(code in codes, `${code} is registered in codes.ts`);
});

test('one message for one problem, whoever reports it; the default hint is the code\'s', () => {
  const a = diagnosticsAt(where).unknownNotificationTarget('on-call-typo', 'checkout', ['oncall']);
  assert.is(a.message, "'on-call-typo' is not a notification target of service 'checkout'");
  assert.is(a.hint, 'Declared targets: oncall.');
  assert.is(diagnosticsAt(where).unknownNotificationTarget('x', 'checkout', []).hint, 'Declare it under `notifications:` first.');
  const b = diagnosticsAt(where).tooManyActionGroups('the page alert', 6, 5);
  assert.equal([b.code, b.message, b.hint], ['AZSLO019', 'the page alert notifies 6 targets; an alert rule takes at most 5 action groups', codes.AZSLO019.hint]);
  assert.is(diagnosticsAt(where).severalSubscriptions(2).severity, 'warning');
  assert.is(diagnosticsAt(where).yamlSyntax('x', 'warning').severity, 'warning');
});

test('user values are quoted, masked and made visible; the place may be computed lazily', () => {
  let asked = 0;
  const at = diagnosticsAt(() => {
    asked++;
    return where;
  });
  assert.is(asked, 0);
  const d = at.secretNotAReference('${vault:https://x.example/?sig=abc\u202e}');
  assert.is(asked, 1);
  assert.is(d.message, "'${vault:https://x.example/?sig=***' is not a secret reference azslo understands");
});

test.run();
