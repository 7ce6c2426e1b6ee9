import { codes, docsUrl, type Code } from './codes.js';
import { sanitizeMessage, visible } from './echo.js';
import { compareText } from '../base/text.js';

export type Severity = 'error' | 'warning';

export interface Position {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in UTF-16 code units like editors count. */
  readonly col: number;
}

export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly hint: string;
  readonly file: string;
  readonly position: Position;
  /** Dotted path in the document, e.g. `slos[0].objective`; empty for file-level problems. */
  readonly path: string;
}

/** Makes a diagnostic. Its message and hint are masked, made visible and capped here (see echo.ts), whoever wrote them. */
export function diagnostic(
  code: Code,
  message: string,
  where: { file: string; position?: Position; path?: string },
  options: { severity?: Severity; hint?: string } = {},
): Diagnostic {
  return {
    code,
    severity: options.severity ?? 'error',
    message: sanitizeMessage(message),
    hint: sanitizeMessage(options.hint ?? codes[code].hint),
    file: where.file,
    position: where.position ?? { line: 1, col: 1 },
    path: where.path ?? '',
  };
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === 'error');

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file, b.file) ||
    a.position.line - b.position.line ||
    a.position.col - b.position.col ||
    compareText(a.code, b.code) ||
    compareText(a.message, b.message)
  );
}

/** `file:line:col: error AZSLO012: message` then an indented hint, as compilers print them. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${visible(d.file)}:${d.position.line}:${d.position.col}: ${d.severity} ${d.code}: ${d.message}\n  hint: ${d.hint} (${docsUrl(d.code)})`;
}

/** Thrown by library functions when input is invalid; carries every diagnostic found. */
export class AzsloError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'AzsloError';
  }
}
