import { apiVersion, fact } from '../catalog/index.js';
import type { GatewayOptions } from '../apply/arm.js';

/**
 * What a drill calls in Azure besides Automation jobs, through the core client of @azure/arm-resources (the same
 * credential, endpoint, trust store and retry policies as plan, apply and recover):
 * - Chaos Studio experiments: POST {experiment}/start and /cancel (202, long-running; the run shows in
 *   GET {experiment}/executions), GET of the experiment;
 * - Azure Monitor alerts: GET /subscriptions/{s}/providers/Microsoft.AlertsManagement/alerts (Alerts_GetAll), every
 *   page of it by nextLink;
 * - alert processing rules (Microsoft.AlertsManagement/actionRules): GET and PUT (PATCH takes only enabled and tags,
 *   and the drill needs a schedule);
 * - log queries through Resource Manager: POST {workspace id}/query { query, timespan }.
 * API versions are catalog facts (catalog/azure/drill.yaml).
 */
export type Json = Record<string, unknown>;

export interface ChaosRun {
  readonly id: string;
  /** As Chaos Studio writes it (Running, Success, Failed, Cancelling, Cancelled; the REST examples use lower case). */
  readonly status: string;
  readonly startedAt: string | undefined;
  readonly stoppedAt: string | undefined;
}

export interface AlertView {
  readonly id: string;
  /** The alert rule's id, as essentials.alertRule carries it. */
  readonly rule: string;
  readonly name: string;
  readonly severity: string;
  readonly monitorCondition: string;
  readonly alertState: string;
  readonly firedAt: string;
}

export interface QueryTable {
  readonly name: string;
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
}

export interface DrillArm {
  getExperiment(id: string): Promise<Json | undefined>;
  startExperiment(id: string): Promise<void>;
  cancelExperiment(id: string): Promise<void>;
  /** The experiment's runs, newest first. */
  executions(id: string): Promise<ChaosRun[]>;
  /** Alerts of the subscription, every page; filters as Alerts_GetAll names them. */
  alerts(subscriptionId: string, filter: { readonly timeRange?: string; readonly customTimeRange?: string; readonly monitorCondition?: 'Fired' | 'Resolved' }): Promise<AlertView[]>;
  getProcessingRule(id: string): Promise<Json | undefined>;
  putProcessingRule(id: string, body: Json): Promise<void>;
  query(workspaceId: string, query: string, timespan: string): Promise<QueryTable[]>;
}

const FINAL_RUN = new Set(['success', 'failed', 'cancelled']);
/** Whether a Chaos Studio run has ended (success, failed, cancelled, in any case). */
export const runEnded = (status: string): boolean => FINAL_RUN.has(status.toLowerCase());

export class ArmCallError extends Error {
  constructor(message: string, readonly statusCode: number) {
    super(message);
  }
}

