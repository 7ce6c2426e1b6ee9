/**
 * `azslo drill` on the command line against the local ARM endpoint (Chaos Studio, alerts, processing rules, log
 * queries, Automation jobs under the real PowerShell): a passing drill exits 0 and writes its report as JSON, Markdown
 * and HTML under <out>/<service>/<scenario>/; a drill during an incident is refused, exits 1 and changes nothing;
 * `--restore <journal>` finishes a drill whose process was killed after failing over.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiVersion, fact } from '../../src/catalog/index.js';
import { followJob, jobClient } from '../../src/apply/automation.js';
import { drillArm } from '../../src/drill/arm.js';
import { DRILL_JOURNAL_VERSION, journalPath, writeJournal } from '../../src/drill/journal.js';
import { parseDrillReport } from '../../src/drplan/drill-report.js';
import { drillDue, nextDrill } from '../../src/drplan/schedule.js';
import { drillCommand } from '../../src/commands/drill.js';
import { testCredential } from '../helpers/apply.js';
import { root } from '../helpers/bicep.js';
import { runCli } from '../helpers/cli.js';
import { drillEstate, ORIGINAL_LAYOUT, RG, SCENARIO, SPEC } from '../helpers/drill-estate.js';
import { pwshTest } from '../helpers/pwsh.js';

const drillCli = (args: string[], ca: string) => runCli(['drill', ...args], { connections: { credential: testCredential, ca } });

pwshTest(test)('a passing drill exits 0 and writes its report as JSON, Markdown and HTML', async () => {
  const e = await drillEstate();
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-drill-cli-'));
  try {
    e.drill.onExperimentStart(() => setTimeout(() => e.drill.fireAlert({ ruleId: e.pageRule }), 200));
    e.answerSli(999, 1000);
    const r = await drillCli([SPEC, SCENARIO, '--resource-group', RG, '--arm-endpoint', e.arm.endpoint, '--poll-ms', '100', '--out', dir, '--detect-within', '10s', '--format', 'json'], e.arm.ca);
    assert.is(r.code, 0, r.err);
    const printed = parseDrillReport(r.out);
    assert.ok(printed.ok, r.out);
    if (!printed.ok) return;
    assert.is(printed.report.outcome, 'passed');
    const folder = path.join(dir, 'shop', 'regionOutage-westeurope');
    const files = readdirSync(folder).sort();
    assert.is(files.length, 3);
    assert.match(files[0]!, new RegExp(`^\\d{8}T\\d{6}Z-${printed.report.id.slice(0, 8)}\\.html$`));
    assert.equal(files.map((f) => path.extname(f)), ['.html', '.json', '.md']);
    assert.is(readFileSync(path.join(folder, files[1]!), 'utf8'), `${r.out}\n`, 'the JSON file is what was printed');
    assert.match(r.err, /drill passed: every objective met/);
    assert.match(r.err, /announce: alert processing rule apr-azslo-shop-drill-silence(-\d+)? on until/, r.err);
    assert.equal(e.layout(), ORIGINAL_LAYOUT);
    assert.equal(readdirSync(path.join(dir, '.journal')), [], 'no journal left');
  } finally {
    await e.arm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('during an incident the CLI refuses, exits 1, and nothing is changed', async () => {
  const e = await drillEstate();
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-drill-cli-'));
  try {
    e.drill.fireAlert({ ruleId: e.pageRule });
    const before = e.recovery.audit.length;
    const r = await drillCli([SPEC, SCENARIO, '--resource-group', RG, '--arm-endpoint', e.arm.endpoint, '--out', dir], e.arm.ca);
    assert.is(r.code, 1, r.err);
    assert.match(r.err, /drill refused: a real incident may be under way/);
    assert.equal(e.recovery.audit.slice(before), [], 'no PUT, PATCH or POST');
    assert.equal(e.jobs.jobs.size, 0);
    assert.is(e.ruleNow()!.properties.enabled, false);
  } finally {
    await e.arm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

pwshTest(test)('--restore finishes a drill killed after failing over: experiment cancelled, failback run, rule put back, journal gone', async () => {
  const e = await drillEstate();
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-drill-cli-'));
  try {
    // What a drill had done when its process was killed: rule on, experiment running, Failover job run.
    const arm = drillArm(e.connection);
    const jobs = jobClient(e.connection, apiVersion('Microsoft.Automation/automationAccounts'));
    const id = '6f1c2d3e-0000-4000-8000-00000000c0de';
    const file = journalPath(dir, id);
    await writeJournal(file, {
      apiVersion: DRILL_JOURNAL_VERSION,
      id,
      service: 'shop',
      scenario: SCENARIO,
      title: e.scenario.title,
      runbook: e.plan.runbook,
      account: e.account,
      subscriptionId: e.input.subscriptionId,
      resourceGroup: RG,
      startedAt: new Date().toISOString(),
      experiment: { id: e.experiment!.id, started: true },
      rules: [{ id: e.processingRule, original: e.ruleBody, changed: true }],
      failover: { job: id },
      failback: undefined,
      undo: [],
    });
    await arm.putProcessingRule(e.processingRule, { ...e.ruleBody, properties: { ...e.ruleBody.properties, enabled: true } });
    await arm.startExperiment(e.experiment!.id);
    await jobs.start(e.account, id, e.plan.runbook, { Drill: 'True', DrillPhase: 'Failover' });
    assert.is((await followJob(jobs, e.account, id, { pollMs: 100 })).status, 'Completed');
    assert.not.equal(e.layout(), ORIGINAL_LAYOUT, 'failed over, then killed');

    const r = await drillCli(['--restore', file, '--arm-endpoint', e.arm.endpoint, '--poll-ms', '100'], e.arm.ca);
    assert.is(r.code, 1, 'a restored drill is not a passed one');
    const report = JSON.parse(readFileSync(path.join(dir, 'shop', 'regionOutage-westeurope', readdirSync(path.join(dir, 'shop', 'regionOutage-westeurope')).find((f) => f.endsWith('.json'))!), 'utf8'));
    assert.is(report.outcome, 'aborted');
    assert.match(report.reason, /finished by --restore/);
    assert.equal(report.restored.map((x: { kind: string; status: string }) => [x.kind, x.status]), [['experiment', 'restored'], ['failback', 'restored'], ['alert-processing-rule', 'restored']]);
    assert.equal(e.layout(), ORIGINAL_LAYOUT);
    assert.is(e.ruleNow()!.properties.enabled, false);
    assert.is(e.drill.executions(e.experiment!.id)[0]!.status, 'Cancelled');
    assert.not.ok(existsSync(file), 'the journal is deleted once everything is restored');
  } finally {
    await e.arm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('usage: a scenario without a plan, a bad duration, --restore of something that is no journal', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-drill-cli-'));
  try {
    const noPlan = await drillCli([SPEC, 'regionOutage/mars', '--resource-group', RG, '--arm-endpoint', 'https://127.0.0.1:1'], '');
    assert.is(noPlan.code, 2);
    assert.match(noPlan.err, /no service has a recovery plan for 'regionOutage\/mars'/);
    const bad = await drillCli([SPEC, SCENARIO, '--resource-group', RG, '--timeout', 'soon', '--arm-endpoint', 'https://127.0.0.1:1'], '');
    assert.is(bad.code, 2);
    assert.match(bad.err, /--timeout takes a duration such as 30m or 2h, not 'soon'/);
    const noJournal = await drillCli(['--restore', path.join(dir, 'missing.json')], '');
    assert.is(noJournal.code, 2);
    assert.match(noJournal.err, /cannot read .*missing\.json: ENOENT/);
    const noRg = await drillCli([SPEC, SCENARIO], '');
    assert.is(noRg.code, 2);
    assert.match(noRg.err, /--resource-group/);
    assert.is(fact('drill', 'defaultTimeout'), 'PT2H');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--if-due: outside a due window the drill touches nothing and says when the next one is; without a schedule it is a usage error', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-drill-due-'));
  try {
    const scheduled = readFileSync(path.join(root, SPEC), 'utf8').replace('drill: { receivers: [drill-team], detectWithin: 30m, timeout: 2h }', 'drill: { receivers: [drill-team], detectWithin: 30m, timeout: 2h, every: 90d, window: { day: Tue, start: "09:00" } }');
    assert.match(scheduled, /every: 90d/);
    const spec = path.join(dir, 'shop.yaml');
    writeFileSync(spec, scheduled);
    const now = new Date('2026-12-01T10:00:00Z');
    const notDue = !drillDue('90d', { day: 'Tue', start: '09:00' }, now);
    assert.ok(notDue, 'the fixed date is not a due window (the schedule tests cover the due ones)');
    // An endpoint nothing listens on: a drill that went ahead would fail to connect.
    const r = await drillCommand([spec], SCENARIO, { resourceGroup: RG, endpoint: 'https://127.0.0.1:1', credential: testCredential, ifDue: true, clock: { now: () => now }, out: dir });
    assert.ok(r.ok && r.report === undefined, JSON.stringify(r));
    if (r.ok && r.report === undefined) assert.is(r.notDue.next, nextDrill('90d', { day: 'Tue', start: '09:00' }, now).toISOString());
    assert.equal(readdirSync(dir), ['shop.yaml'], 'no report, no journal');
    const unscheduled = await drillCli([SPEC, SCENARIO, '--resource-group', RG, '--if-due', '--arm-endpoint', 'https://127.0.0.1:1'], '');
    assert.is(unscheduled.code, 2);
    assert.match(unscheduled.err, /--if-due needs recovery\.drill\.every and recovery\.drill\.window/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
