/**
 * The bundled examples, end to end: golden output, determinism, the real Bicep CLI (0 errors, 0 warnings) and the
 * real Kusto language service (every generated query binds with 0 errors).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { generate, loadSpecs, validate } from '../src/index.js';
import type { Generation } from '../src/generate/index.js';
import { MANIFEST, outputManifest } from '../src/generate/output-folder.js';
import { checkKql, type KqlFunction } from '../src/kql/service.js';
import { budgetTableSchema } from '../src/kql/budget.js';
import { budgetTableName } from '../src/model/budget.js';
import { FileText, isPlainObject, type Value } from '../src/resources/model.js';
import { bicepTest, buildParams, compileOutput, root } from './helpers/bicep.js';

const examplesDir = path.join(root, 'examples');
const names = readdirSync(examplesDir).filter((n) => !n.startsWith('_') && statSync(path.join(examplesDir, n)).isDirectory()).sort();

async function generateExample(name: string): Promise<Generation> {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const result = validate(await loadSpecs([`examples/${name}`]));
    assert.ok(result.ok, result.diagnostics.map((d) => `${d.file}:${d.position.line}: ${d.message}`).join('\n'));
    return generate(result);
  } finally {
    process.chdir(cwd);
  }
}

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .flatMap((e) => {
      const p = path.join(dir, e);
      return statSync(p).isDirectory() ? listFiles(p, base) : [path.relative(base, p).split(path.sep).join('/')];
    })
    .sort();
}

test('there are at least three examples', () => {
  assert.ok(names.length >= 3, `examples: ${names.join(', ')}`);
});

for (const name of names) {
  test(`${name}: generated output equals the checked-in golden files (npm run examples regenerates them)`, async () => {
    const gen = await generateExample(name);
    const goldenDir = path.join(examplesDir, '_gen', name);
    assert.equal(gen.files.map((f) => f.path), listFiles(goldenDir).filter((p) => p !== MANIFEST), 'same file list');
    for (const f of gen.files) assert.fixture(f.content, readFileSync(path.join(goldenDir, f.path), 'utf8'), f.path);
    // The manifest of what azslo wrote, byte-identical on every machine (no time, no absolute path).
    assert.fixture(readFileSync(path.join(goldenDir, MANIFEST), 'utf8'), outputManifest(gen.files), MANIFEST);
  });

  test(`${name}: generating twice gives identical bytes`, async () => {
    const a = await generateExample(name);
    const b = await generateExample(name);
    assert.equal(a.files, b.files);
  });

  test(`${name}: every generated query binds with 0 errors in the Kusto language service`, async () => {
    const gen = await generateExample(name);
    let checked = 0;
    for (const service of gen.services) {
      const functions: KqlFunction[] = [];
      const queries: { where: string; text: string; db: 'workspace' | 'resourcegraph' }[] = [];
      for (const r of gen.deployment.resources.filter((r) => r.key.startsWith(`${service.slug}/`))) {
        collectFiles(r.properties, (f) => {
          if (f.path.endsWith('.sli.kql') || f.path.endsWith('.kpi.kql')) functions.push({ name: (r.properties as { functionAlias: string }).functionAlias, body: f.content });
          if (f.path.endsWith('.kql')) queries.push({ where: f.path, text: f.content, db: 'workspace' });
          if (f.path.endsWith('workbook.json')) {
            const wb = JSON.parse(f.content) as { items: { type: number; name: string; content: { query?: string; queryType?: number } }[] };
            for (const item of wb.items.filter((i) => i.type === 3)) {
              queries.push({ where: `${f.path}#${item.name}`, text: item.content.query!, db: item.content.queryType === 1 ? 'resourcegraph' : 'workspace' });
            }
          }
        });
      }
      for (const q of queries) {
        // Budget alerts read the service's budget table (docs/burn-rate-alerts.md), which generate creates.
        const tables = [...service.business.tables, ...(service.slos.some((s) => s.budget) ? [budgetTableSchema(budgetTableName(service.name))] : [])];
        const problems = checkKql(q.text, q.db, q.db === 'workspace' ? functions : [], tables).problems.filter((p) => p.severity === 'error');
        assert.equal(problems, [], `${q.where}:\n${q.text}`);
        checked++;
      }
    }
    assert.ok(checked >= 4, `checked ${checked} queries`);
  });

  bicepTest(test)(`${name}: the golden output compiles with the real Bicep CLI with 0 errors and 0 warnings`, () => {
    const dir = path.join(examplesDir, '_gen', name);
    const { diagnostics, failures, template } = compileOutput(dir);
    assert.equal(failures, []);
    assert.equal(diagnostics, []);
    assert.ok(Object.keys(template.resources).length > 0, 'the template has resources');
    const params = buildParams(dir, readFileSync(path.join(dir, 'main.bicepparam'), 'utf8'));
    assert.is(params.code, 0, params.stderr);
    assert.equal(params.diagnostics, []);
  });
}

function collectFiles(v: Value, visit: (f: FileText) => void): void {
  if (v instanceof FileText) visit(v);
  else if (Array.isArray(v)) v.forEach((x) => collectFiles(x, visit));
  else if (isPlainObject(v)) Object.values(v).forEach((x) => collectFiles(x, visit));
}

test.run();
