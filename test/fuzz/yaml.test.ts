/**
 * YAML tricks: anchors and aliases (and alias bombs), merge keys, tags (!!binary, !!js/function, unknown ones),
 * duplicate keys, 2,000 levels of flow and block nesting, prototype property names as keys and targets, numbers
 * such as .nan, .inf, -0 and 1e308 — and random YAML punctuation spliced into a valid spec. Through the library
 * and the CLI: never an internal error, invalid input always as diagnostics at file:line:col.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PIECES } from '../helpers/hostile.js';
import { FILE, Failures, HEAD, META, SLO, TARGETS, VALID, checkRefusal, errorCategory, runPipeline, SCALE, SEED } from '../helpers/fuzz-checks.js';
import { cli, cliProblems } from '../helpers/fuzz-cli.js';



const deepFlow = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepBlock = (n: number) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- `).join('\n') + 'x';
const deepMap = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x';

/** Named YAML texts; each must be accepted or refused with diagnostics, never crash. */
export const YAML_TRICKS: [string, string][] = [
  ['anchors and aliases', HEAD + META + 'notifications:\n  oncall: &t { email: [oncall@contoso.com] }\n  backup: *t\n' + SLO],
  ['alias of an SLO list item', HEAD + META + TARGETS + 'slos:\n  - &s { name: api, sli: { requestAvailability: { roleName: api } }, objective: 99.9, window: 30d }\n  - *s\n'],
  ['alias bomb (billion laughs)', HEAD + META + TARGETS + 'x0: &a0 [l, l, l, l, l, l, l, l, l]\n' + Array.from({ length: 9 }, (_, i) => `x${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`).join('\n') + '\n' + SLO],
  ['merge key', HEAD + 'base: &m { owner: team, environment: prod }\nmetadata: { <<: *m, name: shop }\n' + TARGETS + SLO],
  ['merge key into a target', HEAD + META + 'notifications:\n  base: &b { email: [a@contoso.com] }\n  oncall: { <<: *b }\n' + SLO],
  ['merge of __proto__', HEAD + META + 'p: &p { __proto__: { polluted: true } }\nnotifications:\n  oncall: { <<: *p, email: [a@contoso.com] }\n' + SLO],
  ['!!binary name', HEAD + 'metadata: { name: !!binary aGVsbG8=, owner: team, environment: prod }\n' + TARGETS + SLO],
  ['!!js/function', HEAD + 'metadata: { name: !!js/function "function(){ return 1 }", owner: team, environment: prod }\n' + TARGETS + SLO],
  ['unknown local tag', HEAD + 'metadata: { name: !shell "rm -rf /", owner: team, environment: prod }\n' + TARGETS + SLO],
  ['!!set and !!omap', HEAD + META + TARGETS + 'slos: !!set { a, b }\n'],
  ['!!timestamp objective', HEAD + META + TARGETS + SLO.replace('objective: 99.9', 'objective: !!timestamp 2001-12-14')],
  ['!!str number', HEAD + META + TARGETS + SLO.replace('objective: 99.9', 'objective: !!str 99.9')],
  ['duplicate keys', HEAD + META + 'metadata: { name: other, owner: team, environment: prod }\n' + TARGETS + SLO],
  ['duplicate target', HEAD + META + 'notifications:\n  oncall: { email: [a@contoso.com] }\n  oncall: { email: [b@contoso.com] }\n' + SLO],
  ['__proto__ target', HEAD + META + 'notifications:\n  __proto__: { email: [a@contoso.com] }\n' + SLO.replace('[oncall]', '[__proto__]')],
  ['undeclared prototype names in notify', HEAD + META + TARGETS + SLO.replace('[oncall]', '[constructor, toString, valueOf, hasOwnProperty, __proto__]')],
  ['prototype names as targets and in notify', HEAD + META + 'notifications:\n  constructor: { email: [a@contoso.com] }\n  toString: { email: [b@contoso.com] }\n  valueOf: { email: [c@contoso.com] }\n  hasOwnProperty: { email: [d@contoso.com] }\n' + SLO.replace('[oncall]', '[constructor, toString, valueOf, hasOwnProperty]')],
  ['__proto__ keys everywhere', HEAD + 'metadata: { name: shop, owner: team, environment: prod, __proto__: { x: 1 }, tags: { __proto__: evil, constructor: c } }\n' + TARGETS + SLO.replace('    window: 30d\n', '    window: 30d\n    __proto__: { objective: 1 }\n')],
  ['prototype names as SLO names', HEAD + META + TARGETS + 'slos:\n' + ['__proto__', 'constructor', 'toString'].map((n) => `  - { name: ${n}, sli: { requestAvailability: { roleName: api } }, objective: 99.9, window: 30d }\n`).join('')],
  ['.nan objective', HEAD + META + TARGETS + SLO.replace('99.9', '.nan')],
  ['.inf objective', HEAD + META + TARGETS + SLO.replace('99.9', '.inf')],
  ['-.inf objective', HEAD + META + TARGETS + SLO.replace('99.9', '-.inf')],
  ['-0 objective', HEAD + META + TARGETS + SLO.replace('99.9', '-0')],
  ['1e308 objective', HEAD + META + TARGETS + SLO.replace('99.9', '1e308')],
  ['1e309 objective', HEAD + META + TARGETS + SLO.replace('99.9', '1e309')],
  ['99.99999999 objective', HEAD + META + TARGETS + SLO.replace('99.9', '99.99999999')],
  ['100 objective', HEAD + META + TARGETS + SLO.replace('99.9', '100')],
  ['0x63 objective', HEAD + META + TARGETS + SLO.replace('99.9', '0x63')],
  ['huge integer minimumEvents', HEAD + META + TARGETS + SLO.replace('alerting: { page: { notify: [oncall] } }', 'alerting: { minimumEvents: 123456789012345678901234567890, page: { notify: [oncall] } }')],
  ['.nan threshold', HEAD + META + TARGETS + SLO + 'resources:\n  - id: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Web/sites/app\n    alerts: { http-5xx: { threshold: .nan } }\n'],
  ['1e308 threshold', HEAD + META + TARGETS + SLO + 'resources:\n  - id: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Web/sites/app\n    alerts: { http-5xx: { threshold: 1e308 } }\n'],
  ['null everywhere', HEAD + 'metadata: { name: ~, owner: null, environment: }\nnotifications: ~\nslos: [~]\n'],
  ['non-string keys', HEAD + META + 'notifications:\n  1: { email: [a@contoso.com] }\n  true: { email: [b@contoso.com] }\n  ~: { email: [c@contoso.com] }\n  [a, b]: { email: [d@contoso.com] }\n' + SLO],
  ['complex key', HEAD + META + TARGETS + '? [a, b]\n: c\n' + SLO],
  ['flow nesting 2000', HEAD + META + TARGETS + SLO + `x: ${deepFlow(2000)}\n`],
  ['flow nesting 2000 as the document', deepFlow(2000)],
  ['block sequence nesting 2000', HEAD + META + TARGETS + SLO + `x:\n${deepBlock(2000).replace(/^/gm, '  ')}\n`],
  ['block map nesting 1000', deepMap(1000)],
  ['flow maps nesting 2000', `${'{a: '.repeat(2000)}x${'}'.repeat(2000)}`],
  ['very long line', HEAD + `metadata: { name: ${'x'.repeat(200_000)}, owner: team, environment: prod }\n` + TARGETS + SLO],
  ['very long notify list', HEAD + META + TARGETS + SLO.replace('[oncall]', `[${Array(5000).fill('oncall').join(', ')}]`)],
  ['3,000 keys in one flow map', HEAD + META + TARGETS + SLO + `x: { ${Array.from({ length: 3000 }, (_, i) => `k${i}: ${i}`).join(', ')} }\n`],
  ['BOM in the middle', HEAD + '\ufeffmetadata: { name: shop, owner: team, environment: prod }\n' + TARGETS + SLO],
  ['YAML 1.1 directive', '%YAML 1.1\n---\n' + VALID],
  ['unknown directive', '%FOO bar\n---\n' + VALID],
  ['several documents, one broken', `${VALID}---\n${VALID.replace('shop', 'other')}---\n{ [\n`],
  ['empty documents', '---\n---\n...\n---\n'],
  ['only a comment', '# nothing\n'],
  ['tabs as indentation', VALID.replace(/^ {2}/gm, '\t')],
  ['CRLF line ends', VALID.replace(/\n/g, '\r\n')],
  ['CR line ends', VALID.replace(/\n/g, '\r')],
  ['NEL and LS as line ends', VALID.replace(/\n/g, '\u0085')],
  ['NUL byte', VALID.replace('shop', 'sh\0op')],
  ['lone surrogate in a plain scalar', VALID.replace('shop', 'sh\ud800op')],
  ['escaped lone surrogate', VALID.replace('name: shop', 'name: "sh\\ud800op"')],
  ['escaped NUL and line separators', VALID.replace('name: shop', 'name: "sh\\0op\\L\\P\\N"')],
  ['block scalar name', VALID.replace('metadata: { name: shop, owner: team, environment: prod }', 'metadata:\n  name: |\n    shop\n    output pwned string = \'x\'\n  owner: team\n  environment: prod')],
  ['folded name with CR', VALID.replace('metadata: { name: shop, owner: team, environment: prod }', 'metadata:\n  name: >-\n    shop\r    output pwned string = \'x\'\n  owner: team\n  environment: prod')],
  ['a top-level list', '- a\n- b\n'],
  ['a top-level scalar', 'hello\n'],
  ['a string of 1 MB', `"${'x'.repeat(1_000_000)}"`],
];

