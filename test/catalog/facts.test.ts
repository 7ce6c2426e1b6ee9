/**
 * catalog/azure/ is the only home of Azure facts, and every fact in it is used.
 *
 * 1. The typed registry (src/catalog/facts.ts) and the YAML agree exactly: the same files, the same keys, and every
 *    value passes its declared type guard. So `fact(file, key)`'s return type is the YAML's real type.
 * 2. No unread fact: every fact in catalog/azure/*.yaml is read by some code in src/.
 *
 *    How "read" is decided — statically, with the TypeScript checker, not by scanning text or by running examples:
 *    every call in src/ of a catalog accessor (`fact(file, key)`, `apiVersion(type)`, `cloudEndpoints(name)`, `regionDisplayName(location)`) is
 *    found, and the file and key it can read are the *types* of its arguments. A literal ('maxParameters'), a const
 *    (`TYPE` in src/resources/*.ts) or a template (`${RULES}#dynamicThreshold`) each name one key; a union names each
 *    member. This is exact where text scanning is not (keys often come from constants), and it does not depend on
 *    which code paths the examples happen to reach (a limit read only when a spec breaks it is still read). Calls
 *    inside src/catalog/index.ts are the accessors passing their parameter through and are not counted.
 *    A key typed as plain `string` (a cloud named on the command line) can reach any key of its file: the file then
 *    counts as read whole, and a test below allows that for catalog/azure/clouds.yaml only.
 *    What the static view cannot see: a call in dead code still counts as a read.
 * 3. Where a JSON Schema must repeat a catalog list (it cannot read YAML), the copy equals the catalog.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { factFiles, type FactFile } from '../../src/catalog/index.js';
import { FACTS, type Guard } from '../../src/catalog/facts.js';
import { root } from '../helpers/bicep.js';

type Registry = Record<string, Record<string, Guard<unknown>>>;
type Catalog = ReadonlyMap<string, FactFile>;

/** Differences between the registry and the YAML: files and keys on one side only, values failing their guard. */
function registryProblems(catalog: Catalog, registry: Registry): string[] {
  const out: string[] = [];
  for (const [name, file] of catalog) {
    const declared = registry[name];
    if (!declared) {
      out.push(`catalog/azure/${name}.yaml is not declared in src/catalog/facts.ts`);
      continue;
    }
    for (const [key, f] of Object.entries(file.facts)) {
      const guard = Object.hasOwn(declared, key) ? declared[key] : undefined;
      if (!guard) out.push(`${name}.${key} is in the YAML but not declared in src/catalog/facts.ts`);
      else if (!guard(f.value)) out.push(`${name}.${key}: the YAML value ${JSON.stringify(f.value)} does not have the declared type`);
    }
    for (const key of Object.keys(declared)) if (!Object.hasOwn(file.facts, key)) out.push(`${name}.${key} is declared in src/catalog/facts.ts but not in the YAML`);
  }
  for (const name of Object.keys(registry)) if (!catalog.has(name)) out.push(`src/catalog/facts.ts declares ${name}, but catalog/azure/${name}.yaml does not exist`);
  return out;
}

/** What src/ reads: 'file.key', or 'file.*' for a lookup whose key type is plain string. */
interface Reads {
  keys: Set<string>;
  /** Where each wholesale ('file.*') read is, for the message. */
  wholesale: Map<string, string[]>;
}

const srcDir = path.join(root, 'src');
const catalogIndex = path.join(srcDir, 'catalog', 'index.ts');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? tsFiles(p) : e.endsWith('.ts') && !e.endsWith('.d.ts') ? [p] : [];
  });
}

let cachedReads: Reads | undefined;

/** The catalog accessors and which argument holds the file and the key (a fixed file, or key, for the helpers). */
const ACCESSORS: Record<string, { file: number | string; key: number | string }> = {
  fact: { file: 0, key: 1 },
  apiVersion: { file: 'api-versions', key: 0 },
  cloudEndpoints: { file: 'clouds', key: 0 },
  regionDisplayName: { file: 'regions', key: 'displayNames' },
};

