/**
 * Drills deployed with the rest (docs/drills.md), on test/fixtures/drill/two-region.yaml: Chaos targets and
 * capabilities on exactly the faulted resources, the experiments with their identities, the faults' roles for each
 * identity on exactly its resources (with the catalog's role definition ids), the disabled alert processing rules that
 * silence the service's alerts during a drill and the announcement to the drill's receivers; the Bicep builds and lints clean with the real Bicep CLI, and
 * apply against the local ARM endpoint writes it all and then has nothing left to do.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { drillExperiments, plansOf } from '../../src/drplan/index.js';
import { fact } from '../../src/catalog/index.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { buildDeployment } from '../../src/resources/index.js';
import { deployedAlertRules } from '../../src/resources/deployed-alerts.js';
import { drillAlertRouting, isoDuration } from '../../src/resources/chaos.js';
import { DeploymentSubscriptionRef, ResourceIdRef, ResourcePropertyRef, type AzureResource, type Value } from '../../src/resources/model.js';
import { bicepTarget } from '../../src/bicep/writer.js';
import { applyDeployment, planDeployment, sdkGateway, type Target } from '../../src/apply/index.js';
import { startArmEmulator } from '../helpers/arm-emulator.js';
import { bicepTest, buildParams, compileOutput, paramEnv, root, runBicep, type ArmTemplate } from '../helpers/bicep.js';
import { deployedResources } from '../helpers/arm-template.js';
import { callbackUrlFor } from '../helpers/arm-emulator.js';
import { lockId } from '../../src/apply/index.js';
import { unstamp } from '../../src/apply/drift.js';
import { generationOf, testCredential } from '../helpers/apply.js';

const spec = parse(readFileSync(path.join(root, 'test/fixtures/drill/two-region.yaml'), 'utf8')) as ServiceSpec;
const service = buildServiceModel(spec);
const deployment = buildDeployment([service]);
const { plans, scenarios } = plansOf(service);
const experiments = drillExperiments(service, plans, scenarios);
const ofType = (t: string) => deployment.resources.filter((r) => r.type === t);
const props = (r: AzureResource) => r.properties as Record<string, Value>;
const roleIds = fact('recovery-runner', 'builtInRoles');
/** JSON with object keys sorted: bodies compared whatever order their keys were written in. */
const canonical = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x));

test('a Chaos target and capability on exactly each faulted resource, in a module scoped to its resource group', () => {
  const wanted = [...new Set(experiments.flatMap((e) => e.faults.map((f) => `${f.resourceId} ${f.targetType} ${f.capability}`)))].sort();
  const targets = ofType('Microsoft.Chaos/targets');
  const capabilities = ofType('Microsoft.Chaos/targets/capabilities');
  const byKey = new Map(targets.map((t) => [t.key, t]));
  const have = capabilities.map((c) => {
    const t = byKey.get(c.within!)!;
    return `${(t.scope as { id: string }).id} ${t.name} ${c.name}`;
  }).sort();
  assert.equal(have, wanted);
  assert.is(targets.length, new Set(wanted.map((w) => w.split(' ').slice(0, 2).join(' '))).size, 'one target per resource and target type');
  for (const t of targets) {
    const mod = deployment.modules.find((m) => m.path === t.module)!;
    assert.match(mod.path, /^shop\/drill-targets-\d$/);
    assert.ok(mod.scopeOf);
  }
});

