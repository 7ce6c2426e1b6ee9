/**
 * The semantic rules of src/validate/rules/: each is its own module, reports only its declared codes, has fixtures
 * under test/fixtures/invalid/ in which it reports something, and is named under each of its codes in
 * docs/diagnostics.md ("Reported by"), which names no check that does not report that code.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadSpecs, validate } from '../../src/index.js';
import { checks, reportedBy, rules } from '../../src/validate/rules/index.js';
import { codes } from '../../src/diagnostics/codes.js';
import { root } from '../helpers/bicep.js';

/** Rule → the fixtures in which it reports (every rule has one at least). */
const fixtures: Record<string, string[]> = {
  'resource-names': ['AZSLO020-invalid-name.yaml'],
  'unique-notification-targets': ['AZSLO024-duplicate-target.yaml'],
  'receiver-limits': ['AZSLO022-receivers.yaml'],
  'inline-secrets': ['AZSLO017-inline-secret.yaml'],
  'notify-targets': ['AZSLO012-unknown-target.yaml', 'AZSLO012-inherited-names.yaml', 'AZSLO019-too-many-groups.yaml'],
  'unique-slo-names': ['AZSLO011-duplicate-slo.yaml'],
  'objective-range': ['AZSLO013-objective.yaml'],
  'slo-window': ['AZSLO014-window.yaml'],
  'burn-rate-windows': ['AZSLO021-never-fires.yaml', 'AZSLO023-pair-left-out.yaml'],
  'business-tables': ['AZSLO034-tables.yaml'],
  'business-signals': ['AZSLO034-signal.yaml'],
  'log-search-lookback': ['AZSLO033-beyond-two-days.yaml'],
  'resource-types': ['AZSLO026-unknown-type.yaml'],
  'duplicate-resources': ['AZSLO029-duplicate-resource.yaml'],
  'alert-overrides': ['AZSLO027-unknown-alert.yaml', 'AZSLO028-refused-override.yaml'],
  'known-skus': ['AZSLO037-unknown-sku.yaml'],
  'baseline-alerts-apply': ['AZSLO032-nothing-applies.yaml'],
  'recovery-mechanisms': ['AZSLO035-036-architecture.yaml'],
  'rpo-signals': ['AZSLO030-no-rpo-signal.yaml'],
  'single-subscription': ['AZSLO031-subscriptions.yaml'],
  'journey-steps': ['AZSLO035-036-architecture.yaml'],
  'journey-slos': ['AZSLO038-039-journeys-waivers.yaml'],
  waivers: ['AZSLO038-039-journeys-waivers.yaml'],
  'budget-alerts': ['AZSLO065-066-budget-alerts.yaml'],
  'recovery-plans': ['AZSLO045-046-recovery-plans.yaml'],
  'drill-settings': ['AZSLO047-049-drill.yaml'],
  'drillable-plans': ['AZSLO047-049-drill.yaml'],
  'gateway-logs': ['AZSLO052-054-gateway-logs.yaml'],
  'anomaly-seasonality': ['AZSLO073-anomaly-seasonality.yaml'],
  'calendar-windows': ['AZSLO062-064-windows.yaml'],
  'window-sets': ['AZSLO062-064-windows.yaml', 'AZSLO075-prometheus-rule-group.yaml'],
  'maintenance-windows': ['AZSLO067-068-maintenance.yaml'],
  'metric-slis': ['AZSLO055-057-metric-slis.yaml'],
  'prometheus-slis': ['AZSLO058-060-prometheus.yaml', 'AZSLO061-rule-groups.yaml'],
  'prometheus-limits': ['AZSLO074-prometheus-cannot.yaml', 'AZSLO075-prometheus-rule-group.yaml'],
};

test('rules have distinct names, each the name of its module', () => {
  const names = rules.map((r) => r.name);
  assert.equal(new Set(names).size, names.length);
  for (const name of names) assert.ok(existsSync(path.join(root, 'src', 'validate', 'rules', `${name}.ts`)), `src/validate/rules/${name}.ts`);
});

test('every rule has fixtures, and in each it reports, only its own codes', async () => {
  assert.equal(Object.keys(fixtures).sort(), rules.map((r) => r.name).sort());
  const cwd = process.cwd();
  process.chdir(root);
  try {
    for (const rule of rules) {
      for (const file of fixtures[rule.name]!) {
        const result = validate(await loadSpecs([`test/fixtures/invalid/${file}`]));
        const mine = result.diagnostics.filter((d) => reportedBy.get(d) === rule.name);
        assert.ok(mine.length > 0, `${rule.name} reports in ${file}`);
        for (const d of mine) assert.ok(rule.codes.includes(d.code), `${rule.name} declares ${d.code}`);
      }
    }
    // No rule reports a code it does not declare, in any fixture.
    const all = validate(await loadSpecs(['test/fixtures/invalid']));
    for (const d of all.diagnostics) {
      const by = reportedBy.get(d);
      if (by) assert.ok(rules.find((r) => r.name === by)!.codes.includes(d.code), `${by} declares ${d.code}`);
    }
  } finally {
    process.chdir(cwd);
  }
});

/** docs/diagnostics.md: the checks named under each code's "Reported by". */
function documented(): Map<string, string[]> {
  const docs = readFileSync(path.join(root, 'docs', 'diagnostics.md'), 'utf8');
  const out = new Map<string, string[]>();
  for (const section of docs.split(/\n(?=## )/)) {
    const code = /^## (AZSLO\d{3})\n/.exec(section)?.[1];
    if (!code) continue;
    const line = /\nReported by: (.*)\.\n/.exec(section)?.[1];
    out.set(code, line ? [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) : []);
  }
  return out;
}

test('docs/diagnostics.md names, under each code, exactly the checks that report it', () => {
  const docs = documented();
  for (const code of Object.keys(codes)) {
    const expected = checks.filter((c) => c.codes.includes(code as never)).map((c) => c.name);
    assert.ok(expected.length > 0, `${code} is reported by some check`);
    assert.equal(docs.get(code), expected, `Reported by of ${code}`);
  }
  for (const c of checks) for (const code of c.codes) assert.ok(code in codes, `${c.name}: ${code} is a code of codes.ts`);
});

test('the rules table of docs/diagnostics.md lists the rules in order with their codes', () => {
  const docs = readFileSync(path.join(root, 'docs', 'diagnostics.md'), 'utf8');
  const rows = [...docs.matchAll(/^\| `([a-z-]+)` \| ([A-Z0-9, ]+) \|/gm)].map((m) => [m[1], m[2]!.split(', ')]);
  assert.equal(rows, rules.map((r) => [r.name, [...r.codes]]));
});

test.run();
