/**
 * The only places user text enters PromQL or a Prometheus rule: string literals of label matchers, and annotation
 * values (which Azure expands as Go templates).
 */

/**
 * A PromQL double-quoted string literal of `text`. PromQL strings follow Go's escaping: the backslash, the double
 * quote and every control character are escaped (controls as \uXXXX, which Go and JSON read alike); anything else
 * stands as itself in UTF-8. Lone surrogates have no UTF-8 form: the spec's text check refuses them first.
 */
export function promqlString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * An annotation value that shows `text` as written: Azure expands annotations as Go templates, so every `{{` would
 * open an action. Each one becomes the template action printing the two braces literally.
 */
export const annotationText = (text: string): string => text.replace(/\{\{/g, '{{"{{"}}');
