/**
 * Facts about text that several stages need. Below every stage: it imports nothing of the project.
 */

/** True when the string holds a UTF-16 surrogate without its pair: such text has no UTF-8 form. */
export const hasLoneSurrogate = (s: string): boolean => /[\uD800-\uDFFF]/u.test(s);

/** Code-unit order, the same under every locale (String.prototype.localeCompare is not). */
export const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
