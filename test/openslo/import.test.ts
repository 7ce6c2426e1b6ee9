/**
 * OpenSLO v1 → azslo: what each OpenSLO form becomes, and what it cannot become (a diagnostic at its place in the
 * OpenSLO file, never an exception).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseSource } from '../../src/load/source.js';
import { importOpenSlo } from '../../src/openslo/index.js';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.js';

const WS = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-test';
const AI = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Insights/components/ai-test';

const service = { apiVersion: 'openslo/v1', kind: 'Service', metadata: { name: 'shop', labels: { owner: 'team-shop', env: 'prod', tier: ['gold', 'eu'] } } };
const dataSource = { apiVersion: 'openslo/v1', kind: 'DataSource', metadata: { name: 'logs' }, spec: { type: 'AzureMonitor', connectionDetails: [{ workspaceResourceId: WS }, { appInsightsResourceId: AI }, { location: 'westeurope' }] } };
const source = (kqlQuery: string, extra: object = {}) => ({ metricSource: { metricSourceRef: 'logs', spec: { kqlQuery, ...extra } } });

const slo = (name: string, spec: object, metadata: object = {}) => ({
  apiVersion: 'openslo/v1',
  kind: 'SLO',
  metadata: { name, ...metadata },
  spec: { service: 'shop', budgetingMethod: 'Occurrences', timeWindow: [{ duration: '30d', isRolling: true }], objectives: [{ target: 0.999 }], ...spec },
});
const ratio = (good: string, total: string) => ({ indicator: { metadata: { name: 'sli' }, spec: { ratioMetric: { counter: false, good: source(good), total: source(total) } } } });

const run = (...objects: object[]) => importOpenSlo(parseSource('openslo.yaml', objects.map((o) => stringify(o)).join('---\n')).documents);
const ok = (r: ReturnType<typeof run>) => {
  assert.ok(r.ok, r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.services[0]!.spec;
};

test('a good/total ratio of Azure Monitor queries is a raw SLI with the queries as written; target 0.999 is 99.9 %, 4w is 28d', () => {
  const spec = ok(run(service, dataSource, slo('checkout', { ...ratio('AppRequests | where Success', 'AppRequests'), timeWindow: [{ duration: '4w', isRolling: true }] }, { displayName: 'Checkout works' })));
  assert.equal(spec.slos, [{ name: 'Checkout works', sli: { raw: { good: 'AppRequests | where Success', total: 'AppRequests' } }, objective: 99.9, window: '28d' }]);
  assert.equal(spec.azure, { workspace: WS, appInsights: AI, location: 'westeurope' });
  assert.equal([spec.metadata.owner, spec.metadata.environment], ['team-shop', 'prod']);
  assert.equal(spec.metadata.tags, { tier: 'gold,eu' });
});

test('a bad/total ratio counts good events as total minus bad: the bad rows weigh −1 in the good query', () => {
  const spec = ok(run(service, dataSource, slo('checkout', { indicator: { metadata: { name: 'sli' }, spec: { ratioMetric: { counter: false, bad: source('AppRequests | where ResultCode startswith "5"'), total: source('AppRequests') } } } })));
  const raw = spec.slos[0]!.sli.raw!;
  assert.is(raw.total, 'AppRequests');
  assert.match(raw.good, /azslo_all \| extend ItemCount = tolong\(column_ifexists\("ItemCount", 1\)\)/);
  assert.match(raw.good, /azslo_bad \| extend ItemCount = -tolong\(column_ifexists\("ItemCount", 1\)\)/);
  assert.ok(raw.good.includes('AppRequests | where ResultCode startswith "5"'));
});

test('a threshold metric: each row is a data point, good when its valueColumn meets the objective', () => {
  const threshold = { indicator: { metadata: { name: 'sli' }, spec: { thresholdMetric: source('AppRequests', { valueColumn: 'DurationMs' }) } } };
  const spec = ok(run(service, dataSource, slo('latency', { ...threshold, objectives: [{ op: 'lt', value: 300, targetPercent: 99.5 }] })));
  assert.equal(spec.slos[0]!.objective, 99.5);
  assert.match(spec.slos[0]!.sli.raw!.good, /\| where DurationMs < 300\.0$/);
  const missing = run(service, dataSource, slo('latency', { indicator: { metadata: { name: 'sli' }, spec: { thresholdMetric: source('AppRequests') } }, objectives: [{ op: 'lt', value: 300, target: 0.99 }] }));
  assert.equal(missing.diagnostics.map((d) => [d.code, d.message]), [['AZSLO070', 'a threshold metric needs the column that holds its value (metricSource.spec.valueColumn)']]);
});

test('a referenced threshold SLI needs op and value on the objective; a Service without SLOs is said to give no spec', () => {
  const sli = { apiVersion: 'openslo/v1', kind: 'SLI', metadata: { name: 'duration' }, spec: { thresholdMetric: source('AppRequests', { valueColumn: 'DurationMs' }) } };
  const r = run(service, dataSource, sli, slo('latency', { indicatorRef: 'duration', objectives: [{ target: 0.99 }] }));
  assert.equal(r.diagnostics.map((d) => [d.code, d.path]), [['AZSLO069', 'spec.objectives[0]']]);
  const lonely = run(service, dataSource);
  assert.equal(lonely.diagnostics.map((d) => [d.code, d.severity, d.message]), [['AZSLO071', 'warning', 'service shop has no SLO among the inputs: no azslo spec is written for it']]);
  assert.equal(lonely.services, []);
});

test('an SLO with several objectives becomes one azslo SLO per objective, named by the objective', () => {
  const threshold = { indicator: { metadata: { name: 'sli' }, spec: { thresholdMetric: source('AppRequests', { valueColumn: 'DurationMs' }) } } };
  const spec = ok(run(service, dataSource, slo('latency', { ...threshold, objectives: [{ displayName: 'fast', op: 'lte', value: 200, target: 0.9 }, { displayName: 'not slow', op: 'lte', value: 1000, target: 0.99 }] })));
  assert.equal(spec.slos.map((s) => [s.name, s.objective]), [['latency fast', 90], ['latency not slow', 99]]);
});

test("alert policies: severity page is a page alert, a long lookback a ticket; e-mail targets become receivers, others are left out with a warning", () => {
  const policy = (name: string, severity: string, lookbackWindow: string, target: string) => ({
    kind: 'AlertPolicy',
    metadata: { name },
    spec: { conditions: [{ kind: 'AlertCondition', metadata: { name: `${name}-c` }, spec: { severity, condition: { kind: 'burnrate', op: 'gte', threshold: 2, lookbackWindow } } }], notificationTargets: [{ kind: 'AlertNotificationTarget', metadata: { name: `${name}-t` }, spec: { target } }] },
  });
  const r = run(service, dataSource, slo('checkout', { ...ratio('AppRequests | where Success', 'AppRequests'), alertPolicies: [policy('fast', 'page', '1h', 'oncall@contoso.com'), policy('slow', 'minor', '3d', 'slack')] }));
  const spec = ok(r);
  assert.equal(spec.slos[0]!.alerting, { page: { notify: ['fast-t'] }, ticket: {} });
  assert.equal(spec.notifications, { 'fast-t': { email: ['oncall@contoso.com'] } });
  assert.equal(r.diagnostics.map((d) => d.code), ['AZSLO071', 'AZSLO071', 'AZSLO071']);
  assert.ok(r.diagnostics.every((d) => d.severity === 'warning'));
});

test('the SDK style — one document holding a list of objects — is read as well, with positions inside the list', () => {
  const text = stringify([service, dataSource, slo('checkout', { ...ratio('AppRequests | where Success', 'AppRequests'), budgetingMethod: 'RatioTimeslices', objectives: [{ target: 0.999, timeSliceWindow: '5m' }] })]);
  const r = importOpenSlo(parseSource('all.yaml', text).documents);
  assert.equal(r.diagnostics.map((d) => [d.code, d.path]), [['AZSLO070', '[2].spec.budgetingMethod']]);
  assert.is(r.diagnostics[0]!.position.line, text.split('\n').findIndex((l) => l.includes('RatioTimeslices')) + 1);
});

test('rolling windows: 48h is 2d; 36h and a rolling month are not whole days', () => {
  const windowed = (timeWindow: object) => run(service, dataSource, slo('checkout', { ...ratio('AppRequests | where Success', 'AppRequests'), timeWindow: [timeWindow] }));
  assert.is(ok(windowed({ duration: '48h', isRolling: true })).slos[0]!.window, '2d');
  assert.match(windowed({ duration: '36h', isRolling: true }).diagnostics[0]!.message, /not a whole number of days/);
  assert.match(windowed({ duration: '1M', isRolling: true }).diagnostics[0]!.message, /not a whole number of days/);
});

const calendarWindow = (duration: string, startTime: string, timeZone = 'Europe/Berlin') => run(service, dataSource, slo('checkout', { ...ratio('AppRequests | where Success', 'AppRequests'), timeWindow: [{ duration, isRolling: false, calendar: { startTime, timeZone } }] }));

test('calendar windows: a week from a Monday, a month from the 1st, a quarter from the 1st of January, April, July or October, at local midnight, in their time zone', () => {
  const window = (duration: string, startTime: string, timeZone?: string) => ok(calendarWindow(duration, startTime, timeZone)).slos[0]!.window;
  assert.equal(window('1M', '2026-03-01 00:00:00'), { calendar: 'month', timeZone: 'Europe/Berlin' });
  assert.equal(window('1w', '2024-01-08 00:00:00', 'UTC'), { calendar: 'week', timeZone: 'UTC' });
  assert.equal(window('7d', '2026-06-01 00:00:00'), { calendar: 'week', timeZone: 'Europe/Berlin' });
  assert.equal(window('1Q', '2026-04-01 00:00:00', 'America/New_York'), { calendar: 'quarter', timeZone: 'America/New_York' });
  assert.equal(window('3M', '2025-10-01 00:00:00'), { calendar: 'quarter', timeZone: 'Europe/Berlin' });
});

test('calendar windows azslo cannot express are AZSLO070 at the duration or the start time', () => {
  const refused = (duration: string, startTime: string) => calendarWindow(duration, startTime).diagnostics.map((d) => [d.code, d.path, d.message]);
  assert.equal(refused('2M', '2026-01-01 00:00:00'), [['AZSLO070', 'spec.timeWindow[0].duration', 'a calendar window of 2M has no azslo form']]);
  assert.equal(refused('1Y', '2026-01-01 00:00:00'), [['AZSLO070', 'spec.timeWindow[0].duration', 'a calendar window of 1Y has no azslo form']]);
  assert.equal(refused('1M', '2026-01-15 00:00:00'), [['AZSLO070', 'spec.timeWindow[0].calendar.startTime', 'the calendar window starts at 2026-01-15 00:00:00, which is not midnight of the 1st of a month']]);
  assert.equal(refused('1w', '2024-01-03 00:00:00'), [['AZSLO070', 'spec.timeWindow[0].calendar.startTime', 'the calendar window starts at 2024-01-03 00:00:00, which is not midnight of a Monday']]);
  assert.equal(refused('1Q', '2026-02-01 00:00:00'), [['AZSLO070', 'spec.timeWindow[0].calendar.startTime', 'the calendar window starts at 2026-02-01 00:00:00, which is not midnight of the 1st of January, April, July or October']]);
  assert.equal(refused('1M', '2026-01-01 06:00:00')[0]![1], 'spec.timeWindow[0].calendar.startTime');
  // At the line of the start time in the OpenSLO file.
  const d = calendarWindow('1M', '2026-01-15 00:00:00').diagnostics[0]!;
  const text = [service, dataSource, slo('checkout', { ...ratio('AppRequests | where Success', 'AppRequests'), timeWindow: [{ duration: '1M', isRolling: false, calendar: { startTime: '2026-01-15 00:00:00', timeZone: 'Europe/Berlin' } }] })].map((o) => stringify(o)).join('---\n');
  assert.is(d.position.line, text.split('\n').findIndex((l) => l.includes('startTime:')) + 1);
  assert.match(formatDiagnostic(d), new RegExp(`^openslo\\.yaml:${d.position.line}:\\d+: error AZSLO070: `));
});

test('a calendar start time or time zone the OpenSLO rules refuse is AZSLO069; a zone Kusto does not know is reported on the imported spec', () => {
  const errors = (r: ReturnType<typeof run>) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.path]);
  assert.equal(errors(calendarWindow('1M', '2026-01-01T00:00:00Z')), [['AZSLO069', 'spec.timeWindow[0].calendar.startTime']]);
  assert.equal(errors(calendarWindow('1M', '2026-02-30 00:00:00')), [['AZSLO069', 'spec.timeWindow[0].calendar.startTime']]);
  assert.equal(errors(calendarWindow('1M', '2026-01-01 00:00:00', 'Mars/Olympus')), [['AZSLO069', 'spec.timeWindow[0].calendar.timeZone']]);
  assert.equal(errors(calendarWindow('1M', '2026-01-01 00:00:00', 'Local')), [['AZSLO069', 'spec.timeWindow[0].calendar.timeZone']]);
  // ICU knows it in other capitals, Kusto only as Europe/Berlin: the imported spec's AZSLO062, at the SLO.
  const lower = calendarWindow('1M', '2026-01-01 00:00:00', 'europe/berlin').diagnostics;
  assert.equal(lower.map((d) => [d.code, d.path]), [['AZSLO072', '']]);
  assert.match(lower[0]!.message, /AZSLO062 at slos\[0\]\.window\.timeZone/);
});

test('an imported query that does not bind against the table schemas is reported at the OpenSLO SLO', () => {
  const objects = [service, dataSource, slo('checkout', ratio('AppRequests | where NoSuchColumn == 1', 'AppRequests'))];
  const r = run(...objects);
  assert.is(r.ok, false);
  // The SLO is the third document: its first line follows the first two and their separators.
  const sloLine = objects.slice(0, 2).reduce((n, o) => n + stringify(o).split('\n').length, 1);
  assert.equal(r.diagnostics.map((d) => [d.code, d.position.line]), [['AZSLO072', sloLine]]);
  assert.match(r.diagnostics[0]!.message, /AZSLO018/);
});

test("the service annotations azslo export writes must hold JSON of their shape: AZSLO069 at the annotation, AZSLO072 for what the spec's validation refuses", () => {
  const annotated = (annotations: Record<string, string>) => run({ ...service, metadata: { ...service.metadata, annotations } }, dataSource, slo('checkout', ratio('AppRequests | where Success', 'AppRequests')));
  const broken = annotated({ 'azslo.dev/window-sets': '{not json', 'azslo.dev/gateways': '{"id": "x"}', 'azslo.dev/resources': '[{"diagnostics":{}}]', 'azslo.dev/corrections': '{"name":"x"}' });
  assert.equal(broken.diagnostics.map((d) => [d.code, d.path]), [
    ['AZSLO069', 'metadata.annotations.azslo.dev/window-sets'],
    ['AZSLO069', 'metadata.annotations.azslo.dev/gateways'],
    ['AZSLO069', 'metadata.annotations.azslo.dev/resources'],
    ['AZSLO069', 'metadata.annotations.azslo.dev/corrections'],
  ]);
  const budget = run(service, dataSource, slo('checkout', ratio('AppRequests | where Success', 'AppRequests'), { annotations: { 'azslo.dev/budget': '[50]' } }));
  assert.equal(budget.diagnostics.map((d) => [d.code, d.path]), [['AZSLO069', 'metadata.annotations.azslo.dev/budget']]);
  const unknownSet = annotated({ 'azslo.dev/alerting-defaults': '{"windows":"nope"}' });
  assert.equal(unknownSet.diagnostics.map((d) => d.code), ['AZSLO072']);
  assert.match(unknownSet.diagnostics[0]!.message, /AZSLO064/);
  const kept = ok(annotated({ 'azslo.dev/alerting-defaults': '{"page":{"severity":1}}' }));
  assert.equal(kept.alertingDefaults, { page: { severity: 1 } });
});

test('whatever the input, import answers with diagnostics, never an exception', () => {
  fc.assert(
    fc.property(fc.array(fc.anything(), { maxLength: 4 }), fc.constantFrom('SLO', 'SLI', 'AlertPolicy', 'DataSource', 'Service'), (specs, kind) => {
      const text = specs.map((spec) => stringify({ apiVersion: 'openslo/v1', kind, metadata: { name: 'x' }, spec }) ?? '').join('---\n');
      const r = importOpenSlo(parseSource('fuzz.yaml', text).documents);
      assert.type(r.ok, 'boolean');
    }),
    { numRuns: 300 },
  );
});

test.run();
