/** azslo plan / apply from the command line, against the local ARM endpoint: exit codes, output, no secrets. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../../src/cli/main.js';
import { startArmEmulator } from '../helpers/arm-emulator.js';
import { root } from '../helpers/bicep.js';

const credential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
const SECRET = 'https://tickets.example.invalid/hook?sig=very-secret';

async function cli(args: string[], connections: Parameters<typeof run>[2]) {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = process.cwd();
  process.chdir(root);
  try {
    const code = await run(args, { out: (s) => out.push(s), err: (s) => err.push(s) }, connections);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    process.chdir(cwd);
  }
}

test('plan shows the changes; apply --yes makes them; plan --detailed-exitcode then says 0', async () => {
  const arm = await startArmEmulator();
  process.env.TICKETS_WEBHOOK_URL = SECRET;
  try {
    const c = { credential, ca: arm.ca };
    const base = ['examples/web-api', '--resource-group', 'rg-monitoring', '--arm-endpoint', arm.endpoint];
    const plan = await cli(['plan', ...base, '--detailed-exitcode'], c);
    assert.is(plan.code, 2, plan.err);
    assert.match(plan.out, /\+ create +Microsoft\.Insights\/actionGroups {2}ag-checkout-tickets/);
    assert.match(plan.out, /Plan: 9 to create, 0 to update, 0 to delete, 0 unchanged\./);
    const json = JSON.parse((await cli(['plan', ...base, '--format', 'json'], c)).out) as { counts: { create: number } };
    assert.is(json.counts.create, 9);
    const apply = await cli(['apply', ...base, '--yes'], c);
    assert.is(apply.code, 0, apply.err);
    assert.match(apply.err, /9 done/);
    assert.is((await cli(['plan', ...base, '--detailed-exitcode'], c)).code, 0);
    for (const text of [plan.out, apply.out, apply.err]) assert.not.ok(text.includes(SECRET), 'the webhook URL is never printed');
    const hook = [...arm.store.values()].find((r) => r.id.endsWith('ag-checkout-tickets'))!;
    assert.match(JSON.stringify(hook.body), /very-secret/, 'but it reached Azure');
  } finally {
    delete process.env.TICKETS_WEBHOOK_URL;
    await arm.close();
  }
});

test('usage errors: no resource group, an http endpoint, an unknown cloud; --detailed-exitcode turns them into 1', async () => {
  const c = { credential };
  assert.is((await cli(['plan', 'examples/web-api'], c)).code, 2);
  assert.is((await cli(['plan', 'examples/web-api', '--detailed-exitcode'], c)).code, 1);
  const http = await cli(['plan', 'examples/web-api', '--resource-group', 'rg', '--arm-endpoint', 'http://127.0.0.1:1'], c);
  assert.is(http.code, 2);
  assert.match(http.err, /must use https/);
  assert.match((await cli(['plan', 'examples/web-api', '--resource-group', 'rg', '--cloud', 'Mars'], c)).err, /unknown cloud 'Mars'/);
  assert.match((await cli(['apply', 'examples/web-api', '--resource-group', 'rg'], c)).err, /needs --yes/);
});

test('a missing secret variable is a clear error (exit 1), not a stack trace', async () => {
  const arm = await startArmEmulator();
  try {
    delete process.env.TICKETS_WEBHOOK_URL;
    const r = await cli(['plan', 'examples/web-api', '--resource-group', 'rg', '--arm-endpoint', arm.endpoint], { credential, ca: arm.ca });
    assert.is(r.code, 1);
    assert.match(r.err, /environment variable TICKETS_WEBHOOK_URL is not set/);
    assert.not.match(r.err, /\n\s+at /);
  } finally {
    await arm.close();
  }
});

test.run();
