/** Effective alerts of a resource: catalog, then per-type defaults, then per-resource overrides. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceCatalog } from '../../src/catalog/resources.js';
import { buildResources, effectiveAlerts } from '../../src/model/infrastructure.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { baseSpec } from '../helpers/specs.js';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers';
const spec = (extra: Record<string, unknown>) => baseSpec(extra) as unknown as ServiceSpec;
const kv = resourceCatalog().get('microsoft.keyvault/vaults')!;
const sql = resourceCatalog().get('microsoft.sql/servers/databases')!;

test('without overrides a resource gets every baseline alert of its type', () => {
  const s = spec({ resources: [{ id: `${RG}/Microsoft.KeyVault/vaults/kv1` }] });
  const alerts = effectiveAlerts(s, s.resources![0]!, kv);
  assert.equal(alerts.map((a) => a.id), kv.baselineAlerts.map((a) => a.id));
  assert.ok(alerts.every((a) => a.origin === 'baseline' && a.overriddenBy.length === 0));
});

test('per-type defaults apply, a resource override wins, and enabled: false drops an alert', () => {
  const s = spec({
    resourceDefaults: { 'Microsoft.KeyVault/vaults': { alerts: { availability: { threshold: 95, severity: 2 }, saturation: { enabled: false } } } },
    resources: [{ id: `${RG}/Microsoft.KeyVault/vaults/kv1`, alerts: { availability: { threshold: 99 }, latency: { enabled: false } } }],
  });
  const alerts = effectiveAlerts(s, s.resources![0]!, kv);
  const availability = alerts.find((a) => a.id === 'availability')!;
  assert.is(availability.threshold, 99, 'resource beats defaults');
  assert.is(availability.severity, 2, 'defaults beat the catalog');
  assert.equal(availability.overriddenBy, ['defaults', 'resource']);
  assert.not.ok(alerts.some((a) => a.id === 'saturation' || a.id === 'latency'));
});

test('a static threshold override replaces a dynamic one and the other way round', () => {
  const s = spec({ resources: [{ id: `${RG}/Microsoft.KeyVault/vaults/kv1`, alerts: { availability: { dynamic: { sensitivity: 'High' } } } }] });
  const a = effectiveAlerts(s, s.resources![0]!, kv).find((x) => x.id === 'availability')!;
  assert.equal(a.dynamic, { sensitivity: 'High', evaluationPeriods: 4, minFailingPeriods: 4 });
  assert.is(a.threshold, undefined);
});

test('RPO signals come only with a declared RPO and the replication they report on, thresholded at the RPO', () => {
  const res = [{ id: `${RG}/Microsoft.Sql/servers/sql1/databases/db1` }];
  const without = effectiveAlerts(spec({ resources: res }), res[0]! as never, sql);
  assert.not.ok(without.some((a) => a.origin === 'rpo'));
  const undeclared = spec({ objectives: { rpo: '2m' }, resources: res });
  assert.not.ok(effectiveAlerts(undeclared, undeclared.resources![0]!, sql).some((a) => a.id === 'geo-replication-lag'), 'no geo-replication declared: its lag metric would not exist');
  const s = spec({ objectives: { rpo: '2m' }, resources: [{ ...res[0], recovery: 'active geo-replication' }] });
  const lag = effectiveAlerts(s, s.resources![0]!, sql).find((a) => a.id === 'geo-replication-lag')!;
  assert.is(lag.origin, 'rpo');
  assert.is(lag.threshold, 120, 'the declared RPO in seconds');
});

test('buildResources reads type, name, subscription and location; unknown types get no alerts', () => {
  const s = spec({ resources: [{ id: `${RG}/microsoft.keyvault/vaults/kv1`, location: 'northeurope' }, { id: `${RG}/Microsoft.Batch/batchAccounts/b1` }] });
  const [a, b] = buildResources(s);
  assert.equal([a!.type, a!.name, a!.location, a!.subscriptionId], ['Microsoft.KeyVault/vaults', 'kv1', 'northeurope', '00000000-0000-0000-0000-000000000001']);
  assert.equal([b!.type, b!.entry, b!.alerts, b!.location], ['Microsoft.Batch/batchAccounts', undefined, [], 'westeurope']);
});

test.run();
