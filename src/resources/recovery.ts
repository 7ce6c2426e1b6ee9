import { createHash } from 'node:crypto';
import { apiVersion, cloudEndpoints, fact } from '../catalog/index.js';
import { parseResourceId } from '../base/resource-ids.js';
import { renderRunbook, runnerAccountName, type RecoveryPlan } from '../drplan/index.js';
import { fit, shortHash } from '../model/names.js';
import type { ServiceContext } from './context.js';
import type { DeployedAlertRule } from './deployed-alerts.js';
import { resourceCatalog } from '../catalog/resources.js';
import { actionGroupRefs, criterion } from './metric-alerts.js';
import { CallbackUrlRef, FileText, Merge, ResourceIdRef, ResourcePropertyRef, SubscriptionResourceRef, type AzureResource, type ModuleSpec, type Value } from './model.js';
import { roleAssignment, roleId, stableUuid } from './role-assignments.js';

/**
 * A service's recovery plans, deployed with the rest (docs/recovery-plans.md):
 * - an Automation account in `recovery.runner.location` with a system-assigned identity, local authentication off,
 *   no public non-ARM endpoint (no webhooks), a PowerShell 7.4 runtime environment, and one runbook per plan;
 * - the runbook's text as a file beside the Bicep, published by a template-only deployment script (Azure CLI, a
 *   user-assigned identity with Automation Contributor on the account only) when its hash changes — apply publishes
 *   it itself through ARM;
 * - for each step's role and scopes, that built-in role for the account's identity on exactly those resources, in
 *   modules scoped to their resource groups;
 * - for a plan with alert triggers, a Logic App whose identity may start jobs on the account (Automation Job
 *   Operator) and an action group that calls it, added to the triggering rules: no webhook, nothing that expires.
 */
const ACCOUNT = 'Microsoft.Automation/automationAccounts';
const RUNTIME = 'Microsoft.Automation/automationAccounts/runtimeEnvironments';
const RUNBOOK = 'Microsoft.Automation/automationAccounts/runbooks';
const ROLE_ASSIGNMENT = 'Microsoft.Authorization/roleAssignments';
const IDENTITY = 'Microsoft.ManagedIdentity/userAssignedIdentities';
const SCRIPT = 'Microsoft.Resources/deploymentScripts';
const WORKFLOW = 'Microsoft.Logic/workflows';
const ACTION_GROUP = 'Microsoft.Insights/actionGroups';

/** The tag of a runbook that holds its content's hash: what was published (apply and the script compare it). */
export const CONTENT_TAG = 'azslo-runbook-content';
export const RUNTIME_NAME = 'azslo-powershell-74';

export const contentHash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);


const symbolOf = (prefix: string, name: string) => `${prefix}_${name.replace(/[^A-Za-z0-9]+/g, '_')}`;

/** The script of the publishing deployment script: PUT the draft content, POST publish, retrying while the role propagates. */
export const PUBLISH_SCRIPT = [
  'set -eu',
  "printf '%s' \"$RUNBOOK_CONTENT\" > /tmp/runbook.ps1",
  'ok=0',
  '# The role assignment of this identity may take minutes to reach the Automation endpoint: retry for up to 10 minutes.',
  'for attempt in $(seq 1 20); do',
  '  if az rest --method put --url "${RUNBOOK_ID}/draft/content?api-version=${API_VERSION}" --headers "Content-Type=${CONTENT_TYPE}" --body @/tmp/runbook.ps1 --output none; then ok=1; break; fi',
  '  sleep 30',
  'done',
  'test "$ok" = 1',
  'az rest --method post --url "${RUNBOOK_ID}/draft/publish?api-version=${API_VERSION}" --output none',
  '',
].join('\n');

