/**
 * A sample of the fuzzed hostile specs goes all the way through the real Bicep CLI: the compiled ARM JSON is what
 * Azure reads, so every user string must come back exactly from what the template deploys (names, descriptions,
 * tags, KQL literals inside queries, the workbook's JSON and Markdown) or from the template's own descriptions, no
 * user text may become an ARM expression,
 * and the deployed resources have the same shape as those of a benign twin. A small sample (each build takes
 * seconds); the rest of the suite checks the Bicep text itself on many more cases.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeOutputFolder } from '../../src/index.js';
import { stringLiterals } from '../../src/kql/service.js';
import { benignMap, findIn, jsonShape, printableString, readMarkdownText, shapeArb, shapeToSpec, show, toYaml, walkJson, type Placed } from '../helpers/hostile.js';
import { runPipeline, SCALE, SEED } from '../helpers/fuzz-checks.js';
import { bicepTest, runBicep, type ArmTemplate } from '../helpers/bicep.js';
import { deployedResources, type DeployedResource } from '../helpers/arm-template.js';

/** Compiles generated files and evaluates what the template deploys; secure parameters get a stand-in. */
async function deploy(files: Parameters<typeof writeOutputFolder>[1]): Promise<{ resources: DeployedResource[]; literals: string[]; diagnostics: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-fuzz-bicep-'));
  try {
    await writeOutputFolder(path.join(dir, 'out'), files);
    const built = runBicep(['build', 'main.bicep', '--stdout'], { cwd: path.join(dir, 'out') });
    assert.is(built.code, 0, built.stderr);
    const template = JSON.parse(built.stdout) as ArmTemplate & { parameters: Record<string, { defaultValue?: unknown }> };
    const parameters = Object.fromEntries(Object.entries(template.parameters).map(([k, p]) => [k, p.defaultValue !== undefined ? p.defaultValue : 'stand-in secret']));
    const resources = deployedResources(template, { parameters, variables: template.variables ?? {}, subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg-mon' });
    // The template's own literals too (parameter and module descriptions), with Bicep's '[[' escape undone.
    const literals: string[] = [];
    walkJson(template, (_k, v) => literals.push(v.startsWith('[[') ? v.slice(1) : v));
    return { resources, literals, diagnostics: built.diagnostics.join('\n') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every string a deployment carries, as Azure will read it: KQL literals of queries, the workbook's JSON and Markdown. */
function corpusOf(resources: readonly DeployedResource[]): string[] {
  const corpus: string[] = [];
  for (const r of resources) {
    corpus.push(r.name);
    walkJson(r.body, (key, value) => {
      if (key === 'query') corpus.push(...stringLiterals(value));
      else if (key === 'serializedData') {
        walkJson(JSON.parse(value), (k, v) => {
          if (k === 'query') corpus.push(...stringLiterals(v));
          else if (k === 'json') corpus.push(readMarkdownText(v));
          else corpus.push(v);
        });
      } else corpus.push(value);
    });
  }
  return corpus;
}

/** What a deployment is made of, without its values: resource types and each body's JSON shape. */
const structure = (resources: readonly DeployedResource[]) => resources.map((r) => `${r.type} ${jsonShape(r.body)}`).sort();

bicepTest(test)('hostile specs compiled by the real Bicep CLI deploy every user string exactly, and no more structure', async () => {
  const shapes = fc.sample(shapeArb(printableString), { seed: SEED + 7, numRuns: 60 });
  let checked = 0;
  const want = Math.max(2, Math.round(2 * SCALE));
  for (const shape of shapes) {
    if (checked >= want) break;
    const placed: Placed[] = [];
    const yaml = toYaml(shapeToSpec(shape, undefined, placed));
    const outcome = runPipeline(yaml);
    const twin = runPipeline(toYaml(shapeToSpec(shape, benignMap())));
    if (outcome.kind !== 'generated' || twin.kind !== 'generated') continue;
    checked++;
    const hostile = await deploy(outcome.generation.files);
    assert.is(hostile.diagnostics, '', `Bicep warnings for\n${yaml}`);
    // ARM reads a string starting with '[' as an expression; Bicep escapes a literal one as '[['. Evaluation above
    // would have thrown on a broken expression; what is deployed must hold each user string as written.
    const corpus = [...corpusOf(hostile.resources), ...hostile.literals];
    for (const p of placed) if (p.emitted) assert.ok(findIn(corpus, p.value), `${show(p.value)} (${p.field}) not deployed as written\n${yaml}`);
    assert.equal(structure(hostile.resources), structure((await deploy(twin.generation.files)).resources), `structure differs from the benign twin\n${yaml}`);
  }
  assert.is(checked, want, 'enough sampled specs generate');
});

test.run();
