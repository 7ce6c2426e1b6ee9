/**
 * diffCommand and `azslo diff`: each side is a file or folder of specs, or `<git-ref>:<path>` — the path at a revision
 * of the repository around the working directory, read with git archive (a real git repository here). A side that is
 * neither, a revision git does not know and a folder outside any checkout are usage errors that say so.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diffCommand } from '../../src/commands/diff.js';
import { run } from '../../src/cli/main.js';
import { root } from '../helpers/bicep.js';

const spec = path.join(root, 'examples/web-api/checkout.yaml');

/** A git repository with specs/checkout.yaml committed, then its objective tightened in a second commit. */
function repository(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-diff-git-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=azslo test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  mkdirSync(path.join(dir, 'specs'));
  copyFileSync(spec, path.join(dir, 'specs/checkout.yaml'));
  git('add', 'specs/checkout.yaml');
  git('commit', '-q', '-m', 'base');
  writeFileSync(path.join(dir, 'specs/checkout.yaml'), readFileSync(spec, 'utf8').replace('objective: 99.9\n', 'objective: 99.95\n'));
  git('commit', '-q', '-am', 'head');
  return dir;
}

test('<ref>:<path> reads the specs at that revision: the last commit against the one before', async () => {
  const dir = repository();
  try {
    const r = await diffCommand('HEAD~1:specs', 'main:specs', { cwd: dir, format: 'json' });
    assert.ok(r.ok, JSON.stringify(r));
    if (!r.ok) return;
    assert.equal(r.diff.services[0]!.slos.changed.map((c) => [c.name, c.objective]), [['api-availability', { before: 99.9, after: 99.95 }]]);
    assert.is(r.diff.base, 'HEAD~1:specs', 'the report names the sides as given');
    // A revision against the working tree (a folder), from a subfolder of the checkout: the path is from the root.
    const same = await diffCommand('HEAD:specs', 'specs', { cwd: dir });
    assert.ok(same.ok && same.diff.services.every((s) => s.status === 'unchanged'));
    const fromSub = await diffCommand('HEAD~1:specs/checkout.yaml', path.join(dir, 'specs/checkout.yaml'), { cwd: path.join(dir, 'specs') });
    assert.ok(fromSub.ok && fromSub.diff.services[0]!.status === 'changed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage errors say what is wrong: no such revision or path, not a git checkout, neither a path nor a ref', async () => {
  const dir = repository();
  const outside = mkdtempSync(path.join(tmpdir(), 'azslo-diff-nogit-'));
  try {
    const noRev = await diffCommand('no-such-branch:specs', 'specs', { cwd: dir });
    assert.ok(!noRev.ok && noRev.reason === 'usage' && /cannot read 'specs' at revision 'no-such-branch'/.test(noRev.message), JSON.stringify(noRev));
    const noPath = await diffCommand('HEAD:elsewhere', 'specs', { cwd: dir });
    assert.ok(!noPath.ok && noPath.reason === 'usage' && /elsewhere/.test(noPath.message), JSON.stringify(noPath));
    const noGit = await diffCommand('main:specs', spec, { cwd: outside });
    assert.ok(!noGit.ok && noGit.reason === 'usage' && /not in a git checkout/.test(noGit.message), JSON.stringify(noGit));
    const neither = await diffCommand('no-such-folder', spec, { cwd: outside });
    assert.ok(!neither.ok && neither.reason === 'usage' && /neither a file or folder nor <git-ref>:<path>/.test(neither.message), JSON.stringify(neither));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});

test('an invalid side: nothing compared, its diagnostics returned', async () => {
  const r = await diffCommand(spec, path.join(root, 'test/fixtures/invalid/AZSLO012-unknown-target.yaml'), { cwd: root });
  assert.ok(!r.ok && r.reason === 'invalid' && r.side === 'head' && r.diagnostics.some((d) => d.code === 'AZSLO012'));
});

const cli = async (...args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

test('azslo diff: Markdown by default, JSON and text on request, --out writes the file; usage errors exit 2', async () => {
  const base = path.join(root, 'examples/_diff/base');
  const head = path.join(root, 'examples/_diff/head');
  const md = await cli('diff', base, head, '--today', '2026-12-01');
  assert.is(md.code, 0);
  assert.match(md.out, /^## azslo diff: /);
  assert.match(md.err, /1 of 1 service\(s\) changed/);
  const json = await cli('diff', base, head, '--format', 'json', '--today', '2026-12-01');
  assert.is(JSON.parse(json.out).tool, 'azslo diff');
  assert.match((await cli('diff', base, head, '--format', 'text')).out, /^azslo diff .*\nService checkout: changed/);
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-diff-out-'));
  try {
    const wrote = await cli('diff', base, head, '--out', path.join(dir, 'pr/diff.md'));
    assert.is(wrote.code, 0);
    assert.is(wrote.out, '');
    assert.match(readFileSync(path.join(dir, 'pr/diff.md'), 'utf8'), /<details>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const one = await cli('diff', base);
  assert.is(one.code, 2);
  assert.match(one.err, /diff needs two sides/);
  assert.is((await cli('diff', base, head, '--format', 'html')).code, 2);
  const invalid = await cli('diff', base, path.join(root, 'test/fixtures/invalid/AZSLO012-unknown-target.yaml'));
  assert.is(invalid.code, 1);
  assert.match(invalid.err, /the head specs are invalid/);
});

test.run();
