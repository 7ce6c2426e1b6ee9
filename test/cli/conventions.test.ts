/**
 * The command line's conventions (#15): results on stdout, diagnostics and progress on stderr; `azslo <command>
 * --help`; every failure answers in JSON under `--format json`; plan and apply print the specs' warnings; a mistyped
 * name gets the closest known one; a usage error prints the usage of its command only.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run } from '../../src/cli/main.js';
import { commandsOf, optionsOf } from '../../src/cli/conventions.js';
import { startArmEmulator } from '../helpers/arm-emulator.js';
import { root } from '../helpers/bicep.js';
import { runCli } from '../helpers/cli.js';

const credential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

const cli = (args: string[], connections: Parameters<typeof run>[2] = {}) => runCli(args, { connections });

const usage = async () => (await cli(['--help'])).out;
const WARNING_SPEC = 'test/fixtures/invalid/AZSLO026-unknown-type.yaml';

/** The failure JSON: `ok: false` and the problem. */
function failure(out: string): { ok: boolean; error: { code: string; message: string; hint: string }; diagnostics?: { code: string }[] } {
  const json = JSON.parse(out) as ReturnType<typeof failure>;
  assert.is(json.ok, false, out);
  return json;
}

test('azslo <command> --help, -h and azslo help <command> print that command\'s usage and options on stdout, exit 0', async () => {
  const commands = [...commandsOf(await usage()).keys()];
  assert.ok(['validate', 'generate', 'plan', 'apply', 'analyze', 'recover', 'drill', 'query', 'catalog'].every((c) => commands.includes(c)), commands.join());
  for (const command of commands) {
    const help = await cli([command, '--help']);
    assert.is(help.code, 0, `${command}: ${help.err}`);
    assert.is(help.err, '');
    assert.match(help.out, new RegExp(`^azslo ${command} — .+\\n\\nUsage:\\n {2}azslo ${command}\\b`));
    assert.match(help.out, /\nOptions:\n(?: {2}.*\n)* {2}-h, --help +this help\n/);
    assert.not.match(help.out, new RegExp(`\\n {2}azslo (?!${command}\\b)[a-z]`), 'no other command\'s usage');
    assert.is((await cli([command, '-h'])).out, help.out);
    assert.is((await cli(['help', command])).out, help.out);
  }
  const plan = (await cli(['plan', 'examples/web-api', '--help'])).out;
  assert.match(plan, /--detailed-exitcode +exit 0 with no change, 2 with changes pending, 1 on error/);
  assert.match(plan, /--resource-group <rg> +the resource group/);
  // After `--` it is a positional, not a request for help.
  assert.is((await cli(['validate', '--', '--help'])).code, 1);
});

test('every option a command\'s help lists is one its parser takes', async () => {
  const text = await usage();
  for (const command of commandsOf(text).keys()) {
    for (const { flag, value } of optionsOf(text, command)) {
      const r = await cli(command === 'catalog' ? [command, 'list', flag, ...(value ? ['x'] : [])] : [command, flag, ...(value ? ['x'] : [])]);
      assert.not.match(r.err, /unknown option|Unknown option/, `${command} ${flag}: ${r.err.split('\n')[0]}`);
    }
  }
});

test('help for an unknown command is a usage error that suggests the closest one', async () => {
  const r = await cli(['help', 'valdate']);
  assert.is(r.code, 2);
  assert.match(r.err, /^azslo: error AZSLO050: unknown command 'valdate'; did you mean 'validate'\?/);
  assert.match((await cli(['genrate', '--help'])).err, /did you mean 'generate'\?/);
});

test('unknown names suggest the closest: command, option, SLO or signal, scenario, resource type, catalog subcommand', async () => {
  const command = await cli(['anaylze', 'examples']);
  assert.is(command.code, 2);
  assert.match(command.err, /^azslo: error AZSLO050: unknown command 'anaylze'; did you mean 'analyze'\?/);
  assert.not.match((await cli(['deploy'])).err, /did you mean/, 'nothing close, no guess');
  const option = await cli(['generate', 'examples/web-api', '--out', 'x', '--froce']);
  assert.is(option.code, 2);
  assert.match(option.err, /^azslo: error AZSLO050: unknown option '--froce' for generate; did you mean '--force'\?/);
  const slo = await cli(['query', 'examples/web-api', 'api-availabilty']);
  assert.is(slo.code, 1);
  assert.match(slo.err, /no SLO or signal named 'api-availabilty'; did you mean 'api-availability'\?/);
  for (const cmd of ['recover', 'drill']) {
    const scenario = await cli([cmd, 'examples/resilient-api', 'regionOutage/westeurop', '--resource-group', 'rg']);
    assert.is(scenario.code, 2, cmd);
    assert.match(scenario.err, /no service has a recovery plan for 'regionOutage\/westeurop'; did you mean 'regionOutage\/westeurope'\?/, cmd);
  }
  const type = await cli(['catalog', 'show', 'Microsoft.Web/site']);
  assert.is(type.code, 1);
  assert.match(type.err, /Microsoft\.Web\/site is not in the catalog; .*; did you mean 'Microsoft\.Web\/sites'\?/);
  assert.match((await cli(['catalog', 'lst'])).err, /did you mean 'list'\?/);
});

