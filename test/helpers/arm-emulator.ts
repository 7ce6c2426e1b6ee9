/**
 * A local HTTPS server on 127.0.0.1 that plays Azure Resource Manager for the resource types azslo deploys, so that
 * the real Azure SDK clients can be tested end to end. It keeps resources by id (case-insensitive, like ARM),
 * answers PUT, GET, DELETE and lists by resource group or workspace with ARM-shaped bodies and errors, fills in
 * read-only fields like Azure does, and can inject faults: 429 with Retry-After, 500, slow answers and dropped
 * connections. The certificate is made at start with openssl and handed to the clients as their trusted CA.
 *
 * Entity tags and conditional requests follow ARM's resource provider contract and RFC 9110 §13 as the REST specs of
 * these types describe them (written from that knowledge, not checked against live Azure): scheduledQueryRules and
 * workbooks have a read-only `etag`, sent also as the ETag header of GET and PUT; a PUT or DELETE with `If-Match`
 * other than the current ETag (or '*' on a missing resource) and a PUT with `If-None-Match: *` on an existing resource
 * are refused with 412 PreconditionFailed. Saved searches keep their etag in the body: a PUT whose body etag is
 * neither absent, '*' nor the current one is refused with 412. metricAlerts, activityLogAlerts and actionGroups have
 * no etag: no ETag header, conditional headers ignored. `edit` changes a stored resource as the portal would.
 * Managed Prometheus rule groups (no etag) are checked against their limits first (`invalidBody`): 400 BadRequest.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Fault {
  readonly kind: '429' | '500' | 'slow' | 'drop';
}

export interface EmulatorOptions {
  /** Share of requests that get a fault, 0 to 1. */
  faultRate?: number;
  /** Seed of the fault generator, so a run is repeatable. */
  seed?: number;
  /** Only these methods get faults (default all). */
  faultMethods?: string[];
  /** Ignore If-Match / If-None-Match on every type, as a resource provider without conditional requests would. */
  ignoreConditions?: boolean;
  /** Delay every answer by this many ms (lets concurrent runs overlap). */
  latencyMs?: number;
  /**
   * Extra routes, tried in order before the built-in ones (after the faults above): a route that answers through
   * `reply` returns true, else false to pass the request on. test/helpers/arm-recovery.ts plays the failover
   * operations this way (`startRecoveryEmulator`).
   */
  routes?: Route[];
}

/** A request as an extra route sees it: the path without trailing slashes, the raw body. */
export interface RouteRequest {
  readonly method: string;
  readonly path: string;
  readonly url: URL;
  readonly headers: import('node:http').IncomingHttpHeaders;
  readonly body: string;
}

/** How an extra route answers: JSON bodies with ARM's headers, ARM's error shape, or a dropped connection. */
export interface RouteReply {
  send(status: number, body?: unknown, headers?: Record<string, string>): void;
  error(status: number, code: string, message: string, headers?: Record<string, string>): void;
  drop(): void;
}

export type Route = (request: RouteRequest, reply: RouteReply, arm: ArmEmulator) => boolean;

export interface StoredResource {
  id: string;
  body: Record<string, unknown>;
}

