/**
 * The failover operations of the local ARM endpoint (test/helpers/arm-recovery.ts), driven over HTTPS as a runbook
 * would drive them: a managed identity token first, then ARM's long-running operations. Nothing here reaches Azure.
 */
import https from 'node:https';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ArmEmulator } from '../helpers/arm-emulator.js';
import { seedTwoRegionEstate, setLastSyncTime, startRecoveryEmulator, type EstateIds, type Recovery } from '../helpers/arm-recovery.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

let arm: ArmEmulator;
let recovery: Recovery;
let token: string;
let n = 0;

/** One HTTPS call against the emulator (`url` absolute, or a path with its query). */
function call(method: string, url: string, options: { body?: unknown; headers?: Record<string, string>; auth?: string | false } = {}): Promise<Answer> {
  const target = new URL(url, arm.endpoint);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers };
  if (options.auth !== false) headers.authorization = `Bearer ${options.auth ?? token}`;
  return new Promise((resolve, reject) => {
    const req = https.request(target, { method, headers, ca: arm.ca }, (res) => {
      let raw = '';
      res.on('data', (c) => (raw += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: raw ? JSON.parse(raw) : undefined }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const v = (api: string) => `api-version=${api}`;
const SQL = v('2023-08-01');
const COSMOS = v('2024-11-15');
const STORAGE = v('2024-01-01');
const PG = v('2025-08-01');
const CDN = v('2025-06-01');
const TM = v('2022-04-01');
const REDIS = v('2024-11-01');

/** Polls an Azure-AsyncOperation URL until it is no longer InProgress; returns the statuses seen. */
async function pollAsync(url: string): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 20; i++) {
    const r = await call('GET', url);
    assert.is(r.status, 200);
    seen.push(r.body.status);
    if (r.body.status !== 'InProgress') return seen;
  }
  throw new Error('the operation never finished');
}
/** Polls a Location URL until it stops answering 202; returns the final answer. */
async function pollLocation(url: string): Promise<{ answer: Answer; polls: number }> {
  for (let polls = 1; polls <= 20; polls++) {
    const r = await call('GET', url);
    if (r.status !== 202) return { answer: r, polls };
    assert.ok(r.headers['retry-after'] !== undefined, 'a 202 poll says when to come back');
  }
  throw new Error('the operation never finished');
}
function estate(): EstateIds {
  return seedTwoRegionEstate(recovery, { prefix: `t${++n}` });
}

const Spec = suite('recovery emulator');

Spec.before(async () => {
  ({ arm, recovery } = await startRecoveryEmulator({ recovery: { retryAfterSeconds: 0, acceptTokens: ['test-token'] } }));
  const { IDENTITY_ENDPOINT, IDENTITY_HEADER } = recovery.env();
  const r = await call('GET', `${IDENTITY_ENDPOINT}?resource=https://management.azure.com/&api-version=2019-08-01`, { headers: { 'X-IDENTITY-HEADER': IDENTITY_HEADER }, auth: false });
  token = r.body.access_token;
});
Spec.after(() => arm.close());
Spec.before.each(() => {
  for (const region of [...recovery.knobs.unhealthyRegions]) recovery.setRegionHealth(region, true);
  recovery.options.operationPolls = 2;
  delete recovery.options.operationMs;
});

// ── identity and authentication ──

Spec('the identity endpoint gives a token only to a caller with the X-IDENTITY-HEADER of the job', async () => {
  const { IDENTITY_ENDPOINT, IDENTITY_HEADER } = recovery.env();
  const url = `${IDENTITY_ENDPOINT}?resource=https://management.azure.com/&api-version=2019-08-01`;
  assert.is((await call('GET', url, { auth: false })).status, 401);
  assert.is((await call('GET', url, { auth: false, headers: { 'X-IDENTITY-HEADER': 'guess' } })).status, 401);
  const r = await call('GET', url, { auth: false, headers: { 'X-IDENTITY-HEADER': IDENTITY_HEADER, Metadata: 'True' } });
  assert.is(r.status, 200);
  assert.is(r.body.token_type, 'Bearer');
  assert.is(r.body.resource, 'https://management.azure.com/');
  assert.match(r.body.expires_on, /^\d+$/);
  assert.ok(Number(r.body.expires_on) > Date.now() / 1000);
  assert.type(r.body.access_token, 'string');
  // Automation's own example leaves api-version out.
  assert.is((await call('GET', `${IDENTITY_ENDPOINT}?resource=https://management.azure.com/`, { auth: false, headers: { 'X-IDENTITY-HEADER': IDENTITY_HEADER } })).status, 200);
});

Spec('ARM answers the recovery routes only with a bearer token for its audience that has not expired', async () => {
  const e = estate();
  const get = `${e.sql.onSecondary}?${SQL}`;
  const missing = await call('GET', get, { auth: false });
  assert.is(missing.status, 401);
  assert.is(missing.body.error.code, 'AuthenticationFailed');
  assert.ok(missing.headers['www-authenticate']);
  assert.is((await call('GET', get, { auth: 'made-up' })).body.error.code, 'InvalidAuthenticationToken');
  assert.is((await call('GET', get, { auth: recovery.issueToken('https://vault.azure.net') })).body.error.code, 'InvalidAuthenticationToken');
  recovery.options.tokenLifetimeSeconds = 0;
  const stale = recovery.issueToken();
  recovery.options.tokenLifetimeSeconds = 3600;
  assert.is((await call('GET', get, { auth: stale })).body.error.code, 'ExpiredAuthenticationToken');
  assert.is((await call('GET', get)).status, 200);
  assert.is((await call('GET', get, { auth: 'test-token' })).status, 200, 'the SDK tests’ credential is accepted when configured');
  assert.is((await call('GET', e.sql.onSecondary)).body.error.code, 'MissingApiVersionParameter');
});

Spec('other routes of the emulator keep working as before, without a token', async () => {
  const id = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ag-oncall';
  assert.is((await call('PUT', `${id}?api-version=2023-01-01`, { auth: false, body: { location: 'Global', properties: { groupShortName: 'oncall', enabled: true } } })).status, 200);
  assert.is((await call('GET', `${id}?api-version=2023-01-01`, { auth: false })).body.name, 'ag-oncall');
});

// ── SQL failover groups ──

Spec('a forced SQL failover on the secondary swaps the roles when its operation succeeds, not before', async () => {
  const e = estate();
  const r = await call('POST', `${e.sql.onSecondary}/forceFailoverAllowDataLoss?${SQL}`);
  assert.is(r.status, 202);
  assert.ok(r.headers['azure-asyncoperation'] && r.headers.location && r.headers['retry-after'] !== undefined);
  assert.is((await call('GET', `${e.sql.onSecondary}?${SQL}`)).body.properties.replicationRole, 'Secondary', 'nothing changes while the operation runs');
  assert.equal(await pollAsync(String(r.headers['azure-asyncoperation'])), ['InProgress', 'InProgress', 'Succeeded']);
  const now = (await call('GET', `${e.sql.onSecondary}?${SQL}`)).body.properties;
  assert.is(now.replicationRole, 'Primary');
  assert.is(now.partnerServers[0].replicationRole, 'Secondary');
  assert.is(now.readWriteEndpoint.failoverPolicy, 'Manual');
  assert.is((await call('GET', `${e.sql.onPrimary}?${SQL}`)).body.properties.replicationRole, 'Secondary');
  const link = (await call('GET', `${e.sql.links.orders!.onSecondary}?${SQL}`)).body.properties;
  assert.equal([link.role, link.partnerRole, link.replicationState, link.percentComplete], ['Primary', 'Secondary', 'CATCH_UP', 100]);
  assert.is(recovery.calls('sql.forceFailoverAllowDataLoss').at(-1)!.dataLossSeconds, 3, 'a forced failover loses the lag (a test-side knob: Azure shows it only in sys.dm_geo_replication_link_status)');
  // The Location URL ends with the failover group.
  const done = await call('GET', String(r.headers.location));
  assert.is(done.status, 200);
  assert.is(done.body.properties.replicationRole, 'Primary');
});

Spec('a failover sent to the primary is refused, so a runbook run twice fails over once', async () => {
  const e = estate();
  const onPrimary = await call('POST', `${e.sql.onPrimary}/failover?${SQL}`);
  assert.is(onPrimary.status, 400);
  assert.is(onPrimary.body.error.code, 'FailoverGroupFailoverRequestOnPrimary');
  const first = await call('POST', `${e.sql.onSecondary}/failover?${SQL}`);
  assert.is(first.status, 202);
  const busy = await call('POST', `${e.sql.onSecondary}/forceFailoverAllowDataLoss?${SQL}`);
  assert.is(busy.status, 409);
  assert.is(busy.body.error.code, 'FailoverGroupBusy');
  await pollAsync(String(first.headers['azure-asyncoperation']));
  const again = await call('POST', `${e.sql.onSecondary}/failover?${SQL}`);
  assert.is(again.body.error.code, 'FailoverGroupFailoverRequestOnPrimary', 'the former secondary is now the primary');
  const failovers = recovery.audit.filter((a) => a.target.toLowerCase() === e.sql.onSecondary.toLowerCase() && a.status === 202);
  assert.is(failovers.length, 1);
  assert.is(failovers[0]!.dataLossSeconds, 0, 'a planned failover loses nothing');
});

Spec('a planned SQL failover is refused while the primary region is down; tryPlannedBeforeForced then forces', async () => {
  const e = estate();
  recovery.setRegionHealth('West Europe', false);
  const planned = await call('POST', `${e.sql.onSecondary}/failover?${SQL}`);
  assert.is(planned.status, 400);
  assert.is(planned.body.error.code, 'PlannedFailoverTimedOut');
  const tried = await call('POST', `${e.sql.onSecondary}/tryPlannedBeforeForcedFailover?${SQL}`);
  assert.is(tried.status, 202);
  await pollAsync(String(tried.headers['azure-asyncoperation']));
  assert.is(recovery.get(e.sql.onSecondary)!.properties.replicationRole, 'Primary');
  assert.is(recovery.calls('sql.tryPlannedBeforeForcedFailover').at(-1)!.dataLossSeconds, 3);
});

// ── Cosmos DB ──

Spec('offlineRegion moves the writes of a Cosmos account to the next region once the operation succeeds', async () => {
  const e = estate();
  const before = (await call('GET', `${e.cosmos}?${COSMOS}`)).body.properties;
  assert.equal(before.writeLocations.map((l: { locationName: string }) => l.locationName), ['West Europe']);
  assert.equal(before.failoverPolicies.map((p: { locationName: string; failoverPriority: number }) => [p.locationName, p.failoverPriority]), [['West Europe', 0], ['North Europe', 1]]);
  assert.is(before.enableAutomaticFailover, false);
  assert.is(before.enableMultipleWriteLocations, false);
  recovery.setRegionHealth('westeurope', false);
  const r = await call('POST', `${e.cosmos}/offlineRegion?${COSMOS}`, { body: { region: 'West Europe' } });
  assert.is(r.status, 202);
  assert.is(r.headers.location, r.headers['azure-asyncoperation'], 'the spec’s example gives one URL in both headers');
  assert.is((await call('GET', `${e.cosmos}?${COSMOS}`)).body.properties.writeLocations[0].locationName, 'West Europe');
  assert.is((await pollAsync(String(r.headers['azure-asyncoperation']))).at(-1), 'Succeeded');
  const after = (await call('GET', `${e.cosmos}?${COSMOS}`)).body.properties;
  assert.equal(after.writeLocations.map((l: { locationName: string }) => l.locationName), ['North Europe']);
  assert.equal(after.readLocations.map((l: { locationName: string }) => l.locationName), ['North Europe']);
  assert.is(after.locations.length, 2);
  const refused = await call('POST', `${e.cosmos}/failoverPriorityChange?${COSMOS}`, { body: { failoverPolicies: [{ locationName: 'West Europe', failoverPriority: 0 }, { locationName: 'North Europe', failoverPriority: 1 }] } });
  assert.is(refused.status, 400, 'a planned change of write region needs every region healthy');
  assert.is((await call('POST', `${e.cosmos}/offlineRegion?${COSMOS}`, { body: { region: 'North Europe' } })).status, 400, 'the last online region stays online');
});

Spec('failoverPriorityChange changes the write region of a healthy account and checks the priorities', async () => {
  const e = estate();
  const bad = await call('POST', `${e.cosmos}/failoverPriorityChange?${COSMOS}`, { body: { failoverPolicies: [{ locationName: 'northeurope', failoverPriority: 0 }] } });
  assert.is(bad.status, 400);
  const r = await call('POST', `${e.cosmos}/failoverPriorityChange?${COSMOS}`, { body: { failoverPolicies: [{ locationName: 'northeurope', failoverPriority: 0 }, { locationName: 'westeurope', failoverPriority: 1 }] } });
  assert.is(r.status, 202);
  await pollAsync(String(r.headers['azure-asyncoperation']));
  const p = recovery.get(e.cosmos)!.properties;
  assert.is(p.writeLocations[0].locationName, 'North Europe');
  assert.equal(p.failoverPolicies.map((x: { locationName: string }) => x.locationName), ['North Europe', 'West Europe']);
});

// ── Storage ──

Spec('a planned storage failover swaps the regions and keeps RA-GZRS; geoReplicationStats only with $expand', async () => {
  const e = estate();
  const plain = (await call('GET', `${e.storage}?${STORAGE}`)).body;
  assert.is(plain.properties.geoReplicationStats, undefined);
  assert.equal([plain.sku.name, plain.properties.primaryLocation, plain.properties.secondaryLocation, plain.properties.statusOfPrimary], ['Standard_RAGZRS', 'westeurope', 'northeurope', 'available']);
  setLastSyncTime(recovery, e.storage, '2026-11-30T11:58:00Z');
  const stats = (await call('GET', `${e.storage}?${STORAGE}&$expand=geoReplicationStats`)).body.properties.geoReplicationStats;
  assert.equal(stats, { status: 'Live', lastSyncTime: '2026-11-30T11:58:00Z', canFailover: true, canPlannedFailover: true, postFailoverRedundancy: 'Standard_LRS', postPlannedFailoverRedundancy: 'Standard_RAGZRS' });
  const r = await call('POST', `${e.storage}/failover?${STORAGE}&failoverType=Planned`);
  assert.is(r.status, 202);
  assert.is(r.headers['azure-asyncoperation'], undefined, 'storage polls through Location only');
  assert.match(String(r.headers.location), /\/providers\/Microsoft\.Storage\/locations\/westeurope\/asyncoperations\/.+monitor=true/);
  const { answer, polls } = await pollLocation(String(r.headers.location));
  assert.is(answer.status, 204);
  assert.is(polls, 3);
  const after = (await call('GET', `${e.storage}?${STORAGE}`)).body;
  assert.equal([after.sku.name, after.properties.primaryLocation, after.properties.secondaryLocation], ['Standard_RAGZRS', 'northeurope', 'westeurope']);
});

Spec('an unplanned storage failover ends LRS in the old secondary, with no secondary left', async () => {
  const e = estate();
  recovery.setRegionHealth('westeurope', false);
  const expanded = (await call('GET', `${e.storage}?${STORAGE}&$expand=geoReplicationStats`)).body.properties;
  assert.is(expanded.statusOfPrimary, 'unavailable');
  assert.is(expanded.geoReplicationStats.canPlannedFailover, false);
  assert.is((await call('POST', `${e.storage}/failover?${STORAGE}&failoverType=Planned`)).status, 400);
  const r = await call('POST', `${e.storage}/failover?${STORAGE}`);
  assert.is(r.status, 202);
  assert.is((await call('GET', `${e.storage}?${STORAGE}`)).body.sku.name, 'Standard_RAGZRS', 'unchanged while it runs');
  await pollLocation(String(r.headers.location));
  const after = (await call('GET', `${e.storage}?${STORAGE}&$expand=geoReplicationStats`)).body;
  assert.is(after.sku.name, 'Standard_LRS');
  assert.is(after.properties.primaryLocation, 'northeurope');
  assert.is(after.properties.secondaryLocation, undefined);
  assert.is(after.properties.geoReplicationStats.canFailover, false);
  assert.is(recovery.calls('storage.failover').length >= 1, true);
  assert.ok(recovery.calls('storage.failover').at(-1)!.dataLossSeconds! >= 299, 'the loss is the time since the last sync');
});

// ── PostgreSQL ──

Spec('a forced switchover of a PostgreSQL replica swaps primary and replica when the operation succeeds', async () => {
  const e = estate();
  assert.equal((await call('GET', `${e.postgres.replica}?${PG}`)).body.properties.replica, { role: 'GeoAsyncReplica', capacity: 5, replicationState: 'Active' });
  const onPrimary = await call('PATCH', `${e.postgres.primary}?${PG}`, { body: { properties: { replica: { promoteMode: 'Switchover', promoteOption: 'Forced' } } } });
  assert.is(onPrimary.status, 400, 'only a replica can be promoted');
  const r = await call('PATCH', `${e.postgres.replica}?${PG}`, { body: { properties: { replica: { promoteMode: 'Switchover', promoteOption: 'Forced' } } } });
  assert.is(r.status, 202);
  assert.match(String(r.headers['azure-asyncoperation']), /Microsoft\.DBforPostgreSQL\/locations\/northeurope\/azureAsyncOperation\//);
  assert.match(String(r.headers.location), /\/operationResults\//);
  assert.is(recovery.get(e.postgres.replica)!.properties.replica.role, 'GeoAsyncReplica');
  await pollAsync(String(r.headers['azure-asyncoperation']));
  const promoted = recovery.get(e.postgres.replica)!.properties;
  const demoted = recovery.get(e.postgres.primary)!.properties;
  assert.is(promoted.replica.role, 'Primary');
  assert.is(promoted.sourceServerResourceId, undefined);
  assert.equal([demoted.replica.role, demoted.replica.replicationState, demoted.sourceServerResourceId], ['GeoAsyncReplica', 'Active', e.postgres.replica]);
  assert.is(recovery.calls('postgres.promote').at(-1)!.dataLossSeconds, 2);
});

Spec('a planned standalone promotion needs the primary; forced works without it', async () => {
  const e = estate();
  recovery.setRegionHealth('westeurope', false);
  assert.is((await call('PATCH', `${e.postgres.replica}?${PG}`, { body: { properties: { replica: { promoteMode: 'Standalone', promoteOption: 'Planned' } } } })).status, 400);
  const r = await call('PATCH', `${e.postgres.replica}?${PG}`, { body: { properties: { replica: { promoteMode: 'Standalone', promoteOption: 'Forced' } } } });
  await pollAsync(String(r.headers['azure-asyncoperation']));
  assert.is(recovery.get(e.postgres.replica)!.properties.replica.role, 'None');
  assert.is(recovery.get(e.postgres.replica)!.properties.replicationRole, 'None');
});

// ── Front Door, Traffic Manager, Redis ──

Spec('disabling a Front Door origin is long-running: Updating first, Disabled when it succeeds', async () => {
  const e = estate();
  const origin = e.frontDoor.origins[0]!;
  const r = await call('PATCH', `${origin}?${CDN}`, { body: { properties: { enabledState: 'Disabled' } } });
  assert.is(r.status, 202);
  assert.is(r.body.properties.provisioningState, 'Updating');
  assert.match(String(r.headers['azure-asyncoperation']), /\/providers\/Microsoft\.Cdn\/operationresults\//);
  const during = (await call('GET', `${origin}?${CDN}`)).body.properties;
  assert.equal([during.enabledState, during.provisioningState], ['Enabled', 'Updating']);
  await pollAsync(String(r.headers['azure-asyncoperation']));
  const after = (await call('GET', `${origin}?${CDN}`)).body.properties;
  assert.equal([after.enabledState, after.provisioningState], ['Disabled', 'Succeeded']);
  assert.is((await call('GET', `${e.frontDoor.originGroup}/origins?${CDN}`)).body.value.length, 2);
  assert.is((await call('PATCH', `${origin}?${CDN}`, { body: { properties: { enabledState: 'Off' } } })).status, 400);
});

Spec('a Traffic Manager endpoint is disabled synchronously', async () => {
  const e = estate();
  const ep = e.trafficManager.endpoints[0]!;
  const path = ep.replace('/azureEndpoints/', '/AzureEndpoints/');
  const r = await call('PATCH', `${path}?${TM}`, { body: { properties: { endpointStatus: 'Disabled' } } });
  assert.is(r.status, 200);
  assert.equal([r.body.properties.endpointStatus, r.body.properties.endpointMonitorStatus], ['Disabled', 'Disabled']);
  const profile = (await call('GET', `${e.trafficManager.profile}?${TM}`)).body.properties;
  assert.equal(profile.endpoints.map((x: { properties: { endpointStatus: string } }) => x.properties.endpointStatus), ['Disabled', 'Enabled']);
});

Spec('unlinking Redis geo-replication is a DELETE on the primary that polls through Location', async () => {
  const e = estate();
  assert.is((await call('GET', `${e.redis.onPrimary}?${REDIS}`)).body.properties.serverRole, 'Secondary');
  assert.is((await call('DELETE', `${e.redis.onSecondary}?${REDIS}`)).status, 400);
  const r = await call('DELETE', `${e.redis.onPrimary}?${REDIS}`);
  assert.is(r.status, 202);
  assert.is((await call('GET', `${e.redis.primary}/linkedServers?${REDIS}`)).body.value.length, 1, 'still linked while it runs');
  assert.is((await pollLocation(String(r.headers.location))).answer.status, 204);
  assert.is((await call('GET', `${e.redis.onPrimary}?${REDIS}`)).status, 404);
  assert.is((await call('GET', `${e.redis.secondary}/linkedServers?${REDIS}`)).body.value.length, 0);
});

// ── faults, mid-run changes, time ──

Spec('a 429 with Retry-After, a 500 and a dropped connection, then the call goes through', async () => {
  const e = estate();
  const path = /forceFailoverAllowDataLoss$/;
  recovery.injectFault('429', { method: 'POST', path });
  recovery.injectFault('500', { method: 'POST', path });
  recovery.injectFault('drop', { method: 'POST', path });
  const url = `${e.sql.onSecondary}/forceFailoverAllowDataLoss?${SQL}`;
  const throttled = await call('POST', url);
  assert.is(throttled.status, 429);
  assert.is(throttled.headers['retry-after'], '1');
  assert.is((await call('POST', url)).status, 500);
  await call('POST', url).then(
    () => assert.unreachable('the connection should drop'),
    (err: NodeJS.ErrnoException) => assert.ok(err.code === 'ECONNRESET' || /socket hang up/.test(err.message)),
  );
  assert.is(recovery.get(e.sql.onSecondary)!.properties.replicationRole, 'Secondary', 'no fault changed anything');
  const ok = await call('POST', url);
  assert.is(ok.status, 202);
  const statuses = recovery.audit.filter((a) => a.target.toLowerCase() === e.sql.onSecondary.toLowerCase()).map((a) => a.status);
  assert.equal(statuses, [429, 500, 0, 202]);
});

Spec('an injected operation failure leaves the estate as it was', async () => {
  const e = estate();
  recovery.failNextOperation({ code: 'OperationTimedOut', message: 'The operation timed out and automatically rolled back.' }, 'sql.forceFailoverAllowDataLoss');
  const r = await call('POST', `${e.sql.onSecondary}/forceFailoverAllowDataLoss?${SQL}`);
  assert.is((await pollAsync(String(r.headers['azure-asyncoperation']))).at(-1), 'Failed');
  const op = await call('GET', String(r.headers['azure-asyncoperation']));
  assert.is(op.body.error.code, 'OperationTimedOut');
  assert.is((await call('GET', String(r.headers.location))).status, 500);
  assert.is(recovery.get(e.sql.onSecondary)!.properties.replicationRole, 'Secondary');
  assert.is(recovery.audit.at(-1)!.operation!.status, 'Failed');
});

Spec('a hook can take a region down in the middle of a run', async () => {
  const e = estate();
  let fired = false;
  recovery.beforeRequest((req) => {
    if (!fired && /offlineRegion$/i.test(req.path)) {
      fired = true;
      recovery.setRegionHealth('northeurope', false);
    }
  });
  const r = await call('POST', `${e.cosmos}/offlineRegion?${COSMOS}`, { body: { region: 'westeurope' } });
  await pollAsync(String(r.headers['azure-asyncoperation']));
  const refused = await call('POST', `${e.cosmos}/failoverPriorityChange?${COSMOS}`, { body: { failoverPolicies: [{ locationName: 'westeurope', failoverPriority: 0 }, { locationName: 'northeurope', failoverPriority: 1 }] } });
  assert.is(refused.status, 400);
  assert.match(refused.body.error.message, /North Europe|West Europe/);
});

Spec('with operationMs, an operation succeeds on time whether polled or not', async () => {
  const e = estate();
  recovery.options.operationMs = 40;
  const r = await call('PATCH', `${e.frontDoor.origins[1]}?${CDN}`, { body: { properties: { enabledState: 'Disabled' } } });
  assert.is(r.status, 202);
  assert.is(recovery.get(e.frontDoor.origins[1]!)!.properties.enabledState, 'Enabled');
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.is((await call('GET', `${e.frontDoor.origins[1]}?${CDN}`)).body.properties.enabledState, 'Disabled');
  assert.is(recovery.pending(), 0);
});

Spec.run();
