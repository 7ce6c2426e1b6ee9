import { apiVersion, cloudEndpoints, fact } from '../catalog/index.js';
import { budgetAlertQuery, budgetRemainingQuery, budgetTableSchema } from '../kql/budget.js';
import { budgetTableName, type BudgetThreshold } from '../model/budget.js';
import { fit } from '../model/names.js';
import type { SloModel } from '../model/service.js';
import { actionGroupKey } from './action-groups.js';
import { rowsFoundCriterion } from './alert-rules.js';
import { renderBudgetRunbook, type BudgetSlo } from './budget-runbook.js';
import { TAGS, type ServiceContext } from './context.js';
import { FileText, ResourceIdRef, ResourcePropertyRef, SubscriptionResourceRef, type AzureResource, type ModuleSpec, type Value } from './model.js';
import { PUBLISH_ONLY_TEMPLATE, RUNTIME_NAME, contentHash, publishedRunbook, runbookPublisher } from './recovery.js';
import { roleAssignment, roleId, stableUuid } from './role-assignments.js';

/**
 * A service's error-budget alerts (docs/burn-rate-alerts.md, "Budget alerts"). A log search alert reads at most two
 * days, so a 30-day budget is computed by a job and stored where hourly rules can read it:
 * - `<service>/budget-table` (in the workspace's resource group): the custom table `AzsloBudget_<service>_CL`;
 * - `<service>/budget`: a data collection rule of kind Direct (its own logs ingestion endpoint) into that table; an
 *   Automation account (system identity, local authentication off, no public endpoint) with a PowerShell 7.4
 *   runbook that computes every SLO's remaining budget and sends it through the Logs Ingestion API; the runbook's
 *   template-only publishing script (as for recovery plans); a Logic App whose hourly recurrence starts the job,
 *   passing the rule's immutable id and endpoint (which Azure assigns);
 * - `<service>/budget-access` (in the workspace's resource group): Log Analytics Reader on the workspace for the
 *   account's identity (the job reads the SLI functions), beside Monitoring Metrics Publisher on the data collection
 *   rule only (it may send rows to that rule and nothing else), and Automation Job Operator on the account for the
 *   Logic App;
 * - `<service>/alerting`: one log search rule per SLO and threshold, every hour over the table's last two hours.
 */
const TABLE = 'Microsoft.OperationalInsights/workspaces/tables';
const WORKSPACE = 'Microsoft.OperationalInsights/workspaces';
const DCR = 'Microsoft.Insights/dataCollectionRules';
const ACCOUNT = 'Microsoft.Automation/automationAccounts';
const RUNTIME = 'Microsoft.Automation/automationAccounts/runtimeEnvironments';
const RUNBOOK = 'Microsoft.Automation/automationAccounts/runbooks';
const ROLE_ASSIGNMENT = 'Microsoft.Authorization/roleAssignments';
const WORKFLOW = 'Microsoft.Logic/workflows';
const RULE = 'Microsoft.Insights/scheduledQueryRules';

const DESTINATION = 'workspace';

export type BudgetedSlo = SloModel & { readonly budget: NonNullable<SloModel['budget']> };
/** The SLOs whose budget the job computes: a Prometheus SLO's budget is rules of its own (prometheus-rules.ts), its SLI no KQL the job could run. */
export const budgetedSlos = (slos: readonly SloModel[]): BudgetedSlo[] => slos.filter((s): s is BudgetedSlo => s.budget !== undefined && s.sliKind !== 'prometheus');

/** The name of the runbook a service's budget job runs. */
export const BUDGET_RUNBOOK = 'azslo-error-budget';

export interface BudgetDeployment {
  readonly modules: ModuleSpec[];
  /** Resources of the budget modules (table, rule, account, runbook, Logic App, roles). */
  readonly resources: AzureResource[];
  /** The rules, for the service's alerting module. */
  readonly rules: AzureResource[];
}

export const budgetRuleKey = (serviceSlug: string, slo: SloModel, t: BudgetThreshold): string => `${serviceSlug}/alerting/slo-${slo.slug}-budget-${t.slug}`;
export const budgetQueryFile = (serviceSlug: string, slo: SloModel, t: BudgetThreshold): string => `${serviceSlug}/kql/${slo.slug}.budget-${t.slug}.kql`;

