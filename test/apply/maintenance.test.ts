/**
 * Maintenance windows through apply (docs/maintenance.md): the alert processing rules reach ARM through the real SDK
 * clients against the local ARM emulator, equal to what the compiled Bicep deploys, and a second apply writes nothing.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyDeployment, lockId, sdkGateway, type Target } from '../../src/apply/index.js';
import { unstamp } from '../../src/apply/drift.js';
import { writeOutputFolder } from '../../src/index.js';
import { startArmEmulator } from '../helpers/arm-emulator.js';
import { deployedResources } from '../helpers/arm-template.js';
import { bicepTest, buildParams, root, runBicep, type ArmTemplate } from '../helpers/bicep.js';
import { generationOf, testCredential } from '../helpers/apply.js';

const target: Target = { subscriptionId: '00000000-0000-0000-0000-0000000000ff', resourceGroup: 'rg-monitoring' };
const TYPE = 'microsoft.alertsmanagement/actionrules';
const generation = generationOf(readFileSync(path.join(root, 'examples/maintenance/maintenance.yaml'), 'utf8'));
const gatewayFor = (arm: Awaited<ReturnType<typeof startArmEmulator>>) => sdkGateway({ credential: testCredential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca, retryDelayMs: 20 });

test('apply creates one processing rule per window, with its schedule and the ids of the rules it silences; again, 0 writes', async () => {
  const arm = await startArmEmulator();
  try {
    const first = await applyDeployment({ generation, gateway: gatewayFor(arm), target, env: {}, lock: { settleMs: 10 } });
    assert.ok(first.results.every((r) => r.ok), JSON.stringify(first.results.filter((r) => !r.ok).map((r) => r.error)));
    const rules = [...arm.store.entries()].filter(([id]) => id.includes(`/providers/${TYPE}/`));
    assert.equal(rules.map(([id]) => id.split('/').pop()).sort(), ['apr-azslo-bookings-maintenance-database-migration', 'apr-azslo-bookings-maintenance-weekly-patching']);
    const weekly = rules.find(([id]) => id.endsWith('weekly-patching'))![1].body as { location: string; properties: Record<string, any> };
    assert.is(weekly.location, 'Global');
    assert.equal(weekly.properties.schedule.recurrences, [{ recurrenceType: 'Weekly', daysOfWeek: ['Sunday'], startTime: '02:00:00', endTime: '03:00:00' }]);
    assert.equal(weekly.properties.conditions[0].values, [
      `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Insights/scheduledQueryRules/slo-bookings-api-availability-page`,
      `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Insights/scheduledQueryRules/slo-bookings-api-availability-ticket`,
    ]);
    // Every silenced rule exists in ARM.
    for (const id of weekly.properties.conditions[0].values as string[]) assert.ok(arm.store.has(id.toLowerCase()), id);
    arm.writes = 0;
    const second = await applyDeployment({ generation, gateway: gatewayFor(arm), target, env: {}, lock: { settleMs: 10 } });
    assert.equal(second.plan.filter((p) => p.action !== 'unchanged').map((p) => p.id), []);
    assert.is(arm.writes, 0);
  } finally {
    await arm.close();
  }
});

bicepTest(test)('the compiled Bicep deploys exactly the processing rules apply PUTs (test/bicep/maintenance.test.ts lints it)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-maintenance-'));
  const arm = await startArmEmulator();
  try {
    await writeOutputFolder(path.join(dir, 'out'), generation.files);
    const out = path.join(dir, 'out');
    const built = runBicep(['build', 'main.bicep', '--stdout'], { cwd: out });
    assert.is(built.code, 0, built.stderr);
    assert.equal(built.diagnostics, []);
    const paramsText = readFileSync(path.join(out, 'main.bicepparam'), 'utf8');
    const params = buildParams(out, paramsText);
    assert.is(params.code, 0, params.stderr);
    const parameters = Object.fromEntries(Object.entries((JSON.parse((JSON.parse(params.stdout) as { parametersJson: string }).parametersJson) as { parameters: Record<string, { value?: unknown }> }).parameters).map(([k, v]) => [k, v.value]));
    const template = JSON.parse(built.stdout) as ArmTemplate & { parameters: Record<string, { defaultValue?: unknown }> };
    for (const [k, p] of Object.entries(template.parameters)) if (!(k in parameters) && p.defaultValue !== undefined) parameters[k] = p.defaultValue;
    const fromBicep = deployedResources(template, { parameters, variables: template.variables ?? {}, ...target, runtime: { reference: () => ({}), list: () => ({}) } }).filter((r) => r.type.toLowerCase() === TYPE);
    const r = await applyDeployment({ generation, gateway: gatewayFor(arm), target, env: {}, lock: { settleMs: 10 } });
    assert.ok(r.results.every((x) => x.ok));
    const puts = [...arm.puts].filter(([id]) => id !== lockId(target).toLowerCase() && id.includes(`/providers/${TYPE}/`));
    assert.is(puts.length, 2);
    assert.is(fromBicep.length, puts.length);
    for (const [id, sent] of puts) {
      const match = fromBicep.find((b) => id.endsWith(`/${b.name.toLowerCase()}`))!;
      assert.ok(match, id);
      assert.is(sent.apiVersion, match.apiVersion);
      assert.equal(unstamp(sent.body, 'Microsoft.AlertsManagement/actionRules'), match.body, id);
    }
  } finally {
    await arm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
