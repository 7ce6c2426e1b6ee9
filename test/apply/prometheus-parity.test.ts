/**
 * parity.test.ts for a service with Prometheus SLOs: the rule groups apply PUTs equal what the compiled Bicep deploys
 * (same type, name, API version, and body once the template's expressions are evaluated), apart from apply's own
 * azslo-applied tag, which is the hash of the rest.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate, writeOutputFolder } from '../../src/index.js';
import { applyDeployment, sdkGateway, type Target } from '../../src/apply/index.js';
import { appliedRecord, recordOf, unstamp } from '../../src/apply/drift.js';
import { startArmEmulator } from '../helpers/arm-emulator.js';
import { bicepTest, buildParams, runBicep, type ArmTemplate } from '../helpers/bicep.js';
import { deployedResources } from '../helpers/arm-template.js';
import { testCredential } from '../helpers/apply.js';
import { baseSpec, CLUSTER, MONITOR_WORKSPACE, validateSpec } from '../helpers/specs.js';

const target: Target = { subscriptionId: '00000000-0000-0000-0000-0000000000ff', resourceGroup: 'rg-monitoring' };
const TYPE = 'Microsoft.AlertsManagement/prometheusRuleGroups';

bicepTest(test)('every Prometheus rule group apply PUTs equals what the compiled Bicep deploys', async () => {
  const result = validateSpec(
    baseSpec({
      azure: { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE },
      slos: [
        { name: 'ingress', description: 'a {{ brace }} and "quotes"', sli: { prometheus: { errors: 'sum(rate(e{code=~"5.."}[{{.window}}]))', total: 'sum(rate(e[{{.window}}]))', cluster: CLUSTER } }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } } },
        { name: 'latency', sli: { prometheus: { good: 'sum(rate(b{le="0.5"}[{{.window}}]))', total: 'sum(rate(b_count[{{.window}}]))', measures: 'latency' } }, objective: 99, window: '28d', alerting: { ticket: { notify: ['oncall'] } } },
      ],
    }),
  );
  assert.ok(result.ok, JSON.stringify(result.diagnostics));
  const generation = generate(result);
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-prom-parity-'));
  const arm = await startArmEmulator();
  try {
    await writeOutputFolder(dir, generation.files);
    const paramsText = readFileSync(path.join(dir, 'main.bicepparam'), 'utf8');
    const built = runBicep(['build', 'main.bicep', '--stdout'], { cwd: dir });
    assert.is(built.code, 0, built.stderr);
    const params = buildParams(dir, paramsText);
    assert.is(params.code, 0, params.stderr);
    const parameters = Object.fromEntries(Object.entries((JSON.parse((JSON.parse(params.stdout) as { parametersJson: string }).parametersJson) as { parameters: Record<string, { value?: unknown }> }).parameters).map(([k, v]) => [k, v.value]));
    const template = JSON.parse(built.stdout) as ArmTemplate & { parameters: Record<string, { defaultValue?: unknown }> };
    for (const [k, p] of Object.entries(template.parameters)) if (!(k in parameters) && p.defaultValue !== undefined) parameters[k] = p.defaultValue;
    const gateway = sdkGateway({ credential: testCredential, subscriptionId: target.subscriptionId, endpoint: arm.endpoint, ca: arm.ca });
    const r = await applyDeployment({ generation, gateway, target, env: {}, lock: { settleMs: 10 } });
    assert.ok(r.results.every((x) => x.ok), JSON.stringify(r.results.filter((x) => !x.ok).map((x) => x.error)));
    const runtime = { reference: (id: string, full: boolean) => (full ? (arm.store.get(id.toLowerCase())?.body ?? {}) : ((arm.store.get(id.toLowerCase())?.body as { properties?: unknown })?.properties ?? {})), list: () => ({}) };
    const fromBicep = deployedResources(template, { parameters, variables: template.variables ?? {}, ...target, runtime }).filter((x) => x.type === TYPE);
    const puts = [...arm.puts].filter(([id]) => id.includes('/prometheusrulegroups/'));
    assert.is(puts.length, 2);
    assert.is(fromBicep.length, 2);
    for (const [id, sent] of puts) {
      const record = recordOf(sent.body, TYPE);
      const body = unstamp(sent.body, TYPE);
      assert.is(record, appliedRecord(body), `${id}: the record is the hash of the rest`);
      const match = fromBicep.find((b) => b.name.toLowerCase() === id.split('/').pop());
      assert.ok(match, `${id} is in the compiled template`);
      assert.is(sent.apiVersion, match!.apiVersion);
      assert.equal(body, match!.body, `${id} body`);
    }
  } finally {
    await arm.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
