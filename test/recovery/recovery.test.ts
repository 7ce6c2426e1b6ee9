/**
 * The recovery model (src/recovery): per disruption and resource, which mechanism recovers it, how long that takes and
 * what it loses, against the targets — at the boundaries, each case citing where its figure is published. The specs go
 * through validation first, as `azslo analyze` takes them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { analyzeService } from '../../src/analyze/index.js';
import { componentSla } from '../../src/analyze/sla.js';
import { humanDuration } from '../../src/base/durations.js';
import { buildServiceModel, type ServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { estimate, exposureOf, rtoCheck } from '../../src/recovery/index.js';
import { buildDeployment } from '../../src/resources/index.js';
import { baseSpec, validateSpec } from '../helpers/specs.js';

const RG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers';
const TODAY = '2026-12-01';

/** A valid service model (validation must pass: the analysis only ever sees valid specs). */
function service(extra: Record<string, unknown>): ServiceModel {
  const spec = baseSpec(extra);
  const v = validateSpec(spec);
  const errors = v.diagnostics.filter((d) => d.severity === 'error');
  assert.equal(errors.map((d) => `${d.code} ${d.path}: ${d.message}`), [], 'the spec is valid');
  return buildServiceModel(spec as unknown as ServiceSpec);
}
const analysis = (extra: Record<string, unknown>, today = TODAY) => {
  const s = service(extra);
  return analyzeService(s, buildDeployment([s]), { today });
};
const verdict = (a: ReturnType<typeof analysis>, id: string) => {
  const v = a.recovery.verdicts.find((x) => x.id === id);
  assert.ok(v, `a verdict ${id} among ${a.recovery.verdicts.map((x) => x.id).join(', ')}`);
  return v!;
};
const ids = (a: ReturnType<typeof analysis>) => a.gaps.map((g) => g.id);

const kv = (name: string, more: object = {}) => ({ id: `${RG}/Microsoft.KeyVault/vaults/${name}`, ...more });
const storage = (name: string, sku: string, more: object = {}) => ({ id: `${RG}/Microsoft.Storage/storageAccounts/${name}`, sku, kind: 'StorageV2', ...more });
const sqldb = (name: string, more: object = {}) => ({ id: `${RG}/Microsoft.Sql/servers/sql-1/databases/${name}`, ...more });
const cosmos = (name: string, more: object = {}) => ({ id: `${RG}/Microsoft.DocumentDB/databaseAccounts/${name}`, ...more });
const app = (name: string, more: object = {}) => ({ id: `${RG}/Microsoft.Web/sites/${name}`, kind: 'app', ...more });
const afd = (name: string) => ({ id: `${RG}/Microsoft.Cdn/profiles/${name}`, sku: 'Premium_AzureFrontDoor' });
const journey = (...steps: unknown[]) => ({ journeys: [{ name: 'buy', slos: ['api-availability'], steps }] });

test('durations read as people write them', () => {
  assert.equal([0, 45, 270, 3600, 40080, 86400, 183600].map(humanDuration), ['0 s', '45 s', '4 min 30 s', '1 h', '11 h 8 min', '24 h', '2 d 3 h']);
});

// https://learn.microsoft.com/azure/reliability/reliability-key-vault: zone redundancy is automatic, no failover.
test('a zone outage: a zone-redundant Key Vault recovers automatically, with nobody told, in 0 s', () => {
  const a = analysis({ resources: [kv('kv-1')], architecture: { targets: { zoneOutage: { rto: '5m', rpo: '1m' } } } });
  const v = verdict(a, 'zoneOutage/kv-1');
  assert.equal([v.coverage, v.option?.activation, v.rto?.status, v.rto?.estimateSeconds, v.rpo?.status, v.detection], ['covered', 'automatic', 'met', 0, 'met', undefined]);
  assert.not.ok(ids(a).some((g) => g.endsWith('/kv-1') && g.startsWith('rto')), 'automatic zone failover is not an RTO gap');
});

