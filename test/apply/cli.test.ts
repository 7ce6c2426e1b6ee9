/** azslo plan / apply from the command line, against the local ARM endpoint: exit codes, output, no secrets. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { run } from '../../src/cli/main.js';
import { startArmEmulator } from '../helpers/arm-emulator.js';
import { runCli } from '../helpers/cli.js';
import { baseSpec } from '../helpers/specs.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';

const credential = { getToken: async () => ({ token: 'test-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };
const SECRET = 'https://tickets.example.invalid/hook?sig=very-secret';

const cli = (args: string[], connections: Parameters<typeof run>[2]) => runCli(args, { connections });

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

/** A service whose `hooks` target is a webhook from `${env:WEBHOOK}` and an email, in a folder of its own. */
function webhookSpec(dir: string, changes: { objective: number; hooksEmail: string }): string {
  const spec = baseSpec({
    notifications: { oncall: { email: ['oncall@contoso.com'] }, hooks: { webhook: { url: '${env:WEBHOOK}' }, email: [changes.hooksEmail] } },
    slos: [{ ...(baseSpec().slos as Record<string, unknown>[])[0]!, objective: changes.objective, alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['hooks'] } } }],
  });
  writeFileSync(path.join(dir, 'checkout.yaml'), stringify(spec));
  return dir;
}

test('plan without the secrets (a pull request): exit 0, the secret shown "(secret, not compared)", real differences elsewhere; apply still refuses', async () => {
  const arm = await startArmEmulator();
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-secretless-'));
  try {
    const c = { credential, ca: arm.ca };
    const base = [webhookSpec(dir, { objective: 99.9, hooksEmail: 'hooks@contoso.com' }), '--resource-group', 'rg', '--arm-endpoint', arm.endpoint];
    process.env.WEBHOOK = SECRET;
    const applied = await cli(['apply', ...base, '--yes'], c);
    assert.is(applied.code, 0, applied.err);
    delete process.env.WEBHOOK;

    // Nothing changed but the secret cannot be read: the webhook's action group is listed with the marker.
    const same = await cli(['plan', ...base, '--detailed-exitcode'], c);
    assert.is(same.code, 0, same.err);
    assert.match(same.out, /^ {2}unchanged Microsoft\.Insights\/actionGroups {2}ag-checkout-hooks\n {6}properties\.webhookReceivers\[0\]\.serviceUri: \(secret, not compared\)$/m);
    assert.match(same.out, /Plan: 0 to create, 0 to update, 0 to delete, \d+ unchanged\./);
    assert.match(same.err, /note: not compared \(a secret plan cannot read\): environment variable WEBHOOK is not set \(parameter \w+\); apply needs it/);

    // The spec changes: a new objective (the burn-rate alerts) and another email on the webhook's target.
    webhookSpec(dir, { objective: 99.5, hooksEmail: 'hooks-2@contoso.com' });
    const plan = await cli(['plan', ...base], c);
    assert.is(plan.code, 0, plan.err);
    assert.not.match(plan.err, /AZSLO051|error/);
    const hooks = /^~ update +Microsoft\.Insights\/actionGroups {2}ag-checkout-hooks {2}\(the spec changed\)\n((?: {6}.*\n?)*)/m.exec(plan.out);
    assert.ok(hooks, plan.out);
    assert.match(hooks[1]!, /properties\.emailReceivers\[0\]\.emailAddress: "hooks@contoso\.com" → "hooks-2@contoso\.com" {2}\[spec\]/);
    assert.match(hooks[1]!, /properties\.webhookReceivers\[0\]\.serviceUri: \(secret, not compared\)/);
    assert.not.match(hooks[1]!, /serviceUri:.*→/, 'the secret is not compared');
    assert.match(plan.out, /~ update +Microsoft\.Insights\/scheduledQueryRules {2}slo-checkout-api-availability-page .*\n(?: {6}.*\n)* {6}properties\.criteria\.allOf\[0\]\.query: "let objective = 99\.9;.* → "let objective = 99\.5;/, 'the objective changed the burn-rate alert queries');
    assert.match(plan.out, /^\(secret, not compared: a secret plan cannot read, in 1 resource\(s\); apply needs it\)$/m);
    assert.not.ok(plan.out.includes(SECRET) || plan.err.includes(SECRET));

    const json = await cli(['plan', ...base, '--format', 'json'], c);
    assert.is(json.code, 0, json.err);
    const parsed = JSON.parse(json.out) as { items: { id: string; action: string; notCompared?: string[] }[]; unreadSecrets: { parameter: string; code: string; message: string }[] };
    assert.equal(parsed.items.filter((i) => i.notCompared).map((i) => [i.id.split('/').pop(), i.action, i.notCompared]), [['ag-checkout-hooks', 'update', ['properties.webhookReceivers[0].serviceUri']]]);
    assert.equal(parsed.unreadSecrets.map((u) => u.code), ['AZSLO051']);

    // apply writes the secret: without it, the clear error as before, and nothing is written.
    arm.writes = 0;
    const refused = await cli(['apply', ...base, '--yes'], c);
    assert.is(refused.code, 1);
    assert.match(refused.err, /error AZSLO051: environment variable WEBHOOK is not set/);
    assert.not.match(refused.err, /\n\s+at /);
    assert.is(arm.writes, 0);
    const refusedJson = await cli(['apply', ...base, '--yes', '--format', 'json'], c);
    assert.is(refusedJson.code, 1);
    assert.equal((JSON.parse(refusedJson.out) as { error: { code: string } }).error.code, 'AZSLO051');
  } finally {
    delete process.env.WEBHOOK;
    rmSync(dir, { recursive: true, force: true });
    await arm.close();
  }
});

test('a Key Vault reference: plan does not compare it, apply refuses it (no reader in the CLI)', async () => {
  const arm = await startArmEmulator();
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-keyvault-'));
  try {
    const spec = baseSpec({
      notifications: { oncall: { email: ['oncall@contoso.com'], webhook: { url: '${keyvault:/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/kv-ops/secrets/oncall-hook}' } } },
    });
    writeFileSync(path.join(dir, 'checkout.yaml'), stringify(spec));
    const base = [dir, '--resource-group', 'rg', '--arm-endpoint', arm.endpoint];
    const c = { credential, ca: arm.ca };
    const plan = await cli(['plan', ...base], c);
    assert.is(plan.code, 0, plan.err);
    assert.match(plan.out, /^\+ create +Microsoft\.Insights\/actionGroups {2}ag-checkout-oncall\n {6}properties\.webhookReceivers\[0\]\.serviceUri: \(secret, not compared\)$/m);
    assert.match(plan.err, /note: not compared .*Key Vault reference \(kv-ops\/oncall-hook\)/);
    const apply = await cli(['apply', ...base, '--yes'], c);
    assert.is(apply.code, 1);
    assert.match(apply.err, /error AZSLO051: parameter \w+ is a Key Vault reference/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await arm.close();
  }
});

test.run();
