import { createHash } from 'node:crypto';
import { isObject } from '../base/values.js';
import { UNTAGGED_TYPES } from './arm.js';

/**
 * Drift: telling a change made outside azslo (the portal, the CLI, another tool) from a change of the spec.
 *
 * Every body apply PUTs carries one more tag, `azslo-applied`, whose value is a hash of that same body without the
 * tag and without `etag`. It holds two hashes: one of the body's shape (its object keys and array lengths) and one
 * of its values, both taken after the normalisation plan uses to compare (ids and locations without case or spaces).
 * On the next plan:
 * - the spec changed when the hash of what the spec wants now differs from the recorded one;
 * - Azure drifted when the hash of what Azure holds, read in the shape of what the spec wants (fields Azure adds are
 *   ignored, as plan ignores them), differs from the recorded one. That reading is only meaningful when the shape is
 *   the recorded one; when the spec changed the shape (a receiver added, say), drift cannot be told.
 * When only one of the two holds, every differing field is of that kind; when both hold, a field cannot be assigned.
 * Bicep deployments do not carry the tag (the hash covers values only known at deployment, such as secrets), so a
 * resource last deployed by Bicep has no record and its differences are of unknown origin.
 */
export const APPLIED_TAG = 'azslo-applied';

const looksLikeId = (s: string) => s.startsWith('/subscriptions/');

/** Whether plan compares this leaf without case and spaces (ids, locations): the same rule as `differences`. */
export const loose = (path: string, want: unknown): boolean => typeof want === 'string' && (looksLikeId(want) || path === 'location');
const normal = (s: string) => s.toLowerCase().replace(/\s/g, '');

const ABSENT = '\u0000absent';

/** `have` read in the shape of `want`: only want's keys, arrays element by element when their lengths match. */
export function project(want: unknown, have: unknown, path = ''): unknown {
  if (isObject(want)) {
    if (!isObject(have)) return have === undefined ? ABSENT : { [ABSENT]: have };
    return Object.fromEntries(Object.keys(want).map((k) => [k, project(want[k], have[k], path ? `${path}.${k}` : k)]));
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(have) || have.length !== want.length) return have === undefined ? ABSENT : { [ABSENT]: have };
    return want.map((w, i) => project(w, have[i], `${path}[${i}]`));
  }
  if (have === undefined) return ABSENT;
  if (loose(path, want) && typeof have === 'string') return normal(have);
  return have;
}

function shape(want: unknown, path = ''): unknown {
  if (isObject(want)) return Object.fromEntries(Object.keys(want).map((k) => [k, shape(want[k], path ? `${path}.${k}` : k)]));
  if (Array.isArray(want)) return want.map((w, i) => shape(w, `${path}[${i}]`));
  return loose(path, want) ? 'i' : '.';
}

/** JSON with sorted keys, so that equal values hash equally. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(',')}}`;
  return v === undefined ? JSON.stringify(ABSENT) : JSON.stringify(v);
}

const digest = (v: unknown, n: number) => createHash('sha256').update(stable(v)).digest('hex').slice(0, n);

/** The part of a desired body the record covers: everything but `etag` (Azure's own) and the record itself. */
export function recorded(body: Record<string, unknown>): Record<string, unknown> {
  const { etag: _etag, ...rest } = body;
  return rest;
}

interface Record_ {
  readonly shape: string;
  readonly value: string;
}

const format = (r: Record_) => `v1.${r.shape}.${r.value}`;
const parse = (s: unknown): Record_ | undefined => {
  const m = typeof s === 'string' ? /^v1\.([0-9a-f]{8})\.([0-9a-f]{24})$/.exec(s) : null;
  return m ? { shape: m[1]!, value: m[2]! } : undefined;
};

/** The record of a desired body (without the record tag): the value of its azslo-applied tag. */
export function appliedRecord(body: Record<string, unknown>): string {
  const want = recorded(body);
  return format({ shape: digest(shape(want), 8), value: digest(project(want, want), 24) });
}

