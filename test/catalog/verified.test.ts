/**
 * "Verified" means verified: an alert may say verified (and its rule description "verified by the product group")
 * only when its condition is AMBA's verified condition, unchanged, as recorded in its upstream record.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alertCondition, resourceCatalog, upstreamDifferences, verifiedProblems, type MetricAlertDefinition } from '../../src/catalog/resources.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { buildDeployment } from '../../src/resources/index.js';
import { baseSpec } from '../helpers/specs.js';

const alerts = () => [...resourceCatalog().values()].flatMap((e) => [...e.baselineAlerts, ...e.recovery.signals].map((a) => ({ type: e.type, a })));

test('every verified alert has an upstream record that AMBA marks verified', () => {
  for (const { type, a } of alerts().filter(({ a }) => a.verified)) {
    assert.ok(a.upstream, `${type} ${a.id}: verified without an upstream record`);
    assert.ok(a.upstream!.verified, `${type} ${a.id}: verified, but AMBA's ${a.upstream!.name} is not`);
  }
});

test("every verified alert's condition equals its upstream condition exactly", () => {
  for (const { type, a } of alerts().filter(({ a }) => a.verified && a.upstream)) {
    assert.equal(alertCondition(type, a), alertCondition(type, a.upstream!), `${type} ${a.id} differs from AMBA's ${a.upstream!.name}: ${upstreamDifferences(type, a).join('; ')}`);
  }
});

test("an upstream record names the type's AMBA alerts.yaml", () => {
  // AMBA's folder names do not always keep the type's case (services/Network/trafficmanagerprofiles).
  for (const { type, a } of alerts().filter(({ a }) => a.upstream)) {
    assert.is(a.upstream!.file.toLowerCase(), `https://github.com/Azure/azure-monitor-baseline-alerts/blob/main/services/${type.replace(/^Microsoft\./, '')}/alerts.yaml`.toLowerCase(), `${type} ${a.id}`);
  }
});

test('an alert that departs from a verified upstream condition says why in notes', () => {
  for (const { type, a } of alerts().filter(({ type: t, a }) => !a.verified && a.upstream?.verified && upstreamDifferences(t, a).length > 0)) {
    assert.ok((a.notes ?? '').length > 20, `${type} ${a.id}: unverified against a verified AMBA alert without notes on what changed`);
  }
});

test('upstreamDifferences and verifiedProblems catch any change to the condition', () => {
  const upstream = { file: 'https://github.com/Azure/azure-monitor-baseline-alerts/blob/main/services/KeyVault/vaults/alerts.yaml', name: 'Availability', verified: true, namespace: 'Microsoft.KeyVault/vaults', metric: 'Availability', aggregation: 'Average', operator: 'LessThan', threshold: 90, windowSize: 'PT5M', evaluationFrequency: 'PT1M' } as const;
  const a: MetricAlertDefinition = { id: 'x', title: 'x', metric: 'Availability', aggregation: 'Average', operator: 'LessThan', threshold: 90, windowSize: 'PT5M', evaluationFrequency: 'PT1M', severity: 0, why: 'w', action: 'a', source: 'https://x', verified: true, upstream };
  const t = 'Microsoft.KeyVault/vaults';
  assert.equal(upstreamDifferences(t, a), [], 'namespace defaults to the type; severity is not part of the condition');
  assert.equal(verifiedProblems(t, a), []);
  assert.match(upstreamDifferences(t, { ...a, threshold: 95 }).join(), /threshold: 95, upstream 90/);
  assert.match(upstreamDifferences(t, { ...a, windowSize: 'PT15M' }).join(), /windowSize/);
  assert.match(upstreamDifferences(t, { ...a, evaluationFrequency: 'PT5M' }).join(), /evaluationFrequency/);
  assert.match(upstreamDifferences(t, { ...a, aggregation: 'Minimum' }).join(), /aggregation/);
  assert.match(upstreamDifferences(t, { ...a, operator: 'LessThanOrEqual' }).join(), /operator/);
  assert.match(upstreamDifferences(t, { ...a, namespace: 'Microsoft.KeyVault/managedHSMs' }).join(), /namespace/);
  assert.match(upstreamDifferences(t, { ...a, dimensions: [{ name: 'StatusCode', operator: 'Include', values: ['*'] }] }).join(), /dimensions/);
  assert.match(upstreamDifferences(t, { ...a, threshold: undefined, dynamic: { sensitivity: 'Low', evaluationPeriods: 4, minFailingPeriods: 4 } }).join(), /threshold.*dynamic|dynamic/);
  assert.match(verifiedProblems(t, { ...a, upstream: { ...upstream, verified: false } }).join(), /is not/);
  assert.match(verifiedProblems(t, { ...a, upstream: undefined }).join(), /without an upstream record/);
  assert.equal(verifiedProblems(t, { ...a, verified: false, threshold: 95 }), []);
});

test('a rule says "verified by the product group" only while its condition is the verified one', () => {
  const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers';
  const d = buildDeployment([buildServiceModel(baseSpec({
    resources: [
      { id: `${RG}/Microsoft.KeyVault/vaults/kv1` },
      { id: `${RG}/Microsoft.KeyVault/vaults/kv2`, alerts: { availability: { threshold: 99 } } },
      { id: `${RG}/Microsoft.KeyVault/vaults/kv3`, alerts: { availability: { severity: 0 } } },
      { id: `${RG}/Microsoft.Compute/virtualMachines/vm1` },
    ],
  }) as unknown as ServiceSpec)]);
  const rules = d.resources.filter((r) => r.type === 'Microsoft.Insights/metricAlerts').map((r) => r.properties as { description: string; scopes: string[]; criteria: { allOf: { name: string }[] } });
  const description = (alert: string, resource: string) => rules.find((p) => p.criteria.allOf[0]!.name === alert && p.scopes.some((x) => x.endsWith(`/${resource}`)))!.description;
  const verified = /verified by the product group/;
  assert.match(description('availability', 'kv1'), verified, 'AMBA condition unchanged');
  assert.not.match(description('availability', 'kv2'), verified, 'threshold overridden by the spec');
  assert.match(description('availability', 'kv3'), verified, 'severity is not part of the condition');
  assert.match(description('vm-unavailable', 'vm1'), verified);
  assert.not.match(description('cpu-high', 'vm1'), verified, 'azslo changed the threshold and window');
});

test.run();