/** The Logic App that starts a plan's runbook as a job with the alert as WebhookData (the engine reads it as JSON). */
function workflowDefinition(runbook: string): Value {
  const arm = cloudEndpoints('AzureCloud')!.resourceManager;
  return {
    $schema: 'https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#',
    contentVersion: '1.0.0.0',
    parameters: { automationAccountId: { type: 'String' } },
    triggers: { [fact('recovery-runner', 'logicAppTrigger')]: { type: 'Request', kind: 'Http', inputs: { schema: {} } } },
    actions: {
      start_runbook: {
        type: 'Http',
        runAfter: {},
        inputs: {
          method: 'PUT',
          uri: `${arm}@{parameters('automationAccountId')}/jobs/@{guid()}?api-version=${apiVersion(RUNBOOK)}`,
          authentication: { type: 'ManagedServiceIdentity', audience: `${arm}/` },
          body: { properties: { runbook: { name: runbook }, parameters: { WebhookData: '@{string(triggerBody())}' } } },
        },
      },
    },
    outputs: {},
  };
}

export interface RecoveryDeployment {
  readonly modules: ModuleSpec[];
  readonly resources: AzureResource[];
  /** Rule key → the action groups (keys) to add to its actions, for plans started by that rule. */
  readonly triggers: ReadonlyMap<string, readonly string[]>;
}

