/**
 * The PowerShell printer (src/powershell/printer.ts) is the only way text reaches a runbook: whatever a string holds
 * — quotes PowerShell knows (' ‘ ’ ‚ ‛), `$(…)` and backticks that would expand in double quotes, every kind of line
 * break, controls, bidi marks, astral characters — the real PowerShell reads back exactly that string, and every
 * source line of the script stays free of line breaks. Checked with PowerShell 7.6.9's own parser and runtime.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ps, type Expr } from '../../src/powershell/ast.js';
import { printExpr, printScript, psString } from '../../src/powershell/printer.js';
import { SEED } from '../helpers/fuzz-checks.js';
import { parseErrors, pwshTest, runPwsh } from '../helpers/pwsh.js';

/** Prints each value as `$vN = <literal>` and has PowerShell write them back as one JSON array. */
function roundTrip(values: readonly unknown[]): unknown[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-ps-'));
  const file = path.join(dir, 'values.ps1');
  const script = printScript({
    statements: [
      ...values.map((v, i) => ({ kind: 'assign' as const, name: `v${i}`, value: ps.of(v) })),
      { kind: 'engine' as const, name: 'echo', code: `ConvertTo-Json -Depth 20 -Compress -InputObject @(${values.map((_, i) => `,$v${i}`).join(' + ') || '@()'})` },
    ],
  });
  writeFileSync(file, script);
  try {
    assert.equal(parseErrors([file])[file], [], 'the script parses with no error');
    const r = runPwsh(['-File', file]);
    assert.is(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as unknown[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hostile = [
  "it's",
  'typographic ‘single’ ‚low‛',
  '$(Remove-Item -Recurse /) `n ${env:PATH} @(1)',
  "line\nbreak\r\nand\rcarriage",
  'vertical\u000btab\u000cfeed\u0085nel\u2028ls\u2029ps',
  '\u0000nul\u0007bell\u001besc\u007fdel',
  'bidi \u202eevil\u202c \u2066x\u2069 \u200f',
  'bom\ufeffinside',
  'emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '#> <# comment end',
  "''''",
  '',
];

pwshTest(test)('hostile strings read back exactly as written', () => {
  assert.equal(roundTrip(hostile), hostile);
});

pwshTest(test)('nested data literals read back as the same JSON (ordered keys, arrays, numbers, booleans, null)', () => {
  const plan = { Name: "o'brien", Steps: [{ Order: 1, Ratio: 0.25, Big: 1e21, Neg: -3, On: true, Off: false, Nothing: null, List: [] }, { 'key with space': 'x', Nested: { A: [1, 'two'] } }] };
  assert.equal(roundTrip([plan])[0], plan);
});

pwshTest(test)('property: any string and any JSON-like value survive (fast-check, one PowerShell run)', () => {
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.string({ unit: 'binary' }).filter((s) => !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''))), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/), tie('value'), { maxKeys: 3 })),
  })).value;
  const samples = fc.sample(json, { seed: SEED, numRuns: 60 });
  // PowerShell's keys are case-insensitive: drop the case-only duplicates fast-check may generate.
  const dedupe = (v: unknown): unknown => (Array.isArray(v) ? v.map(dedupe) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k], i, all) => all.findIndex(([x]) => x.toLowerCase() === k.toLowerCase()) === i).map(([k, x]) => [k, dedupe(x)])) : v);
  const values = samples.map(dedupe);
  // ConvertTo-Json writes an empty hashtable as {} and a one-element array inside an object as the array: compare JSON.
  assert.equal(JSON.stringify(roundTrip(values)), JSON.stringify(values));
});

test('no source line holds a line break or control character, whatever the strings', () => {
  const out = printExpr(ps.arr(hostile.map(ps.str)));
  for (const line of out.split('\n')) assert.not.match(line, /[\u0000-\u0009\u000b-\u001f\u0085\u2028\u2029\u202e]/);
});

test('a lone surrogate, a bad variable name, a duplicate key and a placeholder in an engine block are refused', () => {
  assert.throws(() => psString('\ud800'), /lone surrogate/);
  assert.throws(() => printExpr({ kind: 'variable', name: 'a;b' } as Expr), /not a PowerShell variable name/);
  assert.throws(() => printExpr({ kind: 'hashtable', entries: [{ key: 'Name', value: ps.str('a') }, { key: 'name', value: ps.str('b') }] }), /duplicate hashtable key/);
  assert.throws(() => printScript({ statements: [{ kind: 'engine', name: 'x', code: 'Write-Output {{value}}' }] }), /placeholder/);
});

test.run();
