/**
 * Error-budget alerts as resources (docs/burn-rate-alerts.md, Budget alerts): the budget table, the Direct data
 * collection rule into it, the Automation account with its runbook and the hourly Logic App, the least roles, and one
 * hourly rule per threshold. End to end on the local ARM endpoint: apply deploys it all, the job starts as the Logic App
 * starts it, runs under the real PowerShell, queries through Resource Manager and sends its rows through the Logs
 * Ingestion API to the rule's endpoint.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { applyDeployment, sdkGateway, type Target } from '../../src/apply/index.js';
import { buildDeployment } from '../../src/resources/index.js';
import { BUDGET_RUNBOOK } from '../../src/resources/budget.js';
import { CONTENT_TAG, contentHash } from '../../src/resources/recovery.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { FileText, Merge, ResourcePropertyRef, SubscriptionResourceRef } from '../../src/resources/model.js';
import { startDrillEmulator } from '../helpers/arm-drill.js';
import { generationOf, testCredential } from '../helpers/apply.js';
import { parseErrors, pwsh, pwshTest, runPwshAsync } from '../helpers/pwsh.js';
import { baseSpec, WORKSPACE } from '../helpers/specs.js';

const spec = (budget: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) =>
  baseSpec({
    notifications: { oncall: { email: ['oncall@contoso.com'] }, team: { email: ['team@contoso.com'] } },
    slos: [
      { name: 'api', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] }, ...(budget ? { budget } : {}) } },
      { name: 'latency', sli: { requestLatency: { thresholdMs: 300 } }, objective: 99, window: '28d', alerting: { page: { notify: ['oncall'] } } },
    ],
    ...extra,
  });
const deploymentOf = (s: Record<string, unknown>) => buildDeployment([buildServiceModel(s as unknown as ServiceSpec)]);
const withBudget = deploymentOf(spec({ remainingBelow: [25, 50], exhausted: true, notify: ['team'] }));
const of = (type: string) => withBudget.resources.filter((r) => r.type === type);

test('an SLO without budget alerts adds nothing: no table, no job, no rule', () => {
  const d = deploymentOf(spec(undefined));
  assert.equal(d.modules.map((m) => m.path).filter((p) => p.includes('budget')), []);
  assert.equal(d.resources.filter((r) => /budget/.test(r.key)), []);
});

test('the table, the Direct rule into it and the job live in their own modules; the table and the read role in the workspace\'s resource group', () => {
  const modules = Object.fromEntries(withBudget.modules.filter((m) => m.path.includes('budget')).map((m) => [m.path, m.scopeOf?.name]));
  assert.equal(modules, { 'checkout/budget-table': 'checkoutWorkspaceId', 'checkout/budget': undefined, 'checkout/budget-access': 'checkoutWorkspaceId' });
  const table = of('Microsoft.OperationalInsights/workspaces/tables')[0]!;
  assert.is(table.name, 'AzsloBudget_checkout_CL');
  const dcr = of('Microsoft.Insights/dataCollectionRules')[0]!;
  assert.is(dcr.kind, 'Direct');
  const props = dcr.properties as { dataFlows: { streams: string[]; outputStream: string }[]; streamDeclarations: Record<string, unknown> };
  assert.equal(Object.keys(props.streamDeclarations), ['Custom-AzsloBudget_checkout_CL']);
  assert.equal(props.dataFlows[0]!.outputStream, 'Custom-AzsloBudget_checkout_CL');
  assert.equal(dcr.dependsOn, [table.key], 'the rule writes into a table that must exist');
  assert.equal((dcr.location as { name: string }).name, 'checkoutWorkspaceLocation', 'the rule goes in the workspace\'s region');
});

test('least privilege: the job may read the workspace and send to its one rule; the Logic App may start its jobs; nothing else', () => {
  const grants = of('Microsoft.Authorization/roleAssignments').map((r) => {
    const p = r.properties as { roleDefinitionId: unknown; principalId: ResourcePropertyRef };
    const role = typeof p.roleDefinitionId === 'string' ? p.roleDefinitionId.split('/').pop() : (p.roleDefinitionId as SubscriptionResourceRef).name;
    const scope = r.scope && 'key' in r.scope ? r.scope.key.split('/').pop() : r.scope?.id;
    return [role, scope, p.principalId.key.split('/').pop(), r.templateOnly !== undefined];
  });
  assert.equal(grants.sort(), [
    // Automation Contributor: the template-only script that publishes the runbook (apply publishes it itself).
    ['f353d9bd-d4a6-484e-a77a-8050b599b867', 'aa-checkout-budget', 'id-checkout-budget-publisher', true],
    // Monitoring Metrics Publisher on the data collection rule only.
    ['3913510d-42f4-4e42-8a64-420c390055eb', 'dcr-checkout-budget', 'aa-checkout-budget', false],
    // Automation Job Operator on the account, for the hourly Logic App.
    ['4fe576fe-1146-4730-92eb-48519fa6bf9f', 'aa-checkout-budget', 'la-checkout-budget-hourly', false],
    // Log Analytics Reader on the workspace: the job runs the SLI queries.
    ['73c42c96-874c-492b-b04d-ab87d138a893', WORKSPACE, 'aa-checkout-budget', false],
  ].sort());
  const account = of('Microsoft.Automation/automationAccounts')[0]!.properties as Record<string, unknown>;
  assert.equal([account.disableLocalAuth, account.publicNetworkAccess], [true, false]);
});

test('one hourly rule per threshold over the last two hours of the table, to the budget\'s targets', () => {
  const rules = withBudget.resources.filter((r) => r.key.includes('-budget-') && r.type === 'Microsoft.Insights/scheduledQueryRules');
  assert.equal(rules.map((r) => r.name), ['slo-checkout-api-budget-below-50', 'slo-checkout-api-budget-below-25', 'slo-checkout-api-budget-exhausted']);
  for (const r of rules) {
    const p = r.properties as Record<string, any>;
    assert.equal([p.evaluationFrequency, p.windowSize, p.autoMitigate], ['PT1H', 'PT2H', true]);
    assert.equal(p.actions.actionGroups.map((g: { key: string }) => g.key), ['checkout/alerting/ag-team']);
    assert.match((p.criteria.allOf[0].query as FileText).content, /^\/\/ The newest budget row[^\n]*\nAzsloBudget_checkout_CL\n/);
  }
  assert.equal(rules.map((r) => (r.properties as any).severity), [3, 3, 2], 'an exhausted budget is more severe');
});

test('the runbook carries its content hash, and the Logic App passes the rule\'s immutable id and endpoint as Azure assigns them', () => {
  const runbook = of('Microsoft.Automation/automationAccounts/runbooks')[0]!;
  const content = runbook.publish!.content.content;
  assert.is(((runbook.tags as Merge).parts[1] as Record<string, string>)[CONTENT_TAG], contentHash(content));
  assert.match(content, /Slo = 'api'|Name = 'api'/);
  const workflow = of('Microsoft.Logic/workflows')[0]!;
  const params = (workflow.properties as any).parameters;
  assert.equal(params.dcrImmutableId.value.path, ['properties', 'immutableId']);
  assert.equal(params.ingestionEndpoint.value.path, ['properties', 'endpoints', 'logsIngestion']);
  assert.equal((workflow.properties as any).definition.triggers.hourly, { type: 'Recurrence', recurrence: { frequency: 'Hour', interval: 1 } });
});

test('the runbook parses with PowerShell\'s own parser', () => {
  if (!pwsh()) return;
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-budget-'));
  const file = path.join(dir, 'budget.ps1');
  writeFileSync(file, of('Microsoft.Automation/automationAccounts/runbooks')[0]!.publish!.content.content);
  try {
    assert.equal(parseErrors([file])[file], []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const target: Target = { subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg-monitoring' };

/** Starts a job as the Logic App's action does: its PUT, with its parameters filled in from the deployed workflow. */
async function startAsLogicApp(endpoint: string, ca: string, workflow: Record<string, any>): Promise<string> {
  const def = workflow.properties.definition.actions.start_budget_job.inputs;
  const values = Object.fromEntries(Object.entries(workflow.properties.parameters as Record<string, { value: string }>).map(([k, v]) => [k, v.value]));
  const fill = (text: string) => text.replace(/@\{parameters\('([^']+)'\)\}/g, (_, k: string) => values[k]!).replace('@{guid()}', '00000000-0000-4000-8000-00000000b0d1');
  const uri = new URL(fill(def.uri));
  const body = JSON.parse(fill(JSON.stringify(def.body)));
  const status = await new Promise<number>((resolve, reject) => {
    const req = https.request(`${endpoint}${uri.pathname}${uri.search}`, { method: 'PUT', ca, headers: { 'content-type': 'application/json', authorization: 'Bearer test-token' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
  assert.is(status, 201);
  return uri.pathname;
}

pwshTest(test)('apply deploys it all; the hourly job computes each budget and sends one row per SLO to the table\'s stream', async () => {
  const text = stringify(spec({ remainingBelow: [50, 25], exhausted: true, notify: ['team'] }));
  const generation = generationOf(text);
  let content: (account: string, runbook: string) => string | undefined = () => undefined;
  const { arm, drill, jobs } = await startDrillEmulator({ recovery: { acceptTokens: ['test-token'], operationPolls: 1, retryAfterSeconds: 0 }, jobs: { content: (a, r) => content(a, r) } });
  try {
    content = (account, runbook) => arm.runbooks.get(`${account}/runbooks/${runbook}`.toLowerCase())?.published;
    const gateway = sdkGateway({ credential: testCredential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca, maxRetries: 2, retryDelayMs: 10 });
    const applied = await applyDeployment({ lock: { settleMs: 20 }, generation, gateway, target, env: {} });
    assert.ok(applied.results.every((r) => r.ok), JSON.stringify(applied.results.filter((r) => !r.ok).map((r) => r.error)));
    const stored = (type: string) => [...arm.store.values()].filter((r) => r.id.toLowerCase().includes(type.toLowerCase()));
    const [workflow] = stored('/Microsoft.Logic/workflows/la-checkout-budget-hourly');
    assert.ok(workflow, 'the Logic App is deployed');
    const [dcr] = stored('/Microsoft.Insights/dataCollectionRules/dcr-checkout-budget');
    const params = (workflow!.body as any).properties.parameters;
    assert.is(params.dcrImmutableId.value, (dcr!.body as any).properties.immutableId, 'apply read the id Azure assigned');
    assert.is(params.ingestionEndpoint.value, arm.endpoint);
    assert.ok(arm.runbooks.get(`${stored('/runbooks/' + BUDGET_RUNBOOK)[0]!.id}`.toLowerCase())?.published, 'the runbook is published');

    // 999 400 good of 1 000 000 at 99.9 %: 600 bad of a 1 000 budget, 40 % remains.
    drill.answerQueries((query, timespan) => {
      assert.is(timespan, 'P30D');
      if (!/checkout_api\(\)/.test(query)) return undefined;
      return { columns: [{ name: 'PeriodStart', type: 'datetime' }, { name: 'Good', type: 'long' }, { name: 'Total', type: 'long' }, { name: 'RemainingPercent', type: 'real' }], rows: [['2026-11-01T12:00:00Z', 999400, 1000000, 40]] };
    });
    const jobPath = await startAsLogicApp(arm.endpoint, arm.ca, workflow!.body);
    const job = jobs!.jobs.get(jobPath.toLowerCase())!;
    for (let i = 0; i < 600 && (job.status === 'New' || job.status === 'Running'); i++) await new Promise((r) => setTimeout(r, 100));
    assert.is(job.status, 'Completed', job.streams.map((s) => s.text).join('\n'));
    const rows = arm.ingested.get('Custom-AzsloBudget_checkout_CL') ?? [];
    assert.is(rows.length, 1);
    const { TimeGenerated, ...row } = rows[0]!;
    assert.match(String(TimeGenerated), /^\d{4}-\d\d-\d\dT/);
    assert.equal(row, { Service: 'checkout', Slo: 'api', Objective: 99.9, WindowDays: 30, PeriodStart: '2026-11-01T12:00:00.0000000+00:00', Good: 999400, Total: 1000000, RemainingPercent: 40 });
    assert.equal(drill.queries().map((q) => q.timespan), ['P30D']);
  } finally {
    await arm.close();
  }
});

pwshTest(test)('an SLO whose query fails is left out: the others are still sent, and the job fails naming it', async () => {
  const both = deploymentOf(
    baseSpec({
      slos: [
        { name: 'api', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { budget: { exhausted: true } } },
        { name: 'latency', sli: { requestLatency: { thresholdMs: 300 } }, objective: 99, window: '28d', alerting: { budget: { remainingBelow: [10] } } },
      ],
    }),
  );
  const text = both.resources.find((r) => r.type === 'Microsoft.Automation/automationAccounts/runbooks')!.publish!.content.content;
  const { arm, recovery, drill } = await startDrillEmulator({ recovery: { operationPolls: 1, retryAfterSeconds: 0 } });
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-budget-job-'));
  try {
    const dcrId = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-monitoring/providers/Microsoft.Insights/dataCollectionRules/dcr-checkout-budget';
    const declared = (both.resources.find((r) => r.type === 'Microsoft.Insights/dataCollectionRules')!.properties as { streamDeclarations: unknown }).streamDeclarations;
    await put(arm.endpoint, arm.ca, `${dcrId}?api-version=2023-03-11`, { location: 'westeurope', kind: 'Direct', properties: { streamDeclarations: declared } });
    const immutableId = (arm.store.get(dcrId.toLowerCase())!.body as any).properties.immutableId as string;
    drill.answerQueries((query) => (/checkout_api\(\)/.test(query) ? { columns: [{ name: 'PeriodStart', type: 'datetime' }, { name: 'Good', type: 'long' }, { name: 'Total', type: 'long' }, { name: 'RemainingPercent', type: 'real' }], rows: [['2026-11-01T12:00:00Z', 10, 10, 100]] } : undefined));
    const file = path.join(dir, 'budget.ps1');
    writeFileSync(file, text);
    const r = await runPwshAsync(['-File', file, '-ArmEndpoint', arm.endpoint, '-DcrImmutableId', immutableId, '-IngestionEndpoint', arm.endpoint], { env: { ...recovery.env(), AZSLO_SKIP_CERTIFICATE_CHECK: '1' } });
    assert.is.not(r.code, 0, 'the job fails');
    assert.match(r.stderr + r.stdout, /the budget of latency could not be computed/);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { slo?: string; result: string });
    assert.equal(lines.map((l) => [l.slo, l.result]), [['api', 'computed'], ['latency', 'failed'], [undefined, 'sent']]);
    assert.equal((arm.ingested.get('Custom-AzsloBudget_checkout_CL') ?? []).map((x) => [x.Slo, x.RemainingPercent]), [['api', 100]]);
    assert.equal(drill.queries().map((q) => q.timespan), ['P30D', 'P28D']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await arm.close();
  }
});

function put(endpoint: string, ca: string, pathAndQuery: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${endpoint}${pathAndQuery}`, { method: 'PUT', ca, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

test.run();
