/**
 * dist/catalog.json (scripts/compile-catalog.mjs): every catalog file's data as JSON, keyed by its text's hash, read
 * instead of the YAML when the text is the same — so it can only be slower when stale, never different.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { readCatalogFile } from '../../src/catalog/index.js';
import { root } from '../helpers/bicep.js';

const catalogFiles = readdirSync(path.join(root, 'catalog'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
  .map((e) => path.join(e.parentPath, e.name));

test('the compiled catalog holds every catalog file, each equal to its YAML', () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'azslo-catalog-')), 'catalog.json');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/compile-catalog.mjs'), out], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const compiled = JSON.parse(readFileSync(out, 'utf8')) as Record<string, string>;
  assert.is(Object.keys(compiled).length, catalogFiles.length);
  for (const file of catalogFiles) {
    const text = readFileSync(file, 'utf8');
    const entry = compiled[createHash('sha256').update(text).digest('base64url')];
    assert.ok(entry, `${file} is compiled`);
    assert.equal(JSON.parse(entry!), parse(text), file);
  }
});

test('a catalog file reads as its YAML says, compiled or not, and each read is a fresh object', () => {
  for (const file of catalogFiles) assert.equal(readCatalogFile(file), parse(readFileSync(file, 'utf8')), file);
  const first = readCatalogFile<Record<string, unknown>>(catalogFiles[0]!);
  assert.is.not(readCatalogFile(catalogFiles[0]!), first);
  // A text the compiled catalog does not hold (edited since the build) is parsed.
  const edited = path.join(mkdtempSync(path.join(tmpdir(), 'azslo-catalog-')), 'edited.yaml');
  writeFileSync(edited, 'name: edited\nvalues: [1, 2.5, "three"]\n');
  assert.equal(readCatalogFile(edited), { name: 'edited', values: [1, 2.5, 'three'] });
});

test.run();
