/**
 * Saved searches: Log Analytics refuses a write to a workspace's saved searches while another one to the same
 * workspace is under way (409 NewerDataExists), so apply writes them one at a time per workspace, and the
 * workspaces side by side. The local ARM emulator plays that refusal; real SDK clients.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyPlan } from '../../src/apply/apply.js';
import { sdkGateway } from '../../src/apply/index.js';
import type { PlanItem } from '../../src/apply/plan.js';
import { startArmEmulator, type ArmEmulator, type Route } from '../helpers/arm-emulator.js';
import { testCredential } from '../helpers/apply.js';

const subscriptionId = '00000000-0000-0000-0000-000000000013';
const latencyMs = 25;
const workspaceId = (n: number) => `/subscriptions/${subscriptionId}/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-${n}`;
const TYPE = 'Microsoft.OperationalInsights/workspaces/savedSearches';

const search = (workspace: number, n: number, action: 'create' | 'delete' = 'create'): PlanItem => {
  const id = `${workspaceId(workspace)}/savedSearches/fn_${n}`;
  const body = { etag: '*', properties: { category: 'azslo', displayName: `fn ${n}`, query: 'print Value = 1', functionAlias: `fn_${n}` } };
  return { action, id, type: TYPE, apiVersion: '2020-08-01', changes: [], ...(action === 'create' ? { desired: { key: id, id, type: TYPE, apiVersion: '2020-08-01', name: `fn_${n}`, body, dependsOn: [], pending: false } } : {}) };
};

/** The workspace of a saved-search write, or undefined for any other request. */
const workspaceOfWrite = (method: string, path: string) => (method === 'PUT' || method === 'DELETE' ? /^(.*\/workspaces\/[^/]+)\/savedSearches\/[^/]+$/i.exec(path)?.[1]?.toLowerCase() : undefined);

/**
 * Log Analytics' rule: a saved-search write arriving while another to the same workspace is still being answered
 * gets 409 NewerDataExists. Records how many workspaces were being written at once.
 */
function oneWriterPerWorkspace(seen: { conflicts: number; mostWorkspacesAtOnce: number }): Route {
  const busy = new Set<string>();
  return (request, reply) => {
    const workspace = workspaceOfWrite(request.method, request.path);
    if (!workspace) return false;
    if (busy.has(workspace)) {
      seen.conflicts++;
      reply.error(409, 'NewerDataExists', `Failed to modify resource '${workspace}', newer data exists. If you are using eTag please use the latest one and try again in a few minutes.`);
      return true;
    }
    busy.add(workspace);
    seen.mostWorkspacesAtOnce = Math.max(seen.mostWorkspacesAtOnce, busy.size);
    // The emulator answers after latencyMs: the write is under way until just before then.
    setTimeout(() => busy.delete(workspace), latencyMs - 5);
    return false;
  };
}

async function withArm(seen: { conflicts: number; mostWorkspacesAtOnce: number }, body: (arm: ArmEmulator) => Promise<void>) {
  const arm = await startArmEmulator({ latencyMs, routes: [oneWriterPerWorkspace(seen)] });
  try {
    await body(arm);
  } finally {
    await arm.close();
  }
}

const gatewayOf = (arm: ArmEmulator) => sdkGateway({ credential: testCredential, subscriptionId, endpoint: arm.endpoint, ca: arm.ca, retryDelayMs: 10 });

test('saved searches of one workspace are written one at a time: no conflict, each one lands', async () => {
  const seen = { conflicts: 0, mostWorkspacesAtOnce: 0 };
  await withArm(seen, async (arm) => {
    const items = Array.from({ length: 6 }, (_, n) => search(1, n));
    const results = await applyPlan(items, gatewayOf(arm), { concurrency: 8 });
    assert.equal(results.filter((r) => !r.ok).map((r) => r.error), []);
    assert.is(seen.conflicts, 0);
    assert.is(arm.store.size, 6);
  });
});

test('saved searches of different workspaces are written side by side, and deletes follow the same lanes', async () => {
  const seen = { conflicts: 0, mostWorkspacesAtOnce: 0 };
  await withArm(seen, async (arm) => {
    const gateway = gatewayOf(arm);
    const items = [1, 2, 3].flatMap((w) => Array.from({ length: 4 }, (_, n) => search(w, n)));
    const started = Date.now();
    const results = await applyPlan(items, gateway, { concurrency: 4 });
    const elapsed = Date.now() - started;
    assert.equal(results.filter((r) => !r.ok).map((r) => r.error), []);
    assert.is(seen.conflicts, 0);
    assert.is(seen.mostWorkspacesAtOnce, 3, 'the three workspaces at once');
    assert.is(arm.store.size, 12);
    // Four writes one after the other per workspace, the workspaces in parallel: well under twelve in a row.
    assert.ok(elapsed < 12 * latencyMs, `${elapsed} ms`);
    seen.mostWorkspacesAtOnce = 0;
    const deletes = await applyPlan(
      items.map((i) => search(Number(/law-(\d)/.exec(i.id)![1]), Number(i.id.split('_').pop()), 'delete')),
      gateway,
      { concurrency: 4 },
    );
    assert.equal(deletes.filter((r) => !r.ok).map((r) => r.error), []);
    assert.is(seen.conflicts, 0);
    assert.is(seen.mostWorkspacesAtOnce, 3);
    assert.is(arm.store.size, 0);
  });
});

test('the workspace lanes stay within the concurrency asked for', async () => {
  const seen = { conflicts: 0, mostWorkspacesAtOnce: 0 };
  await withArm(seen, async (arm) => {
    const items = [1, 2, 3, 4, 5].flatMap((w) => [search(w, 0), search(w, 1)]);
    const results = await applyPlan(items, gatewayOf(arm), { concurrency: 2 });
    assert.ok(results.every((r) => r.ok));
    assert.is(seen.conflicts, 0);
    assert.is(seen.mostWorkspacesAtOnce, 2);
  });
});

test('the emulator does refuse concurrent writes to one workspace (what the lanes avoid)', async () => {
  const seen = { conflicts: 0, mostWorkspacesAtOnce: 0 };
  await withArm(seen, async (arm) => {
    const gateway = gatewayOf(arm);
    const outcomes = await Promise.allSettled([0, 1].map((n) => gateway.put(TYPE, search(1, n).id, '2020-08-01', search(1, n).desired!.body, {})));
    assert.is(outcomes.filter((o) => o.status === 'rejected').length, 1);
    assert.is(seen.conflicts, 1);
  });
});

test.run();
