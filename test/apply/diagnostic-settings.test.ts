/** apply creates the diagnostic settings on the resources, as the Bicep does, and leaves them out of --prune. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { applyDeployment, sdkGateway, type Target } from '../../src/apply/index.js';
import { startArmEmulator } from '../helpers/arm-emulator.js';
import { root } from '../helpers/bicep.js';
import { generationOf, testCredential } from '../helpers/apply.js';

const target: Target = { subscriptionId: '00000000-0000-0000-0000-000000000004', resourceGroup: 'rg-monitoring' };
const spec = readFileSync(path.join(root, 'test/fixtures/gateway-logs.yaml'), 'utf8');
const agw = '/subscriptions/00000000-0000-0000-0000-000000000004/resourceGroups/rg-edge/providers/Microsoft.Network/applicationGateways/agw-shop';
const settingId = `${agw}/providers/Microsoft.Insights/diagnosticSettings/azslo-shop`;

test('apply PUTs each setting on its resource with the catalog API version; a second apply writes nothing', async () => {
  const arm = await startArmEmulator();
  try {
    const gateway = sdkGateway({ credential: testCredential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca, maxRetries: 2, retryDelayMs: 50 });
    const generation = generationOf(spec);
    const first = await applyDeployment({ lock: { settleMs: 20 }, generation, gateway, target });
    assert.ok(first.results.every((r) => r.ok), JSON.stringify(first.results.filter((r) => !r.ok).map((r) => r.error)));
    const put = arm.puts.get(settingId.toLowerCase());
    assert.ok(put, [...arm.puts.keys()].join('\n'));
    assert.is(put.apiVersion, '2021-05-01-preview');
    assert.equal(put.body.properties, {
      workspaceId: '/subscriptions/00000000-0000-0000-0000-000000000004/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-shop',
      logAnalyticsDestinationType: 'Dedicated',
      logs: [
        { category: 'ApplicationGatewayAccessLog', enabled: true },
        { category: 'ApplicationGatewayFirewallLog', enabled: true },
      ],
    });
    // No tags on a diagnostic setting (a proxy resource): apply records nothing in it.
    assert.is(put.body.tags, undefined);
    assert.is([...arm.puts.keys()].filter((k) => k.endsWith('/providers/microsoft.insights/diagnosticsettings/azslo-shop')).length, 3);
    arm.writes = 0;
    const second = await applyDeployment({ lock: { settleMs: 20 }, generation, gateway, target, prune: true });
    assert.equal(second.plan.filter((p) => p.action !== 'unchanged').map((p) => [p.action, p.id]), []);
    assert.is(arm.writes, 0, 'no PUT or DELETE');
    assert.ok(arm.store.has(settingId.toLowerCase()), 'prune leaves the setting');
  } finally {
    await arm.close();
  }
});

test.run();
