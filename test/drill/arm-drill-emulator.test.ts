/**
 * The local ARM endpoint plays what a drill talks to (test/helpers/arm-drill.ts): Chaos Studio experiments that start,
 * run and are cancelled, refused while their targets are not enabled; the alerts list with its filters and paging; alert
 * processing rules that decide who an alert notifies; and log queries sent through ARM. Every call goes through the
 * real Azure SDK pipeline (the client core of @azure/arm-resources, as src/apply/automation.ts sends its calls) over
 * HTTPS with the emulator's CA.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ResourceManagementClient } from '@azure/arm-resources';
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { startDrillEmulator } from '../helpers/arm-drill.js';
import { testCredential } from '../helpers/apply.js';
import { pwshTest } from '../helpers/pwsh.js';

const SUB = '00000000-0000-0000-0000-00000000d1a5';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-shop`;
const VM = `${RG}/providers/Microsoft.Compute/virtualMachines/vm-shop-1`;
const VM_TARGET = `${VM}/providers/Microsoft.Chaos/targets/Microsoft-VirtualMachine`;
const EXPERIMENT = `${RG}/providers/Microsoft.Chaos/experiments/exp-zone-down`;
const RULE = `${RG}/providers/Microsoft.Insights/scheduledQueryRules/slo-checkout-burn`;
const ONCALL = `${RG}/providers/Microsoft.Insights/actionGroups/ag-oncall`;
const DRILLERS = `${RG}/providers/Microsoft.Insights/actionGroups/ag-drill`;
const APR = `${RG}/providers/Microsoft.AlertsManagement/actionRules/apr-drill`;
const WORKSPACE = `${RG}/providers/Microsoft.OperationalInsights/workspaces/law-shop`;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Answer = { status: number; body: Json; headers: Record<string, string> };

async function setUp(drill: { msPerSecond?: number } = {}) {
  const started = await startDrillEmulator({ recovery: { acceptTokens: ['test-token'], retryAfterSeconds: 0 }, drill });
  const client = new ResourceManagementClient(testCredential, SUB, { endpoint: started.arm.endpoint, tlsOptions: { ca: started.arm.ca }, retryOptions: { maxRetries: 0 } });
  /** One call through the SDK pipeline; `path` may be a full URL (a nextLink, an operation URL). */
  const call = async (method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, apiVersion = '2025-01-01'): Promise<Answer> => {
    const url = path.startsWith('https://') ? path : `${started.arm.endpoint}${path}${path.includes('?') ? '&' : '?'}api-version=${apiVersion}`;
    const request = createPipelineRequest({ url, method, headers: createHttpHeaders({ 'content-type': 'application/json' }), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const response = await client.sendRequest(request);
    const text = response.bodyAsText ?? '';
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : {}, headers: response.headers.toJSON() };
  };
  return { ...started, call };
}

const experiment = (selectorTarget = VM_TARGET, urn = 'urn:csci:microsoft:virtualMachine:shutdown/1.0') => ({
  location: 'westeurope',
  identity: { type: 'SystemAssigned' },
  properties: {
    selectors: [{ type: 'List', id: 'vms', targets: [{ type: 'ChaosTarget', id: selectorTarget }] }],
    steps: [{ name: 'zone down', branches: [{ name: 'vms', actions: [{ type: 'continuous', name: urn, duration: 'PT10M', parameters: [{ key: 'abruptShutdown', value: 'true' }], selectorId: 'vms' }] }] }],
  },
});

async function enableTarget(call: Awaited<ReturnType<typeof setUp>>['call'], capability = 'Shutdown-1.0') {
  assert.is((await call('PUT', VM_TARGET, { properties: {} })).status, 201);
  assert.is((await call('PUT', `${VM_TARGET}/capabilities/${capability}`, {})).status, 201);
}

