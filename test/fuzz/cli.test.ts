/**
 * The CLI in-process (`run(argv, io)`) on hostile specs written to files: exit codes 0 or 1 only (never 3, the
 * internal error), `--format json` always valid JSON with the documented keys, text diagnostics as
 * `file:line:col: severity AZSLO###: message` lines, and nothing written when validation fails.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { cli, cliProblems } from '../helpers/fuzz-cli.js';
import { hostileString, shapeArb, shapeToSpec, toYaml } from '../helpers/hostile.js';
import { Failures, SCALE, SEED } from '../helpers/fuzz-checks.js';


test('validate and generate from the CLI never exit 3 and always print valid JSON or well-formed diagnostic lines', async () => {
  const started = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-fuzz-cli-'));
  const failures = new Failures();
  const codes = new Map<number, number>();
  try {
    const file = path.join(dir, 'spec.yaml');
    const out = path.join(dir, 'out');
    await fc.assert(
      fc.asyncProperty(shapeArb(hostileString), fc.constantFrom<'json' | 'text'>('json', 'text'), async (shape, format) => {
        const yaml = toYaml(shapeToSpec(shape));
        writeFileSync(file, yaml, 'utf8');
        rmSync(out, { recursive: true, force: true });
        const v = await cli(['validate', file, '--format', format]);
        for (const p of cliProblems(v, format, file)) failures.add(`validate --format ${format}: ${p.replace(/\d+/g, 'N').slice(0, 90)}`, `${yaml}\n→ ${p}`);
        const g = await cli(['generate', file, '--out', out, '--format', format]);
        codes.set(g.code, (codes.get(g.code) ?? 0) + 1);
        for (const p of cliProblems(g, format, file)) failures.add(`generate --format ${format}: ${p.replace(/\d+/g, 'N').slice(0, 90)}`, `${yaml}\n→ ${p}`);
        if (g.code !== v.code && !(v.code === 0 && g.code === 1)) failures.add(`validate exits ${v.code} but generate ${g.code}`, yaml);
        if (g.code !== 0 && existsSync(out)) failures.add('generate failed but wrote the output folder', yaml);
        if (g.code === 0 && !existsSync(path.join(out, 'main.bicep'))) failures.add('generate succeeded without main.bicep', yaml);
      }),
      { seed: SEED + 2, numRuns: Math.round(25 * SCALE) },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`  cli: exit codes of generate ${JSON.stringify(Object.fromEntries(codes))}`);
  console.log(`  ${Date.now() - started} ms`);
  assert.is(failures.size, 0, `\n${failures.report()}\n`);
});

test.run();