// https://learn.microsoft.com/azure/storage/common/storage-redundancy: ZRS is synchronous across zones, one region.
test('zone mechanisms never satisfy a region target: ZRS storage is not covered for a region outage', () => {
  const a = analysis({ resources: [storage('st1', 'Standard_ZRS')], architecture: { targets: { zoneOutage: { rto: '1h', rpo: '1m' }, regionOutage: { rto: '4h', rpo: '1h' } } } });
  assert.is(verdict(a, 'zoneOutage/st1').option?.mechanism, 'zone-redundant storage (ZRS, GZRS)');
  const region = verdict(a, 'regionOutage/st1');
  assert.is(region.coverage, 'not-covered');
  assert.match(region.reason, /runs in one region \(westeurope\)/);
  assert.ok(ids(a).includes('not-covered/regionOutage/st1'));
});

// https://learn.microsoft.com/azure/reliability/reliability-storage-blob: unplanned failover ~1 h, RPO typically < 15 min;
// planned failover needs both regions healthy.
test('a customer-started failover takes detection + its duration; a planned-only one never counts for an outage', () => {
  const a = analysis({ resources: [storage('st1', 'Standard_GZRS', { recovery: 'customer-managed unplanned failover' })], architecture: { targets: { regionOutage: { rto: '2h', rpo: '15m' } } } });
  const v = verdict(a, 'regionOutage/st1');
  assert.is(v.option?.mechanism, 'customer-managed unplanned failover (GRS, RA-GRS, GZRS, RA-GZRS)');
  assert.ok(v.detection, 'someone has to be told');
  assert.is(v.rto?.estimateSeconds, v.detection!.seconds + 3600);
  assert.is(v.rpo?.status, 'met', '15 min typical against 15 min');
  assert.match(v.rpo!.reason, /typical, not guaranteed/);
  const planned = exposureOf(service({ resources: [storage('st1', 'Standard_GZRS', { recovery: ['unplanned failover', 'customer-managed planned failover'] })] }).resources[0]!, 'regionOutage');
  assert.equal(planned.excluded.map((x) => x.mechanism), ['customer-managed planned failover (GRS, RA-GRS, GZRS, RA-GZRS)']);
  assert.not.ok(planned.options.some((o) => o.mechanism.startsWith('customer-managed planned')), 'only the unplanned one is an option');
});

// The 2021 table of https://learn.microsoft.com/azure/azure-sql/database/business-continuity-high-availability-disaster-recover-hadr-overview:
// geo-restore RTO 12 h, RPO 1 h.
test('a miss reads as a difference: geo-restore exceeds a 1 h RTO by its 12 h plus detection', () => {
  const a = analysis({ resources: [sqldb('db1', { recovery: 'geo-restore' })], architecture: { targets: { regionOutage: { rto: '1h', rpo: '15m' } } } });
  const v = verdict(a, 'regionOutage/db1');
  assert.is(v.rto?.status, 'not-met');
  assert.match(v.rto!.reason, /= 12 h 8 min: exceeds the RTO of 1 h by 11 h 8 min$/);
  assert.match(v.rpo!.reason, /loses up to 1 h \(typical, not guaranteed\): exceeds the RPO of 15 min by 45 min$/);
  assert.ok(ids(a).includes('rto-not-met/regionOutage/db1') && ids(a).includes('rpo-not-met/regionOutage/db1'));
});

test('of several declared mechanisms the one that meets the targets is chosen; the others are named', () => {
  const a = analysis({ resources: [sqldb('db1', { recovery: ['geo-restore', 'failover group, forced failover'] })], architecture: { targets: { regionOutage: { rto: '1h', rpo: '1m' } } } });
  const v = verdict(a, 'regionOutage/db1');
  assert.is(v.option?.mechanism, 'failover group, forced failover (customer-managed)');
  assert.is(v.status, 'met');
  assert.ok(v.alternatives.includes('geo-restore from geo-redundant backups'));
});

test('a single-region design with a region target gets a verdict: not covered, with what the type offers', () => {
  const a = analysis({ resources: [app('web')], architecture: { ...journey('web'), targets: { regionOutage: { rto: '4h' } } } });
  const v = verdict(a, 'regionOutage/web');
  assert.is(v.coverage, 'not-covered');
  assert.match(v.reason, /the type offers/);
  assert.ok(ids(a).includes('not-covered/regionOutage/web'));
});

