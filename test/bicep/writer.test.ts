/**
 * The Bicep writer and Bicep's loadTextContent() limit (131,072 UTF-16 code units per file): a longer text is
 * written as several files, each within the limit, joined again by concat(), and the compiled template deploys
 * exactly the original text.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LOAD_TEXT_LIMIT, piecePath, splitText, writeBicep } from '../../src/bicep/writer.js';
import { FileText, ParamRef, type Deployment } from '../../src/resources/model.js';
import { generate, writeOutputFolder } from '../../src/index.js';
import { baseSpec, validateSpec, WORKSPACE } from '../helpers/specs.js';
import { armResources, bicepTest, compileOutput } from '../helpers/bicep.js';
import { evaluate } from '../helpers/arm-expressions.js';

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

test('splitText: pieces join back to the text, each within the limit, never splitting a surrogate pair', () => {
  const chars = fc.constantFrom('a', 'é', '😀', '\uFEFF', '\n', '\r', "'", '\\', '\u{10FFFF}');
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 60 }).map((a) => a.join('')), fc.integer({ min: 2, max: 9 }), (text, limit) => {
      const pieces = splitText(text, limit);
      assert.is(pieces.join(''), text);
      assert.ok(pieces.length >= 1);
      for (const [i, p] of pieces.entries()) {
        assert.ok(p.length <= limit, `piece ${i} has ${p.length} code units`);
        if (i > 0) {
          assert.ok(p.length > 0, 'no empty piece after the first');
          assert.not.ok(isLow(p.charCodeAt(0)) && isHigh(pieces[i - 1]!.charCodeAt(pieces[i - 1]!.length - 1)), 'surrogate pair kept whole');
          // Bicep drops a leading U+FEFF; only a run of them filling the previous piece could force one to lead.
          if (p.charCodeAt(0) === 0xfeff) assert.ok([...pieces[i - 1]!].slice(1).every((c) => c === '\uFEFF'), 'only after a run of U+FEFF');
        }
      }
      assert.equal(splitText(text, limit), pieces, 'deterministic');
    }),
  );
});

test('splitText: a text within the limit is one piece, also an empty one; the limit itself is UTF-16 code units', () => {
  assert.equal(splitText(''), ['']);
  assert.equal(splitText('x'.repeat(LOAD_TEXT_LIMIT)).length, 1);
  assert.equal(splitText('x'.repeat(LOAD_TEXT_LIMIT + 1)).map((p) => p.length), [LOAD_TEXT_LIMIT, 1]);
  // 65,536 emoji are 131,072 code units: one file. One more emoji would split, before the pair.
  assert.equal(splitText('😀'.repeat(65_536)).length, 1);
  assert.equal(splitText(`x${'😀'.repeat(65_536)}`).map((p) => p.length), [LOAD_TEXT_LIMIT - 1, 2]);
});

test('piecePath: the first piece keeps the name, the others number it before the extension', () => {
  assert.is(piecePath('checkout/workbook.json', 1), 'checkout/workbook.json');
  assert.is(piecePath('checkout/workbook.json', 2), 'checkout/workbook.2.json');
  assert.is(piecePath('checkout/kql/api.sli.kql', 3), 'checkout/kql/api.sli.3.kql');
  assert.is(piecePath('noext', 2), 'noext.2');
});

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

test('writeBicep: a text over the limit becomes numbered files within it, loaded with concat() inside replace()', () => {
  // An emoji straddles the first boundary: the pair must move whole into the second file.
  const content = `${'a'.repeat(LOAD_TEXT_LIMIT - 1)}😀${'b'.repeat(LOAD_TEXT_LIMIT)}TOKEN${'c'.repeat(10)}`;
  const files = writeBicep(oneTextDeployment(content, 'TOKEN'));
  const texts = files.filter((f) => !f.path.endsWith('.bicep') && !f.path.endsWith('.bicepparam'));
  assert.equal(texts.map((f) => f.path), ['svc/big.2.json', 'svc/big.3.json', 'svc/big.json']);
  for (const f of texts) assert.ok(f.content.length <= LOAD_TEXT_LIMIT, `${f.path}: ${f.content.length}`);
  const byPath = new Map(texts.map((f) => [f.path, f.content]));
  assert.is(byPath.get('svc/big.json')! + byPath.get('svc/big.2.json')! + byPath.get('svc/big.3.json')!, content);
  assert.is(byPath.get('svc/big.json')!.length, LOAD_TEXT_LIMIT - 1, 'the emoji is not cut');
  const module = files.find((f) => f.path === 'svc/texts.bicep')!.content;
  assert.match(module, "replace(concat(loadTextContent('big.json'), loadTextContent('big.2.json'), loadTextContent('big.3.json')), 'TOKEN', value)");
  assert.equal(writeBicep(oneTextDeployment(content, 'TOKEN')), files, 'same input, same files');
});

test('writeBicep: a text within the limit stays one file loaded as before', () => {
  const files = writeBicep(oneTextDeployment('x'.repeat(LOAD_TEXT_LIMIT), 'y'));
  assert.equal(files.map((f) => f.path), ['main.bicep', 'main.bicepparam', 'svc/big.json', 'svc/texts.bicep']);
  assert.match(files.find((f) => f.path === 'svc/texts.bicep')!.content, "replace(loadTextContent('big.json'), 'y', value)");
});

/** A service with `n` SLOs, each with its own role name: its workbook grows with every SLO. */
function manySlos(n: number) {
  const slos = Array.from({ length: n }, (_, i) => ({
    name: `api-availability-${i + 1}`,
    sli: { requestAvailability: { roleName: `checkout-api-${i + 1}`, badResultCodes: ['5xx', '429'] } },
    objective: 99.9,
    window: '30d',
    alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } },
  }));
  const result = validateSpec(baseSpec({ slos }));
  assert.ok(result.ok, result.diagnostics.map((d) => d.message).join('\n'));
  return generate(result);
}

