/**
 * The three reference architectures of examples/ (Azure Mission-Critical online, the zone-redundant App Service
 * baseline, the AKS baseline): with their waivers each passes `analyze --fail-on gaps`, and a copy weakened the way
 * a real change would weaken it — or the same spec once its waivers expire — fails with the gap that names the change.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../src/analyze/api.js';
import { parseSource } from '../../src/load/source.js';
import { validateDocuments } from '../../src/validate/index.js';
import { EXAMPLES_DAY } from '../../scripts/examples-day.js';
import { root } from '../helpers/bicep.js';

const spec = (name: string) => readFileSync(path.join(root, 'examples', name, `${name}.yaml`), 'utf8');

function openGaps(name: string, text: string, today = EXAMPLES_DAY): string[] {
  const loaded = parseSource(`examples/${name}/${name}.yaml`, text);
  const result = validateDocuments(loaded.documents, loaded.diagnostics);
  assert.equal(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), [], 'the spec is valid');
  const { report } = analyze(result, 'json', undefined, { today });
  return report.services.flatMap((s) => s.gaps.map((g) => g.id));
}

/** A copy with one line changed; the change must apply exactly once, so a drifting example cannot make the test vacuous. */
function weaken(text: string, from: string, to: string): string {
  assert.is(text.split(from).length, 2, `exactly one ${JSON.stringify(from)} to change`);
  return text.replace(from, to);
}

const cases = [
  {
    name: 'mission-critical',
    // A single write region: the region outage now waits for Microsoft's service-managed failover.
    from: 'recovery: [multi-region writes, continuous backup]',
    to: 'recovery: [service-managed failover, continuous backup]',
    expect: 'rto-unknown/regionOutage/cosmos-aoprod',
  },
  {
    name: 'appservice-baseline',
    // The database without zone redundancy: a zone outage takes it down.
    from: `    sku: GeneralPurpose
    zoneRedundant: true`,
    to: `    sku: GeneralPurpose
    zoneRedundant: false`,
    expect: 'not-covered/zoneOutage/sqldb-contosoweb',
  },
  {
    name: 'aks-baseline',
    // Node pools in one zone: nothing survives a zone outage but a rebuild.
    from: 'zoneRedundant: true                  # system pool 3-4 nodes and user pool 2-5 nodes over zones 1, 2, 3',
    to: 'zoneRedundant: false',
    expect: 'zoneOutage/aks-bu0001a0008',
  },
];

for (const c of cases) {
  test(`${c.name}: passes --fail-on gaps with its waivers`, () => {
    assert.equal(openGaps(c.name, spec(c.name)), []);
  });
  test(`${c.name}: a weakened copy fails with the gap that names the change`, () => {
    const gaps = openGaps(c.name, weaken(spec(c.name), c.from, c.to));
    assert.ok(gaps.some((g) => g.endsWith(c.expect)), `expected a gap ending ${c.expect}, got: ${gaps.join(', ')}`);
  });
  test(`${c.name}: once its waivers expire, the accepted gaps count again`, () => {
    assert.ok(openGaps(c.name, spec(c.name), '2027-07-01').length > 0);
  });
}

test.run();