test('YAML tricks through the library: accepted, or refused with diagnostics at file:line:col', () => {
  const started = Date.now();
  const failures = new Failures();
  for (const [name, text] of YAML_TRICKS) {
    const o = runPipeline(text);
    if (o.kind === 'internal') failures.add(`${name}: ${errorCategory(o.error)}`, text.slice(0, 400));
    else if (o.kind === 'refused') checkRefusal(o.diagnostics, text, failures, `${name}:\n${text.slice(0, 400)}`);
  }
  console.log(`  ${Date.now() - started} ms`);
  assert.is(failures.size, 0, `\n${failures.report()}\n`);
});

test('YAML tricks through the CLI: exit code 0 or 1 and valid JSON', async () => {
  const started = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-fuzz-yaml-'));
  const failures = new Failures();
  try {
    const file = path.join(dir, FILE);
    for (const [name, text] of YAML_TRICKS) {
      writeFileSync(file, text, 'utf8');
      const r = await cli(['validate', file, '--format', 'json']);
      for (const p of cliProblems(r, 'json', file)) failures.add(`${name}: ${p.slice(0, 100)}`, text.slice(0, 400));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`  ${Date.now() - started} ms`);
  assert.is(failures.size, 0, `\n${failures.report()}\n`);
});

const YAML_PUNCTUATION = ['&a ', '*a', '<<: ', '!!binary ', '!!js/function ', '!x ', '? ', ': ', '- ', '[', ']', '{', '}', ',', '|', '>', '|-', '#', '%', '@', '`', '"', "'", '\\', '---\n', '...\n', '\n', '\t', '\r', '\u0085', '\u2028', '\ufeff', '\0', '__proto__: ', 'constructor', '.nan', '.inf', '-0', '1e308', '~'];

test('random YAML punctuation spliced into a valid spec: never an internal error', () => {
  const started = Date.now();
  const failures = new Failures();
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat({ max: VALID.length }), fc.oneof(fc.constantFrom(...YAML_PUNCTUATION), fc.constantFrom(...PIECES))), { minLength: 1, maxLength: 4 }), (edits) => {
      let text = VALID;
      for (const [at, piece] of [...edits].sort((a, b) => b[0] - a[0])) text = text.slice(0, at) + piece + text.slice(at);
      const o = runPipeline(text);
      if (o.kind === 'internal') failures.add(errorCategory(o.error), JSON.stringify(text));
      else if (o.kind === 'refused') checkRefusal(o.diagnostics, text, failures, JSON.stringify(text));
    }),
    { seed: SEED + 3, numRuns: Math.round(300 * SCALE) },
  );
  console.log(`  ${Date.now() - started} ms`);
  assert.is(failures.size, 0, `\n${failures.report()}\n`);
});

test.run();
