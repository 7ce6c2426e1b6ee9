/** The SLA a component gets follows its declared SKU, read as ARM names it or as its tier (src/model/skus.ts). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { componentSla } from '../../src/analyze/sla.js';
import { buildResources } from '../../src/model/infrastructure.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { baseSpec } from '../helpers/specs.js';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers';
const slaOf = (resource: Record<string, unknown>) => componentSla(buildResources(baseSpec({ resources: [resource] }) as unknown as ServiceSpec)[0]!);
/** The availability as a percentage, rounded past floating-point noise: 0.9998999… → 99.99. */
const pct = (a: number | undefined) => (a === undefined ? undefined : Math.round(a * 1e7) / 1e5);
const plan = (more: Record<string, unknown>) => ({ id: `${RG}/Microsoft.Web/serverFarms/asp`, ...more });

test('a P2v2 plan with zone redundancy and 3 instances gets the zone-redundant figure', () => {
  const sla = slaOf(plan({ sku: 'P2v2', zoneRedundant: true, instances: 3 }));
  assert.is(pct(sla.availability), 99.99);
  assert.is(sla.assumption, undefined);
});

test('the same plan without zone redundancy gets the regional figure, as its tier would', () => {
  assert.is(pct(slaOf(plan({ sku: 'P2v2', instances: 3 })).availability), 99.95);
  assert.is(pct(slaOf(plan({ sku: 'PremiumV2', zoneRedundant: true, instances: 3 })).availability), 99.99);
});

test('storage: a GZRS account qualifies for the figures listing Standard_GZRS', () => {
  const sla = slaOf({ id: `${RG}/Microsoft.Storage/storageAccounts/st`, kind: 'StorageV2', sku: 'standard_gzrs' });
  assert.is(pct(sla.availability), 99.9);
  assert.is(sla.assumption, undefined);
});

test('SQL: a GP_Gen5_2 zone-redundant database gets the General Purpose zone-redundant figure', () => {
  assert.is(pct(slaOf({ id: `${RG}/Microsoft.Sql/servers/sql/databases/db`, sku: 'GP_Gen5_2', zoneRedundant: true }).availability), 99.995);
});

test('an unknown SKU matches no SKU condition, and the assumption says the SKU is unknown', () => {
  const sla = slaOf(plan({ sku: 'P9v9', zoneRedundant: true, instances: 3 }));
  assert.is(pct(sla.availability), 99.95, 'the lowest published figure, not the zone-redundant one');
  assert.match(sla.assumption ?? '', /^sku 'P9v9' is neither a tier nor a SKU name the catalog knows for Microsoft\.Web\/serverFarms/);
  assert.match(sla.assumption ?? '', /the lowest published figure is taken$/);
  // A figure without SKU conditions may still apply; the assumption says why the SKU-dependent ones did not.
  const db = slaOf({ id: `${RG}/Microsoft.Sql/servers/sql/databases/db`, sku: 'XL_Gen9', zoneRedundant: true });
  assert.is(pct(db.availability), 99.99);
  assert.match(db.assumption ?? '', /^sku 'XL_Gen9' is neither a tier nor a SKU name/);
});

test.run();
