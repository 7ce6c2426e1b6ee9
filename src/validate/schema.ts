import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnosticsAt } from '../diagnostics/builder.js';
import { formatPath, positionAt, type PathSegment, type SourceDocument } from '../load/source.js';
import { formats } from './formats.js';
import { closest } from './suggest.js';

const require = createRequire(import.meta.url);
// ajv ships CommonJS; require keeps its default export straight under NodeNext.
const Ajv2020 = require('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

export const specSchemaUrl = new URL('../../schema/azslo.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

/** ajv as the spec's schema needs it; `code`: options for generating standalone code (scripts/compile-schema.mjs). */
export function specAjv(code?: Record<string, unknown>): InstanceType<typeof Ajv2020> {
  const ajv = new Ajv2020({ ...AJV_OPTIONS, ...(code ? { code } : {}) });
  addFormats(ajv, [...AJV_FORMATS]);
  for (const [name, re] of Object.entries(formats)) ajv.addFormat(name, re);
  return ajv;
}

const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true } as const;
/** The formats taken from ajv-formats; azslo's own are in ./formats.ts. */
export const AJV_FORMATS = ['email', 'uuid', 'uri', 'date'] as const;

/** What a compiled validator depends on: the schema's text, ajv's version and options, the formats. */
export function specValidatorKey(schemaText: string): string {
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  const own = Object.entries(formats).map(([name, re]) => [name, String(re)]);
  return createHash('sha256').update(JSON.stringify([ajvVersion, AJV_OPTIONS, AJV_FORMATS, own, schemaText])).digest('base64url');
}

/**
 * The validator: precompiled by `npm run build` (dist/spec-validator.cjs, ajv's standalone code) when it was built
 * from this very schema, else compiled now — a third of a second of every validating command.
 */
function validator(): ValidateFunction {
  if (compiled) return compiled;
  const text = readFileSync(specSchemaUrl, 'utf8');
  compiled = prebuiltValidator(specValidatorKey(text)) ?? specAjv().compile(JSON.parse(text));
  return compiled;
}

function prebuiltValidator(key: string): ValidateFunction | undefined {
  try {
    const built = require(fileURLToPath(new URL('../../dist/spec-validator.cjs', import.meta.url))) as ValidateFunction & { azsloKey?: string };
    return built.azsloKey === key ? built : undefined;
  } catch {
    return undefined;
  }
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
  const at = formatPath(path) || 'the document';
  const here = (p: PathSegment[] = path, which: 'key' | 'value' = 'value') => diagnosticsAt({ file: src.file, position: positionAt(src, p, which), path: formatPath(p) });
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return here([...path, key], 'key').unknownKey(key, at, allowed, closest(key, allowed));
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return here(path, path.length ? 'key' : 'value').missingKey(key, at);
    }
    case 'const': {
      const allowed = (e.params as { allowedValue: unknown }).allowedValue;
      const header = path.length === 1 && (path[0] === 'apiVersion' || path[0] === 'kind');
      return header ? here().unknownApiVersionOrKind(at, allowed, e.data) : here().notTheConstant(at, allowed, e.data);
    }
    case 'format': {
      const format = (e.params as { format: string }).format;
      if (format === 'azslo-duration') return here().malformedDuration(at, e.data);
      if (format.startsWith('azure-')) {
        const what = format === 'azure-workspace-id' ? 'a Log Analytics workspace resource id' : format === 'azure-appinsights-id' ? 'an Application Insights component resource id' : format === 'azure-monitor-workspace-id' ? 'an Azure Monitor workspace resource id (Microsoft.Monitor/accounts)' : format === 'azure-cluster-id' ? 'an AKS or Arc-enabled Kubernetes cluster resource id' : 'an Azure resource id';
        return here().malformedResourceId(at, e.data, what);
      }
      return here().notTheFormat(at, e.data, format);
    }
    case 'type':
      if (typeof e.data === 'number' && !Number.isFinite(e.data)) {
        return path[path.length - 1] === 'objective' ? here().objectiveTooLarge(at, e.data) : here().numberTooLarge(at, e.data);
      }
      return here().wrongType(at, describeType((e.params as { type: string | string[] }).type), typeName(e.data));
    case 'anyOf':
    case 'oneOf':
      return here().wrongShape(at, e.parentSchema && (e.parentSchema as { description?: string }).description ? (e.parentSchema as { description: string }).description : 'see the schema');
    case 'minProperties':
    case 'maxProperties':
      if (path[path.length - 1] === 'sli') return here().notOneSliKind(at, Object.keys((e.parentSchema as { properties?: object }).properties ?? {}));
      return here().schemaViolation(at, e.message ?? 'is invalid');
    case 'pattern':
      return here().notTheForm(at, e.data, (e.params as { pattern: string }).pattern);
    case 'enum':
      return here().notOneOf(at, (e.params as { allowedValues: unknown[] }).allowedValues);
    default:
      return here().schemaViolation(at, e.message ?? 'is invalid');
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}
