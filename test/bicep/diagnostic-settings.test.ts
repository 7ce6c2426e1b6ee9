/** The diagnostic settings compile with the real Bicep CLI: extension resources on existing resources, lint clean. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeOutputFolder } from '../../src/index.js';
import { generationOf } from '../helpers/apply.js';
import { armResources, bicepTest, compileOutput, root } from '../helpers/bicep.js';

bicepTest(test)('gateway diagnostic settings build and lint with 0 diagnostics; each is scoped to its resource', async () => {
  const generation = generationOf(readFileSync(path.join(root, 'test/fixtures/gateway-logs.yaml'), 'utf8'));
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-diagnostics-'));
  try {
    await writeOutputFolder(path.join(dir, 'out'), generation.files);
    const { template, failures, diagnostics } = compileOutput(path.join(dir, 'out'));
    assert.equal(failures, []);
    assert.equal(diagnostics, []);
    const settings = armResources(template).filter((r) => r.type === 'Microsoft.Insights/diagnosticSettings');
    assert.is(settings.length, 3);
    for (const s of settings) {
      assert.is(s.apiVersion, '2021-05-01-preview');
      // The scope is the existing resource, by its type and name in the module's resource group.
      assert.match(JSON.stringify((s as unknown as { scope?: unknown }).scope), /Microsoft\.(Network\/applicationGateways|Cdn\/profiles|ApiManagement\/service)/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
