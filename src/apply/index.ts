import type { Generation } from '../generate/index.js';
import { applyPlan, type ApplyResult } from './apply.js';
import type { ArmGateway } from './arm.js';
import { desiredState, type SecretReader, type Target } from './desired.js';
import { plan, type PlanItem } from './plan.js';

export type { ApplyResult } from './apply.js';
export type { ArmGateway, GatewayOptions } from './arm.js';
export { sdkGateway } from './arm.js';
export type { DesiredResource, Target } from './desired.js';
export { ResolveError } from './desired.js';
export type { PlanItem } from './plan.js';

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

/** Plans, then carries the plan out; conflicts are reported, never overwritten. */
export async function applyDeployment(req: PlanRequest & { concurrency?: number; onResult?: (r: ApplyResult) => void }): Promise<{ plan: PlanItem[]; results: ApplyResult[] }> {
  const items = await planDeployment(req);
  const results = await applyPlan(items, req.gateway, { ...(req.concurrency ? { concurrency: req.concurrency } : {}), ...(req.onResult ? { onResult: req.onResult } : {}) });
  return { plan: items, results };
}
