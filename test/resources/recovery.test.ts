/**
 * Recovery plans deployed with the rest (docs/recovery-plans.md), on the two-region estate of
 * test/fixtures/drplan/two-region.yaml: what the deployment holds, that its Bicep builds and lints clean with the real
 * Bicep CLI, and that apply against the local ARM endpoint publishes the runbook and grants exactly the plan's roles;
 * a spec without `recovery` deploys nothing of it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { plansOf, renderRunbook } from '../../src/drplan/index.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { buildDeployment } from '../../src/resources/index.js';
import { deployedAlertRules } from '../../src/resources/deployed-alerts.js';
import { CallbackUrlRef, FileText, Merge, ResourceIdRef, type AzureResource, type Value } from '../../src/resources/model.js';
import { CONTENT_TAG } from '../../src/resources/recovery.js';
import { bicepTarget } from '../../src/bicep/writer.js';
import { applyDeployment, planDeployment, sdkGateway, type Target } from '../../src/apply/index.js';
import { startArmEmulator } from '../helpers/arm-emulator.js';
import { bicepTest, compileOutput, root } from '../helpers/bicep.js';
import { generationOf, testCredential } from '../helpers/apply.js';

const specText = readFileSync(path.join(root, 'test/fixtures/drplan/two-region.yaml'), 'utf8');
const spec = parse(specText) as ServiceSpec;
const service = buildServiceModel(spec);
const deployment = buildDeployment([service]);
const plan = plansOf(service).plans[0]!;
const ofType = (t: string) => deployment.resources.filter((r) => r.type === t);
const props = (r: AzureResource) => r.properties as Record<string, Value>;

test('an Automation account in the runner region: system identity, Entra ID only, no public non-ARM endpoint', () => {
  const [account] = ofType('Microsoft.Automation/automationAccounts');
  assert.ok(account);
  assert.equal(account!.identity, { type: 'SystemAssigned' });
  assert.equal(props(account!), { sku: { name: 'Basic' }, disableLocalAuth: true, publicNetworkAccess: false });
  const location = deployment.params.find((p) => p.name === 'shopRecoveryLocation');
  assert.equal(location?.source, { kind: 'literal', value: 'northeurope' });
  const [runtime] = ofType('Microsoft.Automation/automationAccounts/runtimeEnvironments');
  assert.equal(props(runtime!).runtime, { language: 'PowerShell', version: '7.4' });
});

test('one runbook per plan, named by the plan, its text the rendered runbook with the triggering rules’ deployed names', () => {
  const runbooks = ofType('Microsoft.Automation/automationAccounts/runbooks');
  assert.equal(runbooks.map((r) => r.name), [plan.runbook]);
  const rules = deployedAlertRules(deployment, 'shop').filter((r) => r.kind === 'service-health').map((r) => r.name);
  assert.is(rules.length, 1);
  const content = runbooks[0]!.publish!.content;
  assert.ok(content instanceof FileText);
  assert.is(content.path, `shop/runbooks/${plan.runbook}.ps1`);
  assert.is(content.content, renderRunbook(plan, rules));
  assert.is(props(runbooks[0]!).runtimeEnvironment, 'azslo-powershell-74');
  // The Bicep publishes it with a deployment script that loads the same file and runs again when its hash changes.
  const [script] = ofType('Microsoft.Resources/deploymentScripts');
  assert.ok(script!.templateOnly);
  const env = props(script!).environmentVariables as { name: string; value: Value }[];
  assert.is(env.find((e) => e.name === 'RUNBOOK_CONTENT')!.value, content);
  const contentTag = ((runbooks[0]!.tags as Merge).parts[1] as Record<string, string>)[CONTENT_TAG];
  assert.match(String(contentTag), /^[0-9a-f]{32}$/);
  assert.is(props(script!).forceUpdateTag, contentTag);
});

test('each step’s role for the account’s identity on exactly the step’s resources, nothing else', () => {
  const grants = deployment.resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments' && r.scope && 'id' in r.scope);
  const wanted = [...new Set(plan.steps.flatMap((s) => (s.role && s.request ? s.scopes.map((id) => `${s.role} ${id}`) : [])))].sort();
  const roles: Record<string, string> = { 'b24988ac-6180-42a0-ab88-20f7382dd24c': 'Contributor', '230815da-be43-4aae-9cb4-875f7bd000aa': 'Cosmos DB Operator', '6d8ee4ec-f05a-4a1d-8b00-a9b17e38b437': 'SQL Server Contributor', '17d1049b-9a84-46fb-8f53-869881c3d3ab': 'Storage Account Contributor', 'ec156ff8-a8d1-4d15-830c-5b80698ca432': 'CDN Profile Contributor' };
  const have = grants.map((g) => `${roles[String(props(g).roleDefinitionId).split('/').pop()!]} ${(g.scope as { id: string }).id}`).sort();
  assert.equal(have, wanted);
  assert.ok(grants.every((g) => g.module === 'shop/recovery-access-1'));
  assert.equal(deployment.modules.find((m) => m.path === 'shop/recovery-access-1')?.scopeOf?.name, 'shopRecoveryScope1');
});

test('the plan’s alert starts it through a Logic App, never a webhook: its action group is added to the service-health rule', () => {
  assert.is(ofType('Microsoft.Automation/automationAccounts/webhooks').length, 0);
  const [workflow] = ofType('Microsoft.Logic/workflows');
  const group = ofType('Microsoft.Insights/actionGroups').find((g) => g.module === 'shop/recovery')!;
  const receiver = (props(group).logicAppReceivers as Record<string, Value>[])[0]!;
  assert.ok(receiver.callbackUrl instanceof CallbackUrlRef && receiver.callbackUrl.key === workflow!.key);
  const rule = deployment.resources.find((r) => r.type === 'Microsoft.Insights/activityLogAlerts' && r.name.startsWith('sh-'))!;
  const groups = ((props(rule).actions as Record<string, Value>).actionGroups as { actionGroupId: Value }[]).map((g) => (g.actionGroupId as ResourceIdRef).key);
  assert.ok(groups.includes(group.key));
  const jobOperator = deployment.resources.find((r) => r.type === 'Microsoft.Authorization/roleAssignments' && r.scope && 'key' in r.scope && String(JSON.stringify(props(r).roleDefinitionId)).includes('4fe576fe'));
  assert.ok(jobOperator, 'the Logic App may start jobs on the account');
});

test('no secret and no clock in what is generated', () => {
  const files = bicepTarget.write(deployment);
  const text = files.map((f) => f.content).join('\n');
  assert.not.match(text, /sig=|utcNow|webhooks@/);
  assert.ok(files.some((f) => f.path === `shop/runbooks/${plan.runbook}.ps1`));
});

test('a spec without recovery deploys none of it', () => {
  const { recovery: _r, ...rest } = spec as ServiceSpec & { recovery?: unknown };
  const plain = buildDeployment([buildServiceModel(rest as ServiceSpec)]);
  assert.not.ok(plain.modules.some((m) => m.path.includes('recovery')));
  assert.not.ok(plain.resources.some((r) => r.type.startsWith('Microsoft.Automation') || r.type === 'Microsoft.Authorization/roleAssignments'));
});

bicepTest(test)('the Bicep builds and every file lints clean with the real Bicep CLI', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-recovery-'));
  try {
    for (const f of bicepTarget.write(deployment)) {
      mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      writeFileSync(path.join(dir, f.path), f.content);
    }
    const out = compileOutput(dir);
    assert.equal(out.failures, []);
    assert.equal(out.diagnostics, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('apply against the local ARM endpoint publishes the runbook, grants the roles, then has nothing left to do', async () => {
  const arm = await startArmEmulator();
  const target: Target = { subscriptionId: '00000000-0000-0000-0000-00000000d1a5', resourceGroup: 'rg-ops' };
  try {
    const generation = generationOf(stringify(spec));
    const gateway = sdkGateway({ credential: testCredential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca });
    const r = await applyDeployment({ generation, gateway, target, lock: { settleMs: 10 } });
    assert.ok(r.results.every((x) => x.ok), JSON.stringify(r.results.filter((x) => !x.ok).map((x) => x.error)));
    const runbookId = `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Automation/automationAccounts/aa-azslo-shop/runbooks/${plan.runbook}`.toLowerCase();
    const published = arm.runbooks.get(runbookId);
    assert.is(published?.draftContentType, 'text/powershell');
    assert.is(published?.published, generation.deployment.resources.find((x) => x.name === plan.runbook)!.publish!.content.content);
    assert.is((arm.store.get(runbookId)!.body.properties as Record<string, unknown>).state, 'Published');
    const principal = (arm.store.get(`/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Automation/automationAccounts/aa-azslo-shop`.toLowerCase())!.body.identity as { principalId: string }).principalId;
    const grants = [...arm.store.values()].filter((x) => /\/providers\/Microsoft\.Authorization\/roleAssignments\//i.test(x.id) && !/automationAccounts\/aa-azslo-shop\/providers/i.test(x.id));
    assert.is(grants.length, new Set(plan.steps.flatMap((s) => (s.role && s.request ? s.scopes.map((id) => `${s.role} ${id}`) : []))).size);
    assert.ok(grants.every((g) => (g.body.properties as Record<string, unknown>).principalId === principal), 'every grant is for the account’s identity');
    assert.ok(grants.every((g) => g.id.startsWith('/subscriptions/00000000-0000-0000-0000-00000000d1a5/resourceGroups/rg-dr/providers/')), 'on the estate’s resources');
    // The action group holds the trigger's callback URL as ARM gave it; plan masks it and finds nothing to do.
    const group = [...arm.store.values()].find((x) => x.id.endsWith(`/actionGroups/ag-${plan.runbook}`))!;
    assert.match(String(((group.body.properties as Record<string, unknown>).logicAppReceivers as { callbackUrl: string }[])[0]!.callbackUrl), /sig=/);
    const again = await planDeployment({ generation, gateway, target });
    assert.equal(again.filter((i) => i.action !== 'unchanged').map((i) => `${i.action} ${i.id}`), []);
  } finally {
    await arm.close();
  }
});

test('a runbook whose publish failed is published at the next apply', async () => {
  const arm = await startArmEmulator();
  const target: Target = { subscriptionId: '00000000-0000-0000-0000-00000000d1a5', resourceGroup: 'rg-ops' };
  try {
    const generation = generationOf(stringify(spec));
    const gateway = sdkGateway({ credential: testCredential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca });
    await applyDeployment({ generation, gateway, target, lock: { settleMs: 10 } });
    const runbookId = [...arm.store.keys()].find((k) => k.endsWith(`/runbooks/${plan.runbook}`))!;
    (arm.store.get(runbookId)!.body.properties as Record<string, unknown>).state = 'Edit';
    const next = await planDeployment({ generation, gateway, target });
    const item = next.find((i) => i.id.toLowerCase() === runbookId)!;
    assert.is(item.action, 'update');
    assert.equal(item.changes.map((c) => c.path), ['properties.state']);
    arm.actions.length = 0;
    await applyDeployment({ generation, gateway, target, lock: { settleMs: 10 } });
    assert.ok(arm.actions.some((a) => a.endsWith(`/runbooks/${plan.runbook}/draft/publish`)));
    assert.is((arm.store.get(runbookId)!.body.properties as Record<string, unknown>).state, 'Published');
  } finally {
    await arm.close();
  }
});

test('the approvers hear when a plan stops: the account job-failures alert, narrowed to the plans’ runbooks', () => {
  const rule = deployment.resources.find((r) => r.name === 'ma-shop-recovery-plan-stopped');
  assert.ok(rule, 'a rule for the approvers');
  const p = props(rule!) as { scopes: Value[]; criteria: { allOf: { metricName: string; dimensions: { name: string; values: string[] }[] }[] }; actions: { actionGroupId: Value }[] };
  assert.ok(p.scopes[0] instanceof ResourceIdRef && (p.scopes[0] as ResourceIdRef).key.endsWith('/aa-azslo-shop'));
  const c = p.criteria.allOf[0]!;
  assert.equal([c.metricName, c.dimensions.map((d) => [d.name, d.values])], ['TotalJob', [['Status', ['Failed', 'Suspended']], ['Runbook', [plan.runbook]]]]);
  assert.is(p.actions.length, 1, 'the approvers’ action group (oncall)');
  const rules = deployedAlertRules(deployment, service.slug);
  assert.ok(rules.some((r) => r.kind === 'plan-stopped' && r.name === rule!.name), 'read as a plan-stopped rule, not a resource alert');
});

test.run();