/** The resources of a service's recovery plans; `rules` are the service's deployed alert rules (trigger names). */
export function recoveryResources(ctx: ServiceContext, plans: readonly RecoveryPlan[], rules: readonly DeployedAlertRule[]): RecoveryDeployment {
  const s = ctx.service;
  const runner = s.recovery?.runner;
  const modules: ModuleSpec[] = [];
  const resources: AzureResource[] = [];
  const triggers = new Map<string, string[]>();
  // An existing account (runner.automationAccount) is not deployed into yet: validation warns (AZSLO045).
  if (plans.length === 0 || runner?.automationAccount) return { modules, resources, triggers };
  // The default runner region is the service's, as validation assumes; it refuses that for plans failing away from it.
  const runnerLocation = runner?.location ?? s.azure.location;
  const module = `${s.slug}/recovery`;
  modules.push({ path: module, description: `Recovery plans of service ${s.name}: the Automation account, its runbooks and what starts them.` });
  const location = ctx.params.add([s.slug, 'recovery-location'], {
    type: 'string',
    description: `Azure region of the Automation account that runs the recovery plans of service ${s.name} (never a region a plan fails away from).`,
    secure: false,
    source: { kind: 'literal', value: runnerLocation },
  });
  const tags = ctx.tags();
  // The name `azslo recover` starts jobs in (src/drplan runnerAccountName), at most accountNameMaxLength long.
  const accountName = fit(runnerAccountName(s), fact('recovery-runner', 'accountNameMaxLength'));
  const accountKey = `${module}/${accountName}`;
  const principal = new ResourcePropertyRef(accountKey, ['identity', 'principalId']);
  const webhooks = false;
  resources.push({
    key: accountKey,
    module,
    symbol: 'account',
    type: ACCOUNT,
    apiVersion: apiVersion(ACCOUNT),
    name: accountName,
    location,
    tags,
    identity: { type: 'SystemAssigned' },
    properties: {
      sku: { name: 'Basic' },
      // Entra ID only: plans start through ARM (jobs), never through a webhook, so local authentication can be off and
      // the non-ARM endpoint (webhooks, agents) closed to the internet.
      disableLocalAuth: !webhooks,
      publicNetworkAccess: webhooks,
    },
    dependsOn: [],
    description: `Automation account that runs the recovery plans of service ${s.name}.`,
  });
  const runtimeKey = `${module}/${RUNTIME_NAME}`;
  resources.push({
    key: runtimeKey,
    module,
    symbol: 'runtime',
    type: RUNTIME,
    apiVersion: apiVersion(RUNTIME),
    name: RUNTIME_NAME,
    within: accountKey,
    location,
    tags,
    properties: {
      description: 'PowerShell 7.4 for azslo recovery runbooks (they call ARM REST only: no packages).',
      runtime: { language: fact('recovery-runner', 'runtimeLanguage'), version: fact('recovery-runner', 'runtimeVersion') },
    },
    dependsOn: [],
    description: `PowerShell ${fact('recovery-runner', 'runtimeVersion')} runtime environment of the recovery runbooks of service ${s.name}.`,
  });
  const onlyTemplate = PUBLISH_ONLY_TEMPLATE;
  const { publisherKey, publisherRoleKey, resources: publishing } = runbookPublisher({
    module,
    accountKey,
    location,
    tags,
    identityName: fit(`id-${s.slug}-runbook-publisher`, 128),
    symbols: { identity: 'publisher', role: 'publisherRole' },
    roleKey: `${module}/ra-publisher`,
    roleName: stableUuid(`${s.name}|${accountName}|publisher|Automation Contributor`),
    what: { identity: `the deployment scripts that publish the recovery runbooks of service ${s.name}`, content: "the recovery runbooks' content", account: 'the recovery account', scripts: 'its publishing scripts', service: s.name },
  });
  resources.push(...publishing);

  for (const plan of plans) {
    const ruleNames = plan.triggers.flatMap((t) => triggerRules(t, rules).map((r) => r.name));
    const text = renderRunbook(plan, ruleNames);
    const hash = contentHash(text);
    const content = new FileText(`${s.slug}/runbooks/${plan.runbook}.ps1`, text);
    const runbookKey = `${module}/${plan.runbook}`;
    resources.push(
      ...publishedRunbook({
        module,
        accountKey,
        runtimeKey,
        location,
        tags,
        name: plan.runbook,
        runbookKey,
        symbols: { runbook: symbolOf('runbook', plan.runbook.replace(/^azslo-/, '')), script: symbolOf('publish', plan.runbook.replace(/^azslo-/, '')) },
        content,
        hash,
        runbookDescription: `azslo recovery plan ${plan.scenario}: ${plan.title}`,
        scriptName: fit(`ds-publish-${plan.runbook}`, 90),
        publisherKey,
        publisherRoleKey,
        onlyTemplate,
        descriptions: { runbook: `Runbook of recovery plan ${plan.scenario} of service ${s.name}.`, script: `Publishes the runbook of recovery plan ${plan.scenario} (service ${s.name}) when its text changes.` },
      }),
    );

    if (plan.triggers.length > 0) {
      const workflowName = fit(`la-${plan.runbook}`, 80);
      const workflowKey = `${module}/${workflowName}`;
      resources.push({
        key: workflowKey,
        module,
        symbol: symbolOf('starter', plan.runbook.replace(/^azslo-/, '')),
        type: WORKFLOW,
        apiVersion: apiVersion(WORKFLOW),
        name: workflowName,
        location,
        tags,
        identity: { type: 'SystemAssigned' },
        properties: {
          state: 'Enabled',
          definition: workflowDefinition(plan.runbook),
          parameters: { automationAccountId: { value: new ResourceIdRef(accountKey) } },
        },
        dependsOn: [],
        description: `Starts the runbook of recovery plan ${plan.scenario} (service ${s.name}) when one of its alerts fires.`,
      });
      resources.push({
        key: `${module}/ra-${workflowName}`,
        module,
        symbol: symbolOf('starterRole', plan.runbook.replace(/^azslo-/, '')),
        type: ROLE_ASSIGNMENT,
        apiVersion: apiVersion(ROLE_ASSIGNMENT),
        name: stableUuid(`${s.name}|${accountName}|${workflowName}|Automation Job Operator`),
        scope: { key: accountKey },
        properties: {
          roleDefinitionId: new SubscriptionResourceRef('Microsoft.Authorization/roleDefinitions', roleId('Automation Job Operator')),
          principalId: new ResourcePropertyRef(workflowKey, ['identity', 'principalId']),
          principalType: 'ServicePrincipal',
          description: `azslo-managed for service '${s.name}': starts jobs of the recovery runbooks on this account only.`,
        },
        dependsOn: [],
        description: `Automation Job Operator on the recovery account for the Logic App of plan ${plan.scenario} (service ${s.name}).`,
      });
      const groupName = fit(`ag-${plan.runbook}`, fact('action-groups', 'nameMaxLength'));
      const groupKey = `${module}/${groupName}`;
      resources.push({
        key: groupKey,
        module,
        symbol: symbolOf('trigger', plan.runbook.replace(/^azslo-/, '')),
        type: ACTION_GROUP,
        apiVersion: apiVersion(ACTION_GROUP),
        name: groupName,
        location: fact('action-groups', 'location'),
        tags,
        properties: {
          groupShortName: `dr-${shortHash(plan.runbook, 8)}`.slice(0, fact('action-groups', 'groupShortNameMaxLength')),
          enabled: true,
          logicAppReceivers: [{ name: 'start-runbook', resourceId: new ResourceIdRef(workflowKey), callbackUrl: new CallbackUrlRef(workflowKey, fact('recovery-runner', 'logicAppTrigger')), useCommonAlertSchema: true }],
        },
        dependsOn: [],
        description: `Starts recovery plan ${plan.scenario} of service ${s.name}: notified by ${plan.triggers.join(', ')}.`,
      });
      for (const t of plan.triggers) for (const r of triggerRules(t, rules)) triggers.set(r.key, [...(triggers.get(r.key) ?? []), groupKey]);
    }
  }

  // Each step's least role for the account's identity, on exactly the resources its calls go to, in a module per
  // resource group (an extension resource lives in its target's resource group).
  const grants = new Map<string, { id: string; role: string; apiVersion: string; plans: Set<string> }>();
  for (const plan of plans) {
    for (const step of plan.steps) {
      if (!step.role || !step.request) continue;
      for (const id of step.scopes) {
        const k = `${id.toLowerCase()}|${step.role}`;
        const g = grants.get(k) ?? { id, role: step.role, apiVersion: step.request.apiVersion, plans: new Set<string>() };
        g.plans.add(plan.runbook);
        grants.set(k, g);
      }
    }
  }
  const groups = new Map<string, { subscriptionId: string; resourceGroup: string; grants: (typeof grants extends Map<string, infer G> ? G : never)[] }>();
  for (const g of [...grants.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.role < b.role ? -1 : 1))) {
    const parts = parseResourceId(g.id);
    if (!parts) continue;
    const k = `${parts.subscriptionId}/${parts.resourceGroup}`.toLowerCase();
    const group = groups.get(k) ?? { subscriptionId: parts.subscriptionId, resourceGroup: parts.resourceGroup, grants: [] };
    group.grants.push(g);
    groups.set(k, group);
  }
  let n = 0;
  for (const group of groups.values()) {
    n++;
    const path = `${s.slug}/recovery-access-${n}`;
    const scope = ctx.params.add([s.slug, 'recovery-scope', String(n)], {
      type: 'string',
      description: `Resource group ${group.resourceGroup} of resources the recovery plans of service ${s.name} act on.`,
      secure: false,
      source: { kind: 'literal', value: `/subscriptions/${group.subscriptionId}/resourceGroups/${group.resourceGroup}` },
    });
    modules.push({ path, description: `Roles of the recovery account of service ${s.name} on resources of resource group ${group.resourceGroup}.`, scopeOf: scope });
    for (const g of group.grants) {
      resources.push(
        roleAssignment({
          module: path,
          seed: `${s.name}|${accountName}|${g.id.toLowerCase()}|${g.role}`,
          service: s.name,
          role: g.role,
          scope: { id: g.id, apiVersion: g.apiVersion },
          subscriptionId: group.subscriptionId,
          principalId: principal,
          purpose: [...g.plans].sort().join(', '),
          summary: `${g.role} on ${g.id.split('/').slice(-1)[0]} for the recovery account of service ${s.name}.`,
        }),
      );
    }
  }
  // The approvers hear of a plan that stopped — a data-losing step refused without approval, lag above the RPO, a
  // step that failed: the runbook then fails its job, which the catalog's job-failures alert of the account watches,
  // narrowed to the plans' runbooks.
  const approvers = s.recovery?.approvers ?? [];
  if (approvers.length) {
    const entry = resourceCatalog().get('microsoft.automation/automationaccounts')!;
    const def = entry.baselineAlerts.find((a) => a.id === 'job-failures')!;
    const alert = { ...def, dimensions: [...(def.dimensions ?? []), { name: 'Runbook', operator: 'Include' as const, values: plans.map((p) => p.runbook) }], origin: 'baseline' as const, overriddenBy: [] };
    const name = fit(`ma-${s.slug}-recovery-plan-stopped`, fact('metric-alerts', 'nameMaxLength'));
    // In the alerting module, beside the approvers' action groups: the alerting module already reads the recovery
    // module (the trigger Logic Apps' callback URLs), so a rule here reading the alerting module would make a cycle.
    resources.push({
      key: `${s.slug}/alerting/${name}`,
      module: `${s.slug}/alerting`,
      symbol: 'ma_recovery_plan_stopped',
      type: 'Microsoft.Insights/metricAlerts',
      apiVersion: apiVersion('Microsoft.Insights/metricAlerts'),
      name,
      location: fact('metric-alerts', 'location'),
      tags,
      properties: {
        description: `A recovery plan of service ${s.name} stopped (${plans.map((p) => p.runbook).join(', ')}): a data-losing step waits for an approver to start the runbook with -AllowDataLoss (azslo recover --allow-data-loss --yes), lag was above the RPO, or a step failed. Read the job's output: one JSON line per step says which. ${def.why}`,
        severity: 1,
        enabled: true,
        scopes: [new ResourceIdRef(accountKey)],
        evaluationFrequency: def.evaluationFrequency,
        windowSize: def.windowSize,
        criteria: { 'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria', allOf: [criterion(alert)] },
        autoMitigate: true,
        actions: actionGroupRefs(s, approvers),
      },
      dependsOn: [accountKey],
      description: `Tells the approvers of service ${s.name} when a recovery plan stops (job-failures of its Automation account).`,
    });
  }
  return { modules, resources, triggers };
}

