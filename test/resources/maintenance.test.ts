/**
 * Maintenance windows in the deployment (docs/maintenance.md): one alert processing rule per window and five alert
 * rules, removing every action group from the burn-rate alerts of the window's SLOs on the window's schedule.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { fact } from '../../src/catalog/index.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { buildDeployment } from '../../src/resources/index.js';
import { DeploymentSubscriptionRef, ResourceIdRef, type AzureResource } from '../../src/resources/model.js';
import { workbookContent } from '../../src/resources/workbook.js';
import { baseSpec } from '../helpers/specs.js';
import { root } from '../helpers/bicep.js';

const example = parse(readFileSync(path.join(root, 'examples/maintenance/maintenance.yaml'), 'utf8')) as ServiceSpec;
const rulesOf = (spec: ServiceSpec): AzureResource[] => buildDeployment([buildServiceModel(spec)]).resources.filter((r) => r.type === 'Microsoft.AlertsManagement/actionRules');
const props = (r: AzureResource) => r.properties as Record<string, any>;
const silenced = (r: AzureResource): string[] => (props(r).conditions[0].values as ResourceIdRef[]).map((v) => v.key);

test('the example: a weekly window in its Windows time zone over one SLO, a one-off window in UTC over all', () => {
  const [weekly, once] = rulesOf(example);
  assert.is(weekly!.name, 'apr-azslo-bookings-maintenance-weekly-patching');
  assert.is(weekly!.module, 'bookings/maintenance');
  assert.is(weekly!.location, fact('alert-processing-rules', 'location'));
  assert.equal(props(weekly!).schedule, { timeZone: 'W. Europe Standard Time', recurrences: [{ recurrenceType: 'Weekly', daysOfWeek: ['Sunday'], startTime: '02:00:00', endTime: '03:00:00' }] });
  assert.equal(silenced(weekly!), ['bookings/alerting/slo-api-availability-page', 'bookings/alerting/slo-api-availability-ticket']);
  assert.equal(props(weekly!).actions, [{ actionType: 'RemoveAllActionGroups' }]);
  assert.ok(props(weekly!).scopes[0] instanceof DeploymentSubscriptionRef);
  assert.is(props(weekly!).enabled, true);
  // 22:00+01:00 to 00:30+01:00 the next day.
  assert.equal(props(once!).schedule, { effectiveFrom: '2027-03-13T21:00:00', effectiveUntil: '2027-03-13T23:30:00', timeZone: 'UTC' });
  assert.is(silenced(once!).length, 4);
});

test('more alert rules than one condition takes: one processing rule per five, numbered', () => {
  const slo = (name: string) => ({ name, sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } } });
  const spec = baseSpec({ slos: [slo('a'), slo('b'), slo('c')], maintenance: [{ name: 'Patch Night', schedule: { weekly: { days: ['Fri', 'Mon'], start: '22:00', duration: '2h' }, timeZone: 'America/New_York' } }] }) as unknown as ServiceSpec;
  const rules = rulesOf(spec);
  const per = fact('alert-processing-rules', 'maxValuesPerCondition');
  assert.equal(rules.map((r) => r.name), ['apr-azslo-checkout-maintenance-patch-night-1', 'apr-azslo-checkout-maintenance-patch-night-2']);
  assert.equal(rules.map((r) => silenced(r).length), [per, 6 - per]);
  // Days in the week's order; a window ending at midnight ends at the day's last second.
  assert.equal(props(rules[0]!).schedule.recurrences, [{ recurrenceType: 'Weekly', daysOfWeek: ['Monday', 'Friday'], startTime: '22:00:00', endTime: '23:59:59' }]);
  assert.is(props(rules[0]!).schedule.timeZone, 'Eastern Standard Time');
});

test('a monthly window recurs on its day of the month', () => {
  const spec = baseSpec({ maintenance: [{ name: 'm', schedule: { monthly: { day: 15, start: '01:30', duration: '45m' }, timeZone: 'Asia/Kolkata' } }] }) as unknown as ServiceSpec;
  assert.equal(props(rulesOf(spec)[0]!).schedule, { timeZone: 'India Standard Time', recurrences: [{ recurrenceType: 'Monthly', daysOfMonth: [15], startTime: '01:30:00', endTime: '02:15:00' }] });
});

test('a window whose SLOs have no alert rules silences nothing: no processing rule, no module', () => {
  const spec = baseSpec({
    slos: [{ name: 'quiet', sli: { requestAvailability: {} }, objective: 99.9, window: '30d' }],
    maintenance: [{ name: 'm', schedule: { from: '2027-01-01T00:00:00Z', until: '2027-01-01T01:00:00Z' } }],
  }) as unknown as ServiceSpec;
  const d = buildDeployment([buildServiceModel(spec)]);
  assert.equal(d.resources.filter((r) => r.type === 'Microsoft.AlertsManagement/actionRules'), []);
  assert.not.ok(d.modules.some((m) => m.path.endsWith('/maintenance')));
});

test('the workbook lists every window with its schedule, SLOs and correction, and the time the corrections leave out', () => {
  const items = (workbookContent(buildServiceModel(example)) as { items: { name: string; content: Record<string, unknown> }[] }).items;
  const title = items.find((i) => i.name === 'maintenance-title')!.content.json as string;
  assert.match(title, /\| weekly\\-patching \| Sun 02:00–03:00 Europe\/Amsterdam \| api\\-availability \| yes: left out of the SLIs \| 1 h \|/);
  assert.match(title, /\| database\\-migration \| 2027\\-03\\-13T21:00:00Z – 2027\\-03\\-13T23:30:00Z \| api\\-availability, api\\-latency \| no: notifications only \| 2 h 30 min \|/);
  const excluded = items.find((i) => i.name === 'maintenance-excluded')!;
  assert.match(excluded.content.query as string, /ExcludedMinutes/);
  // After the SLO sections, before the business and infrastructure ones.
  assert.ok(items.findIndex((i) => i.name === 'maintenance-title') > items.findIndex((i) => i.name.startsWith('slo-api-latency')));
});

test('without maintenance windows the workbook has no maintenance section and the deployment no processing rule', () => {
  const spec = baseSpec() as unknown as ServiceSpec;
  const items = (workbookContent(buildServiceModel(spec)) as { items: { name: string }[] }).items;
  assert.not.ok(items.some((i) => i.name.startsWith('maintenance')));
  assert.equal(rulesOf(spec), []);
});

test.run();
