import { TAGS } from '../resources/context.js';
import { UNTAGGED_TYPES, type ArmGateway, type ArmResourceState } from './arm.js';
import { roleAssignmentOwner } from '../resources/role-assignments.js';
import { holdsUnreadSecret, type DesiredResource, type Target } from './desired.js';
import { loose, originOf, provenance, provenanceReason, unstamp, type Origin } from './drift.js';
import { mapLimit } from './pool.js';
import { isObject } from '../base/values.js';

/** What apply would do to one resource, and why. */
export interface PlanItem {
  readonly action: 'create' | 'update' | 'delete' | 'unchanged' | 'conflict';
  readonly id: string;
  readonly type: string;
  readonly apiVersion: string;
  /** Present for create and update: the body to PUT. */
  readonly desired?: DesiredResource;
  /**
   * For update: the property paths that differ, with the value in Azure (`from`) and the value the spec wants
   * (`to`), and where the difference comes from: `drift` (changed outside azslo since its last apply), `spec` (the
   * spec changed), `unknown` (see drift.ts).
   */
  readonly changes: readonly Change[];
  readonly reason?: string;
  /** For update: whether Azure drifted from, and whether the spec changed since, azslo's last apply (undefined: cannot be told). */
  readonly drift?: boolean | undefined;
  readonly specChanged?: boolean | undefined;
  /** The ETag plan read (types that have one): apply writes only if it is still current. */
  readonly etag?: string;
  /** Paths of the desired body that hold a secret plan could not read (SECRET_NOT_COMPARED): not compared. */
  readonly notCompared?: readonly string[];
}

export interface Change {
  readonly path: string;
  readonly from: unknown;
  readonly to: unknown;
  readonly origin?: Origin;
}

