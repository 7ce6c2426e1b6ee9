/**
 * SKUs as users write them: an ARM SKU name the catalog maps to a tier is as good as the tier (no AZSLO032 for a
 * P2v2 plan); an unknown one warns AZSLO037, names the type's tiers, and keeps every alert.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { baseSpec, validateSpec } from '../helpers/specs.js';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers';
const codesFor = (resources: unknown[]) => validateSpec(baseSpec({ resources })).diagnostics.map((d) => d.code);

test('a plan declared with an ARM SKU name (P2v2, P1v3, EP1) gets no AZSLO032 and no AZSLO037', () => {
  for (const sku of ['P2v2', 'P1v3', 'EP1', 'S1', 'I2v2', 'PremiumV3']) {
    assert.equal(codesFor([{ id: `${RG}/Microsoft.Web/serverFarms/asp`, sku }]), [], sku);
  }
});

test('known SKU names of other types pass: storage, SQL, Redis, Front Door', () => {
  assert.equal(
    codesFor([
      { id: `${RG}/Microsoft.Storage/storageAccounts/st1`, kind: 'StorageV2', sku: 'Standard_GZRS' },
      { id: `${RG}/Microsoft.Storage/storageAccounts/st2`, kind: 'StorageV2', sku: 'Premium_LRS' },
      { id: `${RG}/Microsoft.Sql/servers/sql/databases/db1`, sku: 'GP_Gen5_2' },
      { id: `${RG}/Microsoft.Sql/servers/sql/databases/db2`, sku: 'BusinessCritical' },
      { id: `${RG}/Microsoft.Cache/Redis/redis`, sku: 'P1' },
      { id: `${RG}/Microsoft.Cdn/profiles/afd`, sku: 'Premium_AzureFrontDoor', location: 'global' },
    ]),
    [],
  );
});

test('an unknown SKU is a warning at the sku value, with the tiers and example names in the hint', () => {
  const r = validateSpec(baseSpec({ resources: [{ id: `${RG}/Microsoft.Web/serverFarms/asp`, sku: 'P9v9' }] }));
  assert.equal(r.diagnostics.map((d) => [d.code, d.severity, d.path]), [['AZSLO037', 'warning', 'resources[0].sku']]);
  const [d] = r.diagnostics;
  assert.match(d!.message, /'P9v9' is neither a SKU tier nor an ARM SKU name the catalog knows for Microsoft\.Web\/serverFarms/);
  assert.match(d!.message, /every baseline alert of the type is kept/);
  assert.match(d!.hint ?? '', /PremiumV3 \(P0v3, P1v3, P2v3, …\)/);
  assert.match(d!.hint ?? '', /ElasticPremium \(EP1, EP2, EP3\)/);
});

test('a type without a SKU list accepts any sku silently', () => {
  assert.equal(codesFor([{ id: `${RG}/Microsoft.KeyVault/vaults/kv`, sku: 'whatever' }]), []);
});

test.run();
