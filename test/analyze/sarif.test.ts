/**
 * `azslo analyze --format sarif`: each open gap a warning whose rule is its kind, at the spec line of what it is
 * about (resource, SLO, journey, plan; the service's name otherwise), each gap a waiver accepts a result suppressed in
 * the source with the waiver's reason — so code scanning annotates the lines and lists accepted gaps as dismissed.
 * Checked by the real SARIF multitool and the SARIF 2.1.0 schema; an invalid spec still answers with a log.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../src/analyze/api.js';
import { gapPath } from '../../src/analyze/sarif.js';
import type { Gap } from '../../src/analyze/index.js';
import { loadAndValidate } from '../../src/commands/validate.js';
import { azsloSarifContext, type SarifLog } from '../../src/diagnostics/sarif.js';
import { GAP_KINDS, type GapKind } from '../../src/model/gap-kinds.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { EXAMPLES_DAY } from '../../scripts/examples-day.js';
import { root } from '../helpers/bicep.js';
import { runCli } from '../helpers/cli.js';
import { multitoolValidate, schemaErrors } from '../helpers/sarif.js';

const cli = (...args: string[]) => runCli(args);

const SHOP = 'examples/ecommerce/shop.yaml';
const shopLines = readFileSync(path.join(root, SHOP), 'utf8').split('\n');
/** The 1-based line of the first line matching. */
const lineOf = (lines: readonly string[], pattern: RegExp) => lines.findIndex((l) => pattern.test(l)) + 1;

test('every open gap is a warning whose rule is its kind, at the line of the resource, journey or service it is about', async () => {
  const r = await cli('analyze', 'examples/ecommerce', '--format', 'sarif', '--today', EXAMPLES_DAY);
  assert.is(r.code, 0);
  const run0 = (JSON.parse(r.out) as SarifLog).runs[0];
  const validation = await loadAndValidate([path.join(root, 'examples/ecommerce')]);
  const report = analyze(validation, 'json').report;
  const gaps = report.services.flatMap((s) => s.gaps);
  assert.ok(gaps.length > 10, 'the example has gaps');
  const gapResults = run0.results;
  assert.equal(gapResults.map((x) => x.properties?.gap), gaps.map((g) => g.id), 'one result per open gap, in report order, and nothing else');
  assert.ok(validation.diagnostics.length > 0, "validation's warnings (AZSLO030) are validate --format sarif's, not repeated here");
  for (const x of gapResults) {
    assert.is(x.ruleId, x.properties!.gap!.split('/')[0]);
    assert.is(x.level, 'warning');
    assert.is(x.suppressions, undefined, 'open: not suppressed');
    assert.is(x.locations[0]!.physicalLocation.artifactLocation.uri, SHOP);
    assert.match(x.message.text, x.properties!.gap!, 'the message carries the gap id a waiver names');
  }
  const at = (id: string) => gapResults.find((x) => x.properties!.gap === id)!.locations[0]!.physicalLocation.region;
  assert.equal(at('rto-not-met/regionOutage/shopdb'), { startLine: lineOf(shopLines, /^ {2}- id: .*\/databases\/shopdb$/), startColumn: 5 }, 'the resource item');
  assert.is(at('journey-below-slo/browse-and-buy/api-availability').startLine, lineOf(shopLines, /- name: browse-and-buy/));
  assert.is(at('no-business-signal/shop').startLine, lineOf(shopLines, /^ {2}name: shop$/), "no business: section, so the service's name");
  // Rules: the kinds used, each once, with what they mean.
  const rules = run0.tool.driver.rules;
  assert.equal(rules.map((x) => x.id), [...new Set(run0.results.map((x) => x.ruleId))].sort());
  const rtoNotMet = rules.find((x) => x.id === 'rto-not-met')!;
  assert.equal([rtoNotMet.name, rtoNotMet.shortDescription.text.toLowerCase(), rtoNotMet.defaultConfiguration?.level], ['RtoNotMet', GAP_KINDS['rto-not-met'].toLowerCase(), 'warning']);
  assert.match(r.err, `${gaps.length} open gap(s)`);
});

test("an accepted gap is a result suppressed in the source, with the waiver's reason", async () => {
  const r = await cli('analyze', 'examples/mission-critical', '--format', 'sarif', '--today', EXAMPLES_DAY);
  const run0 = (JSON.parse(r.out) as SarifLog).runs[0];
  const spec = (await loadAndValidate([path.join(root, 'examples/mission-critical')])).services[0]!.spec;
  const accepted = run0.results.filter((x) => x.suppressions);
  assert.ok(accepted.length >= spec.accept!.length, 'a pattern (*) may accept several gaps');
  for (const x of accepted) {
    const [suppression] = x.suppressions!;
    assert.equal([suppression!.kind, suppression!.status], ['inSource', 'accepted']);
    assert.ok(spec.accept!.some((w) => w.reason === suppression!.justification), suppression!.justification);
  }
  const registry = accepted.find((x) => x.properties!.gap === 'no-baseline-alert/acraoprod')!;
  assert.is(registry.suppressions![0]!.justification, spec.accept!.find((w) => w.gap === 'no-baseline-alert/acraoprod')!.reason);
  assert.match(r.err, /0 open gap\(s\), \d+ accepted/);
});