// https://learn.microsoft.com/azure/reliability/reliability-cosmos-db: multi-region writes keep writing elsewhere;
// service-managed failover is Microsoft's call (an hour or more).
test('Cosmos DB: multi-region writes recover automatically; a single write region waits for Microsoft (unknown)', () => {
  const multi = analysis({ resources: [cosmos('cosmos-1', { multiRegion: true, recovery: 'multi-region writes' })], architecture: { targets: { regionOutage: { rto: '15m', rpo: '15m' } } } });
  const m = verdict(multi, 'regionOutage/cosmos-1');
  assert.equal([m.option?.mechanism, m.rto?.status, m.rpo?.status], ['multi-region writes', 'met', 'met']);
  const single = analysis({ resources: [cosmos('cosmos-1', { multiRegion: true, recovery: 'service-managed failover' })], architecture: { targets: { regionOutage: { rto: '15m', rpo: '15m' } } } });
  const s = verdict(single, 'regionOutage/cosmos-1');
  assert.equal([s.option?.activation, s.rto?.status], ['microsoft', 'unknown']);
  assert.match(s.rto!.reason, /Microsoft decides whether and when/);
  assert.ok(ids(single).includes('rto-unknown/regionOutage/cosmos-1'));
});

test('Cosmos DB 99.999 % needs multi-region writes declared: multiRegion alone is a single-write account', () => {
  const model = (more: object) => service({ resources: [cosmos('c', { zoneRedundant: false, ...more })] }).resources[0]!;
  const close = (x: number | undefined, y: number) => assert.ok(x !== undefined && Math.abs(x - y) < 1e-12, `${x} ≈ ${y}`);
  close(componentSla(model({ multiRegion: true })).availability, 0.9999);
  close(componentSla(model({ multiRegion: true, recovery: 'multi-region writes' })).availability, 0.99999);
});

test('data corruption is checked only when declared, and only backups or restores count, never replication', () => {
  const none = analysis({ resources: [sqldb('db1', { recovery: 'failover group, forced failover' })], objectives: { rto: '1h', rpo: '15m' } });
  assert.not.ok(none.recovery.verdicts.some((v) => v.disruption === 'dataCorruption'), 'objectives do not imply a data-corruption target');
  const a = analysis({ resources: [sqldb('db1', { recovery: 'failover group, forced failover' }), sqldb('db2', { recovery: ['failover group, forced failover', 'point-in-time restore'] })], architecture: { targets: { dataCorruption: { rpo: '15m' } } } });
  const db1 = verdict(a, 'dataCorruption/db1');
  assert.is(db1.coverage, 'not-covered', 'a geo-replica replicates the damage');
  assert.match(db1.reason, /the type offers point-in-time restore \(same region\) \(declare it in recovery\)/);
  const db2 = verdict(a, 'dataCorruption/db2');
  assert.equal([db2.option?.mechanism, db2.rpo?.status, db2.rpo?.estimateSeconds], ['point-in-time restore (same region)', 'met', 600]);
});

test('an automatic recovery with no published time is unknown, never assumed; a time measured in a drill counts with its source', () => {
  const option = exposureOf(service({ resources: [kv('kv-1')] }).resources[0]!, 'componentFailure').options[0]!;
  const unpublished = rtoCheck(300, estimate({ ...option, recoverySeconds: undefined, timeBasis: undefined }, undefined));
  assert.equal([unpublished.status, unpublished.estimateSeconds], ['unknown', undefined]);
  assert.match(unpublished.reason, /publishes no recovery time for in-region replication of vault contents: the RTO of 5 min cannot be shown to hold/);
  const a = analysis({ resources: [kv('kv-1', { recovery: [{ mechanism: 'in-region replication', failoverTime: '40s', source: 'drill 2026-11-02' }] })], architecture: { targets: { componentFailure: { rto: '5m' } } } });
  const v = verdict(a, 'componentFailure/kv-1');
  assert.equal([v.option?.timeBasis, v.option?.source, v.rto?.estimateSeconds, v.rto?.status], ['declared', 'drill 2026-11-02', 40, 'met']);
  assert.match(v.rto!.reason, /in 40 s \(declared: drill 2026-11-02\)/);
});

