import { readFileSync, readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { parseDuration } from '../base/durations.js';

/** An SLI kind's name, as catalog/sli/ lists them (the spec's SliKind is the same set, checked by a test). */
type SliKind = string;
import type { ApiVersionKey, CloudEndpoints, CloudName, FactFileName, FactKey, FactValue } from './facts.js';

/**
 * Read-only access to catalog/: facts about Azure and SLI kinds, kept as data with their sources.
 * Files are read once, on first use.
 */
export const catalogDir = new URL('../../catalog/', import.meta.url);

export type SliMeasure = 'availability' | 'latency' | 'freshness';

export interface SliCatalogEntry {
  kind: SliKind;
  title: string;
  layer: 'infrastructure' | 'application' | 'business';
  /** What the SLI measures; the analysis compares only availability SLOs with a journey's composite SLA. */
  measures: SliMeasure;
  tables: string[];
  /** The log of the resource named by the kind's `gateway` option that it reads (catalog/resources/, logs.requests). */
  resourceLog?: 'requests';
  description: string;
  good: string;
  total: string;
  /** kql (the default): a saved function rendered from `template`; promql: recording rules, no template. */
  engine?: 'kql' | 'promql';
  template?: string;
  sources: string[];
}

export interface WindowPair {
  long: string;
  short: string;
  budgetPercent: number;
  burnRate: number;
  derivation: string;
}

export interface AlertWindows {
  evaluationFrequency: string;
  queryWindow: string;
  severity: number;
  minimumEvents: number;
  pairs: WindowPair[];
}

export type AlertKind = 'page' | 'ticket';

export interface WindowSet {
  window: string;
  sources: string[];
  alerts: Record<AlertKind, AlertWindows>;
}

export interface TableColumn { name: string; type: string; description: string }
export interface TableSchema { name: string; database: 'workspace' | 'resourcegraph'; description: string; source: string; columns: TableColumn[] }

interface Fact { value: unknown; source: string; note?: string }
/** One file of catalog/azure/ as read from YAML (test/catalog/facts.test.ts checks it against the registry). */
export interface FactFile { name: string; facts: Record<string, Fact> }

/**
 * A catalog file's data: from dist/catalog.json when it holds this very text (scripts/compile-catalog.mjs, run by
 * `npm run build`), else parsed from the YAML. Each read gives a fresh object, as parsing does.
 */
const readYaml = <T>(rel: string): T => readCatalogFile<T>(new URL(rel, catalogDir));

/** A catalog file by URL or path, through dist/catalog.json like readYaml. */
export const readCatalogFile = <T>(file: URL | string): T => {
  const text = readFileSync(file, 'utf8');
  const compiled = compiledCatalog().get(createHash('sha256').update(text).digest('base64url'));
  return (compiled !== undefined ? JSON.parse(compiled) : parse(text)) as T;
};

/** dist/catalog.json (beside src/ and dist/ alike), or nothing when it is not built. */
const compiledCatalog = (() => {
  let entries: Map<string, string> | undefined;
  return (): Map<string, string> => {
    if (entries) return entries;
    try {
      entries = new Map(Object.entries(JSON.parse(readFileSync(new URL('../../dist/catalog.json', import.meta.url), 'utf8')) as Record<string, string>));
    } catch {
      entries = new Map();
    }
    return entries;
  };
})();

const memo = <T>(f: () => T): (() => T) => {
  let v: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      v = f();
      done = true;
    }
    return v as T;
  };
};

const listYaml = (rel: string): string[] =>
  readdirSync(new URL(rel, catalogDir), { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => `${rel}${e.name}`)
    .sort();

export const sliCatalog = memo((): Map<SliKind, SliCatalogEntry> => {
  const m = new Map<SliKind, SliCatalogEntry>();
  for (const f of listYaml('sli/')) {
    const e = readYaml<SliCatalogEntry>(f);
    m.set(e.kind, e);
  }
  return m;
});

/** What an SLI kind measures, from its catalog entry; throws for a kind the catalog lacks (a programming error). */
export function sliMeasure(kind: SliKind): SliMeasure {
  const e = sliCatalog().get(kind);
  if (!e) throw new Error(`catalog/sli/ has no entry for SLI kind '${kind}'`);
  return e.measures;
}

export function sliTemplateUrl(entry: SliCatalogEntry): URL {
  if (!entry.template) throw new Error(`catalog/sli/${entry.kind}.yaml has no KQL template (engine ${entry.engine ?? 'kql'})`);
  return new URL(`sli/${entry.template}`, catalogDir);
}

/** The window set of Prometheus SLIs (catalog/windows/prometheus/30d.yaml): managed Prometheus reads 32 days, not two. */
export const prometheusWindowSet = memo((): WindowSet => readYaml<WindowSet>('windows/prometheus/30d.yaml'));

export const windowSets = memo((): Map<number, WindowSet> => {
  const m = new Map<number, WindowSet>();
  for (const f of listYaml('windows/')) {
    const w = readYaml<WindowSet>(f);
    m.set(parseDuration(w.window)! / 86400, w);
  }
  return m;
});

export const tableSchemas = memo((): TableSchema[] => [...listYaml('tables/'), ...listYaml('tables/resourcegraph/')].map((f) => readYaml<TableSchema>(f)));

/** catalog/azure/ as read, by file name; exported for the catalog tests, code reads facts through `fact`. */
export const factFiles = memo((): Map<string, FactFile> => {
  const m = new Map<string, FactFile>();
  for (const f of listYaml('azure/')) {
    const file = readYaml<FactFile>(f);
    m.set(file.name, file);
  }
  return m;
});

/**
 * One fact's value, typed by the registry in ./facts.ts: tsc refuses a file or key the registry lacks. Throws when
 * the YAML lacks it (caught by test/catalog/facts.test.ts). Own keys only: 'constructor' is no fact.
 */
export function fact<F extends FactFileName, K extends FactKey<F>>(file: F, key: K): FactValue<F, K>;
/**
 * @deprecated Untyped lookup with a key known only at run time, kept for src/apply/connect.ts until it uses
 * `cloudEndpoints`; throws for an unknown key.
 */
export function fact<T>(file: 'clouds', key: string): T;
export function fact(file: string, key: string): unknown {
  const facts = factFiles().get(file)?.facts;
  if (!facts || !Object.hasOwn(facts, key)) throw new Error(`catalog/azure/${file}.yaml has no fact '${key}'`);
  return facts[key]!.value;
}

export const apiVersion = (type: ApiVersionKey): string => fact('api-versions', type);

/** The names of the Azure clouds the catalog knows (catalog/azure/clouds.yaml), in file order. */
export const cloudNames = (): CloudName[] => Object.keys(factFiles().get('clouds')?.facts ?? {}) as CloudName[];

/** A named cloud's endpoints, or undefined for a name the catalog does not know (own keys only). */
export const cloudEndpoints = (name: string): CloudEndpoints | undefined =>
  (cloudNames() as string[]).includes(name) ? fact('clouds', name as CloudName) : undefined;

/**
 * A region's display name as Service Health and Cosmos DB write it (westeurope → West Europe). Own keys only: a
 * location the catalog does not know ('constructor' fits the pattern) is passed through as written.
 */
export function regionDisplayName(location: string): string {
  const names = fact('regions', 'displayNames');
  return Object.hasOwn(names, location) ? names[location]! : location;
}
