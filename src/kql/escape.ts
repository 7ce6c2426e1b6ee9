/**
 * KQL literals. Kusto string literals take backslash escapes (\\ \" \n \r \t \uXXXX); everything else,
 * including any Unicode, may stand as itself. Tests parse the output back with the Kusto language service.
 */
export function kqlString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A number literal: long when integral, real otherwise. */
export function kqlNumber(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  return String(value);
}

/** Always a real literal (99 → 99.0), so that unions of rows agree on the column type. */
export function kqlReal(value: number): string {
  const text = kqlNumber(value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

/** A KQL timespan literal from seconds: 1d, 6h, 30m, 45s. */
export function kqlTimespan(seconds: number): string {
  if (seconds % 86400 === 0) return `${seconds / 86400}d`;
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A name usable as a KQL identifier; other names go in the ['…'] bracket form. */
export function kqlIdentifier(name: string): string {
  return IDENT.test(name) ? name : `[${kqlString(name)}]`;
}

/** A datetime literal of an instant (ms since the epoch), in UTC: datetime(2026-03-14T21:00:00.000Z). */
export function kqlDatetime(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${ms}`);
  return `datetime(${new Date(ms).toISOString()})`;
}
