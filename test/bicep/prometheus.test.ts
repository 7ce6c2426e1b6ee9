/** Prometheus rule groups in Bicep: built and linted by the real Bicep CLI with 0 warnings, deploying the rules apply PUTs. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate, writeOutputFolder } from '../../src/index.js';
import { promqlSyntaxError } from '../../src/promql/parse.js';
import { armResources, armString, bicepTest, compileOutput } from '../helpers/bicep.js';
import { baseSpec, CLUSTER, MONITOR_WORKSPACE, validateSpec } from '../helpers/specs.js';

bicepTest(test)('a service with Prometheus SLOs builds and lints clean; its rule groups deploy parsing PromQL to the workspace and cluster', async () => {
  const q = (metric: string) => ({ errors: `sum(rate(${metric}{code=~"5.."}[{{.window}}]))`, total: `sum(rate(${metric}[{{.window}}]))` });
  const spec = baseSpec({
    azure: { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE },
    slos: [
      { name: "it's \"quoted\" {{.x}}", description: 'line one\nline {{ two }}', sli: { prometheus: { ...q('http_requests_total'), cluster: CLUSTER } }, objective: 99.95, window: '30d', alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } } },
      { name: 'week', sli: { prometheus: { good: 'sum(rate(x_bucket{le="1"}[{{.window}}]))', total: 'sum(rate(x_count[{{.window}}]))', measures: 'latency' } }, objective: 99, window: '7d', alerting: { ticket: { notify: ['oncall'] } } },
    ],
  });
  const result = validateSpec(spec);
  assert.equal(result.diagnostics.filter((d) => d.severity === 'error'), []);
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-prom-'));
  try {
    await writeOutputFolder(path.join(dir, 'out'), generate(result).files);
    const { template, failures, diagnostics } = compileOutput(path.join(dir, 'out'));
    assert.equal(failures, []);
    assert.equal(diagnostics, [], 'bicep build and lint: 0 warnings');
    const groups = armResources(template).filter((r) => r.type === 'Microsoft.AlertsManagement/prometheusRuleGroups');
    assert.is(groups.length, 2);
    for (const g of groups) {
      const props = g.properties as { rules: { expression: string }[]; scopes: string[] };
      assert.match(props.scopes[0]!, /MonitorWorkspaceId/, 'the workspace parameter');
      for (const r of props.rules) {
        // Literals as ARM sees them (Bicep doubles a leading '['): each expression parses as PromQL.
        const expression = armString(r.expression, g.variables);
        assert.is(promqlSyntaxError(expression), undefined, expression);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
