/**
 * Drill experiments as data (docs/drills.md), on the two-region estate of test/fixtures/drill/two-region.yaml: which
 * catalog faults each drilled plan injects, what is left out and why, Chaos Studio's limits, and determinism.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { DRILL_ZONE, chaosTargetId, drillExperiments, experimentName, plansOf } from '../../src/drplan/index.js';
import { fact } from '../../src/catalog/index.js';
import { resourceCatalog } from '../../src/catalog/resources.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { root } from '../helpers/bicep.js';

const spec = parse(readFileSync(path.join(root, 'test/fixtures/drill/two-region.yaml'), 'utf8')) as ServiceSpec;
const experimentsOf = (s: ServiceSpec) => {
  const service = buildServiceModel(s);
  const { plans, scenarios } = plansOf(service);
  return drillExperiments(service, plans, scenarios);
};
const experiments = experimentsOf(spec);
const byScenario = (id: string) => experiments.find((e) => e.scenario === id);
const faultsOf = (id: string) => byScenario(id)!.faults.map((f) => `${f.resource} ${f.capability}`);

test('one experiment per drilled plan with a fault, named after the service and scenario, in the runner region', () => {
  // zoneOutage/northeurope has drill: false.
  assert.equal(experiments.map((e) => e.scenario), ['componentFailure', 'regionOutage/westeurope', 'zoneOutage/westeurope']);
  assert.equal(experiments.map((e) => e.name), ['exp-azslo-shop-componentfailure', 'exp-azslo-shop-regionoutage-westeurope', 'exp-azslo-shop-zoneoutage-westeurope']);
  assert.ok(experiments.every((e) => e.location === 'northeurope'), 'recovery.runner.location, never the failed region');
  assert.is(experimentName({ slug: 'a'.repeat(80) }, 'regionOutage/westeurope').length, 63);
});

test('a region outage injects every fault that simulates it into the resources located in that region', () => {
  assert.equal(faultsOf('regionOutage/westeurope'), ['app-shop-1 Stop-1.0', 'kv-shop-1 DenyAccess-1.0', 'nsg-shop-1 SecurityRule-1.0', 'vmss-shop-1 Shutdown-2.0']);
  const e = byScenario('regionOutage/westeurope')!;
  assert.not.ok(e.faults.some((f) => f.resource.endsWith('-2')), 'nothing in northeurope is touched');
  // One event: every action side by side, in one step.
  assert.is(e.steps.length, 1);
  assert.is(e.steps[0]!.branches.length, 4);
  const nsg = e.faults.find((f) => f.resource === 'nsg-shop-1')!;
  assert.equal(nsg.parameters.find((p) => p.key === 'priority'), { key: 'priority', value: '110' }, 'the placeholder filled from recoveryParameters');
  assert.equal(nsg.roles, ['Network Contributor']);
});

test('a fault that does the recovery itself is left out when the plan’s drill runs that recovery’s planned step', () => {
  const skipped = byScenario('regionOutage/westeurope')!.skipped;
  const cosmos = skipped.find((s) => s.resource === 'cosmos-shop');
  assert.ok(cosmos);
  assert.match(cosmos!.reason, /failover fault carries out the recovery itself.*planned step/);
  assert.match(skipped.find((s) => s.resource === 'redis-shop-1')!.reason, /no fault for Microsoft\.Cache\/Redis that simulates a region outage/);
});

test('without a drill step for it, Cosmos DB’s failover fault is the disruption, its read region the secondary', () => {
  const resources = spec.resources!.map((r) => (r.id.endsWith('/cosmos-shop') ? { ...r, recovery: undefined } : r));
  const e = experimentsOf({ ...spec, resources }).find((x) => x.scenario === 'regionOutage/westeurope')!;
  const cosmos = e.faults.find((f) => f.resource === 'cosmos-shop');
  assert.ok(cosmos, JSON.stringify(e.skipped));
  assert.is(cosmos!.urn, 'urn:csci:microsoft:cosmosDB:failover/1.0');
  assert.equal(cosmos!.parameters, [{ key: 'readRegion', value: 'North Europe' }]);
  assert.equal(cosmos!.roles, ['Cosmos DB Operator']);
});

test('a zone outage uses only zone-filtered faults, filtered on the drilled zone', () => {
  const e = byScenario('zoneOutage/westeurope')!;
  assert.equal(faultsOf('zoneOutage/westeurope'), ['vmss-shop-1 Shutdown-2.0']);
  assert.equal(e.selectors.map((s) => s.zones), [[DRILL_ZONE]]);
  assert.equal(e.selectors[0]!.targets, [chaosTargetId(spec.resources![0]!.id, 'Microsoft-VirtualMachineScaleSet')]);
  assert.ok(e.skipped.some((s) => s.resource === 'app-shop-1'), 'App Service has no zone fault: the plan’s steps carry the drill');
});

test('a component failure takes one fault at a time: one step per action, several resources of one fault in one action', () => {
  const e = byScenario('componentFailure')!;
  assert.equal(e.steps.map((s) => s.branches.length), [1, 1]);
  assert.equal(e.selectors.map((s) => s.targets.length), [2, 2], 'both app services in one action, both scale sets in another');
  // Continuous actions last the drill's timeout (90m), one after the other.
  assert.equal(e.steps.flatMap((s) => s.branches.flatMap((b) => b.actions.map((a) => a.durationSeconds))), [5400, 5400]);
  assert.is(e.durationSeconds, 10800);
});

test('a drill timeout beyond Chaos Studio’s 12-hour limit per action is capped by it', () => {
  const long = experimentsOf({ ...spec, recovery: { ...spec.recovery!, drill: { ...spec.recovery!.drill!, timeout: '30h' } } });
  const region = long.find((e) => e.scenario === 'regionOutage/westeurope')!;
  assert.is(region.durationSeconds, fact('chaos', 'maxActionHours') * 3600);
  const serial = long.find((e) => e.scenario === 'componentFailure')!;
  assert.ok(serial.durationSeconds <= fact('chaos', 'maxExperimentHours') * 3600, 'one after the other, within the experiment limit');
});

test('more faults than Chaos Studio allows in parallel are left out, with the limit as the reason', () => {
  const many = Array.from({ length: 12 }, (_, i) => ({ id: `/subscriptions/00000000-0000-0000-0000-00000000d1a5/resourceGroups/rg-shop-we/providers/Microsoft.Network/networkSecurityGroups/nsg-${String(i).padStart(2, '0')}`, recoveryParameters: { denyRulePriority: String(100 + i) } }));
  const e = experimentsOf({ ...spec, resources: [...spec.resources!, ...many] }).find((x) => x.scenario === 'regionOutage/westeurope')!;
  const actions = e.steps.flatMap((s) => s.branches.flatMap((b) => b.actions));
  assert.is(actions.length, fact('chaos', 'maxActionsPerExperiment'));
  const over = e.skipped.filter((s) => /limit of 9 parallel actions/.test(s.reason));
  assert.ok(over.length > 0);
  assert.is(e.faults.length + over.length, 4 + 12);
});

test('a placeholder without a value leaves the fault out and says which recoveryParameters it needs', () => {
  const resources = spec.resources!.map((r) => (r.id.endsWith('/nsg-shop-1') ? { id: r.id } : r));
  const e = experimentsOf({ ...spec, resources }).find((x) => x.scenario === 'regionOutage/westeurope')!;
  assert.not.ok(e.faults.some((f) => f.resource === 'nsg-shop-1'));
  assert.match(e.skipped.find((s) => s.resource === 'nsg-shop-1')!.reason, /recoveryParameters\.denyRulePriority/);
});

test('no recovery.drill, no experiments', () => {
  const { drill: _d, ...recovery } = spec.recovery!;
  assert.equal(experimentsOf({ ...spec, recovery }), []);
});

test('the same spec gives the same experiments, whatever the order of its resources', () => {
  const reversed = experimentsOf({ ...spec, resources: [...spec.resources!].reverse() });
  assert.equal(JSON.stringify(reversed), JSON.stringify(experiments));
});

test('every fault of the catalog names roles with ids, and zone faults take a zone filter', () => {
  const roles = fact('recovery-runner', 'builtInRoles');
  const faults = [...resourceCatalog().values()].flatMap((e) => e.chaos?.faults ?? []);
  assert.ok(faults.length >= 8);
  for (const f of faults) {
    for (const r of f.roles) assert.ok(Object.hasOwn(roles, r), `${f.urn}: ${r}`);
    assert.is(f.simulates.includes('zoneOutage'), f.zoneFilter === true, f.urn);
  }
});

test.run();
