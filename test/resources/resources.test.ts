/** The intermediate model of Azure resources: what each spec object becomes. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { buildDeployment } from '../../src/resources/index.js';
import { shortNames } from '../../src/resources/action-groups.js';
import { FileText, Merge, ParamRef, ResourceIdRef, isPlainObject, type AzureResource, type Value } from '../../src/resources/model.js';
import { baseSpec } from '../helpers/specs.js';

const spec = baseSpec({
  notifications: {
    oncall: { email: ['a@contoso.com'], sms: [{ countryCode: '1', phoneNumber: '5550100' }] },
    'tickets-and-incidents-queue': { webhook: [{ url: '${env:HOOK_A}' }, { url: '${env:HOOK_B}' }] },
  },
  slos: [
    { name: 'api', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['tickets-and-incidents-queue'], severity: 4 } } },
    { name: 'latency', sli: { requestLatency: { thresholdMs: 300 } }, objective: 99, window: '28d', alerting: { ticket: { enabled: false, notify: ['oncall'] } } },
  ],
}) as unknown as ServiceSpec;
const deployment = buildDeployment([buildServiceModel(spec)]);
const byType = (t: string) => deployment.resources.filter((r) => r.type === t);

function walk(v: Value, visit: (x: Value) => void): void {
  visit(v);
  if (Array.isArray(v)) v.forEach((x) => walk(x, visit));
  else if (v instanceof Merge) v.parts.forEach((x) => walk(x, visit));
  else if (isPlainObject(v)) Object.values(v).forEach((x) => walk(x, visit));
}

test('one saved function per SLO, one action group per target, one rule per enabled alert, one workbook', () => {
  assert.is(byType('Microsoft.OperationalInsights/workspaces/savedSearches').length, 2);
  assert.is(byType('Microsoft.Insights/actionGroups').length, 2);
  assert.equal(byType('Microsoft.Insights/scheduledQueryRules').map((r) => r.name), ['slo-checkout-api-page', 'slo-checkout-api-ticket']);
  assert.is(byType('Microsoft.Insights/workbooks').length, 1);
});

test('keys are unique, and every resource is tagged as managed by azslo for its service', () => {
  const keys = deployment.resources.map((r) => r.key);
  assert.is(new Set(keys).size, keys.length);
  for (const r of deployment.resources) {
    if (r.type.endsWith('savedSearches')) {
      const tags = (r.properties as { tags: { name: string; value: string }[] }).tags;
      assert.ok(tags.some((t) => t.name === 'azslo-managed' && t.value === 'true'));
      assert.ok(tags.some((t) => t.name === 'azslo-service' && t.value === 'checkout'));
      continue;
    }
    assert.instance(r.tags, Merge);
    const own = (r.tags as Merge).parts[1] as Record<string, string>;
    assert.is(own['azslo-managed'], 'true');
    assert.is(own['azslo-service'], 'checkout');
  }
});

test('secrets become secure parameters read from the environment, never literals', () => {
  const secure = deployment.params.filter((p) => p.secure);
  assert.equal(secure.map((p) => [p.name, p.source]), [
    ['checkoutTicketsAndIncidentsQueueWebhook1Url', { kind: 'env', variable: 'HOOK_A' }],
    ['checkoutTicketsAndIncidentsQueueWebhook2Url', { kind: 'env', variable: 'HOOK_B' }],
  ]);
  const group = byType('Microsoft.Insights/actionGroups').find((r) => r.name.includes('tickets'))!;
  const hooks = (group.properties as { webhookReceivers: { serviceUri: Value }[] }).webhookReceivers;
  for (const h of hooks) assert.instance(h.serviceUri, ParamRef);
  let literalSecret = false;
  for (const r of deployment.resources) walk(r.properties, (x) => (literalSecret ||= typeof x === 'string' && /HOOK_|https?:\/\/hooks/.test(x)));
  assert.not.ok(literalSecret);
});

test('alert rules: severity from the spec, actions point at the action groups, and they wait for the SLI function', () => {
  const [page, ticket] = byType('Microsoft.Insights/scheduledQueryRules') as [AzureResource, AzureResource];
  const props = (r: AzureResource) => r.properties as { severity: number; actions: { actionGroups: ResourceIdRef[] }; scopes: ParamRef[]; criteria: { allOf: { query: FileText }[] } };
  assert.is(props(page).severity, 1);
  assert.is(props(ticket).severity, 4);
  assert.equal(props(page).actions.actionGroups.map((a) => a.key), ['checkout/alerting/ag-oncall']);
  assert.equal(page.dependsOn, ['checkout/functions/checkout_api']);
  assert.is(props(page).scopes[0]!.name, 'checkoutWorkspaceId');
  assert.is(props(page).criteria.allOf[0]!.query.path, 'checkout/kql/api.page.kql');
});

test('the alert description says which SLO, which windows, the burn rates and the budget share', () => {
  const page = byType('Microsoft.Insights/scheduledQueryRules')[0]!;
  const d = (page.properties as { description: string }).description;
  assert.match(d, /SLO 'api' of service 'checkout' \(99\.9 % over 30 days\)/);
  assert.match(d, /burn rate >= 14\.4× over both 1h and 5m \(2 % of the 30-day error budget spent in 1h; at that rate the whole budget lasts 50 hours\)/);
  assert.match(d, />= 6× over both 6h and 30m \(5 % /);
  assert.ok(d.length <= 4096);
});

test('short names: at most 12 characters, unique, deterministic; clashes get a hash', () => {
  const t = (name: string, shortName?: string) => ({ name, slug: name, shortName, receivers: {} as never });
  const a = t('platform-oncall-primary');
  const b = t('platform-oncall-primary');
  const c = t('db');
  const names = shortNames([{ service: 's1', target: a }, { service: 's2', target: b }, { service: 's1', target: c }]);
  const values = [...names.values()];
  for (const v of values) assert.ok(v.length <= 12, v);
  assert.is(new Set(values).size, 3);
  assert.is(names.get(c), 'db');
  assert.equal(shortNames([{ service: 's1', target: a }, { service: 's2', target: b }]).get(a), names.get(a));
});

test('the workbook is named by a GUID derived from the service and swaps the workspace literal for the parameter', () => {
  const wb = byType('Microsoft.Insights/workbooks')[0]!;
  assert.match(wb.name, /^[0-9a-f-]{36}$/);
  const data = (wb.properties as { serializedData: FileText }).serializedData;
  assert.is(data.replacements[0]![0], spec.azure.workspace);
  assert.ok(data.content.includes(spec.azure.workspace));
  assert.instance(data.replacements[0]![1], ParamRef);
});

test.run();