/** The deployed rules a plan's trigger names (slo/<name>/page, resource-health, service-health). */
export function triggerRules(trigger: string, rules: readonly DeployedAlertRule[]): DeployedAlertRule[] {
  const slo = /^slo\/(.+)\/(page|ticket)$/.exec(trigger);
  if (slo) return rules.filter((r) => r.kind === 'burn-rate' && r.slo === slo[1] && r.alert === slo[2]);
  if (trigger === 'resource-health') return rules.filter((r) => r.kind === 'resource-health');
  if (trigger === 'service-health') return rules.filter((r) => r.kind === 'service-health');
  return [];
}

/** Why the publishing identity, its role and the deployment script are in the template only. */
export const PUBLISH_ONLY_TEMPLATE = 'apply publishes runbook content itself, through ARM';

/**
 * The identity of the deployment scripts that publish an account's runbooks, and its Automation Contributor role on
 * that account only (template-only: apply publishes through ARM itself). Shared by the recovery and the budget runbooks.
 */
export function runbookPublisher(o: {
  module: string;
  accountKey: string;
  location: Value;
  tags: Value;
  identityName: string;
  symbols: { identity: string; role: string };
  roleKey: string;
  roleName: string;
  what: { identity: string; content: string; account: string; scripts: string; service: string };
}): { publisherKey: string; publisherRoleKey: string; resources: AzureResource[] } {
  const publisherKey = `${o.module}/${o.identityName}`;
  return {
    publisherKey,
    publisherRoleKey: o.roleKey,
    resources: [
      {
        key: publisherKey,
        module: o.module,
        symbol: o.symbols.identity,
        type: IDENTITY,
        apiVersion: apiVersion(IDENTITY),
        name: o.identityName,
        location: o.location,
        tags: o.tags,
        properties: {},
        templateOnly: PUBLISH_ONLY_TEMPLATE,
        dependsOn: [],
        description: `Identity of ${o.what.identity}.`,
      },
      {
        key: o.roleKey,
        module: o.module,
        symbol: o.symbols.role,
        type: ROLE_ASSIGNMENT,
        apiVersion: apiVersion(ROLE_ASSIGNMENT),
        name: o.roleName,
        scope: { key: o.accountKey },
        properties: {
          roleDefinitionId: new SubscriptionResourceRef('Microsoft.Authorization/roleDefinitions', roleId('Automation Contributor')),
          principalId: new ResourcePropertyRef(publisherKey, ['properties', 'principalId']),
          principalType: 'ServicePrincipal',
          description: `azslo-managed for service '${o.what.service}': publishes ${o.what.content} (draft write, publish) on this account only.`,
        },
        templateOnly: PUBLISH_ONLY_TEMPLATE,
        dependsOn: [],
        description: `Automation Contributor on ${o.what.account} for the identity of ${o.what.scripts} (service ${o.what.service}).`,
      },
    ],
  };
}

