/**
 * Cases the fuzz suites found (or that the issue named), kept as fixed specs with their expected outcome, so they
 * stay fixed whatever the seed.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { printFile } from '../../src/bicep/printer.js';
import { lexBicep } from '../helpers/bicep-lexer.js';
import { readMarkdownText, readOutput, findIn, walkJson } from '../helpers/hostile.js';
import { VALID, runPipeline, type Outcome } from '../helpers/fuzz-checks.js';

const withName = (name: string) => VALID.replace('metadata: { name: shop,', `metadata: { name: ${JSON.stringify(name)},`);
const codes = (o: Outcome) => (o.kind === 'refused' ? [...new Set(o.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code))] : o.kind);

/** [what, YAML text, expected: 'generated' or the error codes of the refusal] */
const CASES: [string, string, 'generated' | string[]][] = [
  ['bare CR in metadata.name (would end a Bicep comment and start an output)', withName("shop\routput pwned string = 'x'"), ['AZSLO003']],
  ['U+2028 in metadata.name', withName('shop\u2028resource x'), ['AZSLO003']],
  ['NEL in metadata.name', withName('shop\u0085x'), ['AZSLO003']],
  ['NUL in metadata.name', withName('shop\0'), ['AZSLO003']],
  ['lone surrogate in metadata.name', withName('shop\ud800'), ['AZSLO003']],
  ['RTL override in metadata.name', withName('shop\u202ex'), ['AZSLO003']],
  ['notify: [constructor] without such a target', VALID.replace('notify: [oncall]', 'notify: [constructor]'), ['AZSLO012']],
  ['notify: [__proto__, toString, valueOf, hasOwnProperty] without such targets', VALID.replace('notify: [oncall]', 'notify: [__proto__, toString, valueOf, hasOwnProperty]'), ['AZSLO012']],
  ['a target named constructor', VALID.replace('  oncall: {', '  constructor: {').replace('notify: [oncall]', 'notify: [constructor]'), 'generated'],
  ['2,000 nested flow sequences', `${VALID}x: ${'['.repeat(2000)}${']'.repeat(2000)}\n`, ['AZSLO001']],
  ["Bicep and KQL metacharacters in names: ' \\ ${ '} // /* | ;", withName("sh'op \\ ${x} '} // /* | ; [x]"), 'generated'],
  ['objective .nan', VALID.replace('objective: 99.9', 'objective: .nan'), ['AZSLO013']],
  ['objective 100', VALID.replace('objective: 99.9', 'objective: 100'), ['AZSLO013']],
  ['objective 99.99999999', VALID.replace('objective: 99.9', 'objective: 99.99999999'), 'generated'],
];

for (const [what, text, expected] of CASES) {
  test(`regression: ${what} → ${Array.isArray(expected) ? expected.join(', ') : expected}`, () => {
    const o = runPipeline(text);
    assert.equal(codes(o), expected, o.kind === 'internal' ? String((o.error as Error).stack) : o.kind === 'refused' ? JSON.stringify(o.diagnostics.map((d) => d.message)) : '');
  });
}

test('regression: a Bicep comment never ends at CR, U+2028 or U+2029 (printer), so no declaration is injected', () => {
  for (const text of ["x\routput pwned string = 'x'", "x\u2028output a string = 'x'", "x\u2029param p string", "x\r\nparam p string", 'x\u0085var v = 1']) {
    const printed = printFile({ statements: [{ kind: 'comment', text }] });
    assert.equal(lexBicep(printed).declarations, [], JSON.stringify(printed));
  }
});

test('regression: metacharacters in a name come back exactly from Bicep, KQL and JSON', () => {
  const name = "sh'op \\ ${x} '} // /* | ; [x]";
  const o = runPipeline(withName(name));
  assert.is(o.kind, 'generated');
  if (o.kind !== 'generated') return;
  const r = readOutput(o.generation.files);
  assert.equal(r.problems, []);
  assert.ok(r.corpus.includes(name));
});

test('regression: an SLO description with HTML character references reads the same in the workbook Markdown', () => {
  const description = 'a &lt;b&gt; &amp; &#60; &copy;';
  const o = runPipeline(VALID.replace('    window: 30d\n', `    window: 30d\n    description: ${JSON.stringify(description)}\n`));
  assert.is(o.kind, 'generated');
  if (o.kind !== 'generated') return;
  const markdown: string[] = [];
  walkJson(JSON.parse(o.generation.files.find((f) => f.path.endsWith('workbook.json'))!.content), (k, v) => {
    if (k === 'json') markdown.push(v);
  });
  assert.ok(findIn(markdown.map(readMarkdownText), description), `a Markdown renderer shows ${JSON.stringify(markdown.map(readMarkdownText).find((m) => m.includes('a <b') || m.includes('a &lt;')))}`);
});

test.run();
