import type { Code } from '../diagnostics/codes.js';
import { diagnostic, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import { formatPath, positionAt, type PathSegment, type SourceDocument } from '../load/source.js';

export interface ReportOptions {
  which?: 'key' | 'value';
  severity?: Severity;
  hint?: string;
}

export type Report = (code: Code, message: string, path: PathSegment[], opts?: ReportOptions) => void;

/** A reporter that positions each diagnostic at a data path of the document and collects it. */
export function reporter(src: SourceDocument, out: Diagnostic[]): Report {
  return (code, message, path, opts = {}) =>
    out.push(
      diagnostic(code, message, { file: src.file, position: positionAt(src, path, opts.which ?? 'value'), path: formatPath(path) }, {
        ...(opts.severity ? { severity: opts.severity } : {}),
        ...(opts.hint ? { hint: opts.hint } : {}),
      }),
    );
}
