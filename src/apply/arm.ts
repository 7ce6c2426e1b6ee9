import type { TokenCredential } from '@azure/core-auth';
import { isObject } from '../base/values.js';

/**
 * The far end of plan and apply: Azure Resource Manager, reached through the real Azure SDK clients —
 * @azure/arm-monitor for alert rules and action groups, @azure/arm-operationalinsights for saved searches, and the
 * generic by-id client of @azure/arm-resources for workbooks (the typed App Insights client drops location and
 * tags). Bodies are ARM JSON; the typed clients take their flattened models, converted here and nowhere else.
 */
export interface ArmResourceState {
  readonly id: string;
  /** ARM JSON as GET returns it (properties nested). */
  readonly body: Record<string, unknown>;
  /** The resource's entity tag (ETag header, else `etag` of the body), for the types that have one. */
  readonly etag?: string;
}

/**
 * Conditions of a write, ARM's conditional requests (RFC 9110 §13): `ifMatch` — only if the resource's ETag is still
 * this one; `ifNoneMatch: '*'` — only if the resource does not exist. Either fails with HTTP 412 Precondition Failed.
 * Only resource types whose API has entity tags honour them (see ETAG_TYPES).
 */
export interface Conditions {
  readonly ifMatch?: string;
  readonly ifNoneMatch?: '*';
}

/**
 * azslo's resource types whose REST API has entity tags: scheduledQueryRules and workbooks (a read-only `etag` and
 * the ETag header), savedSearches (an `etag` in the body: "to override an existing saved search, use '*' or specify
 * the current Etag"). metricAlerts, activityLogAlerts and actionGroups have none: their writes are unconditional.
 */
export const ETAG_TYPES = new Set(['microsoft.insights/scheduledqueryrules', 'microsoft.insights/workbooks', 'microsoft.operationalinsights/workspaces/savedsearches']);
export const hasEtag = (type: string) => ETAG_TYPES.has(type.toLowerCase());

/** A write refused because the resource changed (or appeared) since it was read: HTTP 412 Precondition Failed. */
export const preconditionFailed = (e: unknown) => (e as { statusCode?: number }).statusCode === 412;

export interface ArmGateway {
  get(type: string, id: string, apiVersion: string): Promise<ArmResourceState | undefined>;
  /** Creates or replaces; resolves to the new ETag when the type has one. */
  put(type: string, id: string, apiVersion: string, body: Record<string, unknown>, conditions?: Conditions): Promise<string | undefined>;
  delete(type: string, id: string, apiVersion: string, conditions?: Conditions): Promise<void>;
  /** Resources of a type in a resource group, or saved searches of a workspace (scope = workspace id). */
  list(type: string, scope: string, apiVersion: string): Promise<ArmResourceState[]>;
  /**
   * A call that is no resource PUT: an action (POST …/listCallbackUrl, POST …/draft/publish) or a content upload (PUT
   * …/draft/content as text/powershell). Resolves to the JSON answer, if any; long-running answers are followed.
   */
  invoke(method: 'POST' | 'PUT', path: string, apiVersion: string, body?: string | Record<string, unknown>, contentType?: string): Promise<unknown>;
}

/** Types whose resources carry no tags (role assignments): no azslo-applied record, ownership read from their description. */
// Chaos Studio targets and capabilities are proxy extension resources without tags or a description: apply creates them
// and leaves them, like role assignments, out of --prune (docs/drills.md). So are diagnostic settings (named
// azslo-<service> on the resource whose logs they send: docs/sli-sources.md) and a workspace's tables (budget alerts'
// custom table), proxy resources without tags.
export const UNTAGGED_TYPES = new Set(['microsoft.authorization/roleassignments', 'microsoft.chaos/targets', 'microsoft.chaos/targets/capabilities', 'microsoft.insights/diagnosticsettings', 'microsoft.operationalinsights/workspaces/tables']);

export interface GatewayOptions {
  readonly credential: TokenCredential;
  readonly subscriptionId: string;
  /** ARM endpoint, e.g. https://management.azure.com (public cloud) or a local test endpoint. */
  readonly endpoint: string;
  /** Extra trusted CA certificates (PEM), e.g. a test endpoint's self-signed certificate. */
  readonly ca?: string | Buffer;
  /** Retries of 429 and 5xx answers (honouring Retry-After), by the SDK's own retry policies. */
  readonly maxRetries?: number;
  readonly retryDelayMs?: number;
}

interface Parsed {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  workspace?: string;
}

function parseId(id: string): Parsed {
  const p = id.split('/');
  const at = (k: string) => p[p.findIndex((x) => x.toLowerCase() === k) + 1]!;
  const ws = p.findIndex((x) => x.toLowerCase() === 'workspaces');
  return { subscriptionId: at('subscriptions'), resourceGroup: at('resourcegroups'), name: p[p.length - 1]!, ...(ws >= 0 ? { workspace: p[ws + 1]! } : {}) };
}


