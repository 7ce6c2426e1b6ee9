/**
 * The edge example (examples/edge-frontdoor): platform-metric SLOs compile with the real Bicep CLI, lint clean, and
 * deploy each burn-rate alert as the model routed it: a metric alert where one bad slice fires the pair, a log search
 * alert over AzureMetrics otherwise.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generate, loadSpecs, validate, writeOutputFolder } from '../../src/index.js';
import { armResources, bicepTest, compileOutput, root } from '../helpers/bicep.js';

bicepTest(test)('edge-frontdoor: builds and lints with 0 diagnostics; the pages of the threshold SLOs are metric alerts, the rest log search alerts', async () => {
  const cwd = process.cwd();
  process.chdir(root);
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-metric-slis-'));
  try {
    const result = validate(await loadSpecs(['examples/edge-frontdoor']));
    assert.ok(result.ok, result.diagnostics.map((d) => `${d.position.line}: ${d.message}`).join('\n'));
    await writeOutputFolder(path.join(dir, 'out'), generate(result).files);
    const { template, failures, diagnostics } = compileOutput(path.join(dir, 'out'));
    assert.equal(failures, []);
    assert.equal(diagnostics, []);
    const slo = armResources(template).filter((r) => r.name.startsWith('slo-edge-shop-'));
    const byName = Object.fromEntries(slo.map((r) => [r.name, r.type]));
    assert.equal(byName, {
      'slo-edge-shop-edge-availability-page': 'Microsoft.Insights/metricAlerts',
      'slo-edge-shop-edge-availability-ticket': 'Microsoft.Insights/scheduledQueryRules',
      'slo-edge-shop-edge-latency-page': 'Microsoft.Insights/metricAlerts',
      'slo-edge-shop-edge-latency-ticket': 'Microsoft.Insights/scheduledQueryRules',
      'slo-edge-shop-origin-weu-availability-ticket': 'Microsoft.Insights/scheduledQueryRules',
      'slo-edge-shop-origin-neu-availability-ticket': 'Microsoft.Insights/scheduledQueryRules',
    });
    const page = slo.find((r) => r.name === 'slo-edge-shop-edge-latency-page')!;
    assert.equal([page.properties!.windowSize, page.properties!.evaluationFrequency], ['PT5M', 'PT5M']);
    const criterion = (page.properties!.criteria as { allOf: Record<string, unknown>[] }).allOf[0]!;
    assert.equal([criterion.metricName, criterion.timeAggregation, criterion.operator, criterion.threshold], ['TotalLatency', 'Average', 'GreaterThan', 1200]);
  } finally {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
