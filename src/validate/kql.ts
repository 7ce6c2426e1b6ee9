import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatPath, positionAt, positionInScalar, type PathSegment, type SourceDocument } from '../load/source.js';
import type { ServiceSpec } from '../model/spec.js';
import { checkKql } from '../kql/service.js';
import { buildBusiness } from '../model/business.js';

/**
 * User-written KQL (the raw SLI's good and total queries) is parsed and bound offline against catalog/tables/;
 * problems are reported at their exact line and column inside the YAML scalar.
 */
export function checkUserKql(src: SourceDocument, spec: ServiceSpec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const tables = buildBusiness(spec).tables;
  const queries: { path: PathSegment[]; text: string; label: string }[] = [];
  spec.slos.forEach((slo, i) => {
    const raw = slo.sli.raw;
    if (!raw) return;
    for (const which of ['good', 'total'] as const) queries.push({ path: ['slos', i, 'sli', 'raw', which], text: raw[which], label: `${which} query` });
  });
  (spec.business?.signals ?? []).forEach((s, i) => {
    if (s.source.query !== undefined) queries.push({ path: ['business', 'signals', i, 'source', 'query'], text: s.source.query, label: 'signal query' });
  });
  for (const { path, text, label: which } of queries) {
    const result = checkKql(text, 'workspace', [], tables);
    for (const p of result.problems) {
      if (p.severity !== 'error') continue;
      out.push(
        diagnostic('AZSLO018', `${which}: ${p.message}`, { file: src.file, position: positionInScalar(src, path, p.start), path: formatPath(path) }, {
          hint: hintFor(p.message),
        }),
      );
    }
    if (result.problems.some((p) => p.severity === 'error')) continue;
    if (!result.columns) {
      out.push(diagnostic('AZSLO018', `${which} must return a table of events, not a scalar`, { file: src.file, position: positionAt(src, path), path: formatPath(path) }));
    } else if (!result.columns.includes('TimeGenerated')) {
      out.push(
        diagnostic('AZSLO018', `${which} must return a TimeGenerated column; it returns ${result.columns.slice(0, 8).join(', ') || 'no column'}`, { file: src.file, position: positionAt(src, path), path: formatPath(path) }, {
          hint: 'Keep TimeGenerated in the output (e.g. `| project TimeGenerated, ...`): burn-rate windows are cut on it.',
        }),
      );
    }
  }
  return out;
}

function hintFor(message: string): string {
  if (/does not refer to any known (column|table)/.test(message)) {
    return 'Only tables and columns of catalog/tables/ and of business.tables are known offline; check the spelling (names are case-sensitive) or declare your custom table under business.tables.';
  }
  return 'Fix the query; paste it into Logs in the portal to try it on real data.';
}
