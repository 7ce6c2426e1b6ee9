import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Code } from '../diagnostics/codes.js';
import { formatPath, positionAt, type PathSegment, type SourceDocument } from '../load/source.js';
import { formats } from './formats.js';
import { closest } from './suggest.js';
import { echo } from '../diagnostics/echo.js';

const require = createRequire(import.meta.url);
// ajv ships CommonJS; require keeps its default export straight under NodeNext.
const Ajv2020 = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

export const specSchemaUrl = new URL('../../schema/azslo.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
  addFormats(ajv, ['email', 'uuid', 'uri']);
  for (const [name, re] of Object.entries(formats)) ajv.addFormat(name, re);
  compiled = ajv.compile(JSON.parse(readFileSync(specSchemaUrl, 'utf8')));
  return compiled;
}

const pointerToPath = (pointer: string): PathSegment[] =>
  pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

const describeType = (t: string | string[]): string => (Array.isArray(t) ? t.join(' or ') : t);

/** JSON Schema validation of one document, with ajv's errors turned into positioned diagnostics. */
export function validateAgainstSchema(src: SourceDocument): Diagnostic[] {
  const validate = validator();
  if (validate(src.data)) return [];
  const errors = pruneBranchNoise(validate.errors ?? []);
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of errors) {
    const d = toDiagnostic(src, e);
    if (!d) continue;
    const key = `${d.path}|${d.code}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

/**
 * anyOf/oneOf produce one error per failed branch. Keep the errors of the branch that matches the data's shape
 * (those below the anyOf's path) and drop the "wrong type" errors of the other branches and the anyOf summary.
 */
function pruneBranchNoise(errors: ErrorObject[]): ErrorObject[] {
  const anyOfPaths = new Set(errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath));
  return errors.filter((e) => {
    // "must match then schema" only repeats what the then-branch errors say precisely.
    if (e.keyword === 'if') return false;
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      // Keep the summary only when no branch said anything more precise.
      return !errors.some((o) => o !== e && o.instancePath.startsWith(e.instancePath) && o.keyword !== 'type' && o.keyword !== 'anyOf' && o.keyword !== 'oneOf');
    }
    if (anyOfPaths.has(e.instancePath) && (e.keyword === 'type' || e.keyword === 'pattern' || e.keyword === 'minLength')) return false;
    for (const p of anyOfPaths) {
      if (e.instancePath === p && e.keyword === 'type') return false;
    }
    return true;
  });
}

function toDiagnostic(src: SourceDocument, e: ErrorObject): Diagnostic | undefined {
  const path = pointerToPath(e.instancePath);
  const where = (p: PathSegment[], which: 'key' | 'value' = 'value') => ({ file: src.file, position: positionAt(src, p, which), path: formatPath(p) });
  const at = formatPath(path) || 'the document';
  const make = (code: Code, message: string, p: PathSegment[] = path, which: 'key' | 'value' = 'value', hint?: string) =>
    diagnostic(code, message, where(p, which), hint ? { hint } : {});
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closest(key, allowed);
      const hint = guess ? `Did you mean '${guess}'? Allowed here: ${allowed.join(', ')}.` : allowed.length ? `Allowed here: ${allowed.join(', ')}.` : undefined;
      return make('AZSLO002', `unknown key ${echo(key)} in ${at}`, [...path, key], 'key', hint);
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return make('AZSLO004', `missing required key ${echo(key)} in ${at}`, path, path.length ? 'key' : 'value');
    }
    case 'const': {
      const allowed = (e.params as { allowedValue: unknown }).allowedValue;
      const code: Code = path.length === 1 && (path[0] === 'apiVersion' || path[0] === 'kind') ? 'AZSLO007' : 'AZSLO003';
      return make(code, `${at} must be '${String(allowed)}', not ${echo(JSON.stringify(e.data))}`);
    }
    case 'format': {
      const format = (e.params as { format: string }).format;
      if (format === 'azslo-duration') return make('AZSLO015', `${at}: ${echo(e.data)} is not a duration`);
      if (format.startsWith('azure-')) {
        const what = format === 'azure-workspace-id' ? 'a Log Analytics workspace resource id' : format === 'azure-appinsights-id' ? 'an Application Insights component resource id' : 'an Azure resource id';
        return make('AZSLO016', `${at}: ${echo(e.data)} is not ${what}`);
      }
      return make('AZSLO003', `${at}: ${echo(e.data)} is not a valid ${format}`);
    }
    case 'type':
      if (typeof e.data === 'number' && !Number.isFinite(e.data)) {
        return make(path[path.length - 1] === 'objective' ? 'AZSLO013' : 'AZSLO003', `${at} is too large a number (${String(e.data)})`);
      }
      return make('AZSLO003', `${at} must be ${describeType((e.params as { type: string | string[] }).type)}, not ${typeName(e.data)}`);
    case 'anyOf':
    case 'oneOf':
      return make('AZSLO003', `${at} has the wrong shape: ${e.parentSchema && (e.parentSchema as { description?: string }).description ? (e.parentSchema as { description: string }).description : 'see the schema'}`);
    case 'minProperties':
    case 'maxProperties':
      if (path[path.length - 1] === 'sli') {
        const kinds = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
        return make('AZSLO003', `${at} must hold exactly one SLI kind, one of: ${kinds.join(', ')}`);
      }
      return make('AZSLO003', `${at} ${e.message ?? 'is invalid'}`);
    case 'pattern':
      return make('AZSLO003', `${at}: ${echo(e.data)} does not have the expected form (${(e.params as { pattern: string }).pattern})`);
    case 'enum':
      return make('AZSLO003', `${at} must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`);
    default:
      return make('AZSLO003', `${at} ${e.message ?? 'is invalid'}`);
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}
