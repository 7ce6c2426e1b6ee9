/**
 * User text that ends up in Bicep, KQL and JSON is escaped for each: hostile names, descriptions, role and
 * operation names and user KQL give Bicep that compiles, KQL that binds, and the same strings read back from the
 * compiled ARM JSON.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateFromServices } from '../src/generate/index.js';
import { writeOutputFolder } from '../src/index.js';
import { checkKql, stringLiterals } from '../src/kql/service.js';
import { armResources, armString, bicepTest, compileOutput } from './helpers/bicep.js';
import { baseSpec, validateSpec } from './helpers/specs.js';

const hostile = [
  `it's "quoted" \\ back\\slash`,
  'interpolation ${param} and \'\'\' triple quotes',
  'no\u00a0break and zero\u200bwidth spaces',
  'unicode é 日本語 😀',
  'resource param var module output',
  'where | project ; let union',
];

const serviceName = `Checkout "shop" it's \${x} '''`;
const spec = baseSpec({
  metadata: { name: serviceName, displayName: `Display ${hostile[0]}`, description: `${hostile.join(' / ')}\nmulti-line\tdescription`, owner: `team '${'"'}`, environment: 'prod' },
  slos: hostile.map((text, i) => ({
    name: `${text} #${i}`,
    description: `desc ${text}`,
    sli:
      i % 2 === 0
        ? { requestAvailability: { roleName: `role ${text}`, operations: [`GET /${text}`], excludeOperations: [`${text} health`] } }
        : { raw: { good: `AppRequests\n| where Name == "${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`, total: 'AppRequests' } },
    objective: 99.5,
    window: '30d',
    alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } },
  })),
});

const result = validateSpec(spec);

test('the hostile spec is valid', () => {
  assert.ok(result.ok, JSON.stringify(result.diagnostics, null, 2));
});

test('a line break or tab is refused in a one-line value and kept in a description or query', () => {
  const slo = (spec.slos as Record<string, unknown>[])[0]!;
  for (const name of ['new\nline', 'a\ttab', 'bare\rreturn']) {
    const r = validateSpec({ ...spec, slos: [{ ...slo, name }] });
    assert.equal(r.diagnostics.map((d) => [d.code, d.path]), [['AZSLO003', 'slos[0].name']], JSON.stringify(name));
  }
  assert.ok(validateSpec({ ...spec, slos: [{ ...slo, description: 'two\nlines\tand a tab' }] }).ok);
});

const gen = generateFromServices(result.services);

test('every generated query over hostile names binds with 0 errors, and its literals read back as written', () => {
  const kqlFiles = gen.files.filter((f) => f.path.endsWith('.kql'));
  const bodies = kqlFiles.filter((f) => f.path.endsWith('.sli.kql'));
  assert.is(bodies.length, hostile.length);
  const fns = gen.deployment.resources
    .filter((r) => r.type.endsWith('savedSearches'))
    .map((r, i) => ({ name: (r.properties as { functionAlias: string }).functionAlias, body: bodies[i]!.content }));
  for (const f of kqlFiles) assert.equal(checkKql(f.content, 'workspace', fns).problems.filter((p) => p.severity === 'error'), [], `${f.path}\n${f.content}`);
  const literals = new Set(bodies.flatMap((b) => stringLiterals(b.content)));
  hostile.forEach((text, i) => {
    if (i % 2 === 0) {
      assert.ok(literals.has(`role ${text}`), `role name ${JSON.stringify(text)}`);
      assert.ok(literals.has(`GET /${text}`), `operation name ${JSON.stringify(text)}`);
    } else {
      assert.ok(literals.has(text), `user KQL literal ${JSON.stringify(text)}`);
    }
  });
});

test('the workbook JSON parses back and keeps the names', () => {
  const wb = JSON.parse(gen.files.find((f) => f.path.endsWith('workbook.json'))!.content) as { items: { content: { query?: string } }[] };
  const summary = wb.items.find((i) => i.content.query?.startsWith('union'))!.content.query!;
  const names = stringLiterals(summary);
  for (const [i, text] of hostile.entries()) assert.ok(names.includes(`${text} #${i}`));
});

bicepTest(test)('the Bicep compiles with 0 errors and 0 warnings and the ARM JSON holds the exact strings', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-escaping-'));
  try {
    await writeOutputFolder(path.join(dir, 'out'), gen.files);
    const { template, diagnostics, failures } = compileOutput(path.join(dir, 'out'));
    assert.equal(failures, []);
    assert.equal(diagnostics, []);
    const resources = armResources(template);
    const unbracket = (s: string) => armString(s, {});
    const rules = resources.filter((r) => r.type === 'Microsoft.Insights/scheduledQueryRules');
    assert.is(rules.length, hostile.length * 2);
    const custom = rules.map((r) => (r.properties as { actions: { customProperties: Record<string, string> } }).actions.customProperties);
    for (const c of custom) assert.is(unbracket(c['azslo-service']!), serviceName);
    hostile.forEach((text, i) => {
      assert.ok(custom.some((c) => unbracket(c['azslo-slo']!) === `${text} #${i}`), `SLO name ${JSON.stringify(text)} in customProperties`);
      const descriptions = rules.map((r) => unbracket((r.properties as { description: string }).description));
      assert.ok(descriptions.some((d) => d.includes(`desc ${text}`)), `description ${JSON.stringify(text)}`);
    });
    const searches = resources.filter((r) => r.type === 'Microsoft.OperationalInsights/workspaces/savedSearches');
    for (const s of searches) {
      const tags = (s.properties as { tags: { name: string; value: string }[] }).tags;
      assert.is(unbracket(tags.find((t) => t.name === 'azslo-service')!.value), serviceName);
      const query = armString((s.properties as { query: string }).query, s.variables);
      assert.equal(checkKql(query).problems.filter((p) => p.severity === 'error'), [], query);
      const file = gen.files.find((f) => f.path.endsWith('.sli.kql') && f.content === query);
      assert.ok(file, 'the ARM JSON holds the exact text of a generated function file');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