export function drillArm(o: GatewayOptions): DrillArm {
  const endpoint = o.endpoint.replace(/\/+$/, '');
  const client = (async () => {
    const { ResourceManagementClient } = await import('@azure/arm-resources');
    return new ResourceManagementClient(o.credential, o.subscriptionId, {
      endpoint,
      ...(o.ca ? { tlsOptions: { ca: o.ca } } : {}),
      retryOptions: { maxRetries: o.maxRetries ?? 5, retryDelayInMs: o.retryDelayMs ?? 800, maxRetryDelayInMs: 30_000 },
    });
  })();
  const send = async (method: 'GET' | 'PUT' | 'POST', url: string, body?: Json, allow404 = false): Promise<Json | undefined> => {
    const c = await client;
    const { createPipelineRequest, createHttpHeaders } = await import('@azure/core-rest-pipeline');
    const request = createPipelineRequest({
      url,
      method,
      headers: createHttpHeaders({ 'content-type': 'application/json' }),
      ...(body !== undefined ? { body: JSON.stringify(body) } : method === 'POST' ? { body: '{}' } : {}),
    });
    const response = await c.sendRequest(request);
    const text = response.bodyAsText ?? '';
    if (allow404 && response.status === 404) return undefined;
    let parsed: Json = {};
    try {
      parsed = text ? (JSON.parse(text) as Json) : {};
    } catch {
      parsed = {};
    }
    if (response.status >= 400) {
      const error = (parsed.error ?? {}) as { code?: string; message?: string };
      const path = new URL(url).pathname;
      throw new ArmCallError(`${method} ${path}: ${response.status} ${error.code ?? ''} ${error.message ?? text}`.replace(/\s+/g, ' ').trim(), response.status);
    }
    return parsed;
  };
  const at = (path: string, apiVersion: string, query: Record<string, string> = {}) => {
    const params = new URLSearchParams({ 'api-version': apiVersion, ...query });
    return `${endpoint}${path}?${params.toString()}`;
  };
  const chaos = () => apiVersion('Microsoft.Chaos/experiments');
  const rules = () => apiVersion('Microsoft.AlertsManagement/actionRules');
  /** A nextLink is followed only on the endpoint the drill talks to: the bearer token goes nowhere else. */
  const sameOrigin = (link: string) => {
    try {
      return new URL(link).origin === new URL(endpoint).origin;
    } catch {
      return false;
    }
  };
  return {
    getExperiment: (id) => send('GET', at(id, chaos()), undefined, true),
    async startExperiment(id) {
      await send('POST', at(`${id}/start`, chaos()));
    },
    async cancelExperiment(id) {
      await send('POST', at(`${id}/cancel`, chaos()));
    },
    async executions(id) {
      const out: ChaosRun[] = [];
      let url: string | undefined = at(`${id}/executions`, chaos());
      for (let pages = 0; url && pages < 50; pages++) {
        const page: Json = (await send('GET', url))!;
        for (const v of (page.value ?? []) as { id?: string; name?: string; properties?: { status?: string; startedAt?: string; stoppedAt?: string } }[]) {
          out.push({ id: v.name ?? v.id?.split('/').pop() ?? '', status: v.properties?.status ?? 'unknown', startedAt: v.properties?.startedAt ?? undefined, stoppedAt: v.properties?.stoppedAt ?? undefined });
        }
        url = typeof page.nextLink === 'string' && sameOrigin(page.nextLink) ? page.nextLink : undefined;
      }
      return out.sort((a, b) => Date.parse(b.startedAt ?? '') - Date.parse(a.startedAt ?? ''));
    },
    async alerts(subscriptionId, filter) {
      const query: Record<string, string> = {};
      if (filter.timeRange) query.timeRange = filter.timeRange;
      if (filter.customTimeRange) query.customTimeRange = filter.customTimeRange;
      if (filter.monitorCondition) query.monitorCondition = filter.monitorCondition;
      const out: AlertView[] = [];
      let url: string | undefined = at(`/subscriptions/${subscriptionId}/providers/Microsoft.AlertsManagement/alerts`, fact('drill', 'alertsApiVersion'), query);
      for (let pages = 0; url && pages < 200; pages++) {
        const page: Json = (await send('GET', url))!;
        for (const v of (page.value ?? []) as { id?: string; name?: string; properties?: { essentials?: Record<string, string | undefined> } }[]) {
          const e = v.properties?.essentials ?? {};
          out.push({ id: v.id ?? '', rule: e.alertRule ?? '', name: v.name ?? '', severity: e.severity ?? '', monitorCondition: e.monitorCondition ?? '', alertState: e.alertState ?? '', firedAt: e.startDateTime ?? '' });
        }
        url = typeof page.nextLink === 'string' && sameOrigin(page.nextLink) ? page.nextLink : undefined;
      }
      return out;
    },
    getProcessingRule: (id) => send('GET', at(id, rules()), undefined, true),
    async putProcessingRule(id, body) {
      await send('PUT', at(id, rules()), body);
    },
    async query(workspaceId, query, timespan) {
      const answer = (await send('POST', at(`${workspaceId}/query`, fact('drill', 'logQueryApiVersion')), { query, timespan }))!;
      return ((answer.tables ?? []) as QueryTable[]).map((t) => ({ name: t.name, columns: t.columns ?? [], rows: t.rows ?? [] }));
    },
  };
}
