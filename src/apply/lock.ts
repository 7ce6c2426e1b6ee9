import { createHash, randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { preconditionFailed, type ArmGateway, type ArmResourceState } from './arm.js';
import type { Target } from './desired.js';

/**
 * The apply lock: one lease per target resource group, so that two `azslo apply` runs on it never read-plan-write
 * at the same time. The lease is a resource azslo writes in that resource group and deletes at the end: a shared
 * workbook (writable with Monitoring Contributor, which apply needs anyway; its API has entity tags) with a
 * name derived from the subscription and resource group, holding the lease in its tags.
 *
 * - Acquire: read it; if a live lease of another run is there, refuse, naming the holder. Otherwise write it with
 *   `If-None-Match: *` (none was there) or `If-Match: <its ETag>` (taking over an expired one); a 412 means another
 *   run got there first. Then wait `settleMs` and read it again: it must still be ours. This second check is
 *   Fischer's mutual exclusion and protects even where Resource Manager ignores the conditional headers, provided
 *   every run's read-then-write of the lease takes less than the others' settle time.
 * - Hold: the lease runs for `ttlMs` and is renewed every `renewEveryMs` with `If-Match`; if a renewal finds the
 *   lease taken, the lease is lost and apply writes nothing more.
 * - Release: deleted with `If-Match`, only while it is still ours. A run that dies keeps it until it expires.
 * Expiry is judged by the clock of the machine that reads the lease: clocks must agree to well within `ttlMs`.
 */
export const LOCK_TYPE = 'Microsoft.Insights/workbooks';
export const LOCK_API_VERSION = '2023-06-01';

const TAG = {
  holder: 'azslo-lock-holder',
  run: 'azslo-lock-run',
  acquired: 'azslo-lock-acquired',
  expires: 'azslo-lock-expires',
} as const;

export interface LockOptions {
  /** Who holds it, in messages (default user@host, pid). */
  readonly holder?: string;
  /** How long a lease lasts without renewal (default 10 minutes). */
  readonly ttlMs?: number;
  /** Renewal period (default ttlMs / 4); 0 never renews (tests: a run that died). */
  readonly renewEveryMs?: number;
  /** Wait between writing the lease and checking it is still ours (default 3 s). */
  readonly settleMs?: number;
  /** Workbooks need a region: the one of the deployment's workbook. */
  readonly location: string;
  readonly now?: () => number;
}

export interface LeaseInfo {
  readonly holder: string;
  readonly run: string;
  readonly acquired: string;
  readonly expires: string;
}

export class LockError extends Error {
  constructor(
    message: string,
    readonly lease?: LeaseInfo,
  ) {
    super(message);
  }
}

export interface Lease {
  readonly id: string;
  readonly run: string;
  /** Set when a renewal found the lease taken by another run: nothing more may be written. */
  readonly lost: string | undefined;
  /** Deletes the lease if it is still ours. Never throws: says why it could not, and when the lease expires. */
  release(): Promise<string | undefined>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The lock's id: a workbook whose name (a GUID, as workbooks need) is derived from the subscription and resource group. */
export function lockId(target: Target): string {
  const h = createHash('sha1').update(`azslo-apply-lock|${target.subscriptionId.toLowerCase()}|${target.resourceGroup.toLowerCase()}`).digest('hex');
  const guid = `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
  return `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/Microsoft.Insights/workbooks/${guid}`;
}

export function leaseOf(r: ArmResourceState | undefined): LeaseInfo | undefined {
  const tags = r?.body.tags as Record<string, unknown> | undefined;
  if (!tags || typeof tags[TAG.run] !== 'string' || typeof tags[TAG.expires] !== 'string') return undefined;
  return { holder: String(tags[TAG.holder] ?? 'unknown'), run: String(tags[TAG.run]), acquired: String(tags[TAG.acquired] ?? ''), expires: String(tags[TAG.expires]) };
}

function defaultHolder(): string {
  let user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers): keep the environment's name
  }
  return `${user}@${hostname()} (pid ${process.pid})`.slice(0, 200);
}

function heldMessage(target: Target, id: string, l: LeaseInfo, just: boolean): string {
  return (
    `resource group ${target.resourceGroup} is locked by another azslo apply${just ? ' that took the lock just now' : ''}: ${l.holder} (run ${l.run.slice(0, 8)}), since ${l.acquired}. ` +
    `Nothing was changed. Run apply again when it has finished; if that run is gone, its lock expires at ${l.expires}, ` +
    `or delete it once you are sure: az resource delete --ids ${id} --api-version ${LOCK_API_VERSION}`
  );
}

/** Takes the apply lock of a resource group, or throws a LockError naming the holder. */
export async function acquireLock(gateway: ArmGateway, target: Target, options: LockOptions): Promise<Lease> {
  const now = options.now ?? Date.now;
  const ttl = options.ttlMs ?? 10 * 60_000;
  const settle = options.settleMs ?? 3_000;
  const renewEvery = options.renewEveryMs ?? ttl / 4;
  const id = lockId(target);
  const run = randomUUID();
  const holder = options.holder ?? defaultHolder();
  const acquired = new Date(now()).toISOString();
  const body = () => ({
    location: options.location,
    kind: 'shared',
    tags: { [TAG.holder]: holder, [TAG.run]: run, [TAG.acquired]: acquired, [TAG.expires]: new Date(now() + ttl).toISOString() },
    properties: {
      displayName: `azslo apply lock (${target.resourceGroup})`,
      category: 'workbook',
      sourceId: 'azure monitor',
      serializedData: JSON.stringify({ version: 'Notebook/1.0', items: [{ type: 1, content: { json: `An azslo apply is running on ${target.resourceGroup}: ${holder}. azslo deletes this workbook when it ends.` } }] }),
    },
  });
  const live = (l: LeaseInfo | undefined): l is LeaseInfo => l !== undefined && l.run !== run && Date.parse(l.expires) > now();

  const started = now();
  const current = await gateway.get(LOCK_TYPE, id, LOCK_API_VERSION);
  const before = leaseOf(current);
  if (live(before)) throw new LockError(heldMessage(target, id, before, false), before);
  let etag: string | undefined;
  try {
    etag = await gateway.put(LOCK_TYPE, id, LOCK_API_VERSION, body(), current ? (current.etag ? { ifMatch: current.etag } : {}) : { ifNoneMatch: '*' });
  } catch (e) {
    if (!preconditionFailed(e)) throw e;
    // Someone wrote it since we read it — unless it was our own write, whose answer was lost and retried.
    const now_ = await gateway.get(LOCK_TYPE, id, LOCK_API_VERSION);
    const l = leaseOf(now_);
    if (l?.run !== run) throw new LockError(heldMessage(target, id, l ?? { holder: 'unknown', run: '?', acquired: '?', expires: '?' }, true), l);
    etag = now_?.etag;
  }
  // Fischer: wait longer than any other run's read-then-write can take (at least twice ours), then check.
  await sleep(Math.max(settle, 2 * (now() - started)));
  const check = await gateway.get(LOCK_TYPE, id, LOCK_API_VERSION);
  const after = leaseOf(check);
  if (after?.run !== run) throw new LockError(heldMessage(target, id, after ?? { holder: 'unknown', run: '?', acquired: '?', expires: '?' }, true), after);
  etag = check?.etag ?? etag;

  let lost: string | undefined;
  let validUntil = started + ttl;
  let renewing: Promise<void> = Promise.resolve();
  const renew = async () => {
    try {
      const at = now();
      etag = await gateway.put(LOCK_TYPE, id, LOCK_API_VERSION, body(), etag ? { ifMatch: etag } : {});
      validUntil = at + ttl;
    } catch (e) {
      if (preconditionFailed(e)) lost = `the apply lock of ${target.resourceGroup} was taken by another run while this one held it`;
      // Other failures: try again at the next period; the lease still runs until it expires.
    }
  };
  const timer = renewEvery > 0 ? setInterval(() => (renewing = renewing.then(renew)), renewEvery) : undefined;
  timer?.unref();
  const lease: Lease = {
    id,
    run,
    get lost() {
      if (!lost && now() > validUntil) lost = `the apply lock of ${target.resourceGroup} expired (it could not be renewed)`;
      return lost;
    },
    async release() {
      if (timer) clearInterval(timer);
      await renewing;
      if (lost) return undefined;
      try {
        const mine = await gateway.get(LOCK_TYPE, id, LOCK_API_VERSION);
        if (leaseOf(mine)?.run !== run) return undefined;
        await gateway.delete(LOCK_TYPE, id, LOCK_API_VERSION, mine?.etag ? { ifMatch: mine.etag } : {});
        return undefined;
      } catch (e) {
        if (preconditionFailed(e)) return undefined;
        const err = e as { statusCode?: number; message?: string };
        return `the apply lock of ${target.resourceGroup} could not be released (${err.statusCode ? `HTTP ${err.statusCode} ` : ''}${err.message ?? String(e)}): other applies are refused until it expires at ${new Date(validUntil).toISOString()}, or delete it: az resource delete --ids ${id} --api-version ${LOCK_API_VERSION}`;
      }
    },
  };
  return lease;
}

/** The live lease on a resource group, if any (plan reports it). */
export async function currentLease(gateway: ArmGateway, target: Target, now: () => number = Date.now): Promise<LeaseInfo | undefined> {
  const l = leaseOf(await gateway.get(LOCK_TYPE, lockId(target), LOCK_API_VERSION));
  return l && Date.parse(l.expires) > now() ? l : undefined;
}
