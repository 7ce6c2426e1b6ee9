/** A Prometheus SLO's budget group and maintenance window in Bicep: built and linted by the real CLI with 0 warnings. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate, writeOutputFolder } from '../../src/index.js';
import { promqlSyntaxError } from '../../src/promql/parse.js';
import { armResources, armString, bicepTest, compileOutput } from '../helpers/bicep.js';
import { baseSpec, CLUSTER, MONITOR_WORKSPACE, validateSpec } from '../helpers/specs.js';

bicepTest(test)('budget alerts and a silencing window on a Prometheus SLO build and lint clean; the budget group deploys parsing PromQL', async () => {
  const spec = baseSpec({
    azure: { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE },
    slos: [
      {
        name: "ingress \"edge\" {{.x}}",
        sli: { prometheus: { errors: 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))', total: 'sum(rate(http_requests_total[{{.window}}]))', cluster: CLUSTER } },
        objective: 99.95,
        window: '30d',
        alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] }, budget: { remainingBelow: [50, 12.5], exhausted: true, notify: ['oncall'] } },
      },
    ],
    maintenance: [{ name: 'patching', schedule: { weekly: { days: ['Sun'], start: '02:00', duration: '15m' }, timeZone: 'Europe/Amsterdam' } }],
  });
  const result = validateSpec(spec);
  assert.equal(result.diagnostics.filter((d) => d.severity === 'error'), []);
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-prom-budget-'));
  try {
    await writeOutputFolder(path.join(dir, 'out'), generate(result).files);
    const { template, failures, diagnostics } = compileOutput(path.join(dir, 'out'));
    assert.equal(failures, []);
    assert.equal(diagnostics, [], 'bicep build and lint: 0 warnings');
    const groups = armResources(template).filter((r) => r.type === 'Microsoft.AlertsManagement/prometheusRuleGroups');
    assert.is(groups.length, 2, 'the burn-rate group and the budget group');
    const budget = groups.find((g) => armString((g as { name: string }).name, g.variables).startsWith('budget-'));
    assert.ok(budget, 'the budget group');
    const rules = (budget!.properties as { rules: { expression: string }[] }).rules.map((r) => armString(r.expression, budget!.variables));
    assert.is(rules.length, 4, 'the ratio and three thresholds');
    for (const e of rules) assert.is(promqlSyntaxError(e), undefined, e);
    assert.match(rules[2]!, / > 0\.0004375$/, '12.5 % left of a 0.05 % budget: 0.05 × 87.5 / 10⁴');
    assert.is(armResources(template).filter((r) => r.type === 'Microsoft.AlertsManagement/actionRules').length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