test('one experiment per drilled plan, with a system-assigned identity, its selectors and steps, after its capabilities', () => {
  const list = ofType('Microsoft.Chaos/experiments');
  assert.equal(list.map((e) => e.name), experiments.map((e) => e.name));
  for (const e of list) {
    assert.is(e.module, 'shop/drills');
    assert.equal(e.identity, { type: 'SystemAssigned' });
    assert.ok(e.dependsOn.length > 0 && e.dependsOn.every((k) => deployment.resources.find((r) => r.key === k)?.type === 'Microsoft.Chaos/targets/capabilities'));
  }
  const zone = list.find((e) => e.name.endsWith('zoneoutage-westeurope'))!;
  const selectors = props(zone).selectors as Record<string, Value>[];
  assert.equal(selectors[0]!.filter, { type: 'Simple', parameters: { zones: ['1'] } });
  const region = list.find((e) => e.name.endsWith('regionoutage-westeurope'))!;
  const actions = ((props(region).steps as Record<string, Value>[])[0]!.branches as { actions: Record<string, Value>[] }[]).flatMap((b) => b.actions);
  assert.ok(actions.every((a) => a.type === 'continuous' && a.duration === 'PT1H30M'), 'the drill timeout of 90m');
  assert.equal(actions.map((a) => a.name), ['urn:csci:microsoft:appService:stop/1.0', 'urn:csci:microsoft:keyVault:denyAccess/1.0', 'urn:csci:microsoft:networkSecurityGroup:securityRule/1.0', 'urn:csci:microsoft:virtualMachineScaleSet:shutdown/2.0']);
  const location = deployment.params.find((p) => p.name === 'shopDrillLocation');
  assert.equal(location?.source, { kind: 'literal', value: 'northeurope' });
});

test('each experiment’s identity gets each fault’s roles on exactly the fault’s resource, with the catalog’s role ids', () => {
  const experimentKeys = new Set(ofType('Microsoft.Chaos/experiments').map((e) => e.key));
  const grants = ofType('Microsoft.Authorization/roleAssignments').filter((g) => {
    const p = props(g).principalId;
    return p instanceof ResourcePropertyRef && experimentKeys.has(p.key);
  });
  const name = (id: string) => Object.entries(roleIds).find(([, v]) => v === id)?.[0];
  const have = grants.map((g) => `${(props(g).principalId as ResourcePropertyRef).key.split('/').pop()} ${name(String(props(g).roleDefinitionId).split('/').pop()!)} ${(g.scope as { id: string }).id}`).sort();
  const wanted = experiments.flatMap((e) => e.faults.flatMap((f) => f.roles.map((r) => `${e.name} ${r} ${f.resourceId}`))).sort();
  assert.equal(have, [...new Set(wanted)]);
  assert.ok(grants.every((g) => /^shop\/drill-access-\d$/.test(g.module)));
  assert.ok(grants.every((g) => String(props(g).description).startsWith("azslo-managed for service 'shop'")));
});

test('alert processing rules silence the service’s own alerts (all but Service Health, which they cannot touch), deployed disabled', () => {
  const rules = ofType('Microsoft.AlertsManagement/actionRules');
  assert.ok(rules.length > 0);
  const own = deployedAlertRules(deployment, 'shop').filter((r) => r.kind !== 'service-health' && r.kind !== 'drill-announcement');
  const matched = rules.flatMap((r) => ((props(r).conditions as { field: string; values: ResourceIdRef[] }[])[0]!.values).map((v) => v.key));
  assert.equal(matched, own.map((r) => r.key), 'every rule of the service, each once');
  for (const r of rules) {
    const p = props(r);
    assert.is(p.enabled, false, 'nothing changes until a drill turns it on');
    assert.ok((p.scopes as Value[])[0] instanceof DeploymentSubscriptionRef, 'within the rule’s own subscription');
    const conditions = p.conditions as { field: string; operator: string; values: Value[] }[];
    assert.is(conditions[0]!.field, 'AlertRuleId');
    assert.ok(conditions[0]!.values.length <= fact('alert-processing-rules', 'maxValuesPerCondition'));
    assert.equal(p.actions, [{ actionType: 'RemoveAllActionGroups' }], 'on-call is not paged while it is on');
    assert.is(r.location, 'Global');
  }
});

