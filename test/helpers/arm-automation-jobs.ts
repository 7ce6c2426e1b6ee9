/**
 * Azure Automation runbook jobs on the local ARM endpoint: PUT …/automationAccounts/{a}/jobs/{job} with
 * { properties: { runbook: { name }, parameters } } starts the runbook's content with the real PowerShell, as a cloud
 * job would (the job's managed identity environment, string parameters, switches set by 'True'); GET of the job shows
 * its status (New → Running → Completed | Failed) and exception; GET …/jobs/{job}/streams lists its Output and Error
 * streams with a summary, GET …/streams/{id} gives a stream's full text — the shapes of the Automation REST API
 * (Job_Create, Job_Get, JobStream_ListByJob, JobStream_Get). Nothing here reaches Azure.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Route } from './arm-emulator.js';
import { pwsh } from './pwsh.js';

export interface JobRecord {
  readonly id: string;
  readonly runbook: string;
  readonly parameters: Record<string, string>;
  status: 'New' | 'Running' | 'Completed' | 'Failed';
  exception: string | undefined;
  streams: { id: string; type: 'Output' | 'Error'; text: string }[];
}

export interface AutomationJobs {
  readonly route: Route;
  readonly jobs: Map<string, JobRecord>;
}

/**
 * `content(accountId, runbook)` gives the published content of a runbook (undefined: no such runbook, 404);
 * `env` is the job's environment (the managed identity endpoint of the recovery emulator).
 */
export function automationJobs(content: (accountId: string, runbook: string) => string | undefined, env: () => Record<string, string>, armEndpoint: () => string): AutomationJobs {
  const jobs = new Map<string, JobRecord>();
  const JOB = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Automation\/automationAccounts\/[^/]+)\/jobs\/([^/]+)(\/streams(?:\/([^/]+))?)?$/i;
  const run = (job: JobRecord, script: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'azslo-job-'));
    const file = path.join(dir, `${job.runbook}.ps1`);
    writeFileSync(file, script);
    const switches = ['AllowDataLoss', 'Drill', 'DryRun'].filter((s) => /^true$/i.test(job.parameters[s] ?? '')).map((s) => `-${s}`);
    const others = Object.entries(job.parameters).filter(([k]) => !['AllowDataLoss', 'Drill', 'DryRun'].includes(k)).flatMap(([k, v]) => [`-${k}`, v]);
    job.status = 'Running';
    const child = spawn(pwsh()!, ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', file, '-ArmEndpoint', armEndpoint(), ...switches, ...others], {
      env: { ...process.env, ...env(), AZSLO_SKIP_CERTIFICATE_CHECK: '1', AZSLO_POLL_SECONDS: '0', POWERSHELL_TELEMETRY_OPTOUT: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const l of lines) if (l.trim()) job.streams.push({ id: String(job.streams.length + 1), type: 'Output', text: l });
    });
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => {
      if (out.trim()) job.streams.push({ id: String(job.streams.length + 1), type: 'Output', text: out });
      if (err.trim()) job.streams.push({ id: String(job.streams.length + 1), type: 'Error', text: err });
      job.status = code === 0 ? 'Completed' : 'Failed';
      job.exception = code === 0 ? undefined : err.split('\n').find((l) => /stopped|Exception/i.test(l))?.trim() ?? `exit code ${code}`;
      rmSync(dir, { recursive: true, force: true });
    });
  };
  const route: Route = (request, reply) => {
    const m = JOB.exec(request.path);
    if (!m) return false;
    const [, account, name, streams, streamId] = m;
    const key = `${account}/jobs/${name}`.toLowerCase();
    const job = jobs.get(key);
    const jobBody = (j: JobRecord) => ({ id: `${account}/jobs/${name}`, name, type: 'Microsoft.Automation/AutomationAccounts/Jobs', properties: { jobId: j.id, runbook: { name: j.runbook }, parameters: j.parameters, status: j.status, exception: j.exception ?? null, provisioningState: j.status === 'Completed' || j.status === 'Failed' ? 'Succeeded' : 'Processing' } });
    if (request.method === 'PUT' && !streams) {
      if (job) return reply.error(409, 'Conflict', `job ${name} already exists`), true;
      const body = JSON.parse(request.body || '{}') as { properties?: { runbook?: { name?: string }; parameters?: Record<string, string> } };
      const runbook = body.properties?.runbook?.name ?? '';
      const script = content(account!, runbook);
      if (script === undefined) return reply.error(404, 'NotFound', `runbook ${runbook} not found`), true;
      const record: JobRecord = { id: name!, runbook, parameters: body.properties?.parameters ?? {}, status: 'New', exception: undefined, streams: [] };
      jobs.set(key, record);
      run(record, script);
      reply.send(201, jobBody(record));
      return true;
    }
    if (request.method !== 'GET') return false;
    if (!job) return reply.error(404, 'NotFound', `job ${name} not found`), true;
    if (!streams) reply.send(200, jobBody(job));
    else if (streamId === undefined) reply.send(200, { value: job.streams.map((s) => ({ id: `${account}/jobs/${name}/streams/${s.id}`, properties: { jobStreamId: s.id, streamType: s.type, summary: s.text.slice(0, 100) } })) });
    else {
      const s = job.streams.find((x) => x.id === streamId);
      if (!s) reply.error(404, 'NotFound', `stream ${streamId} not found`);
      else reply.send(200, { id: `${account}/jobs/${name}/streams/${s.id}`, properties: { jobStreamId: s.id, streamType: s.type, streamText: s.text, summary: s.text.slice(0, 100) } });
    }
    return true;
  };
  return { route, jobs };
}
