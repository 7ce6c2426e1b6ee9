import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
import type { SliKind } from '../model/spec.js';
import { parseDuration } from '../validate/formats.js';

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
  description: string;
  good: string;
  total: string;
  template: string;
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

interface Fact<T> { value: T; source: string; note?: string }
interface FactFile { name: string; facts: Record<string, Fact<unknown>> }

const readYaml = <T>(rel: string): T => parse(readFileSync(new URL(rel, catalogDir), 'utf8')) as T;

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

export const sliTemplateUrl = (entry: SliCatalogEntry): URL => new URL(`sli/${entry.template}`, catalogDir);

export const windowSets = memo((): Map<number, WindowSet> => {
  const m = new Map<number, WindowSet>();
  for (const f of listYaml('windows/')) {
    const w = readYaml<WindowSet>(f);
    m.set(parseDuration(w.window)! / 86400, w);
  }
  return m;
});

export const tableSchemas = memo((): TableSchema[] => [...listYaml('tables/'), ...listYaml('tables/resourcegraph/')].map((f) => readYaml<TableSchema>(f)));

const facts = memo((): Map<string, FactFile> => {
  const m = new Map<string, FactFile>();
  for (const f of listYaml('azure/')) {
    const file = readYaml<FactFile>(f);
    m.set(file.name, file);
  }
  return m;
});

/** One fact's value; throws when the catalog lacks it (a programming error, caught by tests). */
export function fact<T>(file: string, key: string): T {
  const f = facts().get(file)?.facts[key];
  if (!f) throw new Error(`catalog/azure/${file}.yaml has no fact '${key}'`);
  return f.value as T;
}

export const apiVersion = (type: string): string => fact<string>('api-versions', type);
