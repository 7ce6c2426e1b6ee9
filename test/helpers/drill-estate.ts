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
import { fact } from '../../src/catalog/index.js';
import { drillRuleIdsOf, drillSloOf, experimentOf } from '../../src/commands/drill.js';
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
const DRILL_GROUP = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Insights/actionGroups/ag-shop-drill-team`;

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

  const { ResourceManagementClient } = await import('@azure/arm-resources');
  const { createPipelineRequest, createHttpHeaders } = await import('@azure/core-rest-pipeline');
  const client = new ResourceManagementClient(testCredential, SUB, { endpoint: arm.endpoint, tlsOptions: { ca: arm.ca } });
  const put = async (id: string, apiVersion: string, body: unknown) => {
    const r = await client.sendRequest(createPipelineRequest({ url: `${arm.endpoint}${id}?api-version=${apiVersion}`, method: 'PUT', headers: createHttpHeaders({ 'content-type': 'application/json' }), body: JSON.stringify(body) }));
    if (r.status >= 300) throw new Error(`PUT ${id}: ${r.status} ${r.bodyAsText}`);
  };

  const processingRule = drillRuleIdsOf(service, SUB, RG)[0]!;
  const ruleBody = {
    location: 'Global',
    tags: { 'azslo-service': 'shop' },
    properties: {
      description: 'azslo drill: the service\'s alerts go to the drill receivers',
      scopes: [`/subscriptions/${SUB}/resourceGroups/rg-dr`],
      conditions: [{ field: 'AlertRuleId', operator: 'Contains', values: [`/resourceGroups/${RG}/`] }],
      actions: [{ actionType: 'AddActionGroups', actionGroupIds: [DRILL_GROUP] }],
      enabled: false,
    },
  };
  await put(processingRule, fact('drill', 'alertProcessingRulesApiVersion'), ruleBody);

  const experiment = options.experiment === false ? undefined : experimentOf(service, plan, analysis.recovery.scenarios, SUB, RG)!;
  if (experiment) {
    const target = `${ids.cosmos}/providers/Microsoft.Chaos/targets/Microsoft-CosmosDB`;
    const v = fact('drill', 'chaosExperimentsApiVersion');
    await put(target, v, { properties: {} });
    await put(`${target}/capabilities/Failover-1.0`, v, { properties: {} });
    await put(experiment.id, v, {
      location: 'westeurope',
      identity: { type: 'SystemAssigned' },
      properties: {
        selectors: [{ type: 'List', id: 'cosmos', targets: [{ type: 'ChaosTarget', id: target }] }],
        steps: [{ name: 'West Europe down', branches: [{ name: 'cosmos-shop', actions: [{ type: 'continuous', name: 'urn:csci:microsoft:cosmosDB:failover/1.0', duration: 'PT10M', parameters: [{ key: 'readRegion', value: 'North Europe' }], selectorId: 'cosmos' }] }] }],
      },
    });
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
    alertRules: rules.map((r) => ({ id: ruleId(r.name), name: r.name })),
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
