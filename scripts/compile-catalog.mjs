// Writes dist/catalog.json (or the file named by the first argument): every catalog/ YAML file parsed, as JSON text, keyed by the SHA-256 of the file's text.
// src/catalog/index.ts reads a file from there when its text is the same (JSON.parse is some 50 times faster than
// the YAML parser, which cost every command up to a second), and parses the YAML otherwise: a stale or missing
// dist/catalog.json is slower, never wrong. Run by `npm run build` (and so by `npm install`).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = readdirSync(path.join(root, 'catalog'), { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
  .map((e) => path.join(e.parentPath ?? e.path, e.name))
  .sort();
const parsed = {};
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const value = parse(text);
  const json = JSON.stringify(value);
  // Only what JSON carries unchanged (no .inf, no dates…): anything else stays read from YAML.
  if (json === undefined || !isDeepStrictEqual(JSON.parse(json), value)) continue;
  parsed[createHash('sha256').update(text).digest('base64url')] = json;
}
// Another output file for the tests: node scripts/compile-catalog.mjs <file>.
const out = process.argv[2] ?? path.join(root, 'dist', 'catalog.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(parsed));
console.log(`${path.relative(root, out)}: ${Object.keys(parsed).length} of ${files.length} catalog files`);
