/**
 * One fixture per diagnostic code (test/fixtures/invalid/), each with the exact file:line:col it must report, and
 * the malformed inputs the issue names: wrong types, unknown keys, empty files, huge numbers, non-UTF-8 input.
 *
 * Baselines: beside each fixture `X.yaml` stands `X.diagnostics.txt`, the exact text `formatDiagnostic` prints for it
 * (paths relative to the repository root), so that a changed message shows in review. After a deliberate change,
 * rewrite them with `UPDATE_BASELINES=1 node node_modules/uvu/bin.js -r tsx test 'validate/diagnostics\.test\.ts$'`
 * and review the diff.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { generate, loadSpecs, validate } from '../../src/index.js';
import { loadSources, parseSource } from '../../src/load/source.js';
import { importOpenSlo } from '../../src/openslo/index.js';
import { validateDocuments } from '../../src/validate/index.js';
import { baseSpec } from '../helpers/specs.js';
import { codes, type Code } from '../../src/diagnostics/codes.js';
import { formatDiagnostic, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { root } from '../helpers/bicep.js';

type Expect = [code: Code, line: number, col: number, severity?: 'warning'];

const cases: Record<string, Expect[]> = {
  'AZSLO001-syntax.yaml': [
    ['AZSLO001', 15, 1],
    ['AZSLO001', 15, 1],
  ],
  'AZSLO001-too-deep.yaml': [['AZSLO001', 6, 104]],
  'AZSLO002-unknown-key.yaml': [['AZSLO002', 11, 5]],
  'AZSLO003-wrong-type.yaml': [['AZSLO003', 11, 16]],
  'AZSLO003-invisible-characters.yaml': [
    ['AZSLO003', 3, 19],
    ['AZSLO003', 3, 93],
    ['AZSLO003', 9, 3],
    ['AZSLO003', 13, 45],
  ],
  'AZSLO004-missing-key.yaml': [['AZSLO004', 9, 5]],
  'AZSLO005-empty.yaml': [['AZSLO005', 1, 1]],
  'AZSLO006-not-utf8.yaml': [['AZSLO006', 1, 1]],
  'AZSLO007-api-version.yaml': [['AZSLO007', 1, 13]],
  'AZSLO010-duplicate-service.yaml': [['AZSLO010', 16, 19]],
  'AZSLO011-duplicate-slo.yaml': [['AZSLO011', 13, 11]],
  'AZSLO012-unknown-target.yaml': [['AZSLO012', 16, 32]],
  'AZSLO012-inherited-names.yaml': [
    ['AZSLO012', 11, 12],
    ['AZSLO012', 17, 59],
    ['AZSLO012', 24, 24],
    ['AZSLO012', 24, 37],
  ],
  'AZSLO013-objective.yaml': [['AZSLO013', 11, 16]],
  'AZSLO014-window.yaml': [['AZSLO014', 12, 13]],
  'AZSLO015-duration.yaml': [['AZSLO015', 9, 8]],
  'AZSLO016-resource-id.yaml': [['AZSLO016', 5, 14]],
  'AZSLO017-inline-secret.yaml': [['AZSLO017', 11, 12]],
  'AZSLO018-kql.yaml': [
    ['AZSLO018', 15, 19],
    ['AZSLO018', 16, 34],
  ],
  'AZSLO019-too-many-groups.yaml': [['AZSLO019', 21, 23]],
  'AZSLO020-invalid-name.yaml': [['AZSLO020', 9, 11]],
  'AZSLO021-never-fires.yaml': [
    ['AZSLO021', 16, 13, 'warning'],
    ['AZSLO021', 22, 15, 'warning'],
    ['AZSLO023', 22, 15, 'warning'],
    ['AZSLO023', 22, 15, 'warning'],
  ],
  'AZSLO022-receivers.yaml': [['AZSLO022', 11, 7]],
  'AZSLO023-pair-left-out.yaml': [['AZSLO023', 16, 13, 'warning']],
  'AZSLO024-duplicate-target.yaml': [['AZSLO024', 10, 3]],
  'AZSLO026-unknown-type.yaml': [['AZSLO026', 9, 9, 'warning']],
  'AZSLO027-unknown-alert.yaml': [['AZSLO027', 11, 7]],
  'AZSLO028-refused-override.yaml': [
    ['AZSLO028', 11, 16],
    ['AZSLO028', 15, 21],
  ],
  'AZSLO029-duplicate-resource.yaml': [['AZSLO029', 10, 9]],
  'AZSLO030-no-rpo-signal.yaml': [['AZSLO030', 10, 9, 'warning']],
  'AZSLO031-subscriptions.yaml': [['AZSLO031', 8, 1, 'warning']],
  'AZSLO032-nothing-applies.yaml': [['AZSLO032', 9, 9, 'warning']],
  'AZSLO037-unknown-sku.yaml': [['AZSLO037', 10, 10, 'warning']],
  'AZSLO052-054-gateway-logs.yaml': [
    ['AZSLO054', 11, 52],
    ['AZSLO054', 13, 33],
    ['AZSLO053', 16, 44, 'warning'],
    ['AZSLO052', 20, 44],
    ['AZSLO052', 24, 39],
    ['AZSLO053', 30, 18, 'warning'],
    ['AZSLO052', 32, 9],
  ],
  'AZSLO018-signal-query.yaml': [['AZSLO018', 18, 19]],
  'AZSLO033-beyond-two-days.yaml': [
    ['AZSLO033', 16, 23],
    ['AZSLO033', 18, 16],
  ],
  'AZSLO034-signal.yaml': [
    ['AZSLO034', 14, 15],
    ['AZSLO034', 16, 11],
  ],
  'AZSLO034-tables.yaml': [
    ['AZSLO034', 13, 33],
    ['AZSLO034', 14, 13],
  ],
  'AZSLO045-046-recovery-plans.yaml': [
    ['AZSLO046', 20, 9],
    ['AZSLO045', 48, 23],
    ['AZSLO045', 49, 15],
    ['AZSLO045', 52, 43],
    ['AZSLO045', 53, 17],
  ],
  'AZSLO047-049-drill.yaml': [
    ['AZSLO012', 55, 17],
    ['AZSLO048', 56, 5, 'warning'],
    ['AZSLO047', 57, 19],
    ['AZSLO047', 58, 14],
    ['AZSLO049', 62, 17, 'warning'],
  ],
  'AZSLO062-064-windows.yaml': [
    ['AZSLO012', 15, 20],
    ['AZSLO064', 16, 12],
    ['AZSLO063', 20, 28],
    ['AZSLO063', 22, 19],
    ['AZSLO063', 23, 11],
    ['AZSLO063', 23, 30],
    ['AZSLO063', 25, 28],
    ['AZSLO062', 37, 42],
    ['AZSLO062', 43, 44],
    ['AZSLO064', 46, 16],
    ['AZSLO021', 53, 15, 'warning'],
  ],
  'AZSLO067-068-maintenance.yaml': [
    ['AZSLO067', 12, 59],
    ['AZSLO067', 16, 17],
    ['AZSLO067', 19, 56],
    ['AZSLO067', 21, 12],
    ['AZSLO068', 22, 11, 'warning'],
    ['AZSLO068', 24, 11, 'warning'],
    ['AZSLO068', 24, 11, 'warning'],
  ],
  'AZSLO038-039-journeys-waivers.yaml': [
    ['AZSLO038', 16, 19],
    ['AZSLO038', 16, 32],
    ['AZSLO039', 19, 12, 'warning'],
    ['AZSLO039', 21, 12],
  ],
  'AZSLO055-057-metric-slis.yaml': [
    ['AZSLO055', 14, 41],
    ['AZSLO055', 18, 59],
    ['AZSLO055', 22, 87],
    ['AZSLO056', 29, 52],
    ['AZSLO055', 30, 54],
    ['AZSLO057', 34, 37, 'warning'],
    ['AZSLO057', 40, 41, 'warning'],
    ['AZSLO056', 40, 59],
  ],
  'AZSLO035-036-architecture.yaml': [
    ['AZSLO036', 10, 15],
    ['AZSLO035', 15, 40],
  ],
  'AZSLO065-066-budget-alerts.yaml': [
    ['AZSLO065', 16, 7],
    ['AZSLO066', 20, 13, 'warning'],
    ['AZSLO065', 22, 42],
  ],
  'AZSLO058-060-prometheus.yaml': [
    ['AZSLO060', 12, 9],
    ['AZSLO058', 14, 30],
    ['AZSLO059', 15, 16],
    ['AZSLO059', 21, 9],
    ['AZSLO060', 21, 9],
    ['AZSLO058', 21, 73],
  ],
  'AZSLO061-rule-groups.yaml': [['AZSLO061', 10, 3]],
  'huge-numbers.yaml': [
    ['AZSLO013', 11, 16],
    ['AZSLO003', 14, 22],
  ],
  'two-sli-kinds.yaml': [['AZSLO003', 10, 10]],
  'nested-errors.yaml': [
    ['AZSLO004', 10, 36],
    ['AZSLO002', 10, 38],
    ['AZSLO003', 11, 7],
  ],
  'AZSLO073-anomaly-seasonality.yaml': [
    ['AZSLO073', 15, 19],
    ['AZSLO073', 18, 19],
    ['AZSLO073', 21, 19],
    ['AZSLO073', 25, 19],
  ],
  // OpenSLO documents (`-openslo-` in the name): reported by azslo import openslo.
  'AZSLO069-openslo-invalid.yaml': [
    ['AZSLO069', 6, 9],
    ['AZSLO069', 23, 17],
  ],
  'AZSLO070-openslo-cannot-map.yaml': [
    ['AZSLO070', 10, 20],
    ['AZSLO070', 31, 20],
    ['AZSLO070', 47, 18],
    ['AZSLO070', 52, 18],
  ],
  'AZSLO071-openslo-left-out.yaml': [
    ['AZSLO071', 55, 26, 'warning'],
    ['AZSLO071', 57, 11, 'warning'],
    ['AZSLO071', 68, 13, 'warning'],
  ],
  'AZSLO072-openslo-incomplete.yaml': [
    ['AZSLO072', 6, 3],
    ['AZSLO072', 6, 3],
  ],
  'AZSLO074-prometheus-cannot.yaml': [
    ['AZSLO074', 17, 7],
    ['AZSLO074', 23, 7],
    ['AZSLO074', 31, 14],
  ],
  'AZSLO075-prometheus-rule-group.yaml': [
    ['AZSLO075', 13, 58],
    ['AZSLO075', 16, 36],
    ['AZSLO075', 16, 36],
    ['AZSLO075', 19, 36],
    ['AZSLO075', 35, 219],
    ['AZSLO075', 41, 7],
  ],
};

/** What a fixture reports: an OpenSLO fixture through the import, any other through validate. */
async function diagnose(rel: string): Promise<{ diagnostics: readonly Diagnostic[]; ok: boolean }> {
  if (!rel.includes('-openslo-')) return validate(await loadSpecs([rel]));
  const loaded = await loadSources([rel]);
  return importOpenSlo(loaded.documents, loaded.diagnostics);
}