test('a usage error prints the usage of its command, not all of it; an unknown command the list of commands', async () => {
  const r = await cli(['generate', 'examples/web-api']);
  assert.is(r.code, 2);
  assert.match(r.err, /\n\nUsage:\n {2}azslo generate <files or folders\.\.\.> --out <folder>.*\n\nRun `azslo generate --help` for its options\.$/);
  assert.not.match(r.err, /azslo (plan|validate|catalog) /);
  const drill = await cli(['drill', 'examples/resilient-api']);
  assert.match(drill.err, /Usage:\n {2}azslo drill <files or folders\.\.\.> <scenario>[^]*\n {2}azslo drill --restore <journal>/, 'both usage lines of drill');
  assert.not.match(drill.err, /azslo recover /);
  const detailed = await cli(['plan', 'examples/web-api', '--detailed-exitcode']);
  assert.is(detailed.code, 1, 'plan --detailed-exitcode keeps exit 1 for usage errors');
  assert.match(detailed.err, /AZSLO050: plan needs --resource-group.*\n.*\n\nUsage:\n {2}azslo plan /);
  const unknown = await cli(['frobnicate']);
  assert.match(unknown.err, /\n\nCommands:\n {2}validate {3}Check specs/);
  assert.not.match(unknown.err, /Usage:/);
});

