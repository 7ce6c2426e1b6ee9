/**
 * KQL check answers kept between runs (src/kql/cache.ts, `AZSLO_CACHE_DIR`): read back by the next run, used only when
 * written by the same azslo, language service and catalog tables, and never a reason to fail.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openKqlCheckCache } from '../../src/kql/cache.js';
import { checkKqlMany } from '../../src/kql/pool.js';
import type { KqlCheck, KqlRequest } from '../../src/kql/service.js';

const folder = () => mkdtempSync(path.join(tmpdir(), 'azslo-kql-cache-'));
const request: KqlRequest = { text: `AppRequests | where Name == "cache-${process.pid}"` };
// An answer the language service would never give for that text: finding it proves it came from the folder.
const kept: KqlCheck = { problems: [{ severity: 'warning', code: 'KS999', message: 'kept', start: 0, length: 3 }], columns: ['Kept'], statements: [{ kind: 'ExpressionStatement', start: 0 }] };

test('an answer saved by one run is read by the next', () => {
  const dir = folder();
  const first = openKqlCheckCache(dir);
  assert.is(first.get(request), undefined);
  first.set(request, kept);
  first.save();
  assert.equal(openKqlCheckCache(dir).get(request), kept);
  // The request is the key: another table set is another question.
  assert.is(openKqlCheckCache(dir).get({ ...request, tables: [{ name: 'T_CL', columns: [] }] }), undefined);
  assert.is(openKqlCheckCache(dir).get({ ...request, bind: false }), undefined);
});

test('checkKqlMany answers from the folder, checks the rest, and keeps them for the next run', () => {
  const dir = folder();
  const seed = openKqlCheckCache(dir);
  seed.set(request, kept);
  seed.save();
  const fresh: KqlRequest = { text: `AppRequests | where Name == "cache-fresh-${process.pid}"` };
  let counts: { fromCacheDir: number } | undefined;
  const [fromFolder, checked] = checkKqlMany([request, fresh], { cacheDir: dir, threads: 0, report: (c) => (counts = c) });
  assert.equal(fromFolder, kept);
  assert.is(counts?.fromCacheDir, 1);
  assert.equal(checked!.problems, []);
  assert.equal(openKqlCheckCache(dir).get(fresh), checked);
});

test('a file from another version, or written by hand, is ignored and replaced', () => {
  const dir = folder();
  const c = openKqlCheckCache(dir);
  c.set(request, kept);
  c.save();
  const file = path.join(dir, 'kql-checks.json');
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { salt: string; checks: Record<string, unknown> };
  writeFileSync(file, JSON.stringify({ ...stored, salt: 'another-version' }));
  assert.is(openKqlCheckCache(dir).get(request), undefined, 'another salt: started again');
  // An entry of the wrong shape is not an answer.
  writeFileSync(file, JSON.stringify({ ...stored, checks: Object.fromEntries(Object.keys(stored.checks).map((k) => [k, { problems: 'none' }])) }));
  assert.is(openKqlCheckCache(dir).get(request), undefined, 'a malformed answer is not used');
  writeFileSync(file, '{ not json');
  const again = openKqlCheckCache(dir);
  assert.is(again.get(request), undefined, 'unreadable: empty');
  again.set(request, kept);
  again.save();
  assert.equal(openKqlCheckCache(dir).get(request), kept, 'and written anew');
});

test('a folder that cannot be written is no failure, and leaves no temporary file', () => {
  const dir = folder();
  const blocker = path.join(dir, 'a-file');
  writeFileSync(blocker, '');
  const c = openKqlCheckCache(path.join(blocker, 'cache'));
  c.set(request, kept);
  c.save();
  assert.equal(readdirSync(dir), ['a-file']);
  assert.not.ok(existsSync(path.join(blocker, 'cache')));
});

test.run();
