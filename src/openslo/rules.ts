/**
 * The OpenSLO v1 rules an object must follow, as the reference SDK (github.com/OpenSLO/go-sdk, pkg/openslo/v1)
 * validates them: the schema files of the OpenSLO repository are incomplete for v1, the SDK is what tools run.
 * Checked on every object `import` reads and, in the tests, on every object `export` writes.
 */
import { isObject } from '../base/values.js';
import type { PathSegment } from '../load/source.js';
import { parseStartTime } from './calendar.js';

export interface RuleProblem {
  /** Where, from the object's root. */
  readonly path: readonly PathSegment[];
  readonly message: string;
}

export const OPENSLO_API_VERSION = 'openslo/v1';
export const OPENSLO_KINDS = ['Service', 'SLO', 'SLI', 'DataSource', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget'] as const;
export type OpenSloKind = (typeof OPENSLO_KINDS)[number];

/** RFC 1123 label, as the SDK's StringDNSLabel. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const LABEL_KEY = /^[a-zA-Z0-9]([-._a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
const ANNOTATION_KEY_LENGTH = /^(.{0,253}\/)?.{0,63}$/;
const ANNOTATION_KEY = /^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*\/)?[a-zA-Z0-9]([-._a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
/** A duration shorthand: a whole number and a unit (minute, hour, day, week, month, quarter, year). */
export const DURATION_SHORTHAND = /^(\d+)(m|h|d|w|M|Q|Y)$/;
const OPERATORS = ['gt', 'lt', 'gte', 'lte'];
const BUDGETING = ['Occurrences', 'Timeslices', 'RatioTimeslices'];
const DESCRIPTION_MAX = 1050;

export const isDnsLabel = (s: unknown): s is string => typeof s === 'string' && DNS_LABEL.test(s);
export const isLabelKey = (s: string): boolean => LABEL_KEY.test(s);

type Check = (path: readonly PathSegment[], message: string) => void;
type Obj = Record<string, unknown>;

const has = (o: Obj, k: string): boolean => o[k] !== undefined && o[k] !== null;

function description(o: Obj, at: readonly PathSegment[], bad: Check): void {
  if (has(o, 'description') && (typeof o.description !== 'string' || o.description.length > DESCRIPTION_MAX)) bad([...at, 'description'], `description must be text of at most ${DESCRIPTION_MAX} characters`);
}

function dnsRef(o: Obj, key: string, at: readonly PathSegment[], bad: Check, required = true): void {
  if (!has(o, key)) {
    if (required) bad(at, `${key} is required`);
  } else if (!isDnsLabel(o[key])) bad([...at, key], `${key} must be a DNS label (lowercase letters, digits and hyphens, at most 63)`);
}

function metadata(m: unknown, at: readonly PathSegment[], bad: Check): void {
  if (!isObject(m)) return bad(at, 'metadata is required');
  dnsRef(m, 'name', at, bad);
  if (has(m, 'displayName') && (typeof m.displayName !== 'string' || m.displayName.length > 63)) bad([...at, 'displayName'], 'displayName must be text of at most 63 characters');
  if (has(m, 'labels')) {
    if (!isObject(m.labels)) bad([...at, 'labels'], 'labels must be a mapping');
    else
      for (const [k, v] of Object.entries(m.labels)) {
        if (!isLabelKey(k)) bad([...at, 'labels', k], `label key '${k}' is not a valid key`);
        if (!(typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))) bad([...at, 'labels', k], 'a label is text or a list of texts');
      }
  }
  if (has(m, 'annotations')) {
    if (!isObject(m.annotations)) bad([...at, 'annotations'], 'annotations must be a mapping');
    else
      for (const [k, v] of Object.entries(m.annotations)) {
        if (!ANNOTATION_KEY_LENGTH.test(k) || !ANNOTATION_KEY.test(k)) bad([...at, 'annotations', k], `annotation key '${k}' is not a valid key (e.g. my-domain.org/my-key)`);
        if (typeof v !== 'string') bad([...at, 'annotations', k], 'an annotation is text');
      }
  }
}

