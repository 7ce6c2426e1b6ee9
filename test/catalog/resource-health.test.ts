/**
 * Every type's resourceHealth.supported claim agrees with Microsoft's "Resource types and health checks in Azure
 * resource health" reference, recorded in catalog/azure/resource-health.yaml: the catalog check reports any entry
 * that claims a type the page does not list, or misses one it does (ARM types compare without case).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fact } from '../../src/catalog/index.js';
import { catalogProblems } from '../../src/catalog/check.js';
import { resourceCatalog } from '../../src/catalog/resources.js';

const REFERENCE = 'https://learn.microsoft.com/azure/service-health/resource-health-checks-resource-types';
const listed = new Set(fact('resource-health', 'supportedTypes').map((t) => t.toLowerCase()));

test('resourceHealth.supported is true exactly for the types the Resource Health reference lists', () => {
  for (const e of resourceCatalog().values()) {
    assert.is(e.resourceHealth.supported, listed.has(e.type.toLowerCase()), `${e.type}: supported ${e.resourceHealth.supported}, the reference ${listed.has(e.type.toLowerCase()) ? 'lists' : 'does not list'} it`);
  }
  assert.equal(catalogProblems().filter((p) => p.includes('Resource Health reference')), []);
});

test('every supported claim cites the Resource Health reference', () => {
  for (const e of resourceCatalog().values()) {
    if (e.resourceHealth.supported) assert.is(e.resourceHealth.source, REFERENCE, e.type);
  }
});

test('MySQL flexible server is not claimed (only the retired single server, DBforMySQL/servers, is listed)', () => {
  assert.ok(listed.has('microsoft.dbformysql/servers'));
  assert.not.ok(listed.has('microsoft.dbformysql/flexibleservers'));
  assert.is(resourceCatalog().get('microsoft.dbformysql/flexibleservers')?.resourceHealth.supported, false);
});

test.run();
