/**
 * The failover operations of a two-region estate, played on the local ARM endpoint (arm-emulator.ts) through its
 * `routes` hook, so that generated runbooks — PowerShell calling ARM over REST with a managed identity's token — can be
 * run for real against it. What it plays, as Azure/azure-rest-api-specs describes it (paths under `…` =
 * /subscriptions/{sub}/resourceGroups/{rg}/providers):
 *
 * - the managed identity endpoint of Azure Automation (IDENTITY_ENDPOINT + IDENTITY_HEADER), and ARM's bearer check
 *   on every route below (401 AuthenticationFailed / InvalidAuthenticationToken / ExpiredAuthenticationToken);
 * - long-running operations: 202 with Azure-AsyncOperation and/or Location and Retry-After, the operation answering
 *   InProgress for `operationPolls` polls (or `operationMs`), then Succeeded, or Failed when a failure is injected;
 *   the resource changes when the operation succeeds, never before;
 * - SQL failover groups (failover, forceFailoverAllowDataLoss, tryPlannedBeforeForcedFailover) and the databases'
 *   replicationLinks; Cosmos DB offlineRegion / onlineRegion / failoverPriorityChange; storage account failover
 *   (unplanned and Planned) with `$expand=geoReplicationStats`; PostgreSQL flexible server replica promotion (PATCH
 *   replica.promoteMode/promoteOption); Front Door Std/Premium origins (PATCH enabledState, long-running); Traffic
 *   Manager endpoints (PATCH endpointStatus, synchronous); Redis linked servers (DELETE = unlink, long-running);
 * - faults scoped to these routes (429 with Retry-After, 500, slow, dropped connection), operation failures, hooks
 *   that change the estate mid-run (a region going down), and an audit of every state-changing call.
 *
 * Knobs that are not ARM fields (region health, SQL replication lag) live beside the resources, in `knobs`, and show
 * only where Azure shows them. Verified against the specs, and what is not, is said where each operation is played.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { startArmEmulator, typeOf, type ArmEmulator, type EmulatorOptions, type Route, type RouteReply, type RouteRequest } from './arm-emulator.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface RecoveryOptions {
  /** Polls of an operation that answer InProgress before it succeeds (default 2). Ignored when `operationMs` is set. */
  operationPolls?: number;
  /** An operation succeeds this many ms after it was accepted, polled or not (instead of counting polls). */
  operationMs?: number;
  /** Retry-After (seconds) of 202 answers and InProgress polls (default 1; 0 lets a PowerShell loop run at full speed). */
  retryAfterSeconds?: number;
  /** Bearer tokens ARM accepts besides those the identity endpoint issued (e.g. 'test-token' of the SDK tests). */
  acceptTokens?: string[];
  /** Lifetime of an issued token (default 3600 s), to test a runbook that outlives its token. */
  tokenLifetimeSeconds?: number;
  /** Enforce the bearer check on the recovery routes (default true). */
  requireToken?: boolean;
}

export type RecoveryFaultKind = '429' | '500' | 'slow' | 'drop';

/** One state-changing call (POST, PATCH, DELETE) on a recovery route, with what became of it. */
export interface AuditEntry {
  readonly seq: number;
  readonly at: number;
  readonly method: string;
  readonly path: string;
  /** e.g. 'sql.forceFailoverAllowDataLoss', 'cosmos.offlineRegion', 'storage.failover', 'postgres.promote'. */
  readonly action: string;
  /** The resource id the call targets, as sent. */
  readonly target: string;
  /** The HTTP status of the answer to the call itself (202, 200, 400, 409, 429 …; 0 when the connection was dropped). */
  status: number;
  /** The error code when the call was refused. */
  code?: string;
  /** The long-running operation it started, with its outcome once known. */
  operation?: { id: string; status: 'InProgress' | 'Succeeded' | 'Failed'; error?: { code: string; message: string } };
  /** Seconds of writes lost by a forced failover that succeeded (the lag at that moment); 0 for planned ones. */
  dataLossSeconds?: number;
}

/** Test-side knobs: not ARM fields (see each). */
export interface Knobs {
  /** Region health by normalised region name ('westeurope'); a region absent here is healthy. */
  readonly unhealthyRegions: Set<string>;
  /** SQL: seconds the secondary lags behind, by lowercase failover group name. Azure shows it only in
   *  sys.dm_geo_replication_link_status (replication_lag_sec), not in ARM; here it decides a forced failover's loss. */
  readonly sqlLagSeconds: Map<string, number>;
  /** PostgreSQL: seconds a replica lags, by lowercase replica id (not an ARM field either). */
  readonly postgresLagSeconds: Map<string, number>;
}

interface Operation {
  id: string;
  action: string;
  acceptedAt: number;
  polls: number;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  error?: { code: string; message: string };
  /** Applies the change; may return the final body (Location polling's 200). */
  apply: () => Json | undefined;
  result?: Json;
  audit: AuditEntry;
  /** Paths (lowercase, no query) this operation answers on, and how. */
  asyncPath?: string;
  locationPath?: string;
  /** A forced failover's loss, known when it is accepted. */
  dataLossSeconds?: number;
}

interface ScopedFault {
  kind: RecoveryFaultKind;
  method?: string;
  path?: RegExp;
  times: number;
}

interface InjectedFailure {
  action?: string | RegExp;
  code: string;
  message: string;
}

export interface Recovery {
  /** The options in effect; a test may change them between calls (operationPolls, operationMs, tokenLifetimeSeconds …). */
  readonly options: Required<Pick<RecoveryOptions, 'operationPolls' | 'retryAfterSeconds' | 'tokenLifetimeSeconds' | 'requireToken'>> & RecoveryOptions;
  /** The route to give `startArmEmulator({ routes: [recovery.route] })`. */
  readonly route: Route;
  readonly knobs: Knobs;
  readonly audit: AuditEntry[];
  /** The emulator this recovery is attached to (set on its first request, or by startRecoveryEmulator). */
  arm: ArmEmulator | undefined;
  /** The environment Azure Automation gives a job: IDENTITY_ENDPOINT and IDENTITY_HEADER. */
  env(): { IDENTITY_ENDPOINT: string; IDENTITY_HEADER: string };
  /** A token as the identity endpoint issues it (for Node-side tests that need not fetch one). */
  issueToken(resource?: string): string;
  /** ARM's bearer check for routes played beside these (test/helpers/arm-drill.ts): false once it answered 401. */
  authorise(request: RouteRequest, reply: RouteReply): boolean;
  /** Adds an audit entry for a call played beside these (the entry can be updated: status, code, operation). */
  record(request: RouteRequest, action: string, status: number, code?: string, target?: string): AuditEntry;
  /** For routes played beside these: runs the beforeRequest hooks and an injected fault that matches (audited as `action`), else `go`. */
  intercept(request: RouteRequest, reply: RouteReply, go: () => void, action: string | undefined, target?: string): void;
  /** Gives the next matching requests on the recovery routes (and the drill routes) a fault (`times` of them, default 1). */
  injectFault(kind: RecoveryFaultKind, match?: { method?: string; path?: RegExp; times?: number }): void;
  /** Makes the next operation of that action (all when omitted) end Failed with this error. */
  failNextOperation(error: { code: string; message: string }, action?: string | RegExp): void;
  /** Called before each recovery request is handled (e.g. to take a region down after the first failover call). */
  beforeRequest(hook: (request: RouteRequest, recovery: Recovery) => void): void;
  /** Marks a region (any spelling: 'West Europe', 'westeurope') unhealthy or healthy again. */
  setRegionHealth(region: string, healthy: boolean): void;
  /** Accepted calls of an action (status 2xx), e.g. to assert "no second failover". */
  calls(action: string): AuditEntry[];
  /** Operations not yet finished. */
  pending(): number;
  /** The stored ARM body of a resource (a copy), or undefined. */
  get(id: string): Json | undefined;
  /** Changes a stored body in place (e.g. a storage account's lastSyncTime). */
  edit(id: string, change: (body: Json) => void): void;
  /** Adds or replaces a resource body (id, name, type filled in). */
  put(id: string, body: Json): void;
}

// ───────────────────────────── names and ids ─────────────────────────────

const DISPLAY: Record<string, string> = {
  westeurope: 'West Europe', northeurope: 'North Europe', eastus: 'East US', eastus2: 'East US 2', westus: 'West US',
  westus2: 'West US 2', westus3: 'West US 3', centralus: 'Central US', swedencentral: 'Sweden Central', uksouth: 'UK South',
  ukwest: 'UK West', francecentral: 'France Central', germanywestcentral: 'Germany West Central', japaneast: 'Japan East',
  japanwest: 'Japan West', southeastasia: 'Southeast Asia', eastasia: 'East Asia', australiaeast: 'Australia East',
};
/** 'West Europe', 'westeurope', 'WestEurope' → 'westeurope'. */
export const regionKey = (region: string): string => region.toLowerCase().replace(/[\s_-]+/g, '');
export const regionDisplay = (region: string): string => DISPLAY[regionKey(region)] ?? region;

export const DEFAULT_SUBSCRIPTION = '00000000-0000-0000-0000-00000000d1a5';
export const DEFAULT_RESOURCE_GROUP = 'rg-dr';

export interface Scope {
  subscriptionId?: string;
  resourceGroup?: string;
}
const rgPath = (s: Scope = {}) => `/subscriptions/${s.subscriptionId ?? DEFAULT_SUBSCRIPTION}/resourceGroups/${s.resourceGroup ?? DEFAULT_RESOURCE_GROUP}`;
const subOf = (id: string) => /^\/subscriptions\/([^/]+)/i.exec(id)?.[1] ?? DEFAULT_SUBSCRIPTION;


// ───────────────────────────── routes ─────────────────────────────

