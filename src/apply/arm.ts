import type { TokenCredential } from '@azure/core-auth';

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
}

export interface ArmGateway {
  get(type: string, id: string, apiVersion: string): Promise<ArmResourceState | undefined>;
  put(type: string, id: string, apiVersion: string, body: Record<string, unknown>): Promise<void>;
  delete(type: string, id: string, apiVersion: string): Promise<void>;
  /** Resources of a type in a resource group, or saved searches of a workspace (scope = workspace id). */
  list(type: string, scope: string, apiVersion: string): Promise<ArmResourceState[]>;
}

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

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

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

const notFound = (e: unknown) => (e as { statusCode?: number }).statusCode === 404;

/** An ArmGateway over the real SDK clients, loaded on first use (they are large). */
export function sdkGateway(o: GatewayOptions): ArmGateway {
  const clientOptions = {
    endpoint: o.endpoint,
    ...(o.ca ? { tlsOptions: { ca: o.ca } } : {}),
    retryOptions: { maxRetries: o.maxRetries ?? 5, retryDelayInMs: o.retryDelayMs ?? 800, maxRetryDelayInMs: 30_000 },
  };
  const monitor = lazy(async () => new (await import('@azure/arm-monitor')).MonitorClient(o.credential, o.subscriptionId, clientOptions));
  const insights = lazy(async () => new (await import('@azure/arm-operationalinsights')).OperationalInsightsManagementClient(o.credential, o.subscriptionId, clientOptions));
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
      try {
        const ops = await monitorOps(type);
        if (ops) return { id, body: fromSdkModel(await ops.get(p.resourceGroup, p.name), type) };
        if (type.toLowerCase().endsWith('/savedsearches')) {
          return { id, body: fromSdkModel((await (await insights()).savedSearches.get(p.resourceGroup, p.workspace!, p.name)) as any, type) };
        }
        const r = (await (await resources()).resources.getById(id, apiVersion)) as any;
        return { id, body: r };
      } catch (e) {
        if (notFound(e)) return undefined;
        throw e;
      }
    },
    async put(type, id, apiVersion, body) {
      const p = parseId(id);
      const ops = await monitorOps(type);
      if (ops) {
        await ops.createOrUpdate(p.resourceGroup, p.name, toSdkModel(body));
        return;
      }
      if (type.toLowerCase().endsWith('/savedsearches')) {
        await (await insights()).savedSearches.createOrUpdate(p.resourceGroup, p.workspace!, p.name, toSdkModel(body) as any);
        return;
      }
      await (await resources()).resources.beginCreateOrUpdateByIdAndWait(id, apiVersion, body as any);
    },
    async delete(type, id, apiVersion) {
      const p = parseId(id);
      try {
        const ops = await monitorOps(type);
        if (ops) await ops.delete(p.resourceGroup, p.name);
        else if (type.toLowerCase().endsWith('/savedsearches')) await (await insights()).savedSearches.delete(p.resourceGroup, p.workspace!, p.name);
        else await (await resources()).resources.beginDeleteByIdAndWait(id, apiVersion);
      } catch (e) {
        if (!notFound(e)) throw e;
      }
    },
    async list(type, scope) {
      const p = parseId(`${scope}/x`);
      const ops = await monitorOps(type);
      if (ops) {
        const items = await collect(ops.listByResourceGroup(p.resourceGroup) as AsyncIterable<any>);
        return items.map((x) => ({ id: String(x.id), body: fromSdkModel(x, type) }));
      }
      if (type.toLowerCase().endsWith('/savedsearches')) {
        const ws = parseId(scope);
        const r = (await (await insights()).savedSearches.listByWorkspace(ws.resourceGroup, ws.name)) as any;
        return ((r.value ?? []) as any[]).map((x) => ({ id: String(x.id), body: fromSdkModel(x, type) }));
      }
      const items = await collect((await resources()).resources.listByResourceGroup(p.resourceGroup, { filter: `resourceType eq '${type}'` }) as AsyncIterable<any>);
      // The list omits properties; tags are all prune needs.
      return items.map((x) => ({ id: String(x.id), body: x }));
    },
  };
}
