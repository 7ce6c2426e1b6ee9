/**
 * The two paths cannot drift: for every example, each resource that apply PUTs through the SDK clients appears in
 * the ARM JSON that `bicep build` makes of the generated Bicep, with the same type, name and API version, and the
 * same body once the template's expressions are evaluated with the values of the params file — with one documented
 * exception: apply adds the tag azslo-applied, its record of what it applied (src/apply/drift.ts), which must be
 * exactly the hash of the rest of the body, i.e. of what the Bicep deploys. The apply lock (a workbook apply writes
 * and deletes around its writes, src/apply/lock.ts) is not a deployed resource and is left out.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { generate, loadSpecs, validate } from '../../src/index.js';
import { APPLIED_TAG, applyDeployment, lockId, sdkGateway, type Target } from '../../src/apply/index.js';
import { appliedRecord, recordOf, unstamp } from '../../src/apply/drift.js';
import { callbackUrlFor, startArmEmulator } from '../helpers/arm-emulator.js';
import { UNTAGGED_TYPES } from '../../src/apply/arm.js';
import { bicepTest, buildParams, paramEnv, root, runBicep, type ArmTemplate } from '../helpers/bicep.js';
import { deployedResources } from '../helpers/arm-template.js';
import { testCredential } from '../helpers/apply.js';

const target: Target = { subscriptionId: '00000000-0000-0000-0000-0000000000ff', resourceGroup: 'rg-monitoring' };
const credential = testCredential;
const SECRET = 'https://secret.example.invalid/from-key-vault';
const examples = readdirSync(path.join(root, 'examples')).filter((n) => !n.startsWith('_') && statSync(path.join(root, 'examples', n)).isDirectory());



for (const name of examples) {
  bicepTest(test)(`${name}: every resource apply PUTs equals what the compiled Bicep deploys`, async () => {
    const dir = path.join(root, 'examples', '_gen', name);
    const paramsText = readFileSync(path.join(dir, 'main.bicepparam'), 'utf8');
    const env = paramEnv(paramsText);
    const built = runBicep(['build', 'main.bicep', '--stdout'], { cwd: dir });
    assert.is(built.code, 0, built.stderr);
    const params = buildParams(dir, paramsText);
    assert.is(params.code, 0, params.stderr);
    const parameterValues = Object.fromEntries(
      Object.entries((JSON.parse((JSON.parse(params.stdout) as { parametersJson: string }).parametersJson) as { parameters: Record<string, { value?: unknown; reference?: unknown }> }).parameters).map(([k, v]) => [k, v.reference ? SECRET : v.value]),
    );
    const template = JSON.parse(built.stdout) as ArmTemplate & { parameters: Record<string, { defaultValue?: unknown }> };
    for (const [k, p] of Object.entries(template.parameters)) if (!(k in parameterValues) && p.defaultValue !== undefined) parameterValues[k] = p.defaultValue;
    const arm = await startArmEmulator();
    try {
      const cwd = process.cwd();
      process.chdir(root);
      const generation = generate(validate(await loadSpecs([`examples/${name}`])));
      process.chdir(cwd);
      const gateway = sdkGateway({ credential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca });
      const r = await applyDeployment({ generation, gateway, target, env, readSecret: () => SECRET, lock: { settleMs: 10 } });
      assert.ok(r.results.every((x) => x.ok), JSON.stringify(r.results.filter((x) => !x.ok).map((x) => x.error)));
      // What a deployment reads from the resources it made (principalIds, callback URLs), as apply left them in ARM.
      const runtime = {
        reference: (id: string, full: boolean) => {
          // Template-only resources (the publishing script's identity) are not in ARM: their readers are left out below.
          const body = arm.store.get(id.toLowerCase())?.body ?? { properties: {} };
          return full ? body : body.properties;
        },
        list: (id: string) => ({ value: callbackUrlFor(id.replace(/\/triggers\/[^/]+$/i, ''), id.split('/').pop()!) }),
      };
      // The deployment script that publishes runbooks, its identity and its role are the template's own (apply
      // publishes through ARM itself, which the emulator records below).
      const templateOnly = new Set(generation.deployment.resources.filter((x) => x.templateOnly).map((x) => `${x.type}|${x.name}`.toLowerCase()));
      const fromBicep = deployedResources(template, { parameters: parameterValues, variables: template.variables ?? {}, ...target, runtime }).filter((x) => !templateOnly.has(`${x.type}|${x.name}`.toLowerCase()));
      for (const d of r.plan.filter((i) => i.desired?.publish)) {
        assert.is(arm.runbooks.get(d.id.toLowerCase())?.published, d.desired!.publish!.content, `${d.id}: apply published the runbook's text`);
      }
      const puts = [...arm.puts].filter(([id]) => id !== lockId(target).toLowerCase());
      assert.is(puts.length, fromBicep.length, 'as many resources on both paths');
      for (const [id, sent] of puts) {
        // At the very id plan wanted (saved searches in the workspace's subscription, not the target's).
        const type = r.plan.find((i) => i.id.toLowerCase() === id)?.type;
        assert.ok(type, `${id} is an id plan wanted`);
        const record = recordOf(sent.body, type!);
        const put = { ...sent, body: unstamp(sent.body, type!) };
        // Role assignments have no tags: no record (src/apply/drift.ts).
        if (!UNTAGGED_TYPES.has(type!.toLowerCase())) {
          assert.ok(record, `${id} carries ${APPLIED_TAG}`);
          assert.is(record, appliedRecord(put.body), `${id}: ${APPLIED_TAG} is the hash of the rest of the body`);
        }
        const segments = id.split('/');
        const match = fromBicep.find((b) => {
          const bn = b.name.toLowerCase().split('/');
          // Every segment of the name (a child's parent too: two accounts may each have a runtime of the same name).
          const named = bn.every((n, i) => segments[segments.length - 1 - 2 * (bn.length - 1 - i)] === n);
          return named && id.includes(`/${b.type.toLowerCase().split('/').slice(1).join('/').split('/').pop()}/`);
        });
        assert.ok(match, `${id} is in the compiled template`);
        assert.is(put.apiVersion, match!.apiVersion, `${id} API version`);
        assert.equal(put.body, match!.body, `${id} body`);
      }
    } finally {
      await arm.close();
    }
  });
}

test.run();
