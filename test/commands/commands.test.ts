/**
 * Every command as a library function (src/commands/, exported from the package): typed results instead of exit
 * codes and printed text, and plan/apply's question and progress as callbacks.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { analyzeCommand, applyCommand, catalogList, catalogShow, generateCommand, planCommand, queryCommand, validateCommand } from '../../src/index.js';
import { startArmEmulator } from '../helpers/arm-emulator.js';
import { root } from '../helpers/bicep.js';

const credential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
const env = { TICKETS_WEBHOOK_URL: 'https://tickets.example.invalid/hook' };
const at = (p: string) => path.join(root, p);

test('validateCommand: the result and its counts', async () => {
  const ok = await validateCommand([at('examples/web-api')]);
  assert.ok(ok.ok);
  assert.equal(ok.counts, { services: 1, slos: 2, errors: 0, warnings: 0 });
  const bad = await validateCommand([at('test/fixtures/invalid/AZSLO012-unknown-target.yaml')]);
  assert.not.ok(bad.ok);
  assert.is(bad.counts.errors, 1);
  assert.is(bad.diagnostics[0]!.code, 'AZSLO012');
});

test('generateCommand: writes the folder, or says why not (invalid specs, the folder refused)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-cmd-'));
  try {
    const out = path.join(dir, 'out');
    const r = await generateCommand([at('examples/web-api')], { out });
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.is(r.generation.target, 'bicep');
    assert.ok(r.written.written.includes('main.bicep'));
    assert.ok(r.generation.files.length > 0);
    const invalid = await generateCommand([at('test/fixtures/invalid/AZSLO017-inline-secret.yaml')], { out: path.join(dir, 'never') });
    assert.equal([invalid.ok, !invalid.ok && invalid.reason], [false, 'invalid']);
    const refused = await generateCommand([at('examples/web-api')], { out: at('examples/web-api') });
    assert.equal([refused.ok, !refused.ok && refused.reason, !refused.ok && refused.reason === 'output-folder' && refused.error.code], [false, 'output-folder', 'AZSLO040']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('planCommand and applyCommand: typed plan, confirm and progress callbacks, failures by reason', async () => {
  const arm = await startArmEmulator();
  try {
    const base = { resourceGroup: 'rg-monitoring', endpoint: arm.endpoint, credential, ca: arm.ca, env, lock: { settleMs: 10 } };
    const inputs = [at('examples/web-api')];
    const plan = await planCommand(inputs, base);
    assert.ok(plan.ok, JSON.stringify(plan));
    if (!plan.ok) return;
    assert.equal([plan.counts.create, plan.pending, plan.target.resourceGroup], [9, 9, 'rg-monitoring']);
    assert.is(plan.target.subscriptionId, plan.generation.services[0]!.azure.workspace.split('/')[2]);

    const shown: number[] = [];
    const cancelled = await applyCommand(inputs, { ...base, onPlan: (p) => shown.push(p.pending), confirm: () => false });
    assert.equal([cancelled.ok, !cancelled.ok && cancelled.reason, shown], [false, 'cancelled', [9]]);
    assert.is(arm.store.size, 0, 'nothing written when cancelled');

    const progress: string[] = [];
    const applied = await applyCommand(inputs, { ...base, confirm: async (p) => p.pending === 9, onResult: (r, p) => progress.push(`${p.done}/${p.total} ${r.ok}`) });
    assert.ok(applied.ok);
    if (!applied.ok) return;
    assert.equal([applied.results.length, applied.failed], [9, 0]);
    assert.equal(progress, Array.from({ length: 9 }, (_, i) => `${i + 1}/9 true`));
    const again = await applyCommand(inputs, { ...base, confirm: () => assert.unreachable('nothing pending: no question') as never });
    assert.equal([again.ok, again.ok && again.results.length, again.ok && again.pending], [true, 0, 0]);

    // Without the secret, plan compares the rest (a pull request has no secrets); apply refuses before any change.
    const unset = await planCommand(inputs, { ...base, env: {} });
    assert.ok(unset.ok);
    if (unset.ok) {
      assert.equal([unset.pending, unset.unreadSecrets.map((u) => [u.parameter, u.problem.code])], [0, [[unset.unreadSecrets[0]!.parameter, 'AZSLO051']]]);
      assert.equal(unset.items.filter((i) => i.notCompared).map((i) => i.notCompared), [['properties.webhookReceivers[0].serviceUri']]);
    }
    const unsetApply = await applyCommand(inputs, { ...base, env: {} });
    assert.equal([unsetApply.ok, !unsetApply.ok && unsetApply.reason, !unsetApply.ok && unsetApply.reason === 'resolve' && unsetApply.problem.code], [false, 'resolve', 'AZSLO051']);
    const http = await planCommand(inputs, { ...base, endpoint: 'http://127.0.0.1:1' });
    assert.equal([http.ok, !http.ok && http.reason, !http.ok && http.reason === 'usage' && http.problem.code], [false, 'usage', 'AZSLO050']);
    const invalid = await planCommand([at('test/fixtures/invalid/AZSLO013-objective.yaml')], base);
    assert.equal([invalid.ok, !invalid.ok && invalid.reason], [false, 'invalid']);
  } finally {
    await arm.close();
  }
});

test('analyzeCommand, queryCommand, catalogList, catalogShow', async () => {
  const a = await analyzeCommand([at('examples/resilient-api')], { format: 'json' });
  assert.ok(a.ok);
  if (a.ok) assert.is(a.text, readFileSync(at('examples/_analysis/resilient-api/report.json'), 'utf8'));
  const q = await queryCommand(at('examples/web-api'), 'api-availability');
  assert.ok(q.ok && q.text.includes('checkout_api_availability'));
  const missing = await queryCommand(at('examples/web-api'), 'nope');
  assert.equal([missing.ok, !missing.ok && missing.reason], [false, 'not-found']);
  const list = await catalogList({ format: 'json' });
  assert.equal(JSON.parse(list.text), list.rows);
  const show = await catalogShow('microsoft.web/sites');
  assert.ok(show.ok && show.entry.type === 'Microsoft.Web/sites');
  const unknown = await catalogShow('Microsoft.Nope/things');
  assert.equal([unknown.ok, !unknown.ok && unknown.message], [false, 'Microsoft.Nope/things is not in the catalog; `azslo catalog list` shows the types it has']);
});

test.run();
