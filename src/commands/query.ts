import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { buildServiceModel } from '../model/service.js';
import { queryFor } from '../query/index.js';
import { loadAndValidate } from './validate.js';

export interface QueryCommandOptions {
  /** One of the SLI's or KPI's alert rules: `page`, `ticket`, or a KPI alert id (`threshold`, `drop`, `anomaly-2`…). */
  readonly alert?: string;
}

export type QueryCommandResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'invalid'; readonly diagnostics: readonly Diagnostic[] }
  /** No such SLO, signal or alert (or an ambiguous name): `message` says which exist. */
  | { readonly ok: false; readonly reason: 'not-found'; readonly message: string };

/**
 * `azslo query`: the full KQL of an SLI or KPI (`<slo>`, `<service>/<slo>` or a signal name) with its function
 * inlined, per hour, or of one of its alert rules: ready to paste into Logs.
 */
export async function queryCommand(input: string, name: string, options: QueryCommandOptions = {}): Promise<QueryCommandResult> {
  const validation = await loadAndValidate([input]);
  if (!validation.ok) return { ok: false, reason: 'invalid', diagnostics: validation.diagnostics };
  const q = queryFor(validation.services.map((s) => buildServiceModel(s.spec)), { name, ...(options.alert ? { alert: options.alert } : {}) });
  return q.ok ? { ok: true, text: q.text } : { ok: false, reason: 'not-found', message: q.message };
}