test('the drill’s receivers hear when a drill turns the silencing on and off: an activity log alert on those rules’ writes', () => {
  const [announcement, ...more] = ofType('Microsoft.Insights/activityLogAlerts').filter((r) => r.module === 'shop/drills');
  assert.ok(announcement);
  assert.equal(more, []);
  const p = props(announcement!);
  const allOf = (p.condition as { allOf: Value[] }).allOf;
  assert.equal(allOf.slice(0, 2), [{ field: 'category', equals: 'Administrative' }, { field: 'operationName', equals: 'Microsoft.AlertsManagement/actionRules/write' }]);
  const watched = ((allOf[2] as { anyOf: { field: string; equals: ResourceIdRef }[] }).anyOf).map((c) => c.equals.key);
  assert.equal(watched, ofType('Microsoft.AlertsManagement/actionRules').map((r) => r.key));
  assert.equal(p.actions, { actionGroups: [{ actionGroupId: new ResourceIdRef('shop/alerting/ag-drill-team') }] });
  assert.is(deployedAlertRules(deployment, 'shop').find((r) => r.name === announcement!.name)!.kind, 'drill-announcement');
});

test('what a drill switches: the silencing rules, by name, and the experiment of each scenario', () => {
  const routing = drillAlertRouting(deployment, service, experiments);
  assert.equal(routing.silence, ofType('Microsoft.AlertsManagement/actionRules').map((r) => r.name));
  assert.ok(routing.silence.every((n) => n.startsWith('apr-azslo-shop-drill-silence')));
  assert.is(routing.announcement, 'ad-shop-drill');
  assert.is(routing.experiments['regionOutage/westeurope'], 'exp-azslo-shop-regionoutage-westeurope');
});

test('ISO durations as Chaos Studio takes them', () => {
  assert.equal([isoDuration(5400), isoDuration(7200), isoDuration(45), isoDuration(0)], ['PT1H30M', 'PT2H', 'PT45S', 'PT0S']);
});

test('a spec without recovery.drill deploys none of it', () => {
  const { drill: _d, ...recovery } = spec.recovery!;
  const plain = buildDeployment([buildServiceModel({ ...spec, recovery })]);
  assert.not.ok(plain.modules.some((m) => m.path.includes('drill')));
  assert.not.ok(plain.resources.some((r) => r.type.startsWith('Microsoft.Chaos') || r.type === 'Microsoft.AlertsManagement/actionRules'));
});