/** A calendar: startTime in the layout "2006-01-02 15:04:05" and an IANA time zone (the SDK forbids "" and "Local"). */
function calendar(c: unknown, at: readonly PathSegment[], bad: Check): void {
  if (!isObject(c)) return bad(at, 'calendar must be a mapping with startTime and timeZone');
  if (typeof c.startTime !== 'string' || parseStartTime(c.startTime) === undefined) bad(has(c, 'startTime') ? [...at, 'startTime'] : at, 'calendar.startTime must be a date and time such as "2024-01-01 00:00:00"');
  if (typeof c.timeZone !== 'string' || !isTimeZone(c.timeZone)) bad(has(c, 'timeZone') ? [...at, 'timeZone'] : at, 'calendar.timeZone must be an IANA time zone such as UTC or Europe/Berlin');
}

function isTimeZone(name: string): boolean {
  if (name === '' || name === 'Local') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function duration(v: unknown, at: readonly PathSegment[], bad: Check, name: string): void {
  if (typeof v !== 'string' || !DURATION_SHORTHAND.test(v)) bad(at, `${name} must be a duration shorthand such as 5m, 1h, 30d, 1M`);
}

function metricSpec(v: unknown, at: readonly PathSegment[], bad: Check): void {
  if (!isObject(v) || !isObject(v.metricSource)) return bad(at, 'metricSource is required');
  const s = v.metricSource;
  const sat = [...at, 'metricSource'];
  if (has(s, 'metricSourceRef') && s.metricSourceRef !== '') dnsRef(s, 'metricSourceRef', sat, bad, false);
  if (!isObject(s.spec) || Object.keys(s.spec).length === 0) bad(sat, 'metricSource.spec is required and must not be empty');
}

function sliSpec(spec: unknown, at: readonly PathSegment[], bad: Check): void {
  if (!isObject(spec)) return bad(at, 'spec is required');
  description(spec, at, bad);
  const t = has(spec, 'thresholdMetric');
  const r = has(spec, 'ratioMetric');
  if (t === r) return bad(at, 'exactly one of thresholdMetric and ratioMetric is required');
  if (t) return metricSpec(spec.thresholdMetric, [...at, 'thresholdMetric'], bad);
  const rm = spec.ratioMetric;
  const rat = [...at, 'ratioMetric'];
  if (!isObject(rm)) return bad(rat, 'ratioMetric must be a mapping');
  if (has(rm, 'total') === has(rm, 'raw')) return bad(rat, 'exactly one of total and raw is required');
  if (has(rm, 'raw') && (has(rm, 'good') || has(rm, 'bad'))) return bad(rat, 'raw excludes good and bad');
  if (has(rm, 'total')) {
    if (has(rm, 'good') === has(rm, 'bad')) return bad(rat, 'exactly one of good and bad is required with total');
    metricSpec(rm.total, [...rat, 'total'], bad);
    metricSpec(has(rm, 'good') ? rm.good : rm.bad, [...rat, has(rm, 'good') ? 'good' : 'bad'], bad);
  } else {
    metricSpec(rm.raw, [...rat, 'raw'], bad);
    if (rm.rawType !== 'success' && rm.rawType !== 'failure') bad([...rat, 'rawType'], "rawType must be 'success' or 'failure'");
  }
}

function inlineOrRef(o: unknown, at: readonly PathSegment[], bad: Check, refKey: string, kind: OpenSloKind, spec: (s: unknown, at: readonly PathSegment[], bad: Check) => void): void {
  if (!isObject(o)) return bad(at, `an entry is a mapping with ${refKey}, or an inline ${kind}`);
  if (has(o, refKey)) {
    if (has(o, 'spec')) return bad(at, `${refKey} and spec exclude each other`);
    return dnsRef(o, refKey, at, bad);
  }
  if (o.kind !== kind) bad([...at, 'kind'], `kind must be ${kind}`);
  metadata(o.metadata, [...at, 'metadata'], bad);
  spec(o.spec, [...at, 'spec'], bad);
}

function alertConditionSpec(spec: unknown, at: readonly PathSegment[], bad: Check): void {
  if (!isObject(spec)) return bad(at, 'spec is required');
  description(spec, at, bad);
  if (!has(spec, 'severity') || typeof spec.severity !== 'string' || spec.severity === '') bad(at, 'severity is required');
  const c = spec.condition;
  if (!isObject(c)) return bad(at, 'condition is required');
  const cat = [...at, 'condition'];
  if (c.kind !== 'burnrate') bad([...cat, 'kind'], "condition.kind must be 'burnrate'");
  if (!OPERATORS.includes(c.op as string)) bad([...cat, 'op'], `op must be one of ${OPERATORS.join(', ')}`);
  if (typeof c.threshold !== 'number') bad(cat, 'threshold is required (a number)');
  duration(c.lookbackWindow, [...cat, 'lookbackWindow'], bad, 'lookbackWindow');
  if (has(c, 'alertAfter')) duration(c.alertAfter, [...cat, 'alertAfter'], bad, 'alertAfter');
}

function alertNotificationTargetSpec(spec: unknown, at: readonly PathSegment[], bad: Check): void {
  if (!isObject(spec)) return bad(at, 'spec is required');
  description(spec, at, bad);
  if (typeof spec.target !== 'string' || spec.target === '') bad(at, 'target is required');
}

function alertPolicySpec(spec: unknown, at: readonly PathSegment[], bad: Check): void {
  if (!isObject(spec)) return bad(at, 'spec is required');
  description(spec, at, bad);
  if (!Array.isArray(spec.conditions) || spec.conditions.length !== 1) bad(at, 'conditions must hold exactly one condition');
  else inlineOrRef(spec.conditions[0], [...at, 'conditions', 0], bad, 'conditionRef', 'AlertCondition', alertConditionSpec);
  if (!Array.isArray(spec.notificationTargets) || spec.notificationTargets.length === 0) bad(at, 'notificationTargets must hold at least one target');
  else spec.notificationTargets.forEach((t, i) => inlineOrRef(t, [...at, 'notificationTargets', i], bad, 'targetRef', 'AlertNotificationTarget', alertNotificationTargetSpec));
}

function sloSpec(spec: unknown, at: readonly PathSegment[], bad: Check): void {
  if (!isObject(spec)) return bad(at, 'spec is required');
  description(spec, at, bad);
  if (typeof spec.service !== 'string' || spec.service === '') bad(at, 'service is required');
  if (!BUDGETING.includes(spec.budgetingMethod as string)) bad(has(spec, 'budgetingMethod') ? [...at, 'budgetingMethod'] : at, `budgetingMethod must be one of ${BUDGETING.join(', ')}`);
  const objectives = Array.isArray(spec.objectives) ? spec.objectives : [];
  const composite = objectives.some((o) => isObject(o) && (has(o, 'indicator') || has(o, 'indicatorRef')));
  const indicator = has(spec, 'indicator') || has(spec, 'indicatorRef');
  if (composite === indicator) bad(at, "'indicator' or 'indicatorRef' must be given on spec (standard SLOs) or on spec.objectives[*] (composite SLOs), one of them");
  if (has(spec, 'indicator') && has(spec, 'indicatorRef')) bad(at, 'indicator and indicatorRef exclude each other');
  if (has(spec, 'indicator')) {
    const i = spec.indicator;
    if (!isObject(i)) bad([...at, 'indicator'], 'indicator must be a mapping');
    else {
      metadata(i.metadata, [...at, 'indicator', 'metadata'], bad);
      sliSpec(i.spec, [...at, 'indicator', 'spec'], bad);
    }
  } else if (has(spec, 'indicatorRef')) dnsRef(spec, 'indicatorRef', at, bad);
  if (has(spec, 'timeWindow')) {
    if (!Array.isArray(spec.timeWindow) || spec.timeWindow.length !== 1) bad([...at, 'timeWindow'], 'timeWindow must hold exactly one window');
    else {
      const w = spec.timeWindow[0];
      const wat = [...at, 'timeWindow', 0];
      if (!isObject(w)) bad(wat, 'a time window is a mapping');
      else {
        duration(w.duration, [...wat, 'duration'], bad, 'duration');
        if (w.isRolling === true && has(w, 'calendar')) bad(wat, "'calendar' cannot be set when 'isRolling' is true");
        if (w.isRolling !== true && !has(w, 'calendar')) bad(wat, "'calendar' must be set when 'isRolling' is false");
        if (has(w, 'calendar')) calendar(w.calendar, [...wat, 'calendar'], bad);
      }
    }
  }
  if (!Array.isArray(spec.objectives) || spec.objectives.length === 0) bad(at, 'objectives must hold at least one objective');
  const inline = isObject(spec.indicator) && isObject(spec.indicator.spec) ? spec.indicator.spec : undefined;
  objectives.forEach((o, i) => {
    const oat = [...at, 'objectives', i];
    if (!isObject(o)) return bad(oat, 'an objective is a mapping');
    if (has(o, 'target') && has(o, 'targetPercent')) bad(oat, 'target and targetPercent exclude each other');
    if (!has(o, 'target') && !has(o, 'targetPercent')) bad(oat, 'one of target and targetPercent is required');
    if (has(o, 'target') && !(typeof o.target === 'number' && o.target >= 0 && o.target < 1)) bad([...oat, 'target'], 'target must be at least 0 and below 1');
    if (has(o, 'targetPercent') && !(typeof o.targetPercent === 'number' && o.targetPercent >= 0 && o.targetPercent < 100)) bad([...oat, 'targetPercent'], 'targetPercent must be at least 0 and below 100');
    if (inline && has(inline, 'ratioMetric') && (has(o, 'op') || has(o, 'value'))) bad(oat, 'op and value are for threshold metrics, not ratio metrics');
    if (inline && has(inline, 'thresholdMetric')) {
      if (typeof o.value !== 'number') bad(oat, 'value is required with a threshold metric');
      if (!OPERATORS.includes(o.op as string)) bad(has(o, 'op') ? [...oat, 'op'] : oat, `op (one of ${OPERATORS.join(', ')}) is required with a threshold metric`);
    }
    if (spec.budgetingMethod === 'Timeslices' && !(typeof o.timeSliceTarget === 'number' && o.timeSliceTarget > 0 && o.timeSliceTarget <= 1)) bad(oat, 'timeSliceTarget (above 0, at most 1) is required with Timeslices');
    if (spec.budgetingMethod === 'Timeslices' || spec.budgetingMethod === 'RatioTimeslices') duration(o.timeSliceWindow, has(o, 'timeSliceWindow') ? [...oat, 'timeSliceWindow'] : oat, bad, 'timeSliceWindow');
  });
  if (has(spec, 'alertPolicies')) {
    if (!Array.isArray(spec.alertPolicies)) bad([...at, 'alertPolicies'], 'alertPolicies must be a list');
    else spec.alertPolicies.forEach((p, i) => inlineOrRef(p, [...at, 'alertPolicies', i], bad, 'alertPolicyRef', 'AlertPolicy', alertPolicySpec));
  }
}

function dataSourceSpec(spec: unknown, at: readonly PathSegment[], bad: Check): void {
  if (!isObject(spec)) return bad(at, 'spec is required');
  description(spec, at, bad);
  if (typeof spec.type !== 'string' || spec.type === '') bad(at, 'type is required');
  if (!has(spec, 'connectionDetails')) bad(at, 'connectionDetails is required');
}

function serviceSpec(spec: unknown, at: readonly PathSegment[], bad: Check): void {
  if (spec === undefined || spec === null) return;
  if (!isObject(spec)) return bad(at, 'spec must be a mapping');
  description(spec, at, bad);
}

const SPECS: Record<OpenSloKind, (s: unknown, at: readonly PathSegment[], bad: Check) => void> = {
  Service: serviceSpec,
  SLO: sloSpec,
  SLI: sliSpec,
  DataSource: dataSourceSpec,
  AlertPolicy: alertPolicySpec,
  AlertCondition: alertConditionSpec,
  AlertNotificationTarget: alertNotificationTargetSpec,
};

/** The problems of one OpenSLO v1 object (paths from its root); none when it follows the SDK's rules. */
export function checkOpenSloObject(o: unknown): RuleProblem[] {
  const out: RuleProblem[] = [];
  const bad: Check = (path, message) => void out.push({ path, message });
  if (!isObject(o)) return [{ path: [], message: 'an OpenSLO object is a mapping' }];
  if (o.apiVersion !== OPENSLO_API_VERSION) bad(has(o, 'apiVersion') ? ['apiVersion'] : [], `apiVersion must be ${OPENSLO_API_VERSION}`);
  if (!OPENSLO_KINDS.includes(o.kind as OpenSloKind)) {
    bad(has(o, 'kind') ? ['kind'] : [], `kind must be one of ${OPENSLO_KINDS.join(', ')}`);
    return out;
  }
  metadata(o.metadata, ['metadata'], bad);
  SPECS[o.kind as OpenSloKind](o.spec, ['spec'], bad);
  return out;
}
