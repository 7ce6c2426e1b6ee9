/**
 * Names users write are looked up as own keys only. `constructor`, `toString` or `__proto__` is a target when it is
 * declared, and otherwise an unknown one (AZSLO012) — never a match through Object.prototype.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { generateFromServices } from '../../src/generate/index.js';
import { baseSpec, validateSpec } from '../helpers/specs.js';

const inherited = ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty'];

test('an undeclared inherited name is an unknown target in SLO, infrastructure and business alerts', () => {
  for (const name of inherited) {
    const r = validateSpec(
      baseSpec({
        infrastructure: { notify: [name] },
        business: { signals: [{ name: 'orders', source: { event: 'OrderPlaced' }, alerts: [{ kind: 'threshold', per: '15m', below: 1, notify: [name] }] }] },
        slos: [{ name: 'api', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { page: { notify: [name] } } }],
      }),
    );
    assert.equal(
      r.diagnostics.map((d) => [d.code, d.path]).sort(),
      [
        ['AZSLO012', 'infrastructure.notify[0]'],
        ['AZSLO012', 'business.signals[0].alerts[0].notify[0]'],
        ['AZSLO012', 'slos[0].alerting.page.notify[0]'],
      ].sort(),
      name,
    );
  }
});

test('a declared inherited name is a target like any other, with its own action group', () => {
  const notifications = Object.fromEntries(inherited.map((n) => [n, { email: [`${n.replace(/_/g, '')}@contoso.com`] }]));
  const r = validateSpec(baseSpec({ notifications, slos: [{ name: 'api', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { page: { notify: inherited.slice(0, 5) } } }] }));
  assert.ok(r.ok, JSON.stringify(r.diagnostics));
  const groups = generateFromServices(r.services).deployment.resources.filter((x) => x.type === 'Microsoft.Insights/actionGroups');
  assert.is(groups.length, inherited.length);
});

test('a location the catalog does not know reaches Service Health as written', () => {
  const id = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-x';
  const r = validateSpec(baseSpec({ resources: [{ id, location: 'constructor' }] }));
  assert.ok(r.ok, JSON.stringify(r.diagnostics));
  const sh = generateFromServices(r.services).deployment.resources.find((x) => x.type === 'Microsoft.Insights/activityLogAlerts' && JSON.stringify(x.properties).includes('ServiceHealth'))!;
  const text = JSON.stringify(sh.properties);
  assert.ok(text.includes('"constructor"'), text.slice(0, 400));
  assert.not.ok(text.includes('function'), 'no inherited function reaches the rule');
});

test.run();
