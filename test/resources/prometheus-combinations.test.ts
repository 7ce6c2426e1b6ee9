/**
 * A Prometheus SLO meeting the other features: budget alerts as a rule group of their own (no job, no table),
 * maintenance windows silencing its burn-rate group by id (and not its budget group), alertingDefaults and the spec's
 * window sets applying to it as to any SLO, and the readers (deployed rules, cost, diff) seeing all of it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { buildDeployment } from '../../src/resources/index.js';
import { deployedAlertRules } from '../../src/resources/deployed-alerts.js';
import { alertingCost } from '../../src/analyze/cost.js';
import { diffCommand } from '../../src/commands/diff.js';
import { promqlSyntaxError } from '../../src/promql/parse.js';
import { ResourceIdRef, type AzureResource, type Value } from '../../src/resources/model.js';
import { baseSpec, CLUSTER, MONITOR_WORKSPACE } from '../helpers/specs.js';
import { EXAMPLES_DAY } from '../../scripts/examples-day.js';

const prometheus = { errors: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))', total: 'sum(rate(http_requests_total[{{.window}}]))', cluster: CLUSTER };
const specWith = (slo: object, extra: object = {}) =>
  baseSpec({
    azure: { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE },
    notifications: { oncall: { email: ['oncall@contoso.com'] }, team: { email: ['team@contoso.com'] } },
    slos: [
      { name: 'api', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] } } },
      { name: 'ingress', sli: { prometheus }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['team'] }, budget: { remainingBelow: [50], exhausted: true, notify: ['team'] } }, ...slo },
    ],
    ...extra,
  });
const deploy = (spec: object) => buildDeployment([buildServiceModel(spec as unknown as ServiceSpec)]);
const groups = (resources: readonly AzureResource[]) => resources.filter((r) => r.type === 'Microsoft.AlertsManagement/prometheusRuleGroups');
const rulesOf = (r: AzureResource) => (r.properties as { rules: Record<string, Value>[] }).rules;

test('budget alerts on a Prometheus SLO: a second rule group with the ratio over the SLO window and an alert per threshold, and no budget job', () => {
  const d = deploy(specWith({}));
  const [burn, budget] = groups(d.resources);
  assert.equal([burn!.name, budget!.name], ['slo-checkout-ingress', 'budget-checkout-ingress']);
  const p = budget!.properties as Record<string, Value>;
  assert.is(p.interval, 'PT15M', 'the longest interval a group allows: the log form runs hourly');
  assert.is(p.clusterName, 'aks-test');
  assert.equal(rulesOf(budget!).map((r) => r.record ?? r.alert), ['azslo:sli_error:ratio_rate30d', 'slo_checkout_ingress_budget_below_50', 'slo_checkout_ingress_budget_exhausted']);
  for (const r of rulesOf(budget!)) assert.is(promqlSyntaxError(r.expression as string), undefined);
  const alerts = rulesOf(budget!).filter((r) => r.alert);
  assert.equal(alerts.map((a) => (a.actions as { actionGroupId: ResourceIdRef }[]).map((x) => x.actionGroupId.key)), [['checkout/alerting/ag-team'], ['checkout/alerting/ag-team']]);
  assert.equal(alerts.map((a) => a.severity), [3, 2]);
  assert.not.ok(d.resources.some((r) => r.module === 'checkout/budget' || r.module === 'checkout/budget-table'), 'no Automation job or table: the job reads KQL, which a Prometheus SLI has none of');
  assert.ok(rulesOf(burn!).every((r) => !String(r.record ?? r.alert).includes('budget')), 'the burn-rate group is unchanged');
});

test('a log SLO beside it still gets its job; the job computes only the log SLO', () => {
  const spec = specWith({});
  (spec.slos as Record<string, any>[])[0]!.alerting.budget = { exhausted: true, notify: ['oncall'] };
  const d = deploy(spec);
  const runbook = d.resources.find((r) => r.type === 'Microsoft.Automation/automationAccounts/runbooks');
  assert.ok(runbook, 'the log SLO keeps the job');
  assert.equal(d.resources.filter((r) => r.type === 'Microsoft.Insights/scheduledQueryRules' && r.name.includes('budget')).map((r) => r.name), ['slo-checkout-api-budget-exhausted']);
});

test('the deployed rules read the budget group as budget rules over the SLO window; cost lists the group as a Prometheus row', () => {
  const d = deploy(specWith({}));
  const budget = deployedAlertRules(d).filter((r) => r.kind === 'budget');
  assert.equal(
    budget.map((r) => [r.name, r.kind === 'budget' && [r.slo, r.threshold, r.evaluationFrequency, r.windowSize, r.via, r.group]]),
    [
      ['slo_checkout_ingress_budget_below_50', ['ingress', 'below-50', 'PT15M', 'P30D', 'prometheus', 'budget-checkout-ingress']],
      ['slo_checkout_ingress_budget_exhausted', ['ingress', 'exhausted', 'PT15M', 'P30D', 'prometheus', 'budget-checkout-ingress']],
    ],
  );
  const cost = alertingCost(d);
  assert.ok(cost.rules.some((r) => r.rule === 'budget-checkout-ingress' && r.type === 'prometheus' && r.monthly === 0), JSON.stringify(cost.rules));
  assert.equal(cost.jobs, [], 'no budget job to price');
});

test('a maintenance window silences the burn-rate group by its id, once, and leaves the budget group loud', () => {
  const d = deploy(specWith({}, { maintenance: [{ name: 'patching', schedule: { weekly: { days: ['Sun'], start: '02:00', duration: '1h' }, timeZone: 'UTC' } }] }));
  const [rule, ...more] = d.resources.filter((r) => r.type === 'Microsoft.AlertsManagement/actionRules');
  assert.is(more.length, 0);
  const ids = ((rule!.properties as Record<string, any>).conditions[0].values as ResourceIdRef[]).map((v) => v.key);
  assert.equal(ids, ['checkout/alerting/slo-api-page', 'checkout/alerting/slo-ingress-prometheus'], 'the group once, though it holds the page and the ticket rule');
});

test('alertingDefaults give a Prometheus SLO its notify, severity and minimum of events as they give any SLO', () => {
  const d = deploy(
    specWith(
      { alerting: { page: {}, ticket: { severity: 4 } } },
      { alertingDefaults: { page: { notify: ['team'], severity: 2, minimumEvents: 77 }, ticket: { notify: ['oncall'], minimumEvents: 500 } } },
    ),
  );
  const alerts = rulesOf(groups(d.resources)[0]!).filter((r) => r.alert);
  assert.equal(alerts.map((a) => [a.alert, a.severity, (a.actions as { actionGroupId: ResourceIdRef }[]).map((x) => x.actionGroupId.key)]), [
    ['slo_checkout_ingress_page', 2, ['checkout/alerting/ag-team']],
    ['slo_checkout_ingress_ticket', 4, ['checkout/alerting/ag-oncall']],
  ]);
  assert.match(alerts[0]!.expression as string, /\* 3600 >= 77\n/);
  assert.match(alerts[1]!.expression as string, /\* 86400 >= 500\n/);
});

test('a window set the spec names applies to a Prometheus SLO, up to 32-day windows when only Prometheus SLOs use it', () => {
  const windowSets = {
    slow: {
      page: { evaluationFrequency: 'PT5M', pairs: [{ long: '2h', short: '10m', burnRate: 10 }] },
      ticket: { evaluationFrequency: 'PT5M', pairs: [{ long: '7d', short: '12h', budgetPercent: 25 }] },
    },
  };
  const d = deploy(specWith({ alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['team'] }, windows: 'slow' } }, { windowSets }));
  const burn = groups(d.resources)[0]!;
  assert.is((burn.properties as Record<string, Value>).interval, 'PT5M', "the set's frequency is the group's interval");
  const records = rulesOf(burn).filter((r) => r.record).map((r) => r.record);
  assert.equal(records, ['azslo:sli_error:ratio_rate10m', 'azslo:sli_error:ratio_rate2h', 'azslo:sli_error:ratio_rate12h', 'azslo:sli_error:ratio_rate7d', 'azslo:sli_events:rate2h', 'azslo:sli_events:rate7d']);
  const ticket = rulesOf(burn).find((r) => r.alert === 'slo_checkout_ingress_ticket')!;
  // 25 % of a 30-day budget in 7 days: burn rate 0.25 × 720 / 168 = 1.071, × 0.001.
  assert.is((ticket.annotations as Record<string, string>).windows, '7d/12h@1.071x');
  assert.match(ticket.expression as string, /ratio_rate7d\{[^}]*\} >= 0\.001071\n/);
});

test('azslo diff sees the budget group appear, and a threshold change in it', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-prom-budget-'));
  const side = (name: string, budget: object | undefined) => {
    mkdirSync(path.join(dir, name));
    const spec = specWith({});
    const alerting = (spec.slos as Record<string, any>[])[1]!.alerting;
    if (budget) alerting.budget = budget;
    else delete alerting.budget;
    writeFileSync(path.join(dir, name, 'checkout.yaml'), stringify(spec));
    return path.join(dir, name);
  };
  const diff = async (a: string, b: string) => {
    const r = await diffCommand(a, b, { format: 'json', today: EXAMPLES_DAY, cwd: dir });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return JSON.stringify(r.diff);
  };
  try {
    const none = side('none', undefined);
    const half = side('half', { remainingBelow: [50], exhausted: true, notify: ['team'] });
    const quarter = side('quarter', { remainingBelow: [25], exhausted: true, notify: ['team'] });
    assert.match(await diff(none, half), /budget-checkout-ingress/);
    const changed = await diff(half, quarter);
    assert.match(changed, /below-50 > 0\.0005, exhausted >= 0\.001/);
    assert.match(changed, /below-25 > 0\.00075, exhausted >= 0\.001/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
