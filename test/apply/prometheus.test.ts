/**
 * Prometheus SLIs through apply: their rule groups are planned, PUT and read back with the real SDK client (the
 * generic by-id path) against the local ARM emulator, which refuses a group past Azure's limits as ARM does.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { applyDeployment, sdkGateway, type Target } from '../../src/apply/index.js';
import { startArmEmulator } from '../helpers/arm-emulator.js';
import { generationOf, testCredential } from '../helpers/apply.js';
import { baseSpec, CLUSTER, MONITOR_WORKSPACE } from '../helpers/specs.js';

const target: Target = { subscriptionId: '00000000-0000-0000-0000-000000000004', resourceGroup: 'rg-monitoring' };
const TYPE = 'Microsoft.AlertsManagement/prometheusRuleGroups';
const specText = (objective: number) =>
  stringify(
    baseSpec({
      azure: { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE },
      slos: [
        {
          name: 'ingress',
          sli: { prometheus: { errors: 'sum(rate(nginx_ingress_controller_requests{status=~"5.."}[{{.window}}]))', total: 'sum(rate(nginx_ingress_controller_requests[{{.window}}]))', cluster: CLUSTER } },
          objective,
          window: '30d',
          alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } },
        },
      ],
    }),
  );
/** The error a promise rejects with; fails when it resolves. */
async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a rejection');
}
const gatewayFor = (arm: Awaited<ReturnType<typeof startArmEmulator>>) => sdkGateway({ credential: testCredential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca, maxRetries: 2, retryDelayMs: 20 });

test('apply creates the rule group with the body generate writes, scoped to the workspace and the cluster; a second apply writes nothing', async () => {
  const arm = await startArmEmulator();
  try {
    const generation = generationOf(specText(99.9));
    const first = await applyDeployment({ lock: { settleMs: 10 }, generation, gateway: gatewayFor(arm), target, env: {} });
    assert.ok(first.results.every((r) => r.ok), JSON.stringify(first.results.filter((r) => !r.ok).map((r) => r.error)));
    const group = [...arm.puts].find(([id]) => id.includes('/providers/microsoft.alertsmanagement/prometheusrulegroups/'));
    assert.ok(group, [...arm.puts.keys()].join('\n'));
    const [id, sent] = group!;
    assert.is(id, `/subscriptions/${target.subscriptionId}/resourcegroups/${target.resourceGroup}/providers/microsoft.alertsmanagement/prometheusrulegroups/slo-checkout-ingress`);
    assert.is(sent.apiVersion, '2023-03-01');
    const props = (sent.body as { properties: { scopes: string[]; clusterName: string; interval: string; rules: { record?: string; alert?: string; actions?: { actionGroupId: string }[] }[] } }).properties;
    assert.equal(props.scopes, [MONITOR_WORKSPACE, CLUSTER]);
    assert.is(props.clusterName, 'aks-test');
    assert.is(props.interval, 'PT1M');
    assert.is(props.rules.filter((r) => r.record).length, 11, '7 error ratios, 4 event rates');
    const alerts = props.rules.filter((r) => r.alert);
    assert.equal(alerts.map((r) => r.alert), ['slo_checkout_ingress_page', 'slo_checkout_ingress_ticket']);
    for (const a of alerts) assert.match(a.actions![0]!.actionGroupId, /\/providers\/Microsoft\.Insights\/actionGroups\/ag-checkout-oncall$/i);
    arm.writes = 0;
    const second = await applyDeployment({ lock: { settleMs: 10 }, generation, gateway: gatewayFor(arm), target, env: {} });
    assert.equal(second.plan.filter((p) => p.action !== 'unchanged').map((p) => [p.action, p.id]), []);
    assert.is(arm.writes, 0);
    // A new objective changes the thresholds of the alert rules (and the workbook's note says it): nothing else moves.
    const third = await applyDeployment({ lock: { settleMs: 10 }, generation: generationOf(specText(99.5)), gateway: gatewayFor(arm), target, env: {} });
    assert.equal(third.plan.filter((p) => p.action !== 'unchanged').map((p) => [p.action, p.type]), [['update', TYPE], ['update', 'Microsoft.Insights/workbooks']]);
    assert.ok(arm.written.every((w) => !w.includes('scheduledQueryRules')), 'no log alert for a Prometheus SLO');
    assert.ok(!arm.written.some((w) => w.includes('savedSearches')), 'no KQL function for a Prometheus SLO');
  } finally {
    await arm.close();
  }
});

test('the emulator refuses a rule group past Azure\'s limits, as ARM does, through the real SDK client', async () => {
  const arm = await startArmEmulator();
  try {
    const gateway = gatewayFor(arm);
    const id = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/${TYPE}/too-many`;
    const rules = Array.from({ length: 21 }, (_, i) => ({ record: `r${i}`, expression: 'vector(1)' }));
    const put = (properties: object) => gateway.put(TYPE, id, '2023-03-01', { location: 'westeurope', properties });
    assert.match(await rejection(put({ scopes: [MONITOR_WORKSPACE], interval: 'PT1M', rules })), /at most 20 rules/);
    assert.match(await rejection(put({ scopes: [MONITOR_WORKSPACE], interval: 'PT30M', rules: rules.slice(0, 1) })), /between 1 and 15 minutes/);
    assert.match(await rejection(put({ scopes: [CLUSTER], interval: 'PT1M', rules: rules.slice(0, 1) })), /Azure Monitor workspace/);
    await put({ scopes: [MONITOR_WORKSPACE], interval: 'PT1M', rules: rules.slice(0, 20) });
    assert.ok(await gateway.get(TYPE, id, '2023-03-01'));
  } finally {
    await arm.close();
  }
});

test.run();