const SEG = '([^/]+)';
const RG = `^/subscriptions/${SEG}/resourceGroups/${SEG}/providers`;
const re = (s: string) => new RegExp(`${RG}${s}$`, 'i');
const R = {
  sqlFg: re(`/Microsoft\\.Sql/servers/${SEG}/failoverGroups/${SEG}`),
  sqlFgAction: re(`/Microsoft\\.Sql/servers/${SEG}/failoverGroups/${SEG}/(failover|forceFailoverAllowDataLoss|tryPlannedBeforeForcedFailover)`),
  sqlFgList: re(`/Microsoft\\.Sql/servers/${SEG}/failoverGroups`),
  sqlLink: re(`/Microsoft\\.Sql/servers/${SEG}/databases/${SEG}/replicationLinks/${SEG}`),
  sqlLinkList: re(`/Microsoft\\.Sql/servers/${SEG}/databases/${SEG}/replicationLinks`),
  sqlLinkAction: re(`/Microsoft\\.Sql/servers/${SEG}/databases/${SEG}/replicationLinks/${SEG}/(failover|forceFailoverAllowDataLoss)`),
  cosmos: re(`/Microsoft\\.DocumentDB/databaseAccounts/${SEG}`),
  cosmosAction: re(`/Microsoft\\.DocumentDB/databaseAccounts/${SEG}/(offlineRegion|onlineRegion|failoverPriorityChange)`),
  storage: re(`/Microsoft\\.Storage/storageAccounts/${SEG}`),
  storageFailover: re(`/Microsoft\\.Storage/storageAccounts/${SEG}/failover`),
  postgres: re(`/Microsoft\\.DBforPostgreSQL/flexibleServers/${SEG}`),
  afdOrigin: re(`/Microsoft\\.Cdn/profiles/${SEG}/originGroups/${SEG}/origins/${SEG}`),
  afdOriginList: re(`/Microsoft\\.Cdn/profiles/${SEG}/originGroups/${SEG}/origins`),
  afdOriginGroup: re(`/Microsoft\\.Cdn/profiles/${SEG}/originGroups/${SEG}`),
  tmProfile: re(`/Microsoft\\.Network/trafficManagerProfiles/${SEG}`),
  tmEndpoint: re(`/Microsoft\\.Network/trafficManagerProfiles/${SEG}/(azureEndpoints|externalEndpoints|nestedEndpoints)/${SEG}`),
  redisLink: re(`/Microsoft\\.Cache/redis/${SEG}/linkedServers/${SEG}`),
  redisLinkList: re(`/Microsoft\\.Cache/redis/${SEG}/linkedServers`),
  /** Every operation URL this module hands out lives under /subscriptions/{sub}/providers/…/{operation id}. */
  operation: /^\/subscriptions\/[^/]+\/(?:resourceGroups\/[^/]+\/)?providers\/[^/]+\/(?:locations\/[^/]+\/)?[^/]+\/(op-[0-9a-f]+)$/i,
};
const IDENTITY_PATH = '/msi/token';
/** Audiences ARM accepts (both spellings of each). */
const ARM_AUDIENCES = ['https://management.azure.com', 'https://management.core.windows.net'];

