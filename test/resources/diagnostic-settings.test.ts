/** Diagnostic settings: created only where the spec says emit, on the resource, towards the service's workspace. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generationOf } from '../helpers/apply.js';
import { root } from '../helpers/bicep.js';
import { ParamRef } from '../../src/resources/model.js';

const spec = readFileSync(path.join(root, 'test/fixtures/gateway-logs.yaml'), 'utf8');
const settings = () => generationOf(spec).deployment.resources.filter((r) => r.type === 'Microsoft.Insights/diagnosticSettings');

test('one setting per resource with emit: true, none for a resource whose setting is the team’s own', () => {
  const ids = settings().map((r) => (r.scope && 'id' in r.scope ? r.scope.id.split('/').pop() : undefined));
  assert.equal(ids.sort(), ['afd-shop', 'agw-shop', 'apim-shop']);
  for (const r of settings()) {
    assert.is(r.name, 'azslo-shop');
    assert.is(r.apiVersion, '2021-05-01-preview');
  }
});

test('the declared categories go to the workspace; Dedicated where the type writes resource-specific tables', () => {
  const byName = new Map(settings().map((r) => [(r.scope as { id: string }).id.split('/').pop(), r]));
  const props = (name: string) => byName.get(name)!.properties as Record<string, unknown>;
  assert.equal(props('agw-shop').logs, [
    { category: 'ApplicationGatewayAccessLog', enabled: true },
    { category: 'ApplicationGatewayFirewallLog', enabled: true },
  ]);
  assert.is(props('agw-shop').logAnalyticsDestinationType, 'Dedicated');
  assert.is(props('apim-shop').logAnalyticsDestinationType, 'Dedicated');
  // Front Door Standard/Premium writes only to AzureDiagnostics.
  assert.is(props('afd-shop').logAnalyticsDestinationType, undefined);
  assert.equal(props('afd-shop').logs, [{ category: 'FrontDoorAccessLog', enabled: true }]);
  for (const r of settings()) assert.instance((r.properties as Record<string, unknown>).workspaceId, ParamRef);
});

test('scoped to the existing resource with the catalog’s API version, in a module per resource group', () => {
  const byName = new Map(settings().map((r) => [(r.scope as { id: string }).id.split('/').pop(), r]));
  assert.equal(byName.get('agw-shop')!.scope, { id: '/subscriptions/00000000-0000-0000-0000-000000000004/resourceGroups/rg-edge/providers/Microsoft.Network/applicationGateways/agw-shop', apiVersion: '2024-05-01' });
  assert.is(byName.get('agw-shop')!.module, byName.get('afd-shop')!.module);
  assert.is.not(byName.get('agw-shop')!.module, byName.get('apim-shop')!.module);
  const modules = generationOf(spec).deployment.modules.filter((m) => m.path.startsWith('shop/diagnostics-'));
  assert.equal(modules.map((m) => m.path), ['shop/diagnostics-1', 'shop/diagnostics-2']);
  assert.ok(modules.every((m) => m.scopeOf));
});

test('without diagnostics, or without emit, no setting is deployed', () => {
  const plain = spec.replace(/emit: true/g, 'emit: false');
  assert.equal(generationOf(plain).deployment.resources.filter((r) => r.type === 'Microsoft.Insights/diagnosticSettings'), []);
});

test.run();