test('a resource in no journey keeps no recovery time, but its data keeps a recovery point', () => {
  const a = analysis({ resources: [app('web'), storage('logs', 'Standard_LRS')], architecture: { ...journey('web'), targets: { regionOutage: { rto: '4h', rpo: '1h' } } } });
  const logs = verdict(a, 'regionOutage/logs');
  assert.equal([logs.rto, logs.rpo?.status], [undefined, 'not-met']);
});

test('a redundant pair in two regions behind Front Door is bypassed: one gap for the router, none per member', () => {
  const a = analysis({
    resources: [afd('afd'), app('web-weu', { location: 'westeurope' }), app('web-neu', { location: 'northeurope' })],
    architecture: { ...journey('afd', { redundant: ['web-weu', 'web-neu'] }), targets: { regionOutage: { rto: '1h' } } },
  });
  const weu = verdict(a, 'regionOutage/web-weu');
  assert.equal([weu.coverage, weu.redundantWith, weu.router], ['redundant', ['web-neu'], 'afd']);
  // Front Door's origin failover publishes no switch-over time (https://learn.microsoft.com/azure/frontdoor/health-probes).
  assert.is(weu.rto?.status, 'unknown');
  assert.equal(ids(a).filter((g) => g.includes('web-')), [], 'no gap per member');
  assert.ok(ids(a).includes('reroute-time-unknown/afd'));
  const scenario = a.recovery.scenarios.find((s) => s.id === 'regionOutage/westeurope')!;
  assert.equal(scenario.bypassed, [{ resource: 'web-weu', by: ['web-neu'] }]);
  assert.equal(scenario.steps.map((s) => [s.phase, s.resource]), [['traffic', 'afd']]);
});

test('a scenario orders its steps data → messaging → compute → traffic and says which may run unattended', () => {
  const a = analysis({
    resources: [
      afd('afd'),
      app('web', { zoneRedundant: true, instances: 3 }),
      { id: `${RG}/Microsoft.Web/serverFarms/plan`, sku: 'P1v3', zoneRedundant: true, instances: 3 },
      sqldb('db1', { zoneRedundant: true, recovery: 'failover group, forced failover' }),
      storage('st1', 'Standard_GZRS', { recovery: 'unplanned failover' }),
    ],
    architecture: { ...journey('afd', 'web', 'plan', 'db1', 'st1'), targets: { regionOutage: { rto: '4h', rpo: '15m' } } },
  });
  const sc = a.recovery.scenarios.find((s) => s.id === 'regionOutage/westeurope')!;
  const phases = sc.steps.map((s) => s.phase);
  assert.equal(phases, [...phases].sort((x, y) => ['data', 'messaging', 'compute', 'traffic'].indexOf(x) - ['data', 'messaging', 'compute', 'traffic'].indexOf(y)));
  const db = sc.steps.find((s) => s.resource === 'db1')!;
  assert.equal([db.dataLoss, db.unattended, db.automatable], ['bounded by lag', 'with approval', true]);
  assert.equal(sc.notCovered.map((n) => n.resource).sort(), ['plan', 'web'], 'the single-region app and plan are named');
  assert.is(sc.status, 'not-met');
});

test('an unknown SLA makes the journey unknown, never 100 %; a declared sla with its source counts', () => {
  const acr = { id: `${RG}/Microsoft.Foo/registries/reg1` };
  const unknown = analysis({ resources: [app('web'), acr], architecture: journey('web', 'reg1') });
  assert.equal([unknown.journeys[0]!.availability, unknown.journeys[0]!.unknown], [undefined, ['reg1']]);
  assert.ok(ids(unknown).includes('journey-unknown-sla/buy'));
  const declared = analysis({ resources: [app('web'), { ...acr, sla: { availability: 99.9, source: 'https://example.com/sla' } }], architecture: journey('web', 'reg1') });
  assert.is(declared.journeys[0]!.availability, 0.998501);
});