export function createRecovery(options: RecoveryOptions = {}): Recovery {
  const opts = { operationPolls: 2, retryAfterSeconds: 1, tokenLifetimeSeconds: 3600, requireToken: true, ...options };
  const identityHeader = randomBytes(16).toString('hex');
  const tokens = new Map<string, { resource: string; expiresOn: number }>();
  const operations = new Map<string, Operation>();
  const byPath = new Map<string, Operation>();
  const faults: ScopedFault[] = [];
  const failures: InjectedFailure[] = [];
  const hooks: ((request: RouteRequest, recovery: Recovery) => void)[] = [];
  const audit: AuditEntry[] = [];
  const knobs: Knobs = { unhealthyRegions: new Set(), sqlLagSeconds: new Map(), postgresLagSeconds: new Map() };
  /** Resources played here, by lowercase id (the emulator's store holds the same objects, so `arm.store` shows them). */
  const resources = new Map<string, { id: string; body: Json }>();
  let opCounter = 0;
  let seq = 0;

  const endpoint = () => {
    if (!recovery.arm) throw new Error('the recovery routes are not attached to an emulator yet');
    return recovery.arm.endpoint;
  };
  const healthy = (region: string | undefined) => region === undefined || !knobs.unhealthyRegions.has(regionKey(region));
  const find = (id: string) => resources.get(id.toLowerCase());

  function store(id: string, body: Json): Json {
    const full: Json = { id, name: id.split('/').filter(Boolean).pop(), type: typeOf(id), ...body };
    full.id = id;
    resources.set(id.toLowerCase(), { id, body: full });
    recovery.arm?.store.set(id.toLowerCase(), { id, body: full });
    return full;
  }

  // ── long-running operations ──

  /** Finishes operations whose time has come (time mode) — run before every request, so GETs see the outcome. */
  function settle(now = Date.now()) {
    if (opts.operationMs === undefined) return;
    for (const op of operations.values()) if (op.status === 'InProgress' && now - op.acceptedAt >= opts.operationMs) finish(op);
  }
  function finish(op: Operation) {
    const failure = failures.findIndex((f) => f.action === undefined || (typeof f.action === 'string' ? f.action === op.action : f.action.test(op.action)));
    if (failure >= 0) {
      op.status = 'Failed';
      op.error = { code: failures[failure]!.code, message: failures[failure]!.message };
      failures.splice(failure, 1);
    } else {
      op.status = 'Succeeded';
      op.result = op.apply();
      if (op.dataLossSeconds !== undefined) op.audit.dataLossSeconds = op.dataLossSeconds;
    }
    op.audit.operation = { id: op.id, status: op.status, ...(op.error ? { error: op.error } : {}) };
  }

  /**
   * Starts an operation and answers 202 with the polling headers the type's spec shows:
   * `async` and/or `location` are URL paths under the subscription (the operation id is appended).
   */
  function accept(reply: RouteReply, entry: AuditEntry, action: string, urls: { async?: string; location?: string; apiVersion: string; locationQuery?: string }, apply: () => Json | undefined, body?: Json, dataLossSeconds?: number) {
    const id = `op-${(++opCounter).toString(16).padStart(8, '0')}${randomBytes(4).toString('hex')}`;
    const op: Operation = { id, action, acceptedAt: Date.now(), polls: 0, status: 'InProgress', apply, audit: entry, ...(dataLossSeconds !== undefined ? { dataLossSeconds } : {}) };
    const headers: Record<string, string> = { 'retry-after': String(opts.retryAfterSeconds) };
    if (urls.async) {
      op.asyncPath = `${urls.async}/${id}`.toLowerCase();
      headers['azure-asyncoperation'] = `${endpoint()}${urls.async}/${id}?api-version=${urls.apiVersion}`;
      byPath.set(op.asyncPath, op);
    }
    if (urls.location) {
      op.locationPath = `${urls.location}/${id}`.toLowerCase();
      headers.location = `${endpoint()}${urls.location}/${id}?${urls.locationQuery ?? ''}api-version=${urls.apiVersion}`;
      byPath.set(op.locationPath, op);
    }
    operations.set(id, op);
    entry.status = 202;
    entry.operation = { id, status: 'InProgress' };
    reply.send(202, body, headers);
  }

  /** GET of an operation URL: Azure-AsyncOperation answers 200 with the status; Location answers 202 until done. */
  function pollOperation(request: RouteRequest, reply: RouteReply): boolean {
    const key = request.path.toLowerCase();
    const op = byPath.get(key);
    if (!op) return false;
    if (request.method !== 'GET') return void reply.error(405, 'MethodNotAllowed', `${request.method} is not supported on an operation.`), true;
    op.polls++;
    if (op.status === 'InProgress' && opts.operationMs === undefined && op.polls > opts.operationPolls) finish(op);
    const retry = { 'retry-after': String(opts.retryAfterSeconds) };
    if (key === op.asyncPath) {
      const status: Json = { id: `${request.path}`, name: op.id, status: op.status, startTime: new Date(op.acceptedAt).toISOString() };
      if (op.status !== 'InProgress') status.endTime = new Date().toISOString();
      if (op.error) status.error = op.error;
      return reply.send(200, status, op.status === 'InProgress' ? retry : {}), true;
    }
    if (op.status === 'InProgress') return reply.send(202, undefined, { ...retry, location: `${endpoint()}${request.url.pathname}${request.url.search}` }), true;
    if (op.status === 'Failed') return reply.send(500, { error: op.error }), true;
    return op.result ? reply.send(200, op.result) : reply.send(204), true;
  }

  // ── auth ──

  function issueToken(resource = 'https://management.azure.com/'): string {
    const expiresOn = Math.floor(Date.now() / 1000) + opts.tokenLifetimeSeconds;
    const b64 = (o: Json) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ typ: 'JWT', alg: 'none' })}.${b64({ aud: resource, exp: expiresOn, oid: '00000000-0000-0000-0000-0000000000a1', iss: 'azslo-test' })}.${randomBytes(12).toString('base64url')}`;
    tokens.set(token, { resource, expiresOn });
    return token;
  }

  /**
   * The managed identity endpoint of an Automation job. The request Automation's documentation shows:
   * GET $env:IDENTITY_ENDPOINT?resource=https://management.azure.com/ with header X-IDENTITY-HEADER = $env:IDENTITY_HEADER
   * (and optionally Metadata: True, api-version=2019-08-01, client_id / mi_res_id for a user-assigned identity). The
   * answer's fields are those of the 2019-08-01 protocol (access_token, expires_on as epoch-seconds text, resource,
   * token_type, client_id). The status of a refusal (401 here) is not documented: unverified.
   */
  function identity(request: RouteRequest, reply: RouteReply) {
    if (request.method !== 'GET') return reply.send(405, { error: 'invalid_request', error_description: 'Only GET is supported.' });
    if (request.headers['x-identity-header'] !== identityHeader) return reply.send(401, { error: 'invalid_request', error_description: 'The X-IDENTITY-HEADER header is missing or wrong.' });
    const apiVersion = request.url.searchParams.get('api-version');
    if (apiVersion !== null && apiVersion !== '2019-08-01') return reply.send(400, { error: 'invalid_request', error_description: `api-version ${apiVersion} is not supported.` });
    const resource = request.url.searchParams.get('resource');
    if (!resource) return reply.send(400, { error: 'invalid_request', error_description: 'The resource parameter is required.' });
    const token = issueToken(resource);
    const t = tokens.get(token)!;
    reply.send(200, { access_token: token, expires_on: String(t.expiresOn), resource, token_type: 'Bearer', client_id: request.url.searchParams.get('client_id') ?? '00000000-0000-0000-0000-0000000000c1' });
  }

  /** ARM's bearer check: codes as ARM answers them (AuthenticationFailed, InvalidAuthenticationToken, ExpiredAuthenticationToken). */
  function authorised(request: RouteRequest, reply: RouteReply): boolean {
    if (!opts.requireToken) return true;
    const challenge = { 'www-authenticate': 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", error_description="The authentication failed."' };
    const header = request.headers.authorization;
    if (typeof header !== 'string' || header.trim() === '') return reply.error(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", challenge), false;
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!m) return reply.error(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is provided in an invalid format.", challenge), false;
    const token = m[1]!;
    if (opts.acceptTokens?.includes(token)) return true;
    const t = tokens.get(token);
    if (!t) return reply.error(401, 'InvalidAuthenticationToken', 'The access token is invalid.', challenge), false;
    if (!ARM_AUDIENCES.includes(t.resource.replace(/\/+$/, '').toLowerCase())) return reply.error(401, 'InvalidAuthenticationToken', `The access token has been obtained for wrong audience or resource '${t.resource}'.`, challenge), false;
    if (t.expiresOn * 1000 <= Date.now()) return reply.error(401, 'ExpiredAuthenticationToken', 'The access token expiry UTC time is earlier than current UTC time.', challenge), false;
    return true;
  }

  // ── the route ──

  const route: Route = (request, reply, arm) => {
    recovery.arm ??= arm;
    const path = request.path;
    const isIdentity = path.toLowerCase() === IDENTITY_PATH;
    const known = isIdentity || R.operation.test(path) || Object.entries(R).some(([k, r]) => k !== 'operation' && r.test(path));
    if (!known) return false;
    // Only resources played here: an id of another type under the same provider passes on (e.g. Redis caches themselves).
    if (!isIdentity && !R.operation.test(path) && !claims(request)) return false;
    intercept(request, reply, () => serve(request, reply, isIdentity), isIdentity ? undefined : actionOf(request));
    return true;
  };

  /** The beforeRequest hooks, then an injected fault if one matches (audited under `action` when it is a write), else `go`. */
  function intercept(request: RouteRequest, reply: RouteReply, go: () => void, action: string | undefined, target?: string) {
    for (const hook of hooks) hook(request, recovery);
    const fault = faults.findIndex((f) => (!f.method || f.method.toUpperCase() === request.method) && (!f.path || f.path.test(request.path)));
    if (fault < 0) return go();
    const f = faults[fault]!;
    if (--f.times <= 0) faults.splice(fault, 1);
    if (f.kind !== 'slow' && ['POST', 'PATCH', 'DELETE', 'PUT'].includes(request.method) && action !== undefined) record(request, action, f.kind === '429' ? 429 : f.kind === '500' ? 500 : 0, f.kind === '429' ? 'TooManyRequests' : f.kind === '500' ? 'InternalServerError' : 'ConnectionDropped', target);
    if (f.kind === '429') return reply.error(429, 'TooManyRequests', 'Rate limit exceeded, try again later (injected).', { 'retry-after': '1' });
    if (f.kind === '500') return reply.error(500, 'InternalServerError', 'Something went wrong (injected).');
    if (f.kind === 'drop') return reply.drop();
    setTimeout(go, 300);
  }

  /** Whether a non-operation path names a resource (or a parent) played here. */
  function claims(request: RouteRequest): boolean {
    const p = request.path.toLowerCase();
    const m = R.sqlFgAction.exec(request.path) ?? R.cosmosAction.exec(request.path) ?? R.storageFailover.exec(request.path);
    if (m) return true;
    if (resources.has(p)) return true;
    // A list, or a child of a played resource, or an id of a played type that does not exist (→ 404 here).
    for (const k of resources.keys()) if (k.startsWith(`${p}/`) || p.startsWith(`${k}/`)) return true;
    return [R.sqlFg, R.sqlLink, R.cosmos, R.storage, R.postgres, R.afdOrigin, R.tmEndpoint, R.redisLink].some((r) => r.test(request.path));
  }

  function serve(request: RouteRequest, reply: RouteReply, isIdentity: boolean) {
    if (isIdentity) return identity(request, reply);
    if (!authorised(request, reply)) return;
    settle();
    if (pollOperation(request, reply)) return;
    if (!request.url.searchParams.get('api-version')) return reply.error(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
    const p = request.path;
    let m: RegExpExecArray | null;
    if ((m = R.sqlFgAction.exec(p))) return sqlFailover(request, reply, m[5]!.toLowerCase());
    if ((m = R.sqlLinkAction.exec(p))) return sqlLinkFailover(request, reply, m[6]!.toLowerCase());
    if ((m = R.cosmosAction.exec(p))) return cosmosAction(request, reply, m[4]!.toLowerCase());
    if ((m = R.storageFailover.exec(p))) return storageFailover(request, reply);
    if (R.tmEndpoint.test(p) && request.method === 'PATCH') return tmPatch(request, reply);
    if (R.afdOrigin.test(p) && request.method === 'PATCH') return afdPatch(request, reply);
    if (R.postgres.test(p) && request.method === 'PATCH') return postgresPatch(request, reply);
    if (R.redisLink.test(p) && request.method === 'DELETE') return redisUnlink(request, reply);
    if (request.method === 'GET') return get(request, reply);
    reply.error(405, 'MethodNotAllowed', `${request.method} is not played on ${typeOf(p)} by the recovery emulator.`);
  }

  function get(request: RouteRequest, reply: RouteReply) {
    const p = request.path;
    const r = find(p);
    if (r) {
      if (R.storage.test(p)) return reply.send(200, storageView(r.body, request.url.searchParams.get('$expand')));
      return reply.send(200, r.body);
    }
    if (R.sqlFgList.test(p) || R.sqlLinkList.test(p) || R.afdOriginList.test(p) || R.redisLinkList.test(p)) {
      const prefix = `${p.toLowerCase()}/`;
      const value = [...resources.values()].filter((x) => x.id.toLowerCase().startsWith(prefix) && !x.id.slice(prefix.length).includes('/')).map((x) => x.body);
      return reply.send(200, { value });
    }
    reply.error(404, 'ResourceNotFound', `The Resource '${typeOf(p)}/${p.split('/').pop()}' under resource group '${p.split('/')[4]}' was not found.`);
  }

  function record(request: RouteRequest, action: string, status: number, code?: string, target?: string): AuditEntry {
    const entry: AuditEntry = { seq: ++seq, at: Date.now(), method: request.method, path: request.path, action, target: target ?? targetOf(request.path), status, ...(code ? { code } : {}) };
    audit.push(entry);
    return entry;
  }
  function refuse(reply: RouteReply, entry: AuditEntry, status: number, code: string, message: string) {
    entry.status = status;
    entry.code = code;
    reply.error(status, code, message);
  }
  const busy = (target: string) => [...operations.values()].some((o) => o.status === 'InProgress' && o.audit.target.toLowerCase() === target.toLowerCase());
  function parse(request: RouteRequest): Json | undefined {
    try {
      const v: unknown = JSON.parse(request.body || '{}');
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
    } catch {
      return undefined;
    }
  }

  // ── SQL failover groups ──
  // Verified (SPECS sql/resource-manager/Microsoft.Sql/stable/2023-08-01/FailoverGroups.json and examples): POST
  // …/servers/{server}/failoverGroups/{fg}/failover and /forceFailoverAllowDataLoss are x-ms-long-running-operation with
  // 200 (the FailoverGroup) or 202; properties replicationRole Primary|Secondary, replicationState (a string; the
  // examples show CATCH_UP), partnerServers[] {id, location, replicationRole}, databases[], readWriteEndpoint
  // {failoverPolicy Manual|Automatic, failoverWithDataLossGracePeriodMinutes}, readOnlyEndpoint {failoverPolicy
  // Disabled|Enabled}; error codes 400 FailoverGroupFailoverRequestOnPrimary ("The failover request should be initiated
  // on the secondary server of failover group"; the same list also has FailoverGroupNotSecondary — which one the service
  // returns is not verifiable here), 409 FailoverGroupBusy, 400 PlannedFailoverTimedOut.
  // Not verified: the operation URLs' shape (failoverGroupAzureAsyncOperation / failoverGroupOperationResults under
  // …/providers/Microsoft.Sql/locations/{location}), that a planned failover with an unreachable primary is refused at
  // once (the spec lists PlannedFailoverTimedOut as a 400; the service may rather fail the operation), and the body of
  // tryPlannedBeforeForcedFailover (newer API versions; dr-facts §2.1).
  function sqlFailover(request: RouteRequest, reply: RouteReply, kind: string) {
    const action = kind === 'failover' ? 'sql.failover' : kind === 'forcefailoverallowdataloss' ? 'sql.forceFailoverAllowDataLoss' : 'sql.tryPlannedBeforeForcedFailover';
    const entry = record(request, action, 0);
    if (request.method !== 'POST') return refuse(reply, entry, 405, 'MethodNotAllowed', `${request.method} is not supported on ${kind}.`);
    const fgId = request.path.replace(/\/[^/]+$/, '');
    const fg = find(fgId);
    if (!fg) return refuse(reply, entry, 404, 'ResourceNotFound', `The Resource 'Microsoft.Sql/servers/failoverGroups/${fgId.split('/').pop()}' was not found.`);
    const props = fg.body.properties as Json;
    if (props.replicationRole === 'Primary') return refuse(reply, entry, 400, 'FailoverGroupFailoverRequestOnPrimary', 'The failover request should be initiated on the secondary server of failover group.');
    const partner = (props.partnerServers as Json[])[0]!;
    const fgName = String(fg.body.name).toLowerCase();
    if (busy(fgId) || busy(`${partner.id}/failoverGroups/${fg.body.name}`)) return refuse(reply, entry, 409, 'FailoverGroupBusy', 'Failover Group is busy with another operation.');
    const primaryUp = healthy(partner.location as string);
    const planned = kind === 'failover' || (kind === 'tryplannedbeforeforcedfailover' && primaryUp);
    if (kind === 'failover' && !primaryUp) return refuse(reply, entry, 400, 'PlannedFailoverTimedOut', 'User invoked planned failover, and it timed out while trying to contact the partner management service.');
    const loss = planned ? 0 : (knobs.sqlLagSeconds.get(fgName) ?? 0);
    const location = String(fg.body.location);
    const base = `/subscriptions/${subOf(fgId)}/providers/Microsoft.Sql/locations/${regionKey(location)}`;
    accept(reply, entry, action, { async: `${base}/failoverGroupAzureAsyncOperation`, location: `${base}/failoverGroupOperationResults`, apiVersion: request.url.searchParams.get('api-version')! }, () => {
      swapSqlRoles(fgId, String(partner.id));
      return find(fgId)!.body;
    }, undefined, loss);
  }

  // ── SQL active geo-replication (one database's replication link) ──
  // SPECS sql/…/ReplicationLinks.json (2023-08-01 and later): POST …/databases/{db}/replicationLinks/{linkId}/failover
  // and /forceFailoverAllowDataLoss, sent to the SECONDARY database, x-ms-long-running-operation; afterwards the link on
  // that database shows role Primary and the partner's Secondary. Not verified: the refusal code on the primary (a
  // generic 400 here) and the operation URLs' shape (the failover groups' are reused).
  function sqlLinkFailover(request: RouteRequest, reply: RouteReply, kind: string) {
    const action = kind === 'failover' ? 'sql.linkFailover' : 'sql.linkForceFailoverAllowDataLoss';
    const entry = record(request, action, 0);
    if (request.method !== 'POST') return refuse(reply, entry, 405, 'MethodNotAllowed', `${request.method} is not supported on ${kind}.`);
    const linkId = request.path.replace(/\/[^/]+$/, '');
    const link = find(linkId);
    if (!link) return refuse(reply, entry, 404, 'ResourceNotFound', `The replication link '${linkId.split('/').pop()}' was not found.`);
    const props = link.body.properties as Json;
    if (props.role === 'Primary') return refuse(reply, entry, 400, 'BadRequest', 'The failover request should be sent to the secondary database of the replication link.');
    const partnerId = linkId.replace(/\/servers\/[^/]+\/databases\//i, `/servers/${String(props.partnerServer)}/databases/`);
    const primaryUp = healthy(String(props.partnerLocation));
    if (kind === 'failover' && !primaryUp) return refuse(reply, entry, 400, 'BadRequest', 'A planned failover needs the primary reachable.');
    const base = `/subscriptions/${subOf(linkId)}/providers/Microsoft.Sql/locations/${regionKey(String(props.partnerLocation))}`;
    accept(reply, entry, action, { async: `${base}/replicationLinkAzureAsyncOperation`, location: `${base}/replicationLinkOperationResults`, apiVersion: request.url.searchParams.get('api-version')! }, () => {
      Object.assign(props, { role: 'Primary', partnerRole: 'Secondary' });
      const partner = find(partnerId);
      if (partner) Object.assign(partner.body.properties as Json, { role: 'Secondary', partnerRole: 'Primary' });
      return link.body;
    });
  }

  function swapSqlRoles(newPrimaryFgId: string, oldPrimaryServerId: string) {
    const mine = find(newPrimaryFgId)!.body;
    const theirs = find(`${oldPrimaryServerId}/failoverGroups/${mine.name}`)?.body;
    (mine.properties as Json).replicationRole = 'Primary';
    for (const p of (mine.properties as Json).partnerServers as Json[]) p.replicationRole = 'Secondary';
    if (theirs) {
      (theirs.properties as Json).replicationRole = 'Secondary';
      for (const p of (theirs.properties as Json).partnerServers as Json[]) p.replicationRole = 'Primary';
    }
    const newServer = newPrimaryFgId.replace(/\/failoverGroups\/[^/]+$/i, '').toLowerCase();
    for (const r of resources.values()) {
      if (!R.sqlLink.test(r.id)) continue;
      const props = r.body.properties as Json;
      const onNew = r.id.toLowerCase().startsWith(`${newServer}/`);
      if (onNew && props.role === 'Secondary') Object.assign(props, { role: 'Primary', partnerRole: 'Secondary' });
      else if (!onNew && props.role === 'Primary' && String(props.partnerServer).toLowerCase() === newServer.split('/').pop()) Object.assign(props, { role: 'Secondary', partnerRole: 'Primary' });
    }
  }

  // ── Cosmos DB ──
  // Verified (SPECS cosmos-db/resource-manager/Microsoft.DocumentDB/stable/2024-11-15/examples): POST …/offlineRegion
  // {region} answers 200 or 202 with Location and Azure-AsyncOperation (the same URL, …/providers/Microsoft.DocumentDB/
  // locations/{location}/operationsStatus/{id}); POST …/failoverPriorityChange {failoverPolicies:[{locationName,
  // failoverPriority}]} answers 202 (same headers) or 204; GET shows locations[] / writeLocations[] / readLocations[]
  // {id "{account}-{region}", locationName, documentEndpoint, provisioningState, failoverPriority, isZoneRedundant},
  // failoverPolicies[] {id, locationName, failoverPriority}, enableAutomaticFailover, enableMultipleWriteLocations.
  // Not verified: the error codes and texts of refusals (the RP's generic 400 BadRequest is used), how an offline
  // region shows in GET (here: kept in locations[], gone from readLocations/writeLocations, last in failoverPolicies),
  // and that failoverPriorityChange is refused at once (not failed later) when a region is offline or unhealthy.
  function cosmosAction(request: RouteRequest, reply: RouteReply, kind: string) {
    const action = kind === 'offlineregion' ? 'cosmos.offlineRegion' : kind === 'onlineregion' ? 'cosmos.onlineRegion' : 'cosmos.failoverPriorityChange';
    const entry = record(request, action, 0);
    if (request.method !== 'POST') return refuse(reply, entry, 405, 'MethodNotAllowed', `${request.method} is not supported on ${kind}.`);
    const id = request.path.replace(/\/[^/]+$/, '');
    const acct = find(id);
    if (!acct) return refuse(reply, entry, 404, 'ResourceNotFound', `Database account '${id.split('/').pop()}' was not found.`);
    const body = parse(request);
    if (!body) return refuse(reply, entry, 400, 'BadRequest', 'The request content is not valid JSON.');
    const state = cosmosState(acct.body);
    if (busy(id)) return refuse(reply, entry, 409, 'Conflict', 'Another operation is in progress on this database account; retry after it completes.');
    const urls = { async: `/subscriptions/${subOf(id)}/providers/Microsoft.DocumentDB/locations/${regionKey(String(acct.body.location))}/operationsStatus`, apiVersion: request.url.searchParams.get('api-version')! };
    const withBoth = { ...urls, location: urls.async };
    if (kind === 'offlineregion' || kind === 'onlineregion') {
      const region = typeof body.region === 'string' ? regionKey(body.region) : undefined;
      const loc = state.regions.find((r) => r.key === region);
      if (!loc) return refuse(reply, entry, 400, 'BadRequest', `Region '${String(body.region)}' is not a region of database account '${acct.body.name}'.`);
      if (kind === 'offlineregion') {
        if (loc.offline) return refuse(reply, entry, 400, 'BadRequest', `Region '${loc.name}' is already offline.`);
        if (state.regions.filter((r) => !r.offline).length < 2) return refuse(reply, entry, 400, 'BadRequest', 'Cannot take the last online region of the account offline.');
        return accept(reply, entry, action, withBoth, () => {
          const s = cosmosState(acct.body);
          s.regions.find((r) => r.key === region)!.offline = true;
          // The online region next in priority takes the writes; the offline one goes last.
          s.regions.sort((a, b) => Number(a.offline) - Number(b.offline) || a.priority - b.priority).forEach((r, i) => (r.priority = i));
          writeCosmos(acct.body, s);
          return undefined;
        });
      }
      if (!loc.offline) return refuse(reply, entry, 400, 'BadRequest', `Region '${loc.name}' is not offline.`);
      return accept(reply, entry, action, withBoth, () => {
        const s = cosmosState(acct.body);
        s.regions.find((r) => r.key === region)!.offline = false;
        writeCosmos(acct.body, s);
        return undefined;
      });
    }
    const policies = body.failoverPolicies;
    if (!Array.isArray(policies)) return refuse(reply, entry, 400, 'BadRequest', 'failoverPolicies is required.');
    const wanted = new Map<string, number>();
    for (const p of policies as Json[]) {
      const key = typeof p?.locationName === 'string' ? regionKey(p.locationName) : '';
      if (!state.regions.some((r) => r.key === key)) return refuse(reply, entry, 400, 'BadRequest', `Region '${String(p?.locationName)}' is not a region of database account '${acct.body.name}'.`);
      if (wanted.has(key)) return refuse(reply, entry, 400, 'BadRequest', `Region '${String(p.locationName)}' appears twice in failoverPolicies.`);
      wanted.set(key, Number(p.failoverPriority));
    }
    const prios = [...wanted.values()].sort((a, b) => a - b);
    if (wanted.size !== state.regions.length || prios.some((v, i) => v !== i)) return refuse(reply, entry, 400, 'BadRequest', `failoverPolicies must give every region of the account a distinct priority from 0 to ${state.regions.length - 1}.`);
    const down = state.regions.filter((r) => r.offline || !healthy(r.key));
    if (down.length) return refuse(reply, entry, 400, 'BadRequest', `Failover priority change needs every region to be online and healthy; ${down.map((r) => r.name).join(', ')} is not. Use offlineRegion for a forced failover.`);
    accept(reply, entry, action, withBoth, () => {
      const s = cosmosState(acct.body);
      for (const r of s.regions) r.priority = wanted.get(r.key)!;
      writeCosmos(acct.body, s);
      return undefined;
    });
  }

  // ── Storage ──
  // Verified (SPECS storage/resource-manager/Microsoft.Storage/stable/2024-01-01/examples/StorageAccountFailover*.json;
  // GeoReplicationStats and PostFailoverRedundancy in the SDKs generated from it): POST …/failover[?failoverType=Planned]
  // answers 200 or 202 with Location only (…/providers/Microsoft.Storage/locations/{location}/asyncoperations/{id}
  // ?monitor=true); GET with $expand=geoReplicationStats adds properties.geoReplicationStats {status Live|Bootstrap|
  // Unavailable, lastSyncTime, canFailover, canPlannedFailover, postFailoverRedundancy Standard_LRS|Standard_ZRS,
  // postPlannedFailoverRedundancy Standard_GRS|GZRS|RAGRS|RAGZRS}; statusOfPrimary/statusOfSecondary available|
  // unavailable. The docs (storage-failover-faq, dr-facts §2.4): an unplanned failover leaves the account LRS in the new
  // primary, with no secondary; a planned one swaps the regions and keeps the SKU.
  // Not verified: the error codes of refusals (400 here), when canPlannedFailover is false in Azure (here: a seed
  // option, and false whenever either region is unhealthy or the replication is not Live).
  function storageFailover(request: RouteRequest, reply: RouteReply) {
    const planned = (request.url.searchParams.get('failoverType') ?? '').toLowerCase() === 'planned';
    const action = planned ? 'storage.plannedFailover' : 'storage.failover';
    const entry = record(request, action, 0);
    if (request.method !== 'POST') return refuse(reply, entry, 405, 'MethodNotAllowed', `${request.method} is not supported on failover.`);
    const id = request.path.replace(/\/failover$/i, '');
    const acct = find(id);
    if (!acct) return refuse(reply, entry, 404, 'ResourceNotFound', `The Resource 'Microsoft.Storage/storageAccounts/${id.split('/').pop()}' was not found.`);
    const stats = geoStats(acct.body);
    if (busy(id)) return refuse(reply, entry, 409, 'FailoverInProgress', 'A failover is already in progress for this storage account.');
    if (!stats.canFailover) return refuse(reply, entry, 400, 'FailoverNotSupported', `Account failover is not supported for '${acct.body.name}' (SKU ${acct.body.sku.name}, no secondary or replication not Live).`);
    if (planned && !stats.canPlannedFailover) return refuse(reply, entry, 400, 'PlannedFailoverNotSupported', `Planned failover is not possible for '${acct.body.name}' now: both regions must be available and replication Live.`);
    const props = acct.body.properties as Json;
    accept(reply, entry, action, { location: `/subscriptions/${subOf(id)}/providers/Microsoft.Storage/locations/${regionKey(String(props.primaryLocation))}/asyncoperations`, locationQuery: 'monitor=true&', apiVersion: request.url.searchParams.get('api-version')! }, () => {
      const p = acct.body.properties as Json;
      const oldPrimary = p.primaryLocation as string;
      const oldSecondary = p.secondaryLocation as string;
      if (planned) {
        Object.assign(p, { primaryLocation: oldSecondary, secondaryLocation: oldPrimary, lastGeoFailoverTime: new Date().toISOString() });
      } else {
        acct.body.sku = { name: stats.postFailoverRedundancy, tier: 'Standard' };
        p.primaryLocation = oldSecondary;
        delete p.secondaryLocation;
        delete p.statusOfSecondary;
        delete p.secondaryEndpoints;
        p.lastGeoFailoverTime = new Date().toISOString();
        delete (acct.body as Json).geo;
      }
      acct.body.location = p.primaryLocation;
      p.statusOfPrimary = 'available';
      setEndpoints(acct.body);
      return undefined;
    }, undefined, planned ? 0 : Math.max(0, Math.round((Date.now() - Date.parse(String((acct.body as Json).geo?.lastSyncTime ?? new Date().toISOString()))) / 1000)));
  }

  // ── PostgreSQL flexible server ──
  // Verified (SPECS postgresql/resource-manager/Microsoft.DBforPostgreSQL/stable/2025-08-01/examples/
  // ServersPromoteReplicaAs*.json and the SDKs generated from it): PATCH …/flexibleServers/{replica} with
  // properties.replica {promoteMode Standalone|Switchover, promoteOption Planned|Forced} answers 202 with
  // Azure-AsyncOperation (…/providers/Microsoft.DBforPostgreSQL/locations/{location}/azureAsyncOperation/{id}) and
  // Location (…/operationResults/{id}); properties.replica {role None|Primary|AsyncReplica|GeoAsyncReplica, capacity,
  // replicationState Active|Catchup|Provisioning|Updating|Broken|Reconfiguring}, properties.replicationRole,
  // sourceServerResourceId.
  // Not verified: refusal codes (400 here), that a Planned promotion is refused at once when the primary's region is
  // unhealthy, and the primary's role after its only replica is promoted standalone (None here).
  function postgresPatch(request: RouteRequest, reply: RouteReply) {
    const id = request.path;
    const body = parse(request);
    const replicaPatch = body?.properties?.replica as Json | undefined;
    const action = replicaPatch?.promoteMode ? 'postgres.promote' : 'postgres.update';
    const entry = record(request, action, 0);
    const server = find(id);
    if (!server) return refuse(reply, entry, 404, 'ResourceNotFound', `The Resource 'Microsoft.DBforPostgreSQL/flexibleServers/${id.split('/').pop()}' was not found.`);
    if (!body) return refuse(reply, entry, 400, 'InvalidRequestContent', 'The request content is not valid JSON.');
    if (busy(id)) return refuse(reply, entry, 409, 'ServerBusy', 'Another operation is in progress on this server.');
    const urls = { async: `/subscriptions/${subOf(id)}/providers/Microsoft.DBforPostgreSQL/locations/${regionKey(String(server.body.location))}/azureAsyncOperation`, location: `/subscriptions/${subOf(id)}/providers/Microsoft.DBforPostgreSQL/locations/${regionKey(String(server.body.location))}/operationResults`, apiVersion: request.url.searchParams.get('api-version')! };
    const { replica: _ignored, ...otherProps } = (body.properties ?? {}) as Json;
    if (!replicaPatch?.promoteMode) {
      return accept(reply, entry, action, urls, () => {
        Object.assign(server.body.properties as Json, otherProps);
        if (body.tags) server.body.tags = body.tags;
        return undefined;
      });
    }
    const mode = String(replicaPatch.promoteMode).toLowerCase();
    const option = String(replicaPatch.promoteOption ?? 'Planned').toLowerCase();
    if (!['standalone', 'switchover'].includes(mode)) return refuse(reply, entry, 400, 'InvalidParameterValue', `promoteMode '${String(replicaPatch.promoteMode)}' is not one of Standalone, Switchover.`);
    if (!['planned', 'forced'].includes(option)) return refuse(reply, entry, 400, 'InvalidParameterValue', `promoteOption '${String(replicaPatch.promoteOption)}' is not one of Planned, Forced.`);
    const props = server.body.properties as Json;
    const role = String(props.replica?.role ?? 'None');
    if (!/AsyncReplica$/.test(role)) return refuse(reply, entry, 400, 'ServerIsNotReplica', `Server '${server.body.name}' is not a read replica (its role is ${role}).`);
    const primary = find(String(props.sourceServerResourceId));
    if (option === 'planned' && (!primary || !healthy(String(primary.body.location)))) return refuse(reply, entry, 400, 'PrimaryServerNotAvailable', 'A planned promotion needs the primary server to be available; use promoteOption Forced.');
    const loss = option === 'planned' ? 0 : (knobs.postgresLagSeconds.get(id.toLowerCase()) ?? 0);
    accept(reply, entry, action, urls, () => {
      const p = server.body.properties as Json;
      const prim = primary?.body.properties as Json | undefined;
      if (mode === 'standalone') {
        p.replica = { role: 'None', capacity: p.replica?.capacity ?? 5 };
        p.replicationRole = 'None';
        delete p.sourceServerResourceId;
        if (prim) {
          const others = [...resources.values()].some((r) => r.id !== server.id && String((r.body.properties as Json)?.sourceServerResourceId ?? '').toLowerCase() === primary!.id.toLowerCase());
          if (!others) Object.assign(prim, { replicationRole: 'None', replica: { ...prim.replica, role: 'None' } });
        }
      } else if (prim && primary) {
        const replicaRole = regionKey(String(primary.body.location)) === regionKey(String(server.body.location)) ? 'AsyncReplica' : 'GeoAsyncReplica';
        p.replica = { ...p.replica, role: 'Primary' };
        delete p.replica.replicationState;
        p.replicationRole = 'Primary';
        delete p.sourceServerResourceId;
        prim.replica = { ...prim.replica, role: replicaRole, replicationState: 'Active' };
        prim.replicationRole = replicaRole;
        prim.sourceServerResourceId = server.id;
      }
      Object.assign(p, otherProps);
      return undefined;
    }, undefined, loss);
  }

  // ── Front Door Standard/Premium origins ──
  // Verified (SPECS cdn/resource-manager/Microsoft.Cdn/stable/2025-06-01/examples/AFDOrigins_Update.json): PATCH
  // …/profiles/{p}/originGroups/{og}/origins/{o} is long-running: 200 with the origin, or 202 with azure-asyncoperation
  // (…/resourcegroups/{rg}/providers/Microsoft.Cdn/operationresults/{id}) and the origin with provisioningState
  // Updating; properties hostName, httpPort, httpsPort, originHostHeader, priority, weight, enabledState
  // Enabled|Disabled, provisioningState, deploymentStatus, originGroupName, enforceCertificateNameCheck.
  // Not verified: what GET shows during the update (here: the old values, provisioningState Updating). Front Door's
  // propagation to the edge (minutes) is not modelled.
  function afdPatch(request: RouteRequest, reply: RouteReply) {
    const entry = record(request, 'frontDoor.updateOrigin', 0);
    const origin = find(request.path);
    if (!origin) return refuse(reply, entry, 404, 'NotFound', `Origin '${request.path.split('/').pop()}' was not found.`);
    const body = parse(request);
    if (!body) return refuse(reply, entry, 400, 'BadRequest', 'The request content is not valid JSON.');
    const patch = (body.properties ?? {}) as Json;
    if (patch.enabledState !== undefined && !['Enabled', 'Disabled'].includes(patch.enabledState)) return refuse(reply, entry, 400, 'BadRequest', `enabledState '${String(patch.enabledState)}' is not one of Enabled, Disabled.`);
    if (busy(request.path)) return refuse(reply, entry, 409, 'Conflict', 'Another operation is in progress on this origin.');
    const props = origin.body.properties as Json;
    const preview = structuredClone(origin.body);
    Object.assign(preview.properties as Json, patch, { provisioningState: 'Updating' });
    props.provisioningState = 'Updating';
    const rg = request.path.split('/')[4];
    accept(reply, entry, 'frontDoor.updateOrigin', { async: `/subscriptions/${subOf(request.path)}/resourcegroups/${rg}/providers/Microsoft.Cdn/operationresults`, apiVersion: request.url.searchParams.get('api-version')! }, () => {
      Object.assign(origin.body.properties as Json, patch, { provisioningState: 'Succeeded' });
      return origin.body;
    }, preview);
  }

  // ── Traffic Manager endpoints ──
  // Verified (SPECS trafficmanager/resource-manager/Microsoft.Network/stable/2022-04-01/examples/Endpoint-PATCH-*.json):
  // PATCH …/trafficmanagerprofiles/{p}/{AzureEndpoints|ExternalEndpoints|NestedEndpoints}/{e} is synchronous, 200 with
  // the endpoint: properties endpointStatus Enabled|Disabled, endpointMonitorStatus, target, targetResourceId, weight,
  // priority, endpointLocation.
  // Not verified: that the monitor status turns Disabled at once when the endpoint is disabled (modelled so).
  function tmPatch(request: RouteRequest, reply: RouteReply) {
    const entry = record(request, 'trafficManager.updateEndpoint', 0);
    const ep = find(request.path);
    if (!ep) return refuse(reply, entry, 404, 'NotFound', `Endpoint '${request.path.split('/').pop()}' was not found.`);
    const body = parse(request);
    if (!body) return refuse(reply, entry, 400, 'BadRequest', 'The request content is not valid JSON.');
    const patch = (body.properties ?? {}) as Json;
    if (patch.endpointStatus !== undefined && !['Enabled', 'Disabled'].includes(patch.endpointStatus)) return refuse(reply, entry, 400, 'BadRequest', `endpointStatus '${String(patch.endpointStatus)}' is not one of Enabled, Disabled.`);
    const props = ep.body.properties as Json;
    Object.assign(props, patch);
    props.endpointMonitorStatus = props.endpointStatus === 'Disabled' ? 'Disabled' : healthy(String(props.endpointLocation ?? '')) ? 'Online' : 'Degraded';
    syncTmProfile(request.path.replace(/\/[^/]+\/[^/]+$/, ''));
    entry.status = 200;
    reply.send(200, ep.body);
  }

  // ── Redis linked servers ──
  // Verified (SPECS redis/resource-manager/Microsoft.Cache/stable/2024-11-01/examples/RedisCacheLinkedServer_Delete.json):
  // DELETE …/redis/{cache}/linkedServers/{linkedServerName} answers 200, or 202 with a location header (its path is
  // elided in the example: …/providers/Microsoft.Cache/locations/{location}/operationResults/{id} here, unverified).
  // Properties of a linked server: linkedRedisCacheId, linkedRedisCacheLocation, serverRole Primary|Secondary,
  // provisioningState, geoReplicatedPrimaryHostName, primaryHostName.
  // Not verified: that unlinking must be sent to the geo-primary (refused on the secondary here), the refusal's code.
  function redisUnlink(request: RouteRequest, reply: RouteReply) {
    const entry = record(request, 'redis.unlink', 0);
    const link = find(request.path);
    if (!link) {
      entry.status = 204;
      return reply.send(204);
    }
    if ((link.body.properties as Json).serverRole !== 'Secondary') return refuse(reply, entry, 400, 'BadRequest', 'Unlink the geo-replication from the geo-primary cache (its linked server has the role Secondary).');
    if (busy(request.path)) return refuse(reply, entry, 409, 'Conflict', 'The link is already being removed.');
    const cacheId = request.path.replace(/\/linkedServers\/[^/]+$/i, '');
    const cache = find(cacheId);
    const location = regionKey(String(cache?.body.location ?? (link.body.properties as Json).linkedRedisCacheLocation ?? 'westeurope'));
    accept(reply, entry, 'redis.unlink', { location: `/subscriptions/${subOf(cacheId)}/providers/Microsoft.Cache/locations/${location}/operationResults`, apiVersion: request.url.searchParams.get('api-version')! }, () => {
      const otherId = String((link.body.properties as Json).linkedRedisCacheId);
      remove(request.path);
      remove(`${otherId}/linkedServers/${cacheId.split('/').pop()}`);
      return undefined;
    });
  }

  function remove(id: string) {
    resources.delete(id.toLowerCase());
    recovery.arm?.store.delete(id.toLowerCase());
  }

  function actionOf(request: RouteRequest): string {
    const p = request.path;
    let m: RegExpExecArray | null;
    if ((m = R.sqlFgAction.exec(p))) return `sql.${m[5]![0]!.toLowerCase()}${m[5]!.slice(1)}`;
    if ((m = R.cosmosAction.exec(p))) return `cosmos.${m[4]}`;
    if (R.storageFailover.test(p)) return (request.url.searchParams.get('failoverType') ?? '').toLowerCase() === 'planned' ? 'storage.plannedFailover' : 'storage.failover';
    if (R.postgres.test(p)) return /promoteMode/i.test(request.body) ? 'postgres.promote' : 'postgres.update';
    if (R.afdOrigin.test(p)) return 'frontDoor.updateOrigin';
    if (R.tmEndpoint.test(p)) return 'trafficManager.updateEndpoint';
    if (R.redisLink.test(p)) return 'redis.unlink';
    return `${request.method} ${typeOf(p)}`;
  }
  function targetOf(path: string): string {
    if (R.sqlFgAction.test(path) || R.cosmosAction.test(path)) return path.replace(/\/[^/]+$/, '');
    if (R.storageFailover.test(path)) return path.replace(/\/failover$/i, '');
    return path;
  }

  const recovery: Recovery = {
    options: opts,
    route,
    knobs,
    audit,
    arm: undefined,
    env: () => ({ IDENTITY_ENDPOINT: `${endpoint()}${IDENTITY_PATH}`, IDENTITY_HEADER: identityHeader }),
    issueToken,
    authorise: (request, reply) => authorised(request, reply),
    record: (request, action, status, code, target) => record(request, action, status, code, target),
    intercept: (request, reply, go, action, target) => intercept(request, reply, go, action, target),
    injectFault(kind, match = {}) {
      faults.push({ kind, times: match.times ?? 1, ...(match.method ? { method: match.method } : {}), ...(match.path ? { path: match.path } : {}) });
    },
    failNextOperation(error, action) {
      failures.push({ ...error, ...(action !== undefined ? { action } : {}) });
    },
    beforeRequest(hook) {
      hooks.push(hook);
    },
    setRegionHealth(region, ok) {
      if (ok) knobs.unhealthyRegions.delete(regionKey(region));
      else knobs.unhealthyRegions.add(regionKey(region));
      // What Azure shows of a region's health on these resources.
      for (const r of resources.values()) {
        if (R.storage.test(r.id) && r.body.properties) {
          const p = r.body.properties as Json;
          if (regionKey(String(p.primaryLocation)) === regionKey(region)) p.statusOfPrimary = ok ? 'available' : 'unavailable';
          if (p.secondaryLocation && regionKey(String(p.secondaryLocation)) === regionKey(region)) p.statusOfSecondary = ok ? 'available' : 'unavailable';
        }
        if (R.tmEndpoint.test(r.id)) {
          const p = r.body.properties as Json;
          if (p.endpointStatus !== 'Disabled' && regionKey(String(p.endpointLocation ?? '')) === regionKey(region)) p.endpointMonitorStatus = ok ? 'Online' : 'Degraded';
        }
      }
      for (const r of resources.values()) if (R.tmProfile.test(r.id) && !R.tmEndpoint.test(r.id)) syncTmProfile(r.id);
    },
    calls: (action) => audit.filter((e) => e.action === action && e.status >= 200 && e.status < 300),
    pending: () => [...operations.values()].filter((o) => o.status === 'InProgress').length,
    get: (id) => {
      settle();
      const r = find(id);
      return r ? structuredClone(r.body) : undefined;
    },
    edit(id, change) {
      const r = find(id);
      if (!r) throw new Error(`no recovery resource ${id}`);
      change(r.body);
    },
    put: (id, body) => void store(id, body),
  };

  function syncTmProfile(profileId: string) {
    const profile = find(profileId);
    if (!profile) return;
    const prefix = `${profileId.toLowerCase()}/`;
    const eps = [...resources.values()].filter((r) => r.id.toLowerCase().startsWith(prefix) && R.tmEndpoint.test(r.id)).map((r) => r.body);
    const props = profile.body.properties as Json;
    props.endpoints = eps.map((e) => structuredClone(e));
    const online = eps.filter((e) => (e.properties as Json).endpointMonitorStatus === 'Online').length;
    props.monitorConfig.profileMonitorStatus = eps.every((e) => (e.properties as Json).endpointStatus === 'Disabled') ? 'Disabled' : online === 0 ? 'Degraded' : online === eps.length ? 'Online' : 'Degraded';
  }

  // Seeding needs `store`; hand it out through a private symbol so seeds live outside this closure.
  (recovery as unknown as Record<symbol, unknown>)[STORE] = store;
  (recovery as unknown as Record<symbol, unknown>)[STATE] = { cosmosState, writeCosmos, setEndpoints, syncTmProfile };
  return recovery;
}

const STORE = Symbol('store');
const STATE = Symbol('state');
const storeOf = (r: Recovery) => (r as unknown as Record<symbol, (id: string, body: Json) => Json>)[STORE]!;
const helpersOf = (r: Recovery) => (r as unknown as Record<symbol, { cosmosState: typeof cosmosState; writeCosmos: typeof writeCosmos; setEndpoints: typeof setEndpoints; syncTmProfile: (id: string) => void }>)[STATE]!;

// ───────────────────────────── views ─────────────────────────────

interface CosmosRegion {
  key: string;
  name: string;
  priority: number;
  offline: boolean;
  zoneRedundant: boolean;
}
/** Cosmos regions and their order, kept in a hidden field of the body (not shown: see writeCosmos). */
function cosmosState(body: Json): { regions: CosmosRegion[] } {
  return { regions: (body[COSMOS] as CosmosRegion[]).map((r) => ({ ...r })) };
}
const COSMOS = Symbol.for('azslo.cosmos.regions') as unknown as string;
function writeCosmos(body: Json, state: { regions: CosmosRegion[] }) {
  Object.defineProperty(body, COSMOS, { value: state.regions, enumerable: false, configurable: true, writable: true });
  const name = String(body.name);
  const p = body.properties as Json;
  const loc = (r: CosmosRegion) => ({ id: `${name}-${r.key}`, locationName: r.name, documentEndpoint: `https://${name}-${r.key}.documents.azure.com:443/`, provisioningState: 'Succeeded', failoverPriority: r.priority, isZoneRedundant: r.zoneRedundant });
  const ordered = [...state.regions].sort((a, b) => a.priority - b.priority);
  const online = ordered.filter((r) => !r.offline);
  p.locations = ordered.map(loc);
  p.readLocations = online.map(loc);
  p.writeLocations = (p.enableMultipleWriteLocations ? online : online.slice(0, 1)).map(loc);
  p.failoverPolicies = ordered.map((r) => ({ id: `${name}-${r.key}`, locationName: r.name, failoverPriority: r.priority }));
  body.location = online[0]?.name ?? ordered[0]?.name;
}

