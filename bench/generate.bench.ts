/**
 * npm run bench — generates synthetic estates of 100, 1,000 and 10,000 SLOs (10 SLOs per service, every SLI kind
 * across the estate, two resources and a KPI per service: bench/estate.ts) and prints, per size: a bare `yaml` parse of the same text, then load, validate
 * (schema, semantics, KQL binding), model + Bicep generation, the total, its ratio to the bare parse, and the peak
 * resident memory. Each size runs twice, each in a fresh process so peaks do not mix: with the KQL check cache
 * (AZSLO_CACHE_DIR) cold, then warm. No assertion: figures, not a test.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { estate } from './estate.js';

const sizes = [100, 1_000, 10_000];

async function measure(size: number, cacheDir: string): Promise<void> {
  const { loadSpecs, validate } = await import('../src/index.js');
  const { generateFromServices } = await import('../src/generate/index.js');
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-bench-'));
  const file = path.join(dir, 'estate.yaml');
  const text = estate(size, undefined, { everyKind: true });
  writeFileSync(file, text);
  const t = () => performance.now();
  const bareParse = timeBareParse(text);
  let t0: number;
  const cacheState = existsSync(path.join(cacheDir, 'kql-checks.json')) ? 'warm' : 'cold';
  t0 = t();
  const loaded = await loadSpecs([file]);
  const load = t() - t0;
  t0 = t();
  const result = validate(loaded, { cacheDir });
  const validation = t() - t0;
  if (!result.ok) throw new Error(`synthetic estate is invalid: ${result.diagnostics[0]?.message}`);
  t0 = t();
  const gen = generateFromServices(result.services);
  const generation = t() - t0;
  const total = load + validation + generation;
  const bytes = gen.files.reduce((n, f) => n + f.content.length, 0);
  rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      slos: size,
      kqlCache: cacheState,
      services: result.services.length,
      inputKiB: Math.round(text.length / 1024),
      deployments: gen.units.length,
      files: gen.files.length,
      outputMiB: Number((bytes / 1024 / 1024).toFixed(1)),
      bareParseMs: Math.round(bareParse),
      loadMs: Math.round(load),
      validateMs: Math.round(validation),
      generateMs: Math.round(generation),
      totalMs: Math.round(total),
      ratioToBareParse: Number((total / bareParse).toFixed(1)),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      armLimitProblems: gen.diagnostics.length,
    }),
  );
}

/** A bare parse of the text, timed; its documents are dropped at once, so they take no room from the rest of the run. */
function timeBareParse(text: string): number {
  const t0 = performance.now();
  const docs = parseAllDocuments(text);
  const ms = performance.now() - t0;
  if (!Array.isArray(docs) || docs.length === 0) throw new Error('no documents');
  return ms;
}

/** CLI start: the compiled CLI (dist/, built by `npm install`), median of 7 runs, Kusto and Azure code not loaded. */
function startup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const bin = path.join(root, 'bin', 'azslo.js');
  const time = (args: string[], script: string[] = [bin]) => {
    const runs: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [...script, ...args], { cwd: root, encoding: 'utf8' });
      runs.push(performance.now() - t0);
      if (r.status !== 0 && r.status !== 1) throw new Error(`azslo ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    }
    return Math.round(runs.sort((a, b) => a - b)[3]!);
  };
  const bare = time([], ['-e', '0']);
  const version = time(['--version']);
  console.table([
    { command: 'node -e 0', medianMs: bare },
    { command: 'azslo --version', medianMs: version, ratioToNode: Number((version / bare).toFixed(2)) },
    { command: 'azslo validate examples/web-api', medianMs: time(['validate', 'examples/web-api']) },
    { command: 'azslo validate examples/order-pipeline (raw KQL: loads Kusto)', medianMs: time(['validate', 'examples/order-pipeline']) },
  ]);
}

const self = fileURLToPath(import.meta.url);
const arg = process.argv.indexOf('--size');
if (arg > 0) {
  await measure(Number(process.argv[arg + 1]), process.argv[process.argv.indexOf('--cache') + 1]!);
} else {
  const rows: Record<string, unknown>[] = [];
  for (const size of sizes) {
    // Twice per size, each in a fresh process: cold (every query checked, the answers kept in the KQL cache folder,
    // as a first CI run), then warm (the next run of unchanged specs reads them back: AZSLO_CACHE_DIR).
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'azslo-bench-cache-'));
    for (let run = 0; run < 2; run++) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--size', String(size), '--cache', cacheDir], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) {
        console.error(r.stderr);
        process.exit(1);
      }
      rows.push(JSON.parse(r.stdout.trim().split('\n').pop()!));
    }
    rmSync(cacheDir, { recursive: true, force: true });
  }
  console.table(rows);
  startup();
  console.log('Peak RSS is the whole process (Node, tsx, the Kusto language service). ratioToBareParse = total / bare yaml parse.');
  console.log('deployments: 1 when the estate fits one template, else one per service (docs/estates.md); armLimitProblems > 0: AZSLO025, generate refuses.');
}