test('an external dependency counts with its declared SLA', () => {
  const a = analysis({ resources: [app('web')], architecture: { dependencies: [{ name: 'payments', sla: { availability: 99.9, source: 'https://example.com/sla' } }], ...journey('web', 'payments') } });
  assert.is(a.journeys[0]!.availability, 0.998501);
});

test('journeys are compared with the SLOs they name; unnamed, with every availability SLO and a hint', () => {
  const slos = [
    { name: 'api-availability', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] } } },
    { name: 'startup', sli: { requestAvailability: { roleName: 'boot' } }, objective: 99.99, window: '30d', alerting: { page: { notify: ['oncall'] } } },
  ];
  const named = analysis({ slos, resources: [app('web')], architecture: journey('web') });
  assert.equal([named.journeys[0]!.compared.map((c) => c.slo), named.journeys[0]!.namedSlos], [['api-availability'], true]);
  const unnamed = analysis({ slos, resources: [app('web')], architecture: { journeys: [{ name: 'buy', steps: ['web'] }] } });
  assert.equal([unnamed.journeys[0]!.compared.map((c) => c.slo), unnamed.journeys[0]!.namedSlos], [['api-availability', 'startup'], false]);
});

test('a global service is never told to add a second region', () => {
  const a = analysis({ resources: [afd('afd')], slos: [{ name: 'api-availability', sli: { requestAvailability: {} }, objective: 99.999, window: '30d', alerting: { page: { notify: ['oncall'] } } }], architecture: journey('afd') });
  const s = a.journeys[0]!.suggestion;
  assert.ok(!s || !/another region/.test(s.change), s?.change);
});

test('waivers: a valid one accepts its gap; an expired one leaves it open with a warning; an unused one warns', () => {
  const spec = (until: string, extra: object[] = []) => ({
    resources: [kv('kv-1')],
    objectives: { rpo: '15m' },
    accept: [{ gap: 'rpo-unproven/kv-1', reason: 'no replication metric exists', by: 'sre', until }, ...extra],
  });
  const valid = analysis(spec('2026-12-01'));
  assert.ok(valid.accepted.some((g) => g.id === 'rpo-unproven/kv-1' && g.waiver.by === 'sre'), 'valid on its last day');
  assert.not.ok(ids(valid).includes('rpo-unproven/kv-1'));
  const expired = analysis(spec('2026-11-30'));
  assert.ok(ids(expired).includes('rpo-unproven/kv-1'), 'open again the day after');
  assert.ok(expired.waiverWarnings.some((w) => w.problem === 'expired' && w.gap === 'rpo-unproven/kv-1'));
  const unused = analysis(spec('2027-01-31', [{ gap: 'rto-not-met/regionOutage/kv-1', reason: 'x', by: 'sre', until: '2027-01-31' }]));
  assert.ok(unused.waiverWarnings.some((w) => w.problem === 'unused' && w.gap === 'rto-not-met/regionOutage/kv-1'));
});

test('a waiver pattern: * stands for one whole segment, and an exact waiver wins', () => {
  const a = analysis({
    resources: [kv('kv-1'), kv('kv-2')],
    objectives: { rpo: '15m' },
    accept: [
      { gap: 'rpo-unproven/*', reason: 'Key Vault has no replication metric', by: 'sre', until: '2027-06-30' },
      { gap: 'rpo-unproven/kv-2', reason: 'reviewed', by: 'lead', until: '2027-01-31' },
    ],
  });
  const by = Object.fromEntries(a.accepted.filter((g) => g.id.startsWith('rpo-unproven')).map((g) => [g.id, g.waiver.by]));
  assert.equal(by, { 'rpo-unproven/kv-1': 'sre', 'rpo-unproven/kv-2': 'lead' });
});

test('gap ids are stable: adding a resource elsewhere leaves the ids of the others unchanged', () => {
  const before = analysis({ resources: [kv('kv-1'), sqldb('db1', { recovery: 'geo-restore' })], objectives: { rto: '1h', rpo: '15m' } });
  const after = analysis({ resources: [storage('st0', 'Standard_LRS'), kv('kv-1'), sqldb('db1', { recovery: 'geo-restore' })], objectives: { rto: '1h', rpo: '15m' } });
  const about = (a: ReturnType<typeof analysis>) => ids(a).filter((g) => /\/(kv-1|db1)$/.test(g));
  assert.ok(about(before).length > 0);
  assert.equal(about(after), about(before));
});

