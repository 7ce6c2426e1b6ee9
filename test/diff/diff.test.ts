/**
 * azslo diff, the pull-request report: per service, the SLOs added, removed and changed (objective, window, error
 * budget in minutes), the alert rules by their deployed names and what changed in them, the time to detect a full
 * outage, the analysis gaps opened and closed, and the monthly cost of the alerting before and after.
 * The golden is the diff of examples/_diff/base (examples/web-api) and examples/_diff/head (a tightened objective,
 * an added SLO, a removed alert, a new resource); regenerate it with `npm run examples:diff`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { diffCommand } from '../../src/commands/diff.js';
import { fact } from '../../src/catalog/index.js';
import { budgetMinutes, type EstateDiff } from '../../src/diff/index.js';
import { markdownDiff } from '../../src/diff/render.js';
import { EXAMPLES_DAY } from '../../scripts/examples-day.js';
/** As scripts/example-diff.ts writes the golden. */
const DIFF_SIDES = ['examples/_diff/base', 'examples/_diff/head'] as const;
import { root } from '../helpers/bicep.js';

const diffOf = async (base: string, head: string, format: 'markdown' | 'json' | 'text' = 'json') => {
  const r = await diffCommand(base, head, { format, today: EXAMPLES_DAY, cwd: root });
  if (!r.ok) throw new Error(`diff failed: ${JSON.stringify(r)}`);
  return r;
};

test('the golden Markdown and JSON are what diff writes for the two example revisions', async () => {
  for (const [format, file] of [['markdown', 'diff.md'], ['json', 'diff.json']] as const) {
    const r = await diffOf(DIFF_SIDES[0], DIFF_SIDES[1], format);
    assert.fixture(r.text, readFileSync(path.join(root, 'examples/_diff', file), 'utf8'), `examples/_diff/${file} is stale: npm run examples:diff`);
  }
});

test('a tightened objective shows before → after with its error budget in minutes; the added SLO with its own', async () => {
  const { diff } = await diffOf(...DIFF_SIDES);
  const s = diff.services.find((x) => x.service === 'checkout')!;
  assert.is(s.status, 'changed');
  assert.equal(s.slos.changed, [{ name: 'api-availability', objective: { before: 99.9, after: 99.95 }, budgetMinutes: { before: 43.2, after: 21.6 } }]);
  assert.equal(s.slos.added, [{ name: 'payment-callbacks', objective: 99.9, windowDays: 30, window: '30 d', budgetMinutes: 43.2 }]);
  assert.equal(s.slos.removed, []);
  assert.is(budgetMinutes(99, 28), 403.2, '1 % of 28 days');
});

