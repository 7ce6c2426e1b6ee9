/**
 * A Prometheus SLO with budget alerts and a maintenance window through apply, against the local ARM emulator with the
 * real SDK clients: the budget rule group is PUT beside the burn-rate group (and no budget job), and the window's
 * alert processing rule names the burn-rate group's id, not the budget group's.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { applyDeployment, sdkGateway, type Target } from '../../src/apply/index.js';
import { startArmEmulator } from '../helpers/arm-emulator.js';
import { generationOf, testCredential } from '../helpers/apply.js';
import { baseSpec, MONITOR_WORKSPACE } from '../helpers/specs.js';

const target: Target = { subscriptionId: '00000000-0000-0000-0000-000000000004', resourceGroup: 'rg-monitoring' };
const specText = (remainingBelow: number[]) =>
  stringify(
    baseSpec({
      azure: { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE },
      slos: [
        {
          name: 'ingress',
          sli: { prometheus: { good: 'sum(rate(http_requests_total{code!~"5.."}[{{.window}}]))', total: 'sum(rate(http_requests_total[{{.window}}]))' } },
          objective: 99.9,
          window: '28d',
          alerting: { page: { notify: ['oncall'] }, budget: { remainingBelow, exhausted: true, notify: ['oncall'] } },
        },
      ],
      maintenance: [{ name: 'patching', schedule: { weekly: { days: ['Sun'], start: '02:00', duration: '30m' }, timeZone: 'Europe/Amsterdam' } }],
    }),
  );
const gatewayFor = (arm: Awaited<ReturnType<typeof startArmEmulator>>) => sdkGateway({ credential: testCredential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca, maxRetries: 2, retryDelayMs: 20 });
const groupId = (name: string) => `/subscriptions/${target.subscriptionId}/resourcegroups/${target.resourceGroup}/providers/microsoft.alertsmanagement/prometheusrulegroups/${name}`;

test('apply PUTs the budget group with the ratio over 28 days and an alert per threshold; the window silences only the burn-rate group', async () => {
  const arm = await startArmEmulator();
  try {
    const first = await applyDeployment({ lock: { settleMs: 10 }, generation: generationOf(specText([50])), gateway: gatewayFor(arm), target, env: {} });
    assert.ok(first.results.every((r) => r.ok), JSON.stringify(first.results.filter((r) => !r.ok).map((r) => r.error)));
    const budget = arm.puts.get(groupId('budget-checkout-ingress'));
    assert.ok(budget, [...arm.puts.keys()].join('\n'));
    const props = (budget!.body as { properties: { interval: string; rules: { record?: string; alert?: string; expression: string; actions?: { actionGroupId: string }[] }[] } }).properties;
    assert.is(props.interval, 'PT15M');
    assert.equal(props.rules.map((r) => r.record ?? r.alert), ['azslo:sli_error:ratio_rate28d', 'slo_checkout_ingress_budget_below_50', 'slo_checkout_ingress_budget_exhausted']);
    assert.match(props.rules[0]!.expression, /^\(\n {2}\(sum\(rate\(http_requests_total\[28d\]\)\)\)\n {2}-\n/);
    for (const a of props.rules.slice(1)) assert.match(a.actions![0]!.actionGroupId, /\/providers\/Microsoft\.Insights\/actionGroups\/ag-checkout-oncall$/i);
    assert.ok(arm.puts.has(groupId('slo-checkout-ingress')), 'the burn-rate group');
    assert.not.ok([...arm.puts.keys()].some((id) => id.includes('automationaccounts') || id.includes('/tables/')), 'no budget job, no table');
    const rule = [...arm.puts].find(([id]) => id.includes('/microsoft.alertsmanagement/actionrules/'));
    assert.ok(rule, 'the maintenance window');
    const values = (rule![1].body as { properties: { conditions: { field: string; values: string[] }[] } }).properties.conditions[0]!.values;
    assert.equal(values.map((v) => v.toLowerCase()), [groupId('slo-checkout-ingress')]);
    // A threshold more: the budget group changes, nothing else does.
    const second = await applyDeployment({ lock: { settleMs: 10 }, generation: generationOf(specText([50, 25])), gateway: gatewayFor(arm), target, env: {} });
    assert.equal(second.plan.filter((p) => p.action !== 'unchanged').map((p) => [p.action, p.id.split('/').pop()]), [['update', 'budget-checkout-ingress']]);
  } finally {
    await arm.close();
  }
});

test.run();