/** The geoReplicationStats Azure computes; lastSyncTime and status are kept in a hidden `geo` field the test sets. */
function geoStats(body: Json): Json {
  const sku = String(body.sku?.name ?? '');
  const geo = /GRS|GZRS/i.test(sku);
  const p = body.properties as Json;
  const g = (body.geo ?? {}) as Json;
  const status = geo ? (p.statusOfSecondary === 'unavailable' ? 'Unavailable' : (g.status ?? 'Live')) : undefined;
  const canFailover = geo && status !== 'Bootstrap';
  const bothUp = p.statusOfPrimary === 'available' && p.statusOfSecondary === 'available';
  return {
    ...(status ? { status } : {}),
    ...(geo ? { lastSyncTime: g.lastSyncTime } : {}),
    canFailover,
    canPlannedFailover: canFailover && status === 'Live' && bothUp && g.canPlannedFailover !== false,
    ...(geo ? { postFailoverRedundancy: g.postFailoverRedundancy ?? 'Standard_LRS', postPlannedFailoverRedundancy: sku } : {}),
  };
}
function storageView(body: Json, expand: string | null): Json {
  const { geo: _geo, ...shown } = structuredClone(body) as Json;
  if (expand && /geoReplicationStats/i.test(expand)) {
    const stats = geoStats(body);
    (shown.properties as Json).geoReplicationStats = stats.status ? stats : { canFailover: false, canPlannedFailover: false };
  }
  return shown;
}
function setEndpoints(body: Json) {
  const n = String(body.name);
  const p = body.properties as Json;
  const eps = (suffix: string) => ({ blob: `https://${n}${suffix}.blob.core.windows.net/`, queue: `https://${n}${suffix}.queue.core.windows.net/`, table: `https://${n}${suffix}.table.core.windows.net/`, file: `https://${n}${suffix}.file.core.windows.net/`, dfs: `https://${n}${suffix}.dfs.core.windows.net/`, web: `https://${n}${suffix}.z6.web.core.windows.net/` });
  p.primaryEndpoints = eps('');
  if (/^Standard_RA/i.test(String(body.sku?.name)) && p.secondaryLocation) p.secondaryEndpoints = eps('-secondary');
  else delete p.secondaryEndpoints;
}

