/**
 * Output is a function of the specs only: byte-identical across two runs in one process, and across processes
 * with another working directory (absolute or relative inputs and --out), time zone (Pacific/Chatham, +12:45/+13:45)
 * and locale (tr_TR, de_DE: dotted and dotless i, ß, ä sort and case differently). A few fixed specs with names
 * chosen to sort differently under those locales, rather than every fuzz case: each child process costs a second.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { printableString, shapeArb, shapeToSpec, toYaml } from '../helpers/hostile.js';
import { runPipeline, SCALE, SEED } from '../helpers/fuzz-checks.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

test('two generations of the same hostile spec in one process are byte-identical', () => {
  const started = Date.now();
  fc.assert(
    fc.property(shapeArb(printableString), (shape) => {
      const yaml = toYaml(shapeToSpec(shape));
      const a = runPipeline(yaml);
      const b = runPipeline(yaml);
      assert.is(a.kind, b.kind);
      if (a.kind === 'generated' && b.kind === 'generated') assert.equal(b.generation.files, a.generation.files);
      if (a.kind === 'refused' && b.kind === 'refused') assert.equal(b.diagnostics, a.diagnostics);
    }),
    { seed: SEED + 4, numRuns: Math.round(15 * SCALE) },
  );
  console.log(`  ${Date.now() - started} ms`);
});

const NAMES = ['İzmir', 'ırmak', 'Zürich', 'zebra', 'Äpfel', 'apple', 'Straße', 'Strasbourg', 'éclair', 'Ω', 'a_b', 'ice'];

/** Specs whose names sort differently by locale: targets, SLOs, resources and signals in a scrambled order. */
export function localeSpecs(): { name: string; text: string }[] {
  const spec = (svc: string, names: string[]) =>
    toYaml({
      apiVersion: 'azslo/v1',
      kind: 'Service',
      metadata: { name: svc, owner: 'Ünal İnce', environment: 'prod', tags: Object.fromEntries(names.slice(0, 6).map((n, i) => [`${n}-tag`, `${i}`])) },
      azure: {
        workspace: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-fuzz',
        appInsights: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-app/providers/Microsoft.Insights/components/ai-fuzz',
        location: 'westeurope',
      },
      objectives: { rpo: '15m', rto: '1h' },
      notifications: Object.fromEntries(names.slice(0, 5).map((n) => [n, { email: ['oncall@contoso.com'] }])),
      slos: names.map((n, i) => ({
        name: `${n} slo`,
        sli: { requestAvailability: { roleName: [n, names[(i + 3) % names.length]!], operations: [`GET /${n}`] } },
        objective: 99.9,
        window: '30d',
        alerting: { page: { notify: [names[i % 5]!] }, ticket: { notify: [names[(i + 1) % 5]!] } },
      })),
      resources: names.slice(0, 8).map((n, i) => ({ id: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-${i}/providers/${i % 2 ? 'Microsoft.Web/sites' : 'Microsoft.KeyVault/vaults'}/${slugLike(n)}${i}`, role: n })),
      infrastructure: { notify: [names[0]!] },
      business: { signals: names.slice(0, 4).map((n) => ({ name: `${n} kpi`, source: { event: n }, alerts: [{ kind: 'threshold', below: 5, per: '15m', businessHours: { timeZone: 'Pacific/Chatham', from: '08:00', to: '22:00' } }, { kind: 'noData', for: '30m' }] })) },
    });
  return [
    { name: 'zeta.yaml', text: spec('Zürich shop', NAMES) },
    { name: 'alpha.yaml', text: spec('İstanbul shop', [...NAMES].reverse()) },
  ];
}

const slugLike = (n: string) => n.normalize('NFKD').replace(/[^A-Za-z0-9]/g, '') || 'x';

function generateIn(main: string, cwd: string, args: string[], env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', tsxLoader, main, 'generate', ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (c) => (stderr += c));
    p.on('close', (status) => resolve({ status, stderr }));
  });
}

function readTree(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir).sort()) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) Object.assign(out, readTree(p, base));
    else out[path.relative(base, p)] = readFileSync(p, 'utf8');
  }
  return out;
}

test('generate in child processes: same bytes across cwd, absolute and relative paths, TZ and LANG/LC_ALL', async () => {
  const started = Date.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-fuzz-env-'));
  try {
    const specs = path.join(dir, 'specs');
    mkdirSync(path.join(specs, 'nested'), { recursive: true });
    for (const s of localeSpecs()) writeFileSync(path.join(specs, s.name === 'alpha.yaml' ? 'nested' : '', s.name), s.text, 'utf8');
    const main = path.join(root, 'src', 'cli', 'main.ts');
    const runs = [
      { label: 'C, UTC, absolute paths from the repository', cwd: root, args: [specs], out: path.join(dir, 'out-a'), env: { TZ: 'UTC', LANG: 'C', LC_ALL: 'C' } },
      { label: 'tr_TR, Pacific/Chatham, relative paths from the temp folder', cwd: dir, args: ['specs'], out: 'out-b', env: { TZ: 'Pacific/Chatham', LANG: 'tr_TR.UTF-8', LC_ALL: 'tr_TR.UTF-8' } },
      { label: 'de_DE, America/St_Johns, relative paths from inside specs/', cwd: specs, args: ['.'], out: '../out-c', env: { TZ: 'America/St_Johns', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' } },
      { label: 'tr_TR via LANG only, files named one by one', cwd: dir, args: ['specs/nested/alpha.yaml', 'specs/zeta.yaml'], out: 'out-d', env: { TZ: 'Asia/Kathmandu', LANG: 'tr_TR.UTF-8', LC_ALL: '' } },
    ];
    // Two at a time: this machine has two cores.
    const results: { status: number | null; stderr: string }[] = [];
    for (let i = 0; i < runs.length; i += 2)
      results.push(...(await Promise.all(runs.slice(i, i + 2).map((r) => generateIn(main, r.cwd, [...r.args, '--out', r.out], r.env)))));
    const trees = runs.map((r, i) => {
      assert.is(results[i]!.status, 0, `${r.label}: exit ${results[i]!.status}\n${results[i]!.stderr}`);
      return readTree(path.resolve(r.cwd, r.out));
    });
    assert.ok(Object.keys(trees[0]!).length > 5);
    for (let i = 1; i < runs.length; i++) {
      const a = trees[0]!;
      const b = trees[i]!;
      assert.equal(Object.keys(b), Object.keys(a), `${runs[i]!.label}: other files`);
      for (const f of Object.keys(a)) if (a[f] !== b[f]) assert.fixture(b[f] ?? '', a[f]!, `${runs[i]!.label}: ${f} differs`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`  ${Date.now() - started} ms`);
});

test.run();