test('a gap is located by its kind: resource by the last segment of its id, SLO, journey, plan; else the service', () => {
  const spec = {
    metadata: { name: 'svc' },
    resources: [{ id: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Web/sites/App-1' }],
    slos: [{ name: 'other' }, { name: 'avail' }],
    architecture: { journeys: [{ name: 'pay', steps: [] }] },
    recovery: { plans: [{ scenario: 'regionOutage/westeurope' }] },
    infrastructure: { serviceHealth: { enabled: false } },
  } as unknown as ServiceSpec;
  const gap = (kind: GapKind, subject: string): Gap => ({ id: `${kind}/${subject}`, layer: 'recovery', subject, message: '' });
  assert.equal(gapPath(spec, gap('rto-unknown', 'app-1')), ['resources', 0], 'resource names match as Azure does, ignoring case');
  assert.equal(gapPath(spec, gap('no-page-alert', 'avail')), ['slos', 1]);
  assert.equal(gapPath(spec, gap('journey-unknown-sla', 'pay')), ['architecture', 'journeys', 0]);
  assert.equal(gapPath(spec, gap('drill-overdue', 'regionOutage/westeurope')), ['recovery', 'plans', 0]);
  assert.equal(gapPath(spec, gap('no-service-health', 'svc')), ['infrastructure', 'serviceHealth']);
  assert.equal(gapPath(spec, gap('no-journey', 'svc')), ['architecture']);
  assert.equal(gapPath(spec, gap('no-outage-detection', 'svc')), ['metadata', 'name']);
  assert.equal(gapPath(spec, gap('not-covered', 'gone')), ['metadata', 'name'], 'a subject not found: the service');
});

test('an invalid spec still answers with a SARIF log: its errors, and a run that analysed nothing', async () => {
  const r = await cli('analyze', 'test/fixtures/invalid/AZSLO012-inherited-names.yaml', '--format', 'sarif');
  assert.is(r.code, 1);
  const run0 = (JSON.parse(r.out) as SarifLog).runs[0];
  assert.is(run0.invocations[0].executionSuccessful, false);
  assert.match(run0.invocations[0].toolExecutionNotifications![0]!.message.text, 'nothing was analysed');
  assert.ok(run0.results.length > 0 && run0.results.every((x) => x.ruleId === 'AZSLO012' && x.level === 'error'));
  assert.match(r.err, /AZSLO012/, 'and the diagnostics on stderr, as with every format');
});

test('the same specs give the same bytes; the multitool and the SARIF schema find no error in the logs', async () => {
  const ecommerce = await cli('analyze', 'examples/ecommerce', '--format', 'sarif', '--today', EXAMPLES_DAY);
  const again = await cli('analyze', path.join(root, 'examples/ecommerce'), '--format', 'sarif', '--today', EXAMPLES_DAY);
  assert.is(ecommerce.out, again.out);
  assert.not.match(ecommerce.out, root);
  const mission = await cli('analyze', 'examples/mission-critical', '--format', 'sarif', '--today', EXAMPLES_DAY);
  const invalid = await cli('analyze', 'test/fixtures/invalid/AZSLO012-inherited-names.yaml', '--format', 'sarif');
  // With a repository URL in package.json (the lead's to add) nothing at all is left to say.
  const context = azsloSarifContext(root);
  const linked = analyze(await loadAndValidate([path.join(root, 'examples/mission-critical')]), 'sarif', undefined, { today: EXAMPLES_DAY }, { ...context, tool: { ...context.tool, informationUri: 'https://github.com/contoso/azslo' }, docsBase: 'https://github.com/contoso/azslo/blob/HEAD' }).text;
  const logs = { 'ecommerce.sarif': ecommerce.out, 'mission-critical.sarif': mission.out, 'invalid.sarif': invalid.out, 'linked.sarif': linked };
  for (const [name, text] of Object.entries(logs)) assert.equal(schemaErrors(JSON.parse(text)), [], name);
  const findings = multitoolValidate(logs);
  assert.equal(findings.filter((f) => f.level === 'error'), []);
  assert.equal(findings.filter((f) => f.file === 'linked.sarif'), [], findings.map((f) => `${f.file}: ${f.ruleId} ${f.text}`).join('\n'));
});

test.run();
