/**
 * The precompiled spec validator (scripts/compile-schema.mjs → dist/spec-validator.cjs): ajv's standalone code of the
 * same schema, formats and options gives the very errors the validator compiled at run time gives, and is used only
 * for the schema text, ajv and formats it was built from.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { loadSources } from '../../src/load/source.js';
import { specAjv, specValidatorKey } from '../../src/validate/schema.js';
import { root } from '../helpers/bicep.js';

const schemaText = readFileSync(path.join(root, 'schema/azslo.schema.json'), 'utf8');

test('the standalone validator gives the same errors as the compiled one, for every fixture and example', async () => {
  // Under node_modules/.cache, so the code's require() of ajv's runtime resolves as it does from dist/.
  mkdirSync(path.join(root, 'node_modules', '.cache'), { recursive: true });
  const out = mkdtempSync(path.join(root, 'node_modules', '.cache', 'azslo-schema-'));
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/compile-schema.mjs'), out], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  const standalone = createRequire(path.join(out, 'x.cjs'))('./spec-validator.cjs') as ValidateFunction & { azsloKey: string };
  rmSync(out, { recursive: true, force: true });
  assert.is(standalone.azsloKey, specValidatorKey(schemaText));
  const compiled = specAjv().compile(JSON.parse(schemaText));
  const fixtures = readdirSync(path.join(root, 'test/fixtures/invalid')).filter((f) => f.endsWith('.yaml')).map((f) => path.join(root, 'test/fixtures/invalid', f));
  const loaded = await loadSources([...fixtures, path.join(root, 'examples')]);
  assert.ok(loaded.documents.length > 50);
  let failing = 0;
  for (const doc of loaded.documents) {
    const a = standalone(doc.data);
    const b = compiled(doc.data);
    assert.is(a, b, `${doc.file}#${doc.index}`);
    if (!a) failing++;
    assert.equal(JSON.parse(JSON.stringify(standalone.errors ?? null)), JSON.parse(JSON.stringify(compiled.errors ?? null)), `${doc.file}#${doc.index}`);
  }
  assert.ok(failing > 10, `schema errors compared (${failing} documents)`);
});

test('the key changes with the schema text', () => {
  assert.is.not(specValidatorKey(`${schemaText} `), specValidatorKey(schemaText));
  assert.is(specValidatorKey(schemaText), specValidatorKey(schemaText));
});

test.run();