test('an experiment starts as a long-running operation, runs, is cancelled: Running, then Cancelling, then Cancelled', async () => {
  const { arm, drill, recovery, call } = await setUp();
  try {
    const seen: string[] = [];
    drill.onExperimentStart((id, e) => seen.push(`start ${id.split('/').pop()} ${e.status}`));
    drill.onExperimentCancel((id, e) => seen.push(`cancel ${id.split('/').pop()} ${e.status}`));
    const put = await call('PUT', EXPERIMENT, experiment());
    assert.is(put.status, 201);
    assert.is(put.body.properties.provisioningState, 'Succeeded');
    assert.ok(put.body.identity.principalId, 'a system-assigned identity gets a principal');
    await enableTarget(call);

    const start = await call('POST', `${EXPERIMENT}/start`);
    assert.is(start.status, 202);
    assert.match(start.headers['azure-asyncoperation']!, /\/subscriptions\/[^/]+\/providers\/Microsoft\.Chaos\/locations\/westeurope\/operationStatuses\/[0-9a-f-]+\?api-version=2025-01-01$/);
    assert.match(start.headers.location!, /\/providers\/Microsoft\.Chaos\/locations\/westeurope\/operationResults\//);
    assert.is((await call('GET', start.headers['azure-asyncoperation']!)).body.status, 'Succeeded');

    const list = await call('GET', `${EXPERIMENT}/executions`);
    assert.is(list.body.value.length, 1);
    const executionId = list.body.value[0].id as string;
    assert.is(list.body.value[0].properties.status, 'Running');
    assert.is((await call('GET', executionId)).body.properties.status, 'Running');
    assert.is((await call('POST', `${EXPERIMENT}/start`)).status, 409, 'a second start while one runs is refused');

    const cancel = await call('POST', `${EXPERIMENT}/cancel`);
    assert.is(cancel.status, 202);
    assert.equal(seen, ['start exp-zone-down Running', 'cancel exp-zone-down Cancelling']);
    assert.is(drill.executions(EXPERIMENT)[0]!.status, 'Cancelling', 'cancelling until the service gets round to it');
    const details = await call('POST', `${executionId}/getExecutionDetails`);
    assert.is(details.body.properties.status, 'Cancelled');
    assert.ok(details.body.properties.startedAt && details.body.properties.stoppedAt);
    assert.is(details.body.properties.runInformation.steps[0].branches[0].actions[0].targets[0].target, VM);
    assert.is((await call('GET', cancel.headers['azure-asyncoperation']!)).body.status, 'Succeeded');
    assert.equal(recovery.audit.map((e) => `${e.action} ${e.status}`), ['chaos.putExperiment 201', 'chaos.putTarget 201', 'chaos.putCapability 201', 'chaos.start 202', 'chaos.start 409', 'chaos.cancel 202']);
  } finally {
    await arm.close();
  }
});

test('a continuous action ends after its duration when msPerSecond is set, and endExperiment ends one at once', async () => {
  const { arm, drill, call } = await setUp({ msPerSecond: 5 }); // PT10M = 600 s → 3 s
  try {
    await call('PUT', EXPERIMENT, { ...experiment(), properties: { ...experiment().properties, steps: [{ name: 's', branches: [{ name: 'b', actions: [{ type: 'delay', name: 'urn:csci:microsoft:chaosStudio:timedDelay/1.0', duration: 'PT20S' }] }] }] } });
    assert.is((await call('POST', `${EXPERIMENT}/start`)).status, 202, 'a delay needs no target');
    assert.is(drill.executions(EXPERIMENT)[0]!.status, 'Running');
    await new Promise((r) => setTimeout(r, 250)); // 20 s × 5 ms = 100 ms
    assert.is(drill.executions(EXPERIMENT)[0]!.status, 'Success');
    await call('POST', `${EXPERIMENT}/start`);
    drill.endExperiment(EXPERIMENT, 'Failed');
    const runs = (await call('GET', `${EXPERIMENT}/executions`)).body.value.map((v: Json) => v.properties.status);
    assert.equal(runs, ['Success', 'Failed']);
  } finally {
    await arm.close();
  }
});

test('a start is refused while a selector names a target not enabled, of another type, or without the capability its action needs', async () => {
  const { arm, drill, call } = await setUp();
  try {
    await call('PUT', EXPERIMENT, experiment());
    const noTarget = await call('POST', `${EXPERIMENT}/start`);
    assert.is(noTarget.status, 400);
    assert.match(noTarget.body.error.message, /not enabled for Chaos Studio/);
    await enableTarget(call, 'Redeploy-1.0');
    const noCapability = await call('POST', `${EXPERIMENT}/start`);
    assert.is(noCapability.status, 400);
    assert.match(noCapability.body.error.message, /lacks the capability 'Shutdown-1\.0'/);
    await call('PUT', EXPERIMENT, experiment(VM_TARGET, 'urn:csci:microsoft:cosmosDB:failover/1.0'));
    assert.match((await call('POST', `${EXPERIMENT}/start`)).body.error.message, /needs a target of type Microsoft-CosmosDB/);
    assert.equal(drill.executions(), [], 'nothing ran');
  } finally {
    await arm.close();
  }
});

test('a malformed experiment is refused with the reason: no identity, an action naming no selector, a bad duration', async () => {
  const { arm, call } = await setUp();
  try {
    const base = experiment();
    const noIdentity = await call('PUT', EXPERIMENT, { ...base, identity: undefined });
    assert.is(noIdentity.status, 400);
    assert.match(noIdentity.body.error.message, /identity\.type/);
    const action = base.properties.steps[0]!.branches[0]!.actions[0]!;
    const orphan = await call('PUT', EXPERIMENT, { ...base, properties: { ...base.properties, steps: [{ name: 's', branches: [{ name: 'b', actions: [{ ...action, selectorId: 'nope' }] }] }] } });
    assert.match(orphan.body.error.message, /selectorId 'nope' names no selector/);
    const badDuration = await call('PUT', EXPERIMENT, { ...base, properties: { ...base.properties, steps: [{ name: 's', branches: [{ name: 'b', actions: [{ ...action, duration: '10 minutes' }] }] }] } });
    assert.match(badDuration.body.error.message, /ISO 8601 duration/);
    assert.is((await call('GET', EXPERIMENT)).status, 404, 'nothing stored');
  } finally {
    await arm.close();
  }
});

test('every route asks for a bearer token as ARM does', async () => {
  const { arm } = await setUp();
  try {
    const https = await import('node:https');
    const get = (path: string) => new Promise<{ status: number; body: string }>((resolve, reject) =>
      https.get(`${arm.endpoint}${path}`, { ca: arm.ca }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c)).on('end', () => resolve({ status: res.statusCode!, body }));
      }).on('error', reject));
    for (const path of [`/subscriptions/${SUB}/providers/Microsoft.AlertsManagement/alerts?api-version=2019-03-01`, `${EXPERIMENT}?api-version=2025-01-01`, `${APR}?api-version=2021-08-08`]) {
      const r = await get(path);
      assert.is(r.status, 401, path);
      assert.is(JSON.parse(r.body).error.code, 'AuthenticationFailed');
    }
  } finally {
    await arm.close();
  }
});