export interface ArmEmulator {
  readonly endpoint: string;
  readonly ca: string;
  /** Resources by lowercase id. */
  readonly store: Map<string, StoredResource>;
  /** Successful writes (PUT and DELETE that changed the store), set to 0 by a test to count from there. */
  writes: number;
  /** Every request seen, as "METHOD path". */
  readonly log: string[];
  /** When each logged request arrived (ms since the epoch). */
  readonly times: number[];
  /** The last body PUT to each id (lowercase), exactly as the client sent it. */
  readonly puts: Map<string, { apiVersion: string; body: Record<string, unknown> }>;
  faults: number;
  options: EmulatorOptions;
  /** Faults to give the next requests, in order, before any random ones. */
  nextFaults: Fault['kind'][];
  /** Fails every write after this many more successful ones (to interrupt an apply), or never when undefined. */
  failWritesAfter: number | undefined;
  /** Successful writes in order, as "PUT id" / "DELETE id" (id as sent). */
  readonly written: string[];
  /** Requests refused with 412, as "METHOD id". */
  readonly preconditionFailures: string[];
  /**
   * Automation runbook content as the draft calls left it, by lowercase runbook id: `draft` after PUT …/draft/content
   * (text/powershell), `published` after POST …/draft/publish (which also sets the runbook's state to Published).
   */
  readonly runbooks: Map<string, { draft?: string; draftContentType?: string; published?: string }>;
  /** Every call that is no resource PUT, GET or DELETE (listCallbackUrl, draft/content, draft/publish), as "METHOD path". */
  readonly actions: string[];
  /**
   * Rows sent through the Logs Ingestion API (POST /dataCollectionRules/{immutableId}/streams/{stream}), by stream,
   * in order. A data collection rule of kind Direct gets this emulator as its logs ingestion endpoint, so that a job
   * started here sends its rows back here.
   */
  readonly ingested: Map<string, Record<string, unknown>[]>;
  /** Changes a stored resource as someone in the portal would: a new ETag, no entry in `puts` or `written`. */
  edit(id: string, change: (body: Record<string, unknown>) => void): void;
  close(): Promise<void>;
}

function certificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-arm-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    return { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** mulberry32: a tiny seeded generator. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Types that have an `etag` (lowercase last segment) and honour conditional headers (all but savedsearches, whose etag is in the body). */
const ETAG_TYPES = ['scheduledqueryrules', 'workbooks', 'savedsearches'];
const HEADER_CONDITIONS = ['scheduledqueryrules', 'workbooks'];
const lastType = (id: string) => typeOf(id).split('/').pop()!.toLowerCase();

const COLLECTIONS = ['scheduledqueryrules', 'metricalerts', 'activitylogalerts', 'actiongroups', 'savedsearches', 'workbooks'];

/** The resource type of an ARM id: provider namespace and every type segment (Microsoft.Sql/servers/databases). */
export function typeOf(id: string): string {
  const p = id.split('/').filter(Boolean);
  // The last provider segment: an extension resource (a role assignment on a server) has the type of the extension.
  const prov = p.map((x) => x.toLowerCase()).lastIndexOf('providers');
  const parts = p.slice(prov + 1);
  const types = [parts[0]];
  for (let i = 1; i < parts.length; i += 2) types.push(parts[i]);
  return types.join('/');
}

/** The callback URL the emulator gives a Logic App trigger (a stand-in secret: its signature is a hash of the workflow id). */
export function callbackUrlFor(workflowId: string, trigger: string): string {
  const sig = createHash('sha256').update(workflowId.toLowerCase()).digest('hex').slice(0, 43);
  return `https://prod-00.logic.example.invalid/workflows/${sig.slice(0, 32)}/triggers/${trigger}/paths/invoke?api-version=2016-10-01&sp=%2Ftriggers%2F${trigger}%2Frun&sv=1.0&sig=${sig}`;
}

/** Read-only fields Azure adds to what it stores, so that plan must ignore them. */
function decorate(type: string, body: Record<string, unknown>, counter: number, endpoint = ''): void {
  const props = (body.properties ??= {}) as Record<string, unknown>;
  const t = type.toLowerCase();
  // A Direct data collection rule: Azure assigns its immutable id and its own logs ingestion endpoint (here, this emulator).
  if (t.endsWith('datacollectionrules')) Object.assign(props, { immutableId: `dcr-${createHash('sha256').update(String(body.id).toLowerCase()).digest('hex').slice(0, 32)}`, endpoints: { logsIngestion: endpoint, metricsIngestion: endpoint }, provisioningState: 'Succeeded' });
  if (t.endsWith('scheduledqueryrules')) Object.assign(props, { createdWithApiVersion: '2025-01-01-preview', isLegacyLogAnalyticsRule: false, isWorkspaceAlertsStorageConfigured: false });
  if (t.endsWith('metricalerts')) Object.assign(props, { lastUpdatedTime: '2026-11-30T00:00:00Z', isMigrated: false });
  if (t.endsWith('actiongroups')) for (const r of (props.emailReceivers as Record<string, unknown>[] | undefined) ?? []) r.status = 'Enabled';
  if (t.endsWith('workbooks')) Object.assign(props, { timeModified: '2026-11-30T00:00:00Z', userId: '00000000-0000-0000-0000-0000000000aa', revision: `r${counter}` });
  if (t.endsWith('savedsearches')) body.etag = `W/"datetime'2026-11-30T00%3A${String(Math.floor(counter / 60) % 60).padStart(2, '0')}%3A${String(counter % 60).padStart(2, '0')}Z'"`;
  else if (ETAG_TYPES.includes(t.split('/').pop()!)) body.etag = `"${counter.toString(16).padStart(8, '0')}-0000-0d00-0000-65a1b2c30000"`;
}

/**
 * What ARM refuses in a body before storing it, for the types whose limits azslo must keep: managed Prometheus rule
 * groups (Azure Monitor's service limits: 20 rules, an interval of 1 to 15 minutes; the 2023-03-01 REST spec: scopes
 * start with an Azure Monitor workspace, every rule has an expression and records or alerts, severity 0 to 4).
 */
function invalidBody(type: string, body: Record<string, unknown>): string | undefined {
  if (type.toLowerCase() !== 'microsoft.alertsmanagement/prometheusrulegroups') return undefined;
  const p = (body.properties ?? {}) as { rules?: Record<string, unknown>[]; interval?: string; scopes?: string[] };
  if (!body.location) return 'location is required.';
  if (!Array.isArray(p.rules) || p.rules.length === 0) return 'properties.rules is required.';
  if (p.rules.length > 20) return `A rule group holds at most 20 rules; this one has ${p.rules.length}.`;
  const minutes = /^PT(\d+)M$/.exec(p.interval ?? 'PT1M');
  if (!minutes || Number(minutes[1]) < 1 || Number(minutes[1]) > 15) return `The interval ${p.interval} is not between 1 and 15 minutes.`;
  if (!Array.isArray(p.scopes) || !/\/providers\/microsoft\.monitor\/accounts\/[^/]+$/i.test(p.scopes[0] ?? '')) return 'properties.scopes must start with an Azure Monitor workspace id.';
  for (const r of p.rules) {
    if (typeof r.expression !== 'string' || r.expression === '') return 'Every rule needs an expression.';
    if ((typeof r.record === 'string') === (typeof r.alert === 'string')) return 'A rule either records or alerts.';
    if (r.severity !== undefined && (typeof r.severity !== 'number' || r.severity < 0 || r.severity > 4)) return 'severity must be between 0 and 4.';
  }
  return undefined;
}

export async function startArmEmulator(options: EmulatorOptions = {}): Promise<ArmEmulator> {
  const { key, cert } = certificate();
  const store = new Map<string, StoredResource>();
  const log: string[] = [];
  const times: number[] = [];
  const rand = random(options.seed ?? 1);
  let counter = 0;
  const state: ArmEmulator = {
    endpoint: '',
    ca: cert,
    store,
    writes: 0,
    log,
    puts: new Map(),
    times,
    faults: 0,
    options,
    failWritesAfter: undefined,
    nextFaults: [],
    written: [],
    preconditionFailures: [],
    runbooks: new Map(),
    actions: [],
    ingested: new Map(),
    edit(id, change) {
      const r = store.get(id.toLowerCase());
      if (!r) throw new Error(`no resource ${id} to edit`);
      change(r.body);
      decorate(typeOf(r.id), r.body, ++counter, state.endpoint);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const send = (res: import('node:http').ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) => {
    const etag = status < 300 && typeof (body as { etag?: unknown } | undefined)?.etag === 'string' ? { etag: (body as { etag: string }).etag } : {};
    const answer = () => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-ms-request-id': `req-${++counter}`, ...etag, ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (state.options.latencyMs) setTimeout(answer, state.options.latencyMs);
    else answer();
  };
  const error = (res: import('node:http').ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) => send(res, status, { error: { code, message } }, headers);

  const server = https.createServer({ key, cert }, (req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      // The by-id client of arm-resources asks for `//subscriptions/…` (endpoint + '/' + an id that starts with '/'),
      // which ARM takes as `/subscriptions/…`; parsed as is, the first segment would be read as a host.
      const url = new URL(req.url!.replace(/^\/+/, '/'), 'https://127.0.0.1');
      const method = req.method!;
      const p = url.pathname.replace(/\/+$/, '');
      log.push(`${method} ${p}`);
      times.push(Date.now());
      const rate = state.options.faultRate ?? 0;
      const scripted = state.nextFaults.shift();
      if (scripted || (rate > 0 && (!state.options.faultMethods || state.options.faultMethods.includes(method)) && rand() < rate)) {
        state.faults++;
        const kinds: Fault['kind'][] = ['429', '500', 'slow', 'drop'];
        const kind = scripted ?? kinds[Math.floor(rand() * kinds.length)]!;
        if (kind === '429') return error(res, 429, 'TooManyRequests', 'Rate limit exceeded, try again later.', { 'retry-after': '1' });
        if (kind === '500') return error(res, 500, 'InternalServerError', 'Something went wrong (injected).');
        if (kind === 'drop') return req.socket.destroy();
        // slow: answer normally after a pause
        return void setTimeout(() => handle(), 300);
      }
      handle();

      function handle() {
        if (state.options.routes?.length) {
          const request: RouteRequest = { method, path: p, url, headers: req.headers, body: raw };
          const reply: RouteReply = { send: (status, body, headers) => send(res, status, body, headers), error: (status, code, message, headers) => error(res, status, code, message, headers), drop: () => req.socket.destroy() };
          for (const route of state.options.routes) if (route(request, reply, state)) return;
        }
        const segs = p.split('/').filter(Boolean);
        const last = segs[segs.length - 1]?.toLowerCase() ?? '';
        // Automation runbook drafts (REST: Runbook Draft - Replace Content, Runbook - Publish) and Logic App trigger
        // callback URLs (Workflow Triggers - List Callback Url): calls on a resource that are no resource write.
        const draft = /^(.*\/runbooks\/[^/]+)\/draft\/(content|publish)$/i.exec(p);
        if (draft) {
          const runbookId = draft[1]!.toLowerCase();
          const runbook = store.get(runbookId);
          if (!runbook) return error(res, 404, 'NotFound', `The runbook '${draft[1]!.split('/').pop()}' was not found.`);
          const entry = state.runbooks.get(runbookId) ?? {};
          state.runbooks.set(runbookId, entry);
          if (draft[2]!.toLowerCase() === 'content' && method === 'PUT') {
            state.actions.push(`PUT ${p}`);
            entry.draft = raw;
            entry.draftContentType = String(req.headers['content-type'] ?? '');
            (runbook.body.properties as Record<string, unknown>).state = 'Edit';
            return send(res, 202);
          }
          if (draft[2]!.toLowerCase() === 'publish' && method === 'POST') {
            state.actions.push(`POST ${p}`);
            if (entry.draft === undefined) return error(res, 400, 'BadRequest', 'The runbook has no draft to publish.');
            entry.published = entry.draft;
            (runbook.body.properties as Record<string, unknown>).state = 'Published';
            return send(res, 202);
          }
          return error(res, 405, 'MethodNotAllowed', `${method} is not supported here.`);
        }
        // The Logs Ingestion API (REST: Logs Ingestion - Upload): a JSON array of rows for a stream the rule declares,
        // with a token for https://monitor.azure.com; 204 when accepted.
        const ingest = /^\/dataCollectionRules\/([^/]+)\/streams\/([^/]+)$/i.exec(p);
        if (ingest && method === 'POST') {
          state.actions.push(`POST ${p}`);
          const bearer = /^Bearer\s+[^.]+\.([^.]+)\./i.exec(String(req.headers.authorization ?? ''));
          const aud = bearer ? (JSON.parse(Buffer.from(bearer[1]!, 'base64url').toString('utf8')) as { aud?: string }).aud : undefined;
          if (!aud || aud.replace(/\/+$/, '') !== 'https://monitor.azure.com') return error(res, 401, 'InvalidToken', `The token's audience must be https://monitor.azure.com, not ${aud ?? 'missing'}.`);
          const rule = [...store.values()].find((r) => typeOf(r.id).toLowerCase() === 'microsoft.insights/datacollectionrules' && (r.body.properties as Record<string, unknown>).immutableId === ingest[1]);
          if (!rule) return error(res, 404, 'NotFound', `No data collection rule with immutable id ${ingest[1]}.`);
          const declared = ((rule.body.properties as Record<string, unknown>).streamDeclarations ?? {}) as Record<string, { columns: { name: string }[] }>;
          const stream = declared[ingest[2]!];
          if (!stream) return error(res, 400, 'InvalidStream', `The rule declares no stream ${ingest[2]}.`);
          let rows: unknown;
          try {
            rows = JSON.parse(raw);
          } catch {
            return error(res, 400, 'InvalidContent', 'The body is not JSON.');
          }
          if (!Array.isArray(rows)) return error(res, 400, 'InvalidContent', 'The body must be a JSON array of rows.');
          const names = new Set(stream.columns.map((c) => c.name));
          for (const row of rows as Record<string, unknown>[]) for (const k of Object.keys(row)) if (!names.has(k)) return error(res, 400, 'InvalidContent', `Column ${k} is not declared in stream ${ingest[2]}.`);
          state.ingested.set(ingest[2]!, [...(state.ingested.get(ingest[2]!) ?? []), ...(rows as Record<string, unknown>[])]);
          return send(res, 204);
        }
        const callback = /^(.*\/providers\/Microsoft\.Logic\/workflows\/[^/]+)\/triggers\/([^/]+)\/listCallbackUrl$/i.exec(p);
        if (callback && method === 'POST') {
          state.actions.push(`POST ${p}`);
          if (!store.has(callback[1]!.toLowerCase())) return error(res, 404, 'ResourceNotFound', `The workflow '${callback[1]!.split('/').pop()}' was not found.`);
          return send(res, 200, { value: callbackUrlFor(callback[1]!, callback[2]!), method: 'POST' });
        }
        // Lists: .../providers/Microsoft.Insights/<collection>, .../workspaces/<ws>/savedSearches, .../resourcegroups/<rg>/resources
        const isList = method === 'GET' && (COLLECTIONS.includes(last) || last === 'resources');
        if (isList) {
          const prefix = last === 'resources' ? p.slice(0, -'/resources'.length).toLowerCase() : p.toLowerCase();
          const filter = url.searchParams.get('$filter');
          const wantType = /resourceType eq '([^']+)'/i.exec(filter ?? '')?.[1]?.toLowerCase();
          const value = [...store.values()]
            .filter((r) => r.id.toLowerCase().startsWith(`${prefix}/`))
            .filter((r) => (last === 'resources' ? !wantType || typeOf(r.id).toLowerCase() === wantType : typeOf(r.id).toLowerCase().endsWith(last)))
            .map((r) => (last === 'resources' ? { id: r.id, name: r.body.name, type: r.body.type, location: r.body.location, kind: r.body.kind, tags: r.body.tags } : r.body));
          return send(res, 200, { value });
        }
        const id = p;
        const keyOf = id.toLowerCase();
        if (method === 'GET') {
          const r = store.get(keyOf);
          return r ? send(res, 200, r.body) : error(res, 404, 'ResourceNotFound', `The Resource '${typeOf(id)}/${segs[segs.length - 1]}' was not found.`);
        }
        /** A 412 answer when the write's conditions do not hold, else undefined. */
        function precondition(id: string, existing: StoredResource | undefined, body?: Record<string, unknown>): (() => void) | undefined {
          if (state.options.ignoreConditions) return undefined;
          const t = lastType(id);
          const current = existing?.body.etag as string | undefined;
          const fail = (why: string) => () => {
            state.preconditionFailures.push(`${method} ${id}`);
            error(res, 412, 'PreconditionFailed', why);
          };
          if (HEADER_CONDITIONS.includes(t)) {
            const ifMatch = req.headers['if-match'];
            const ifNoneMatch = req.headers['if-none-match'];
            if (typeof ifNoneMatch === 'string' && ifNoneMatch.trim() === '*' && existing) return fail(`The resource '${segs[segs.length - 1]}' already exists (If-None-Match: *).`);
            if (typeof ifMatch === 'string') {
              const ok = ifMatch.trim() === '*' ? existing !== undefined : existing !== undefined && ifMatch.split(',').map((x) => x.trim()).includes(current ?? '');
              if (!ok) return fail(`The specified precondition 'If-Match = ${ifMatch}' failed: the resource's ETag is ${current ?? 'none (it does not exist)'}.`);
            }
          }
          if (t === 'savedsearches' && body && existing) {
            const e = body.etag;
            if (typeof e === 'string' && e !== '*' && e !== current) return fail(`The ETag '${e}' of the saved search does not match the current one.`);
          }
          return undefined;
        }
        const writeAllowed = () => {
          if (state.failWritesAfter === undefined) return true;
          if (state.failWritesAfter <= 0) return false;
          state.failWritesAfter--;
          return true;
        };
        if (method === 'PUT') {
          let body: Record<string, unknown>;
          try {
            body = JSON.parse(raw || '{}') as Record<string, unknown>;
          } catch {
            return error(res, 400, 'InvalidRequestContent', 'The request content is not valid JSON.');
          }
          const refused = precondition(id, store.get(keyOf), body);
          if (refused) return refused();
          const invalid = invalidBody(typeOf(id), body);
          if (invalid) return error(res, 400, 'BadRequest', invalid);
          if (!writeAllowed()) return error(res, 503, 'ServiceUnavailable', 'Interrupted (injected).');
          state.puts.set(keyOf, { apiVersion: url.searchParams.get('api-version') ?? '', body: structuredClone(body) });
          const existing = store.get(keyOf);
          const stored: Record<string, unknown> = {
            ...structuredClone(body),
            id: existing?.id ?? id,
            name: segs[segs.length - 1],
            type: typeOf(id),
            systemData: { createdBy: 'azslo-test', createdAt: '2026-11-30T00:00:00Z' },
          };
          decorate(typeOf(id), stored, ++counter, state.endpoint);
          // What Azure assigns: a system-assigned identity's principal, a user-assigned identity's, a runbook's state.
          const principal = () => createHash('sha256').update(`principal|${keyOf}`).digest('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12}).*$/, '$1-$2-$3-$4-$5');
          const identity = stored.identity as Record<string, unknown> | undefined;
          if (identity && String(identity.type).includes('SystemAssigned')) Object.assign(identity, { principalId: principal(), tenantId: '00000000-0000-0000-0000-0000000000aa' });
          if (typeOf(id).toLowerCase() === 'microsoft.managedidentity/userassignedidentities') Object.assign(stored.properties as object, { principalId: principal(), clientId: principal(), tenantId: '00000000-0000-0000-0000-0000000000aa' });
          if (typeOf(id).toLowerCase() === 'microsoft.automation/automationaccounts/runbooks') (stored.properties as Record<string, unknown>).state = ((existing?.body.properties as Record<string, unknown> | undefined)?.state as string | undefined) ?? 'New';
          store.set(keyOf, { id: String(stored.id), body: stored });
          state.writes++;
          state.written.push(`PUT ${id}`);
          // 200 for create and update: every type azslo deploys documents 200 for both (some also 201).
          return send(res, 200, stored);
        }
        if (method === 'DELETE') {
          const refused = precondition(id, store.get(keyOf));
          if (refused) return refused();
          if (!store.has(keyOf)) return send(res, 204);
          if (!writeAllowed()) return error(res, 503, 'ServiceUnavailable', 'Interrupted (injected).');
          store.delete(keyOf);
          state.writes++;
          state.written.push(`DELETE ${id}`);
          return send(res, 200);
        }
        return error(res, 405, 'MethodNotAllowed', `${method} is not supported here.`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  (state as { endpoint: string }).endpoint = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
