/**
 * How a declared `sku` is read (src/model/skus.ts): as Azure Resource Manager names it (P1v3, Standard_GZRS,
 * GP_Gen5_2) or as the tier the catalog's conditions name (PremiumV3), case-insensitively; anything else is unknown.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resourceCatalog } from '../../src/catalog/resources.js';
import { buildResources, effectiveAlerts } from '../../src/model/infrastructure.js';
import { resolveSku, skusMatch } from '../../src/model/skus.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { baseSpec } from '../helpers/specs.js';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers';
const entry = (type: string) => resourceCatalog().get(type.toLowerCase())!;
const plans = entry('Microsoft.Web/serverFarms');
const storage = entry('Microsoft.Storage/storageAccounts');
const sql = entry('Microsoft.Sql/servers/databases');
const tierOf = (e: ReturnType<typeof entry>, sku: string) => {
  const r = resolveSku(e, sku);
  return r.status === 'tier' || r.status === 'name' ? r.tier : r.status;
};

test('App Service plan SKU names map to their tiers', () => {
  assert.is(tierOf(plans, 'P1v3'), 'PremiumV3');
  assert.is(tierOf(plans, 'P1mv3'), 'PremiumV3');
  assert.is(tierOf(plans, 'P2v2'), 'PremiumV2');
  assert.is(tierOf(plans, 'EP1'), 'ElasticPremium');
  assert.is(tierOf(plans, 'Y1'), 'Dynamic');
  assert.is(tierOf(plans, 'S1'), 'Standard');
  assert.is(tierOf(plans, 'I2v2'), 'IsolatedV2');
  assert.is(tierOf(plans, 'B1'), 'Basic');
  assert.is(tierOf(plans, 'F1'), 'Free');
});

test('names and tiers match case-insensitively; a tier resolves to itself', () => {
  assert.is(tierOf(plans, 'p1V3'), 'PremiumV3');
  assert.equal(resolveSku(plans, 'premiumv3'), { status: 'tier', declared: 'premiumv3', tier: 'PremiumV3' });
  assert.equal(resolveSku(plans, 'P2v2'), { status: 'name', declared: 'P2v2', tier: 'PremiumV2' });
});

test('storage account SKU names map to Standard or Premium', () => {
  assert.is(tierOf(storage, 'Standard_GZRS'), 'Standard');
  assert.is(tierOf(storage, 'Premium_LRS'), 'Premium');
  assert.is(tierOf(storage, 'standard_ragrs'), 'Standard');
});

test('SQL Database vCore and DTU names map to their tiers through the entries\' patterns', () => {
  assert.is(tierOf(sql, 'GP_Gen5_2'), 'GeneralPurpose');
  assert.is(tierOf(sql, 'GP_S_Gen5_1'), 'GeneralPurpose');
  assert.is(tierOf(sql, 'BC_Gen5_4'), 'BusinessCritical');
  assert.is(tierOf(sql, 'HS_Gen5_2'), 'Hyperscale');
  assert.is(tierOf(sql, 'S3'), 'Standard');
  assert.is(tierOf(sql, 'P11'), 'Premium');
  assert.is(tierOf(sql, 'BusinessCritical'), 'BusinessCritical');
});

test('a SKU the type\'s list does not know is unknown; a type without a list, or no SKU, is neither', () => {
  assert.equal(resolveSku(plans, 'P9v9'), { status: 'unknown', declared: 'P9v9' });
  assert.equal(resolveSku(entry('Microsoft.KeyVault/vaults'), 'standard'), { status: 'unmapped', declared: 'standard' });
  assert.equal(resolveSku(plans, undefined), { status: 'none' });
});

test('a condition matches the declared name or its tier, never another name of the same tier', () => {
  assert.ok(skusMatch(['PremiumV2', 'PremiumV3'], resolveSku(plans, 'P2v2')), 'by tier');
  assert.ok(skusMatch(['Standard_GZRS'], resolveSku(storage, 'Standard_GZRS')), 'by name');
  assert.not.ok(skusMatch(['Standard_GZRS'], resolveSku(storage, 'Standard_LRS')), 'LRS is not GZRS though both are Standard');
  assert.not.ok(skusMatch(['Standard_GZRS'], resolveSku(storage, 'Standard')), 'the tier alone does not say the redundancy');
  assert.not.ok(skusMatch(['PremiumV3'], resolveSku(plans, 'P9v9')));
  assert.not.ok(skusMatch(['PremiumV3'], resolveSku(plans, undefined)));
});

const spec = (resources: unknown[]) => baseSpec({ resources }) as unknown as ServiceSpec;
const plan = (sku: string) => ({ id: `${RG}/Microsoft.Web/serverFarms/asp`, sku });

test('a plan declared with an ARM name gets the alerts of its tier', () => {
  const s = spec([plan('P2v2')]);
  const ids = effectiveAlerts(s, s.resources![0]!, plans).map((a) => a.id);
  assert.equal(ids, plans.baselineAlerts.map((a) => a.id));
  assert.ok(ids.length > 0);
});

test('a consumption plan (Y1) gets none of the plan alerts, which are for dedicated tiers', () => {
  const s = spec([plan('Y1')]);
  assert.equal(effectiveAlerts(s, s.resources![0]!, plans), []);
});

test('an unknown SKU keeps every alert of the type: the SKU restrictions are not applied', () => {
  const s = spec([plan('P9v9')]);
  assert.equal(effectiveAlerts(s, s.resources![0]!, plans).map((a) => a.id), plans.baselineAlerts.map((a) => a.id));
  const [r] = buildResources(s);
  assert.equal(r!.alerts.map((a) => a.id), plans.baselineAlerts.map((a) => a.id));
});

test('SKU restrictions of single alerts follow the tier: Service Bus CPU only on Premium', () => {
  const sb = entry('Microsoft.ServiceBus/namespaces');
  const restricted = sb.baselineAlerts.filter((a) => a.appliesTo?.skus).map((a) => a.id);
  assert.ok(restricted.length > 0);
  const of = (sku: string) => {
    const s = spec([{ id: `${RG}/Microsoft.ServiceBus/namespaces/sb`, sku }]);
    return effectiveAlerts(s, s.resources![0]!, sb).map((a) => a.id);
  };
  for (const id of restricted) {
    assert.ok(of('premium').includes(id), `${id} on premium`);
    assert.not.ok(of('Standard').includes(id), `${id} not on Standard`);
    assert.ok(of('Gold').includes(id), `${id} kept for an unknown SKU`);
  }
});

test.run();