/** Whether Azure's value holds everything azslo wants; Azure adds read-only fields and may change the case of ids. */
export function differences(want: unknown, have: unknown, path: string, out: Change[]): void {
  // A secret plan could not read is not compared (notCompared says so); apply always has it.
  if (holdsUnreadSecret(want)) return;
  if (isObject(want)) {
    if (!isObject(have)) {
      out.push({ path, from: have, to: want });
      return;
    }
    for (const [k, v] of Object.entries(want)) differences(v, have[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(have) || have.length !== want.length) {
      out.push({ path, from: have, to: want });
      return;
    }
    want.forEach((w, i) => differences(w, have[i], `${path}[${i}]`, out));
    return;
  }
  if (typeof want === 'string' && typeof have === 'string' && loose(path, want)) {
    if (want.toLowerCase().replace(/\s/g, '') !== have.toLowerCase().replace(/\s/g, '')) out.push({ path, from: have, to: want });
    return;
  }
  if (want !== have) out.push({ path, from: have, to: want });
}

/** The paths of a desired body that hold a secret plan could not read. */
export function unreadSecretPaths(want: unknown, path = '', out: string[] = []): string[] {
  if (holdsUnreadSecret(want)) out.push(path);
  else if (Array.isArray(want)) want.forEach((w, i) => unreadSecretPaths(w, `${path}[${i}]`, out));
  else if (isObject(want)) for (const [k, v] of Object.entries(want)) unreadSecretPaths(v, path ? `${path}.${k}` : k, out);
  return out;
}

/**
 * A desired body with each secret plan could not read taken as the value Azure holds: the drift record (drift.ts)
 * hashes the real secret, so comparing it with the marker would call every such resource changed in the spec.
 */
function assumingUnreadAsHeld(want: unknown, have: unknown): unknown {
  if (holdsUnreadSecret(want)) return have === undefined ? want : have;
  if (Array.isArray(want)) return want.map((w, i) => assumingUnreadAsHeld(w, Array.isArray(have) ? have[i] : undefined));
  if (isObject(want)) return Object.fromEntries(Object.entries(want).map(([k, v]) => [k, assumingUnreadAsHeld(v, isObject(have) ? have[k] : undefined)]));
  return want;
}

/** The service an existing resource is managed for by azslo, from its tags; undefined when azslo does not own it. */
export function ownerOf(body: Record<string, unknown>, type: string): string | undefined {
  // Role assignments have no tags: azslo's say whose they are in their description.
  if (UNTAGGED_TYPES.has(type.toLowerCase())) return roleAssignmentOwner(isObject(body.properties) ? body.properties.description : undefined);
  let tags: Record<string, unknown> = {};
  if (type.toLowerCase().endsWith('/savedsearches')) {
    const list = (isObject(body.properties) ? body.properties.tags : undefined) as { name: string; value: string }[] | undefined;
    tags = Object.fromEntries((list ?? []).map((t) => [t.name, t.value]));
  } else if (isObject(body.tags)) tags = body.tags;
  return tags[TAGS.managed] === 'true' && typeof tags[TAGS.service] === 'string' ? (tags[TAGS.service] as string) : undefined;
}

export function desiredOwner(d: DesiredResource): string {
  return ownerOf(d.body, d.type)!;
}

/** Compares every desired resource with what ARM holds; with prune, also finds azslo's resources no spec wants. */
export async function plan(
  desired: readonly DesiredResource[],
  gateway: ArmGateway,
  options: { target: Target; prune: boolean; services: readonly string[]; workspaces: readonly string[] },
): Promise<PlanItem[]> {
  const items: PlanItem[] = [];
  // Reads, eight at a time: enough to be quick, few enough not to be throttled.
  const current = await mapLimit(desired, 8, (d) => gateway.get(d.type, d.id, d.apiVersion));
  desired.forEach((d, i) => {
    const have = current[i];
    const unread = unreadSecretPaths(d.body);
    const notCompared = unread.length ? { notCompared: unread } : {};
    if (!have) {
      items.push({ action: 'create', id: d.id, type: d.type, apiVersion: d.apiVersion, desired: d, changes: [], ...notCompared });
      return;
    }
    const owner = ownerOf(have.body, d.type);
    if (owner !== desiredOwner(d)) {
      items.push({
        action: 'conflict',
        id: d.id,
        type: d.type,
        apiVersion: d.apiVersion,
        changes: [],
        reason: owner ? `managed by azslo for service '${owner}'` : 'exists and is not tagged as managed by azslo; azslo never touches it',
      });
      return;
    }
    const changes: Change[] = [];
    const { etag: _etag, ...want } = d.body;
    // azslo's record of its last apply is bookkeeping, not a difference (saved searches list tags: remove it).
    differences(want, unstamp(have.body, d.type), '', changes);
    // A runbook whose content was never published (or whose last publish failed) is published again.
    if (d.publish && isObject(have.body.properties) && have.body.properties.state !== 'Published') changes.push({ path: 'properties.state', from: have.body.properties.state, to: 'Published' });
    const etag = have.etag ? { etag: have.etag } : {};
    if (!changes.length) {
      items.push({ action: 'unchanged', id: d.id, type: d.type, apiVersion: d.apiVersion, desired: d, changes, ...etag, ...notCompared });
      return;
    }
    const p = provenance(unread.length ? (assumingUnreadAsHeld(want, unstamp(have.body, d.type)) as Record<string, unknown>) : want, have.body, d.type);
    const origin = originOf(p);
    items.push({
      action: 'update',
      id: d.id,
      type: d.type,
      apiVersion: d.apiVersion,
      desired: d,
      changes: changes.map((c) => ({ ...c, origin })),
      reason: provenanceReason(p),
      drift: p.drift,
      specChanged: p.specChanged,
      ...etag,
      ...notCompared,
    });
  });
  if (options.prune) {
    const wanted = new Set(desired.map((d) => d.id.toLowerCase()));
    // Extension resources (role assignments) are not listed by resource group: prune leaves them (docs/recovery-plans.md).
    const types = [...new Set(desired.filter((d) => !UNTAGGED_TYPES.has(d.type.toLowerCase())).map((d) => `${d.type}|${d.apiVersion}`))];
    const scopes: [string, string, string][] = [];
    for (const t of types) {
      const [type, apiVersion] = t.split('|') as [string, string];
      if (type.toLowerCase().endsWith('/savedsearches')) for (const ws of options.workspaces) scopes.push([type, apiVersion, ws]);
      else scopes.push([type, apiVersion, `/subscriptions/${options.target.subscriptionId}/resourceGroups/${options.target.resourceGroup}`]);
    }
    const listed = await Promise.all(scopes.map(([type, apiVersion, scope]) => gateway.list(type, scope, apiVersion).then((rs) => rs.map((r): [string, string, ArmResourceState] => [type, apiVersion, r]))));
    for (const [type, apiVersion, r] of listed.flat()) {
      const owner = ownerOf(r.body, type);
      if (!owner || !options.services.includes(owner) || wanted.has(r.id.toLowerCase())) continue;
      items.push({ action: 'delete', id: r.id, type, apiVersion, changes: [], reason: `no spec of service '${owner}' declares it any more`, ...(r.etag ? { etag: r.etag } : {}) });
    }
  }
  return items;
}
