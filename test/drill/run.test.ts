/**
 * A drill end to end (runDrill) against the local ARM endpoint playing Chaos Studio, the alerts API, alert processing
 * rules and log queries, with the plan's runbook running under the real PowerShell as Automation jobs: a passing drill
 * measures detection and recovery and leaves the estate and the processing rule as they were; a drill whose alert never
 * fires fails on detection and still fails back and restores; an interrupted drill cancels the experiment, fails back
 * and restores; the SLI check query binds with the real Kusto language service against the saved SLI function.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runDrill } from '../../src/drill/run.js';
import { parseDrillReport, serializeDrillReport } from '../../src/drplan/drill-report.js';
import { checkKql } from '../../src/kql/service.js';
import { sliFunctionBody } from '../../src/kql/sli.js';
import { drillEstate, ORIGINAL_LAYOUT } from '../helpers/drill-estate.js';
import { pwshTest } from '../helpers/pwsh.js';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'azslo-drill-'));

pwshTest(test)('a passing drill: experiment started, alert timed, failover and failback under PowerShell, SLI recovered, processing rule on during and restored after', async () => {
  const e = await drillEstate();
  const dir = tempDir();
  try {
    let ruleDuring: boolean | undefined;
    let scheduleDuring: unknown;
    e.drill.onExperimentStart(() => {
      ruleDuring = e.ruleNow()?.properties.enabled;
      scheduleDuring = e.ruleNow()?.properties.schedule;
      setTimeout(() => e.drill.fireAlert({ ruleId: e.pageRule, severity: 'Sev1' }), 300);
    });
    // The workspace answers as the journey would: hurt while the app is stopped, healthy once the plan has run.
    let failedOver = false;
    e.drill.answerQueries(() => ({ columns: [{ name: 'Good', type: 'long' }, { name: 'Total', type: 'long' }], rows: [failedOver ? [9995, 10000] : [4200, 10000]] }));
    const report = await runDrill(e.input, { connection: e.connection, journalRoot: dir, pollMs: 100, onEvent: (ev) => { if (ev.kind === 'recover' && /Completed/.test(ev.text)) failedOver = true; } });

    assert.is(report.outcome, 'passed', report.reason);
    assert.equal([ruleDuring, (scheduleDuring as { timeZone?: string }).timeZone], [true, 'UTC'], 'the processing rule is on, in a one-off window, while the drill runs');
    assert.equal(e.ruleNow(), { ...e.ruleNow(), properties: { ...e.ruleNow()!.properties, enabled: false } });
    assert.is(e.ruleNow()!.properties.schedule, undefined, 'restored exactly: no schedule left behind');
    assert.equal(e.layout(), ORIGINAL_LAYOUT, 'failed back: the original layout again');
    assert.is(e.recovery.calls('sql.failover').length, 2, 'planned over and planned back');
    assert.is(e.recovery.calls('sql.forceFailoverAllowDataLoss').length + e.recovery.calls('cosmos.offlineRegion').length, 0, 'a drill never forces');

    // Detection: measured from the alerts API, against the analysis' estimate.
    assert.is(report.injection.by, 'chaos');
    // The generated experiment: App Service stop on the westeurope app (Cosmos DB's failover fault is left out: the
    // plan's own planned step moves its write region).
    assert.equal(report.injection.faults, [{ resource: 'app-shop-1', urn: 'urn:csci:microsoft:appService:stop/1.0' }]);
    assert.is(report.injection.cancelled, true, 'the experiment (as long as the drill\'s timeout) was still running and was cancelled');
    // The alert fired while the silencing rule was on: nobody was paged through its action groups.
    const fired = e.drill.alerts()[0]!;
    assert.is(fired.suppressed, true, 'suppressed by the drill\'s alert processing rule');
    assert.equal(fired.notified, []);
    assert.is(e.drill.executions(e.experiment!.id)[0]!.status, 'Cancelled');
    assert.is(report.detection.status, 'pass', report.detection.reason);
    assert.ok(report.detection.measuredSeconds! >= 0.2 && report.detection.measuredSeconds! < 5, String(report.detection.measuredSeconds));
    assert.is(report.detection.targetSeconds, e.scenario.detection!.seconds);
    assert.equal(report.detection.alerts.map((a) => [a.rule, a.severity]), [[e.pageRule.split('/').pop(), 'Sev1']]);

    // Recovery and failback: each step of each phase, with the catalog's estimate beside it.
    assert.is(report.recovery.jobStatus, 'Completed');
    assert.is(report.recovery.job, report.id);
    assert.equal(report.recovery.steps.filter((s) => s.result === 'done').map((s) => s.resource), ['cosmos-shop', 'orders', 'pg-shop-1', 'stshopdata']);
    for (const s of report.recovery.steps) assert.is(s.estimatedSeconds, e.scenario.steps.find((x) => x.order === s.order)!.durationSeconds);
    // The scenario has no total estimate (a step's time is unpublished), so the recovery is measured, not judged.
    assert.is(e.scenario.totalSeconds, undefined);
    assert.equal([report.recovery.status, report.recovery.targetSeconds], ['unmeasured', undefined]);
    assert.ok(report.recovery.measuredSeconds! > 0);
    assert.match(report.recovery.reason, /^recovered in .*; no estimate to compare with$/);
    assert.is(report.failback.status, 'Completed');
    assert.ok(report.failback.steps.some((s) => s.resource === 'orders' && s.result === 'done'));
    assert.is(report.dataLoss.status, 'unmeasured');

    // The journey: the SLI function polled through ARM until good, end-to-end against the RTO.
    assert.is(report.sli.status, 'recovered');
    assert.is(report.sli.slo, 'api-availability');
    assert.equal(report.sli.checks.map((c) => [c.good, c.total]), [[4200, 10000], [9995, 10000]], 'read once during the disruption, then until recovered');
    assert.is(report.sli.degraded, true, 'the disruption reached the journey');
    const alias = e.service.slos.find((x) => x.name === 'api-availability')!.functionAlias;
    assert.equal(e.drill.queries().map((q) => [q.query.startsWith(`${alias}()`), q.timespan]), [[true, 'PT300S'], [true, 'PT300S']], 'the saved SLI function, over the last 5 minutes');
    assert.is(report.endToEnd.status, 'pass', report.endToEnd.reason);
    assert.is(report.endToEnd.targetSeconds, 4 * 3600);

    assert.equal(report.restored.map((r) => [r.kind, r.status]), [['experiment', 'restored'], ['failback', 'restored'], ['alert-processing-rule', 'restored']]);
    assert.equal(report.timeline.map((t) => t.kind).filter((k, i, all) => k !== all[i - 1]), ['announce', 'inject', 'detect', 'sli', 'recover', 'sli', 'restore', 'failback', 'restore', 'end'], 'the SLI read during the disruption, then after the failover; the experiment ended (restore) before the failback, the rules put back last');
    assert.not.ok(existsSync(path.join(dir, '.journal', `${report.id}.json`)), 'the journal is gone once everything is restored');
    const back = parseDrillReport(serializeDrillReport(report));
    assert.ok(back.ok);
  } finally {
    await e.arm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

pwshTest(test)('an alert that never fires fails the drill on detection; it still recovers, fails back and restores', async () => {
  const e = await drillEstate();
  const dir = tempDir();
  try {
    e.answerSli(1000, 1000);
    const report = await runDrill({ ...e.input, detectWithinSeconds: 1 }, { connection: e.connection, journalRoot: dir, pollMs: 100 });
    assert.is(report.outcome, 'failed');
    assert.is(report.detection.status, 'fail');
    assert.match(report.detection.reason, /no alert of the service within 1 s/);
    assert.ok(report.detection.waitedSeconds >= 1);
    assert.match(report.reason, /failed on detection/);
    assert.is(report.recovery.jobStatus, 'Completed');
    assert.is(report.failback.status, 'Completed');
    assert.equal(e.layout(), ORIGINAL_LAYOUT);
    assert.is(e.ruleNow()!.properties.enabled, false);
    assert.ok(report.restored.every((r) => r.status === 'restored'), JSON.stringify(report.restored));
  } finally {
    await e.arm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

pwshTest(test)('interrupted while the Failover job runs: the job is let finish, the experiment cancelled, the failback run, the rule restored, outcome aborted', async () => {
  const e = await drillEstate();
  const dir = tempDir();
  const abort = new AbortController();
  try {
    e.drill.onExperimentStart(() => setTimeout(() => e.drill.fireAlert({ ruleId: e.pageRule }), 100));
    e.answerSli(0, 0);
    const report = await runDrill(e.input, {
      connection: e.connection,
      journalRoot: dir,
      signal: abort.signal,
      pollMs: 100,
      onEvent: (ev) => {
        if (ev.kind === 'recover' && ev.text.startsWith('job ')) abort.abort(new Error('Ctrl-C'));
      },
    });
    assert.is(report.outcome, 'aborted');
    assert.match(report.reason, /^interrupted: Ctrl-C; failed back and restored$/);
    assert.is(report.recovery.jobStatus, 'Completed', 'the Failover job ran to its end before the failback');
    assert.is(report.sli.status, 'not-checked');
    assert.is(report.injection.cancelled, true);
    assert.is(e.drill.executions(e.experiment!.id)[0]!.status, 'Cancelled');
    assert.is(report.failback.status, 'Completed');
    assert.equal(e.layout(), ORIGINAL_LAYOUT);
    assert.is(e.ruleNow()!.properties.enabled, false);
    assert.equal(report.restored.map((r) => [r.kind, r.status]), [['experiment', 'restored'], ['failback', 'restored'], ['alert-processing-rule', 'restored']]);
    assert.ok(report.timeline.some((t) => t.kind === 'abort'));
    // The order across services: the experiment is cancelled before the failback job starts, the rule put back last.
    const order = e.recovery.audit.map((a) => a.action).filter((a) => /chaos\.(start|cancel)|actionRule|sql\.failover/i.test(a));
    assert.ok(order.indexOf(order.find((a) => /cancel/i.test(a))!) < order.lastIndexOf('sql.failover'), order.join(', '));
  } finally {
    await e.arm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the overall timeout takes the same way out: nothing failed over yet, experiment cancelled, rule restored', async () => {
  const e = await drillEstate();
  const dir = tempDir();
  try {
    let t = Date.parse('2027-03-01T10:00:00Z');
    const report = await runDrill({ ...e.input, timeoutSeconds: 60, detectWithinSeconds: 600 }, {
      connection: e.connection,
      journalRoot: dir,
      pollMs: 1,
      clock: { now: () => new Date(t), sleep: async () => void (t += 20_000) },
    });
    assert.is(report.outcome, 'aborted');
    assert.match(report.reason, /^timeout: the drill took longer than 1 min/);
    assert.is(report.failback.job, undefined, 'the Failover phase never started: nothing to fail back');
    assert.equal(report.restored.map((r) => [r.kind, r.status]), [['experiment', 'restored'], ['failback', 'not-needed'], ['alert-processing-rule', 'restored']]);
    assert.is(e.ruleNow()!.properties.enabled, false);
    assert.equal(e.jobs.jobs.size, 0);
  } finally {
    await e.arm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('during an active incident the drill is refused and changes nothing', async () => {
  const e = await drillEstate();
  const dir = tempDir();
  try {
    e.drill.fireAlert({ ruleId: e.pageRule });
    const before = e.recovery.audit.length;
    const report = await runDrill(e.input, { connection: e.connection, journalRoot: dir, pollMs: 10 });
    assert.is(report.outcome, 'refused');
    assert.match(report.reason, /a real incident may be under way: .* has an alert Fired and not Closed/);
    assert.equal(e.recovery.audit.slice(before).map((a) => `${a.method} ${a.action}`), [], 'no PUT, PATCH or POST');
    assert.equal(e.jobs.jobs.size, 0);
    assert.equal(e.drill.executions(), []);
    assert.not.ok(existsSync(path.join(dir, '.journal')), 'no journal: nothing to undo');
  } finally {
    await e.arm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without drill receivers the drill refuses unless told to page on-call', async () => {
  const e = await drillEstate();
  const dir = tempDir();
  try {
    const r = await runDrill({ ...e.input, processingRules: [], receivers: false }, { connection: e.connection, journalRoot: dir });
    assert.is(r.outcome, 'refused');
    assert.match(r.reason, /would page on-call .* --page-on-call/);
    assert.equal(readdirSync(dir), []);
  } finally {
    await e.arm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the SLI check query binds with the Kusto language service against the SLO's saved function", async () => {
  const e = await drillEstate();
  await e.arm.close();
  const slo = e.service.slos.find((s) => s.name === e.input.slo!.name)!;
  const check = checkKql(e.input.slo!.query, 'workspace', [{ name: slo.functionAlias, body: sliFunctionBody(slo) }]);
  assert.equal(check.problems.filter((p) => p.severity === 'error'), [], e.input.slo!.query);
  assert.equal(check.columns, ['Good', 'Total']);
});

test.run();