test('--format json answers every failure with a JSON object on stdout, and the exit code of the text run', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-conventions-'));
  const file = path.join(dir, 'a-file');
  writeFileSync(file, 'x');
  try {
    const cases: { args: string[]; code: string }[] = [
      // usage errors
      { args: ['validate'], code: 'AZSLO050' },
      { args: ['generate', 'examples/web-api'], code: 'AZSLO050' },
      { args: ['generate', 'examples/web-api', '--out', dir, '--frob'], code: 'AZSLO050' },
      { args: ['plan', 'examples/web-api'], code: 'AZSLO050' },
      { args: ['plan', 'examples/web-api', '--resource-group', 'rg', '--cloud', 'Mars'], code: 'AZSLO050' },
      { args: ['analyze', 'examples/web-api', '--today', 'yesterday'], code: 'AZSLO050' },
      { args: ['drill', 'examples/resilient-api', 'regionOutage/mars', '--resource-group', 'rg'], code: 'AZSLO050' },
      { args: ['catalog', 'show'], code: 'AZSLO050' },
      // a resource type not in the catalog
      { args: ['catalog', 'show', 'Microsoft.Nope/things'], code: 'not-found' },
      // the output folder, a file in the way
      { args: ['generate', 'examples/web-api', '--out', file], code: 'AZSLO043' },
      { args: ['analyze', 'examples/web-api', '--out', path.join(file, 'x.md')], code: 'file' },
    ];
    for (const c of cases) {
      const text = await cli(c.args);
      const json = await cli([...c.args, '--format', 'json']);
      const what = c.args.join(' ');
      assert.is(json.code, text.code, what);
      assert.ok(json.code !== 0, what);
      assert.is(text.out, '', `${what}: nothing on stdout in text`);
      const f = failure(json.out);
      assert.is(f.error.code, c.code, what);
      assert.ok(f.error.message && f.error.hint, what);
    }
    // Unreadable files and invalid specs: the diagnostics.
    for (const args of [
      ['validate', 'no/such/spec.yaml'],
      ['analyze', 'no/such/spec.yaml'],
      ['generate', 'test/fixtures/invalid/AZSLO013-objective.yaml', '--out', path.join(dir, 'out')],
      ['plan', 'test/fixtures/invalid/AZSLO013-objective.yaml', '--resource-group', 'rg'],
      ['apply', 'test/fixtures/invalid/AZSLO013-objective.yaml', '--resource-group', 'rg', '--yes'],
      ['drill', 'test/fixtures/invalid/AZSLO013-objective.yaml', 'regionOutage/westeurope', '--resource-group', 'rg'],
    ]) {
      const json = await cli([...args, '--format', 'json']);
      assert.is(json.code, 1, args.join(' '));
      const f = failure(json.out);
      assert.ok(f.diagnostics?.length, args.join(' '));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('--format json: Azure errors and a secret apply cannot read are JSON too', async () => {
  const arm = await startArmEmulator();
  const c = { credential, ca: arm.ca };
  try {
    delete process.env.TICKETS_WEBHOOK_URL;
    const secret = await cli(['apply', 'examples/web-api', '--resource-group', 'rg', '--arm-endpoint', arm.endpoint, '--yes', '--format', 'json'], c);
    assert.is(secret.code, 1);
    assert.is(failure(secret.out).error.code, 'AZSLO051');
  } finally {
    await arm.close();
  }
  // The endpoint is gone: reading the current state fails.
  const failed = await cli(['plan', 'examples/web-api', '--resource-group', 'rg', '--arm-endpoint', arm.endpoint, '--format', 'json'], c);
  assert.is(failed.code, 1);
  const f = failure(failed.out);
  assert.is(f.error.code, 'azure');
  assert.match(f.error.message, /reading the current state from Azure failed/);
  assert.is(failed.err, '');
});

test('plan and apply print the specs\' warnings on stderr; apply --format json keeps stdout to its JSON', async () => {
  const arm = await startArmEmulator();
  try {
    const c = { credential, ca: arm.ca };
    const base = [WARNING_SPEC, '--resource-group', 'rg', '--arm-endpoint', arm.endpoint];
    const plan = await cli(['plan', ...base], c);
    assert.is(plan.code, 0, plan.err);
    assert.match(plan.err, /AZSLO026-unknown-type\.yaml:\d+:\d+: warning AZSLO026: resource type Microsoft\.Batch\/batchAccounts is not in the catalog/);
    assert.not.match(plan.out, /AZSLO026/);
    assert.match(plan.out, /^Plan: \d+ to create/m);
    const planJson = JSON.parse((await cli(['plan', ...base, '--format', 'json'], c)).out) as { warnings: { code: string }[] };
    assert.equal(planJson.warnings.map((w) => w.code), ['AZSLO026']);
    const apply = await cli(['apply', ...base, '--yes', '--format', 'json'], c);
    assert.is(apply.code, 0, apply.err);
    const result = JSON.parse(apply.out) as { counts: { create: number }; results: { ok: boolean }[]; warnings: { code: string }[] };
    assert.ok(result.results.length > 0 && result.results.every((r) => r.ok));
    assert.equal(result.warnings.map((w) => w.code), ['AZSLO026']);
    assert.match(apply.err, /warning AZSLO026/);
    assert.match(apply.err, /^\+ create /m, 'the plan is still shown, on stderr');
    const again = await cli(['apply', ...base, '--yes', '--format', 'json'], c);
    assert.is(again.code, 0);
    assert.equal((JSON.parse(again.out) as { results: unknown[] }).results, [], 'nothing to apply is JSON too');
    assert.match(again.err, /nothing to apply/);
  } finally {
    await arm.close();
  }
});

test('as a process: results on stdout, diagnostics and progress on stderr', () => {
  const exe = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
  const valid = exe('validate', 'examples/web-api');
  assert.equal([valid.status, valid.stdout], [0, '']);
  assert.match(valid.stderr, /^ok: 1 service\(s\)/);
  const invalid = exe('validate', '--format', 'json', 'test/fixtures/invalid/AZSLO013-objective.yaml');
  assert.is(invalid.status, 1);
  assert.is(invalid.stderr, '');
  assert.is((JSON.parse(invalid.stdout) as { ok: boolean }).ok, false);
  const analyzed = exe('analyze', 'examples/web-api', '--format', 'json');
  assert.is(analyzed.status, 0, analyzed.stderr);
  assert.ok(JSON.parse(analyzed.stdout), 'stdout is the JSON report alone');
  assert.match(analyzed.stderr, /open gap\(s\)/);
  const query = exe('query', 'examples/web-api', 'api-availability');
  assert.equal([query.status, query.stderr], [0, '']);
  assert.match(query.stdout, /checkout_api_availability|let /);
  const help = exe('plan', '--help');
  assert.equal([help.status, help.stderr], [0, '']);
  assert.match(help.stdout, /^azslo plan — /);
  const usageError = exe('valdate', 'examples');
  assert.equal([usageError.status, usageError.stdout], [2, '']);
  assert.match(usageError.stderr, /did you mean 'validate'\?/);
  const jsonUsage = exe('generate', 'examples/web-api', '--format', 'json');
  assert.equal([jsonUsage.status, jsonUsage.stderr], [2, '']);
  assert.is(failure(jsonUsage.stdout).error.code, 'AZSLO050');
  const notFound = exe('catalog', 'show', 'Microsoft.Nope/things', '--format', 'json');
  assert.equal([notFound.status, notFound.stderr], [1, '']);
  assert.is(failure(notFound.stdout).error.code, 'not-found');
});

test.run();
