/**
 * azslo → OpenSLO: calendar windows as OpenSLO calendar time windows, alert policies that show the window set the
 * SLO's alerts run with (the spec's own sets included), what the annotations keep so that import gives it back, and
 * an SLI kind export does not write reported as a diagnostic.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import path from 'node:path';
import { loadSources, parseSource } from '../../src/load/source.js';
import { validateDocuments, type ValidatedService } from '../../src/validate/index.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { checkOpenSloExport, checkOpenSloObject, exportOpenSlo, importOpenSlo, EXPORTED_SLI_KINDS } from '../../src/openslo/index.js';
import { sliCatalog } from '../../src/catalog/index.js';
import { slug as slugOf } from '../../src/model/names.js';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { root } from '../helpers/bicep.js';
import { baseSpec, validateSpec } from '../helpers/specs.js';

type Obj = Record<string, any>;

async function exampleSpec(name: string): Promise<ServiceSpec> {
  const loaded = await loadSources([path.join(root, 'examples', name)]);
  const valid = validateDocuments(loaded.documents, loaded.diagnostics);
  assert.ok(valid.ok, valid.diagnostics.map(formatDiagnostic).join('\n'));
  return valid.services[0]!.spec;
}

const objects = (spec: ServiceSpec): Obj[] => exportOpenSlo([spec])[0]!.objects as Obj[];
const ofKind = (os: Obj[], kind: string) => os.filter((o) => o.kind === kind);
const named = (os: Obj[], name: string) => os.find((o) => o.metadata.name === name)!;

function validSpec(overrides: Record<string, unknown>): ServiceSpec {
  const r = validateSpec(baseSpec(overrides));
  assert.ok(r.ok, r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.services[0]!.spec;
}

test('a calendar window is an OpenSLO calendar window: 1w, 1M or 1Q from 2024-01-01 00:00:00 (a Monday, a 1st of a month and of a quarter) in its time zone', async () => {
  const slos = ofKind(objects(await exampleSpec('monthly-payroll')), 'SLO');
  assert.equal(
    slos.map((s) => s.spec.timeWindow),
    [
      [{ duration: '1M', isRolling: false, calendar: { startTime: '2024-01-01 00:00:00', timeZone: 'Europe/Berlin' } }],
      [{ duration: '1Q', isRolling: false, calendar: { startTime: '2024-01-01 00:00:00', timeZone: 'Europe/Berlin' } }],
    ],
  );
  // Quoted: a YAML 1.1 parser would read the plain value as a timestamp.
  assert.match(exportOpenSlo([await exampleSpec('monthly-payroll')])[0]!.text, /\n {8}startTime: "2024-01-01 00:00:00"\n/);
  const slo = baseSpec().slos as Obj[];
  const week = objects(validSpec({ slos: [{ ...slo[0], window: { calendar: 'week' } }] }));
  // A calendar window without a time zone is UTC's, and says so.
  assert.equal(ofKind(week, 'SLO')[0]!.spec.timeWindow, [{ duration: '1w', isRolling: false, calendar: { startTime: '2024-01-01 00:00:00', timeZone: 'UTC' } }]);
  for (const o of week) assert.equal(checkOpenSloObject(o), []);
});

test("the alert policies show the pairs the SLO's alerts run with: the spec's own window set, as the model resolves it", async () => {
  const spec = await exampleSpec('monthly-payroll');
  const os = objects(spec);
  const model = buildServiceModel(spec);
  for (const [i, slo] of model.slos.entries()) {
    for (const alert of slo.alerts) {
      const sloObject = ofKind(os, 'SLO')[i]!;
      const ref = (sloObject.spec.alertPolicies as Obj[]).map((p) => p.alertPolicyRef).find((n: string) => n.endsWith(`-${alert.kind}`));
      const condition = named(os, ref).spec.conditions[0].spec.condition;
      const first = alert.windows.pairs[0]!;
      assert.equal([condition.threshold, condition.lookbackWindow, condition.alertAfter], [first.burnRate, first.long, first.short], `${slo.name} ${alert.kind}`);
    }
  }
  // Payslips page at 10 over 1h (the set's, not the catalog's 14.4); the ticket's 10 % in 1d is burn rate 3 for a month.
  const page = named(os, 'payslip-availability-page').spec;
  assert.equal(page.conditions[0].spec.condition, { kind: 'burnrate', op: 'gte', threshold: 10, lookbackWindow: '1h', alertAfter: '5m' });
  assert.match(page.description, /burn rates of window set 'payroll' of the spec: 10× over 1h and 5m; 6× over 6h and 30m\)/);
  assert.is(named(os, 'payslip-availability-ticket').spec.conditions[0].spec.condition.threshold, 3);
});

test('alertingDefaults and windowSets are kept on the Service, alerting.windows on the SLO; inherited targets are the policy targets, marked as inherited', async () => {
  const spec = await exampleSpec('monthly-payroll');
  const os = objects(spec);
  const notes = ofKind(os, 'Service')[0]!.metadata.annotations;
  assert.equal(JSON.parse(notes['azslo.dev/alerting-defaults']), spec.alertingDefaults);
  assert.equal(JSON.parse(notes['azslo.dev/window-sets']), spec.windowSets);
  const page = named(os, 'payslip-availability-page');
  assert.equal(page.spec.notificationTargets, [{ targetRef: 'payroll-oncall' }]);
  assert.is(page.metadata.annotations['azslo.dev/notify-from-defaults'], 'true');
  assert.equal(named(os, 'payslip-availability-ticket').spec.notificationTargets, [{ targetRef: 'hr-tickets' }]);
  // Its own notify list: not marked.
  assert.is(named(os, 'payment-runs-page').metadata.annotations['azslo.dev/notify-from-defaults'], undefined);

  const slo = (baseSpec().slos as Obj[])[0]!;
  const sets = { slow: { page: { evaluationFrequency: 'PT5M', pairs: [{ long: '1h', short: '5m', burnRate: 12 }] }, ticket: { evaluationFrequency: 'PT30M', minimumEvents: 5, pairs: [{ long: '1d', short: '2h', burnRate: 2 }] } } };
  const own = validSpec({ windowSets: sets, slos: [{ ...slo, alerting: { windows: 'slow', minimumEvents: 50, page: { notify: ['oncall'], minimumEvents: 10 }, ticket: { notify: ['oncall'] } } }] });
  const exported = objects(own);
  assert.is(ofKind(exported, 'SLO')[0]!.metadata.annotations['azslo.dev/windows'], 'slow');
  assert.is(ofKind(exported, 'SLO')[0]!.metadata.annotations['azslo.dev/minimum-events'], '50');
  assert.is(named(exported, 'api-availability-page').metadata.annotations['azslo.dev/minimum-events'], '10');
  assert.is(named(exported, 'api-availability-page').spec.conditions[0].spec.condition.threshold, 12);
  const back = importOpenSlo(exportOpenSlo([own]).flatMap((f) => parseSource(f.path, f.text).documents));
  assert.ok(back.ok, back.diagnostics.map(formatDiagnostic).join('\n'));
  assert.equal(back.services[0]!.spec.slos[0]!.alerting, own.slos[0]!.alerting);
  assert.equal(back.services[0]!.spec.windowSets, sets);
});

test('an alert tier its window set lacks never fires and has no policy: it is kept with the SLO and comes back', () => {
  const slo = (baseSpec().slos as Obj[])[0]!;
  const sets = { pages: { page: { evaluationFrequency: 'PT5M', pairs: [{ long: '1h', short: '5m', burnRate: 14.4 }] } } };
  const r = validateSpec(baseSpec({ windowSets: sets, slos: [{ ...slo, alerting: { windows: 'pages', page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } } }] }));
  assert.ok(r.ok, r.diagnostics.map(formatDiagnostic).join('\n'));
  const spec = r.services[0]!.spec;
  const os = objects(spec);
  assert.equal(ofKind(os, 'AlertPolicy').map((p) => p.metadata.name), ['api-availability-page']);
  assert.equal(JSON.parse(ofKind(os, 'SLO')[0]!.metadata.annotations['azslo.dev/alerts-without-targets']), { ticket: { notify: ['oncall'] } });
  const back = importOpenSlo(exportOpenSlo([spec]).flatMap((f) => parseSource(f.path, f.text).documents));
  assert.equal(back.services[0]!.spec.slos[0]!.alerting, spec.slos[0]!.alerting);
});

test('the gateway SLIs keep the resources they read, with their diagnostic settings, on the Service', async () => {
  const spec = await exampleSpec('aks-baseline');
  const service = ofKind(objects(spec), 'Service')[0]!;
  const read = JSON.parse(service.metadata.annotations['azslo.dev/resources']);
  assert.equal(read, [
    {
      id: '/subscriptions/00000000-0000-0000-0000-00000000c003/resourceGroups/rg-bu0001a0008/providers/Microsoft.Network/applicationGateways/apw-aks-bu0001a0008',
      diagnostics: { categories: ['ApplicationGatewayAccessLog'], emit: true },
    },
  ]);
  const back = importOpenSlo(exportOpenSlo([spec]).flatMap((f) => parseSource(f.path, f.text).documents));
  assert.ok(back.ok, back.diagnostics.map(formatDiagnostic).join('\n'));
  assert.equal(back.services[0]!.spec.resources, read);
});

test('the platform metric SLIs: their options in azslo.dev/sli, their AzureMetrics KQL as the queries, the resources they read (by name) with metrics: true', async () => {
  const spec = await exampleSpec('edge-frontdoor');
  const os = objects(spec);
  const read = JSON.parse(ofKind(os, 'Service')[0]!.metadata.annotations['azslo.dev/resources']);
  assert.equal(read.map((r: Obj) => [r.id.split('/').pop(), r.diagnostics]), [
    ['afd-edge-shop', { metrics: true }],
    ['app-shop-weu', { metrics: true }],
    ['app-shop-neu', { metrics: true }],
  ]);
  const edge = named(os, 'edge-availability').spec.indicator;
  assert.equal(JSON.parse(edge.metadata.annotations['azslo.dev/sli']), { metricThreshold: spec.slos[0]!.sli.metricThreshold });
  assert.match(edge.spec.ratioMetric.good.metricSource.spec.kqlQuery, /^AzureMetrics\n/);
  assert.is(edge.spec.ratioMetric.good.metricSource.spec.column, 'Good');
  assert.match(edge.spec.description, /per time slice of AzureMetrics/);
  const back = importOpenSlo(exportOpenSlo([spec]).flatMap((f) => parseSource(f.path, f.text).documents));
  assert.ok(back.ok, back.diagnostics.map(formatDiagnostic).join('\n'));
  assert.equal(back.diagnostics, []);
  assert.equal(back.services[0]!.spec.resources, read);
  assert.equal(back.services[0]!.spec.slos.map((s) => s.sli), spec.slos.map((s) => s.sli));
  // The model binds each SLI to the same declared resource again.
  assert.equal(buildServiceModel(back.services[0]!.spec).slos.map((s) => s.metricResource), buildServiceModel(spec).slos.map((s) => s.metricResource));
});

test('azslo.dev/gateways, which earlier exports wrote, is still read: its resources are declared again', async () => {
  const spec = await exampleSpec('aks-baseline');
  const files = exportOpenSlo([spec]);
  const older = files.map((f) => f.text.replace('azslo.dev/resources:', 'azslo.dev/gateways:'));
  assert.ok(older[0]!.includes('azslo.dev/gateways:'));
  const back = importOpenSlo(older.flatMap((text, i) => parseSource(files[i]!.path, text).documents));
  assert.ok(back.ok, back.diagnostics.map(formatDiagnostic).join('\n'));
  assert.equal(back.services[0]!.spec.resources!.map((r) => r.id.split('/').pop()), ['apw-aks-bu0001a0008']);
});

test('the maintenance windows that correct an SLI are kept (azslo.dev/corrections); windows that only silence alerts stay in the spec', async () => {
  const spec = await exampleSpec('maintenance');
  const corrections = JSON.parse(ofKind(objects(spec), 'Service')[0]!.metadata.annotations['azslo.dev/corrections']);
  assert.equal(corrections, spec.maintenance!.filter((w) => w.correct));
  assert.equal(corrections.map((w: Obj) => w.name), ['weekly-patching']);
  const back = importOpenSlo(exportOpenSlo([spec]).flatMap((f) => parseSource(f.path, f.text).documents));
  assert.ok(back.ok, back.diagnostics.map(formatDiagnostic).join('\n'));
  assert.equal(back.services[0]!.spec.maintenance, corrections);
});

test("an SLO's budget alerts are kept in azslo.dev/budget and come back", async () => {
  const spec = await exampleSpec('resilient-api');
  const budgeted = spec.slos.find((s) => s.alerting?.budget !== undefined)!;
  assert.equal(JSON.parse(named(objects(spec), slugOf(budgeted.name)).metadata.annotations['azslo.dev/budget']), budgeted.alerting!.budget);
  const back = importOpenSlo(exportOpenSlo([spec]).flatMap((f) => parseSource(f.path, f.text).documents));
  assert.ok(back.ok, back.diagnostics.map(formatDiagnostic).join('\n'));
  assert.equal(back.services[0]!.spec.slos.find((s) => s.name === budgeted.name)!.alerting!.budget, budgeted.alerting!.budget);
});

test('every SLI kind of the catalog has its OpenSLO form; a kind export does not know is AZSLO070 at the SLI in the spec, not a crash', () => {
  assert.equal([...sliCatalog().keys()].filter((k) => !EXPORTED_SLI_KINDS.has(k)), []);
  const text = [
    'apiVersion: azslo/v1',
    'kind: Service',
    'metadata: { name: checkout, owner: team, environment: prod }',
    'slos:',
    '  - name: api-availability',
    '    sli: { requestAvailability: { roleName: api } }',
    '    objective: 99.9',
    '    window: 30d',
    '  - name: future',
    '    sli:',
    '      someFutureKind: { query: x }',
    '    objective: 99',
    '    window: 30d',
    '',
  ].join('\n');
  const source = parseSource('spec.yaml', text).documents[0]!;
  const service: ValidatedService = { spec: source.data as ServiceSpec, source };
  const problems = checkOpenSloExport([service]);
  assert.equal(problems.map((d) => [d.code, d.severity, d.position.line, d.path]), [['AZSLO070', 'error', 11, 'slos[1].sli.someFutureKind']]);
  assert.match(problems[0]!.message, /does not write someFutureKind SLIs yet \(SLO future\)/);
  assert.throws(() => exportOpenSlo([service.spec]), /checkOpenSloExport/);
});

test.run();