test('fired alerts are listed with the filters of Alerts_GetAll, in small pages a client must follow, and by id', async () => {
  const { arm, drill, call } = await setUp();
  try {
    const other = `${RG}/providers/Microsoft.Insights/metricAlerts/cosmos-availability`;
    const fired = [
      drill.fireAlert({ ruleId: RULE, severity: 'Sev1', targetResource: VM, at: new Date(Date.now() - 3000) }),
      drill.fireAlert({ ruleId: RULE, severity: '1', targetResource: VM, at: new Date(Date.now() - 2000) }),
      drill.fireAlert({ ruleId: other, severity: 'Sev2', targetResource: `/subscriptions/${SUB}/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-shop`, at: new Date(Date.now() - 1000) }),
      drill.fireAlert({ ruleId: RULE, targetResource: VM, at: new Date(Date.now() - 3 * 86_400_000) }),
    ];
    drill.resolveAlert(fired[0]!.id);
    const all = async (query: string) => {
      const ids: string[] = [];
      let page: Answer = await call('GET', `/subscriptions/${SUB}/providers/Microsoft.AlertsManagement/alerts?${query}`, undefined, '2019-03-01');
      let pages = 1;
      ids.push(...page.body.value.map((v: Json) => v.id));
      while (page.body.nextLink) {
        page = await call('GET', page.body.nextLink);
        pages++;
        ids.push(...page.body.value.map((v: Json) => v.id));
      }
      return { ids, pages };
    };
    const day = await all('timeRange=1d');
    assert.is(day.ids.length, 3, 'the default day leaves out the alert of three days ago');
    assert.is(day.pages, 2, 'two alerts a page');
    assert.equal((await all('timeRange=7d')).ids.length, 4);
    assert.equal((await all(`alertRule=${encodeURIComponent(RULE)}&monitorCondition=Fired`)).ids, [fired[1]!.id]);
    assert.equal((await all('targetResourceGroup=rg-data')).ids, [fired[2]!.id]);
    assert.equal((await all('alertState=New&severity=Sev1')).ids.sort(), [fired[0]!.id, fired[1]!.id].sort());
    const custom = `${new Date(Date.now() - 2500).toISOString()}/${new Date().toISOString()}`;
    assert.equal((await all(`customTimeRange=${encodeURIComponent(custom)}`)).ids.sort(), [fired[1]!.id, fired[2]!.id].sort());
    assert.is((await call('GET', `/subscriptions/${SUB}/providers/Microsoft.AlertsManagement/alerts?timeRange=1d&customTimeRange=${encodeURIComponent(custom)}`, undefined, '2019-03-01')).status, 400);

    const one = await call('GET', fired[0]!.id, undefined, '2019-03-01');
    const e = one.body.properties.essentials;
    assert.is(one.body.type, 'Microsoft.AlertsManagement/alerts');
    assert.is(e.severity, 'Sev1');
    assert.is(e.monitorCondition, 'Resolved');
    assert.ok(e.monitorConditionResolvedDateTime);
    assert.is(e.alertRule, RULE);
    assert.is(e.monitorService, 'Log Analytics');
    assert.is(e.targetResource, VM);
    assert.is(e.targetResourceGroup, 'rg-shop');
    assert.is(fired[1]!.severity, 'Sev1', "'1' is read as Sev1");
    const closed = await call('POST', `${fired[1]!.id}/changestate?newState=Closed`, undefined, '2019-03-01');
    assert.is(closed.body.properties.essentials.alertState, 'Closed');
  } finally {
    await arm.close();
  }
});

