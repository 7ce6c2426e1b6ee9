import type { ArmGateway } from './arm.js';
import type { PlanItem } from './plan.js';
import { mapLimit } from './pool.js';

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
  'microsoft.insights/actiongroups': 0,
  'microsoft.insights/scheduledqueryrules': 1,
  'microsoft.insights/metricalerts': 1,
  'microsoft.insights/activitylogalerts': 1,
  'microsoft.insights/workbooks': 2,
};

const pool = async <T>(items: readonly T[], limit: number, run: (t: T) => Promise<void>): Promise<void> => {
  await mapLimit(items, limit, run);
};

/**
 * Carries out a plan with bounded concurrency. Saved searches go one at a time (concurrent writes to one
 * workspace's saved searches can fail); a failure is reported per resource and what succeeded stays.
 */
export async function applyPlan(items: readonly PlanItem[], gateway: ArmGateway, options: { concurrency?: number; onResult?: (r: ApplyResult) => void } = {}): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  const record = (r: ApplyResult) => {
    results.push(r);
    options.onResult?.(r);
  };
  const run = async (item: PlanItem) => {
    try {
      if (item.action === 'delete') await gateway.delete(item.type, item.id, item.apiVersion);
      else await gateway.put(item.type, item.id, item.apiVersion, item.desired!.body);
      record({ item, ok: true });
    } catch (e) {
      const err = e as { statusCode?: number; code?: string; message?: string };
      record({ item, ok: false, error: `${err.statusCode ? `HTTP ${err.statusCode} ` : ''}${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}` });
    }
  };
  const phase = (i: PlanItem) => PHASE[i.type.toLowerCase()] ?? 1;
  const writes = items.filter((i) => i.action === 'create' || i.action === 'update');
  const deletes = items.filter((i) => i.action === 'delete');
  for (const p of [0, 1, 2]) {
    const batch = writes.filter((i) => phase(i) === p);
    const searches = batch.filter((i) => i.type.toLowerCase().endsWith('/savedsearches'));
    await Promise.all([pool(searches, 1, run), pool(batch.filter((i) => !searches.includes(i)), options.concurrency ?? 4, run)]);
  }
  for (const p of [2, 1, 0]) await pool(deletes.filter((i) => phase(i) === p), options.concurrency ?? 4, run);
  return results;
}
