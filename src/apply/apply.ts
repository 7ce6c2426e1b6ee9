import { hasEtag, preconditionFailed, type ArmGateway, type Conditions } from './arm.js';
import { appliedRecord, recordOf, stamp, unstamp } from './drift.js';
import type { Lease } from './lock.js';
import { differences, type PlanItem } from './plan.js';
import { mapLimit } from './pool.js';
import { PENDING } from './desired.js';

export interface ApplyResult {
  readonly item: PlanItem;
  readonly ok: boolean;
  readonly error?: string;
}

/**
 * Order of creation: what others refer to first (saved searches are called by alert queries, action groups are
 * notified by rules), workbooks last; deletion runs the other way round.
 */
const PHASE: Record<string, number> = {
  'microsoft.operationalinsights/workspaces/savedsearches': 0,
  // Budget alerts: the table before the data collection rule that writes it, the rule before the Logic App that
  // passes its immutable id and endpoint (Azure assigns both) to the job.
  'microsoft.operationalinsights/workspaces/tables': 0,
  'microsoft.insights/datacollectionrules': 1,
  // Recovery: the account and the Logic Apps early (their identities and callback URLs are read by what follows).
  'microsoft.automation/automationaccounts': 0,
  'microsoft.logic/workflows': 2,
  // Drills: Chaos targets before their capabilities, both before the experiments that name them; the experiments'
  // identities before their role assignments.
  'microsoft.chaos/targets': 0,
  'microsoft.chaos/targets/capabilities': 1,
  'microsoft.automation/automationaccounts/runtimeenvironments': 1,
  'microsoft.insights/actiongroups': 3,
  'microsoft.chaos/experiments': 3,
  'microsoft.automation/automationaccounts/runbooks': 4,
  'microsoft.authorization/roleassignments': 4,
  'microsoft.insights/scheduledqueryrules': 4,
  'microsoft.insights/metricalerts': 4,
  'microsoft.insights/activitylogalerts': 4,
  'microsoft.insights/workbooks': 5,
};
const PHASES = [0, 1, 2, 3, 4, 5];

const pool = async <T>(items: readonly T[], limit: number, run: (t: T) => Promise<void>): Promise<void> => {
  await mapLimit(items, limit, run);
};

const isSavedSearch = (type: string) => type.toLowerCase().endsWith('/savedsearches');

/** The workspace a saved search belongs to: its id up to `/savedSearches/`, in lower case (ARM ids ignore case). */
const workspaceOf = (id: string): string => id.toLowerCase().replace(/\/savedsearches\/[^/]+$/, '');

