import type { Generation } from '../generate/index.js';
import { applyPlan, type ApplyResult } from './apply.js';
import type { ArmGateway } from './arm.js';
import { desiredState, type DesiredResource, type SecretReader, type Target } from './desired.js';
import { acquireLock, type LockOptions } from './lock.js';
import { plan, type PlanItem } from './plan.js';

export type { ApplyResult } from './apply.js';
export type { ArmGateway, ArmResourceState, Conditions, GatewayOptions } from './arm.js';
export { sdkGateway } from './arm.js';
export type { DesiredResource, Target } from './desired.js';
export { ResolveError } from './desired.js';
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
}

/** What apply would change in Azure for these services. Reads only. */
export async function planDeployment(req: PlanRequest): Promise<PlanItem[]> {
  const desired = desiredState(req.generation.deployment, req.target, req.env, req.readSecret);
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
  const options = { ...(req.concurrency ? { concurrency: req.concurrency } : {}), ...(req.onResult ? { onResult: req.onResult } : {}) };
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
