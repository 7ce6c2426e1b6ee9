/**
 * Stages only import downward. Each folder of src/ is a stage with a place in the pipeline; a module may import its
 * own stage or a lower one, never a higher one, so that each stage can be read, tested and replaced knowing only
 * what lies below it. Type-only and dynamic imports count too: they are dependencies all the same.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

/** The pipeline, bottom up. Stages on one line are peers: they may not import each other. */
export const STAGES: readonly (readonly string[])[] = [
  ['base'],
  ['diagnostics'],
  ['load'],
  ['catalog'],
  ['model'],
  ['recovery'],
  ['kql', 'powershell', 'promql'],
  ['drplan'],
  ['validate'],
  ['openslo'],
  ['resources'],
  ['output'],
  ['bicep'],
  ['generate'],
  ['analyze', 'apply', 'query'],
  ['drill', 'diff'],
  ['commands'],
  ['<root>'],
  ['cli'],
];

const rankOf = (stage: string): number => STAGES.findIndex((line) => line.includes(stage));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

const stageOf = (file: string): string => {
  const rel = path.relative(src, file).split(path.sep);
  return rel.length === 1 ? '<root>' : rel[0]!;
};

/** Every relative module a file imports: static, type-only, re-exports and dynamic import(). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/g)) out.push(m[1]!);
  for (const m of text.matchAll(/(?:^|\n)\s*import\s+'([^']+)'/g)) out.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) out.push(m[1]!);
  return out.filter((s) => s.startsWith('.'));
}

/** Every import that goes up the pipeline or sideways to a peer, as "from → to (module)". */
export function violations(fileList: readonly string[], read: (file: string) => string): string[] {
  const out: string[] = [];
  for (const file of fileList) {
    const from = stageOf(file);
    for (const spec of importsOf(read(file))) {
      const target = path.resolve(path.dirname(file), spec);
      const to = stageOf(target);
      if (to === from) continue;
      const [rf, rt] = [rankOf(from), rankOf(to)];
      if (rf < 0 || rt < 0) out.push(`${path.relative(src, file)}: stage ${rf < 0 ? from : to} has no place in STAGES`);
      else if (rt >= rf) out.push(`${path.relative(src, file)}: ${from} imports ${to} (${spec})`);
    }
  }
  return out.sort();
}

test('every src/ folder has a place in the pipeline', () => {
  const folders = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  for (const f of folders) assert.ok(rankOf(f) >= 0, `src/${f} is not in STAGES`);
});

test('no module imports a higher stage or a peer', () => {
  assert.equal(violations(files(src), (f) => readFileSync(f, 'utf8')), []);
});

test('the check sees static, type-only, re-exported and dynamic imports, and would fail on an upward one', () => {
  const fake = (stage: string, name: string) => path.join(src, stage, name);
  const texts: Record<string, string> = {
    [fake('catalog', 'a.ts')]: "import type { X } from '../model/spec.js';\nimport { y } from '../base/text.js';",
    [fake('model', 'b.ts')]: "export { z } from '../validate/formats.js';",
    [fake('load', 'c.ts')]: "const m = await import('../generate/index.js');",
    [fake('apply', 'd.ts')]: "import { q } from '../analyze/api.js';",
  };
  assert.equal(violations(Object.keys(texts), (f) => texts[f]!), [
    'apply/d.ts: apply imports analyze (../analyze/api.js)',
    'catalog/a.ts: catalog imports model (../model/spec.js)',
    'load/c.ts: load imports generate (../generate/index.js)',
    'model/b.ts: model imports validate (../validate/formats.js)',
  ]);
});

test.run();