/** Renames keys deep in a value: the typed clients spell `odata.type` as `odataType`. */
function renameKeys(v: unknown, from: string, to: string): unknown {
  if (Array.isArray(v)) return v.map((x) => renameKeys(x, from, to));
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k === from ? to : k, renameKeys(x, from, to)]));
}

/** ARM JSON → the flattened model of a typed client. */
export function toSdkModel(body: Record<string, unknown>): Record<string, unknown> {
  const { properties, ...top } = body;
  return renameKeys({ ...top, ...(isObject(properties) ? properties : {}) }, 'odata.type', 'odataType') as Record<string, unknown>;
}

const TOP_LEVEL = new Set(['id', 'name', 'type', 'location', 'tags', 'kind', 'etag', 'systemData', 'identity']);

/** The flattened model of a typed client → ARM JSON. Saved searches keep their tags as a property. */
export function fromSdkModel(model: Record<string, unknown>, type: string): Record<string, unknown> {
  const flat = renameKeys(model, 'odataType', 'odata.type') as Record<string, unknown>;
  const top: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  const savedSearch = type.toLowerCase().endsWith('/savedsearches');
  for (const [k, v] of Object.entries(flat)) {
    if (v === undefined) continue;
    if (TOP_LEVEL.has(k) && !(savedSearch && k === 'tags')) top[k] = v;
    else properties[k] = v;
  }
  return { ...top, properties };
}

type Lazy<T> = () => Promise<T>;

const lazy = <T>(f: () => Promise<T>): Lazy<T> => {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
};

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const withEtag = (id: string, body: Record<string, unknown>): ArmResourceState => ({ id, body, ...(typeof body.etag === 'string' ? { etag: body.etag } : {}) });

const notFound = (e: unknown) => (e as { statusCode?: number }).statusCode === 404;

/**
 * Request options that send conditional headers and catch the ETag of the answer, for both generations of SDK
 * clients: the TypeSpec ones (arm-monitor, arm-operationalinsights) read `requestOptions.headers`, the older
 * core-client ones (arm-resources) `requestOptions.customHeaders`; both call `onResponse` with the raw response.
 */
function watch(conditions: Conditions = {}): { options: Record<string, unknown>; etag: () => string | undefined } {
  const headers: Record<string, string> = {};
  if (conditions.ifMatch) headers['If-Match'] = conditions.ifMatch;
  if (conditions.ifNoneMatch) headers['If-None-Match'] = conditions.ifNoneMatch;
  let etag: string | undefined;
  const options = {
    requestOptions: { headers, customHeaders: headers },
    onResponse: (raw: { headers?: { get(name: string): string | undefined } }) => {
      const e = raw.headers?.get('etag');
      if (e) etag = e;
    },
  };
  return { options, etag: () => etag };
}

