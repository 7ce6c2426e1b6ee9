import { createHash } from 'node:crypto';

/** Lowercase letters, digits and single hyphens; what Azure resource names accept everywhere azslo uses them. */
export function slug(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // A name in a script without an ASCII transliteration (日本語) still gets a stable resource name.
  if (!ascii && /[\p{L}\p{N}]/u.test(name)) return `n${shortHash(name, 8)}`;
  return ascii;
}

export const shortHash = (text: string, length = 6): string => createHash('sha256').update(text).digest('hex').slice(0, length);

/** A KQL/Bicep-safe identifier part: letters, digits, underscores. */
export const snake = (name: string): string => slug(name).replace(/-/g, '_');

/** lowerCamelCase for Bicep parameter names. */
export function camel(...parts: string[]): string {
  const words = parts.flatMap((p) => slug(p).split('-')).filter(Boolean);
  const s = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
  return /^[a-z]/.test(s) ? s : `x${s}`;
}

/**
 * A deterministic GUID (RFC 4122 version 5 layout) from a name, so that a workbook keeps its resource name
 * across generations and between Bicep and apply.
 */
export function nameGuid(...parts: string[]): string {
  const h = createHash('sha1').update(`azslo:${parts.join('\u0000')}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** Cuts to `max` characters; when cut, ends with a hash of the whole so that different long names stay distinct. */
export function fit(name: string, max: number): string {
  if (name.length <= max) return name;
  const h = shortHash(name, 6);
  return `${name.slice(0, max - h.length - 1).replace(/-+$/, '')}-${h}`;
}
