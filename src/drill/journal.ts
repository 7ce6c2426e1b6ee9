import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Json } from './arm.js';

/**
 * What a drill changed and how to undo it, on disk (`<out>/.journal/<id>.json`) before each change and after it, so
 * that `azslo drill --restore <journal>` can finish a drill whose process was killed. Written whole to a temporary
 * file and renamed, so a kill mid-write leaves the previous version.
 */
export const DRILL_JOURNAL_VERSION = 'azslo.dev/drill-journal/v1';

export interface DrillJournal {
  readonly apiVersion: typeof DRILL_JOURNAL_VERSION;
  readonly id: string;
  readonly service: string;
  readonly scenario: string;
  readonly title: string;
  readonly runbook: string;
  /** The Automation account that runs the plan's runbook. */
  readonly account: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly startedAt: string;
  /** The experiment, once the drill is about to start it (a start may have gone through even if azslo died then). */
  experiment: { readonly id: string; started: boolean } | undefined;
  /** The alert processing rules: each as it was before the drill, and whether the drill has changed it. */
  readonly rules: { readonly id: string; readonly original: Json; changed: boolean }[];
  /** The Failover job, once the drill is about to start it. */
  failover: { readonly job: string } | undefined;
  /** The Failback job, once started, and how it ended. */
  failback: { readonly job: string; status: string | undefined } | undefined;
  /** How to undo each change by hand, in words. */
  readonly undo: string[];
}

export const journalPath = (dir: string, id: string): string => path.join(dir, '.journal', `${id}.json`);

export async function writeJournal(file: string, journal: DrillJournal): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  await writeFile(temp, `${JSON.stringify(journal, null, 2)}\n`, 'utf8');
  await rename(temp, file);
}

export async function deleteJournal(file: string): Promise<void> {
  await rm(file, { force: true });
}

export type ReadJournal = { readonly ok: true; readonly journal: DrillJournal } | { readonly ok: false; readonly message: string };

/** A journal read back; anything that is not one gives a message, never a throw. */
export async function readJournal(file: string): Promise<ReadJournal> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { ok: false, message: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `${file} is not JSON: ${(e as Error).message}` };
  }
  const j = raw as Partial<DrillJournal> | null;
  if (!j || typeof j !== 'object' || j.apiVersion !== DRILL_JOURNAL_VERSION) return { ok: false, message: `${file} is not a drill journal (apiVersion ${DRILL_JOURNAL_VERSION} expected)` };
  for (const key of ['id', 'service', 'scenario', 'runbook', 'account', 'subscriptionId', 'resourceGroup', 'startedAt'] as const) {
    if (typeof j[key] !== 'string' || j[key] === '') return { ok: false, message: `${file}: the journal has no ${key}` };
  }
  if (!Array.isArray(j.rules) || !j.rules.every((r) => r && typeof r.id === 'string' && r.original && typeof r.original === 'object')) return { ok: false, message: `${file}: the journal's rules are malformed` };
  return { ok: true, journal: { ...(j as DrillJournal), experiment: j.experiment ?? undefined, failover: j.failover ?? undefined, failback: j.failback ?? undefined, undo: Array.isArray(j.undo) ? j.undo : [] } };
}
