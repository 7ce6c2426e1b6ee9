/**
 * plan and apply with the real Azure SDK clients against a local HTTPS endpoint playing Azure Resource Manager
 * (test/helpers/arm-emulator.ts). Nothing here reaches Azure.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { applyDeployment, lockId, planDeployment, sdkGateway, type ArmGateway, type Target } from '../../src/apply/index.js';
import { startArmEmulator, type ArmEmulator } from '../helpers/arm-emulator.js';
import { root } from '../helpers/bicep.js';
import { readFileSync } from 'node:fs';
import { generationOf, testCredential } from '../helpers/apply.js';

const target: Target = { subscriptionId: '00000000-0000-0000-0000-000000000004', resourceGroup: 'rg-monitoring' };
const credential = testCredential;
const env = { TICKETS_WEBHOOK_URL: 'https://tickets.example.invalid/hook' };


const ecommerce = readFileSync(path.join(root, 'examples/ecommerce/shop.yaml'), 'utf8');
/** The apply lock with a short settle wait, so that the suite stays quick (lock.test.ts tests the lock itself). */
const fastLock = { settleMs: 20 };
/** Writes to anything but the apply lock. */
const resourceWrites = (arm: ArmEmulator) => arm.written.filter((w) => !w.toLowerCase().endsWith(lockId(target).toLowerCase())).length;
const gatewayFor = (arm: ArmEmulator, retries = 5): ArmGateway => sdkGateway({ credential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca, maxRetries: retries, retryDelayMs: 50 });

test('a first apply creates every resource; a second makes 0 write calls', async () => {
  const arm = await startArmEmulator();
  try {
    const generation = generationOf(ecommerce);
    const gateway = gatewayFor(arm);
    const first = await applyDeployment({ lock: fastLock, generation, gateway, target, env });
    assert.ok(first.results.every((r) => r.ok), JSON.stringify(first.results.filter((r) => !r.ok).map((r) => r.error)));
    assert.is(first.plan.filter((p) => p.action === 'create').length, generation.deployment.resources.length);
    assert.is(arm.store.size, generation.deployment.resources.length);
    arm.writes = 0;
    const second = await applyDeployment({ lock: fastLock, generation, gateway, target, env });
    assert.equal(second.plan.filter((p) => p.action !== 'unchanged').map((p) => [p.action, p.id, p.changes]), []);
    assert.is(arm.writes, 0, 'no PUT or DELETE');
  } finally {
    await arm.close();
  }
});

async function withArm(run: (arm: ArmEmulator, gateway: ArmGateway) => Promise<void>, options: Parameters<typeof startArmEmulator>[0] = {}) {
  const arm = await startArmEmulator(options);
  try {
    await run(arm, gatewayFor(arm));
  } finally {
    await arm.close();
  }
}

const snapshot = (arm: ArmEmulator) =>
  Object.fromEntries([...arm.store.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => {
    const { systemData: _s, etag: _e, ...rest } = v.body as Record<string, unknown>;
    const props = { ...(rest.properties as Record<string, unknown>) };
    for (const k2 of ['revision', 'timeModified', 'lastUpdatedTime']) delete props[k2];
    return [k, { ...rest, properties: props }];
  }));

test('changing one SLO updates exactly its resources', async () => {
  await withArm(async (arm, gateway) => {
    await applyDeployment({ lock: fastLock, generation: generationOf(ecommerce), gateway, target, env });
    const changed = ecommerce.replace('thresholdMs: 1000', 'thresholdMs: 1200');
    const p = await planDeployment({ generation: generationOf(changed), gateway, target, env });
    const updated = p.filter((i) => i.action === 'update').map((i) => i.id.split('/').pop());
    // The latency threshold lives in the SLI function only: the alert queries call it.
    assert.equal(updated, ['shop_checkout_latency']);
    assert.ok(p.every((i) => i.action === 'update' || i.action === 'unchanged'));
    const change = p.find((i) => i.action === 'update')!.changes;
    assert.equal(change.map((c) => c.path), ['properties.query']);
    arm.written.length = 0;
    await applyDeployment({ lock: fastLock, generation: generationOf(changed), gateway, target, env });
    assert.is(resourceWrites(arm), 1, 'one resource written (and the lock taken and released)');
    assert.not.ok(arm.store.has(lockId(target).toLowerCase()), 'the lock is gone');
  });
});

