import type { GatewayOptions } from './arm.js';

/**
 * Runbook jobs of an Azure Automation account, through the core client of @azure/arm-resources (the same credential,
 * endpoint, trust store and retry policies as plan and apply): a job is created with PUT
 * …/automationAccounts/{account}/jobs/{job}, followed by GET until its status is final, and its output is read from
 * …/jobs/{job}/streams. Nothing else of Automation is needed to start a plan on demand.
 */
export const JOB_FINAL = new Set(['Completed', 'Failed', 'Stopped', 'Suspended']);

export interface JobStreamEntry {
  readonly id: string;
  readonly type: string;
  readonly text: string;
}

export interface JobClient {
  start(accountId: string, jobName: string, runbook: string, parameters: Readonly<Record<string, string>>): Promise<void>;
  status(accountId: string, jobName: string): Promise<{ status: string; exception: string | undefined }>;
  /** The job's streams (Output, Error, Warning…) in order; the list carries only a summary of each. */
  streams(accountId: string, jobName: string): Promise<JobStreamEntry[]>;
  /** One stream's full text. */
  streamText(accountId: string, jobName: string, streamId: string): Promise<string>;
}

type Json = Record<string, unknown>;

export function jobClient(o: GatewayOptions, apiVersion: string): JobClient {
  const client = (async () => {
    const { ResourceManagementClient } = await import('@azure/arm-resources');
    return new ResourceManagementClient(o.credential, o.subscriptionId, {
      endpoint: o.endpoint,
      ...(o.ca ? { tlsOptions: { ca: o.ca } } : {}),
      retryOptions: { maxRetries: o.maxRetries ?? 5, retryDelayInMs: o.retryDelayMs ?? 800, maxRetryDelayInMs: 30_000 },
    });
  })();
  const send = async (method: 'GET' | 'PUT', path: string, body?: Json): Promise<Json> => {
    const c = await client;
    const { createPipelineRequest, createHttpHeaders } = await import('@azure/core-rest-pipeline');
    const request = createPipelineRequest({
      url: `${o.endpoint.replace(/\/+$/, '')}${path}${path.includes('?') ? '&' : '?'}api-version=${apiVersion}`,
      method,
      headers: createHttpHeaders({ 'content-type': 'application/json' }),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const response = await c.sendRequest(request);
    const text = response.bodyAsText ?? '';
    const parsed = text ? (JSON.parse(text) as Json) : {};
    if (response.status >= 400) {
      const error = (parsed.error ?? {}) as { code?: string; message?: string };
      throw Object.assign(new Error(`${method} ${path}: ${response.status} ${error.code ?? ''} ${error.message ?? text}`.trim()), { statusCode: response.status });
    }
    return parsed;
  };
  return {
    async start(accountId, jobName, runbook, parameters) {
      await send('PUT', `${accountId}/jobs/${jobName}`, { properties: { runbook: { name: runbook }, parameters } });
    },
    async status(accountId, jobName) {
      const job = await send('GET', `${accountId}/jobs/${jobName}`);
      const props = (job.properties ?? {}) as { status?: string; exception?: string };
      return { status: props.status ?? 'New', exception: props.exception || undefined };
    },
    async streams(accountId, jobName) {
      const answer = await send('GET', `${accountId}/jobs/${jobName}/streams`);
      const value = (answer.value ?? []) as { id?: string; properties?: { streamType?: string; summary?: string; streamText?: string; jobStreamId?: string } }[];
      return value.map((s, i) => ({ id: s.properties?.jobStreamId ?? s.id?.split('/').pop() ?? String(i), type: s.properties?.streamType ?? 'Output', text: s.properties?.summary ?? '' }));
    },
    async streamText(accountId, jobName, streamId) {
      const s = await send('GET', `${accountId}/jobs/${jobName}/streams/${streamId}`);
      const props = (s.properties ?? {}) as { streamText?: string; summary?: string };
      return props.streamText ?? props.summary ?? '';
    },
  };
}

export interface FollowedJob {
  readonly status: string;
  readonly exception: string | undefined;
  /** Every line the job wrote to its Output streams, in order. */
  readonly output: readonly string[];
}

export interface FollowOptions {
  /** How often the job is polled (default 5 s). */
  readonly pollMs?: number;
  /** Waits between polls (default a timer); tests and the drill's clock pass their own. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Each Output line, as it arrives. */
  readonly onOutput?: (line: string) => void;
}

/**
 * Follows a started job to its final status (Completed, Failed, Stopped, Suspended), reading each Output stream once
 * and passing its lines on as they come: how `azslo recover` and `azslo drill` watch a plan's runbook.
 */
export async function followJob(jobs: JobClient, accountId: string, jobName: string, options: FollowOptions = {}): Promise<FollowedJob> {
  const output: string[] = [];
  const seen = new Set<string>();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (;;) {
    const { status, exception } = await jobs.status(accountId, jobName);
    for (const s of await jobs.streams(accountId, jobName)) {
      if (seen.has(s.id) || s.type !== 'Output') continue;
      seen.add(s.id);
      for (const line of (await jobs.streamText(accountId, jobName, s.id)).split('\n').filter((l) => l.trim() !== '')) {
        output.push(line);
        options.onOutput?.(line);
      }
    }
    if (JOB_FINAL.has(status)) return { status, exception, output };
    await sleep(options.pollMs ?? 5000);
  }
}

/** Starts a runbook as a job (string parameters, as Automation passes them) and follows it to the end. */
export async function runJob(jobs: JobClient, accountId: string, jobName: string, runbook: string, parameters: Readonly<Record<string, string>>, options: FollowOptions = {}): Promise<FollowedJob> {
  await jobs.start(accountId, jobName, runbook, parameters);
  return followJob(jobs, accountId, jobName, options);
}
