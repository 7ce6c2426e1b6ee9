/**
 * Generated runbooks run under the real PowerShell (7.6.9, keeping to 7.4 features) against the local ARM endpoint,
 * which plays the failover operations as their REST specs describe them: a two-region estate (SQL failover group,
 * Cosmos DB, RA-GZRS storage, a PostgreSQL replica, Front Door) loses westeurope and the plan fails it over to
 * northeurope. They parse with PowerShell's own parser; they fail over once however often they are rerun; a
 * data-losing step without approval changes nothing; lag above the RPO blocks an unattended run; a Resolved alert
 * does nothing; a drill takes only the planned paths and restores the estate.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { plansOf, renderRunbook, type RecoveryPlan } from '../../src/drplan/index.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import type { ArmEmulator } from '../helpers/arm-emulator.js';
import { seedFrontDoor, seedTwoRegionEstate, setLastSyncTime, startRecoveryEmulator, type EstateIds, type Recovery } from '../helpers/arm-recovery.js';
import { root } from '../helpers/bicep.js';
import { parseErrors, pwsh, runPwsh, runPwshAsync } from '../helpers/pwsh.js';
import { validateText } from '../helpers/specs.js';

const specText = readFileSync(path.join(root, 'test/fixtures/drplan/two-region.yaml'), 'utf8');

function plan(change: (spec: ServiceSpec) => void = () => {}): RecoveryPlan {
  const spec = parse(specText) as ServiceSpec;
  change(spec);
  const v = validateText(JSON.stringify(spec));
  assert.equal(v.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`), []);
  const { plans } = plansOf(buildServiceModel(spec));
  return plans.find((p) => p.scenario === 'regionOutage/westeurope')!;
}

const Runbooks = suite('runbooks under PowerShell against the local ARM endpoint');
let arm: ArmEmulator;
let recovery: Recovery;
let estate: EstateIds;
let dir: string;

Runbooks.before.each(async () => {
  ({ arm, recovery } = await startRecoveryEmulator({ recovery: { operationPolls: 1, retryAfterSeconds: 0 } }));
  estate = seedTwoRegionEstate(recovery);
  dir = mkdtempSync(path.join(tmpdir(), 'azslo-runbook-'));
});
Runbooks.after.each(async () => {
  await arm.close();
  rmSync(dir, { recursive: true, force: true });
});

interface StepLine {
  step: number;
  resource?: string;
  mechanism?: string;
  mode?: string;
  result: string;
  lag?: number | null;
  message?: string | null;
}

/** Writes the plan's runbook and runs it as Azure Automation would, with the job's identity environment. */
async function run(p: RecoveryPlan, args: string[] = [], triggers: string[] = ['ah-shop-service-health']): Promise<{ code: number; lines: StepLine[]; stderr: string }> {
  const file = path.join(dir, `${p.runbook}.ps1`);
  writeFileSync(file, renderRunbook(p, triggers));
  const r = await runPwshAsync(['-File', file, '-ArmEndpoint', arm.endpoint, ...args], {
    env: { ...recovery.env(), AZSLO_SKIP_CERTIFICATE_CHECK: '1', AZSLO_POLL_SECONDS: '0' },
  });
  const lines = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as StepLine);
  return { code: r.code, lines, stderr: r.stderr };
}

const state = () => ({
  sql: (recovery.get(estate.sql.onSecondary) as any).properties.replicationRole,
  cosmos: (recovery.get(estate.cosmos) as any).properties.writeLocations[0].locationName,
  storage: (recovery.get(estate.storage) as any).properties.primaryLocation,
  postgres: (recovery.get(estate.postgres.replica) as any).properties.replica.role,
  origin: (recovery.get(`${estate.frontDoor.originGroup}/origins/web-1`) as any).properties.enabledState,
});
const failovers = () => ['sql.forceFailoverAllowDataLoss', 'sql.failover', 'cosmos.offlineRegion', 'cosmos.failoverPriorityChange', 'storage.failover', 'postgres.promote'].flatMap((a) => recovery.calls(a));