/** A processing rule that routes the drill's alerts: the drill receivers' group added, within a schedule. */
const routeToDrillers = (extra: Json = {}) => ({
  location: 'Global',
  properties: {
    scopes: [RG],
    conditions: [{ field: 'AlertRuleId', operator: 'Equals', values: [RULE] }],
    schedule: { effectiveFrom: '2026-12-01T09:00:00', effectiveUntil: '2026-12-01T11:00:00', timeZone: 'W. Europe Standard Time' },
    actions: [{ actionType: 'AddActionGroups', actionGroupIds: [DRILLERS] }],
    enabled: true,
    ...extra,
  },
});
const silence = { location: 'Global', properties: { scopes: [RG], conditions: [{ field: 'AlertRuleName', operator: 'Contains', values: ['slo-'] }], actions: [{ actionType: 'RemoveAllActionGroups' }], enabled: true } };

test('alert processing rules decide who an alert notifies: added groups in schedule; disabled or out of schedule rules change nothing', async () => {
  const { arm, drill, call } = await setUp();
  try {
    // The deployed rule carries its own action group (on-call).
    arm.store.set(RULE.toLowerCase(), { id: RULE, body: { id: RULE, name: 'slo-checkout-burn', properties: { severity: 1, scopes: [WORKSPACE], actions: { actionGroups: [ONCALL] } } } });
    const put = await call('PUT', APR, routeToDrillers(), '2021-08-08');
    assert.is(put.status, 201);
    assert.ok(drill.actionRules().has(APR.toLowerCase()));
    const inWindow = new Date('2026-12-01T09:30:00Z'); // 10:30 in Berlin
    const routed = drill.fireAlert({ ruleId: RULE, at: inWindow });
    assert.equal(routed.notified, [ONCALL, DRILLERS]);
    assert.is(routed.severity, 'Sev1', 'severity read from the stored rule');
    assert.is(routed.targetResource, WORKSPACE);
    assert.equal(drill.fireAlert({ ruleId: RULE, at: new Date('2026-12-01T10:30:00Z') }).notified, [ONCALL], '11:30 in Berlin is past effectiveUntil');
    assert.equal(drill.fireAlert({ ruleId: `${RG}/providers/Microsoft.Insights/metricAlerts/other`, targetResource: VM, at: inWindow, actionGroups: [ONCALL] }).notified, [ONCALL], 'another rule does not match the condition');

    const patch = await call('PATCH', APR, { properties: { enabled: false }, tags: { drill: 'off' } }, '2021-08-08');
    assert.is(patch.body.properties.enabled, false);
    assert.equal(patch.body.tags, { drill: 'off' });
    assert.equal(drill.fireAlert({ ruleId: RULE, at: inWindow }).notified, [ONCALL], 'a disabled rule changes nothing');
    await call('PATCH', APR, { properties: { enabled: true } }, '2021-08-08');
    assert.is((await call('DELETE', APR, undefined, '2021-08-08')).status, 200);
    assert.is((await call('GET', APR, undefined, '2021-08-08')).status, 404);
  } finally {
    await arm.close();
  }
});