function groupBy<T>(items: readonly T[], keyOf: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/**
 * What a write is conditional on, for the types whose API has entity tags: a create only if the resource still does
 * not exist, an update or delete only if it is still the version plan read. Saved searches take their condition in
 * the body (`etag`): '*' (as the Bicep has it) to create, the ETag plan read to update.
 */
function conditionsFor(item: PlanItem): { conditions: Conditions; body?: Record<string, unknown> } {
  if (!hasEtag(item.type)) return { conditions: {} };
  const body = item.desired ? stamp(item.desired.body, item.type) : undefined;
  if (isSavedSearch(item.type)) return { conditions: {}, ...(body ? { body: item.action === 'update' && item.etag ? { ...body, etag: item.etag } : body } : {}) };
  if (item.action === 'create') return { conditions: { ifNoneMatch: '*' }, ...(body ? { body } : {}) };
  return { conditions: item.etag ? { ifMatch: item.etag } : {}, ...(body ? { body } : {}) };
}

/** After a 412: whether Azure now holds exactly what this write wanted (a retried write of our own had landed). */
async function landed(item: PlanItem, gateway: ArmGateway): Promise<boolean> {
  const have = await gateway.get(item.type, item.id, item.apiVersion);
  if (item.action === 'delete') return have === undefined;
  if (!have || !item.desired) return false;
  const { etag: _e, ...want } = item.desired.body;
  const out: { path: string; from: unknown; to: unknown }[] = [];
  differences(want, unstamp(have.body, item.type), '', out);
  return out.length === 0 && recordOf(have.body, item.type) === appliedRecord(item.desired.body);
}

const changedMessage = (item: PlanItem) =>
  item.action === 'create'
    ? 'HTTP 412 PreconditionFailed: it was created by someone else since plan read the state; nothing written — run plan again'
    : 'HTTP 412 PreconditionFailed: it was changed in Azure since plan read it (its ETag no longer matches); nothing written — run plan again';

/**
 * Carries out a plan with bounded concurrency. Saved searches go one at a time per workspace: concurrent writes to
 * one workspace's saved searches fail with 409 NewerDataExists (the error names the workspace, whose configuration
 * they all change); different workspaces are written side by side, as many at once as the concurrency allows. A
 * failure is reported per resource and what succeeded stays. Every body PUT carries its azslo-applied record
 * (drift.ts); writes to types with entity tags are conditional on the state plan read. With a lease, nothing more is
 * written once the lease is lost.
 */
export async function applyPlan(
  items: readonly PlanItem[],
  gateway: ArmGateway,
  options: { concurrency?: number; onResult?: (r: ApplyResult) => void; lease?: Pick<Lease, 'lost'>; refresh?: (item: PlanItem) => Promise<PlanItem> } = {},
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  const record = (r: ApplyResult) => {
    results.push(r);
    options.onResult?.(r);
  };
  const run = async (planned: PlanItem) => {
    let item = planned;
    const lost = options.lease?.lost;
    if (lost) {
      record({ item, ok: false, error: `${lost}; not written` });
      return;
    }
    try {
      // Values Azure assigned to resources written in an earlier phase (a principalId, a callback URL).
      if (item.desired?.pending && options.refresh) item = await options.refresh(item);
      if (item.desired?.pending) throw new Error(`it needs values of resources that do not exist yet (${PENDING})`);
    } catch (e) {
      record({ item, ok: false, error: (e as Error).message });
      return;
    }
    const { conditions, body } = conditionsFor(item);
    try {
      if (item.action === 'delete') await gateway.delete(item.type, item.id, item.apiVersion, conditions);
      else await gateway.put(item.type, item.id, item.apiVersion, body ?? stamp(item.desired!.body, item.type), conditions);
      // Runbooks: their content goes to the draft, which is then published (what the Bicep's deployment script does).
      const publish = item.desired?.publish;
      if (publish) {
        await gateway.invoke('PUT', `${item.id}/draft/content`, item.apiVersion, publish.content, publish.contentType);
        await gateway.invoke('POST', `${item.id}/draft/publish`, item.apiVersion);
      }
      record({ item, ok: true });
    } catch (e) {
      if (preconditionFailed(e) || (isSavedSearch(item.type) && (e as { statusCode?: number }).statusCode === 409)) {
        let ours = false;
        try {
          ours = await landed(item, gateway);
        } catch {
          // reported as the conflict it is
        }
        record(ours ? { item, ok: true } : { item, ok: false, error: changedMessage(item) });
        return;
      }
      const err = e as { statusCode?: number; code?: string; message?: string };
      record({ item, ok: false, error: `${err.statusCode ? `HTTP ${err.statusCode} ` : ''}${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}` });
    }
  };
  const phase = (i: PlanItem) => PHASE[i.type.toLowerCase()] ?? 4;
  const concurrency = options.concurrency ?? 4;
  const writes = items.filter((i) => i.action === 'create' || i.action === 'update');
  const deletes = items.filter((i) => i.action === 'delete');
  // Saved searches in a lane per workspace, written one at a time; the lanes side by side, beside the other writes.
  const carryOut = async (batch: readonly PlanItem[]) => {
    const searches = new Set(batch.filter((i) => isSavedSearch(i.type)));
    const lanes = [...groupBy([...searches], (i) => workspaceOf(i.id)).values()];
    await Promise.all([pool(lanes, concurrency, (lane) => pool(lane, 1, run)), pool(batch.filter((i) => !searches.has(i)), concurrency, run)]);
  };
  for (const p of PHASES) await carryOut(writes.filter((i) => phase(i) === p));
  for (const p of [...PHASES].reverse()) await carryOut(deletes.filter((i) => phase(i) === p));
  return results;
}
