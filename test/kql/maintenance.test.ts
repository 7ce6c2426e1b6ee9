/**
 * The corrections of maintenance windows (docs/maintenance.md) in KQL: what each window leaves out of an SLI, with
 * its values through the escaping helpers, binding with the real Kusto language service.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { correctionsKql, sliFunctionBody } from '../../src/kql/sli.js';
import { checkKql, stringLiterals } from '../../src/kql/service.js';
import { buildMaintenance } from '../../src/model/maintenance.js';
import type { MaintenanceWindowSpec, ServiceSpec } from '../../src/model/spec.js';
import { buildServiceModel } from '../../src/model/service.js';
import { workbookQueries } from '../../src/resources/workbook.js';
import { baseSpec } from '../helpers/specs.js';

const windows = (...maintenance: MaintenanceWindowSpec[]) => buildMaintenance({ slos: [{ name: 'x' }], maintenance } as unknown as ServiceSpec);

test('a one-off window leaves out [from, until) in UTC, whatever offset the spec writes', () => {
  const kql = correctionsKql(windows({ name: 'm', schedule: { from: '2027-03-13T22:00:00+01:00', until: '2027-03-14T00:30:00+01:00' } }));
  assert.ok(kql.includes('| where not(TimeGenerated >= datetime(2027-03-13T21:00:00.000Z) and TimeGenerated < datetime(2027-03-13T23:30:00.000Z))'), kql);
});

test('a weekly window compares local days (Kusto counts from Sunday = 0) and local times in its zone, then drops its column', () => {
  const kql = correctionsKql(windows({ name: 'm', schedule: { weekly: { days: ['Sun', 'Mon', 'Sat'], start: '22:30', duration: '1h30m' }, timeZone: 'America/New_York' } }));
  assert.equal(
    kql.split('\n').filter((l) => !l.startsWith('{{')).slice(-3),
    [
      '| extend azslo_local_1 = datetime_utc_to_local(TimeGenerated, "America/New_York")',
      '| where not(toint(dayofweek(azslo_local_1) / 1d) in (0, 1, 6) and azslo_local_1 - startofday(azslo_local_1) >= 1350m and azslo_local_1 - startofday(azslo_local_1) < 1d)',
      '| project-away azslo_local_1',
    ],
  );
});

test('a monthly window compares the local day of the month', () => {
  const kql = correctionsKql(windows({ name: 'm', schedule: { monthly: { day: 15, start: '01:00', duration: '3h' }, timeZone: 'UTC' } }));
  assert.match(kql, /dayofmonth\(azslo_local_1\) == 15 and azslo_local_1 - startofday\(azslo_local_1\) >= 1h and azslo_local_1 - startofday\(azslo_local_1\) < 4h/);
});

test('the time zone reaches KQL as a string literal, exactly as written', () => {
  const kql = correctionsKql(windows({ name: 'm', schedule: { weekly: { days: ['Sun'], start: '02:00', duration: '1h' }, timeZone: 'America/Argentina/San_Juan' } }));
  assert.equal(stringLiterals(`print x = 1\n${kql}`), ['America/Argentina/San_Juan']);
});

test('an SLO is corrected by its correcting windows only: not by a window without correct, nor by one of another SLO', () => {
  const spec = baseSpec({
    slos: [
      { name: 'availability', sli: { requestAvailability: {} }, objective: 99, window: '30d' },
      { name: 'latency', sli: { requestLatency: { thresholdMs: 300 } }, objective: 99, window: '30d' },
    ],
    maintenance: [
      { name: 'patching', schedule: { weekly: { days: ['Sun'], start: '02:00', duration: '1h' }, timeZone: 'UTC' }, slos: ['availability'], correct: true },
      { name: 'migration', schedule: { from: '2027-01-01T00:00:00Z', until: '2027-01-01T01:00:00Z' } },
    ],
  }) as unknown as ServiceSpec;
  const model = buildServiceModel(spec);
  const [availability, latency] = model.slos;
  assert.equal(availability!.corrections!.map((w) => w.name), ['patching']);
  assert.equal(latency!.corrections, []);
  assert.match(sliFunctionBody(availability!), /datetime_utc_to_local/);
  assert.not.match(sliFunctionBody(latency!), /datetime_utc_to_local|not\(/);
  // The workbook's excluded time covers the corrected SLO only, and binds.
  const excluded = workbookQueries(model).excludedTime!;
  assert.equal(stringLiterals(excluded).filter((s) => s === 'availability' || s === 'latency'), ['availability']);
  const r = checkKql(excluded);
  assert.equal(r.problems.filter((p) => p.severity === 'error'), [], excluded);
  assert.equal(r.columns, ['SLO', 'Window', 'ExcludedMinutes', 'ExcludedPercent']);
});

test('no correcting window: no excluded-time query', () => {
  const model = buildServiceModel(baseSpec({ maintenance: [{ name: 'm', schedule: { from: '2027-01-01T00:00:00Z', until: '2027-01-01T00:10:00Z' } }] }) as unknown as ServiceSpec);
  assert.is(workbookQueries(model).excludedTime, undefined);
});

test.run();
