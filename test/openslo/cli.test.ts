/** azslo import openslo / export openslo on the command line: files written, JSON answers, usage errors. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from '../helpers/bicep.js';
import { runCli } from '../helpers/cli.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'azslo-openslo-'));

test('export openslo writes one OpenSLO file per service; import openslo reads them back into specs that validate', async () => {
  const exported = tmp();
  const e = await runCli(['export', 'openslo', path.join(root, 'examples', 'web-api'), '--out', exported]);
  assert.is(e.code, 0, e.err);
  assert.equal(readdirSync(exported), ['checkout.yaml']);
  assert.match(e.err, /wrote 1 OpenSLO file\(s\)/);
  const imported = tmp();
  const i = await runCli(['import', 'openslo', exported, '-o', imported, '--format', 'json']);
  assert.is(i.code, 0, i.err);
  assert.equal(JSON.parse(i.out), { ok: true, out: imported, files: ['checkout.yaml'], diagnostics: [] });
  const v = await runCli(['validate', imported]);
  assert.is(v.code, 0, v.err);
});

test('an OpenSLO file azslo cannot import writes nothing and exits 1 with its diagnostics', async () => {
  const out = path.join(tmp(), 'specs');
  const r = await runCli(['import', 'openslo', path.join(root, 'test', 'fixtures', 'invalid', 'AZSLO070-openslo-cannot-map.yaml'), '--out', out]);
  assert.is(r.code, 1);
  assert.match(r.err, /error AZSLO070: the calendar window starts at 2026-01-15 00:00:00, which is not midnight of the 1st of a month/);
  assert.not.match(r.err, /\n\s+at /);
  assert.ok(!existsSync(out));
});

test('import and export need the format openslo and --out', async () => {
  const r = await runCli(['import', 'opensol', 'x']);
  assert.is(r.code, 2);
  assert.match(r.err, /did you mean 'openslo'\?/);
  const noOut = await runCli(['export', 'openslo', path.join(root, 'examples', 'web-api')]);
  assert.is(noOut.code, 2);
  assert.match(noOut.err, /--out/);
});

test.run();