// ───────────────────────────── seeding ─────────────────────────────

export interface Region2 {
  primary: string;
  secondary: string;
}

export interface SqlFailoverGroupSeed extends Scope {
  name: string;
  primaryServer: string;
  secondaryServer: string;
  regions: Region2;
  databases?: string[];
  failoverPolicy?: 'Manual' | 'Automatic';
  gracePeriodMinutes?: number;
  /** Test-side lag (seconds) — not an ARM field. */
  lagSeconds?: number;
}
export interface SqlFailoverGroupIds {
  primaryServer: string;
  secondaryServer: string;
  /** The failover group as seen on each server (the same group). */
  onPrimary: string;
  onSecondary: string;
  /** Replication links by database name, on each server. */
  links: Record<string, { onPrimary: string; onSecondary: string }>;
}

/** A failover group on a pair of servers, with a geo-replication link per database (Primary on the first server). */
export function seedSqlFailoverGroup(recovery: Recovery, seed: SqlFailoverGroupSeed): SqlFailoverGroupIds {
  const put = storeOf(recovery);
  const base = `${rgPath(seed)}/providers/Microsoft.Sql/servers`;
  const primaryServer = `${base}/${seed.primaryServer}`;
  const secondaryServer = `${base}/${seed.secondaryServer}`;
  const dbs = seed.databases ?? ['db1'];
  const policy = seed.failoverPolicy ?? 'Manual';
  const rw = policy === 'Automatic' ? { failoverPolicy: 'Automatic', failoverWithDataLossGracePeriodMinutes: seed.gracePeriodMinutes ?? 60 } : { failoverPolicy: 'Manual' };
  const side = (server: string, location: string, role: string, partner: string, partnerLocation: string, partnerRole: string) =>
    put(`${server}/failoverGroups/${seed.name}`, {
      location: regionDisplay(location),
      tags: {},
      properties: {
        readWriteEndpoint: rw,
        readOnlyEndpoint: { failoverPolicy: 'Disabled' },
        replicationRole: role,
        replicationState: 'CATCH_UP',
        partnerServers: [{ id: partner, location: regionDisplay(partnerLocation), replicationRole: partnerRole }],
        databases: dbs.map((d) => `${server}/databases/${d}`),
      },
    });
  side(primaryServer, seed.regions.primary, 'Primary', secondaryServer, seed.regions.secondary, 'Secondary');
  side(secondaryServer, seed.regions.secondary, 'Secondary', primaryServer, seed.regions.primary, 'Primary');
  const links: SqlFailoverGroupIds['links'] = {};
  dbs.forEach((db) => {
    const linkId = randomUUID();
    const link = (server: string, role: string, partnerServer: string, partnerLocation: string, partnerRole: string) =>
      put(`${server}/databases/${db}/replicationLinks/${linkId}`, {
        properties: { partnerServer: partnerServer.split('/').pop(), partnerDatabase: db, partnerLocation: regionDisplay(partnerLocation), role, partnerRole, replicationMode: 'ASYNC', startTime: '2026-11-01T00:00:00Z', percentComplete: 100, replicationState: 'CATCH_UP', isTerminationAllowed: true, linkType: 'GEO' },
      }).id as string;
    links[db] = { onPrimary: link(primaryServer, 'Primary', secondaryServer, seed.regions.secondary, 'Secondary'), onSecondary: link(secondaryServer, 'Secondary', primaryServer, seed.regions.primary, 'Primary') };
  });
  if (seed.lagSeconds !== undefined) recovery.knobs.sqlLagSeconds.set(seed.name.toLowerCase(), seed.lagSeconds);
  return { primaryServer, secondaryServer, onPrimary: `${primaryServer}/failoverGroups/${seed.name}`, onSecondary: `${secondaryServer}/failoverGroups/${seed.name}`, links };
}

