/** The resource catalog: 25 types, schema-valid, every alert checked against the metric definitions. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { catalogProblems } from '../../src/catalog/check.js';
import { findMetric, metricAlertProblems, resourceCatalog, type MetricAlertDefinition } from '../../src/catalog/resources.js';
import { catalogShowText } from '../../src/catalog/report.js';

const required = [
  'Microsoft.Web/sites', 'Microsoft.Web/serverFarms', 'Microsoft.Sql/servers/databases', 'Microsoft.Sql/managedInstances',
  'Microsoft.DocumentDB/databaseAccounts', 'Microsoft.Storage/storageAccounts', 'Microsoft.ServiceBus/namespaces',
  'Microsoft.EventHub/namespaces', 'Microsoft.KeyVault/vaults', 'Microsoft.Cache/Redis', 'Microsoft.Network/applicationGateways',
  'Microsoft.Cdn/profiles', 'Microsoft.Network/frontDoors', 'Microsoft.Network/loadBalancers', 'Microsoft.Network/publicIPAddresses',
  'Microsoft.ApiManagement/service', 'Microsoft.ContainerService/managedClusters', 'Microsoft.App/containerApps',
  'Microsoft.Compute/virtualMachines', 'Microsoft.Compute/virtualMachineScaleSets', 'Microsoft.DBforPostgreSQL/flexibleServers',
  'Microsoft.DBforMySQL/flexibleServers', 'Microsoft.EventGrid/topics', 'Microsoft.Logic/workflows', 'Microsoft.Network/azureFirewalls',
];

test('the catalog covers the 25 required types', () => {
  for (const t of required) assert.ok(resourceCatalog().has(t.toLowerCase()), t);
});

test('every file validates and every alert metric, aggregation and dimension exists in catalog/metrics/', () => {
  assert.equal(catalogProblems(), []);
});

test('every alert has a source, a reason and an action; data stores have signals or say why not', () => {
  for (const e of resourceCatalog().values()) {
    for (const a of [...e.baselineAlerts, ...e.recovery.signals]) {
      assert.ok(a.source.startsWith('https://'), `${e.type} ${a.id} source`);
      assert.ok(a.why.length > 20 && a.action.length > 10, `${e.type} ${a.id} why/action`);
    }
    if (e.recovery.dataStore) assert.ok(e.recovery.signals.length > 0 || e.recovery.noSignalReason, e.type);
  }
});

test('metricAlertProblems refuses what Azure would refuse', () => {
  const base: MetricAlertDefinition = { id: 'x', title: 'x', metric: 'Availability', aggregation: 'Average', operator: 'LessThan', threshold: 90, windowSize: 'PT5M', evaluationFrequency: 'PT1M', severity: 1, why: 'w', action: 'a', source: 'https://x', verified: false };
  assert.equal(metricAlertProblems('Microsoft.KeyVault/vaults', base), []);
  assert.match(metricAlertProblems('Microsoft.KeyVault/vaults', { ...base, aggregation: 'Total' }).join(), /supports Average, not Total/);
  assert.match(metricAlertProblems('Microsoft.KeyVault/vaults', { ...base, metric: 'Nope' }).join(), /not a platform metric/);
  assert.match(metricAlertProblems('Microsoft.KeyVault/vaults', { ...base, dimensions: [{ name: 'Bogus', operator: 'Include', values: ['*'] }] }).join(), /no dimension 'Bogus'/);
  assert.match(metricAlertProblems('Microsoft.KeyVault/vaults', { ...base, evaluationFrequency: 'PT15M' }).join(), /longer than the window/);
  assert.match(metricAlertProblems('Microsoft.KeyVault/vaults', { ...base, dynamic: { sensitivity: 'Low', evaluationPeriods: 4, minFailingPeriods: 4 }, operator: 'LessThanOrEqual' }).join(), /dynamic thresholds take/);
  // Window sizes and frequencies come from catalog/azure/metric-alerts.yaml.
  assert.match(metricAlertProblems('Microsoft.KeyVault/vaults', { ...base, windowSize: 'PT10M' }).join(), /window PT10M is not one Azure offers \(PT1M, PT5M/);
  assert.match(metricAlertProblems('Microsoft.KeyVault/vaults', { ...base, evaluationFrequency: 'PT2M' }).join(), /evaluation frequency PT2M is not one Azure offers/);
  const dynamic = { ...base, operator: 'LessThan' as const, threshold: undefined, dynamic: { sensitivity: 'Low' as const, evaluationPeriods: 4, minFailingPeriods: 4 } };
  assert.equal(metricAlertProblems('Microsoft.KeyVault/vaults', { ...dynamic, evaluationFrequency: 'PT5M' }), []);
  assert.match(metricAlertProblems('Microsoft.KeyVault/vaults', dynamic).join(), /dynamic thresholds are evaluated every PT5M, PT15M, PT30M or PT1H, not PT1M/);
  assert.match(metricAlertProblems('Microsoft.KeyVault/vaults', { ...dynamic, windowSize: 'PT1M' }).join(), /need a window of at least PT5M, not PT1M/);
  assert.ok(findMetric('Microsoft.Storage/storageAccounts', { metric: 'Availability' }));
});

test('catalog show works for every type and names each alert, the SLA and recovery', () => {
  for (const e of resourceCatalog().values()) {
    const text = catalogShowText(e);
    assert.match(text, new RegExp(`^${e.type.replace(/[.]/g, '\\.')} — `));
    for (const a of e.baselineAlerts) assert.ok(text.includes(a.id), `${e.type} shows ${a.id}`);
    assert.match(text, /SLA\n/);
    assert.match(text, /Recovery\n/);
  }
});

test.run();
