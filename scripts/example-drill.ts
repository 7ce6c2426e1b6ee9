/**
 * Records a real drill of examples/resilient-api into examples/_drills/ (`npm run examples:drill`): the local ARM
 * endpoint of the tests (test/helpers/arm-drill.ts: Chaos Studio, alerts, alert processing rules, log queries, and
 * Automation jobs that run the published runbook under the real PowerShell) plays the payments estate; the real apply
 * deploys the example's generation to it; `drillCommand` (the library behind `azslo drill`) drills the plan
 * regionOutage/westeurope and writes the report as JSON, Markdown and HTML. What the emulator decides, as a workspace
 * and Azure Monitor would: the page alert of api-availability fires a few seconds after the experiment starts, and the
 * SLI is bad until the Failover job has completed. The times in the report are the run's own: a recorded run, not a
 * golden; rerunning it replaces the report.
 */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyDeployment, sdkGateway } from '../src/apply/index.js';
import { drillCommand } from '../src/commands/drill.js';
import { deployedAlertRules } from '../src/resources/deployed-alerts.js';
import { generationOf, testCredential } from '../test/helpers/apply.js';
import type { ArmEmulator } from '../test/helpers/arm-emulator.js';
import { startDrillEmulator } from '../test/helpers/arm-drill.js';
import { seedFrontDoor } from '../test/helpers/arm-recovery.js';
import { pwsh } from '../test/helpers/pwsh.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SPEC = 'examples/resilient-api/payments.yaml';
const SCENARIO = 'regionOutage/westeurope';
const OUT = path.join(root, 'examples', '_drills');
/** The example's subscription (every resource id of the spec is in it). */
const SUB = '00000000-0000-0000-0000-000000000006';
/** Where the service's monitoring is deployed: beside its workspace. */
const RG = 'rg-pay-monitoring';
/** Fixed, so that the report's file names (`<time>-<id first 8>`) and its jobs' names are stable from run to run. */
const DRILL_ID = '7d1e5a90-3c4b-4f2a-9e86-50b1c2d3e4f5';
/** The page alert fires this long after the experiment starts: the burn-rate rule's evaluation, played short. */
const DETECT_AFTER_MS = 3000;
const POLL_MS = 500;

async function main(): Promise<number> {
  if (!pwsh()) {
    console.error('PowerShell is missing (npm run install-pwsh): the drill runs the plan\'s runbook under it');
    return 2;
  }
  const generation = generationOf(readFileSync(path.join(root, SPEC), 'utf8'));
  const service = generation.services[0]!;

  // Jobs run what apply published to the account: the runbook as deployed, not a second rendering of it.
  let armRef: ArmEmulator | undefined;
  const { arm, recovery, drill, jobs } = await startDrillEmulator({
    recovery: { operationPolls: 1, retryAfterSeconds: 0, acceptTokens: ['test-token'] },
    jobs: { content: (a, runbook) => armRef?.runbooks.get(`${a}/runbooks/${runbook}`.toLowerCase())?.published },
  });
  armRef = arm;
  try {
    // The estate the plan's steps call: the geo-replication link on both servers, and Front Door's origin group.
    const servers = `/subscriptions/${SUB}/resourceGroups/rg-pay-data/providers/Microsoft.Sql/servers`;
    const link = '3f2b8c1e-7d4a-4e5b-9a6c-0b1d2e3f4a5b';
    const side = (server: string, partner: string, role: string, partnerRole: string, partnerLocation: string) =>
      recovery.put(`${servers}/${server}/databases/paymentsdb/replicationLinks/${link}`, {
        properties: { partnerServer: partner, partnerDatabase: 'paymentsdb', partnerLocation, role, partnerRole, replicationMode: 'ASYNC', startTime: '2026-11-01T00:00:00Z', percentComplete: 100, replicationState: 'CATCH_UP', isTerminationAllowed: true, linkType: 'GEO' },
      });
    side('sql-payments', 'sql-payments-neu', 'Primary', 'Secondary', 'North Europe');
    side('sql-payments-neu', 'sql-payments', 'Secondary', 'Primary', 'West Europe');
    seedFrontDoor(recovery, {
      subscriptionId: SUB,
      resourceGroup: 'rg-pay-edge',
      profile: 'afd-payments',
      originGroup: 'og-payments-api',
      origins: [
        { name: 'app-payments-weu', hostName: 'app-payments-weu.azurewebsites.net', priority: 1 },
        { name: 'app-payments-neu', hostName: 'app-payments-neu.azurewebsites.net', priority: 1 },
      ],
    });

    // Everything generate deploys for the example, written by the real apply.
    const gateway = sdkGateway({ credential: testCredential, subscriptionId: SUB, endpoint: arm.endpoint, ca: arm.ca, maxRetries: 0 });
    const applied = await applyDeployment({ generation, gateway, target: { subscriptionId: SUB, resourceGroup: RG }, lock: { settleMs: 10 } });
    const failed = applied.results.filter((x) => !x.ok);
    if (failed.length) throw new Error(`apply failed: ${JSON.stringify(failed.map((x) => x.error))}`);

    // Azure Monitor: the page burn-rate alert of api-availability fires once the app is down for a while.
    const page = deployedAlertRules(generation.deployment, service.slug).find((r) => r.kind === 'burn-rate' && r.slo === 'api-availability' && r.alert === 'page');
    if (!page) throw new Error('the example deploys no page alert for api-availability');
    const pageRule = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/${page.type}/${page.name}`;
    drill.onExperimentStart(() => void setTimeout(() => drill.fireAlert({ ruleId: pageRule }), DETECT_AFTER_MS).unref());
    // The workspace: requests fail while the westeurope app is stopped and Front Door still sends it traffic; once the
    // Failover job has completed (the origin disabled, the database moved), they succeed.
    const failover = () => [...jobs!.jobs.values()].find((j) => j.id === DRILL_ID);
    drill.answerQueries(() => {
      const recovered = failover()?.status === 'Completed';
      return { columns: [{ name: 'Good', type: 'long' }, { name: 'Total', type: 'long' }], rows: [recovered ? [29_992, 30_000] : [14_870, 30_000]] };
    });

    rmSync(path.join(OUT, service.name), { recursive: true, force: true });
    rmSync(path.join(OUT, '.journal'), { recursive: true, force: true });
    const started = Date.now();
    const result = await drillCommand([path.join(root, SPEC)], SCENARIO, {
      resourceGroup: RG,
      subscription: SUB,
      endpoint: arm.endpoint,
      ca: arm.ca,
      credential: testCredential,
      pollMs: POLL_MS,
      out: OUT,
      id: DRILL_ID,
      onEvent: (e) => console.log(`${e.at}  ${e.kind.padEnd(8)} ${e.text}`),
    });
    // The journal is deleted once everything is restored; its emptied folder is not part of the record.
    rmSync(path.join(OUT, '.journal'), { recursive: true, force: true });
    if (!result.ok) {
      console.error(`drill: ${result.reason === 'invalid' ? result.diagnostics.map((d) => d.message).join('; ') : result.message}`);
      return 1;
    }
    if (!result.report) throw new Error('the drill was not run (not due?)');
    console.log(`\n${result.report.outcome}: ${result.report.reason} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    for (const f of result.files) console.log(`wrote ${path.relative(root, f)}`);
    return result.report.outcome === 'passed' ? 0 : 1;
  } finally {
    await arm.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
