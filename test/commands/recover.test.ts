/**
 * `azslo recover` (the library command and the CLI) starts a DR plan on demand as a job of the service's Automation
 * account, through the real Azure SDK client against the local ARM endpoint, which runs the job's runbook with the
 * real PowerShell: the steps stream back as they run, the estate ends failed over, and the exit code says how the
 * job ended. Without --allow-data-loss the first data-losing step refuses and the job fails.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { recoverCommand } from '../../src/commands/recover.js';
import { plansOf, renderRunbook, runnerAccountId } from '../../src/drplan/index.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { run as cli } from '../../src/cli/main.js';
import { automationJobs } from '../helpers/arm-automation-jobs.js';
import { seedTwoRegionEstate, startRecoveryEmulator } from '../helpers/arm-recovery.js';
import { testCredential } from '../helpers/apply.js';
import { root } from '../helpers/bicep.js';
import { pwshTest } from '../helpers/pwsh.js';

const SPEC = 'test/fixtures/drplan/two-region.yaml';
const RG = 'rg-azslo';

async function estate() {
  const service = buildServiceModel(parse(readFileSync(path.join(root, SPEC), 'utf8')) as ServiceSpec);
  const plan = plansOf(service).plans[0]!;
  const account = runnerAccountId(service, '00000000-0000-0000-0000-00000000d1a5', RG);
  let endpoint = '';
  let env: () => Record<string, string> = () => ({});
  const jobs = automationJobs((a, name) => (a.toLowerCase() === account.toLowerCase() && name === plan.runbook ? renderRunbook(plan, []) : undefined), () => env(), () => endpoint);
  const { arm, recovery } = await startRecoveryEmulator({ routes: [jobs.route], recovery: { operationPolls: 1, retryAfterSeconds: 0, acceptTokens: ['test-token'] } });
  endpoint = arm.endpoint;
  env = () => recovery.env();
  const ids = seedTwoRegionEstate(recovery);
  return { arm, recovery, ids, jobs, plan };
}

pwshTest(test)('an approver starts the plan with --allow-data-loss: steps stream back and the estate fails over', async () => {
  const { arm, recovery, ids } = await estate();
  try {
    const seen: string[] = [];
    const cwd = process.cwd();
    process.chdir(root);
    const r = await recoverCommand([SPEC], 'regionOutage/westeurope', { resourceGroup: RG, allowDataLoss: true, endpoint: arm.endpoint, credential: testCredential, ca: arm.ca, pollMs: 100, onOutput: (l) => seen.push(l) }).finally(() => process.chdir(cwd));
    assert.ok(r.ok, JSON.stringify(r));
    if (!r.ok) return;
    assert.is(r.status, 'Completed', r.exception);
    const done = seen.map((l) => JSON.parse(l) as { resource?: string; result: string }).filter((x) => x.result === 'done').map((x) => x.resource);
    assert.equal(done, ['cosmos-shop', 'orders', 'pg-shop-1', 'stshopdata', 'afd-shop']);
    assert.is((recovery.get(ids.sql.onSecondary) as { properties: { replicationRole: string } }).properties.replicationRole, 'Primary');
  } finally {
    await arm.close();
  }
});

pwshTest(test)('the CLI without --allow-data-loss: the job refuses the first data-losing step, exits 1, and nothing fails over', async () => {
  const { arm, recovery } = await estate();
  const out: string[] = [];
  const err: string[] = [];
  try {
    const cwd = process.cwd();
    process.chdir(root);
    const code = await cli(['recover', SPEC, 'regionOutage/westeurope', '--resource-group', RG, '--arm-endpoint', arm.endpoint, '--poll-ms', '100'], { out: (s) => out.push(s), err: (s) => err.push(s) }, { credential: testCredential, ca: arm.ca }).finally(() => process.chdir(cwd));
    assert.is(code, 1, err.join('\n'));
    assert.ok(out.some((l) => /"result":"refused"/.test(l)), out.join('\n'));
    assert.match(err.join('\n'), /job .* Failed/);
    assert.equal(recovery.calls('cosmos.offlineRegion'), []);
  } finally {
    await arm.close();
  }
});

test('recover refuses what cannot be a plan: an unknown scenario, a drill with data loss', async () => {
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const unknown = await recoverCommand([SPEC], 'regionOutage/mars', { resourceGroup: RG, endpoint: 'https://127.0.0.1:1' });
    assert.equal([unknown.ok, !unknown.ok && unknown.reason], [false, 'usage']);
    const both = await recoverCommand([SPEC], 'regionOutage/westeurope', { resourceGroup: RG, drill: true, allowDataLoss: true, endpoint: 'https://127.0.0.1:1' });
    assert.ok(!both.ok && both.reason === 'usage' && /exclude each other/.test(both.message));
  } finally {
    process.chdir(cwd);
  }
});

test.run();