test('suppression wins: an alert matched by a RemoveAllActionGroups rule notifies nobody, the added drill group included, and is still listed', async () => {
  const { arm, drill, call } = await setUp();
  try {
    await call('PUT', APR, routeToDrillers({ schedule: undefined }), '2021-08-08');
    await call('PUT', `${RG}/providers/Microsoft.AlertsManagement/actionRules/apr-silence`, silence, '2021-08-08');
    const a = drill.fireAlert({ ruleId: RULE, targetResource: VM, actionGroups: [ONCALL] });
    assert.equal(a.notified, []);
    assert.ok(a.suppressed);
    assert.is(a.processingRules.length, 2);
    const listed = await call('GET', `/subscriptions/${SUB}/providers/Microsoft.AlertsManagement/alerts`, undefined, '2019-03-01');
    assert.is(listed.body.value[0].properties.essentials.actionStatus.isSuppressed, true);
    // A rule that both removes and adds suppresses too.
    await call('DELETE', `${RG}/providers/Microsoft.AlertsManagement/actionRules/apr-silence`, undefined, '2021-08-08');
    await call('PUT', APR, routeToDrillers({ schedule: undefined, actions: [{ actionType: 'RemoveAllActionGroups' }, { actionType: 'AddActionGroups', actionGroupIds: [DRILLERS] }] }), '2021-08-08');
    assert.equal(drill.fireAlert({ ruleId: RULE, targetResource: VM, actionGroups: [ONCALL] }).notified, []);
  } finally {
    await arm.close();
  }
});

