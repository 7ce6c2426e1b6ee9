/**
 * The OpenSLO v1 rules of the reference SDK (github.com/OpenSLO/go-sdk, pkg/openslo/v1), as checkOpenSloObject
 * applies them: a valid object of each kind passes, and each broken rule is named at its path.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkOpenSloObject } from '../../src/openslo/index.js';

const metricSource = { metricSource: { metricSourceRef: 'logs', spec: { kqlQuery: 'AppRequests' } } };
const slo = (spec: object = {}) => ({
  apiVersion: 'openslo/v1',
  kind: 'SLO',
  metadata: { name: 'checkout' },
  spec: { service: 'shop', indicatorRef: 'requests', budgetingMethod: 'Occurrences', timeWindow: [{ duration: '30d', isRolling: true }], objectives: [{ target: 0.99 }], ...spec },
});
const problems = (o: object) => checkOpenSloObject(o).map((p) => `${p.path.join('.')}: ${p.message}`);

test('valid objects of every kind pass', () => {
  const objects = [
    { apiVersion: 'openslo/v1', kind: 'Service', metadata: { name: 'shop', labels: { team: ['a', 'b'] }, annotations: { 'openslo.com/x': 'y' } }, spec: { description: 'the shop' } },
    slo(),
    { apiVersion: 'openslo/v1', kind: 'SLI', metadata: { name: 'requests' }, spec: { ratioMetric: { counter: false, good: metricSource, total: metricSource } } },
    { apiVersion: 'openslo/v1', kind: 'DataSource', metadata: { name: 'logs' }, spec: { type: 'AzureMonitor', connectionDetails: {} } },
    { apiVersion: 'openslo/v1', kind: 'AlertPolicy', metadata: { name: 'p' }, spec: { conditions: [{ conditionRef: 'c' }], notificationTargets: [{ targetRef: 't' }] } },
    { apiVersion: 'openslo/v1', kind: 'AlertCondition', metadata: { name: 'c' }, spec: { severity: 'page', condition: { kind: 'burnrate', op: 'gte', threshold: 14.4, lookbackWindow: '1h', alertAfter: '5m' } } },
    { apiVersion: 'openslo/v1', kind: 'AlertNotificationTarget', metadata: { name: 't' }, spec: { target: 'slack' } },
  ];
  for (const o of objects) assert.equal(problems(o), [], o.kind);
});

test('header and metadata: the version, the kind, a DNS-label name, label and annotation keys', () => {
  assert.equal(problems({ ...slo(), apiVersion: 'openslo/v2alpha' }), ['apiVersion: apiVersion must be openslo/v1']);
  assert.equal(problems({ ...slo(), kind: 'Budget' }), ['kind: kind must be one of Service, SLO, SLI, DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget']);
  assert.equal(problems({ ...slo(), metadata: { name: 'Check Out' } }), ['metadata.name: name must be a DNS label (lowercase letters, digits and hyphens, at most 63)']);
  assert.equal(problems({ ...slo(), metadata: { name: 'x', annotations: { 'Not A Key/x': 'v' } } }), ["metadata.annotations.Not A Key/x: annotation key 'Not A Key/x' is not a valid key (e.g. my-domain.org/my-key)"]);
});

test('SLO: one indicator form, one rolling or calendar window, targets below 1 (or 100 %), a known budgeting method', () => {
  assert.equal(problems(slo({ indicator: { metadata: { name: 'i' }, spec: { ratioMetric: { good: metricSource, total: metricSource } } } })), ['spec: indicator and indicatorRef exclude each other']);
  assert.equal(problems(slo({ timeWindow: [{ duration: '1M', isRolling: false }] })), ["spec.timeWindow.0: 'calendar' must be set when 'isRolling' is false"]);
  assert.equal(problems(slo({ timeWindow: [{ duration: '1M', isRolling: false, calendar: { startTime: '2024-01-01 00:00:00', timeZone: 'Europe/Berlin' } }] })), []);
  assert.equal(problems(slo({ timeWindow: [{ duration: '1M', isRolling: false, calendar: { timeZone: '' } }] })), [
    'spec.timeWindow.0.calendar: calendar.startTime must be a date and time such as "2024-01-01 00:00:00"',
    'spec.timeWindow.0.calendar.timeZone: calendar.timeZone must be an IANA time zone such as UTC or Europe/Berlin',
  ]);
  assert.equal(problems(slo({ timeWindow: [{ duration: '1w', isRolling: false, calendar: { startTime: '2024-01-01', timeZone: 'UTC' } }] })), ['spec.timeWindow.0.calendar.startTime: calendar.startTime must be a date and time such as "2024-01-01 00:00:00"']);
  assert.equal(problems(slo({ timeWindow: [{ duration: '30 days', isRolling: true }] })), ['spec.timeWindow.0.duration: duration must be a duration shorthand such as 5m, 1h, 30d, 1M']);
  assert.equal(problems(slo({ objectives: [{ target: 1 }] })), ['spec.objectives.0.target: target must be at least 0 and below 1']);
  assert.equal(problems(slo({ objectives: [{ target: 0.9, targetPercent: 90 }] })), ['spec.objectives.0: target and targetPercent exclude each other']);
  assert.equal(problems(slo({ budgetingMethod: 'Timeslices' })), ['spec.objectives.0: timeSliceTarget (above 0, at most 1) is required with Timeslices', 'spec.objectives.0: timeSliceWindow must be a duration shorthand such as 5m, 1h, 30d, 1M']);
  assert.equal(problems(slo({ budgetingMethod: 'Events' })), ['spec.budgetingMethod: budgetingMethod must be one of Occurrences, Timeslices, RatioTimeslices']);
});

test('SLI: a ratio of good or bad over total, or a threshold metric, each with a non-empty metric source spec', () => {
  const sli = (spec: object) => ({ apiVersion: 'openslo/v1', kind: 'SLI', metadata: { name: 's' }, spec });
  assert.equal(problems(sli({ ratioMetric: { good: metricSource, bad: metricSource, total: metricSource } })), ['spec.ratioMetric: exactly one of good and bad is required with total']);
  assert.equal(problems(sli({ ratioMetric: { good: metricSource } })), ['spec.ratioMetric: exactly one of total and raw is required']);
  assert.equal(problems(sli({ thresholdMetric: { metricSource: { spec: {} } } })), ['spec.thresholdMetric.metricSource: metricSource.spec is required and must not be empty']);
});

test('AlertPolicy: exactly one condition and at least one notification target', () => {
  const policy = (spec: object) => ({ apiVersion: 'openslo/v1', kind: 'AlertPolicy', metadata: { name: 'p' }, spec });
  assert.equal(problems(policy({ conditions: [{ conditionRef: 'a' }, { conditionRef: 'b' }], notificationTargets: [{ targetRef: 't' }] })), ['spec: conditions must hold exactly one condition']);
  assert.equal(problems(policy({ conditions: [{ conditionRef: 'a' }], notificationTargets: [] })), ['spec: notificationTargets must hold at least one target']);
});

test.run();
