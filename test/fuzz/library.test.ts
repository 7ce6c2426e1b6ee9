/**
 * Property-based fuzzing of the library path (parseSource → validate → generate) with hostile text in every
 * user-text field. Fixed seed, so every run checks the same cases; AZSLO_FUZZ_SEED and AZSLO_FUZZ_SCALE explore more.
 *
 *  1. no internal error: only AzsloError, and refusals carry diagnostics at file:line:col;
 *  2. every user string is refused or read back unchanged from the output (Bicep literals, KQL literals, JSON);
 *  3. user text never becomes structure: same Bicep declarations, KQL tokens and JSON shape as a benign twin.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { printableString, refusableString, shapeArb, shapeToSpec, type TextMap } from '../helpers/hostile.js';
import { checkShape, Failures, SCALE, SEED, type CaseStats } from '../helpers/fuzz-checks.js';

test('printable hostile text in every field: no internal error, exact round trip, no injected structure', () => {
  const started = Date.now();
  const failures = new Failures();
  const stats: CaseStats = { runs: 0, generated: 0, refused: 0 };
  fc.assert(
    fc.property(shapeArb(printableString), (shape) => {
      checkShape(shape, failures, stats);
    }),
    { seed: SEED, numRuns: Math.round(120 * SCALE) },
  );
  console.log(`  printable: ${stats.runs} specs, ${stats.generated} generated, ${stats.refused} refused`);
  assert.ok(stats.generated >= stats.runs / 5, `too few cases generate (${stats.generated} of ${stats.runs}): the property would check little`);
  console.log(`  ${Date.now() - started} ms`);
  assert.is(failures.size, 0, `\n${failures.report()}\n`);
});

test('one field with line terminators, control characters, lone surrogates or a long run: refused with a diagnostic, or kept exactly', () => {
  const started = Date.now();
  const failures = new Failures();
  const stats: CaseStats = { runs: 0, generated: 0, refused: 0 };
  fc.assert(
    fc.property(shapeArb(printableString), fc.nat(), refusableString, (shape, pick, bad) => {
      // Which distinct user strings the shape has, then the one of them that becomes hostile (with its references).
      const keys: string[] = [];
      shapeToSpec(shape, (v, kind) => {
        const k = `${kind}\u0000${v}`;
        if (!keys.includes(k)) keys.push(k);
        return v;
      });
      const chosen = keys[pick % keys.length];
      const map: TextMap = (v, kind) => (`${kind}\u0000${v}` === chosen ? `${v.slice(0, 3)}${bad}` : v);
      checkShape(shape, failures, stats, map);
    }),
    { seed: SEED + 1, numRuns: Math.round(120 * SCALE) },
  );
  console.log(`  one refusable field: ${stats.runs} specs, ${stats.generated} generated, ${stats.refused} refused`);
  assert.ok(stats.refused >= stats.runs / 2, `most of these specs should be refused (${stats.refused} of ${stats.runs})`);
  console.log(`  ${Date.now() - started} ms`);
  assert.is(failures.size, 0, `\n${failures.report()}\n`);
});

test.run();