test('a recurring schedule covers its days and hours in its time zone, overnight windows included', async () => {
  const { arm, drill, call } = await setUp();
  try {
    await call('PUT', APR, routeToDrillers({ schedule: { timeZone: 'UTC', recurrences: [{ recurrenceType: 'Weekly', daysOfWeek: ['Tuesday'], startTime: '22:00:00', endTime: '02:00:00' }] } }), '2021-08-08');
    const at = (iso: string) => drill.fireAlert({ ruleId: RULE, targetResource: VM, at: new Date(iso) }).notified;
    assert.equal(at('2026-12-01T23:00:00Z'), [DRILLERS], 'Tuesday 23:00');
    assert.equal(at('2026-12-01T21:59:59Z'), [], 'Tuesday before the window');
    assert.equal(at('2026-12-02T23:00:00Z'), [], 'Wednesday is not listed');
  } finally {
    await arm.close();
  }
});

test('a malformed alert processing rule is refused with the reason', async () => {
  const { arm, call } = await setUp();
  try {
    const cases: [Json, RegExp][] = [
      [{ ...silence, location: 'westeurope' }, /Global/],
      [{ ...silence, properties: { ...silence.properties, scopes: [] } }, /scopes/],
      [{ ...silence, properties: { ...silence.properties, conditions: [{ field: 'Colour', operator: 'Equals', values: ['red'] }] } }, /field 'Colour'/],
      [{ ...silence, properties: { ...silence.properties, conditions: [{ field: 'Severity', operator: 'Is', values: ['Sev1'] }] } }, /operator 'Is'/],
      [{ ...silence, properties: { ...silence.properties, schedule: { effectiveFrom: '2026-12-01T09:00:00Z' } } }, /no time zone suffix/],
      [{ ...silence, properties: { ...silence.properties, schedule: { timeZone: 'Mars Standard Time' } } }, /not a time zone/],
      [{ ...silence, properties: { ...silence.properties, actions: [{ actionType: 'AddActionGroups', actionGroupIds: [] }] } }, /actionGroupIds/],
      [{ ...silence, properties: { ...silence.properties, actions: [{ actionType: 'Page' }] } }, /actionType/],
    ];
    for (const [body, reason] of cases) {
      const r = await call('PUT', APR, body, '2021-08-08');
      assert.is(r.status, 400, JSON.stringify(body));
      assert.match(r.body.error.message, reason);
    }
  } finally {
    await arm.close();
  }
});

test('log queries through ARM are answered by the test and recorded, by POST and by GET', async () => {
  const { arm, drill, recovery, call } = await setUp();
  try {
    drill.answerQueries((query) => (query.includes('requests') ? { columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'good', type: 'real' }], rows: [['2026-12-01T10:00:00Z', 0.999]] } : undefined));
    const posted = await call('POST', `${WORKSPACE}/query`, { query: 'requests | summarize good = avg(toint(success))', timespan: 'PT15M' }, '2017-10-01');
    assert.is(posted.status, 200);
    assert.equal(posted.body.tables, [{ name: 'PrimaryResult', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'good', type: 'real' }], rows: [['2026-12-01T10:00:00Z', 0.999]] }]);
    const got = await call('GET', `${WORKSPACE}/query?query=${encodeURIComponent('traces | take 1')}`, undefined, '2017-10-01');
    assert.equal(got.body.tables, [{ name: 'PrimaryResult', columns: [], rows: [] }], 'unanswered: an empty PrimaryResult');
    assert.is((await call('POST', `${WORKSPACE}/query`, { timespan: 'PT5M' }, '2017-10-01')).body.error.code, 'BadArgumentError');
    assert.equal(drill.queries().map((q) => [q.query, q.timespan]), [['requests | summarize good = avg(toint(success))', 'PT15M'], ['traces | take 1', undefined]]);
    assert.equal(recovery.audit.map((e) => `${e.action} ${e.status}`), ['logs.query 200', 'logs.query 400']);
  } finally {
    await arm.close();
  }
});