/** An ArmGateway over the real SDK clients, loaded on first use (they are large). */
export function sdkGateway(o: GatewayOptions): ArmGateway {
  const clientOptions = {
    endpoint: o.endpoint,
    ...(o.ca ? { tlsOptions: { ca: o.ca } } : {}),
    retryOptions: { maxRetries: o.maxRetries ?? 5, retryDelayInMs: o.retryDelayMs ?? 800, maxRetryDelayInMs: 30_000 },
  };
  const monitor = lazy(async () => new (await import('@azure/arm-monitor')).MonitorClient(o.credential, o.subscriptionId, clientOptions));
  // Saved searches live in the workspace's subscription, which need not be the target's: one client per subscription.
  const insightsBySubscription = new Map<string, Promise<import('@azure/arm-operationalinsights').OperationalInsightsManagementClient>>();
  const insightsFor = (subscriptionId: string) => {
    const key = subscriptionId.toLowerCase();
    let c = insightsBySubscription.get(key);
    if (!c) insightsBySubscription.set(key, (c = import('@azure/arm-operationalinsights').then((m) => new m.OperationalInsightsManagementClient(o.credential, subscriptionId, clientOptions))));
    return c;
  };
  const resources = lazy(async () => new (await import('@azure/arm-resources')).ResourceManagementClient(o.credential, o.subscriptionId, clientOptions));

  /* eslint-disable @typescript-eslint/no-explicit-any -- each typed client's operations share this shape */
  const monitorOps = async (type: string): Promise<any> => {
    const m = (await monitor()) as any;
    switch (type.toLowerCase()) {
      case 'microsoft.insights/scheduledqueryrules':
        return m.scheduledQueryRules;
      case 'microsoft.insights/metricalerts':
        return m.metricAlerts;
      case 'microsoft.insights/activitylogalerts':
        return m.activityLogAlerts;
      case 'microsoft.insights/actiongroups':
        return m.actionGroups;
      default:
        return undefined;
    }
  };

  return {
    async get(type, id, apiVersion) {
      const p = parseId(id);
      const seen = watch();
      try {
        const ops = await monitorOps(type);
        let body: Record<string, unknown>;
        if (ops) body = fromSdkModel(await ops.get(p.resourceGroup, p.name, seen.options), type);
        else if (type.toLowerCase().endsWith('/savedsearches')) body = fromSdkModel((await (await insightsFor(p.subscriptionId)).savedSearches.get(p.resourceGroup, p.workspace!, p.name, seen.options)) as any, type);
        else body = (await (await resources()).resources.getById(id, apiVersion, seen.options)) as any;
        const etag = seen.etag() ?? (typeof body.etag === 'string' ? body.etag : undefined);
        return { id, body, ...(etag ? { etag } : {}) };
      } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
      }
    },
    async put(type, id, apiVersion, body, conditions) {
      const p = parseId(id);
      const seen = watch(conditions);
      const ops = await monitorOps(type);
      let out: any;
      if (ops) out = await ops.createOrUpdate(p.resourceGroup, p.name, toSdkModel(body), seen.options);
      else if (type.toLowerCase().endsWith('/savedsearches')) out = await (await insightsFor(p.subscriptionId)).savedSearches.createOrUpdate(p.resourceGroup, p.workspace!, p.name, toSdkModel(body) as any, seen.options);
      else out = await (await resources()).resources.beginCreateOrUpdateByIdAndWait(id, apiVersion, body as any, seen.options);
      return seen.etag() ?? (typeof out?.etag === 'string' ? out.etag : undefined);
    },
    async delete(type, id, apiVersion, conditions) {
      const p = parseId(id);
      const seen = watch(conditions);
      try {
        const ops = await monitorOps(type);
        if (ops) await ops.delete(p.resourceGroup, p.name, seen.options);
        else if (type.toLowerCase().endsWith('/savedsearches')) await (await insightsFor(p.subscriptionId)).savedSearches.delete(p.resourceGroup, p.workspace!, p.name, seen.options);
        else await (await resources()).resources.beginDeleteByIdAndWait(id, apiVersion, seen.options);
      } catch (e) {
        if (!notFound(e)) throw e;
      }
    },
    async invoke(method, path, apiVersion, body, contentType) {
      const client = (await resources()) as any;
      const { createHttpHeaders, createPipelineRequest } = await import('@azure/core-rest-pipeline');
      const url = `${o.endpoint.replace(/\/+$/, '')}${path}${path.includes('?') ? '&' : '?'}api-version=${apiVersion}`;
      const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      let response = await client.sendRequest(createPipelineRequest({ url, method, body: text, headers: createHttpHeaders({ 'content-type': contentType ?? 'application/json' }) }));
      // Long-running: follow Azure-AsyncOperation or Location until it ends (publish answers 202).
      for (let i = 0; i < 120 && response.status === 202; i++) {
        const next = response.headers.get('azure-asyncoperation') ?? response.headers.get('location');
        if (!next) break;
        await new Promise((r) => setTimeout(r, Math.min(Number(response.headers.get('retry-after') ?? 1), 10) * 1000));
        response = await client.sendRequest(createPipelineRequest({ url: next, method: 'GET' }));
        const status = response.status === 200 && response.bodyAsText ? (JSON.parse(response.bodyAsText) as { status?: string }).status : undefined;
        if (status === 'Failed' || status === 'Canceled') throw Object.assign(new Error(`${method} ${path}: the operation ended ${status}`), { statusCode: 500 });
      }
      if (response.status >= 400) {
        let code = '';
        let message = response.bodyAsText ?? '';
        try {
          const e = JSON.parse(response.bodyAsText ?? '{}') as { error?: { code?: string; message?: string } };
          code = e.error?.code ?? '';
          message = e.error?.message ?? message;
        } catch {
          // not JSON
        }
        throw Object.assign(new Error(`${method} ${path}: ${message}`), { statusCode: response.status, code });
      }
      return response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
    },
    async list(type, scope) {
      const p = parseId(`${scope}/x`);
      const ops = await monitorOps(type);
      if (ops) {
        const items = await collect(ops.listByResourceGroup(p.resourceGroup) as AsyncIterable<any>);
        return items.map((x) => withEtag(String(x.id), fromSdkModel(x, type)));
      }
      if (type.toLowerCase().endsWith('/savedsearches')) {
        const ws = parseId(scope);
        const r = (await (await insightsFor(ws.subscriptionId)).savedSearches.listByWorkspace(ws.resourceGroup, ws.name)) as any;
        return ((r.value ?? []) as any[]).map((x) => withEtag(String(x.id), fromSdkModel(x, type)));
      }
      const items = await collect((await resources()).resources.listByResourceGroup(p.resourceGroup, { filter: `resourceType eq '${type}'` }) as AsyncIterable<any>);
      // The list omits properties; tags are all prune needs.
      return items.map((x) => ({ id: String(x.id), body: x }));
    },
  };
}