test('removing an SLO with prune deletes exactly its resources; without prune nothing is deleted', async () => {
  await withArm(async (arm, gateway) => {
    await applyDeployment({ lock: fastLock, generation: generationOf(ecommerce), gateway, target, env });
    const without = ecommerce.slice(0, ecommerce.indexOf('  - name: checkout-latency'));
    const keep = await planDeployment({ generation: generationOf(without), gateway, target, env });
    assert.not.ok(keep.some((i) => i.action === 'delete'));
    const pruned = await applyDeployment({ lock: fastLock, generation: generationOf(without), gateway, target, env, prune: true });
    const deleted = pruned.plan.filter((i) => i.action === 'delete').map((i) => i.id.split('/').pop()).sort();
    assert.equal(deleted, ['shop_checkout_latency', 'slo-shop-checkout-latency-page']);
    assert.ok(pruned.results.every((r) => r.ok));
    assert.not.ok([...arm.store.keys()].some((k) => k.includes('checkout-latency') || k.includes('checkout_latency')));
  });
});

test('resources without the azslo tags of the service are never modified or deleted', async () => {
  await withArm(async (arm, gateway) => {
    const generation = generationOf(ecommerce);
    const rg = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Insights`;
    // A hand-made action group with the name azslo wants, and another rule nobody declared.
    const squatted = `${rg}/actionGroups/ag-shop-oncall`;
    const foreign = `${rg}/scheduledQueryRules/hand-made-rule`;
    const otherService = `${rg}/metricAlerts/ma-other`;
    const receivers = Object.fromEntries(['email', 'sms', 'webhook', 'itsm', 'azureAppPush', 'automationRunbook', 'voice', 'logicApp', 'azureFunction', 'armRole', 'eventHub'].map((k) => [`${k}Receivers`, []]));
    arm.store.set(squatted.toLowerCase(), { id: squatted, body: { id: squatted, name: 'ag-shop-oncall', location: 'Global', tags: { team: 'x' }, properties: { groupShortName: 'mine', enabled: true, ...receivers } } });
    const rule = { enabled: true, severity: 3, scopes: ['/subscriptions/x'], evaluationFrequency: 'PT5M', windowSize: 'PT5M', criteria: { allOf: [{ query: 'AppRequests', timeAggregation: 'Count', operator: 'GreaterThan', threshold: 0 }] } };
    arm.store.set(foreign.toLowerCase(), { id: foreign, body: { id: foreign, name: 'hand-made-rule', location: 'westeurope', tags: {}, properties: rule } });
    const metric = { severity: 3, enabled: true, scopes: ['/subscriptions/x'], evaluationFrequency: 'PT5M', windowSize: 'PT5M', criteria: { 'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria', allOf: [] } };
    arm.store.set(otherService.toLowerCase(), { id: otherService, body: { id: otherService, name: 'ma-other', location: 'global', tags: { 'azslo-managed': 'true', 'azslo-service': 'other' }, properties: metric } });
    const before = structuredClone([arm.store.get(squatted.toLowerCase()), arm.store.get(foreign.toLowerCase()), arm.store.get(otherService.toLowerCase())]);
    const r = await applyDeployment({ lock: fastLock, generation, gateway, target, env, prune: true });
    const conflict = r.plan.find((i) => i.id === squatted)!;
    assert.is(conflict.action, 'conflict');
    assert.match(conflict.reason!, /not tagged as managed by azslo/);
    assert.not.ok(r.plan.some((i) => i.action === 'delete'));
    assert.equal([arm.store.get(squatted.toLowerCase()), arm.store.get(foreign.toLowerCase()), arm.store.get(otherService.toLowerCase())], before);
  });
});

test('with 20 % of calls throttled, failing, slow or dropped, apply converges to the same state without duplicates', async () => {
  const generation = generationOf(ecommerce);
  let clean: Record<string, unknown> = {};
  await withArm(async (arm, gateway) => {
    await applyDeployment({ lock: fastLock, generation, gateway, target, env });
    clean = snapshot(arm);
  });
  await withArm(
    async (arm, gateway) => {
      let results = (await applyDeployment({ lock: fastLock, generation, gateway, target, env })).results;
      // Whatever still failed after the SDK's retries is retried by running apply again, as a user would.
      for (let i = 0; i < 5 && results.some((r) => !r.ok); i++) results = (await applyDeployment({ lock: fastLock, generation, gateway, target, env })).results;
      assert.ok(arm.faults > 0, 'faults were injected');
      assert.equal(snapshot(arm), clean);
      arm.options.faultRate = 0;
      const final = await planDeployment({ generation, gateway, target, env });
      assert.ok(final.every((i) => i.action === 'unchanged'));
    },
    { faultRate: 0.2, seed: 7 },
  );
});

test('an interrupted apply keeps its lock until it expires; a new apply is refused meanwhile, then converges', async () => {
  const generation = generationOf(ecommerce);
  await withArm(async (arm, gateway) => {
    arm.failWritesAfter = 10;
    const first = await applyDeployment({ lock: { ...fastLock, ttlMs: 2_000, holder: 'ci-run-41' }, generation, gateway: gatewayFor(arm, 0), target, env });
    assert.ok(first.results.some((r) => !r.ok), 'the first apply was cut off');
    assert.ok(first.results.some((r) => r.ok), 'and had done part of the work');
    assert.match(first.warning ?? '', /could not be released/);
    arm.failWritesAfter = undefined;
    let refused: unknown;
    await applyDeployment({ lock: fastLock, generation, gateway, target, env }).catch((e: unknown) => (refused = e));
    assert.match(String(refused), /locked by another azslo apply: ci-run-41/);
    await new Promise((r) => setTimeout(r, 2_050));
    const second = await applyDeployment({ lock: fastLock, generation, gateway, target, env });
    assert.ok(second.results.every((r) => r.ok));
    assert.is(arm.store.size, generation.deployment.resources.length, 'every resource, and the lock is gone');
    const third = await planDeployment({ generation, gateway, target, env });
    assert.ok(third.every((i) => i.action === 'unchanged'));
  });
});

test('a 429 is retried after its Retry-After, a 500 and a dropped connection with backoff', async () => {
  await withArm(async (arm, gateway) => {
    const id = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Insights/workbooks/00000000-0000-5000-8000-000000000001`;
    arm.nextFaults.push('429');
    assert.is(await gateway.get('Microsoft.Insights/workbooks', id, '2023-06-01'), undefined);
    assert.is(arm.log.length, 2, 'one retry');
    assert.ok(arm.times[1]! - arm.times[0]! >= 950, `waited ${arm.times[1]! - arm.times[0]!} ms for Retry-After: 1`);
    arm.nextFaults.push('500', 'drop');
    assert.is(await gateway.get('Microsoft.Insights/workbooks', id, '2023-06-01'), undefined);
    assert.is(arm.log.length, 5, 'two more retries, then the answer');
  });
});

test('a secret reference without its environment variable is refused before any call', async () => {
  await withArm(async (arm, gateway) => {
    const webApi = readFileSync(path.join(root, 'examples/web-api/checkout.yaml'), 'utf8');
    let error: unknown;
    try {
      await planDeployment({ generation: generationOf(webApi), gateway, target, env: {} });
    } catch (e) {
      error = e;
    }
    assert.match(String(error), /environment variable TICKETS_WEBHOOK_URL is not set/);
    assert.is(arm.log.length, 0);
  });
});

test.run();