/**
 * A PowerShell runbook in an account and the deployment script that publishes its content when its text changes (its
 * hash): the runbook and the script of one recovery plan, or of the budget job.
 */
export function publishedRunbook(o: {
  module: string;
  accountKey: string;
  runtimeKey: string;
  location: Value;
  tags: Value;
  name: string;
  runbookKey: string;
  symbols: { runbook: string; script: string };
  content: FileText;
  hash: string;
  runbookDescription: string;
  scriptName: string;
  publisherKey: string;
  publisherRoleKey: string;
  onlyTemplate: string;
  descriptions: { runbook: string; script: string };
}): AzureResource[] {
  return [
    {
      key: o.runbookKey,
      module: o.module,
      symbol: o.symbols.runbook,
      type: RUNBOOK,
      apiVersion: apiVersion(RUNBOOK),
      name: o.name,
      within: o.accountKey,
      location: o.location,
      tags: new Merge([o.tags, { [CONTENT_TAG]: o.hash }]),
      properties: {
        description: o.runbookDescription.slice(0, 512),
        runbookType: fact('recovery-runner', 'runbookType'),
        runtimeEnvironment: RUNTIME_NAME,
        logProgress: false,
        logVerbose: false,
      },
      publish: { content: o.content, contentType: fact('recovery-runner', 'runbookContentType') },
      dependsOn: [o.runtimeKey],
      description: o.descriptions.runbook,
    },
    {
      key: `${o.module}/${o.scriptName}`,
      module: o.module,
      symbol: o.symbols.script,
      type: SCRIPT,
      apiVersion: apiVersion(SCRIPT),
      name: o.scriptName,
      kind: 'AzureCLI',
      location: o.location,
      tags: o.tags,
      identity: { type: 'UserAssigned', key: o.publisherKey },
      properties: {
        azCliVersion: fact('recovery-runner', 'deploymentScriptAzCliVersion'),
        // Runs again only when the runbook's text changes (its hash), not at every deployment.
        forceUpdateTag: o.hash,
        retentionInterval: 'PT1H',
        cleanupPreference: 'Always',
        timeout: 'PT30M',
        environmentVariables: [
          { name: 'RUNBOOK_ID', value: new ResourceIdRef(o.runbookKey) },
          { name: 'API_VERSION', value: apiVersion(RUNBOOK) },
          { name: 'CONTENT_TYPE', value: fact('recovery-runner', 'runbookContentType') },
          { name: 'RUNBOOK_CONTENT', value: o.content },
        ],
        scriptContent: PUBLISH_SCRIPT,
      },
      templateOnly: o.onlyTemplate,
      dependsOn: [o.publisherRoleKey],
      description: o.descriptions.script,
    },
  ];
}
