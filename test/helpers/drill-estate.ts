/**
 * What the drill tests share: the two-region estate of test/fixtures/drill/drill-estate.yaml on the local ARM endpoint
 * with B's drill routes (Chaos Studio, alerts, processing rules, log queries) and Automation jobs that run the plan's
 * runbook under the real PowerShell; the drill's alert processing rule deployed disabled, a Chaos Studio experiment
 * (a body shaped as Microsoft.Chaos 2025-01-01 describes one) with its target and capability enabled, and a
 * DrillInput built the way `azslo drill` builds it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeService } from '../../src/analyze/index.js';
import { isoSeconds } from '../../src/base/durations.js';
import { apiVersion, fact } from '../../src/catalog/index.js';
import { applyDeployment, sdkGateway } from '../../src/apply/index.js';
import { drillAlertRulesOf, drillRuleIdsOf, drillSloOf, experimentOf } from '../../src/commands/drill.js';
import type { DrillInput } from '../../src/drill/run.js';
import { buildRecoveryPlans, renderRunbook, runnerAccountId } from '../../src/drplan/index.js';
import { drillSliCheckQuery } from '../../src/kql/drill.js';
import { deployedAlertRules } from '../../src/resources/deployed-alerts.js';
import { generationOf, testCredential } from './apply.js';
import { root } from './bicep.js';
import { startDrillEmulator, type DrillRoutesOptions } from './arm-drill.js';
import { DEFAULT_SUBSCRIPTION, seedTwoRegionEstate } from './arm-recovery.js';

export const SPEC = 'test/fixtures/drill/drill-estate.yaml';
export const SCENARIO = 'regionOutage/westeurope';
export const RG = 'rg-azslo';
export const SUB = DEFAULT_SUBSCRIPTION;

/** The estate's failover state: what a drill changes and must put back. */
export const ORIGINAL_LAYOUT = { sql: 'Secondary', cosmos: 'West Europe', storage: 'westeurope', postgres: 'GeoAsyncReplica', origin: 'Enabled' };

export async function drillEstate(options: { drill?: DrillRoutesOptions; experiment?: boolean } = {}) {
  const generation = generationOf(readFileSync(path.join(root, SPEC), 'utf8'));
  const service = generation.services[0]!;
  const analysis = analyzeService(service, generation.deployment);
  const scenario = analysis.recovery.scenarios.find((s) => s.id === SCENARIO)!;
  const plan = buildRecoveryPlans(service, analysis.recovery.scenarios).find((p) => p.scenario === SCENARIO)!;
  const account = runnerAccountId(service, SUB, RG);
  const { arm, recovery, drill, jobs } = await startDrillEmulator({
    recovery: { operationPolls: 1, retryAfterSeconds: 0, acceptTokens: ['test-token'] },
    ...(options.drill ? { drill: options.drill } : {}),
    jobs: { content: (a, name) => (a.toLowerCase() === account.toLowerCase() && name === plan.runbook ? renderRunbook(plan, []) : undefined) },
  });
  const ids = seedTwoRegionEstate(recovery);
  const connection = { credential: testCredential, subscriptionId: SUB, endpoint: arm.endpoint, ca: arm.ca, maxRetries: 0 };

  // Everything generate deploys, written by the real apply (as `azslo apply` would): the alert rules and action groups,
  // the drill's silencing rules (disabled) and announcement, the experiment with its targets and capabilities.
  const gateway = sdkGateway({ credential: testCredential, subscriptionId: SUB, endpoint: arm.endpoint, ca: arm.ca, maxRetries: 0 });
  const applied = await applyDeployment({ generation, gateway, target: { subscriptionId: SUB, resourceGroup: RG }, lock: { settleMs: 10 } });
  const failed = applied.results.filter((x) => !x.ok);
  if (failed.length) throw new Error(`apply failed: ${JSON.stringify(failed.map((x) => x.error))}`);
  const processingRule = drillRuleIdsOf(generation.deployment, service, SUB, RG)[0]!;
  const ruleBody = JSON.parse(JSON.stringify(drill.actionRules().get(processingRule.toLowerCase()))) as { location: string; tags?: Record<string, string>; properties: Record<string, unknown> };
  const experiment = options.experiment === false ? undefined : experimentOf(service, plan, analysis.recovery.scenarios, SUB, RG)!;
  if (options.experiment === false) {
    // The plan-injection path: no experiment deployed.
    const { ResourceManagementClient } = await import('@azure/arm-resources');
    const { createPipelineRequest } = await import('@azure/core-rest-pipeline');
    const client = new ResourceManagementClient(testCredential, SUB, { endpoint: arm.endpoint, tlsOptions: { ca: arm.ca } });
    const id = experimentOf(service, plan, analysis.recovery.scenarios, SUB, RG)?.id;
    if (id) await client.sendRequest(createPipelineRequest({ url: `${arm.endpoint}${id}?api-version=${apiVersion('Microsoft.Chaos/experiments')}`, method: 'DELETE' }));
  }

  const rules = deployedAlertRules(generation.deployment, service.slug);
  const ruleId = (name: string) => `/subscriptions/${SUB}/resourceGroups/${RG}/providers/${rules.find((r) => r.name === name)!.type}/${name}`;
  const pageRule = ruleId(rules.find((r) => r.kind === 'burn-rate' && r.alert === 'page')!.name);
  const slo = drillSloOf(service, plan, scenario)!;
  const window = isoSeconds(fact('drill', 'sliCheckWindow'));
  const input: DrillInput = {
    service: service.name,
    scenario,
    plan,
    subscriptionId: SUB,
    resourceGroup: RG,
    account,
    alertRules: drillAlertRulesOf(generation.deployment, service, SUB, RG),
    processingRules: [processingRule],
    receivers: true,
    pageOnCall: false,
    experiment,
    slo: { name: slo.name, objective: slo.objective, query: drillSliCheckQuery(slo, window) },
    workspace: service.azure.workspace,
    detectWithinSeconds: 3,
    timeoutSeconds: 600,
    checkWindowSeconds: window,
  };

  /* eslint-disable @typescript-eslint/no-explicit-any */
  const layout = () => ({
    sql: (recovery.get(ids.sql.onSecondary) as any).properties.replicationRole,
    cosmos: (recovery.get(ids.cosmos) as any).properties.writeLocations[0].locationName,
    storage: (recovery.get(ids.storage) as any).properties.primaryLocation,
    postgres: (recovery.get(ids.postgres.replica) as any).properties.replica.role,
    origin: (recovery.get(`${ids.frontDoor.originGroup}/origins/web-1`) as any).properties.enabledState,
  });
  /* eslint-enable @typescript-eslint/no-explicit-any */
  const ruleNow = () => drill.actionRules().get(processingRule.toLowerCase()) as { properties: { enabled: boolean; schedule?: unknown } } | undefined;
  /** The SLI as the workspace would answer: good once the failover is done (the test decides when). */
  const answerSli = (good: number, total: number) => drill.answerQueries(() => ({ columns: [{ name: 'Good', type: 'long' }, { name: 'Total', type: 'long' }], rows: [[good, total]] }));

  return { arm, recovery, drill, jobs: jobs!, ids, service, plan, scenario, account, processingRule, ruleBody, experiment, pageRule, input, connection, layout, ruleNow, answerSli };
}