const isSavedSearch = (type: string) => type.toLowerCase().endsWith('/savedsearches');
/** Role assignments have no tags: no record (their drift and spec changes cannot be told apart). */
const untagged = (type: string) => UNTAGGED_TYPES.has(type.toLowerCase());

/** The body apply PUTs: the desired body with its record added (saved searches keep tags as a name/value list). */
export function stamp(body: Record<string, unknown>, type: string): Record<string, unknown> {
  if (untagged(type)) return body;
  const value = appliedRecord(body);
  if (isSavedSearch(type)) {
    const props = (isObject(body.properties) ? body.properties : {}) as Record<string, unknown>;
    const tags = ((props.tags as { name: string; value: string }[] | undefined) ?? []).filter((t) => t.name !== APPLIED_TAG);
    return { ...body, properties: { ...props, tags: [...tags, { name: APPLIED_TAG, value }] } };
  }
  const tags = isObject(body.tags) ? body.tags : {};
  return { ...body, tags: { ...tags, [APPLIED_TAG]: value } };
}

/** The body without its record tag: what the Bicep deploys. */
export function unstamp(body: Record<string, unknown>, type: string): Record<string, unknown> {
  if (isSavedSearch(type)) {
    const props = (isObject(body.properties) ? body.properties : {}) as Record<string, unknown>;
    if (!Array.isArray(props.tags)) return body;
    return { ...body, properties: { ...props, tags: (props.tags as { name: string }[]).filter((t) => t.name !== APPLIED_TAG) } };
  }
  if (!isObject(body.tags)) return body;
  const { [APPLIED_TAG]: _r, ...tags } = body.tags;
  return { ...body, tags };
}

/** The record tag's value on a resource as Azure holds it. */
export function recordOf(body: Record<string, unknown>, type: string): string | undefined {
  if (isSavedSearch(type)) {
    const list = (isObject(body.properties) ? body.properties.tags : undefined) as { name: string; value: string }[] | undefined;
    return Array.isArray(list) ? list.find((t) => t?.name === APPLIED_TAG)?.value : undefined;
  }
  return isObject(body.tags) && typeof body.tags[APPLIED_TAG] === 'string' ? (body.tags[APPLIED_TAG] as string) : undefined;
}

export interface Provenance {
  /** Azure differs from what azslo last applied; undefined when that cannot be told. */
  readonly drift: boolean | undefined;
  /** The spec wants something else than azslo last applied; undefined without a record. */
  readonly specChanged: boolean | undefined;
}

/** Whether a resource drifted, and whether its spec changed, since azslo's last apply (see the top of this file). */
export function provenance(want: Record<string, unknown>, have: Record<string, unknown>, type: string): Provenance {
  const rec = parse(recordOf(have, type));
  if (!rec) return { drift: undefined, specChanged: undefined };
  const w = recorded(want);
  const specChanged = digest(project(w, w), 24) !== rec.value;
  const drift = digest(shape(w), 8) === rec.shape ? digest(project(w, unstamp(have, type)), 24) !== rec.value : undefined;
  return { drift, specChanged };
}

export type Origin = 'drift' | 'spec' | 'unknown';

/** The origin of every differing field of one resource: known only when exactly one of the two changed. */
export function originOf(p: Provenance): Origin {
  if (p.drift === true && p.specChanged === false) return 'drift';
  if (p.drift === false && p.specChanged === true) return 'spec';
  return 'unknown';
}

/** Why an update is pending, in words. */
export function provenanceReason(p: Provenance): string {
  if (p.specChanged === undefined) return 'no record of an azslo apply (deployed with Bicep or by hand): drift and spec changes cannot be told apart';
  if (p.drift === true && p.specChanged === false) return 'drift: changed outside azslo since its last apply';
  if (p.drift === false && p.specChanged === true) return 'the spec changed';
  if (p.drift === true) return 'the spec changed, and the resource was also changed outside azslo (drift): which field is which cannot be told';
  if (p.drift === undefined) return 'the spec changed the shape of the body; whether it was also changed outside azslo cannot be told';
  return 'differs from what azslo last applied in a way its record does not show';
}
