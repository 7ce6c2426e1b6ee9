/** Gateway SLIs name a declared resource and say that its request log reaches the workspace. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateText, WORKSPACE, APP_INSIGHTS } from '../helpers/specs.js';
import { sliFunctionBody } from '../../src/kql/sli.js';
import { buildServiceModel } from '../../src/model/service.js';

const AGW = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-edge/providers/Microsoft.Network/applicationGateways/agw-shop';
const spec = (diagnostics: string, gateway = AGW) => `apiVersion: azslo/v1
kind: Service
metadata: { name: svc, owner: o, environment: prod }
azure: { workspace: ${WORKSPACE}, appInsights: ${APP_INSIGHTS}, location: westeurope }
resources:
  - id: ${AGW}
${diagnostics}
slos:
  - name: edge
    objective: 99.9
    window: 30d
    sli: { gatewayAvailability: { gateway: ${gateway} } }
`;
const found = (text: string) => validateText(text).diagnostics.map((d) => [d.code, d.severity]);

test('a declared category, sent by a setting of the team or by azslo, gives no diagnostic', () => {
  assert.equal(found(spec('    diagnostics: { categories: [ApplicationGatewayAccessLog] }')), []);
  assert.equal(found(spec('    diagnostics: { categories: [ApplicationGatewayAccessLog, ApplicationGatewayFirewallLog], emit: true }')), []);
});

test('the gateway id matches the declared one without case', () => {
  assert.equal(found(spec('    diagnostics: { categories: [ApplicationGatewayAccessLog] }', AGW.toLowerCase())), []);
});

test('the gateway may be named as journeys name resources: the model holds the declared id, which the KQL filters on', () => {
  const r = validateText(spec('    diagnostics: { categories: [ApplicationGatewayAccessLog] }', 'AGW-shop'));
  assert.equal(r.diagnostics.map((d) => d.code), []);
  const slo = buildServiceModel(r.services[0]!.spec).slos[0]!;
  assert.equal((slo.sli as { gateway: string }).gateway, AGW);
  assert.match(sliFunctionBody(slo), new RegExp(`_ResourceId =~ "${AGW.toLowerCase().replace(/[/.]/g, '\\$&')}"`));
});

test('a name two declared resources share is ambiguous (AZSLO052): the full id says which', () => {
  const other = AGW.replace('rg-edge', 'rg-edge-2');
  const text = spec(`    diagnostics: { categories: [ApplicationGatewayAccessLog] }\n  - id: ${other}`, 'agw-shop');
  const [d, ...rest] = validateText(text).diagnostics.filter((x) => x.severity === 'error');
  assert.equal(rest, []);
  assert.is(d!.code, 'AZSLO052');
  assert.match(d!.message, /names more than one declared resource/);
  assert.equal(validateText(spec(`    diagnostics: { categories: [ApplicationGatewayAccessLog] }\n  - id: ${other}`, AGW)).diagnostics.filter((x) => x.severity === 'error'), []);
});

test('without the category: one warning, whose hint is the YAML to add', () => {
  const [d, ...rest] = validateText(spec('    diagnostics: { categories: [ApplicationGatewayFirewallLog] }')).diagnostics;
  assert.equal(rest, []);
  assert.equal([d!.code, d!.severity], ['AZSLO053', 'warning']);
  assert.match(d!.hint!, /diagnostics: \{ categories: \[ApplicationGatewayAccessLog\], emit: true \}/);
});

test('a category the type does not have is an error at that category', () => {
  const text = spec('    diagnostics: { categories: [ApplicationGatewayAccessLog, AccessLogs] }');
  const [d, ...rest] = validateText(text).diagnostics;
  assert.equal(rest, []);
  assert.equal([d!.code, d!.severity], ['AZSLO054', 'error']);
  assert.is(text.split('\n')[d!.position.line - 1]!.slice(d!.position.col - 1, d!.position.col + 9), 'AccessLogs');
});

test.run();