export function budgetResources(ctx: ServiceContext): BudgetDeployment {
  const s = ctx.service;
  const slos = budgetedSlos(s.slos);
  if (slos.length === 0) return { modules: [], resources: [], rules: [] };
  const table = budgetTableName(s.name);
  const stream = `Custom-${table}`;
  const tags = ctx.tags();
  const tableModule = `${s.slug}/budget-table`;
  const module = `${s.slug}/budget`;
  const accessModule = `${s.slug}/budget-access`;
  const modules: ModuleSpec[] = [
    { path: tableModule, description: `The error-budget table of service ${s.name}, in its Log Analytics workspace.`, scopeOf: ctx.workspaceId },
    { path: module, description: `The hourly job that computes the error budgets of service ${s.name}: its data collection rule, Automation account, runbook and schedule.` },
    { path: accessModule, description: `The budget job's read access to the Log Analytics workspace of service ${s.name}.`, scopeOf: ctx.workspaceId },
  ];
  const resources: AzureResource[] = [];
  const columns = budgetTableSchema(table).columns.map((c) => ({ name: c.name, type: c.type }));

  const tableKey = `${tableModule}/${table}`;
  resources.push({
    key: tableKey,
    module: tableModule,
    symbol: 'budgetTable',
    type: TABLE,
    apiVersion: apiVersion(TABLE),
    name: table,
    parent: { type: WORKSPACE, apiVersion: apiVersion(WORKSPACE), id: ctx.workspaceId },
    properties: { plan: 'Analytics', schema: { name: table, description: `azslo error budgets of service '${s.name}': one row per SLO and hour (docs/burn-rate-alerts.md).`, columns } },
    dependsOn: [],
    description: `Custom table ${table}: the remaining error budget of each SLO of service ${s.name}, written every hour.`,
  });

  const workspaceLocation = ctx.params.add([s.slug, 'workspace-location'], {
    type: 'string',
    description: `Azure region of the Log Analytics workspace of service ${s.name} (its budget job's data collection rule must be there).`,
    secure: false,
    source: { kind: 'literal', value: s.azure.workspaceLocation ?? s.azure.location },
  });
  const dcrName = fit(`dcr-${s.slug}-budget`, 64);
  const dcrKey = `${module}/${dcrName}`;
  const dcrColumns = columns.map((c) => ({ name: c.name, type: c.type }));
  resources.push({
    key: dcrKey,
    module,
    symbol: 'budgetRule',
    type: DCR,
    apiVersion: apiVersion(DCR),
    name: dcrName,
    kind: fact('budget-alerts', 'dataCollectionRuleKind'),
    location: workspaceLocation,
    tags,
    properties: {
      description: `azslo: the error budgets of service '${s.name}', sent by its budget job into ${table}.`,
      streamDeclarations: { [stream]: { columns: dcrColumns } },
      destinations: { logAnalytics: [{ workspaceResourceId: ctx.workspaceId, name: DESTINATION }] },
      dataFlows: [{ streams: [stream], destinations: [DESTINATION], transformKql: 'source', outputStream: stream }],
    },
    dependsOn: [tableKey],
    description: `Data collection rule (kind Direct) through which the budget job of service ${s.name} writes ${table}.`,
  });

  const accountName = fit(`aa-${s.slug}-budget`, fact('recovery-runner', 'accountNameMaxLength'));
  const accountKey = `${module}/${accountName}`;
  const principal = new ResourcePropertyRef(accountKey, ['identity', 'principalId']);
  resources.push({
    key: accountKey,
    module,
    symbol: 'budgetAccount',
    type: ACCOUNT,
    apiVersion: apiVersion(ACCOUNT),
    name: accountName,
    location: ctx.location,
    tags,
    identity: { type: 'SystemAssigned' },
    // Entra ID only: the Logic App starts jobs through ARM, so no webhook, no local authentication, no public endpoint.
    properties: { sku: { name: 'Basic' }, disableLocalAuth: true, publicNetworkAccess: false },
    dependsOn: [],
    description: `Automation account that runs the error-budget job of service ${s.name}.`,
  });
  const runtimeKey = `${module}/${RUNTIME_NAME}`;
  resources.push({
    key: runtimeKey,
    module,
    symbol: 'budgetRuntime',
    type: RUNTIME,
    apiVersion: apiVersion(RUNTIME),
    name: RUNTIME_NAME,
    within: accountKey,
    location: ctx.location,
    tags,
    properties: {
      description: 'PowerShell 7.4 for the azslo budget job (it calls REST APIs only: no packages).',
      runtime: { language: fact('recovery-runner', 'runtimeLanguage'), version: fact('recovery-runner', 'runtimeVersion') },
    },
    dependsOn: [],
    description: `PowerShell ${fact('recovery-runner', 'runtimeVersion')} runtime environment of the budget job of service ${s.name}.`,
  });

  const text = renderBudgetRunbook({ service: s.name, workspaceId: s.azure.workspace, stream, slos: slos.map(budgetSlo) });
  const hash = contentHash(text);
  const content = new FileText(`${s.slug}/runbooks/${BUDGET_RUNBOOK}.ps1`, text);
  const runbookKey = `${module}/${BUDGET_RUNBOOK}`;
  const publisher = runbookPublisher({
    module,
    accountKey,
    location: ctx.location,
    tags,
    identityName: fit(`id-${s.slug}-budget-publisher`, 128),
    symbols: { identity: 'budgetPublisher', role: 'budgetPublisherRole' },
    roleKey: `${module}/ra-budget-publisher`,
    roleName: stableUuid(`${s.name}|${accountName}|publisher|Automation Contributor`),
    what: { identity: `the deployment script that publishes the budget runbook of service ${s.name}`, content: "the budget runbook's content", account: 'the budget account', scripts: 'its publishing script', service: s.name },
  });
  const [runbook, script] = publishedRunbook({
    module,
    accountKey,
    runtimeKey,
    location: ctx.location,
    tags,
    name: BUDGET_RUNBOOK,
    runbookKey,
    symbols: { runbook: 'budgetRunbook', script: 'budgetPublish' },
    content,
    hash,
    runbookDescription: `azslo error budgets of service ${s.name}: computes each SLO's remaining budget every hour.`,
    scriptName: fit(`ds-publish-${s.slug}-budget`, 90),
    publisherKey: publisher.publisherKey,
    publisherRoleKey: publisher.publisherRoleKey,
    onlyTemplate: PUBLISH_ONLY_TEMPLATE,
    descriptions: { runbook: `Runbook of the error-budget job of service ${s.name}.`, script: `Publishes the budget runbook of service ${s.name} when its text changes.` },
  });
  resources.push(runbook!, ...publisher.resources, script!);

  const workflowName = fit(`la-${s.slug}-budget-hourly`, 80);
  const workflowKey = `${module}/${workflowName}`;
  resources.push({
    key: workflowKey,
    module,
    symbol: 'budgetSchedule',
    type: WORKFLOW,
    apiVersion: apiVersion(WORKFLOW),
    name: workflowName,
    location: ctx.location,
    tags,
    identity: { type: 'SystemAssigned' },
    properties: {
      state: 'Enabled',
      definition: scheduleDefinition(),
      parameters: {
        automationAccountId: { value: new ResourceIdRef(accountKey) },
        dcrImmutableId: { value: new ResourcePropertyRef(dcrKey, ['properties', 'immutableId']) },
        ingestionEndpoint: { value: new ResourcePropertyRef(dcrKey, ['properties', 'endpoints', 'logsIngestion']) },
      },
    },
    dependsOn: [runbookKey],
    description: `Starts the budget job of service ${s.name} every ${fact('budget-alerts', 'jobEveryHours')} hour(s).`,
  });

  const grant = (seed: string, role: string, scope: { key: string }, principalId: Value, what: string, summary: string): AzureResource => ({
    key: `${module}/ra-${seed}`,
    module,
    symbol: `budget_${seed.replace(/-/g, '_')}`,
    type: ROLE_ASSIGNMENT,
    apiVersion: apiVersion(ROLE_ASSIGNMENT),
    name: stableUuid(`${s.name}|${accountName}|${seed}|${role}`),
    scope,
    properties: {
      roleDefinitionId: new SubscriptionResourceRef('Microsoft.Authorization/roleDefinitions', roleId(role)),
      principalId,
      principalType: 'ServicePrincipal',
      description: `azslo-managed for service '${s.name}': ${what}.`,
    },
    dependsOn: [],
    description: summary,
  });
  resources.push(
    grant('budget-ingest', 'Monitoring Metrics Publisher', { key: dcrKey }, principal, 'the budget job sends rows to this data collection rule only', `Monitoring Metrics Publisher on the budget data collection rule for the budget account (service ${s.name}).`),
    grant('budget-starter', 'Automation Job Operator', { key: accountKey }, new ResourcePropertyRef(workflowKey, ['identity', 'principalId']), 'the hourly Logic App starts budget jobs on this account only', `Automation Job Operator on the budget account for its hourly Logic App (service ${s.name}).`),
  );
  const ws = s.azure.workspace;
  resources.push(
    roleAssignment({
      module: accessModule,
      seed: `${s.name}|${accountName}|${ws.toLowerCase()}|Log Analytics Reader`,
      service: s.name,
      role: 'Log Analytics Reader',
      scope: { id: ws, apiVersion: apiVersion(WORKSPACE) },
      subscriptionId: ws.split('/')[2]!,
      principalId: principal,
      purpose: 'the budget job, which queries the SLI functions of this workspace',
      summary: `Log Analytics Reader on the workspace for the budget account of service ${s.name}.`,
    }),
  );

  const rules = slos.flatMap((slo) => slo.budget.thresholds.map((t) => budgetRule(ctx, slo, t, table, tableKey)));
  return { modules, resources, rules };
}

