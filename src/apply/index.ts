import type { Generation } from '../generate/index.js';
import { applyPlan, type ApplyResult } from './apply.js';
import type { ArmGateway } from './arm.js';
import { desiredState, liveReferences, type DesiredResource, type LiveValues, type SecretReader, type Target, type UnreadSecrets } from './desired.js';
import { acquireLock, type LockOptions } from './lock.js';
import { plan, type PlanItem } from './plan.js';

export type { ApplyResult } from './apply.js';
export type { ArmGateway, ArmResourceState, Conditions, GatewayOptions } from './arm.js';
export { sdkGateway } from './arm.js';
export type { DesiredResource, Target, UnreadSecrets } from './desired.js';
export { ResolveError, SECRET_NOT_COMPARED } from './desired.js';
export { APPLIED_TAG } from './drift.js';
export type { Lease, LeaseInfo, LockOptions } from './lock.js';
export { LockError, acquireLock, currentLease, lockId } from './lock.js';
export type { Change, PlanItem } from './plan.js';

export interface PlanRequest {
  readonly generation: Generation;
  readonly gateway: ArmGateway;
  readonly target: Target;
  /** Also delete resources azslo manages for these services that the specs no longer declare. */
  readonly prune?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly readSecret?: SecretReader;
  /** A secret that cannot be read: refused (default; apply must write it) or marked and not compared (plan). */
  readonly unreadSecrets?: UnreadSecrets;
}

/**
 * The deploy-time values the deployment's bodies read from its other resources, as ARM holds them now: a managed
 * identity's principalId from the resource's GET, a Logic App trigger's callback URL from listCallbackUrl. A resource
 * that does not exist yet gives none (its readers stay pending until apply has written it).
 */
async function readLive(req: PlanRequest): Promise<LiveValues> {
  const deployment = req.generation.deployment;
  const first = desiredState(deployment, req.target, req.env, req.readSecret, undefined, req.unreadSecrets);
  const idOf = new Map(first.map((d) => [d.key, d]));
  const refs = liveReferences(deployment);
  const bodies = new Map<string, Record<string, unknown> | undefined>();
  for (const key of new Set([...refs.properties.map((r) => r.key), ...refs.callbackUrls.map((r) => r.key)])) {
    const d = idOf.get(key);
    bodies.set(key, d ? (await req.gateway.get(d.type, d.id, d.apiVersion))?.body : undefined);
  }
  const urls = new Map<string, string | undefined>();
  for (const ref of refs.callbackUrls) {
    const d = idOf.get(ref.key);
    if (!d || !bodies.get(ref.key)) continue;
    const answer = (await req.gateway.invoke('POST', `${d.id}/triggers/${ref.trigger}/listCallbackUrl`, d.apiVersion)) as { value?: string } | undefined;
    urls.set(`${ref.key}|${ref.trigger}`, answer?.value);
  }
  return {
    property: (key, path) => path.reduce<unknown>((v, p) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined), bodies.get(key)) ?? undefined,
    callbackUrl: (key, trigger) => urls.get(`${key}|${trigger}`),
  };
}

async function desiredNow(req: PlanRequest): Promise<DesiredResource[]> {
  const needsLive = liveReferences(req.generation.deployment);
  const live = needsLive.properties.length + needsLive.callbackUrls.length > 0 ? await readLive(req) : undefined;
  return desiredState(req.generation.deployment, req.target, req.env, req.readSecret, live, req.unreadSecrets);
}

/** What apply would change in Azure for these services. Reads only. */
export async function planDeployment(req: PlanRequest): Promise<PlanItem[]> {
  const desired = await desiredNow(req);
  return plan(desired, req.gateway, {
    target: req.target,
    prune: req.prune ?? false,
    services: req.generation.services.map((s) => s.name),
    workspaces: [...new Set(req.generation.services.map((s) => s.azure.workspace))],
  });
}

export const pendingIn = (items: readonly PlanItem[]) => items.some((i) => i.action === 'create' || i.action === 'update' || i.action === 'delete');

/** Whether two plans would do the same: the same changes and conflicts, resource by resource, in the same order. */
export function samePlan(a: readonly PlanItem[], b: readonly PlanItem[]): boolean {
  const shown = (xs: readonly PlanItem[]) => JSON.stringify(xs.filter((i) => pendingIn([i]) || i.action === 'conflict').map((i) => [i.action, i.id, i.changes.map((c) => [c.path, c.from, c.to])]));
  return shown(a) === shown(b);
}

/** The region of the lock workbook: the deployment's workbook's, else any regional resource's. */
export function lockLocation(generation: Generation, target: Target, env?: NodeJS.ProcessEnv, readSecret?: SecretReader): string {
  const desired: DesiredResource[] = desiredState(generation.deployment, target, env, readSecret);
  const regional = (d: DesiredResource) => typeof d.body.location === 'string' && d.body.location.toLowerCase() !== 'global';
  const pick = desired.find((d) => d.type.toLowerCase() === 'microsoft.insights/workbooks' && regional(d)) ?? desired.find(regional);
  return pick ? String(pick.body.location) : 'westeurope';
}

/**
 * Plans, then carries the plan out; conflicts are reported, never overwritten. When something is pending, apply
 * takes the resource group's lock (lock.ts), plans again under it and carries out that plan; the lock is released
 * at the end. `lock: false` skips the lock (single writer known, or a test of what it protects against).
 */
export async function applyDeployment(
  req: PlanRequest & { concurrency?: number; onResult?: (r: ApplyResult) => void; lock?: Omit<LockOptions, 'location'> | false },
): Promise<{ plan: PlanItem[]; results: ApplyResult[]; warning?: string }> {
  // An item that reads values of resources written earlier in this apply gets them just before its own write.
  const refresh = async (item: PlanItem): Promise<PlanItem> => {
    const now = (await desiredNow(req)).find((d) => d.id === item.id);
    return now ? { ...item, desired: now } : item;
  };
  const options = { refresh, ...(req.concurrency ? { concurrency: req.concurrency } : {}), ...(req.onResult ? { onResult: req.onResult } : {}) };
  const first = await planDeployment(req);
  if (!pendingIn(first)) return { plan: first, results: [] };
  if (req.lock === false) return { plan: first, results: await applyPlan(first, req.gateway, options) };
  const lease = await acquireLock(req.gateway, req.target, { ...req.lock, location: lockLocation(req.generation, req.target, req.env, req.readSecret) });
  let items: PlanItem[];
  let results: ApplyResult[];
  let warning: string | undefined;
  try {
    items = await planDeployment(req);
    results = await applyPlan(items, req.gateway, { ...options, lease });
  } finally {
    warning = await lease.release();
  }
  return { plan: items, results, ...(warning ? { warning } : {}) };
}
