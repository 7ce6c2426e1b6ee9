/** Metric alert rules and activity log alerts built for declared resources. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { buildDeployment } from '../../src/resources/index.js';
import { DeploymentSubscriptionRef, ResourceIdRef, type AzureResource } from '../../src/resources/model.js';
import { baseSpec } from '../helpers/specs.js';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers';
const deployment = (extra: Record<string, unknown>) => buildDeployment([buildServiceModel(baseSpec(extra) as unknown as ServiceSpec)]);
const props = (r: AzureResource) => r.properties as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const d = deployment({
  notifications: { oncall: { email: ['a@contoso.com'] }, platform: { email: ['p@contoso.com'] } },
  infrastructure: { notify: ['platform'], resourceHealth: { notify: ['oncall'] } },
  resources: [
    { id: `${RG}/Microsoft.KeyVault/vaults/kv1` },
    { id: `${RG}/Microsoft.KeyVault/vaults/kv2` },
    { id: `${RG}/Microsoft.KeyVault/vaults/kv3`, alerts: { availability: { threshold: 99 } } },
    { id: `${RG}/Microsoft.KeyVault/vaults/kv4`, location: 'northeurope' },
    { id: `${RG}/Microsoft.Web/sites/app1`, kind: 'app' },
    { id: `${RG}/Microsoft.Web/sites/app2`, kind: 'app' },
  ],
});
const metricAlerts = d.resources.filter((r) => r.type === 'Microsoft.Insights/metricAlerts');
const forAlert = (id: string) => metricAlerts.filter((r) => props(r).criteria.allOf[0].name === id);

test('Key Vault allows multi-resource rules: one rule per alert, region and settings', () => {
  const availability = forAlert('availability');
  const scopes = availability.map((r) => (props(r).scopes as string[]).map((s) => s.split('/').pop()).join(','));
  assert.equal(scopes.sort(), ['kv1,kv2', 'kv3', 'kv4']);
  const shared = availability.find((r) => props(r).scopes.length === 2)!;
  assert.is(props(shared).criteria['odata.type'], 'Microsoft.Azure.Monitor.MultipleResourceMultipleMetricCriteria');
  assert.is(props(shared).targetResourceType, 'Microsoft.KeyVault/vaults');
  assert.is(props(shared).targetResourceRegion, 'westeurope');
});

test('App Service does not: one rule per alert and resource; dynamic thresholds use the multi-resource criteria', () => {
  const http5xx = forAlert('http-5xx');
  assert.is(http5xx.length, 2);
  for (const r of http5xx) {
    assert.is(props(r).scopes.length, 1);
    assert.is(props(r).criteria['odata.type'], 'Microsoft.Azure.Monitor.MultipleResourceMultipleMetricCriteria');
    assert.is(props(r).criteria.allOf[0].criterionType, 'DynamicThresholdCriterion');
  }
  const health = forAlert('health-check-failing')[0]!;
  assert.is(props(health).criteria['odata.type'], 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria');
  assert.is(props(health).criteria.allOf[0].criterionType, 'StaticThresholdCriterion');
});

test('metric alerts notify infrastructure.notify, are global, and their names are unique', () => {
  for (const r of metricAlerts) {
    assert.is(r.location, 'global');
    assert.equal(props(r).actions.map((a: { actionGroupId: ResourceIdRef }) => a.actionGroupId.key), ['checkout/alerting/ag-platform']);
  }
  assert.is(new Set(metricAlerts.map((r) => r.name)).size, metricAlerts.length);
});

test('one Resource Health rule for all resources, on Degraded or Unavailable, scoped to the deployment subscription', () => {
  const rh = d.resources.filter((r) => r.name === 'rh-checkout');
  assert.is(rh.length, 1);
  const p = props(rh[0]!);
  assert.instance(p.scopes[0], DeploymentSubscriptionRef);
  assert.equal(p.condition.allOf[0], { field: 'category', equals: 'ResourceHealth' });
  assert.is(p.condition.allOf[1].anyOf.length, 6);
  assert.equal(p.condition.allOf[2].anyOf.map((x: { equals: string }) => x.equals), ['Degraded', 'Unavailable']);
  assert.equal(p.actions.actionGroups.map((a: { actionGroupId: ResourceIdRef }) => a.actionGroupId.key), ['checkout/alerting/ag-oncall']);
});

test('the Resource Health rule does not filter on the cause, which may be null on the first notification', () => {
  // https://learn.microsoft.com/azure/service-health/resource-health-alert-arm-template-guide: `properties.cause` may
  // be null for transitions logged immediately, so a filter on PlatformInitiated/UserInitiated can stop the alert.
  const p = props(d.resources.find((r) => r.name === 'rh-checkout')!);
  const fields = [...new Set(JSON.stringify(p.condition).match(/"field":"[^"]+"/g))];
  assert.equal(fields, ['"field":"category"', '"field":"resourceId"', '"field":"properties.currentHealthStatus"']);
});

test('Service Health covers the services and regions in use, with display names', () => {
  const p = props(d.resources.find((r) => r.name === 'sh-checkout')!);
  assert.equal(p.condition.allOf[2].containsAny, ['App Service', 'Key Vault']);
  assert.equal(p.condition.allOf[3].containsAny, ['Global', 'North Europe', 'West Europe']);
  assert.equal(p.condition.allOf[1].anyOf.map((x: { equals: string }) => x.equals), ['Incident', 'Maintenance', 'Security', 'ActionRequired']);
});

test('Service Health: Informational advisories are opt-in, and the events follow the catalog order whatever the spec says', () => {
  const events = (spec: Record<string, unknown>) => props(deployment(spec).resources.find((r) => r.name === 'sh-checkout')!).condition.allOf[1].anyOf.map((x: { equals: string }) => x.equals);
  const resources = [{ id: `${RG}/Microsoft.KeyVault/vaults/kv1` }];
  assert.equal(events({ resources }), ['Incident', 'Maintenance', 'Security', 'ActionRequired']);
  assert.equal(events({ resources, infrastructure: { serviceHealth: { events: ['Informational', 'Incident'] } } }), ['Incident', 'Informational']);
});

test('a storage account with a file service gets the Azure Files alerts, each scoped to its fileServices/default sub-resource', () => {
  const id = `${RG}/Microsoft.Storage/storageAccounts/stfiles`;
  const files = deployment({ resources: [{ id, kind: 'StorageV2' }] }).resources.filter((r) => r.type === 'Microsoft.Insights/metricAlerts' && /-file-/.test(r.name));
  assert.equal(files.map((r) => r.name).sort(), ['ma-checkout-stfiles-file-availability', 'ma-checkout-stfiles-file-server-errors', 'ma-checkout-stfiles-file-share-throttling']);
  for (const r of files) {
    assert.equal(props(r).scopes, [`${id}/fileServices/default`]);
    assert.is(props(r).criteria.allOf[0].metricNamespace, 'Microsoft.Storage/storageAccounts/fileServices');
  }
  // A blob-only account has no file service, so no file alert.
  assert.not.ok(deployment({ resources: [{ id, kind: 'BlockBlobStorage' }] }).resources.some((r) => /-file-/.test(r.name)));
});

test('health alerts can be switched off', () => {
  const off = deployment({ infrastructure: { resourceHealth: { enabled: false }, serviceHealth: { enabled: false } }, resources: [{ id: `${RG}/Microsoft.KeyVault/vaults/kv1` }] });
  assert.not.ok(off.resources.some((r) => r.type === 'Microsoft.Insights/activityLogAlerts'));
});

test.run();
