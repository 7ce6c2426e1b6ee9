/**
 * The drill schedule as a CI recipe: generate writes a GitHub Actions workflow per service with recovery.drill.every
 * and window, and the real actionlint (tools/actionlint, scripts/install-actionlint.sh) finds nothing in it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { generateFromServices } from '../../src/generate/index.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { root } from '../helpers/bicep.js';
import { actionlint } from '../helpers/actionlint.js';
import { validateText } from '../helpers/specs.js';

const specText = readFileSync(path.join(root, 'test/fixtures/drill/scheduled.yaml'), 'utf8');
const WORKFLOW = 'shop/workflows/azslo-drill-shop.yml';


function generated(edit: (spec: ServiceSpec) => void = () => {}) {
  const spec = parse(specText) as ServiceSpec;
  edit(spec);
  const v = validateText(JSON.stringify(spec));
  assert.equal(v.diagnostics.filter((d) => d.severity === 'error'), [], 'the fixture is valid');
  return generateFromServices(v.services).files;
}

test('a service with drill.every and a window gets a workflow that actionlint finds nothing in', async () => {
  const file = generated().find((f) => f.path === WORKFLOW);
  assert.ok(file, 'the workflow is written');
  const found = await actionlint(file.content, WORKFLOW);
  assert.equal(found, [], found.map((r) => `${r.line}:${r.column} ${r.message}`).join('\n'));
  // The linter is live: the same file with a permission misspelt and an input azure/login lacks is refused.
  const broken = await actionlint(file.content.replace('id-token: write', 'id-token: writ').replace('client-id:', 'client-secret-id:'), WORKFLOW);
  assert.ok(broken.some((r) => /writ/.test(r.message)), JSON.stringify(broken));
  assert.ok(broken.some((r) => /client-secret-id/.test(r.message)), JSON.stringify(broken));
});

test('the workflow runs in the window (UTC cron), signs in with OIDC, one drill at a time, and keeps the report', () => {
  const wf = parse(generated().find((f) => f.path === WORKFLOW)!.content) as Record<string, any>;
  assert.equal(wf.on.schedule, [{ cron: '0 2 * * 2' }]);
  assert.equal(wf.permissions, { 'id-token': 'write', contents: 'read' });
  assert.equal(wf.concurrency, { group: 'azslo-drill-shop', 'cancel-in-progress': false });
  const jobs = Object.values(wf.jobs) as Record<string, any>[];
  assert.is(jobs.length, 1);
  const steps = jobs[0]!.steps as Record<string, any>[];
  const login = steps.find((s) => String(s.uses).startsWith('azure/login@'))!;
  assert.equal(Object.keys(login.with).sort(), ['client-id', 'subscription-id', 'tenant-id'], 'ids only: no client secret');
  assert.match(login.with['client-id'], /^\$\{\{ vars\./);
  const drill = steps.find((s) => typeof s.run === 'string' && s.run.includes(' drill '))!;
  assert.match(drill.run, /--if-due|\$IF_DUE/);
  assert.is(drill.env.AZSLO_SCENARIO, 'regionOutage/westeurope');
  assert.is(drill['continue-on-error'], undefined, 'a failed drill fails the job');
  const upload = steps.find((s) => String(s.uses).startsWith('actions/upload-artifact@'))!;
  assert.is(upload.if, '${{ always() }}', 'the report is kept when the drill fails too');
  assert.is(jobs[0]!['timeout-minutes'], 3 * 60 + 15, 'the drill timeout (3h) and setup');
  assert.not.match(JSON.stringify(wf), /secrets\./);
});

test('the same spec gives the same bytes; without a window, or with every plan undrilled, no workflow', () => {
  assert.is(generated().find((f) => f.path === WORKFLOW)!.content, generated().find((f) => f.path === WORKFLOW)!.content);
  assert.is(generated((s) => delete s.recovery!.drill!.window).some((f) => f.path.includes('/workflows/')), false);
  assert.is(generated((s) => delete s.recovery!.drill!.every).some((f) => f.path.includes('/workflows/')), false);
  assert.is(generated((s) => (s.recovery!.plans![0]!.drill = false)).some((f) => f.path.includes('/workflows/')), false);
});

test('a plan entry with drill: false adds no job', () => {
  const files = generated((s) => (s.recovery!.plans = [{ scenario: 'regionOutage/westeurope' }, { scenario: 'regionOutage/westeurope', drill: false }]));
  const wf = parse(files.find((f) => f.path === WORKFLOW)!.content) as Record<string, any>;
  assert.is(Object.keys(wf.jobs).length, 1, 'the undrilled entry adds no job');
});

test('a service name that would open a GitHub expression is written as a literal, and still lints clean', async () => {
  const files = generated((s) => (s.metadata.name = "shop ${{ github.token }} o'brien"));
  const file = files.find((f) => f.path.endsWith('.yml') && f.path.includes('/workflows/'))!;
  const wf = parse(file.content) as Record<string, any>;
  const drill = (Object.values(wf.jobs)[0] as Record<string, any>).steps.find((s: Record<string, any>) => s.env?.AZSLO_SERVICE !== undefined);
  assert.is(drill.env.AZSLO_SERVICE, "${{ 'shop ${{ github.token }} o''brien' }}");
  assert.equal(await actionlint(file.content, file.path), []);
});

test.run();
