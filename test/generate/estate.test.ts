/**
 * Estates past ARM's template limits: generate splits them into one deployment per service, each within the limits
 * of catalog/azure/arm-limits.yaml, and deploy.sh deploys them all. The estate is the benchmark's (bench/estate.ts).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { estate } from '../../bench/estate.js';
import { loadSpecs, validate } from '../../src/index.js';
import { generateFromServices } from '../../src/generate/index.js';
import { planDeploymentUnits } from '../../src/generate/limits.js';
import { fact } from '../../src/catalog/index.js';
import type { ValidatedService } from '../../src/validate/index.js';
import { bicep, bicepTest } from '../helpers/bicep.js';

async function services(count: number, slosPerService: number): Promise<ValidatedService[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-estate-'));
  try {
    const file = path.join(dir, 'estate.yaml');
    writeFileSync(file, estate(count * slosPerService, slosPerService));
    const result = validate(await loadSpecs([file]));
    if (!result.ok) throw new Error(`the synthetic estate is invalid: ${result.diagnostics[0]?.message}`);
    return [...result.services];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('an estate within the limits is one deployment: main.bicep at the root, and deploy.sh deploys it', async () => {
  const small = generateFromServices(await services(3, 5));
  assert.equal(small.diagnostics, []);
  assert.equal(small.units.map((u) => u.folder), ['']);
  assert.ok(small.files.some((f) => f.path === 'main.bicep'));
  assert.not.ok(small.files.some((f) => f.path.endsWith('/main.bicep')));
  const script = small.files.find((f) => f.path === 'deploy.sh')!.content;
  assert.match(script, /\ndeployments=\(\n  'azslo' 'main\.bicep' 'main\.bicepparam'\n\)\n/);
});

test('split: service gives each service its own entry point with only its parameters, calling the same modules', async () => {
  const svcs = await services(3, 5);
  const whole = generateFromServices(svcs);
  const split = generateFromServices(svcs, { split: 'service' });
  assert.equal(split.diagnostics, []);
  assert.equal(split.units.map((u) => [u.folder, u.name]), [['service-0', 'azslo-service-0'], ['service-1', 'azslo-service-1'], ['service-2', 'azslo-service-2']]);
  const text = (files: typeof split.files, p: string) => files.find((f) => f.path === p)?.content;
  // The modules and what they load are byte for byte the same; only the entry points differ.
  const modules = (files: typeof split.files) => files.filter((f) => !/(^|\/)main\.bicep(param)?$|^deploy\.sh$|manifest/.test(f.path));
  assert.equal(modules(split.files), modules(whole.files));
  const main1 = text(split.files, 'service-1/main.bicep')!;
  assert.match(main1, /module service_1_alerting 'alerting\.bicep' = \{\n  name: 'azslo-service-1-alerting'/);
  assert.not.match(main1, /service0|service2/);
  assert.match(text(split.files, 'service-1/main.bicepparam')!, /^using 'main\.bicep'$/m);
  assert.match(text(split.files, 'deploy.sh')!, /'azslo-service-2' 'service-2\/main\.bicep' 'service-2\/main\.bicepparam'\n\)/);
});

const BUILDERS = 2; // the cores of the machine the suite runs on

/** `bicep build --pattern` in its own process: one .NET start for many entry points. */
const buildPattern = (cwd: string, pattern: string) =>
  new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(bicep()!, ['build', '--pattern', pattern], { cwd, env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });

interface Template {
  parameters?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  resources: Record<string, { type: string; properties?: { template?: Template } }> | { type: string; properties?: { template?: Template } }[];
}
const resourcesOf = (t: Template) => (Array.isArray(t.resources) ? t.resources : Object.values(t.resources));

bicepTest(test)('generates a 1,000-service estate and builds every deployment with the real Bicep CLI within ARM limits', async () => {
  const svcs = await services(1_000, 5);
  const generation = generateFromServices(svcs);
  assert.equal(generation.diagnostics, []);
  assert.is(generation.units.length, 1_000, 'one deployment per service');
  const plan = planDeploymentUnits(generation.deployment, svcs);
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-estate-'));
  try {
    // A service's entry point loads only files of its own folder: the folders are shared out among the builders.
    const builderOf = new Map(generation.units.map((u, i) => [u.folder, String(i % BUILDERS)]));
    const where = (folder: string) => path.join(dir, builderOf.get(folder) ?? '', folder);
    for (const f of generation.files) {
      const [folder, ...rest] = f.path.split('/');
      if (rest.length === 0) continue; // deploy.sh
      const p = path.join(where(folder!), ...rest);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, f.content);
    }
    // Every entry point is distinct (its own modules), so each is built once.
    const builds = await Promise.all(Array.from({ length: BUILDERS }, (_, i) => buildPattern(path.join(dir, String(i)), '*/main.bicep')));
    for (const b of builds) {
      assert.is(b.code, 0, b.output);
      assert.not.match(b.output, /\) : Error /);
    }
    const limits = { parameters: fact('arm-limits', 'maxParameters'), resources: fact('arm-limits', 'maxResources'), outputs: fact('arm-limits', 'maxOutputs'), bytes: fact('arm-limits', 'maxTemplateBytes') };
    let largest = 0;
    let tightest = Infinity;
    for (const [i, unit] of generation.units.entries()) {
      const file = path.join(where(unit.folder), 'main.json');
      const bytes = statSync(file).size;
      const template = JSON.parse(readFileSync(file, 'utf8')) as Template;
      assert.ok(bytes <= limits.bytes, `${unit.folder}: ${bytes} bytes`);
      assert.ok(plan.sizes[i]!.bytes >= bytes, `${unit.folder}: estimated ${plan.sizes[i]!.bytes} bytes, compiled ${bytes}`);
      largest = Math.max(largest, bytes);
      tightest = Math.min(tightest, plan.sizes[i]!.bytes / bytes);
      const check = (t: Template, where: string) => {
        assert.ok(Object.keys(t.parameters ?? {}).length <= limits.parameters, `${where}: parameters`);
        assert.ok(Object.keys(t.outputs ?? {}).length <= limits.outputs, `${where}: outputs`);
        assert.ok(resourcesOf(t).length <= limits.resources, `${where}: resources`);
        for (const r of resourcesOf(t)) if (r.type === 'Microsoft.Resources/deployments' && r.properties?.template) check(r.properties.template, `${where} > module`);
      };
      check(template, unit.folder);
      assert.is(Object.keys(template.parameters ?? {}).length, plan.sizes[i]!.params, `${unit.folder}: the parameters counted`);
      assert.is(resourcesOf(template).length, plan.sizes[i]!.modules, `${unit.folder}: one nested deployment per module`);
    }
    console.log(`  largest compiled entry point: ${largest} bytes; estimate / compiled ≥ ${tightest.toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
