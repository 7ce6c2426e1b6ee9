import type { TokenCredential } from '@azure/core-auth';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { tool, type ToolProblem } from '../diagnostics/tool.js';
import { generateFromServices, type Generation } from '../generate/index.js';
import { applyPlan, type ApplyResult } from '../apply/apply.js';
import { sdkGateway, type ArmGateway } from '../apply/arm.js';
import { credentialFor, endpointFor } from '../apply/connect.js';
import { ResolveError, type SecretReader, type Target, type UnreadSecrets } from '../apply/desired.js';
import { acquireLock, currentLease, LockError, type LeaseInfo, type LockOptions } from '../apply/lock.js';
import { lockLocation, planDeployment, samePlan } from '../apply/index.js';
import type { PlanItem } from '../apply/plan.js';
import { planCounts } from '../apply/report.js';
import { loadAndValidate } from './validate.js';

/** Where and how `plan` and `apply` reach Azure. */
export interface DeployOptions {
  /** Where the alert rules, action groups and workbooks go (the SLI and KPI functions go to the workspace). */
  readonly resourceGroup: string;
  /** Default: the subscription of the first service's workspace. */
  readonly subscription?: string;
  /** Also delete the resources azslo manages for these services that the specs no longer declare. */
  readonly prune?: boolean;
  /** A cloud of catalog/azure/clouds.yaml: AzureCloud (default), AzureChinaCloud, AzureUSGovernment. */
  readonly cloud?: string;
  /** Any other Resource Manager endpoint (https), e.g. a test's; the cloud still gives the login authority. */
  readonly endpoint?: string;
  /** Default: DefaultAzureCredential for the cloud's authority (loaded only then). */
  readonly credential?: TokenCredential;
  /** An extra trusted CA (PEM) for the endpoint; outside tests NODE_EXTRA_CA_CERTS does this. */
  readonly ca?: string;
  /** Where `${env:…}` secrets are read; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Reads Key Vault references; without it they are refused (reason 'resolve'). */
  readonly readSecret?: SecretReader;
  /** Talk to this gateway instead of the Azure SDK clients (credential, ca, cloud and endpoint then unused). */
  readonly gateway?: ArmGateway;
}

export type PlanCounts = Record<PlanItem['action'] | 'drift', number>;

/** A plan: per resource what apply would do, and the counts. */
export interface PlanView {
  readonly target: Target;
  readonly items: readonly PlanItem[];
  readonly counts: PlanCounts;
  /** Creates, updates and deletes. */
  readonly pending: number;
  /** The warnings of validation and generation (the specs are valid; these are worth a look). */
  readonly warnings: readonly Diagnostic[];
  /**
   * plan only: the secrets it could not read (an unset `${env:…}`, a Key Vault reference), each a parameter and why
   * (AZSLO051). Their values are not compared; apply refuses to start without them.
   */
  readonly unreadSecrets: readonly { readonly parameter: string; readonly problem: ToolProblem }[];
}

/** Why plan or apply stopped before changing anything. `message` is a sentence for `azslo: <message>`. */
export type DeployFailure =
  /** Invalid specs, or a deployment past an ARM limit: the diagnostics (validation's, then generation's errors). */
  | { readonly ok: false; readonly reason: 'invalid'; readonly diagnostics: readonly Diagnostic[] }
  /** An unknown cloud or a bad endpoint: a usage error (AZSLO050). */
  | { readonly ok: false; readonly reason: 'usage'; readonly message: string; readonly problem: ToolProblem }
  /** A parameter apply cannot resolve, an unset environment variable or a Key Vault reference (AZSLO051). */
  | { readonly ok: false; readonly reason: 'resolve'; readonly message: string; readonly problem: ToolProblem }
  /** Reading the current state from Azure failed. */
  | { readonly ok: false; readonly reason: 'azure'; readonly message: string };

export type PlanCommandResult =
  | (PlanView & {
      readonly ok: true;
      readonly generation: Generation;
      /** An azslo apply holding the resource group's lock right now: this plan may change. */
      readonly running?: LeaseInfo;
    })
  | DeployFailure;

