/** A Prometheus SLO in the deployment: one rule group, no KQL function and no log alert; every consumer says where its SLI lives. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { buildDeployment } from '../../src/resources/index.js';
import { workbookContent } from '../../src/resources/workbook.js';
import { queryFor } from '../../src/query/index.js';
import { promqlSyntaxError } from '../../src/promql/parse.js';
import { ParamRef, ResourceIdRef, type Value } from '../../src/resources/model.js';
import { baseSpec, CLUSTER, MONITOR_WORKSPACE } from '../helpers/specs.js';

const prometheus = { errors: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))', total: 'sum(rate(http_requests_total[{{.window}}]))' };
const service = (slos: object[], description?: string) =>
  buildServiceModel(baseSpec({ azure: { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE }, slos: slos.map((s) => ({ objective: 99.9, window: '30d', ...(description ? { description } : {}), ...s })) }) as unknown as ServiceSpec);
const both = service([
  { name: 'api', sli: { requestAvailability: {} }, alerting: { page: { notify: ['oncall'] } } },
  { name: 'ingress', sli: { prometheus: { ...prometheus, cluster: CLUSTER } }, alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } } },
]);
const deployment = buildDeployment([both]);
const byType = (t: string) => deployment.resources.filter((r) => r.type === t);

test('the Prometheus SLO gets one rule group in the alerting module and neither a saved function nor a log alert', () => {
  assert.equal(byType('Microsoft.OperationalInsights/workspaces/savedSearches').map((r) => r.name.includes('ingress')), [false]);
  assert.equal(byType('Microsoft.Insights/scheduledQueryRules').map((r) => r.name), ['slo-checkout-api-page']);
  const [group] = byType('Microsoft.AlertsManagement/prometheusRuleGroups');
  assert.ok(group);
  assert.equal([group!.name, group!.module, group!.apiVersion], ['slo-checkout-ingress', 'checkout/alerting', '2023-03-01']);
  const p = group!.properties as Record<string, Value>;
  assert.ok(Array.isArray(p.scopes) && p.scopes[0] instanceof ParamRef && p.scopes[1] === CLUSTER, 'scoped to the workspace parameter and the cluster');
  assert.is(p.clusterName, 'aks-test');
  assert.ok(deployment.params.some((x) => x.source.kind === 'literal' && x.source.value === MONITOR_WORKSPACE), 'the workspace id is a parameter');
});

test('its alert rules notify the action groups of their alert, and every expression in the group parses', () => {
  const rules = (byType('Microsoft.AlertsManagement/prometheusRuleGroups')[0]!.properties as { rules: Record<string, Value>[] }).rules;
  for (const r of rules) assert.is(promqlSyntaxError(r.expression as string), undefined, r.expression as string);
  const alerts = rules.filter((r) => r.alert);
  assert.equal(alerts.map((a) => (a.actions as { actionGroupId: Value }[]).map((x) => (x.actionGroupId as ResourceIdRef).key)), [['checkout/alerting/ag-oncall'], ['checkout/alerting/ag-oncall']]);
  assert.ok(rules.filter((r) => r.record).every((r) => !('actions' in r)), 'recording rules notify no one');
});

test('user text in annotations cannot open a Go template action; in expressions it is a quoted label value', () => {
  const s = service([{ name: 'odd {{ $value }} "slo"', sli: { prometheus }, alerting: { page: { notify: ['oncall'] } } }], 'see {{ template "x" }}');
  const rules = (buildDeployment([s]).resources.find((r) => r.type === 'Microsoft.AlertsManagement/prometheusRuleGroups')!.properties as { rules: Record<string, Value>[] }).rules;
  const alert = rules.find((r) => r.alert)!;
  for (const v of Object.values(alert.annotations as Record<string, string>)) assert.not.match(v.replace(/\{\{"\{\{"\}\}/g, ''), /\{\{/);
  assert.match(alert.expression as string, /azslo_slo="odd \{\{ \$value \}\} \\"slo\\""/);
  assert.is(promqlSyntaxError(alert.expression as string), undefined);
});

test('the workbook says where a Prometheus SLI is read and runs its Logs queries over the other SLOs only', () => {
  const text = JSON.stringify(workbookContent(both));
  assert.match(text, /a Prometheus SLI, recorded by its managed Prometheus rule group in the Azure Monitor workspace/);
  assert.not.match(text, /checkout_ingress\(\)/, 'no KQL function of the Prometheus SLO is called');
  const only = JSON.stringify(workbookContent(service([{ name: 'ingress', sli: { prometheus }, alerting: { page: { notify: ['oncall'] } } }])));
  assert.not.match(only, /slo-summary/, 'no Logs summary without a KQL SLO');
});

test('azslo query prints the PromQL of a Prometheus SLI and of its alerts, and says where to run it', () => {
  const sli = queryFor([both], { name: 'ingress' });
  assert.ok(sli.ok && /is a Prometheus SLI: no KQL; run this PromQL in the Azure Monitor workspace/.test(sli.text) && sli.text.includes('[30d]'), JSON.stringify(sli));
  const page = queryFor([both], { name: 'ingress', alert: 'ticket' });
  assert.ok(page.ok && page.text.includes('azslo:sli_error:ratio_rate3d'), JSON.stringify(page));
  assert.equal(queryFor([both], { name: 'ingress', alert: 'nope' }), { ok: false, message: "SLO 'ingress' has no nope alert; it has: page, ticket" });
  for (const t of [sli, page]) if (t.ok) assert.is(promqlSyntaxError(t.text.split('\n').filter((l) => !l.startsWith('#')).join('\n')), undefined);
});

test.run();