export interface CosmosSeed extends Scope {
  name: string;
  /** In failover priority order (the first writes). */
  regions: string[];
  enableAutomaticFailover?: boolean;
  enableMultipleWriteLocations?: boolean;
  zoneRedundant?: boolean;
}
export function seedCosmosAccount(recovery: Recovery, seed: CosmosSeed): string {
  const id = `${rgPath(seed)}/providers/Microsoft.DocumentDB/databaseAccounts/${seed.name}`;
  const body = storeOf(recovery)(id, {
    location: regionDisplay(seed.regions[0]!),
    kind: 'GlobalDocumentDB',
    tags: {},
    properties: {
      provisioningState: 'Succeeded',
      documentEndpoint: `https://${seed.name}.documents.azure.com:443/`,
      databaseAccountOfferType: 'Standard',
      consistencyPolicy: { defaultConsistencyLevel: 'Session', maxIntervalInSeconds: 5, maxStalenessPrefix: 100 },
      enableAutomaticFailover: seed.enableAutomaticFailover ?? false,
      enableMultipleWriteLocations: seed.enableMultipleWriteLocations ?? false,
    },
  });
  helpersOf(recovery).writeCosmos(body, { regions: seed.regions.map((r, i) => ({ key: regionKey(r), name: regionDisplay(r), priority: i, offline: false, zoneRedundant: seed.zoneRedundant ?? false })) });
  return id;
}

