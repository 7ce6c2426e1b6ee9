/** Loading: files and folders, several documents per file, positions from yaml's LineCounter. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSources, parseSource, positionAt } from '../../src/load/source.js';

test('several documents per file; empty documents are skipped', () => {
  const r = parseSource('f.yaml', 'a: 1\n---\n---\nb: [x, y]\n');
  assert.equal(r.diagnostics, []);
  assert.equal(r.documents.map((d) => d.data), [{ a: 1 }, { b: ['x', 'y'] }]);
});

test('positionAt points at values and keys, 1-based', () => {
  const [doc] = parseSource('f.yaml', 'top:\n  list:\n    - name: x\n      value: 42\n').documents;
  assert.equal(positionAt(doc!, ['top', 'list', 0, 'value']), { line: 4, col: 14 });
  assert.equal(positionAt(doc!, ['top', 'list', 0, 'value'], 'key'), { line: 4, col: 7 });
  assert.equal(positionAt(doc!, ['top', 'missing']), { line: 2, col: 3 }, 'the deepest existing ancestor');
});

test('duplicate keys and bad syntax are AZSLO001 with a position', () => {
  const r = parseSource('f.yaml', 'a: 1\na: 2\n');
  assert.equal(r.diagnostics.map((d) => [d.code, d.position.line]), [['AZSLO001', 2]]);
});

test('folders are walked recursively in sorted order; _ and . folders and non-YAML files are skipped', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-load-'));
  try {
    mkdirSync(path.join(dir, 'b'));
    mkdirSync(path.join(dir, '_gen'));
    writeFileSync(path.join(dir, 'b', 'two.yml'), 'n: 2\n');
    writeFileSync(path.join(dir, 'a.yaml'), 'n: 1\n');
    writeFileSync(path.join(dir, '_gen', 'x.yaml'), 'n: 3\n');
    writeFileSync(path.join(dir, 'notes.txt'), 'n: 4\n');
    const r = await loadSources([dir]);
    assert.equal(r.documents.map((d) => d.data), [{ n: 1 }, { n: 2 }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a byte order mark is ignored; an empty folder is reported', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-load-'));
  try {
    const r0 = await loadSources([dir]);
    assert.equal(r0.diagnostics.map((d) => d.code), ['AZSLO006']);
    writeFileSync(path.join(dir, 'bom.yaml'), '\ufeffn: 1\n');
    const r = await loadSources([dir]);
    assert.equal(r.documents.map((d) => d.data), [{ n: 1 }]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a list, mapping or empty mapping key is AZSLO001 at the key, before the YAML library would turn it into text', () => {
  const cases: [string, string, number, number][] = [
    ['? [a, b]\n: 1\n', 'a list', 1, 3],
    ['{a: 1, {b: 2}: 3}\n', 'a mapping', 1, 8],
    ['? \n: x\n', 'empty', 1, 3],
    ['a: &l [1]\nb:\n  *l : 2\n', 'a list', 3, 3],
    ['? !!binary aGk=\n: x\n', 'a !!binary value', 1, 12],
  ];
  for (const [text, what, line, col] of cases) {
    const r = parseSource('k.yaml', text);
    assert.equal(r.documents, [], text);
    assert.equal(r.diagnostics.map((d) => [d.code, d.message, d.position.line, d.position.col]), [['AZSLO001', `a mapping key must be text, not ${what}`, line, col]], text);
  }
  // An alias of a scalar, a number or a merge key is text enough.
  for (const text of ['a: &k x\n*k : 2\n', '1: one\n', 'base: &b {x: 1}\nc:\n  <<: *b\n']) assert.equal(parseSource('k.yaml', text).diagnostics, [], text);
});

test.run();
