/**
 * Drift: a resource azslo manages, edited by hand in the portal, shows in plan as drift — field by field, the value
 * in Azure and the value the spec wants — and is told apart from a change of the spec by the record azslo keeps of
 * its last apply (the azslo-applied tag, src/apply/drift.ts). Real SDK clients against the local ARM emulator.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { APPLIED_TAG, applyDeployment, planDeployment, sdkGateway, type ArmGateway, type PlanItem, type Target } from '../../src/apply/index.js';
import { planJson, planText } from '../../src/apply/report.js';
import { run } from '../../src/cli/main.js';
import { startArmEmulator, type ArmEmulator } from '../helpers/arm-emulator.js';
import { root } from '../helpers/bicep.js';
import { generationOf, testCredential } from '../helpers/apply.js';

const target: Target = { subscriptionId: '00000000-0000-0000-0000-000000000005', resourceGroup: 'rg-monitoring' };
const credential = testCredential;
const env = {};
const lock = { settleMs: 20 };


const ecommerce = readFileSync(path.join(root, 'examples/ecommerce/shop.yaml'), 'utf8');
const rules = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Insights`;
const pageRule = `${rules}/scheduledQueryRules/slo-shop-api-availability-page`;
const oncall = `${rules}/actionGroups/ag-shop-oncall`;
const props = (b: Record<string, unknown>) => b.properties as Record<string, unknown>;

async function applied(run: (arm: ArmEmulator, gateway: ArmGateway) => Promise<void>) {
  const arm = await startArmEmulator();
  try {
    const gateway = sdkGateway({ credential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca, retryDelayMs: 50 });
    const first = await applyDeployment({ generation: generationOf(ecommerce), gateway, target, env, lock });
    assert.ok(first.results.every((r) => r.ok));
    await run(arm, gateway);
  } finally {
    await arm.close();
  }
}

const updates = (items: PlanItem[]) => items.filter((i) => i.action === 'update');

test('a rule edited in the portal is drift: each changed field with its value in Azure and the value the spec wants', async () => {
  await applied(async (arm, gateway) => {
    arm.edit(pageRule, (b) => Object.assign(props(b), { severity: 3, enabled: false }));
    const items = await planDeployment({ generation: generationOf(ecommerce), gateway, target, env });
    const [item, ...others] = updates(items);
    assert.is(others.length, 0, 'only the edited rule');
    assert.is(item!.id, pageRule);
    assert.is(item!.drift, true);
    assert.is(item!.specChanged, false);
    assert.equal(item!.changes, [
      { path: 'properties.severity', from: 3, to: 1, origin: 'drift' },
      { path: 'properties.enabled', from: false, to: true, origin: 'drift' },
    ]);

    const text = planText(items);
    assert.match(text, /~ update {4}Microsoft\.Insights\/scheduledQueryRules {2}slo-shop-api-availability-page {2}\(drift: changed outside azslo since its last apply\)/);
    assert.match(text, /\n {6}properties\.severity: 3 → 1 {2}\[drift\]\n {6}properties\.enabled: false → true {2}\[drift\]/);
    assert.match(text, /value in Azure → value the spec wants/);
    const unchanged = items.filter((i) => i.action === 'unchanged').length;
    assert.ok(unchanged > 40, `${unchanged} unchanged`);
    assert.ok(text.includes(`Plan: 0 to create, 1 to update (1 drifted), 0 to delete, ${unchanged} unchanged.`), text.slice(-300));

    const json = planJson(items).find((i) => (i as { id: string }).id === pageRule) as Record<string, unknown>;
    assert.equal(json, {
      action: 'update',
      id: pageRule,
      type: 'Microsoft.Insights/scheduledQueryRules',
      apiVersion: item!.apiVersion,
      reason: 'drift: changed outside azslo since its last apply',
      drift: true,
      specChanged: false,
      changes: [
        { path: 'properties.severity', from: 3, to: 1, origin: 'drift' },
        { path: 'properties.enabled', from: false, to: true, origin: 'drift' },
      ],
    });
  });
});

test('apply puts the drifted rule back; then nothing is pending', async () => {
  await applied(async (arm, gateway) => {
    arm.edit(pageRule, (b) => Object.assign(props(b), { severity: 3 }));
    const r = await applyDeployment({ generation: generationOf(ecommerce), gateway, target, env, lock });
    assert.equal(r.results.map((x) => [x.item.id, x.ok]), [[pageRule, true]]);
    assert.is(props(arm.store.get(pageRule.toLowerCase())!.body).severity, 1);
    assert.ok((await planDeployment({ generation: generationOf(ecommerce), gateway, target, env })).every((i) => i.action === 'unchanged'));
  });
});

test('drift is found on types without ETags too, in tags and in nested lists (an action group)', async () => {
  await applied(async (arm, gateway) => {
    arm.edit(oncall, (b) => {
      (b.tags as Record<string, string>)['azslo-owner'] = 'someone-else';
      (props(b).emailReceivers as unknown[]).push({ name: 'extra', emailAddress: 'x@example.invalid', useCommonAlertSchema: true });
    });
    const [item] = updates(await planDeployment({ generation: generationOf(ecommerce), gateway, target, env }));
    assert.is(item!.id, oncall);
    assert.is(item!.drift, true);
    assert.equal(
      item!.changes.map((c) => [c.path, c.origin]),
      [
        ['tags.azslo-owner', 'drift'],
        ['properties.emailReceivers', 'drift'],
      ],
    );
  });
});

test('a changed spec is a spec change, not drift', async () => {
  await applied(async (_arm, gateway) => {
    const changed = ecommerce.replace('thresholdMs: 1000', 'thresholdMs: 1200');
    const [item, ...others] = updates(await planDeployment({ generation: generationOf(changed), gateway, target, env }));
    assert.is(others.length, 0);
    assert.is(item!.drift, false);
    assert.is(item!.specChanged, true);
    assert.is(item!.reason, 'the spec changed');
    assert.equal(item!.changes.map((c) => [c.path, c.origin]), [['properties.query', 'spec']]);
  });
});

test('a portal edit and a spec change of the same resource: both are reported, fields of unknown origin', async () => {
  await applied(async (arm, gateway) => {
    arm.edit(pageRule, (b) => Object.assign(props(b), { severity: 2 }));
    // The page alert of api-availability goes to another action group in the new spec.
    const changed = ecommerce.replace(/(- name: api-availability[\s\S]*?page:[\s\S]*?)oncall/, '$1platform');
    assert.ok(changed !== ecommerce, 'the spec was changed');
    const items = updates(await planDeployment({ generation: generationOf(changed), gateway, target, env }));
    const item = items.find((i) => i.id === pageRule)!;
    assert.is(item.drift, true);
    assert.is(item.specChanged, true);
    assert.match(item.reason!, /the spec changed, and the resource was also changed outside azslo \(drift\)/);
    assert.ok(item.changes.some((c) => c.path === 'properties.severity' && c.from === 2 && c.to === 1));
    assert.ok(item.changes.every((c) => c.origin === 'unknown'));
    assert.not.match(planText(items), / {2}\[(drift|spec)\]$/m, 'no field is labelled with a guess');
  });
});

test('without a record (deployed by Bicep or by hand) a difference is of unknown origin, and says so', async () => {
  await applied(async (arm, gateway) => {
    arm.edit(pageRule, (b) => {
      delete (b.tags as Record<string, string>)[APPLIED_TAG];
      props(b).severity = 4;
    });
    const [item] = updates(await planDeployment({ generation: generationOf(ecommerce), gateway, target, env }));
    assert.is(item!.drift, undefined);
    assert.is(item!.specChanged, undefined);
    assert.match(item!.reason!, /no record of an azslo apply/);
    assert.equal(item!.changes, [{ path: 'properties.severity', from: 4, to: 1, origin: 'unknown' }]);
  });
});

test('a saved search edited in the portal (tags kept as a list) is drift; Azure adding read-only fields is not', async () => {
  await applied(async (arm, gateway) => {
    const search = [...arm.store.values()].find((r) => r.id.endsWith('/shop_api_availability'))!;
    arm.edit(search.id, (b) => {
      props(b).query = `${String(props(b).query)}\n| take 1`;
      props(b).version = 2;
    });
    const [item, ...others] = updates(await planDeployment({ generation: generationOf(ecommerce), gateway, target, env }));
    assert.is(others.length, 0);
    assert.is(item!.drift, true);
    assert.equal(item!.changes.map((c) => [c.path, c.origin]), [['properties.query', 'drift']]);
  });
});

test('azslo plan --format json labels drift; --detailed-exitcode says changes are pending', async () => {
  await applied(async (arm) => {
    arm.edit(pageRule, (b) => Object.assign(props(b), { severity: 3 }));
    const spec = path.join(root, '.tmp', `drift-${process.pid}`);
    const { mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    mkdirSync(spec, { recursive: true });
    writeFileSync(path.join(spec, 'shop.yaml'), ecommerce);
    try {
      const out: string[] = [];
      const args = ['plan', spec, '--resource-group', target.resourceGroup, '--subscription', target.subscriptionId, '--arm-endpoint', arm.endpoint];
      const io = { out: (s: string) => out.push(s), err: () => {} };
      assert.is(await run([...args, '--format', 'json', '--detailed-exitcode'], io, { credential, ca: arm.ca }), 2);
      const json = JSON.parse(out.join('\n')) as { counts: Record<string, number>; items: { id: string; drift?: boolean; changes: { path: string; from: unknown; to: unknown; origin: string }[] }[] };
      assert.is(json.counts.drift, 1);
      const item = json.items.find((i) => i.id === pageRule)!;
      assert.is(item.drift, true);
      assert.equal(item.changes, [{ path: 'properties.severity', from: 3, to: 1, origin: 'drift' }]);
      out.length = 0;
      await run(args, io, { credential, ca: arm.ca });
      assert.match(out.join('\n'), /properties\.severity: 3 → 1 {2}\[drift\]/);
    } finally {
      rmSync(spec, { recursive: true, force: true });
    }
  });
});

test.run();
