/**
 * Concurrency: two applies on one resource group never interleave into a mixed state. The apply lock (a lease
 * resource written with If-None-Match: * and deleted with If-Match, src/apply/lock.ts) lets one run in and turns
 * the other away before it writes anything; a lock left by a run that died is taken over once it expires; writes are
 * conditional on the ETag plan read, so that a resource changed in between is not overwritten. Real SDK clients
 * against the local ARM emulator.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { LockError, acquireLock, applyDeployment, lockId, planDeployment, sdkGateway, type ArmGateway, type Target } from '../../src/apply/index.js';
import { applyPlan } from '../../src/apply/apply.js';
import { run } from '../../src/cli/main.js';
import { startArmEmulator, type ArmEmulator, type EmulatorOptions } from '../helpers/arm-emulator.js';
import { root } from '../helpers/bicep.js';
import { generationOf, testCredential } from '../helpers/apply.js';

const target: Target = { subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg-monitoring' };
const credential = testCredential;
const env = { TICKETS_WEBHOOK_URL: 'https://tickets.example.invalid/hook' };
const lock = { settleMs: 40 };


const v0 = readFileSync(path.join(root, 'examples/web-api/checkout.yaml'), 'utf8');
// Two other versions that differ from v0 and from each other in nearly every resource (tags, owner).
const v1 = v0.replace('cost-center: "4711"', 'cost-center: "1111"').replace('owner: team-payments', 'owner: team-one');
const v2 = v0.replace('cost-center: "4711"', 'cost-center: "2222"').replace('owner: team-payments', 'owner: team-two');
const rules = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Insights`;

async function withArm(body: (arm: ArmEmulator, gateway: ArmGateway) => Promise<void>, options: EmulatorOptions = {}) {
  const arm = await startArmEmulator(options);
  try {
    await body(arm, sdkGateway({ credential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca, retryDelayMs: 50 }));
  } finally {
    await arm.close();
  }
}

const isLock = (w: string) => w.toLowerCase().endsWith(lockId(target).toLowerCase());
const resourceWrites = (arm: ArmEmulator) => arm.written.filter((w) => !isLock(w));
const settledPlan = async (spec: string, gateway: ArmGateway) => (await planDeployment({ generation: generationOf(spec), gateway, target, env })).every((i) => i.action === 'unchanged');

for (const [label, options] of [
  ['answers at once', {}],
  ['slow answers', { latencyMs: 15 }],
  ['a provider that ignores If-Match and If-None-Match (the settle check decides)', { ignoreConditions: true, latencyMs: 5 }],
] as [string, EmulatorOptions][]) {
  test(`two applies at once (${label}): Azure ends in exactly one run's state; the other refuses before writing anything`, async () => {
    await withArm(async (arm, gateway) => {
      await applyDeployment({ generation: generationOf(v0), gateway, target, env, lock });
      arm.written.length = 0;
      const runs = await Promise.allSettled([v1, v2].map((spec, n) => applyDeployment({ generation: generationOf(spec), gateway, target, env, lock: { ...lock, holder: `run-${n + 1}` } })));
      const done = runs.flatMap((r, n) => (r.status === 'fulfilled' ? [{ n, value: r.value }] : []));
      const refused = runs.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
      for (const e of refused) {
        assert.instance(e, LockError);
        assert.match(String((e as Error).message), /is locked by another azslo apply.*: run-[12] \(run [0-9a-f]{8}\).*Nothing was changed/);
      }
      for (const d of done) assert.ok(d.value.results.every((r) => r.ok), JSON.stringify(d.value.results.filter((r) => !r.ok).map((r) => r.error)));
      assert.ok(done.length >= 1, 'one run got in');
      // Entirely one run's desired state: the last one to finish (when both got in, one after the other).
      const states = await Promise.all([v1, v2].map((s) => settledPlan(s, gateway)));
      assert.is(states.filter(Boolean).length, 1, `exactly one spec is fully applied: ${JSON.stringify(states)}`);
      // Nothing half-applied by a refused run: every resource write belongs to a run that got in.
      assert.is(resourceWrites(arm).length, done.reduce((n, d) => n + d.value.results.length, 0));
      assert.not.ok(arm.store.has(lockId(target).toLowerCase()), 'the lock is released');
    }, options);
  });
}

test('a lock left by a run that died: apply refuses, naming the holder and the expiry; once expired it is taken over', async () => {
  await withArm(async (arm, gateway) => {
    // A run that took the lock and died: never renewed, never released.
    await acquireLock(gateway, target, { location: 'westeurope', holder: 'build-agent-7 (pid 4242)', ttlMs: 1_500, renewEveryMs: 0, settleMs: 10 });
    let error: unknown;
    await applyDeployment({ generation: generationOf(v0), gateway, target, env, lock }).catch((e: unknown) => (error = e));
    assert.instance(error, LockError);
    const message = (error as Error).message;
    assert.match(message, /resource group rg-monitoring is locked by another azslo apply: build-agent-7 \(pid 4242\)/);
    assert.match(message, /its lock expires at \d{4}-\d\d-\d\dT/);
    assert.match(message, /az resource delete --ids \/subscriptions\/.*\/workbooks\//);
    assert.is(resourceWrites(arm).length, 0, 'nothing written');
    await new Promise((r) => setTimeout(r, 1_600));
    const r = await applyDeployment({ generation: generationOf(v0), gateway, target, env, lock });
    assert.ok(r.results.length > 0 && r.results.every((x) => x.ok));
    assert.ok(await settledPlan(v0, gateway));
    assert.not.ok(arm.store.has(lockId(target).toLowerCase()), 'the stale lock was taken over, then released');
  });
});

test('a lease taken by another run while held is lost: the apply writes nothing more', async () => {
  await withArm(async (arm, gateway) => {
    const items = await planDeployment({ generation: generationOf(v0), gateway, target, env });
    const lease = await acquireLock(gateway, target, { location: 'westeurope', ttlMs: 60_000, renewEveryMs: 30, settleMs: 10 });
    // Another run overwrites it (say this one stalled past its expiry): the next renewal's If-Match fails.
    arm.edit(lockId(target), (b) => Object.assign(b.tags as Record<string, string>, { 'azslo-lock-run': 'someone-else', 'azslo-lock-holder': 'other' }));
    await new Promise((r) => setTimeout(r, 150));
    assert.match(lease.lost ?? '', /was taken by another run/);
    const results = await applyPlan(items, gateway, { lease });
    assert.ok(results.every((r) => !r.ok && /taken by another run.*not written/.test(r.error!)));
    assert.is(resourceWrites(arm).length, 0);
    assert.is(await lease.release(), undefined);
    assert.ok(arm.store.has(lockId(target).toLowerCase()), "the other run's lock is left alone");
  });
});

test('a resource changed between plan and apply is not overwritten (If-Match → 412), and says so', async () => {
  await withArm(async (arm, gateway) => {
    await applyDeployment({ generation: generationOf(v0), gateway, target, env, lock });
    const items = await planDeployment({ generation: generationOf(v1), gateway, target, env });
    const rule = `${rules}/scheduledQueryRules/slo-checkout-api-availability-page`;
    assert.is(items.find((i) => i.id === rule)?.action, 'update');
    const search = items.find((i) => i.type.endsWith('/savedSearches') && i.action === 'update');
    // Meanwhile someone edits the rule and the saved search in the portal.
    arm.edit(rule, (b) => Object.assign(b.properties as Record<string, unknown>, { severity: 4 }));
    if (search) arm.edit(search.id, (b) => Object.assign(b.properties as Record<string, unknown>, { displayName: 'edited' }));
    const results = await applyPlan(items, gateway);
    const failed = results.filter((r) => !r.ok);
    assert.equal(failed.map((r) => r.item.id).sort(), [rule, ...(search ? [search.id] : [])].sort());
    for (const f of failed) assert.match(f.error!, /HTTP 412 PreconditionFailed: it was changed in Azure since plan read it \(its ETag no longer matches\); nothing written — run plan again/);
    assert.is((arm.store.get(rule.toLowerCase())!.body.properties as Record<string, unknown>).severity, 4, 'the edit is kept');
    // Types without ETags (action groups, metric and activity log alerts) are written unconditionally.
    assert.ok(results.filter((r) => r.item.type.endsWith('/actionGroups')).every((r) => r.ok));
  });
});

test('a resource created by someone else between plan and apply is not overwritten (If-None-Match: * → 412)', async () => {
  await withArm(async (arm, gateway) => {
    const items = await planDeployment({ generation: generationOf(v0), gateway, target, env });
    const rule = items.find((i) => i.type.endsWith('/scheduledQueryRules'))!;
    arm.store.set(rule.id.toLowerCase(), { id: rule.id, body: { id: rule.id, location: 'westeurope', tags: {}, etag: '"x"', properties: { severity: 0 } } });
    const results = await applyPlan(items, gateway);
    assert.match(results.find((r) => r.item.id === rule.id)!.error!, /412 PreconditionFailed: it was created by someone else since plan read the state/);
    assert.is((arm.store.get(rule.id.toLowerCase())!.body.properties as Record<string, unknown>).severity, 0);
  });
});

test('azslo apply while another apply holds the lock: exit 1, the holder named, nothing written', async () => {
  await withArm(async (arm, gateway) => {
    await acquireLock(gateway, target, { location: 'westeurope', holder: 'alice@laptop (pid 7)', renewEveryMs: 0, settleMs: 10 });
    process.env.TICKETS_WEBHOOK_URL = env.TICKETS_WEBHOOK_URL;
    const out: string[] = [];
    const err: string[] = [];
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const code = await run(['apply', 'examples/web-api', '--resource-group', target.resourceGroup, '--arm-endpoint', arm.endpoint, '--yes'], { out: (s) => out.push(s), err: (s) => err.push(s) }, { credential, ca: arm.ca });
      assert.is(code, 1);
      assert.match(err.join('\n'), /azslo: resource group rg-monitoring is locked by another azslo apply: alice@laptop \(pid 7\).*Nothing was changed/);
      assert.is(resourceWrites(arm).length, 0);
      const plan: string[] = [];
      await run(['plan', 'examples/web-api', '--resource-group', target.resourceGroup, '--arm-endpoint', arm.endpoint], { out: () => {}, err: (s) => plan.push(s) }, { credential, ca: arm.ca });
      assert.match(plan.join('\n'), /note: an azslo apply is running on rg-monitoring \(alice@laptop \(pid 7\)/);
    } finally {
      process.chdir(cwd);
      delete process.env.TICKETS_WEBHOOK_URL;
    }
  });
});

test.run();
