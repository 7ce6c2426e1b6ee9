// Writes dist/spec-validator.cjs: the spec's JSON Schema validator as ajv standalone code, so a command loads it
// instead of compiling the schema (a third of a second each run), and dist/spec-formats.cjs, the string formats it
// reads. src/validate/schema.ts uses it only when its key matches the schema's text, ajv and the formats of that
// moment (specValidatorKey): stale or missing, the schema is compiled as before. Run by `npm run build`, after tsc.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = process.argv[2] ?? path.join(root, 'dist');
const require = createRequire(import.meta.url);
const standaloneCode = require('ajv/dist/standalone').default;
const { _ } = require('ajv');
const { specAjv, specValidatorKey, AJV_FORMATS } = await import(path.join(root, 'dist', 'validate', 'schema.js'));
const { formats } = await import(path.join(root, 'dist', 'validate', 'formats.js'));

const text = readFileSync(path.join(root, 'schema', 'azslo.schema.json'), 'utf8');
const ajv = specAjv({ source: true, formats: _`require("./spec-formats.cjs")` });
const validate = ajv.compile(JSON.parse(text));
const key = specValidatorKey(text);
writeFileSync(path.join(out, 'spec-validator.cjs'), `${standaloneCode(ajv, validate)}\nmodule.exports.azsloKey = ${JSON.stringify(key)};\n`);
// The same formats the validator was compiled with: ajv-formats' full formats by name, azslo's regular expressions.
const lines = [
  "'use strict';",
  'const full = require("ajv-formats/dist/formats").fullFormats;',
  'module.exports = {',
  ...AJV_FORMATS.map((name) => `  ${JSON.stringify(name)}: full[${JSON.stringify(name)}],`),
  ...Object.entries(formats).map(([name, re]) => `  ${JSON.stringify(name)}: new RegExp(${JSON.stringify(re.source)}, ${JSON.stringify(re.flags)}),`),
  '};',
];
writeFileSync(path.join(out, 'spec-formats.cjs'), `${lines.join('\n')}\n`);
console.log(`${path.relative(root, out) || '.'}/spec-validator.cjs: the spec schema's validator (${key.slice(0, 12)}…)`);