test('the recovery faults reach the drill routes: a 429 on start is audited, and the retry succeeds', async () => {
  const { arm, recovery, call } = await setUp();
  try {
    await call('PUT', EXPERIMENT, experiment());
    await enableTarget(call);
    recovery.injectFault('429', { method: 'POST', path: /\/start$/ });
    assert.is((await call('POST', `${EXPERIMENT}/start`)).status, 429);
    assert.is((await call('POST', `${EXPERIMENT}/start`)).status, 202);
    assert.equal(recovery.audit.filter((e) => e.action === 'chaos.start').map((e) => e.status), [429, 202]);
  } finally {
    await arm.close();
  }
});

/** A runbook as an Automation job runs it: a managed identity token, then ARM over REST. */
const DRILL_RUNBOOK = `param([string]$ArmEndpoint, [string]$Experiment)
$ErrorActionPreference = 'Stop'
$token = (Invoke-RestMethod -SkipCertificateCheck -Uri "$($env:IDENTITY_ENDPOINT)?resource=https://management.azure.com/" -Headers @{ 'X-IDENTITY-HEADER' = $env:IDENTITY_HEADER }).access_token
$h = @{ Authorization = "Bearer $token" }
$alerts = Invoke-RestMethod -SkipCertificateCheck -Uri "$ArmEndpoint/subscriptions/${SUB}/providers/Microsoft.AlertsManagement/alerts?api-version=2019-03-01" -Headers $h
Write-Output "alerts=$($alerts.value.Count)"
$r = Invoke-WebRequest -SkipCertificateCheck -Method Post -Uri "$ArmEndpoint$Experiment/start?api-version=2025-01-01" -Headers $h
Write-Output "start=$($r.StatusCode)"
`;

pwshTest(test)('startDrillEmulator runs a runbook as an Automation job: it reads the alerts and starts the experiment with its managed identity', async () => {
  const started = await startDrillEmulator({ recovery: { acceptTokens: ['test-token'], retryAfterSeconds: 0 }, jobs: { content: (_account, runbook) => (runbook === 'rb-drill' ? DRILL_RUNBOOK : undefined) } });
  const { arm, drill, recovery } = started;
  try {
    const client = new ResourceManagementClient(testCredential, SUB, { endpoint: arm.endpoint, tlsOptions: { ca: arm.ca } });
    const call = async (method: 'GET' | 'PUT', path: string, body?: unknown, apiVersion = '2025-01-01') => {
      const response = await client.sendRequest(createPipelineRequest({ url: `${arm.endpoint}${path}?api-version=${apiVersion}`, method, headers: createHttpHeaders({ 'content-type': 'application/json' }), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }));
      return JSON.parse(response.bodyAsText || '{}') as Json;
    };
    await call('PUT', EXPERIMENT, experiment());
    await call('PUT', VM_TARGET, { properties: {} });
    await call('PUT', `${VM_TARGET}/capabilities/Shutdown-1.0`, {});
    drill.fireAlert({ ruleId: RULE, targetResource: VM });
    const job = `${RG}/providers/Microsoft.Automation/automationAccounts/aa-drill/jobs/job-1`;
    await call('PUT', job, { properties: { runbook: { name: 'rb-drill' }, parameters: { Experiment: EXPERIMENT } } }, '2023-11-01');
    let status = '';
    for (let i = 0; i < 200 && !['Completed', 'Failed'].includes(status); i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await call('GET', job, undefined, '2023-11-01')).properties.status as string;
    }
    const output = started.jobs!.jobs.get(job.toLowerCase())!.streams.map((x) => x.text);
    assert.is(status, 'Completed', output.join('\n'));
    assert.equal(output, ['alerts=1', 'start=202']);
    assert.is(drill.executions(EXPERIMENT)[0]!.status, 'Running');
    assert.equal(recovery.calls('chaos.start').length, 1);
  } finally {
    await arm.close();
  }
});

test.run();
