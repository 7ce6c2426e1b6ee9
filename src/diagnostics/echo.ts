/**
 * How a diagnostic shows text it did not write. Messages quote user values back, and a value can be two megabytes
 * long, carry a terminal escape sequence, or be a webhook URL with its signature: what is shown is capped, made
 * visible and masked, wherever the message was made.
 */

/** Longest user value quoted in a message, in code points; the rest is cut with an ellipsis. */
export const ECHO_LIMIT = 80;
/** Longest message or hint, in code points: a backstop for values that reach a message unquoted. */
export const MESSAGE_LIMIT = 1000;

const MASK = '***';

/**
 * Secrets as they appear in URLs and connection strings: SAS signatures (sig=), keys, codes of function URLs, tokens,
 * passwords, bearer tokens, JWTs and the password part of a URL's user info.
 */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  [/((?:^|[?&;\s"'])(?:sig|key|code|token|secret|password|pwd|apikey|api-key|api_key|access_token|refresh_token|client_secret|accountkey|sharedaccesskey|sharedaccesssignature)=)[^&;\s"']+/gi, `$1${MASK}`],
  [/\b(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, `$1${MASK}`],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, MASK],
  [/(:\/\/[^/\s:@]+:)[^@\s/]+@/g, `$1${MASK}@`],
];

export function maskSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Characters that would act instead of show on a terminal or in an editor: shown as \u{…}. Lone surrogates too. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udfff]/gu;

export const visible = (text: string): string => text.replace(INVISIBLE, (c) => `\\u{${c.charCodeAt(0).toString(16).toUpperCase()}}`);

/** Cuts text to at most `limit` code points, ending with an ellipsis when something was cut. */
export function cap(text: string, limit: number): string {
  const points = Array.from(text);
  return points.length <= limit ? text : `${points.slice(0, limit - 1).join('')}…`;
}

/** A user value as a message quotes it: masked, visible, capped and in single quotes. */
export const echo = (value: unknown, limit = ECHO_LIMIT): string => `'${cap(visible(maskSecrets(String(value))), limit)}'`;

/** What the diagnostic factory does to every message and hint. */
export const sanitizeMessage = (text: string): string => cap(visible(maskSecrets(text)), MESSAGE_LIMIT);
