/**
 * apply deploys an estate of any size: it PUTs resource by resource, so an estate that generate splits into one
 * deployment per service (past ARM's template limits) is applied whole, against the local HTTPS ARM endpoint.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyDeployment, lockId, sdkGateway, type Target } from '../../src/apply/index.js';
import { generateFromServices } from '../../src/generate/index.js';
import { loadSpecs, validate } from '../../src/index.js';
import { estate } from '../../bench/estate.js';
import { startArmEmulator } from '../helpers/arm-emulator.js';
import { testCredential } from '../helpers/apply.js';

const target: Target = { subscriptionId: '00000000-0000-0000-0000-000000000001', resourceGroup: 'rg-monitoring' };
const SERVICES = 200;

test(`a ${SERVICES}-service estate, past one template's limits, is applied whole; a second apply writes nothing`, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-estate-'));
  const file = path.join(dir, 'estate.yaml');
  writeFileSync(file, estate(SERVICES * 2, 2));
  const validation = validate(await loadSpecs([file]));
  rmSync(dir, { recursive: true, force: true });
  assert.ok(validation.ok);
  const generation = generateFromServices(validation.services);
  assert.equal(generation.diagnostics, []);
  assert.is(generation.units.length, SERVICES, 'split: one deployment per service');
  const arm = await startArmEmulator();
  try {
    const gateway = sdkGateway({ credential: testCredential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca, maxRetries: 5, retryDelayMs: 50 });
    const env = { TICKETS_URL: 'https://tickets.example.invalid/hook' };
    const first = await applyDeployment({ lock: { settleMs: 20 }, generation, gateway, target, env, concurrency: 16 });
    assert.equal(first.results.filter((r) => !r.ok).map((r) => r.error), []);
    assert.is(first.plan.filter((p) => p.action === 'create').length, generation.deployment.resources.length);
    assert.is([...arm.store.keys()].filter((k) => k.toLowerCase() !== lockId(target).toLowerCase()).length, generation.deployment.resources.length);
    arm.writes = 0;
    const second = await applyDeployment({ lock: { settleMs: 20 }, generation, gateway, target, env, concurrency: 16 });
    assert.equal(second.plan.filter((p) => p.action !== 'unchanged').length, 0);
    assert.is(arm.writes, 0, 'no PUT or DELETE');
  } finally {
    await arm.close();
  }
});

test.run();