export interface StorageSeed extends Scope {
  name: string;
  sku?: 'Standard_GRS' | 'Standard_RAGRS' | 'Standard_GZRS' | 'Standard_RAGZRS' | 'Standard_LRS' | 'Standard_ZRS';
  regions: Region2;
  /** ISO time; default: 5 minutes ago. Settable later with setLastSyncTime. */
  lastSyncTime?: string;
  /** Geo-replication status (default Live). */
  status?: 'Live' | 'Bootstrap' | 'Unavailable';
  /** False makes planned failover unavailable even when both regions are up (a feature that blocks it). */
  canPlannedFailover?: boolean;
  /** What an unplanned failover leaves (default Standard_LRS, as the docs say). */
  postFailoverRedundancy?: 'Standard_LRS' | 'Standard_ZRS';
}
export function seedStorageAccount(recovery: Recovery, seed: StorageSeed): string {
  const id = `${rgPath(seed)}/providers/Microsoft.Storage/storageAccounts/${seed.name}`;
  const sku = seed.sku ?? 'Standard_RAGZRS';
  const geo = /GRS|GZRS/.test(sku);
  const body = storeOf(recovery)(id, {
    sku: { name: sku, tier: 'Standard' },
    kind: 'StorageV2',
    location: seed.regions.primary,
    tags: {},
    properties: {
      provisioningState: 'Succeeded',
      primaryLocation: seed.regions.primary,
      statusOfPrimary: 'available',
      ...(geo ? { secondaryLocation: seed.regions.secondary, statusOfSecondary: 'available' } : {}),
      accessTier: 'Hot',
      supportsHttpsTrafficOnly: true,
      minimumTlsVersion: 'TLS1_2',
      creationTime: '2026-11-01T00:00:00Z',
    },
  });
  Object.defineProperty(body, 'geo', {
    value: { lastSyncTime: seed.lastSyncTime ?? new Date(Date.now() - 300_000).toISOString(), status: seed.status ?? 'Live', canPlannedFailover: seed.canPlannedFailover ?? true, postFailoverRedundancy: seed.postFailoverRedundancy ?? 'Standard_LRS' },
    enumerable: false,
    configurable: true,
    writable: true,
  });
  helpersOf(recovery).setEndpoints(body);
  return id;
}
/** Sets a storage account's last sync time (and optionally its geo-replication status), as replication would. */
export function setLastSyncTime(recovery: Recovery, id: string, lastSyncTime: string | Date, status?: 'Live' | 'Bootstrap' | 'Unavailable'): void {
  recovery.edit(id, (b) => {
    const g = (b as Json).geo as Json;
    g.lastSyncTime = typeof lastSyncTime === 'string' ? lastSyncTime : lastSyncTime.toISOString();
    if (status) g.status = status;
  });
}