/** Reads of catalog facts by src/, from the types of the accessors' arguments (see the header). */
function sourceReads(): Reads {
  if (cachedReads) return cachedReads;
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram(tsFiles(srcDir), { ...(config?.options ?? {}), noEmit: true });
  const checker = program.getTypeChecker();
  const literals = (node: ts.Expression): string[] | undefined => {
    const t = checker.getTypeAtLocation(node);
    const parts = t.isUnion() ? t.types : [t];
    return parts.every((p) => p.isStringLiteral()) ? parts.map((p) => (p as ts.StringLiteralType).value) : undefined;
  };
  const reads: Reads = { keys: new Set(), wholesale: new Map() };
  for (const sf of program.getSourceFiles()) {
    if (!path.resolve(sf.fileName).startsWith(srcDir + path.sep) || path.resolve(sf.fileName) === catalogIndex) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        let sym = checker.getSymbolAtLocation(node.expression);
        if (sym && sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
        const decl = sym?.declarations?.[0];
        const accessor = sym ? ACCESSORS[sym.name] : undefined;
        if (accessor && decl && path.resolve(decl.getSourceFile().fileName) === catalogIndex) {
          const where = `${path.relative(root, sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
          const fileArg = typeof accessor.file === 'number' ? node.arguments[accessor.file] : undefined;
          const files = typeof accessor.file === 'string' ? [accessor.file] : fileArg ? literals(fileArg) : undefined;
          const keyArg = typeof accessor.key === 'number' ? node.arguments[accessor.key] : undefined;
          const keys = typeof accessor.key === 'string' ? [accessor.key] : keyArg ? literals(keyArg) : undefined;
          if (!files) throw new Error(`${where}: a catalog file named by a computed string; name it with a literal`);
          for (const f of files) {
            if (keys) for (const k of keys) reads.keys.add(`${f}.${k}`);
            else {
              reads.keys.add(`${f}.*`);
              reads.wholesale.set(f, [...(reads.wholesale.get(f) ?? []), where]);
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  cachedReads = reads;
  return reads;
}

/** Facts of the catalog that no read reaches. */
function unreadFacts(catalog: Catalog, reads: Reads): string[] {
  const out: string[] = [];
  for (const [name, file] of catalog) {
    if (reads.keys.has(`${name}.*`)) continue;
    for (const key of Object.keys(file.facts)) if (!reads.keys.has(`${name}.${key}`)) out.push(`${name}.${key}`);
  }
  return out;
}

/** The real catalog with one more fact, as a new Azure fact would arrive in a pull request. */
function withExtraFact(file: string, key: string, value: unknown): Map<string, FactFile> {
  const m = new Map(factFiles());
  const f = m.get(file)!;
  m.set(file, { ...f, facts: { ...f.facts, [key]: { value, source: 'https://learn.microsoft.com/azure/azure-monitor/fundamentals/service-limits' } } });
  return m;
}

test('the registry in src/catalog/facts.ts and catalog/azure/*.yaml agree exactly, file by file, key by key, in type', () => {
  assert.equal(registryProblems(factFiles(), FACTS), []);
});

test('every fact in catalog/azure/ is read by code in src/', () => {
  assert.equal(unreadFacts(factFiles(), sourceReads()), [], 'facts no code reads: read them or delete them');
});

test('only clouds.yaml is looked up by a key known at run time (a cloud the user names)', () => {
  assert.equal([...sourceReads().wholesale.keys()], ['clouds'], JSON.stringify(Object.fromEntries(sourceReads().wholesale)));
});

test('the checks fail on the fault they guard against: a fact added to the YAML and read by nothing', () => {
  const catalog = withExtraFact('log-search-alerts', 'maxRulesPerSubscription', 30000);
  assert.equal(registryProblems(catalog, FACTS), ['log-search-alerts.maxRulesPerSubscription is in the YAML but not declared in src/catalog/facts.ts']);
  // Declared too (so tsc would accept a read), but still read by no code.
  const registry: Registry = { ...FACTS, 'log-search-alerts': { ...FACTS['log-search-alerts'], maxRulesPerSubscription: (v): v is number => typeof v === 'number' } };
  assert.equal(registryProblems(catalog, registry), []);
  assert.equal(unreadFacts(catalog, sourceReads()), ['log-search-alerts.maxRulesPerSubscription']);
});

test('the checks fail on a declared fact the YAML lacks and on a value of the wrong type', () => {
  const registry: Registry = { ...FACTS, 'arm-limits': { ...FACTS['arm-limits'], maxVariables: (v): v is number => typeof v === 'number' } };
  assert.equal(registryProblems(factFiles(), registry), ['arm-limits.maxVariables is declared in src/catalog/facts.ts but not in the YAML']);
  const catalog = new Map(factFiles());
  const limits = catalog.get('arm-limits')!;
  catalog.set('arm-limits', { ...limits, facts: { ...limits.facts, maxParameters: { ...limits.facts.maxParameters!, value: '256' } } });
  assert.equal(registryProblems(catalog, FACTS), ['arm-limits.maxParameters: the YAML value "256" does not have the declared type']);
});

test('the static reads see literal keys, const keys and template keys', () => {
  const { keys } = sourceReads();
  assert.ok(keys.has('arm-limits.maxParameters'), 'literal key');
  assert.ok(keys.has('api-versions.Microsoft.Insights/workbooks'), 'const TYPE passed to apiVersion');
  assert.ok(keys.has('api-versions.Microsoft.Insights/scheduledQueryRules#dynamicThreshold'), 'template `${RULES}#dynamicThreshold`');
});

const json = (rel: string) => JSON.parse(readFileSync(path.join(root, rel), 'utf8'));
const value = (file: string, key: string): unknown => factFiles().get(file)!.facts[key]!.value;

test('schema copies of catalog lists (JSON Schema cannot read the YAML) equal the catalog', () => {
  const spec = json('schema/azslo.schema.json');
  const found: Record<string, unknown[]> = {};
  const walk = (node: unknown, at: string): void => {
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'enum' && Array.isArray(v)) found[at] = v;
      walk(v, `${at}/${k}`);
    }
  };
  walk(spec, '#');
  const enumsAt = (suffix: string) => Object.entries(found).filter(([at]) => at.endsWith(suffix)).map(([, v]) => v);
  const events = enumsAt('/events/items');
  assert.ok(events.length >= 1);
  for (const e of events) assert.equal(e, value('activity-log-alerts', 'serviceHealthEvents'), 'serviceHealth.events');
  const windows = enumsAt('/windowSize');
  const frequencies = enumsAt('/evaluationFrequency');
  assert.ok(windows.length >= 1 && frequencies.length >= 1);
  for (const w of windows) assert.equal(w, value('metric-alerts', 'windowSizes'), 'metric alert override windowSize');
  for (const f of frequencies) assert.equal(f, value('metric-alerts', 'evaluationFrequencies'), 'metric alert override evaluationFrequency');

  const resource = json('schema/catalog-resource.schema.json');
  assert.equal(resource.$defs.duration.enum, value('metric-alerts', 'windowSizes'), 'catalog-resource $defs.duration');
  const metricAlert = resource.$defs.metricAlert.properties;
  assert.equal(metricAlert.evaluationFrequency.enum, value('metric-alerts', 'evaluationFrequencies'), 'catalog-resource evaluationFrequency');
});

test.run();