bicepTest(test)('the Bicep builds and every file lints clean with the real Bicep CLI', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-drill-'));
  try {
    for (const f of bicepTarget.write(deployment)) {
      mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      writeFileSync(path.join(dir, f.path), f.content);
    }
    const out = compileOutput(dir);
    assert.equal(out.failures, []);
    assert.equal(out.diagnostics, []);
    const drills = readFileSync(path.join(dir, 'shop/drills.bicep'), 'utf8');
    assert.match(drills, /'Microsoft\.Chaos\/experiments@2025-01-01'/);
    assert.match(drills, /'Microsoft\.AlertsManagement\/actionRules@2021-08-08'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('apply against the local ARM endpoint creates targets, capabilities, experiments, grants and routing, then has nothing left to do', async () => {
  const arm = await startArmEmulator();
  const target: Target = { subscriptionId: '00000000-0000-0000-0000-00000000d1a5', resourceGroup: 'rg-ops' };
  try {
    const generation = generationOf(stringify(spec));
    const gateway = sdkGateway({ credential: testCredential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca });
    const r = await applyDeployment({ generation, gateway, target, lock: { settleMs: 10 } });
    assert.ok(r.results.every((x) => x.ok), JSON.stringify(r.results.filter((x) => !x.ok).map((x) => x.error)));
    const stored = [...arm.store.values()];
    const capability = stored.find((x) => /\/providers\/Microsoft\.Chaos\/targets\/Microsoft-VirtualMachineScaleSet\/capabilities\/Shutdown-2\.0$/i.test(x.id));
    assert.ok(capability, 'a capability under its target, on the scale set');
    const experiment = stored.find((x) => x.id.toLowerCase().endsWith('/providers/microsoft.chaos/experiments/exp-azslo-shop-regionoutage-westeurope'))!;
    const principal = (experiment.body.identity as { principalId: string }).principalId;
    const grants = stored.filter((x) => /roleAssignments/i.test(x.id) && (x.body.properties as Record<string, unknown>).principalId === principal);
    assert.is(grants.length, experiments.find((e) => e.scenario === 'regionOutage/westeurope')!.faults.flatMap((f) => f.roles).length);
    const rule = stored.find((x) => /actionRules\/apr-azslo-shop-drill-silence/i.test(x.id))!;
    assert.is((rule.body.properties as Record<string, unknown>).enabled, false);
    const again = await planDeployment({ generation, gateway, target });
    assert.equal(again.filter((i) => i.action !== 'unchanged').map((i) => `${i.action} ${i.id}`), []);
  } finally {
    await arm.close();
  }
});

bicepTest(test)('what apply PUTs for the drills equals what the compiled Bicep deploys', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-drill-parity-'));
  const arm = await startArmEmulator();
  const target: Target = { subscriptionId: '00000000-0000-0000-0000-00000000d1a5', resourceGroup: 'rg-ops' };
  try {
    const generation = generationOf(stringify(spec));
    for (const f of generation.files) {
      mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
      writeFileSync(path.join(dir, f.path), f.content);
    }
    const paramsText = readFileSync(path.join(dir, 'main.bicepparam'), 'utf8');
    const built = runBicep(['build', 'main.bicep', '--stdout'], { cwd: dir });
    assert.is(built.code, 0, built.stderr);
    const params = buildParams(dir, paramsText);
    assert.is(params.code, 0, params.stderr);
    const parameters = Object.fromEntries(Object.entries((JSON.parse((JSON.parse(params.stdout) as { parametersJson: string }).parametersJson) as { parameters: Record<string, { value?: unknown }> }).parameters).map(([k, v]) => [k, v.value]));
    const template = JSON.parse(built.stdout) as ArmTemplate & { parameters: Record<string, { defaultValue?: unknown }> };
    for (const [k, p] of Object.entries(template.parameters)) if (!(k in parameters) && p.defaultValue !== undefined) parameters[k] = p.defaultValue;
    const gateway = sdkGateway({ credential: testCredential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca });
    const r = await applyDeployment({ generation, gateway, target, env: paramEnv(paramsText), lock: { settleMs: 10 } });
    assert.ok(r.results.every((x) => x.ok), JSON.stringify(r.results.filter((x) => !x.ok).map((x) => x.error)));
    const runtime = {
      reference: (id: string, full: boolean) => {
        const body = arm.store.get(id.toLowerCase())?.body ?? { properties: {} };
        return full ? body : body.properties;
      },
      list: (id: string) => ({ value: callbackUrlFor(id.replace(/\/triggers\/[^/]+$/i, ''), id.split('/').pop()!) }),
    };
    const fromBicep = deployedResources(template, { parameters, variables: template.variables ?? {}, ...target, runtime });
    const drillTypes = /^microsoft\.(chaos\/|alertsmanagement\/)/i;
    const puts = [...arm.puts].filter(([id]) => id !== lockId(target).toLowerCase());
    const experimentPrincipals = new Set([...arm.store.values()].filter((x) => /microsoft\.chaos\/experiments\//i.test(x.id)).map((x) => (x.body.identity as { principalId: string }).principalId));
    const drillPuts = puts.filter(([id, sent]) => {
      const type = r.plan.find((i) => i.id.toLowerCase() === id)!.type;
      return drillTypes.test(type) || (type === 'Microsoft.Authorization/roleAssignments' && experimentPrincipals.has((sent.body.properties as { principalId: string }).principalId));
    });
    assert.ok(drillPuts.length > 10);
    for (const [id, sent] of drillPuts) {
      const type = r.plan.find((i) => i.id.toLowerCase() === id)!.type;
      const last = id.split('/').pop()!;
      const candidates = fromBicep.filter((b) => b.type.toLowerCase() === type.toLowerCase() && b.name.toLowerCase().split('/').pop() === last);
      assert.ok(candidates.length > 0, `${id} is in the compiled template`);
      const body = unstamp(sent.body, type);
      assert.ok(candidates.some((c) => c.apiVersion === sent.apiVersion && canonical(c.body) === canonical(body)), `${id}: ${canonical(body)} vs ${candidates.map((c) => canonical(c.body)).join(' | ')}`);
    }
  } finally {
    await arm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