function budgetSlo(slo: BudgetedSlo): BudgetSlo {
  return { name: slo.name, objective: slo.objective, windowDays: slo.windowDays, timespan: slo.budget.period.timespan, query: budgetRemainingQuery(slo) };
}

/** The Logic App that starts the budget runbook as a job every hour, with the rule's immutable id and endpoint. */
function scheduleDefinition(): Value {
  const arm = cloudEndpoints('AzureCloud')!.resourceManager;
  return {
    $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    contentVersion: '1.0.0.0',
    parameters: { automationAccountId: { type: 'String' }, dcrImmutableId: { type: 'String' }, ingestionEndpoint: { type: 'String' } },
    triggers: { hourly: { type: 'Recurrence', recurrence: { frequency: 'Hour', interval: fact('budget-alerts', 'jobEveryHours') } } },
    actions: {
      start_budget_job: {
        type: 'Http',
        runAfter: {},
        inputs: {
          method: 'PUT',
          uri: `${arm}@{parameters('automationAccountId')}/jobs/@{guid()}?api-version=${apiVersion(RUNBOOK)}`,
          authentication: { type: 'ManagedServiceIdentity', audience: `${arm}/` },
          body: { properties: { runbook: { name: BUDGET_RUNBOOK }, parameters: { DcrImmutableId: "@{parameters('dcrImmutableId')}", IngestionEndpoint: "@{parameters('ingestionEndpoint')}" } } },
        },
      },
    },
    outputs: {},
  };
}