export interface ApplyCommandOptions extends DeployOptions {
  /** Called with the plan once it is made, before anything changes (the CLI prints it). */
  readonly onPlan?: (plan: PlanView) => void;
  /** Asked when changes are pending; false cancels. Absent: go ahead (the CLI's --yes). */
  readonly confirm?: (plan: PlanView) => boolean | Promise<boolean>;
  /** Each resource's result as it comes, with how many of the pending changes are done. */
  readonly onResult?: (result: ApplyResult, progress: { readonly done: number; readonly total: number }) => void;
  /** The apply lock's settings (tests shorten its settle wait). */
  readonly lock?: Omit<LockOptions, 'location'>;
  /** Requests at a time (default 4; saved searches one at a time whatever this says). */
  readonly concurrency?: number;
}

export type ApplyCommandResult =
  | (PlanView & {
      readonly ok: true;
      readonly generation: Generation;
      /** One per change carried out; none when nothing was pending. */
      readonly results: readonly ApplyResult[];
      readonly failed: number;
      /** Releasing the apply lock went wrong (the lease then expires by itself). */
      readonly warning?: string;
    })
  | DeployFailure
  | (PlanView & { readonly ok: false; readonly reason: 'cancelled' })
  /** The apply lock could not be taken (another apply holds it, or writing it failed): nothing changed. */
  | (PlanView & { readonly ok: false; readonly reason: 'lock'; readonly message: string })
  /** Under the lock, the plan differs from the one shown (or reading it failed): nothing changed. */
  | (PlanView & { readonly ok: false; readonly reason: 'changed' | 'azure'; readonly message: string; readonly warning?: string });

const azureMessage = (e: unknown): string => {
  const err = e as { statusCode?: number; message?: string };
  return `${err.statusCode ? `HTTP ${err.statusCode} ` : ''}${err.message ?? String(e)}`;
};

interface Connected {
  readonly generation: Generation;
  readonly gateway: ArmGateway;
  readonly target: Target;
  readonly view: PlanView;
}

/** Validate, generate, connect, plan: what plan and apply share; plan (`readsOnly`) goes on without the secrets. */
async function connectAndPlan(inputs: readonly string[], options: DeployOptions, readsOnly = false): Promise<Connected | DeployFailure> {
  const validation = await loadAndValidate(inputs);
  if (!validation.ok) return { ok: false, reason: 'invalid', diagnostics: validation.diagnostics.filter((d) => d.severity === 'error') };
  const generation = generateFromServices(validation.services);
  if (hasErrors(generation.diagnostics)) return { ok: false, reason: 'invalid', diagnostics: generation.diagnostics };
  const subscriptionId = options.subscription ?? generation.services[0]!.azure.workspace.split('/')[2]!;
  let gateway = options.gateway;
  if (!gateway) {
    const endpoint = endpointFor(options.cloud ?? 'AzureCloud', options.endpoint);
    if (!endpoint.ok) return { ok: false, reason: 'usage', message: endpoint.message, problem: tool.usage(endpoint.message) };
    gateway = sdkGateway({
      credential: options.credential ?? (await credentialFor(endpoint.authorityHost)),
      subscriptionId,
      endpoint: endpoint.url,
      ...(options.ca ? { ca: options.ca } : {}),
    });
  }
  const target: Target = { subscriptionId, resourceGroup: options.resourceGroup };
  const warnings = [...validation.diagnostics, ...generation.diagnostics].filter((d) => d.severity !== 'error');
  const planned = await planOnce(generation, gateway, target, options, warnings, readsOnly);
  if (!planned.ok) return planned;
  return { generation, gateway, target, view: planned.view };
}

const planItems = async (generation: Generation, gateway: ArmGateway, target: Target, options: DeployOptions, unreadSecrets?: UnreadSecrets): Promise<PlanItem[]> =>
  planDeployment({ generation, gateway, target, prune: options.prune === true, ...(options.env ? { env: options.env } : {}), ...(options.readSecret ? { readSecret: options.readSecret } : {}), ...(unreadSecrets ? { unreadSecrets } : {}) });

