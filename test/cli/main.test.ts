/** The CLI: exit codes, text and JSON output, nothing written on bad input, and never a stack trace. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from '../helpers/bicep.js';
import { runCli } from '../helpers/cli.js';
import { resourceCatalog } from '../../src/catalog/resources.js';

const cli = (...args: string[]) => runCli(args);

const noStack = (s: string) => assert.not.match(s, /\n\s+at .+\(.+:\d+:\d+\)/, 'no stack trace');
const tmp = () => mkdtempSync(path.join(tmpdir(), 'azslo-cli-'));

test('no command prints the usage on stderr and exits 2 (a usage error); --help prints it on stdout and exits 0', async () => {
  const none = await cli();
  assert.is(none.code, 2);
  assert.match(none.err, /Usage:/);
  assert.is(none.out, '');
  const help = await cli('--help');
  assert.is(help.code, 0);
  assert.match(help.out, /Usage:/);
  assert.is(help.err, '');
});

test('an unknown command or flag is a usage error (exit 2)', async () => {
  assert.is((await cli('deploy')).code, 2);
  const r = await cli('validate', '--frobnicate', 'examples');
  assert.is(r.code, 2);
  noStack(r.err);
  assert.is((await cli('validate', '--format', 'xml', 'examples')).code, 2);
  assert.is((await cli('validate')).code, 2);
});

test('validate: valid examples exit 0 and say what was checked', async () => {
  const r = await cli('validate', 'examples');
  assert.is(r.code, 0);
  assert.match(r.err, /ok: 13 service\(s\), 36 SLO\(s\)/);
});

test('validate: invalid input exits 1 with file:line:col, code and hint', async () => {
  const r = await cli('validate', 'test/fixtures/invalid/AZSLO012-unknown-target.yaml');
  assert.is(r.code, 1);
  assert.match(r.err, /^test\/fixtures\/invalid\/AZSLO012-unknown-target\.yaml:16:32: error AZSLO012: /m);
  assert.match(r.err, /hint: Declared targets: oncall\./);
  noStack(r.err);
});

test('validate --format json prints machine-readable diagnostics', async () => {
  const r = await cli('validate', '--format', 'json', 'test/fixtures/invalid/AZSLO013-objective.yaml');
  assert.is(r.code, 1);
  const json = JSON.parse(r.out) as { ok: boolean; diagnostics: { code: string; position: { line: number; col: number } }[] };
  assert.is(json.ok, false);
  assert.equal(json.diagnostics.map((d) => [d.code, d.position.line, d.position.col]), [['AZSLO013', 11, 16]]);
});

test('validate survives every invalid fixture without a stack trace', async () => {
  const r = await cli('validate', 'test/fixtures/invalid');
  assert.is(r.code, 1);
  noStack(r.err);
  assert.not.match(r.err, /internal error/);
});

test('generate: needs --out (exit 2)', async () => {
  assert.is((await cli('generate', 'examples/web-api')).code, 2);
});

test('generate: invalid input exits 1 and writes nothing', async () => {
  const dir = tmp();
  const out = path.join(dir, 'out');
  const r = await cli('generate', 'test/fixtures/invalid/AZSLO017-inline-secret.yaml', '--out', out);
  assert.is(r.code, 1);
  assert.match(r.err, /nothing written/);
  assert.not.ok(existsSync(out));
  rmSync(dir, { recursive: true, force: true });
});

test('generate: writes the files, regenerates in place keeping the user\'s files, and refuses a folder it did not write', async () => {
  const dir = tmp();
  const out = path.join(dir, 'out');
  const first = await cli('generate', 'examples/web-api', '--out', out);
  assert.is(first.code, 0, first.err);
  assert.is(readFileSync(path.join(out, 'main.bicep'), 'utf8'), readFileSync(path.join(root, 'examples/_gen/web-api/main.bicep'), 'utf8'));
  writeFileSync(path.join(out, 'notes.txt'), 'a file of mine');
  assert.is((await cli('generate', 'examples/web-api', '--out', out)).code, 0);
  assert.is(readFileSync(path.join(out, 'notes.txt'), 'utf8'), 'a file of mine', 'a file azslo did not write is kept');
  writeFileSync(path.join(out, 'main.bicep'), 'edited by hand');
  const edited = await cli('generate', 'examples/web-api', '--out', out);
  assert.is(edited.code, 2);
  assert.match(edited.err, /error AZSLO041: .*changed since azslo wrote them/);
  assert.match(edited.err, /hint: .*--force/);
  assert.not.match(edited.err, /internal error/);
  const json = JSON.parse((await cli('generate', 'examples/web-api', '--out', out, '--format', 'json')).out) as { ok: boolean; error: { code: string } };
  assert.equal([json.ok, json.error.code], [false, 'AZSLO041']);
  const forced = await cli('generate', 'examples/web-api', '--out', out, '--force');
  assert.is(forced.code, 0, forced.err);
  assert.match(forced.err, /replaced 1 file/);
  assert.is(readFileSync(path.join(out, 'main.bicep'), 'utf8'), readFileSync(path.join(root, 'examples/_gen/web-api/main.bicep'), 'utf8'));
  const foreign = path.join(dir, 'foreign');
  mkdirSync(foreign);
  writeFileSync(path.join(foreign, 'keep.txt'), 'mine');
  const refused = await cli('generate', 'examples/web-api', '--out', foreign);
  assert.is(refused.code, 2);
  assert.match(refused.err, /AZSLO040/);
  assert.is(readFileSync(path.join(foreign, 'keep.txt'), 'utf8'), 'mine');
  rmSync(dir, { recursive: true, force: true });
});

test('catalog list shows every type; catalog show explains one; an unknown type exits 1', async () => {
  const list = await cli('catalog', 'list');
  assert.is(list.code, 0);
  const types = resourceCatalog().size;
  assert.ok(types >= 50, `${types} types`);
  assert.ok(list.out.includes(`${types} resource types`), list.out.slice(-200));
  assert.match(list.out, /Microsoft\.Sql\/servers\/databases/);
  const json = JSON.parse((await cli('catalog', 'list', '--format', 'json')).out) as { type: string }[];
  assert.is(json.length, types);
  const show = await cli('catalog', 'show', 'microsoft.web/sites');
  assert.is(show.code, 0);
  assert.match(show.out, /^Microsoft\.Web\/sites — /);
  assert.match(show.out, /http-5xx/);
  const unknown = await cli('catalog', 'show', 'Microsoft.Nope/things');
  assert.is(unknown.code, 1);
  assert.match(unknown.err, /not in the catalog/);
  assert.is((await cli('catalog')).code, 2);
});

test('bad output paths are usage errors with a plain message, not internal errors', async () => {
  const dir = tmp();
  const file = path.join(dir, 'a-file');
  writeFileSync(file, 'x');
  const notAFolder = await cli('generate', 'examples/web-api', '--out', file);
  assert.is(notAFolder.code, 2);
  assert.match(notAFolder.err, /exists and is not a folder/);
  const deep = path.join(dir, 'new', 'deeper', 'report.md');
  const analyzed = await cli('analyze', 'examples/ecommerce', '--format', 'markdown', '--out', deep);
  assert.is(analyzed.code, 0, analyzed.err);
  assert.ok(existsSync(deep), 'parent folders are created');
  const blocked = await cli('analyze', 'examples/ecommerce', '--out', path.join(file, 'x.md'));
  assert.is(blocked.code, 2);
  assert.not.match(blocked.err, /internal error/);
  rmSync(dir, { recursive: true, force: true });
});

test('plan and apply each take only their own flags', async () => {
  assert.is((await cli('plan', 'examples/web-api', '--resource-group', 'rg', '--yes')).code, 2);
  assert.is((await cli('apply', 'examples/web-api', '--resource-group', 'rg', '--detailed-exitcode')).code, 2);
});

test('the azslo executable runs as a process: exit codes and output streams', () => {
  const exe = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
  const ok = exe(['validate', 'examples/web-api']);
  assert.is(ok.status, 0, ok.stderr);
  const bad = exe(['validate', 'test/fixtures/invalid/AZSLO001-syntax.yaml']);
  assert.is(bad.status, 1);
  assert.match(bad.stderr, /AZSLO001/);
  noStack(bad.stderr);
});

test('AZSLO_CACHE_DIR keeps the KQL checks between runs: the next run reads its answers there, at the same lines and columns', () => {
  const cache = tmp();
  const exe = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, AZSLO_CACHE_DIR: cache } });
  const spec = 'test/fixtures/invalid/AZSLO018-kql.yaml';
  const first = exe(['validate', spec]);
  assert.is(first.status, 1);
  assert.match(first.stderr, /15:19: error AZSLO018: good query: The name 'Amount' does not refer/);
  const file = path.join(cache, 'kql-checks.json');
  assert.ok(existsSync(file), 'the answers are kept');
  // Marked in the folder, so the next run shows where its answers came from.
  const kept = JSON.parse(readFileSync(file, 'utf8')) as { checks: Record<string, { problems: { message: string }[] }> };
  for (const check of Object.values(kept.checks)) for (const p of check.problems) p.message += ' (kept)';
  writeFileSync(file, JSON.stringify(kept));
  const second = exe(['validate', spec]);
  assert.is(second.status, 1);
  assert.is(second.stderr, first.stderr.replace(/(does not refer to any known column, table, variable or function\.)/g, '$1 (kept)'));
});

test('the CLI loads a command only when it runs: --version loads no ajv, Kusto service, Handlebars or Azure SDK', () => {
  const trace = (...args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'test/cli/module-trace.mjs'), path.join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
    assert.is(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as { code: number; seen: string[] };
  };
  const heavy = /node_modules\/(ajv|@kusto|handlebars|@azure)\b|\/src\/(commands|validate|apply|generate|analyze)\//;
  const version = trace('--version');
  assert.is(version.code, 0);
  assert.ok(version.seen.some((u) => u.endsWith('/src/cli/main.ts')), 'the trace sees the CLI');
  assert.equal(version.seen.filter((u) => heavy.test(u)), []);
  const validate = trace('validate', 'examples/web-api');
  assert.is(validate.code, 0);
  // ajv and the Kusto service are CommonJS, loaded by require() where resolve hooks do not see them: the modules
  // that require them (src/validate, src/kql…) stand for them here.
  assert.ok(validate.seen.some((u) => /\/src\/validate\//.test(u)), 'validate does load the validator');
  assert.equal(validate.seen.filter((u) => /node_modules\/@azure\/|\/src\/apply\//.test(u)), [], 'but no Azure SDK');
});

test('usage errors carry AZSLO050 and the usage text; exit codes unchanged', async () => {
  const r = await cli('generate', 'examples/web-api');
  assert.is(r.code, 2);
  assert.match(r.err, /^azslo: error AZSLO050: generate needs --out <folder>\n {2}hint: .*\(docs\/diagnostics\.md#azslo050\)\n\nUsage:\n {2}azslo generate /);
  assert.match((await cli('deploy')).err, /^azslo: error AZSLO050: unknown command 'deploy'/);
  assert.match((await cli('validate', '--format', 'xml', 'examples')).err, /^azslo: error AZSLO050: --format must be text, json or sarif, not 'xml'/);
  assert.match((await cli('validate', '--frobnicate', 'examples')).err, /^azslo: error AZSLO050: unknown option '--frobnicate' for validate\n/);
});

test('analyze says the warnings of validation on stderr, such as a maintenance window longer than a budget (AZSLO068)', async () => {
  const dir = tmp();
  const spec = readFileSync(path.join(root, 'examples/maintenance/maintenance.yaml'), 'utf8').replace('until: "2027-03-14T00:30:00+01:00"', 'until: "2027-03-14T06:00:00+01:00"');
  writeFileSync(path.join(dir, 'spec.yaml'), spec);
  const analyzed = await cli('analyze', path.join(dir, 'spec.yaml'));
  assert.is(analyzed.code, 0, analyzed.err);
  assert.match(analyzed.err, /warning AZSLO068: maintenance window 'database-migration' lasts 8 h, longer than the whole error budget of SLO 'api-availability' \(3 h 36 min\)/);
  rmSync(dir, { recursive: true, force: true });
});

test.run();
