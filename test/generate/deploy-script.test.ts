/**
 * deploy.sh, run by bash with an `az` on PATH that records its arguments and fails the deployments it is told to:
 * every entry point deployed once with its parameters file, at most AZSLO_PARALLEL at once, and the first failure
 * stops it with the deployment's name and output.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bashWord, deployScript } from '../../src/generate/deploy-script.js';

const units = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ unit: { folder: `svc-${i}`, name: `azslo-svc-${i}`, modules: [] }, entry: { template: `svc-${i}/main.bicep`, parameters: `svc-${i}/main.bicepparam` } }));

/** An az that logs `name running-count`, sleeps briefly, and fails for names listed in AZ_FAIL. */
const FAKE_AZ = `#!/usr/bin/env bash
name=""; while [[ $# -gt 0 ]]; do [[ "$1" == --name ]] && name="$2"; shift; done
mkdir -p "$AZ_DIR/running"; touch "$AZ_DIR/running/$name"
echo "$name $(ls "$AZ_DIR/running" | wc -l)" >> "$AZ_DIR/calls"
sleep 0.3
rm -f "$AZ_DIR/running/$name"
if [[ " $AZ_FAIL " == *" $name "* ]]; then echo "ERROR: InvalidTemplate: $name is broken" >&2; exit 1; fi
`;

function run(n: number, env: Record<string, string>, args: string[] = ['rg-monitoring']) {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-deploy-'));
  try {
    mkdirSync(path.join(dir, 'bin'));
    writeFileSync(path.join(dir, 'bin', 'az'), FAKE_AZ);
    chmodSync(path.join(dir, 'bin', 'az'), 0o755);
    const script = deployScript(units(n));
    writeFileSync(path.join(dir, script.path), script.content);
    const r = spawnSync('bash', [path.join(dir, script.path), ...args], { encoding: 'utf8', env: { PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin`, AZ_DIR: dir, ...env } });
    const calls = (() => {
      try {
        return readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n').map((l) => l.split(' '));
      } catch {
        return [];
      }
    })();
    return { code: r.status, stderr: r.stderr, calls };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('bash reads every word back as written, quotes included', () => {
  const r = spawnSync('bash', ['-c', `printf '%s|' ${["it's", 'a b', '$HOME', '`x`', ''].map(bashWord).join(' ')}`], { encoding: 'utf8' });
  assert.is(r.stdout, "it's|a b|$HOME|`x`||");
});

test('deploys every entry point once, at most AZSLO_PARALLEL at once', () => {
  const r = run(7, { AZSLO_PARALLEL: '3' });
  assert.is(r.code, 0, r.stderr);
  assert.equal(r.calls.map(([name]) => name).sort(), units(7).map((u) => u.unit.name).sort());
  assert.ok(r.calls.every(([, running]) => Number(running) <= 3), JSON.stringify(r.calls));
  assert.ok(r.calls.some(([, running]) => Number(running) > 1), 'ran in parallel');
  assert.match(r.stderr, /deploy\.sh: all 7 deployment\(s\) done in resource group rg-monitoring/);
});

test('the first failure stops it: none started after, its name and output shown, exit 1', () => {
  const r = run(6, { AZSLO_PARALLEL: '1', AZ_FAIL: 'azslo-svc-2' });
  assert.is(r.code, 1);
  assert.equal(r.calls.map(([name]) => name), ['azslo-svc-0', 'azslo-svc-1', 'azslo-svc-2']);
  assert.match(r.stderr, /deployment azslo-svc-2 of svc-2\/main\.bicep failed in resource group rg-monitoring; its output:\nERROR: InvalidTemplate: azslo-svc-2 is broken/);
  assert.match(r.stderr, /stopped: 3 of 6 deployment\(s\) not started/);
});

test('usage problems are told, not run: no resource group, a bad AZSLO_PARALLEL', () => {
  const none = run(1, {}, []);
  assert.is(none.code, 2);
  assert.match(none.stderr, /name the resource group/);
  assert.equal(none.calls, []);
  const bad = run(1, { AZSLO_PARALLEL: '0' });
  assert.is(bad.code, 2);
  assert.match(bad.stderr, /AZSLO_PARALLEL must be a whole number of at least 1, not '0'/);
  assert.is(run(2, { AZSLO_RESOURCE_GROUP: 'rg-x' }, []).code, 0);
});

test.run();
