/** recovery.drill's own checks beyond the fixture (AZSLO047-049-drill.yaml): defaults, zero periods, drill: false. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { ServiceSpec } from '../../src/model/spec.js';
import { root } from '../helpers/bicep.js';
import { validateText } from '../helpers/specs.js';

const base = readFileSync(path.join(root, 'test/fixtures/drill/scheduled.yaml'), 'utf8');
function codes(edit: (spec: ServiceSpec) => void = () => {}): string[] {
  const spec = parse(base) as ServiceSpec;
  edit(spec);
  return validateText(JSON.stringify(spec)).diagnostics.map((d) => `${d.code} ${d.severity} ${d.path ?? ''}`.trim());
}

test('a drilled, scheduled spec within the limits has nothing to report', () => {
  assert.equal(codes(), []);
});

test('a timeout shorter than the default detectWithin (30m) is reported at the timeout', () => {
  const found = codes((s) => (s.recovery!.drill!.timeout = '20m'));
  assert.equal(found.length, 1);
  assert.match(found[0]!, /^AZSLO047 error/);
  assert.match(found[0]!, /timeout/);
});

test('a zero period or timeout is refused; exactly 12h is allowed', () => {
  assert.ok(codes((s) => (s.recovery!.drill!.every = '0d')).some((c) => c.startsWith('AZSLO047')));
  assert.ok(codes((s) => (s.recovery!.drill!.timeout = '0m')).some((c) => c.startsWith('AZSLO047')));
  assert.equal(codes((s) => (s.recovery!.drill!.timeout = '12h')), []);
  assert.ok(codes((s) => (s.recovery!.drill!.timeout = '12h1m')).some((c) => c.startsWith('AZSLO047')));
});

test('a plan nothing can drill is a warning unless the spec says drill: false', () => {
  const twoPlans = (s: ServiceSpec) => {
    s.recovery!.runner = { location: 'francecentral' };
    s.recovery!.plans = [{ scenario: 'regionOutage/westeurope' }, { scenario: 'regionOutage/northeurope' }];
    // northeurope: only an App Service plan — no Chaos Studio fault, no step with a planned path.
    const neu = s.resources!.find((r) => r.location === 'northeurope')!;
    neu.id = neu.id.replace('/Microsoft.Web/sites/', '/Microsoft.Web/serverfarms/');
    delete neu.kind;
  };
  assert.equal(codes(twoPlans).filter((c) => c.startsWith('AZSLO049')), ['AZSLO049 warning recovery.plans[1].scenario']);
  assert.equal(codes((s) => (twoPlans(s), (s.recovery!.plans![1]!.drill = false))).filter((c) => c.startsWith('AZSLO049')), []);
  // With the App Service back in northeurope, its stop fault drills the plan: no warning.
  const withApp = (s: ServiceSpec) => s.recovery!.plans = [{ scenario: 'regionOutage/westeurope' }, { scenario: 'regionOutage/northeurope' }];
  assert.equal(codes((s) => (twoPlans(s), (s.resources = parse(base).resources), withApp(s), (s.recovery!.runner = { location: 'francecentral' }))).filter((c) => c.startsWith('AZSLO049')), []);
});

test.run();