test('a data store in a redundant stamp: the journey goes on through the router, its data is judged by its own mechanisms', () => {
  const evh = (name: string, location: string) => ({ id: `${RG}/Microsoft.EventHub/namespaces/${name}`, sku: 'Standard', location });
  const a = analysis({
    resources: [afd('afd'), evh('evh-weu', 'westeurope'), evh('evh-neu', 'northeurope')],
    architecture: { ...journey('afd', { redundant: ['evh-weu', 'evh-neu'] }), targets: { regionOutage: { rto: '15m', rpo: '15m' } } },
  });
  const v = verdict(a, 'regionOutage/evh-weu');
  assert.equal([v.coverage, v.redundantWith, v.rpo?.status], ['redundant', ['evh-neu'], 'not-met']);
  assert.match(v.reason, /its data: /);
  assert.ok(ids(a).includes('rpo-not-met/regionOutage/evh-weu') && !ids(a).some((g) => g.startsWith('not-covered/regionOutage/evh')), ids(a).join('\n'));
});

test('a resource that recovers on its own is judged by its own mechanism, not by the redundancy around it', () => {
  const a = analysis({
    resources: [afd('afd'), kv('kv-weu', { location: 'westeurope' }), kv('kv-neu', { location: 'northeurope' })],
    architecture: { ...journey('afd', { redundant: ['kv-weu', 'kv-neu'] }), targets: { zoneOutage: { rto: '15m' } } },
  });
  const v = verdict(a, 'zoneOutage/kv-weu');
  assert.equal([v.coverage, v.option?.mechanism], ['covered', 'availability zones (automatic in AZ regions)']);
  assert.not.ok(ids(a).includes('reroute-time-unknown/afd'), 'nothing reroutes for a zone outage the vault rides out');
});

test("a resource's detection counts only the SLO alerts of its own journeys", () => {
  const slos = [
    { name: 'api-availability', sli: { requestAvailability: { roleName: 'api' } }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] } } },
    { name: 'reports', sli: { requestAvailability: { roleName: 'reports' } }, objective: 90, window: '1d', alerting: { page: { notify: ['oncall'] } } },
  ];
  const a = analysis({
    slos,
    resources: [app('web'), sqldb('db1', { recovery: 'geo-restore' })],
    architecture: { journeys: [{ name: 'buy', slos: ['api-availability'], steps: ['web', 'db1'] }, { name: 'report', slos: ['reports'], steps: ['web'] }], targets: { regionOutage: { rto: '24h' } } },
  });
  const v = verdict(a, 'regionOutage/db1');
  assert.ok(v.detection && !/reports/.test(v.detection.alert), v.detection?.alert);
});

test('rpoExempt: a telemetry store has no data-loss verdict and no RPO-signal gap, and says why', () => {
  const law = { id: `${RG}/Microsoft.OperationalInsights/workspaces/law-1`, rpoExempt: 'telemetry: losing some is acceptable' };
  const a = analysis({ resources: [law], objectives: { rpo: '15m' } });
  assert.not.ok(a.recovery.verdicts.some((v) => v.resource === 'law-1' && v.rpo));
  assert.not.ok(ids(a).includes('rpo-unproven/law-1'));
  assert.is(a.coverage.resources[0]!.rpoExempt, 'telemetry: losing some is acceptable');
});

test('a region scenario names the resources whose replica is lost there: degraded, nothing to recover', () => {
  const a = analysis({
    resources: [app('web', { location: 'northeurope' }), cosmos('cosmos-1', { multiRegion: true, secondaryLocation: 'northeurope', recovery: 'multi-region writes' })],
    architecture: { targets: { regionOutage: { rto: '1h', rpo: '15m' } } },
  });
  const sc = a.recovery.scenarios.find((s) => s.id === 'regionOutage/northeurope')!;
  assert.equal(sc.degraded.map((d) => d.resource), ['cosmos-1']);
});

test.run();
