import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { tableSchemas } from '../catalog/index.js';
import { kqlCheckKey, type KqlCheck, type KqlRequest } from './service.js';
import { azsloVersion } from '../base/package.js';

/**
 * The answers of earlier KQL checks, kept in a folder between runs (`AZSLO_CACHE_DIR`): an estate's pull request
 * changes a few queries, and the Kusto language service takes a millisecond or more for each of the thousands it
 * checks. An answer depends only on the request (query, database, functions, tables) and on what the language
 * service knows: the file is used only when it was written by the same versions of azslo and of the language service,
 * with the same catalog tables, else started again. Never a reason to fail: a cache that cannot be read is empty,
 * one that cannot be written is left as it was.
 */
export interface KqlCheckCache {
  get(request: KqlRequest): KqlCheck | undefined;
  set(request: KqlRequest, check: KqlCheck): void;
  /** Writes the answers read or added in this run, then as many older ones as fit (MAX_ENTRIES). */
  save(): void;
}

const FILE = 'kql-checks.json';
/** Bumped when what a check answers changes shape (checkKql's KqlCheck). */
const FORMAT = 1;
const MAX_ENTRIES = 100_000;

interface CacheFile {
  readonly format: number;
  readonly salt: string;
  readonly checks: Record<string, KqlCheck>;
}

export function openKqlCheckCache(folder: string): KqlCheckCache {
  const file = path.join(folder, FILE);
  const salt = cacheSalt();
  let stored: Record<string, KqlCheck> = {};
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheFile>;
    if (parsed.format === FORMAT && parsed.salt === salt && parsed.checks && typeof parsed.checks === 'object') stored = parsed.checks;
  } catch {
    // None yet, or unreadable: start empty.
  }
  const used = new Map<string, KqlCheck>();
  let added = false;
  const keyOf = (r: KqlRequest) => createHash('sha256').update(kqlCheckKey(r)).digest('base64url');
  return {
    get(request) {
      const key = keyOf(request);
      const check = Object.hasOwn(stored, key) ? stored[key] : undefined;
      if (check && isKqlCheck(check)) used.set(key, check);
      return used.get(key);
    },
    set(request, check) {
      used.set(keyOf(request), check);
      added = true;
    },
    save() {
      if (!added) return;
      const checks: Record<string, KqlCheck> = {};
      let n = 0;
      for (const [key, check] of used) if (n++ < MAX_ENTRIES) checks[key] = check;
      for (const key of Object.keys(stored)) if (!Object.hasOwn(checks, key) && n++ < MAX_ENTRIES) checks[key] = stored[key]!;
      const temporary = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(folder, { recursive: true });
        // Whole or not at all: a run stopped halfway leaves the previous file.
        writeFileSync(temporary, JSON.stringify({ format: FORMAT, salt, checks } satisfies CacheFile));
        renameSync(temporary, file);
      } catch {
        try {
          rmSync(temporary, { force: true });
        } catch {
          // The folder itself cannot be reached: nothing was written.
        }
      }
    },
  };
}

/** What the answers depend on besides the request: the versions of azslo and of the language service, the catalog's tables. */
function cacheSalt(): string {
  const require = createRequire(import.meta.url);
  const version = (p: string) => (JSON.parse(readFileSync(require.resolve(p), 'utf8')) as { version: string }).version;
  return createHash('sha256')
    .update(JSON.stringify([azsloVersion(), version('@kusto/language-service-next/package.json'), tableSchemas()]))
    .digest('base64url');
}

/** A stored answer has the shape of one (the file is the user's: anything may be in it). */
function isKqlCheck(v: unknown): v is KqlCheck {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Partial<KqlCheck>;
  return Array.isArray(c.problems) && Array.isArray(c.statements) && (c.columns === undefined || Array.isArray(c.columns));
}