const thresholdText = (t: BudgetThreshold): string => (t.kind === 'exhausted' ? 'exhausted' : `below ${t.remainingPercent} % remaining`);

function budgetRule(ctx: ServiceContext, slo: BudgetedSlo, t: BudgetThreshold, table: string, tableKey: string): AzureResource {
  const s = ctx.service;
  const query = budgetAlertQuery(table, s.name, slo, t);
  const what = t.kind === 'exhausted' ? 'has spent its whole error budget' : `has less than ${t.remainingPercent} % of its error budget left`;
  return {
    key: budgetRuleKey(s.slug, slo, t),
    module: `${s.slug}/alerting`,
    symbol: `budget_${slo.slug.replace(/-/g, '_')}_${t.slug.replace(/-/g, '_')}`,
    type: RULE,
    apiVersion: apiVersion(RULE),
    name: fit(`slo-${s.slug}-${slo.slug}-budget-${t.slug}`, fact('log-search-alerts', 'nameMaxLength')),
    kind: 'LogAlert',
    location: ctx.location,
    tags: ctx.tags(slo.name),
    properties: {
      displayName: `${s.displayName} · ${slo.name} · budget ${thresholdText(t)}`,
      description: fit(
        `SLO '${slo.name}' of service '${s.name}' (${slo.objective} % over ${slo.windowDays} days) ${what} over ${slo.budget.period.text}. ` +
          `Computed every hour by the budget job into ${table}; the rule reads its newest row.`,
        fact('log-search-alerts', 'descriptionMaxLength'),
      ),
      severity: t.severity,
      enabled: true,
      evaluationFrequency: fact('budget-alerts', 'evaluationFrequency'),
      windowSize: fact('budget-alerts', 'windowSize'),
      scopes: [ctx.workspaceId],
      criteria: { allOf: [rowsFoundCriterion(new FileText(budgetQueryFile(s.slug, slo, t), `${query}\n`, [], { slo: slo.name }))] },
      autoMitigate: true,
      actions: {
        actionGroups: slo.budget.notify.map((name) => new ResourceIdRef(actionGroupKey(s.slug, s.targets.find((x) => x.name === name)!))),
        customProperties: { [TAGS.service]: s.name, [TAGS.slo]: slo.name, 'azslo-budget': t.slug },
      },
    },
    dependsOn: [tableKey],
    description: `Budget alert of SLO ${slo.name}: ${thresholdText(t)} over ${slo.budget.period.text}, read every hour from ${table}.`,
  };
}
