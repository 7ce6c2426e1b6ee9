import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { camel, fit, nameGuid, slug } from '../../src/model/names.js';
import { functionAlias } from '../../src/model/service.js';

test('slug: lowercase letters, digits and single hyphens; accents folded', () => {
  assert.is(slug('API Availability'), 'api-availability');
  assert.is(slug('  Café--Crème!! '), 'cafe-creme');
  assert.is(slug('!!!'), '');
});

test('slug: a name in a script without ASCII letters gets a stable hashed slug', () => {
  assert.match(slug('日本語'), /^n[0-9a-f]{8}$/);
  assert.is(slug('日本語'), slug('日本語'));
  assert.is.not(slug('日本語'), slug('中文'));
});

test('function aliases are KQL identifiers that start with a letter', () => {
  assert.is(functionAlias('checkout', 'api-availability'), 'checkout_api_availability');
  assert.is(functionAlias('9lives', 'x'), 'slo_9lives_x');
});

test('camel builds Bicep parameter names', () => {
  assert.is(camel('checkout', 'workspace-id'), 'checkoutWorkspaceId');
  assert.is(camel('9lives', 'location'), 'x9livesLocation');
});

test('fit cuts long names and keeps them distinct with a hash', () => {
  assert.is(fit('short', 10), 'short');
  const a = fit('a'.repeat(300), 260);
  const b2 = fit(`${'a'.repeat(299)}b`, 260);
  assert.is(a.length, 260);
  assert.is.not(a, b2);
});

test('nameGuid: a deterministic version-5-layout GUID', () => {
  const g = nameGuid('checkout', 'workbook');
  assert.match(g, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.is(g, nameGuid('checkout', 'workbook'));
  assert.is.not(g, nameGuid('checkout2', 'workbook'));
});

test.run();
