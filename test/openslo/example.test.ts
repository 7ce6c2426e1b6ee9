/**
 * examples/openslo/: the azslo spec imported from the OpenSLO folder _openslo/ and the OpenSLO export of that spec
 * (_export/) are goldens; both equal fresh output, whatever the working directory. `npm run examples:openslo`
 * rewrites them after a deliberate change.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadSources, parseSource } from '../../src/load/source.js';
import { validateDocuments } from '../../src/validate/index.js';
import { checkOpenSloObject, exportOpenSlo, importOpenSlo } from '../../src/openslo/index.js';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { root } from '../helpers/bicep.js';

const folder = path.join(root, 'examples', 'openslo');

async function importExample() {
  const loaded = await loadSources([path.join(folder, '_openslo')]);
  return importOpenSlo(loaded.documents, loaded.diagnostics);
}

test('the imported spec is the golden examples/openslo/catalog-api.yaml, and a valid azslo spec', async () => {
  const r = await importExample();
  assert.ok(r.ok, r.diagnostics.map(formatDiagnostic).join('\n'));
  assert.equal(r.services.map((s) => s.file), ['catalog-api.yaml']);
  assert.fixture(r.services[0]!.text, readFileSync(path.join(folder, 'catalog-api.yaml'), 'utf8'));
  const check = validateDocuments(parseSource('catalog-api.yaml', r.services[0]!.text).documents);
  assert.ok(check.ok, check.diagnostics.map(formatDiagnostic).join('\n'));
});

test("the import says once what it leaves out: the shared policy's burn-rate condition", async () => {
  const r = await importExample();
  assert.equal(
    r.diagnostics.map((d) => [d.code, d.severity, path.basename(d.file), d.position.line, d.position.col]),
    [['AZSLO071', 'warning', 'alerting.yaml', 10, 5]],
  );
});

test('the export of the imported spec is the golden _export/catalog-api.yaml and follows the OpenSLO v1 rules', async () => {
  const spec = (await importExample()).services[0]!.spec;
  const files = exportOpenSlo([spec]);
  assert.equal(files.map((f) => f.path), readdirSync(path.join(folder, '_export')).sort());
  for (const f of files) {
    assert.fixture(f.text, readFileSync(path.join(folder, '_export', f.path), 'utf8'));
    for (const o of f.objects) assert.equal(checkOpenSloObject(o), []);
  }
});

test('the output is the same from another working directory', async () => {
  const cwd = process.cwd();
  process.chdir(path.join(root, 'test'));
  try {
    const loaded = await loadSources([path.relative(process.cwd(), path.join(folder, '_openslo'))]);
    const r = importOpenSlo(loaded.documents, loaded.diagnostics);
    assert.fixture(r.services[0]!.text, readFileSync(path.join(folder, 'catalog-api.yaml'), 'utf8'));
  } finally {
    process.chdir(cwd);
  }
});

test('the OpenSLO documents of the example follow the OpenSLO v1 rules themselves', async () => {
  const loaded = await loadSources([path.join(folder, '_openslo')]);
  for (const d of loaded.documents) assert.equal(checkOpenSloObject(d.data), [], d.file);
});

test.run();