const fixtures = path.join(root, 'test', 'fixtures', 'invalid');
const updateBaselines = process.env.UPDATE_BASELINES === '1';
const baselineOf = (file: string) => path.join(fixtures, file.replace(/\.ya?ml$/, '.diagnostics.txt'));

for (const [file, expected] of Object.entries(cases)) {
  test(`${file} reports ${expected.map((e) => `${e[0]} at ${e[1]}:${e[2]}`).join(', ')}`, async () => {
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const rel = `test/fixtures/invalid/${file}`;
      const result = await diagnose(rel);
      const got = result.diagnostics.map((d) => [d.code, d.position.line, d.position.col, d.severity]);
      assert.equal(got, expected.map(([c, l, col, s]) => [c, l, col, s ?? 'error']), result.diagnostics.map(formatDiagnostic).join('\n'));
      for (const d of result.diagnostics) {
        assert.is(d.file, rel);
        assert.ok(d.message.length > 0 && d.hint.length > 0, 'a message and a hint');
        assert.ok(!/\n\s+at /.test(d.message), 'no stack trace');
        assert.match(formatDiagnostic(d), new RegExp(`^${rel.replace(/[.]/g, '\\.')}:${d.position.line}:${d.position.col}: ${d.severity} ${d.code}: `));
      }
      assert.is(result.ok, !expected.some((e) => e[3] !== 'warning'));
      const printed = `${result.diagnostics.map(formatDiagnostic).join('\n')}\n`;
      if (updateBaselines) writeFileSync(baselineOf(file), printed);
      else {
        assert.ok(existsSync(baselineOf(file)), `${file} has a baseline (run with UPDATE_BASELINES=1 to write it)`);
        assert.fixture(printed, readFileSync(baselineOf(file), 'utf8'), `the printed diagnostics of ${file} are its baseline`);
      }
    } finally {
      process.chdir(cwd);
    }
  });
}