function workbookText(n: number): { text: string; generation: ReturnType<typeof manySlos> } {
  const generation = manySlos(n);
  const wb = generation.deployment.resources.find((r) => r.type === 'Microsoft.Insights/workbooks')!;
  const data = (wb.properties as { serializedData: FileText }).serializedData;
  return { text: data.content, generation };
}

test('a service with 60 SLOs generates (its workbook is over the limit) with every file within the limit', () => {
  const { text, generation } = workbookText(60);
  assert.ok(text.length > LOAD_TEXT_LIMIT, `the workbook has ${text.length} characters`);
  const paths = generation.files.map((f) => f.path);
  assert.ok(paths.includes('checkout/workbook.json') && paths.includes('checkout/workbook.2.json'), paths.filter((p) => p.includes('workbook')).join(', '));
  for (const f of generation.files) if (!f.path.endsWith('.bicep') && !f.path.endsWith('.bicepparam')) assert.ok(f.content.length <= LOAD_TEXT_LIMIT, f.path);
});

bicepTest(test)('a service with 60 SLOs compiles with the real Bicep CLI and deploys exactly the workbook text', async () => {
  const { text, generation } = workbookText(60);
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-writer-'));
  try {
    await writeOutputFolder(path.join(dir, 'out'), generation.files);
    const out = path.join(dir, 'out');
    const { template, failures, diagnostics } = compileOutput(out);
    assert.equal(failures, []);
    // concat() of the pieces is what Bicep's linter would rather see as an interpolation; nothing else is reported.
    assert.equal(diagnostics.filter((d) => !/Warning prefer-interpolation/.test(d)), []);
    const workbookModule = (Array.isArray(template.resources) ? template.resources : Object.values(template.resources)).find(
      (r) => r.type === 'Microsoft.Resources/deployments' && JSON.stringify(r.properties?.template ?? {}).includes('Microsoft.Insights/workbooks'),
    )!;
    const inner = workbookModule.properties!.template!;
    const workspaceId = '/subscriptions/00000000-0000-0000-0000-0000000000ff/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law-deployed';
    const parameters = Object.fromEntries(Object.keys(inner.parameters ?? {}).map((k) => [k, k.endsWith('WorkspaceId') ? workspaceId : `value-of-${k}`]));
    const wb = armResources(inner).find((r) => r.type === 'Microsoft.Insights/workbooks')!;
    const deployed = evaluate((wb.properties as { serializedData: string }).serializedData, { parameters, variables: inner.variables ?? {}, subscriptionId: 'x', resourceGroup: 'rg' });
    assert.ok(text.includes(WORKSPACE));
    assert.is(deployed, text.split(WORKSPACE).join(workspaceId), 'the evaluated serializedData is the workbook text with the workspace swapped in');
    assert.match(readFileSync(path.join(out, 'checkout', 'workbook.bicep'), 'utf8'), /concat\(loadTextContent\('workbook\.json'\), loadTextContent\('workbook\.2\.json'\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
