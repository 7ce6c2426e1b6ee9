import * as report from '../catalog/report.js';
import type { CatalogRow } from '../catalog/report.js';
import type { ResourceTypeEntry } from '../catalog/resources.js';
import { didYouMean } from '../base/edit-distance.js';

export interface CatalogOptions {
  /** Of `text`; default text. */
  readonly format?: 'text' | 'json';
}

/** `azslo catalog list`: every resource type azslo knows, with its counts; `text` in the format asked for. */
export async function catalogList(options: CatalogOptions = {}): Promise<{ readonly rows: CatalogRow[]; readonly text: string }> {
  const rows = report.catalogRows();
  return { rows, text: options.format === 'json' ? JSON.stringify(rows, null, 2) : report.catalogListText() };
}

export type CatalogShowResult =
  | { readonly ok: true; readonly entry: ResourceTypeEntry; readonly text: string }
  | { readonly ok: false; readonly reason: 'not-found'; readonly message: string };

/** `azslo catalog show`: what azslo creates for one resource type (case-insensitive) and why. */
export async function catalogShow(type: string, options: CatalogOptions = {}): Promise<CatalogShowResult> {
  const entry = report.findType(type);
  if (!entry) return { ok: false, reason: 'not-found', message: `${type} is not in the catalog; \`azslo catalog list\` shows the types it has${didYouMean(type, report.catalogRows().map((r) => r.type))}` };
  return { ok: true, entry, text: options.format === 'json' ? JSON.stringify(entry, null, 2) : report.catalogShowText(entry) };
}