test('AZSLO025 is not reported for an estate past the parameters of one template: generate splits it, one deployment per service', async () => {
  const docs = Array.from({ length: 90 }, (_, i) => stringify(baseSpec({ metadata: { name: `svc-${i}`, owner: 'o', environment: 'prod' } }))).join('---\n');
  const loaded = parseSource('estate.yaml', docs);
  const result = validateDocuments(loaded.documents, loaded.diagnostics);
  assert.ok(result.ok);
  const generation = generate(result);
  assert.equal(generation.diagnostics, []);
  assert.equal(generation.units.map((u) => u.folder), Array.from({ length: 90 }, (_, i) => `svc-${i}`));
});

test('every diagnostic code has a fixture and a section in docs/diagnostics.md', () => {
  const covered = new Set<string>([...Object.values(cases).flatMap((es) => es.map((e) => e[0])), 'AZSLO025']);
  const docs = readFileSync(path.join(root, 'docs', 'diagnostics.md'), 'utf8');
  for (const code of Object.keys(codes)) {
    assert.ok(covered.has(code as Code), `${code} has a fixture`);
    assert.ok(docs.includes(`## ${code}`), `${code} is documented`);
  }
});

test('every fixture has a case and a baseline, and every baseline a fixture', () => {
  const names = readdirSync(fixtures);
  const yamls = names.filter((n) => /\.ya?ml$/.test(n)).sort();
  assert.equal(Object.keys(cases).sort(), yamls);
  for (const n of names.filter((x) => x.endsWith('.diagnostics.txt'))) assert.ok(yamls.some((y) => baselineOf(y) === path.join(fixtures, n)), `${n} belongs to a fixture`);
});

test('a missing input is an AZSLO006 diagnostic, not an exception', async () => {
  const result = validate(await loadSpecs(['does/not/exist.yaml']));
  assert.equal(result.diagnostics.map((d) => d.code), ['AZSLO006']);
  assert.is(result.ok, false);
});

test.run();