test('a rolling window turned into a calendar month: the window and the budget from the shortest to the longest month', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-diff-calendar-'));
  try {
    const spec = readFileSync(path.join(root, 'examples/web-api/checkout.yaml'), 'utf8');
    mkdirSync(path.join(dir, 'base'));
    mkdirSync(path.join(dir, 'head'));
    writeFileSync(path.join(dir, 'base/checkout.yaml'), spec);
    const monthly = spec.replace('    window: 30d\n', '    window: { calendar: month, timeZone: Europe/Berlin }\n');
    assert.is.not(monthly, spec);
    writeFileSync(path.join(dir, 'head/checkout.yaml'), monthly);
    const { diff } = await diffOf(path.join(dir, 'base'), path.join(dir, 'head'));
    const s = diff.services[0]!;
    // 0.1 % of 28 days is 40.32 minutes, of 31 days 44.64. The alerts keep the nominal 30-day set.
    assert.equal(s.slos.changed, [{ name: 'api-availability', window: { before: '30 d', after: 'calendar month (Europe/Berlin)' }, budgetMinutes: { before: 43.2, after: 40.32 }, budgetMinutesMax: { before: undefined, after: 44.64 } }]);
    const text = (await diffOf(path.join(dir, 'base'), path.join(dir, 'head'), 'text')).text;
    assert.match(text, 'window 30 d → calendar month (Europe/Berlin), error budget 43.2 min → 40.32–44.64 min');
    assert.equal(s.alertRules.changed, [], 'no threshold, window, query or action group of a rule changes: only their descriptions');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('alert rules by their deployed names: the removed ticket, the new SLO and resource rules, and queries that changed with the objective', async () => {
  const { diff } = await diffOf(...DIFF_SIDES);
  const s = diff.services[0]!;
  assert.equal(s.alertRules.removed, [{ name: 'slo-checkout-api-latency-ticket', kind: 'log-search' }]);
  const added = s.alertRules.added.map((r) => r.name);
  assert.ok(added.includes('slo-checkout-payment-callbacks-page'));
  assert.ok(added.some((n) => n.startsWith('ma-checkout-app-checkout-')), 'the App Service brings its baseline metric alerts');
  assert.ok(added.includes('rh-checkout') && added.includes('sh-checkout'), 'and Resource Health and Service Health rules');
  const page = s.alertRules.changed.find((r) => r.name === 'slo-checkout-api-availability-page')!;
  assert.equal(page.changes.map((c) => c.what), ['query'], 'the new objective changes the burn-rate thresholds inside the query, nothing else');
  assert.not.ok(s.alertRules.changed.some((r) => r.name.includes('api-latency')), 'the latency page rule is untouched');
});

test('time to detect, gaps opened by the new resource, and the cost before → after priced from the catalog', async () => {
  const { diff } = await diffOf(...DIFF_SIDES);
  const s = diff.services[0]!;
  assert.ok(s.detection.before && s.detection.after);
  assert.ok(s.detection.after!.seconds < s.detection.before!.seconds, 'a tighter objective crosses its burn-rate threshold sooner');
  assert.ok(s.gaps.opened.length > 0 && s.gaps.opened.every((g) => g.id.endsWith('/app-checkout')), 'the new resource opens its recovery gaps');
  assert.equal(s.gaps.closed, []);
  const log = fact('prices', 'logSearchRuleMonthly');
  // Before: two page rules every 5 minutes and two ticket rules every 30 minutes (priced as 15), nothing else.
  assert.is(s.cost.before, 2 * log.PT5M! + 2 * log.PT15M!);
  assert.ok(s.cost.after > s.cost.before);
  assert.equal([diff.cost.before, diff.cost.after], [s.cost.before, s.cost.after]);
  assert.is(diff.cost.pricesReadOn, fact('prices', 'readOn'));
  assert.match(diff.cost.excludes, /notifications/);
});

test('the same specs on both sides: every service unchanged, and the Markdown has no section to open', async () => {
  const r = await diffOf('examples/web-api', DIFF_SIDES[0], 'markdown');
  assert.equal(r.diff.services.map((s) => [s.service, s.status]), [['checkout', 'unchanged']]);
  assert.not.match(r.text, /<details>/);
  assert.match(r.text, /\| checkout \| unchanged \|/);
});

test('a service on one side only is added or removed, with all of its SLOs and rules', async () => {
  const { diff } = await diffOf('examples/web-api', 'examples/storefront');
  const removed = diff.services.find((s) => s.service === 'checkout')!;
  assert.is(removed.status, 'removed');
  assert.equal(removed.slos.removed.map((s) => s.name), ['api-availability', 'api-latency']);
  assert.is(removed.cost.after, 0);
  const added = diff.services.find((s) => s.status === 'added')!;
  assert.ok(added.alertRules.added.length > 0 && added.alertRules.removed.length === 0);
  assert.equal(diff.services.map((s) => s.service), [...diff.services.map((s) => s.service)].sort());
});

test('Markdown: user text cannot break the table or open markup; each changed service collapses', () => {
  const diff: EstateDiff = {
    tool: 'azslo diff',
    base: 'main:specs',
    head: 'specs',
    services: [
      {
        service: 'a|b',
        status: 'changed',
        slos: { added: [{ name: '<script>x</script>', objective: 99, windowDays: 30, window: '30 d', budgetMinutes: 432 }], removed: [], changed: [] },
        alertRules: { added: [], removed: [], changed: [{ name: 'r', kind: 'metric', changes: [{ what: 'threshold', before: 'Average CpuPercentage GreaterThan 80', after: 'a | b' }] }] },
        detection: { before: null, after: { seconds: 600, alert: 'r' } },
        gaps: { opened: [], closed: [{ id: 'no-page-alert/x', message: 'SLO *x* has no page alert' }] },
        cost: { before: 1, after: 0.5, atLeast: false },
      },
    ],
    cost: { before: 1, after: 0.5, currency: 'USD', atLeast: false, pricesReadOn: '2026-12-01', source: 'https://azure.microsoft.com/pricing/details/monitor/', excludes: 'notifications excluded' },
  };
  const text = markdownDiff(diff);
  assert.match(text, /\| a\\\|b \| changed \|/);
  assert.match(text, /\\<script\\>x\\<\/script\\>/);
  assert.match(text, /a \\\| b/);
  assert.match(text, /<details><summary><b>a\\\|b<\/b>: changed<\/summary>/);
  assert.match(text, /not detected → 10 min/);
  assert.match(text, /USD 1\.00 → USD 0\.50 \(−0\.50\)/);
  assert.match(text, /- closed `no-page-alert\/x`: SLO \\\*x\\\* has no page alert/);
});

test.run();
