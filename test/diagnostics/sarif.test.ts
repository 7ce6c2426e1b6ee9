/**
 * `azslo validate --format sarif`: the diagnostics as one SARIF 2.1.0 run that code scanning annotates the spec lines
 * with — rules are the AZSLO codes with their doc links, results sit at file:line:col relative to the working
 * directory — checked by the real SARIF multitool and the SARIF JSON Schema, the same bytes on every run, and a log
 * on the failure paths too (bad YAML, unreadable file, missing input).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { codes } from '../../src/diagnostics/codes.js';
import { artifactUri, azsloSarifContext, diagnosticsSarif, pascalName, printSarif, repositoryWebUrl, type SarifLog } from '../../src/diagnostics/sarif.js';
import { loadAndValidate } from '../../src/commands/validate.js';
import { root } from '../helpers/bicep.js';
import { runCli } from '../helpers/cli.js';
import { multitoolValidate, schemaErrors } from '../helpers/sarif.js';

const INVALID = 'test/fixtures/invalid/AZSLO012-inherited-names.yaml';
const SYNTAX = 'test/fixtures/invalid/AZSLO001-syntax.yaml';

const cli = (cwd: string, ...args: string[]) => runCli(args, { cwd });

const runOf = (text: string) => (JSON.parse(text) as SarifLog).runs[0];

test('validate --format sarif: one run, a result per diagnostic at its line and column, rules the codes used', async () => {
  const r = await cli(root, 'validate', INVALID, SYNTAX, '--format', 'sarif');
  assert.is(r.code, 1, 'errors still exit 1');
  const log = JSON.parse(r.out) as SarifLog;
  assert.is(log.version, '2.1.0');
  assert.is(log.runs.length, 1);
  const run0 = log.runs[0];
  assert.is(run0.tool.driver.name, 'azslo');
  assert.is(run0.columnKind, 'utf16CodeUnits', "the diagnostics' columns are UTF-16 code units, as SARIF's default");
  const expected = (await loadAndValidate([INVALID, SYNTAX])).diagnostics;
  assert.ok(expected.length >= 2);
  assert.equal(
    run0.results.map((x) => [x.ruleId, x.level, x.locations[0]!.physicalLocation.artifactLocation.uri, x.locations[0]!.physicalLocation.region.startLine, x.locations[0]!.physicalLocation.region.startColumn]),
    expected.map((d) => [d.code, d.severity, d.file.split(path.sep).join('/'), d.position.line, d.position.col]),
  );
  for (const x of run0.results) {
    assert.is(x.locations[0]!.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.is(run0.tool.driver.rules[x.ruleIndex]!.id, x.ruleId, 'ruleIndex points at the rule');
  }
  const ids = run0.tool.driver.rules.map((x) => x.id);
  assert.equal(ids, [...new Set(expected.map((d) => d.code))].sort(), 'each code used once, sorted');
  const azslo012 = run0.tool.driver.rules.find((x) => x.id === 'AZSLO012')!;
  assert.equal([azslo012.name, azslo012.shortDescription.text], ['UnknownNotificationTarget', codes.AZSLO012.title]);
  assert.match(azslo012.help!.text, 'docs/diagnostics.md#azslo012');
  assert.match(r.err, /error\(s\)/, 'the summary goes to stderr, the log alone to stdout');
});

test('the same specs give the same bytes, with no absolute path and no clock in them', async () => {
  const a = await cli(root, 'validate', INVALID, '--format', 'sarif');
  const b = await cli(root, 'validate', path.join(root, INVALID), '--format', 'sarif');
  assert.is(a.out, b.out, 'an absolute input path is written relative to the working directory');
  assert.not.match(a.out, root);
  assert.not.match(a.out, /\d{4}-\d{2}-\d{2}T/);
});

test('bad YAML, a file that is not UTF-8 and a missing input still answer with a SARIF log', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-sarif-'));
  try {
    writeFileSync(path.join(dir, 'latin1 spec.yaml'), Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9, 0x0a]));
    writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: azslo/v1\nkind: [Service\n');
    const r = await cli(dir, 'validate', '.', 'missing.yaml', '--format', 'sarif');
    assert.is(r.code, 1);
    const results = runOf(r.out).results;
    assert.equal(results.map((x) => [x.ruleId, x.locations[0]!.physicalLocation.artifactLocation.uri]).sort(), [
      ['AZSLO001', 'broken.yaml'],
      ['AZSLO006', 'latin1%20spec.yaml'],
      ['AZSLO006', 'missing.yaml'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('artifact URIs: relative to the root, forward slashes, each segment percent-encoded', () => {
  assert.is(artifactUri('specs/a.yaml', '/repo'), 'specs/a.yaml');
  assert.is(artifactUri('/repo/specs/team a/#1.yaml', '/repo'), 'specs/team%20a/%231.yaml');
  assert.is(artifactUri('../other/b.yaml', '/repo/sub'), '../other/b.yaml');
});

test("doc links: the repository package.json names, as a web address, each code's section of docs/diagnostics.md", () => {
  assert.is(repositoryWebUrl({ url: 'git+https://github.com/contoso/azslo.git' }), 'https://github.com/contoso/azslo');
  assert.is(repositoryWebUrl('github:contoso/azslo'), 'https://github.com/contoso/azslo');
  assert.is(repositoryWebUrl('contoso/azslo'), 'https://github.com/contoso/azslo');
  assert.is(repositoryWebUrl('git@github.com:contoso/azslo.git'), undefined, 'no web address to link to');
  assert.is(repositoryWebUrl(undefined), undefined);
  assert.is(pascalName('Alert override Azure would refuse'), 'AlertOverrideAzureWouldRefuse');
  assert.is(pascalName('rto-not-met'), 'RtoNotMet');
  const context = { ...azsloSarifContext(root), docsBase: 'https://github.com/contoso/azslo/blob/HEAD' };
  const log = diagnosticsSarif([{ code: 'AZSLO012', severity: 'error', message: 'm', hint: 'h', file: 'a.yaml', position: { line: 2, col: 3 }, path: '' }], context);
  assert.is(log.runs[0].tool.driver.rules[0]!.helpUri, 'https://github.com/contoso/azslo/blob/HEAD/docs/diagnostics.md#azslo012');
  // package.json as it is: a repository gives every rule its link, none gives none (help text only).
  const real = azsloSarifContext(root);
  const rules = diagnosticsSarif([{ code: 'AZSLO012', severity: 'error', message: 'm', hint: 'h', file: 'a.yaml', position: { line: 2, col: 3 }, path: '' }], real).runs[0].tool.driver.rules;
  assert.is(rules[0]!.helpUri === undefined, real.docsBase === undefined);
});

test('the SARIF multitool and the SARIF 2.1.0 schema find no error in the log of an invalid spec', async () => {
  const r = await cli(root, 'validate', INVALID, SYNTAX, '--format', 'sarif');
  const log = JSON.parse(r.out) as SarifLog;
  assert.equal(schemaErrors(log), []);
  // With a repository URL (the lead's package.json may not name one yet) nothing at all is left to say.
  const linked = printSarif(diagnosticsSarif((await loadAndValidate([INVALID, SYNTAX])).diagnostics, { ...azsloSarifContext(root), tool: { ...azsloSarifContext(root).tool, informationUri: 'https://github.com/contoso/azslo' }, docsBase: 'https://github.com/contoso/azslo/blob/HEAD' }));
  assert.equal(schemaErrors(JSON.parse(linked)), []);
  // The validator is live: a rule index past the rules is an error, an unknown property a schema error.
  const broken = structuredClone(log) as any;
  broken.runs[0].results[0].ruleIndex = 99;
  broken.runs[0].results[1].bogus = true;
  const findings = multitoolValidate({ 'validate.sarif': r.out, 'linked.sarif': linked, 'broken.sarif': JSON.stringify(broken) });
  const of = (file: string, level: string) => findings.filter((f) => f.file === file && f.level === level);
  assert.equal(of('validate.sarif', 'error'), []);
  assert.equal(findings.filter((f) => f.file === 'linked.sarif'), [], findings.map((f) => `${f.file}: ${f.ruleId} ${f.text}`).join('\n'));
  // Read, not skipped: without informationUri it says so (SARIF2005) — unless package.json names a home page.
  if (azsloSarifContext(root).tool.informationUri === undefined) assert.equal(of('validate.sarif', 'warning').map((f) => f.ruleId), ['SARIF2005']);
  assert.equal(of('broken.sarif', 'error').map((f) => f.ruleId).sort(), ['JSON1005', 'SARIF1009']);
});

test('--format takes sarif, and a wrong value names it among the choices', async () => {
  const r = await cli(root, 'validate', INVALID, '--format', 'sarf');
  assert.is(r.code, 2);
  assert.match(r.err, /sarif/);
});

test.run();
