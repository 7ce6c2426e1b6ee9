/**
 * The Bicep writer and what a deployment can hold as one text: ARM refuses a function result, and Bicep's
 * loadTextContent() a file, over 131,072 UTF-16 code units (catalog arm-limits maxTextLength). A service's workbook is
 * split into several workbooks that each fit; any other text that cannot fit is refused at its SLO (AZSLO025).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeBicep } from '../../src/bicep/writer.js';
import { fact } from '../../src/catalog/index.js';
import { FileText, ParamRef, type Deployment } from '../../src/resources/model.js';
import { AzsloError, generate, writeOutputFolder } from '../../src/index.js';
import { baseSpec, validateSpec, WORKSPACE } from '../helpers/specs.js';
import { armResources, bicepTest, compileOutput } from '../helpers/bicep.js';
import { evaluate } from '../helpers/arm-expressions.js';

const LIMIT = fact('arm-limits', 'maxTextLength');

/** A one-module deployment with a single text property of the given content, replacing `from` with a parameter. */
function oneTextDeployment(content: string, from: string): Deployment {
  return {
    params: [{ name: 'value', type: 'string', description: 'The replacement.', secure: false, source: { kind: 'literal', value: 'REPLACED' } }],
    modules: [{ path: 'svc/texts', description: 'A text.' }],
    resources: [
      {
        key: 'svc/texts/one',
        module: 'svc/texts',
        symbol: 'one',
        type: 'Microsoft.Insights/workbooks',
        apiVersion: '2023-06-01',
        name: 'one',
        properties: { serializedData: new FileText('svc/big.json', content, [[from, new ParamRef('value')]]) },
        dependsOn: [],
        description: 'A big text.',
      },
    ],
  };
}

test('writeBicep: a text within the limit is one file loaded with loadTextContent() inside replace()', () => {
  const files = writeBicep(oneTextDeployment('x'.repeat(LIMIT), 'y'));
  assert.equal(files.map((f) => f.path), ['main.bicep', 'main.bicepparam', 'svc/big.json', 'svc/texts.bicep']);
  assert.match(files.find((f) => f.path === 'svc/texts.bicep')!.content, "replace(loadTextContent('big.json'), 'y', value)");
});

test('writeBicep: a longer text is never written (generate refuses it first with AZSLO025)', () => {
  assert.throws(() => writeBicep(oneTextDeployment('x'.repeat(LIMIT + 1), 'y')), /longer than a deployment can load/);
});

/** A service with `n` SLOs, each with its own role names: its workbook grows with every SLO. */
function manySlos(n: number, roleNames: (i: number) => string | string[] = (i) => `checkout-api-${i + 1}`) {
  const slos = Array.from({ length: n }, (_, i) => ({
    name: `api-availability-${i + 1}`,
    sli: { requestAvailability: { roleName: roleNames(i), badResultCodes: ['5xx', '429'] } },
    objective: 99.9,
    window: '30d',
    alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } },
  }));
  const result = validateSpec(baseSpec({ slos }));
  assert.ok(result.ok, result.diagnostics.map((d) => d.message).join('\n'));
  return result;
}

const workbooksOf = (g: ReturnType<typeof generate>) => g.deployment.resources.filter((r) => r.type === 'Microsoft.Insights/workbooks');
const textOf = (r: { properties: unknown }) => (r.properties as { serializedData: FileText }).serializedData.content;

test('a service with 60 SLOs gets as many workbooks as keep each within the limit, every SLO in exactly one', () => {
  const generation = generate(manySlos(60));
  const books = workbooksOf(generation);
  assert.ok(books.length >= 2, `${books.length} workbook(s)`);
  // Within the limit also with the longest workspace id a deployment could swap in (resource group 90, name 63).
  const longest = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${'g'.repeat(90)}/providers/Microsoft.OperationalInsights/workspaces/${'w'.repeat(63)}`;
  for (const wb of books) assert.ok(textOf(wb).split(WORKSPACE).join(longest).length <= LIMIT, `${wb.name}: ${textOf(wb).length}`);
  assert.equal(books.map((b) => (b.properties as { displayName: string }).displayName), books.map((_, i) => `checkout SLOs (${i + 1}/${books.length})`));
  // The first keeps the name a one-workbook service has, so growing past the limit does not replace it.
  assert.is(books[0]!.name, workbooksOf(generate(manySlos(3)))[0]!.name);
  for (const slo of generation.services[0]!.slos) {
    const holders = books.filter((b) => textOf(b).includes(`${slo.functionAlias}()`));
    assert.is(holders.length, 1, `SLO ${slo.name} is in exactly one workbook`);
  }
  assert.equal(generate(manySlos(60)).files, generation.files, 'deterministic');
});

test('an SLO whose own query cannot fit in one text is refused at that SLO (AZSLO025), nothing written', () => {
  const long = Array.from({ length: 160 }, (_, k) => `role-${k}-${'r'.repeat(1000)}`);
  const result = manySlos(3, (i) => (i === 1 ? long : `api-${i}`));
  try {
    generate(result);
    assert.unreachable('generate should refuse');
  } catch (e) {
    assert.instance(e, AzsloError);
    const ds = (e as AzsloError).diagnostics;
    assert.ok(ds.length >= 1);
    for (const d of ds) {
      assert.is(d.code, 'AZSLO025');
      assert.is(d.path, 'slos[1].sli');
      assert.match(d.message, /would be \d+ characters; ARM and Bicep handle at most 131072/);
    }
  }
});

bicepTest(test)('a service with 60 SLOs compiles with the real Bicep CLI, 0 warnings, and each workbook deploys exactly its text', async () => {
  const generation = generate(manySlos(60));
  const texts = workbooksOf(generation).map(textOf);
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-writer-'));
  try {
    await writeOutputFolder(path.join(dir, 'out'), generation.files);
    const { template, failures, diagnostics } = compileOutput(path.join(dir, 'out'));
    assert.equal(failures, []);
    assert.equal(diagnostics, []);
    const workbookModule = (Array.isArray(template.resources) ? template.resources : Object.values(template.resources)).find(
      (r) => r.type === 'Microsoft.Resources/deployments' && JSON.stringify(r.properties?.template ?? {}).includes('Microsoft.Insights/workbooks'),
    )!;
    const inner = workbookModule.properties!.template!;
    const workspaceId = '/subscriptions/00000000-0000-0000-0000-0000000000ff/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law-deployed';
    const parameters = Object.fromEntries(Object.keys(inner.parameters ?? {}).map((k) => [k, k.endsWith('WorkspaceId') ? workspaceId : `value-of-${k}`]));
    const deployed = armResources(inner)
      .filter((r) => r.type === 'Microsoft.Insights/workbooks')
      .map((wb) => evaluate((wb.properties as { serializedData: string }).serializedData, { parameters, variables: inner.variables ?? {}, subscriptionId: 'x', resourceGroup: 'rg' }) as string);
    assert.equal(deployed, texts.map((t) => t.split(WORKSPACE).join(workspaceId)));
    for (const d of deployed) assert.ok(d.length <= LIMIT, `${d.length}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