async function planOnce(generation: Generation, gateway: ArmGateway, target: Target, options: DeployOptions, warnings: readonly Diagnostic[], readsOnly: boolean): Promise<{ ok: true; view: PlanView } | DeployFailure> {
  let items: PlanItem[];
  const unread = new Map<string, ToolProblem>();
  try {
    items = await planItems(generation, gateway, target, options, readsOnly ? { mark: true, unread: (parameter, problem) => unread.set(parameter, problem) } : undefined);
  } catch (e) {
    if (e instanceof ResolveError) return { ok: false, reason: 'resolve', message: e.message, problem: e.problem };
    return { ok: false, reason: 'azure', message: `reading the current state from Azure failed: ${azureMessage(e)}` };
  }
  const counts = planCounts(items);
  const unreadSecrets = [...unread].map(([parameter, problem]) => ({ parameter, problem }));
  return { ok: true, view: { target, items, counts, pending: counts.create + counts.update + counts.delete, warnings, unreadSecrets } };
}

/**
 * `azslo plan`: what apply would create, update or delete in Azure for these specs. Reads only, and needs no secret:
 * one it cannot read is not compared (`unreadSecrets`, SECRET_NOT_COMPARED in the items), so that a pull request
 * without production secrets can be planned.
 */
export async function planCommand(inputs: readonly string[], options: DeployOptions): Promise<PlanCommandResult> {
  const c = await connectAndPlan(inputs, options, true);
  if ('ok' in c) return c;
  const running = await currentLease(c.gateway, c.target).catch(() => undefined);
  return { ok: true, generation: c.generation, ...c.view, ...(running ? { running } : {}) };
}

/**
 * `azslo apply`: plans, asks `confirm`, takes the resource group's apply lock, plans again under it and refuses
 * when Azure changed since the plan was shown; then makes the changes (functions and action groups first, the
 * workbook last) and releases the lock. Conflicts (resources azslo does not own) are reported, never overwritten.
 */
export async function applyCommand(inputs: readonly string[], options: ApplyCommandOptions): Promise<ApplyCommandResult> {
  const c = await connectAndPlan(inputs, options);
  if ('ok' in c) return c;
  const { generation, gateway, target } = c;
  let view = c.view;
  options.onPlan?.(view);
  if (view.pending === 0) return { ok: true, generation, ...view, results: [], failed: 0 };
  if (options.confirm && !(await options.confirm(view))) return { ok: false, reason: 'cancelled', ...view };
  // The resource group's apply lock (src/apply/lock.ts), then the plan again under it: what is applied is what was
  // shown, or nothing.
  let lease;
  try {
    lease = await acquireLock(gateway, target, { ...options.lock, location: lockLocation(generation, target, options.env, options.readSecret) });
  } catch (e) {
    const message = e instanceof LockError ? e.message : `taking the apply lock failed: ${azureMessage(e)}; nothing was changed`;
    return { ok: false, reason: 'lock', message, ...view };
  }
  let outcome: { ok: true; results: ApplyResult[] } | { ok: false; reason: 'changed' | 'azure'; message: string };
  let warning: string | undefined;
  try {
    try {
      const again = await planItems(generation, gateway, target, options);
      if (!samePlan(again, view.items)) {
        outcome = { ok: false, reason: 'changed', message: 'Azure changed since the plan was shown (another apply or an edit finished meanwhile); nothing was changed — run apply again to see the new plan' };
      } else {
        // The same changes as shown (counts are the shown plan's); the items read under the lock carry the ETags.
        view = { ...view, items: again };
        let done = 0;
        const total = view.pending;
        const results = await applyPlan([...view.items], gateway, {
          lease,
          ...(options.concurrency ? { concurrency: options.concurrency } : {}),
          onResult: (r) => options.onResult?.(r, { done: ++done, total }),
        });
        outcome = { ok: true, results };
      }
    } catch (e) {
      outcome = { ok: false, reason: 'azure', message: `reading the current state from Azure failed: ${azureMessage(e)}; nothing was changed` };
    }
  } finally {
    warning = await lease.release();
  }
  const w = warning ? { warning } : {};
  if (!outcome.ok) return { ...view, ...outcome, ...w };
  return { ok: true, generation, ...view, results: outcome.results, failed: outcome.results.filter((r) => !r.ok).length, ...w };
}
