import type { ApplyResult } from './apply.js';
import type { PlanItem } from './plan.js';
import { SECRET_NOT_COMPARED } from './desired.js';

const SYMBOL: Record<PlanItem['action'], string> = { create: '+', update: '~', delete: '-', unchanged: ' ', conflict: '!' };

/** Receiver fields that hold secrets (by reference in the spec, resolved for apply): never printed. */
const SECRET_KEYS = /(serviceUri|callbackUrl|httpTriggerUrl)$/;

/** A value with every secret field inside it replaced, at any depth. */
export function mask(path: string, v: unknown): unknown {
  if (SECRET_KEYS.test(path.replace(/\[\d+\]$/, '')) && v !== undefined) return '(secret)';
  if (Array.isArray(v)) return v.map((x, i) => mask(`${path}[${i}]`, x));
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mask(`${path}.${k}`, x)]));
  return v;
}

const show = (path: string, v: unknown): string => {
  if (v === undefined) return '(none)';
  const text = JSON.stringify(mask(path, v));
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
};

/** How many of each action, and `drift`: how many updates drifted (changed outside azslo). */
export function planCounts(items: readonly PlanItem[]): Record<PlanItem['action'] | 'drift', number> {
  const c = { create: 0, update: 0, delete: 0, unchanged: 0, conflict: 0, drift: 0 };
  for (const i of items) {
    c[i.action]++;
    if (i.drift === true) c.drift++;
  }
  return c;
}

export function planText(items: readonly PlanItem[], verbose = false): string {
  const lines: string[] = [];
  for (const i of items) {
    if (i.action === 'unchanged' && !verbose && !i.notCompared?.length) continue;
    const name = i.id.split('/').pop();
    lines.push(`${SYMBOL[i.action]} ${i.action.padEnd(9)} ${i.type}  ${name}${i.reason ? `  (${i.reason})` : ''}`);
    for (const c of i.changes) lines.push(`      ${c.path}: ${show(c.path, c.from)} → ${show(c.path, c.to)}${c.origin && c.origin !== 'unknown' ? `  [${c.origin}]` : ''}`);
    for (const p of i.notCompared ?? []) lines.push(`      ${p}: ${SECRET_NOT_COMPARED}`);
  }
  const c = planCounts(items);
  const drifted = c.drift;
  if (c.update) lines.push(`(path: value in Azure → value the spec wants; [drift]: changed outside azslo since its last apply, [spec]: changed in the spec)`);
  const unread = items.filter((i) => i.notCompared?.length).length;
  if (unread) lines.push(`(secret, not compared: a secret plan cannot read, in ${unread} resource(s); apply needs it)`);
  lines.push(
    `Plan: ${c.create} to create, ${c.update} to update${drifted ? ` (${drifted} drifted)` : ''}, ${c.delete} to delete, ${c.unchanged} unchanged${c.conflict ? `, ${c.conflict} in conflict (not azslo's: left alone)` : ''}.`,
  );
  return lines.join('\n');
}

/** A plan as JSON, secrets masked. */
export function planJson(items: readonly PlanItem[]): object[] {
  return items.map((i) => ({
    action: i.action,
    id: i.id,
    type: i.type,
    apiVersion: i.apiVersion,
    ...(i.reason ? { reason: i.reason } : {}),
    // For updates: true/false, or null when it cannot be told (see drift.ts).
    ...(i.action === 'update' ? { drift: i.drift ?? null, specChanged: i.specChanged ?? null } : {}),
    // from: the value in Azure; to: the value the spec wants; origin: drift, spec or unknown.
    changes: i.changes.map((c) => ({ path: c.path, from: mask(c.path, c.from), to: mask(c.path, c.to), ...(c.origin ? { origin: c.origin } : {}) })),
    // Paths holding a secret plan could not read: not compared.
    ...(i.notCompared?.length ? { notCompared: i.notCompared } : {}),
  }));
}

export function resultLine(r: ApplyResult): string {
  const name = r.item.id.split('/').pop();
  return r.ok ? `${SYMBOL[r.item.action]} ${r.item.action === 'delete' ? 'deleted' : r.item.action === 'create' ? 'created' : 'updated'} ${r.item.type} ${name}` : `✗ failed  ${r.item.type} ${name}: ${r.error}`;
}