export interface PostgresSeed extends Scope {
  primary: string;
  replica: string;
  regions: Region2;
  /** Test-side lag of the replica (seconds) — not an ARM field. */
  lagSeconds?: number;
}
export function seedPostgresReplica(recovery: Recovery, seed: PostgresSeed): { primary: string; replica: string } {
  const put = storeOf(recovery);
  const base = `${rgPath(seed)}/providers/Microsoft.DBforPostgreSQL/flexibleServers`;
  const primary = `${base}/${seed.primary}`;
  const replica = `${base}/${seed.replica}`;
  const replicaRole = regionKey(seed.regions.primary) === regionKey(seed.regions.secondary) ? 'AsyncReplica' : 'GeoAsyncReplica';
  const server = (name: string, location: string, extra: Json) => ({
    location: regionDisplay(location),
    sku: { name: 'Standard_D2ds_v5', tier: 'GeneralPurpose' },
    tags: {},
    properties: { state: 'Ready', version: '16', fullyQualifiedDomainName: `${name}.postgres.database.azure.com`, storage: { storageSizeGB: 128, autoGrow: 'Disabled' }, highAvailability: { mode: 'Disabled' }, replicaCapacity: 5, ...extra },
  });
  put(primary, server(seed.primary, seed.regions.primary, { replicationRole: 'Primary', replica: { role: 'Primary', capacity: 5 } }));
  put(replica, server(seed.replica, seed.regions.secondary, { replicationRole: replicaRole, sourceServerResourceId: primary, replica: { role: replicaRole, capacity: 5, replicationState: 'Active' } }));
  if (seed.lagSeconds !== undefined) recovery.knobs.postgresLagSeconds.set(replica.toLowerCase(), seed.lagSeconds);
  return { primary, replica };
}

export interface FrontDoorSeed extends Scope {
  profile: string;
  originGroup: string;
  origins: { name: string; hostName: string; priority?: number; weight?: number; enabledState?: 'Enabled' | 'Disabled' }[];
}
export function seedFrontDoor(recovery: Recovery, seed: FrontDoorSeed): { profile: string; originGroup: string; origins: string[] } {
  const put = storeOf(recovery);
  const profile = `${rgPath(seed)}/providers/Microsoft.Cdn/profiles/${seed.profile}`;
  const og = `${profile}/originGroups/${seed.originGroup}`;
  put(profile, { location: 'Global', sku: { name: 'Standard_AzureFrontDoor' }, kind: 'frontdoor', properties: { provisioningState: 'Succeeded', resourceState: 'Active', originResponseTimeoutSeconds: 60 } });
  put(og, {
    properties: {
      loadBalancingSettings: { sampleSize: 4, successfulSamplesRequired: 3, additionalLatencyInMilliseconds: 50 },
      healthProbeSettings: { probePath: '/health', probeRequestType: 'HEAD', probeProtocol: 'Https', probeIntervalInSeconds: 30 },
      trafficRestorationTimeToHealedOrNewEndpointsInMinutes: 10,
      sessionAffinityState: 'Disabled',
      provisioningState: 'Succeeded',
      deploymentStatus: 'NotStarted',
    },
  });
  const origins = seed.origins.map((o, i) =>
    put(`${og}/origins/${o.name}`, {
      properties: { hostName: o.hostName, httpPort: 80, httpsPort: 443, originHostHeader: o.hostName, priority: o.priority ?? i + 1, weight: o.weight ?? 1000, enabledState: o.enabledState ?? 'Enabled', provisioningState: 'Succeeded', deploymentStatus: 'NotStarted', originGroupName: seed.originGroup, enforceCertificateNameCheck: true },
    }).id as string,
  );
  return { profile, originGroup: og, origins };
}

export interface TrafficManagerSeed extends Scope {
  profile: string;
  routingMethod?: 'Priority' | 'Weighted' | 'Performance' | 'Geographic' | 'MultiValue' | 'Subnet';
  endpoints: { name: string; kind?: 'azureEndpoints' | 'externalEndpoints'; target: string; targetResourceId?: string; priority?: number; weight?: number; location: string; endpointStatus?: 'Enabled' | 'Disabled' }[];
}
export function seedTrafficManager(recovery: Recovery, seed: TrafficManagerSeed): { profile: string; endpoints: string[] } {
  const put = storeOf(recovery);
  const profile = `${rgPath(seed)}/providers/Microsoft.Network/trafficManagerProfiles/${seed.profile}`;
  put(profile, {
    location: 'global',
    tags: {},
    properties: {
      profileStatus: 'Enabled',
      trafficRoutingMethod: seed.routingMethod ?? 'Priority',
      dnsConfig: { relativeName: seed.profile, fqdn: `${seed.profile}.trafficmanager.net`, ttl: 30 },
      monitorConfig: { profileMonitorStatus: 'Online', protocol: 'HTTPS', port: 443, path: '/health', intervalInSeconds: 30, toleratedNumberOfFailures: 3, timeoutInSeconds: 10 },
      endpoints: [],
    },
  });
  const endpoints = seed.endpoints.map((e, i) => {
    const kind = e.kind ?? 'azureEndpoints';
    const status = e.endpointStatus ?? 'Enabled';
    return put(`${profile}/${kind}/${e.name}`, {
      type: `Microsoft.Network/trafficManagerProfiles/${kind}`,
      properties: { endpointStatus: status, endpointMonitorStatus: status === 'Disabled' ? 'Disabled' : 'Online', target: e.target, ...(e.targetResourceId ? { targetResourceId: e.targetResourceId } : {}), weight: e.weight ?? 1, priority: e.priority ?? i + 1, endpointLocation: regionDisplay(e.location) },
    }).id as string;
  });
  helpersOf(recovery).syncTmProfile(profile);
  return { profile, endpoints };
}

export interface RedisSeed extends Scope {
  primary: string;
  secondary: string;
  regions: Region2;
}
export function seedRedisGeoReplication(recovery: Recovery, seed: RedisSeed): { primary: string; secondary: string; onPrimary: string; onSecondary: string } {
  const put = storeOf(recovery);
  const base = `${rgPath(seed)}/providers/Microsoft.Cache/redis`;
  const primary = `${base}/${seed.primary}`;
  const secondary = `${base}/${seed.secondary}`;
  const cache = (name: string, location: string) => ({ location: regionDisplay(location), properties: { provisioningState: 'Succeeded', hostName: `${name}.redis.cache.windows.net`, sku: { name: 'Premium', family: 'P', capacity: 1 }, port: 6379, sslPort: 6380 } });
  put(primary, cache(seed.primary, seed.regions.primary));
  put(secondary, cache(seed.secondary, seed.regions.secondary));
  const link = (on: string, other: string, otherName: string, otherLocation: string, role: string) =>
    put(`${on}/linkedServers/${otherName}`, { properties: { linkedRedisCacheId: other, linkedRedisCacheLocation: regionDisplay(otherLocation), serverRole: role, provisioningState: 'Succeeded', geoReplicatedPrimaryHostName: `${seed.primary}.geo.redis.cache.windows.net`, primaryHostName: `${seed.primary}.redis.cache.windows.net` } }).id as string;
  return { primary, secondary, onPrimary: link(primary, secondary, seed.secondary, seed.regions.secondary, 'Secondary'), onSecondary: link(secondary, primary, seed.primary, seed.regions.primary, 'Primary') };
}

export interface EstateIds {
  regions: Region2;
  sql: SqlFailoverGroupIds;
  cosmos: string;
  storage: string;
  postgres: { primary: string; replica: string };
  frontDoor: { profile: string; originGroup: string; origins: string[] };
  trafficManager: { profile: string; endpoints: string[] };
  redis: { primary: string; secondary: string; onPrimary: string; onSecondary: string };
}

/** A two-region estate: one of each, primary in `regions.primary` (default West Europe → North Europe). */
export function seedTwoRegionEstate(recovery: Recovery, options: Scope & { regions?: Region2; prefix?: string } = {}): EstateIds {
  const regions = options.regions ?? { primary: 'westeurope', secondary: 'northeurope' };
  const x = options.prefix ?? 'shop';
  const scope: Scope = { ...(options.subscriptionId ? { subscriptionId: options.subscriptionId } : {}), ...(options.resourceGroup ? { resourceGroup: options.resourceGroup } : {}) };
  return {
    regions,
    sql: seedSqlFailoverGroup(recovery, { ...scope, name: `fg-${x}`, primaryServer: `sql-${x}-1`, secondaryServer: `sql-${x}-2`, regions, databases: ['orders', 'customers'], lagSeconds: 3 }),
    cosmos: seedCosmosAccount(recovery, { ...scope, name: `cosmos-${x}`, regions: [regions.primary, regions.secondary] }),
    storage: seedStorageAccount(recovery, { ...scope, name: `st${x}data`, sku: 'Standard_RAGZRS', regions }),
    postgres: seedPostgresReplica(recovery, { ...scope, primary: `pg-${x}-1`, replica: `pg-${x}-2`, regions, lagSeconds: 2 }),
    frontDoor: seedFrontDoor(recovery, { ...scope, profile: `afd-${x}`, originGroup: 'web', origins: [{ name: 'web-1', hostName: `app-${x}-1.azurewebsites.net`, priority: 1 }, { name: 'web-2', hostName: `app-${x}-2.azurewebsites.net`, priority: 2 }] }),
    trafficManager: seedTrafficManager(recovery, { ...scope, profile: `tm-${x}`, endpoints: [{ name: 'primary', target: `app-${x}-1.azurewebsites.net`, location: regions.primary, priority: 1 }, { name: 'secondary', target: `app-${x}-2.azurewebsites.net`, location: regions.secondary, priority: 2 }] }),
    redis: seedRedisGeoReplication(recovery, { ...scope, primary: `redis-${x}-1`, secondary: `redis-${x}-2`, regions }),
  };
}

/**
 * Starts the emulator with the recovery routes in front of the built-in ones. Seed after it started (the seeds also
 * put their bodies in `arm.store`). For PowerShell on Linux, write `arm.ca` to a file and point SSL_CERT_FILE at it
 * (or use -SkipCertificateCheck); give the job `recovery.env()` as its environment.
 */
export async function startRecoveryEmulator(options: EmulatorOptions & { recovery?: RecoveryOptions } = {}): Promise<{ arm: ArmEmulator; recovery: Recovery }> {
  const { recovery: recoveryOptions, ...emulatorOptions } = options;
  const recovery = createRecovery(recoveryOptions);
  const arm = await startArmEmulator({ ...emulatorOptions, routes: [...(emulatorOptions.routes ?? []), recovery.route] });
  recovery.arm = arm;
  return { arm, recovery };
}