const Parse = suite('generated runbooks parse');
Parse('with PowerShell’s own parser, with no errors', () => {
  if (!pwsh()) return;
  const d = mkdtempSync(path.join(tmpdir(), 'azslo-parse-'));
  const file = path.join(d, 'plan.ps1');
  writeFileSync(file, renderRunbook(plan(), ['ah-shop-service-health']));
  try {
    assert.equal(parseErrors([file])[file], []);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

Parse('hostile values of the spec (quotes PowerShell knows, $(…), backticks) reach the runbook as data, exactly', () => {
  if (!pwsh()) return;
  const evil = "fg-'‘$(Remove-Item -Recurse /)`n\"${env:HOME}";
  const p = plan((s) => ((s.resources!.find((r) => r.id.endsWith('/orders'))!.recoveryParameters as Record<string, string>).failoverGroup = evil));
  const d = mkdtempSync(path.join(tmpdir(), 'azslo-hostile-'));
  const file = path.join(d, 'plan.ps1');
  writeFileSync(file, renderRunbook(p, []));
  // Evaluate only the $Plan literal, never the engine: read it back as JSON through PowerShell's own AST.
  const reader = path.join(d, 'read.ps1');
  writeFileSync(reader, [
    'param([string] $File)',
    '$ast = [System.Management.Automation.Language.Parser]::ParseFile($File, [ref]$null, [ref]$null)',
    "$assign = $ast.Find({ param($n) $n -is [System.Management.Automation.Language.AssignmentStatementAst] -and $n.Left.Extent.Text -eq '$Plan' }, $true)",
    '$plan = & ([ScriptBlock]::Create($assign.Right.Extent.Text))',
    '$plan | ConvertTo-Json -Depth 20 -Compress',
  ].join('\n'));
  try {
    assert.equal(parseErrors([file])[file], []);
    const r = runPwsh(['-File', reader, '-File', file]);
    assert.is(r.code, 0, r.stderr);
    const read = JSON.parse(r.stdout) as { Steps: { Resource: string; Request: { Path: string } | null }[] };
    const step = read.Steps.find((s) => s.Resource === 'orders')!;
    assert.ok(step.Request!.Path.endsWith(`/failoverGroups/${evil}/forceFailoverAllowDataLoss`), step.Request!.Path);
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
});

Parse.run();

if (pwsh()) {
  Runbooks('an approver’s on-demand run fails every store over to northeurope, data first, then traffic', async () => {
    const before = state();
    assert.equal(before, { sql: 'Secondary', cosmos: 'West Europe', storage: 'westeurope', postgres: 'GeoAsyncReplica', origin: 'Enabled' });
    const r = await run(plan(), ['-AllowDataLoss']);
    assert.is(r.code, 0, r.stderr);
    assert.equal(state(), { sql: 'Primary', cosmos: 'North Europe', storage: 'northeurope', postgres: 'Primary', origin: 'Disabled' });
    const results = r.lines.filter((l) => l.step > 0).map((l) => [l.resource, l.result]);
    assert.equal(results.filter(([, x]) => x === 'done').map(([res]) => res), ['cosmos-shop', 'orders', 'pg-shop-1', 'stshopdata', 'afd-shop']);
    assert.ok(r.lines.every((l) => l.step === 0 || (typeof l.result === 'string' && 'start' in l && 'end' in l)), 'every step says when it started and ended');
  });

  Runbooks('a run interrupted midway and rerun goes on where it stopped and never fails over twice', async () => {
    recovery.failNextOperation({ code: 'InternalServerError', message: 'the operation failed' }, 'storage.failover');
    const first = await run(plan(), ['-AllowDataLoss']);
    assert.is.not(first.code, 0, 'the failed step stops the plan and fails the job');
    assert.ok(first.lines.some((l) => l.resource === 'stshopdata' && l.result === 'failed'));
    const second = await run(plan(), ['-AllowDataLoss']);
    assert.is(second.code, 0, second.stderr);
    const byResource = Object.fromEntries(second.lines.filter((l) => l.step > 0).map((l) => [l.resource, l.result]));
    assert.equal([byResource['cosmos-shop'], byResource.orders, byResource['pg-shop-1'], byResource.stshopdata], ['already-done', 'already-done', 'already-done', 'done']);
    for (const action of ['sql.forceFailoverAllowDataLoss', 'cosmos.offlineRegion', 'postgres.promote']) assert.is(recovery.calls(action).length, 1, `${action} once`);
  });

  Runbooks('a data-losing step without approval is refused and nothing changes', async () => {
    const r = await run(plan());
    assert.is.not(r.code, 0);
    const refused = r.lines.find((l) => l.result === 'refused')!;
    assert.is(refused.resource, 'cosmos-shop', 'the first data-losing step');
    assert.match(refused.message!, /-AllowDataLoss/);
    assert.equal(failovers(), []);
  });

  Runbooks('started by an alert with data loss allowed, lag above the RPO blocks the storage failover', async () => {
    const allowed = plan((s) => (s.recovery!.plans![0]!.allowDataLoss = { reason: 'minutes of lost writes cost less than an hour down' }));
    setLastSyncTime(recovery, estate.storage, new Date(Date.now() - 3600_000));
    const alert = JSON.stringify({ schemaId: 'azureMonitorCommonAlertSchema', data: { essentials: { alertRule: 'ah-shop-service-health', monitorCondition: 'Fired' } } });
    const r = await run(allowed, ['-WebhookData', alert]);
    assert.is.not(r.code, 0);
    const blocked = r.lines.find((l) => l.result === 'blocked')!;
    assert.is(blocked.resource, 'stshopdata');
    assert.ok(blocked.lag! >= 3590, String(blocked.lag));
    assert.is(recovery.calls('storage.failover').length, 0);
  });

  Runbooks('a Resolved alert does nothing; an alert that is not a trigger does nothing', async () => {
    const allowed = plan((s) => (s.recovery!.plans![0]!.allowDataLoss = { reason: 'r' }));
    const resolved = JSON.stringify({ data: { essentials: { alertRule: 'ah-shop-service-health', monitorCondition: 'Resolved' } } });
    const r1 = await run(allowed, ['-WebhookData', resolved]);
    assert.is(r1.code, 0, r1.stderr);
    assert.match(r1.lines[0]!.message!, /resolved: nothing to do/);
    const other = JSON.stringify({ data: { essentials: { alertRule: 'some-other-rule', monitorCondition: 'Fired' } } });
    const r2 = await run(allowed, ['-WebhookData', other]);
    assert.match(r2.lines[0]!.message!, /does not trigger this plan/);
    assert.equal(failovers(), []);
  });

  Runbooks('a dry run reports every step — what a real run would refuse too — with its lag, and changes nothing', async () => {
    setLastSyncTime(recovery, estate.storage, new Date(Date.now() - 120_000));
    const r = await run(plan(), ['-DryRun']);
    assert.is(r.code, 0, r.stderr);
    const byResource = Object.fromEntries(r.lines.filter((l) => l.step > 0).map((l) => [`${l.resource} ${l.mechanism ?? ''}`.trim(), l]));
    assert.is(byResource['cosmos-shop forced failover (offline region)']?.result, 'refused', 'without -AllowDataLoss');
    const storage = Object.values(byResource).find((l) => l.resource === 'stshopdata')!;
    assert.ok(storage.lag! >= 115 && storage.lag! < 200, String(storage.lag));
    assert.ok(r.lines.some((l) => l.result === 'dry-run' && l.resource === 'afd-shop'));
    assert.equal(failovers(), []);
    assert.equal(recovery.audit.filter((a) => a.method !== 'GET'), []);
  });

  Runbooks('examples/resilient-api: its alert-started plan forces the geo-secondary database over and disables the failed origin', async () => {
    const spec = parse(readFileSync(path.join(root, 'examples/resilient-api/payments.yaml'), 'utf8')) as ServiceSpec;
    const p = plansOf(buildServiceModel(spec)).plans.find((x) => x.scenario === 'regionOutage/westeurope')!;
    const sub = '00000000-0000-0000-0000-000000000006';
    const data = `/subscriptions/${sub}/resourceGroups/rg-pay-data/providers/Microsoft.Sql/servers`;
    const link = '3f2b8c1e-7d4a-4e5b-9a6c-0b1d2e3f4a5b';
    const side = (server: string, partner: string, role: string, partnerRole: string, partnerLocation: string) =>
      recovery.put(`${data}/${server}/databases/paymentsdb/replicationLinks/${link}`, { properties: { partnerServer: partner, partnerDatabase: 'paymentsdb', partnerLocation, role, partnerRole, replicationMode: 'ASYNC', percentComplete: 100, replicationState: 'CATCH_UP', linkType: 'GEO' } });
    side('sql-payments', 'sql-payments-neu', 'Primary', 'Secondary', 'North Europe');
    side('sql-payments-neu', 'sql-payments', 'Secondary', 'Primary', 'West Europe');
    const fd = seedFrontDoor(recovery, { subscriptionId: sub, resourceGroup: 'rg-pay-edge', profile: 'afd-payments', originGroup: 'og-payments-api', origins: [{ name: 'app-payments-weu', hostName: 'app-payments-weu.azurewebsites.net' }, { name: 'app-payments-neu', hostName: 'app-payments-neu.azurewebsites.net' }] });
    const alert = JSON.stringify({ data: { essentials: { alertRule: 'ah-payments-service-health', monitorCondition: 'Fired' } } });
    const r = await run(p, ['-WebhookData', alert], ['ah-payments-service-health']);
    assert.is(r.code, 0, r.stderr);
    assert.is((recovery.get(`${data}/sql-payments-neu/databases/paymentsdb/replicationLinks/${link}`) as any).properties.role, 'Primary');
    assert.is(recovery.calls('sql.linkForceFailoverAllowDataLoss').length, 1, 'unattended: the spec allows the loss, with its reason');
    assert.is((recovery.get(`${fd.originGroup}/origins/app-payments-weu`) as any).properties.enabledState, 'Disabled');
    assert.is((recovery.get(`${fd.originGroup}/origins/app-payments-neu`) as any).properties.enabledState, 'Enabled');
  });

  Runbooks('a Traffic Manager profile in front of two regions: the failed region’s endpoint is disabled after the probes reroute', async () => {
    const tm = plan((s) => {
      const afd = s.resources!.find((r) => r.id.includes('/Microsoft.Cdn/profiles/'))!;
      afd.id = afd.id.replace('/Microsoft.Cdn/profiles/afd-shop', '/Microsoft.Network/trafficManagerProfiles/tm-shop');
      delete afd.sku;
      afd.recovery = ['DNS failover between endpoints', "disable the failed region's endpoint"];
      afd.recoveryParameters = { endpointType: 'azureEndpoints', endpointName: { westeurope: 'primary', northeurope: 'secondary' } };
      s.architecture!.journeys![0]!.steps[0] = 'tm-shop';
    });
    const r = await run(tm, ['-AllowDataLoss']);
    assert.is(r.code, 0, r.stderr);
    assert.ok(r.lines.some((l) => l.resource === 'tm-shop' && l.result === 'done'), JSON.stringify(r.lines.filter((l) => l.resource === 'tm-shop')));
    const [primary, secondary] = estate.trafficManager.endpoints;
    assert.equal([(recovery.get(primary!) as any).properties.endpointStatus, (recovery.get(secondary!) as any).properties.endpointStatus], ['Disabled', 'Enabled']);
  });

  Runbooks('a drill takes only the planned, loss-free paths and fails everything back at the end', async () => {
    const r = await run(plan(), ['-Drill']);
    assert.is(r.code, 0, r.stderr);
    assert.equal(recovery.calls('sql.forceFailoverAllowDataLoss').length + recovery.calls('cosmos.offlineRegion').length, 0, 'no forced call');
    assert.is(recovery.calls('sql.failover').length, 2, 'planned over and planned back');
    assert.equal(state(), { sql: 'Secondary', cosmos: 'West Europe', storage: 'westeurope', postgres: 'GeoAsyncReplica', origin: 'Enabled' });
    assert.ok(r.lines.some((l) => l.mode === 'failback' && l.resource === 'orders' && l.result === 'done'));
  });

  Runbooks('a drill in two phases: Failover leaves the estate failed over; Failback restores it, and a second Failback moves nothing', async () => {
    const original = state();
    const over = await run(plan(), ['-Drill', '-DrillPhase', 'Failover']);
    assert.is(over.code, 0, over.stderr);
    assert.not.ok(over.lines.some((l) => l.mode === 'failback'), 'no failback in the Failover phase');
    assert.is(state().sql, 'Primary', 'the SQL secondary took over');
    assert.is(state().cosmos, 'North Europe', 'Cosmos DB writes in northeurope');
    const back = await run(plan(), ['-Drill', '-DrillPhase', 'Failback']);
    assert.is(back.code, 0, back.stderr);
    assert.ok(back.lines.every((l) => l.mode === 'failback'), JSON.stringify(back.lines));
    assert.equal(state(), original);
    const calls = recovery.calls('sql.failover').length + recovery.calls('cosmos.failoverPriorityChange').length;
    const again = await run(plan(), ['-Drill', '-DrillPhase', 'Failback']);
    assert.is(again.code, 0, again.stderr);
    assert.is(recovery.calls('sql.failover').length + recovery.calls('cosmos.failoverPriorityChange').length, calls, 'the rerun changed nothing');
    assert.ok(again.lines.every((l) => l.result === 'already-done' || l.result === 'skipped'), JSON.stringify(again.lines));
  });

  Runbooks('-DrillPhase without -Drill is refused before any call', async () => {
    const r = await run(plan(), ['-DrillPhase', 'Failover']);
    assert.is.not(r.code, 0);
    assert.match(r.stderr + r.lines.map((l) => l.message).join(' '), /-DrillPhase is for drills/);
    assert.equal(failovers(), []);
  });
}

Runbooks.run();
