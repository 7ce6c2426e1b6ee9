/** The catalog is data with a schema: every file validates, and the facts agree with each other. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { fact, prometheusWindowSet, sliCatalog, tableSchemas, windowSets } from '../../src/catalog/index.js';
import { parseDuration } from '../../src/base/durations.js';
import { isoSeconds } from '../../src/base/durations.js';
import { KQL_HELPERS } from '../../src/kql/templates.js';
import { root } from '../helpers/bicep.js';

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020.js');
const addFormats = require('ajv-formats');

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const schemaFor: Record<string, string> = { sli: 'catalog-sli', windows: 'catalog-windows', tables: 'catalog-table', azure: 'catalog-azure' };

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = path.join(dir, e);
    return statSync(p).isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e) ? [p] : [];
  });
}

for (const [folder, schemaName] of Object.entries(schemaFor)) {
  test(`every catalog/${folder}/ file validates against schema/${schemaName}.schema.json`, () => {
    const validate = ajv.getSchema(`https://azslo.dev/schema/${schemaName}.schema.json`) ?? ajv.compile(JSON.parse(readFileSync(path.join(root, 'schema', `${schemaName}.schema.json`), 'utf8')));
    const files = yamlFiles(path.join(root, 'catalog', folder));
    assert.ok(files.length > 0);
    for (const f of files) assert.ok(validate(parse(readFileSync(f, 'utf8'))), `${f}: ${JSON.stringify(validate.errors)}`);
  });
}

test('the spec schema itself compiles in strict mode and describes every property', () => {
  const schema = JSON.parse(readFileSync(path.join(root, 'schema', 'azslo.schema.json'), 'utf8'));
  const missing: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    const described = (v: Record<string, unknown>): boolean =>
      Boolean(v.description) || (typeof v.$ref === 'string' && Boolean(schema.$defs[(v.$ref as string).replace('#/$defs/', '')]?.description));
    if (n.properties) for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) if (!described(v)) missing.push(`${at}.${k}`);
    // `if` subschemas are conditions, not fields a user writes.
    for (const [k, v] of Object.entries(n)) if (k !== 'if') walk(v, `${at}/${k}`);
  };
  walk(schema, '#');
  assert.equal(missing, [], 'properties without a description');
});

test('every SLI kind of the spec schema has a catalog entry whose tables exist', () => {
  const schema = JSON.parse(readFileSync(path.join(root, 'schema', 'azslo.schema.json'), 'utf8'));
  const kinds = Object.keys(schema.$defs.sli.properties).sort();
  assert.equal([...sliCatalog().keys()].sort(), kinds);
  const tables = new Set(tableSchemas().map((t) => t.name));
  for (const e of sliCatalog().values()) for (const t of e.tables) assert.ok(tables.has(t), `${e.kind} reads ${t}`);
});

test('KQL templates insert values only through the escaping helpers', () => {
  const dirs = [path.join(root, 'catalog', 'sli'), path.join(root, 'templates', 'kql')];
  for (const dir of dirs) {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/\{\{(?![#/!>]|else\b|~)([^}]*)\}\}/g)) {
        const head = m[1]!.trim().split(/\s+/)[0]!;
        assert.ok((KQL_HELPERS as readonly string[]).includes(head), `${f}: {{${m[1]}}} is not an escaping helper`);
      }
    }
  }
});

test('window sets: burnRate = budgetPercent / 100 × window / long, within Azure log search alert limits', () => {
  const frequencies = fact('log-search-alerts', 'evaluationFrequencies');
  const windowSizes = fact('log-search-alerts', 'windowSizes');
  const maxLookback = fact('log-search-alerts', 'maxQueryLookbackHours') * 3600;
  assert.equal([...windowSets().keys()].sort((a, b) => a - b), [7, 28, 30]);
  for (const [days, set] of windowSets()) {
    for (const alert of Object.values(set.alerts)) {
      assert.ok(frequencies.includes(alert.evaluationFrequency), `${days}d frequency ${alert.evaluationFrequency}`);
      assert.ok(windowSizes.includes(alert.queryWindow), `${days}d window size ${alert.queryWindow}`);
      const queryWindow = isoSeconds(alert.queryWindow);
      assert.ok(queryWindow <= maxLookback);
      for (const p of alert.pairs) {
        const long = parseDuration(p.long)!;
        const short = parseDuration(p.short)!;
        assert.ok(short < long && long <= queryWindow, `${days}d ${p.long}/${p.short} fits the query window`);
        const expected = (p.budgetPercent / 100) * ((days * 86400) / long);
        assert.ok(Math.abs(expected - p.burnRate) / p.burnRate < 0.001, `${days}d ${p.long}: burn rate ${p.burnRate} vs ${expected}`);
        assert.ok(p.burnRate > 1, 'a burn rate of 1 or less would never exhaust the budget');
      }
    }
  }
});

test('the 28d and 7d sets keep the 30d windows and burn rates (the documented derivation rule)', () => {
  const base = windowSets().get(30)!;
  for (const days of [7, 28]) {
    const set = windowSets().get(days)!;
    for (const kind of ['page', 'ticket'] as const) {
      assert.equal(
        set.alerts[kind].pairs.map((p) => [p.long, p.short, p.burnRate]),
        base.alerts[kind].pairs.map((p) => [p.long, p.short, p.burnRate]),
      );
    }
  }
});

test('an SLI kind computed in KQL has a template beside it; one computed in PromQL has none', () => {
  for (const e of sliCatalog().values()) {
    if ((e.engine ?? 'kql') === 'kql') assert.ok(e.template && readFileSync(path.join(root, 'catalog', 'sli', e.template), 'utf8').length > 0, e.kind);
    else assert.is(e.template, undefined, e.kind);
  }
});

test('the Prometheus set is the SRE workbook\'s four pairs, each budget share = burnRate × long / 30 d, every window within a workspace query\'s range', () => {
  const set = prometheusWindowSet();
  assert.equal(
    (['page', 'ticket'] as const).flatMap((k) => set.alerts[k].pairs.map((p) => [k, p.long, p.short, p.burnRate, p.budgetPercent])),
    [['page', '1h', '5m', 14.4, 2], ['page', '6h', '30m', 6, 5], ['ticket', '1d', '2h', 3, 10], ['ticket', '3d', '6h', 1, 10]],
  );
  for (const k of ['page', 'ticket'] as const) {
    const a = set.alerts[k];
    for (const p of a.pairs) {
      assert.ok(Math.abs((p.burnRate * parseDuration(p.long)!) / (30 * 86400) * 100 - p.budgetPercent) < 1e-9, `${k} ${p.long}`);
      assert.ok(parseDuration(p.long)! <= fact('prometheus-rules', 'queryTimeRangeMaxDays') * 86400);
    }
    assert.is(isoSeconds(a.queryWindow), Math.max(...a.pairs.map((p) => parseDuration(p.long)!)), `${k}: queryWindow is the longest window`);
    const interval = isoSeconds(a.evaluationFrequency);
    assert.ok(interval >= isoSeconds(fact('prometheus-rules', 'evaluationIntervalMin')) && interval <= isoSeconds(fact('prometheus-rules', 'evaluationIntervalMax')), `${k}: a rule group interval Azure accepts`);
  }
});

test('every table has unique column names and a TimeGenerated column where it is a workspace table', () => {
  for (const t of tableSchemas()) {
    const names = t.columns.map((c) => c.name);
    assert.is(new Set(names).size, names.length, t.name);
    if (t.database === 'workspace') assert.ok(names.includes('TimeGenerated'), t.name);
  }
  const required = ['AppRequests', 'AppDependencies', 'AppAvailabilityResults', 'AppEvents', 'AppMetrics', 'AppExceptions'];
  for (const r of required) assert.ok(tableSchemas().some((t) => t.name === r), r);
});

test.run();
