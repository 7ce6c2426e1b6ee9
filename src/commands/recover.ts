import { randomUUID } from 'node:crypto';
import { apiVersion } from '../catalog/index.js';
import { jobClient, runJob } from '../apply/automation.js';
import { credentialFor, endpointFor } from '../apply/connect.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { plansOf, runnerAccountId } from '../drplan/index.js';
import { loadAndValidate } from './validate.js';
import { didYouMean } from '../base/edit-distance.js';

export interface RecoverCommandOptions {
  /** The resource group the plans were deployed to (where azslo's Automation account is). */
  readonly resourceGroup: string;
  /** Default: the subscription of the service's workspace. */
  readonly subscription?: string;
  /** Which service, when several have a plan for the scenario. */
  readonly service?: string;
  readonly allowDataLoss?: boolean;
  readonly drill?: boolean;
  readonly dryRun?: boolean;
  readonly cloud?: string;
  readonly endpoint?: string;
  readonly credential?: import('@azure/core-auth').TokenCredential;
  readonly ca?: string;
  /** How often the job is polled (default 5 s; tests use less). */
  readonly pollMs?: number;
  /** Each line the runbook writes (one JSON line per step), as it arrives. */
  readonly onOutput?: (line: string) => void;
}

export type RecoverCommandResult =
  | { readonly ok: true; readonly job: string; readonly runbook: string; readonly account: string; readonly status: string; readonly exception: string | undefined; readonly output: readonly string[] }
  | { readonly ok: false; readonly reason: 'invalid'; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly reason: 'usage' | 'azure'; readonly message: string };

/**
 * `azslo recover`: starts a service's DR plan for a scenario as a job of its Automation account, on demand — with
 * -AllowDataLoss only when asked (an approver's decision), as a drill, or as a dry run that changes nothing — and
 * follows it to the end, passing each step's JSON line on as it comes.
 */
export async function recoverCommand(inputs: readonly string[], scenario: string, options: RecoverCommandOptions): Promise<RecoverCommandResult> {
  const validation = await loadAndValidate(inputs);
  if (!validation.ok) return { ok: false, reason: 'invalid', diagnostics: validation.diagnostics };
  const { buildServiceModel } = await import('../model/service.js');
  const planned = validation.services
    .filter((s) => options.service === undefined || s.spec.metadata.name === options.service)
    .map((s) => buildServiceModel(s.spec))
    .map((service) => ({ service, plans: plansOf(service).plans }));
  const candidates = planned.map(({ service, plans }) => ({ service, plan: plans.find((p) => p.scenario === scenario) })).filter((x) => x.plan);
  const known = planned.flatMap((x) => x.plans.map((p) => p.scenario));
  if (candidates.length === 0) return { ok: false, reason: 'usage', message: `no service${options.service ? ` '${options.service}'` : ''} has a recovery plan for '${scenario}'${didYouMean(scenario, known)} (recovery.plans in its spec; \`azslo analyze\` lists the scenarios)` };
  if (candidates.length > 1) return { ok: false, reason: 'usage', message: `several services have a plan for '${scenario}' (${candidates.map((c) => c.service.name).join(', ')}): name one with --service` };
  const { service, plan } = candidates[0]!;
  if (!plan!.onDemand) return { ok: false, reason: 'usage', message: `the plan ${scenario} of ${service.name} is not to be started on demand (recovery.plans[].trigger.onDemand: false)` };
  if (options.drill && options.allowDataLoss) return { ok: false, reason: 'usage', message: 'a drill takes only loss-free paths: --drill and --allow-data-loss exclude each other' };
  const where = endpointFor(options.cloud ?? 'AzureCloud', options.endpoint);
  if (!where.ok) return { ok: false, reason: 'usage', message: where.message };
  const subscriptionId = options.subscription ?? service.azure.workspace.split('/')[2]!;
  const account = runnerAccountId(service, subscriptionId, options.resourceGroup);
  const credential = options.credential ?? (await credentialFor(where.authorityHost));
  const jobs = jobClient({ credential, subscriptionId, endpoint: where.url, ...(options.ca ? { ca: options.ca } : {}) }, apiVersion('Microsoft.Automation/automationAccounts'));
  // Automation passes runbook parameters as strings; a switch is set by 'True'.
  const parameters: Record<string, string> = {
    ...(options.allowDataLoss ? { AllowDataLoss: 'True' } : {}),
    ...(options.drill ? { Drill: 'True' } : {}),
    ...(options.dryRun ? { DryRun: 'True' } : {}),
  };
  const job = randomUUID();
  try {
    const r = await runJob(jobs, account, job, plan!.runbook, parameters, { ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}), ...(options.onOutput ? { onOutput: options.onOutput } : {}) });
    return { ok: true, job, runbook: plan!.runbook, account, status: r.status, exception: r.exception, output: r.output };
  } catch (e) {
    return { ok: false, reason: 'azure', message: (e as Error).message };
  }
}
