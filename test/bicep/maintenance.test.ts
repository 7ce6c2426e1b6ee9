/**
 * The Bicep of maintenance windows (docs/maintenance.md): the example compiles and lints with the real Bicep CLI with
 * 0 diagnostics, and its template holds one alert processing rule per window, with the window's schedule.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeOutputFolder } from '../../src/index.js';
import { armResources, bicepTest, compileOutput, root } from '../helpers/bicep.js';
import { generationOf } from '../helpers/apply.js';

bicepTest(test)('the maintenance example compiles and lints clean; its template schedules one processing rule per window', async () => {
  const generation = generationOf(readFileSync(path.join(root, 'examples/maintenance/maintenance.yaml'), 'utf8'));
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-bicep-maintenance-'));
  try {
    await writeOutputFolder(dir, generation.files);
    const { template, failures, diagnostics } = compileOutput(dir);
    assert.equal(failures, []);
    assert.equal(diagnostics, []);
    const rules = armResources(template).filter((r) => r.type === 'Microsoft.AlertsManagement/actionRules');
    assert.equal(rules.map((r) => [r.name, r.apiVersion]), [
      ['apr-azslo-bookings-maintenance-weekly-patching', '2021-08-08'],
      ['apr-azslo-bookings-maintenance-database-migration', '2021-08-08'],
    ]);
    const [weekly, once] = rules.map((r) => r.properties as Record<string, any>);
    assert.equal(weekly!.schedule, { timeZone: 'W. Europe Standard Time', recurrences: [{ recurrenceType: 'Weekly', daysOfWeek: ['Sunday'], startTime: '02:00:00', endTime: '03:00:00' }] });
    assert.equal(once!.schedule, { effectiveFrom: '2027-03-13T21:00:00', effectiveUntil: '2027-03-13T23:30:00', timeZone: 'UTC' });
    assert.equal(once!.actions, [{ actionType: 'RemoveAllActionGroups' }]);
    assert.is(once!.conditions[0].values.length, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
