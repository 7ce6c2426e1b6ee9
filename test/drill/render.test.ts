/**
 * The drill report for people, from the fixture reports of test/fixtures/drill/reports/ (hand-written, one per
 * outcome: passed, failed on detection, aborted with a setting left unrestored, refused): what the text summary,
 * the Markdown and the HTML say; user text escaped for each (fixed hostile pieces and a fuzzed property); and the
 * HTML in headless Chromium — no console error, no request, the timeline laid out inside the chart, nothing wider
 * than the page. Screenshots are kept in .tmp/artifacts/.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseDrillReport, serializeDrillReport, type DrillReport } from '../../src/drplan/drill-report.js';
import { markdownText, renderDrillReport, visibleText } from '../../src/drill/render.js';
import { browserTest, chromium, CHROMIUM_ARGS } from '../helpers/browser.js';
import { root } from '../helpers/bicep.js';
import { hostileString, readMarkdownText, show } from '../helpers/hostile.js';
import { SCALE, SEED } from '../helpers/fuzz-checks.js';

const FIXTURES = path.join(root, 'test', 'fixtures', 'drill', 'reports');
const NAMES = ['passed', 'failed-detection', 'aborted', 'refused'] as const;
type Name = (typeof NAMES)[number];

function fixture(name: Name): DrillReport {
  const parsed = parseDrillReport(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));
  if (!parsed.ok) throw new Error(`${name}: ${parsed.message}`);
  return parsed.report;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the renderings back

/** A table cell as GitHub reads it: spaces and tabs around it do not count. */
const trimCell = (c: string) => c.replace(/^[ \t]+|[ \t]+$/g, '');

/** A Markdown table row's cells, split on the pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  const out: string[] = [];
  let cell = '';
  for (let i = 0; i < row.length; i++) {
    const ch = row[i]!;
    if (ch === '\\' && i + 1 < row.length) {
      cell += ch + row[i + 1]!;
      i++;
    } else if (ch === '|') {
      out.push(cell);
      cell = '';
    } else cell += ch;
  }
  out.push(cell);
  // A row starts and ends with a pipe: drop the empty outer pieces.
  return out.slice(1, -1).map(trimCell);
}

/** Every Markdown table as its header and rows of cells; a row whose cell count differs from its header is a problem. */
function tables(md: string): { header: string[]; rows: string[][]; problems: string[] }[] {
  const out: { header: string[]; rows: string[][]; problems: string[] }[] = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('|') || !/^\|(---\|)+$/.test(lines[i + 1] ?? '')) continue;
    const header = cells(lines[i]!);
    const t = { header, rows: [] as string[][], problems: [] as string[] };
    for (i += 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
      const row = cells(lines[i]!);
      if (row.length !== header.length) t.problems.push(`row of ${row.length} cells under ${header.length} headers: ${lines[i]}`);
      t.rows.push(row);
    }
    out.push(t);
  }
  return out;
}

const table = (md: string, firstHeader: string) => {
  const t = tables(md).find((x) => x.header[0] === firstHeader);
  if (!t) throw new Error(`no table headed "${firstHeader}"`);
  return t;
};
const shown = (cell: string) => readMarkdownText(cell.replace(/^\*\*(.*)\*\*$/, '$1'));
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
const attr = (html: string, cls: string, name: string): number[] => [...html.matchAll(new RegExp(`<line class="(?:marker )?${cls}"[^>]*?\\s${name}="([0-9.]+)"`, 'g'))].map((m) => Number(m[1]));

// ---------------------------------------------------------------------------------------------------------------
// The fixtures

test('the fixture reports are drill reports of v1, in the form serializeDrillReport writes', () => {
  for (const name of NAMES) {
    const text = readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8');
    const parsed = parseDrillReport(text);
    assert.ok(parsed.ok, name);
    // The form serializeDrillReport writes: two-space JSON, absent values as null, one trailing newline.
    assert.is(serializeDrillReport(JSON.parse(text) as DrillReport), text, name);
    assert.is(parsed.report.outcome, name === 'failed-detection' ? 'failed' : name);
  }
});

test('every rendering is a function of the report only: the same bytes twice, from a fresh copy', () => {
  for (const name of NAMES) {
    for (const format of ['text', 'markdown', 'html'] as const) {
      const a = renderDrillReport(fixture(name), format);
      assert.is(renderDrillReport(structuredClone(fixture(name)), format), a, `${name} ${format}`);
      assert.ok(a.endsWith('\n'), `${name} ${format} ends with a newline`);
    }
  }
});

test('a report with only what parseDrillReport requires, or with unreadable times, still renders in every format', () => {
  const minimal = parseDrillReport(JSON.stringify({
    apiVersion: 'azslo.dev/drill-report/v1', id: 'x', service: 's', scenario: 'c', startedAt: '2025-01-01T00:00:00Z', endedAt: '2025-01-01T00:10:00Z', outcome: 'failed',
    detection: { status: 'fail' }, recovery: { status: 'unmeasured' }, dataLoss: { status: 'unmeasured' }, endToEnd: { status: 'unmeasured' },
  }));
  assert.ok(minimal.ok);
  const garbled = withText(fixture('passed'), (_k, n) => `t${n}`);
  const badTimes = { ...garbled, recovery: { ...garbled.recovery, steps: garbled.recovery.steps.map((s) => ({ ...s, start: 'soon', end: '' })) } };
  for (const r of [minimal.report, badTimes]) {
    for (const format of ['text', 'markdown', 'html'] as const) assert.ok(renderDrillReport(r, format).length > 100, format);
  }
  assert.match(renderDrillReport(badTimes, 'html'), /<text class="note"[^>]*>t\d+, no time recorded<\/text>/);
});

// ---------------------------------------------------------------------------------------------------------------
// Text

test('text: the outcome and its reason first, a line per objective with measured against target, a line per step', () => {
  const lines = renderDrillReport(fixture('passed'), 'text').trimEnd().split('\n');
  assert.is(lines[0], 'Drill passed: region outage in westeurope (service orders, scenario regionOutage/westeurope)');
  assert.ok(lines[1]!.includes('every objective passed'));
  assert.ok(lines.some((l) => /^ {2}pass +time to detect +4 min 10 s of 5 min +detected in 4 min 10 s, estimate 5 min$/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^ {2}pass +end to end, against the RTO +14 min 30 s of 15 min +SLI back/.test(l)));
  assert.ok(lines.some((l) => /^ {2}pass +data loss, against the RPO +2 s of 1 min +replication lag 2 s/.test(l)));
  assert.ok(lines.includes('  drill     1. cosmos-orders: forced failover (offline region): done in 1 min 15 s, estimate 1 min (over by 15 s), lag 2 s — write region now northeurope'));
  assert.ok(lines.includes("  failback  1. afd-orders: disable the failed region's origin: done in 2 min 30 s, estimate 20 min (within the estimate) — origin app-orders-weu Enabled again"));
  assert.ok(lines.includes('  SLI orders-availability (objective 99.9 %): recovered at 2025-06-03T09:15:00Z, 5 check(s)'));
  assert.is(lines.at(-1), '  restored: 3 restored, 1 not needed');
  assert.ok(lines.length <= 20, 'fits a terminal');
});

test('whether the disruption reached the journey is said in every format, and nothing when the drill did not read it', () => {
  const base = fixture('passed');
  const withDegraded = (degraded: boolean | undefined): DrillReport => ({ ...base, sli: { ...base.sli, degraded } });
  for (const format of ['text', 'markdown', 'html'] as const) {
    assert.match(renderDrillReport(withDegraded(true), format), /the disruption reached the journey/, format);
    assert.match(renderDrillReport(withDegraded(false), format), /did not reach the journey/, format);
    assert.not.match(renderDrillReport(withDegraded(undefined), format), /reach(ed)? the journey/, format);
  }
});

test('text: what could not be restored comes right after the reason, before anything else', () => {
  const lines = renderDrillReport(fixture('aborted'), 'text').split('\n');
  assert.is(lines[0], 'Drill ABORTED: region outage in westeurope (service payments, scenario regionOutage/westeurope)');
  assert.ok(lines[3]!.startsWith('  NOT RESTORED afd-payments (failback): origin origin-weu of origin group api is still Disabled'), lines[3]);
  assert.ok(lines[4]!.includes('cancelled'), 'the experiment was cancelled');
  assert.ok(lines.some((l) => /^ {2}unmeasured +end to end, against the RTO +not measured of 1 h +interrupted/.test(l)));
  assert.ok(lines.some((l) => l.startsWith('  failback  1. afd-payments') && l.includes('failed in 45 s') && l.includes('not compared: the step failed')));
  assert.ok(lines.includes('  restored: 3 restored, 1 NOT RESTORED'));
});

test('text: a drill that never detected and one refused say so', () => {
  const failed = renderDrillReport(fixture('failed-detection'), 'text');
  assert.ok(failed.startsWith('Drill FAILED: zone outage in westeurope'));
  assert.match(failed, /\n {2}FAIL +time to detect +not measured of 7 min +no alert within 30 min, estimate 7 min\n/);
  assert.not.match(failed, /alerts:/);
  const refused = renderDrillReport(fixture('refused'), 'text');
  assert.ok(refused.startsWith('Drill REFUSED: region outage in westeurope'));
  assert.match(refused, /, not started\n/);
  assert.match(refused, /SLI orders-availability \(objective 99\.9 %\): not checked, 0 check\(s\)/);
  assert.match(refused, /restored: nothing was changed\n$/);
});

// ---------------------------------------------------------------------------------------------------------------
// Markdown

test('Markdown: one row per objective with target, measured, result and why', () => {
  const md = renderDrillReport(fixture('passed'), 'markdown');
  assert.ok(md.startsWith('# Drill: region outage in westeurope — orders\n\n**✅ passed**: every objective passed'));
  for (const t of tables(md)) assert.equal(t.problems, []);
  assert.equal(table(md, 'objective').rows.map((r) => r.map(shown)), [
    ['time to detect', '5 min', '4 min 10 s', '✅ pass', 'detected in 4 min 10 s, estimate 5 min'],
    ['recovery (the plan)', '21 min', '8 min 45 s', '✅ pass', 'the plan ran in 8 min 45 s, estimate 21 min'],
    ['end to end, against the RTO', '15 min', '14 min 30 s', '✅ pass', 'SLI back at 99.9 % 14 min 30 s after the disruption, RTO 15 min'],
    ['data loss, against the RPO', '1 min', '2 s', '✅ pass', 'replication lag 2 s at failover, RPO 1 min'],
  ]);
});

test("Markdown: each step's duration against the catalog's estimate, drill then failback", () => {
  const steps = table(renderDrillReport(fixture('passed'), 'markdown'), 'mode');
  assert.equal(steps.header, ['mode', '#', 'resource', 'mechanism', 'result', 'start', 'end', 'took', 'estimate', 'against the estimate', 'lag', 'message']);
  assert.equal(steps.rows.map((r) => [r[0], r[1], r[2], r[7], r[8], shown(r[9]!)]), [
    ['drill', '1', 'cosmos-orders', '1 min 15 s', '1 min', 'over by 15 s'],
    ['drill', '2', 'afd-orders', '7 min 30 s', '20 min', 'within the estimate'],
    ['failback', '1', 'afd-orders', '2 min 30 s', '20 min', 'within the estimate'],
    ['failback', '2', 'cosmos-orders', '1 min 30 s', '1 min', 'over by 30 s'],
  ]);
  assert.is(steps.rows[0]![9], '**over by 15 s**', 'an overrun stands out');
});

test('Markdown: what failed to be restored is called out above everything else, and listed with the rest', () => {
  const md = renderDrillReport(fixture('aborted'), 'markdown');
  const callout = md.indexOf('> **⚠️ Not everything could be restored');
  assert.ok(callout > 0 && callout < md.indexOf('## Objectives'));
  assert.match(md, /\n> - failback afd-payments: origin origin-weu of origin group api is still Disabled: set its enabledState to Enabled \(az afd origin update --enabled-state Enabled\), then check the profile's health probes\n/);
  assert.equal(table(md, 'what').rows.map((r) => [r[0], shown(r[2]!)]), [
    ['alert processing rule azslo-drill-payments', '✅ restored'],
    ['experiment azslo-payments-regionoutage-westeurope', '✅ restored'],
    ['paymentsdb', '✅ restored'],
    ['afd-payments', '❌ not restored'],
  ]);
  assert.match(md, /By the Chaos Studio experiment azslo-payments-regionoutage-westeurope: from 2025-06-05T14:00:30Z to 2025-06-05T14:12:05Z \(11 min 35 s\), \*\*cancelled\*\* by the drill\./);
  assert.is(table(md, 'mode').rows[3]![4], '**failed**');
});

test('Markdown: no alert, no plan run; refused: nothing started, nothing changed', () => {
  const failed = renderDrillReport(fixture('failed-detection'), 'markdown');
  assert.equal(table(failed, 'objective').rows[0]!.map(shown), ['time to detect', '7 min', 'not measured', '❌ fail', 'no alert within 30 min, estimate 7 min']);
  assert.match(failed, /\n## Detection\n\nNo alert fired: waited 30 min\.\n/);
  assert.match(failed, /\n## Recovery steps\n\nThe plan did not run\.\n/);
  assert.equal(table(failed, 'checked at').rows.map((r) => [shown(r[3]!), r[4]]), [['64 %', 'below'], ['65.5 %', 'below'], ['66.2 %', 'below'], ['—', 'no traffic']]);
  const refused = renderDrillReport(fixture('refused'), 'markdown');
  assert.match(refused, /\*\*⛔ refused\*\*: a real incident alert is active/);
  assert.match(refused, /not started\./);
  assert.match(refused, /Nothing to detect: the disruption did not start\./);
  assert.match(refused, /Nothing was changed, so nothing needed restoring\./);
  for (const t of tables(refused)) assert.equal(t.problems, []);
});

test('Markdown template: every value goes through the md helper', () => {
  const text = readFileSync(path.join(root, 'templates', 'reports', 'drill.md.hbs'), 'utf8');
  const bare = [...text.matchAll(/\{\{(?!md |#|\/|else\}\})([^}]*)\}\}/g)].map((m) => m[0]);
  assert.equal(bare, []);
  assert.ok(!text.includes('{{{'), 'no triple-stash');
  const html = readFileSync(path.join(root, 'templates', 'reports', 'drill.html.hbs'), 'utf8');
  assert.ok(!html.includes('{{{') && !html.includes('{{&'), 'the HTML template never switches escaping off');
});

// ---------------------------------------------------------------------------------------------------------------
// HTML

test('HTML: one self-contained file, no script, no external URL', () => {
  for (const name of NAMES) {
    const html = renderDrillReport(fixture(name), 'html');
    assert.ok(html.startsWith('<!doctype html>'));
    assert.not.match(html, /<script|<link|<img|<iframe|\bsrc=|\bhref=|url\((?!#)|@import/i, name);
    assert.equal([...html.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]), ['http://www.w3.org/2000/svg'], name);
  }
});

test('HTML: the RTO line stands at the injection start plus the RTO, in proportion to the time axis', () => {
  const r = fixture('passed');
  const html = renderDrillReport(r, 'html');
  const [x0] = attr(html, 'axis', 'x1');
  const [x1] = attr(html, 'axis', 'x2');
  const [rto] = attr(html, 'rto', 'x1');
  const start = Date.parse(r.startedAt);
  const expected = (Date.parse(r.injection.startedAt!) + r.endToEnd.targetSeconds! * 1000 - start) / (Date.parse(r.endedAt) - start);
  assert.ok(Math.abs((rto! - x0!) / (x1! - x0!) - expected) < 0.001, `RTO at ${rto} on an axis ${x0}..${x1}, expected fraction ${expected}`);
  assert.match(html, /<text class="marker-label rto"[^>]*>RTO 15 min<\/text>/);
  // An RTO past the drill's end: an arrow at the axis end says so, instead of squashing the drill.
  const aborted = renderDrillReport(fixture('aborted'), 'html');
  assert.equal(attr(aborted, 'rto beyond', 'x1'), [attr(aborted, 'axis', 'x2')[0]!]);
  assert.match(aborted, /<text class="marker-label rto beyond"[^>]*>RTO 1 h →<\/text>/);
  // No injection, no RTO line.
  assert.equal(attr(renderDrillReport(fixture('refused'), 'html'), 'rto', 'x1'), []);
});

test('HTML: bars for the disruption, detection and each step; widths in proportion to the durations', () => {
  const r = fixture('passed');
  const html = renderDrillReport(r, 'html');
  const bars = [...html.matchAll(/<rect class="bar ([^"]+)" x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"/g)].map((m) => ({ cls: m[1]!, width: Number(m[3]) }));
  assert.equal(bars.map((b) => b.cls), ['disruption', 'detection', 'step drill', 'step drill', 'step failback', 'step failback']);
  const perSecond = bars[0]!.width / 1200;
  const steps = [...r.recovery.steps, ...r.failback.steps];
  steps.forEach((s, i) => assert.ok(Math.abs(bars[i + 2]!.width - s.seconds * perSecond) < 0.2, `step ${i}: ${bars[i + 2]!.width} for ${s.seconds} s`));
  assert.ok(Math.abs(bars[1]!.width - 250 * perSecond) < 0.2, 'detection: 4 min 10 s');
  assert.is((html.match(/<circle class="point check good"/g) ?? []).length, 1);
  assert.is((html.match(/<circle class="point check bad"/g) ?? []).length, 4);
  assert.is((html.match(/<path class="point alert"/g) ?? []).length, 2);
  assert.is((html.match(/<line class="marker recovered"/g) ?? []).length, 1);
});

test('HTML: the tables say what the Markdown says', () => {
  const html = renderDrillReport(fixture('aborted'), 'html');
  assert.match(html, /<tr class="unmeasured"><td>end to end, against the RTO<\/td><td>1 h<\/td><td>not measured<\/td><td class="muted">❔ unmeasured<\/td><td>interrupted before api-availability recovered<\/td><\/tr>/);
  assert.match(html, /<div class="alarm" id="not-restored">[\s\S]*?<li><strong>failback afd-payments<\/strong>: origin origin-weu/);
  assert.ok(html.indexOf('id="not-restored"') < html.indexOf('<h2>Timeline</h2>'), 'the failed restore comes first');
  assert.match(html, /<tr class="failed"><td>afd-payments<\/td><td>failback<\/td><td class="bad">❌ not restored<\/td>/);
  assert.match(html, /<td class="bad">failed<\/td>/);
});

// ---------------------------------------------------------------------------------------------------------------
// Hostile text

/** Pieces that break Markdown tables, HTML, terminals or UTF-8, one per user-text field in turn. */
const HOSTILE = [
  'a|b|c',
  '<script>alert(1)</script>',
  '`code` and ``two``',
  'line\nbreak\r\nand\u2028more\rend',
  'lone \ud800 surrogate \udc00',
  '**bold** _em_ ~~gone~~',
  '[link](https://example.com) ![img](x)',
  '&lt;b&gt; &amp; &#60;',
  '# heading',
  '- item',
  '1. item',
  '\\| escaped pipe \\',
  '{{x}} ${x} $math$',
  'ansi \x1b[31mred\x1b[0m bell\x07',
  'bidi \u202eevil\u202c',
  '" onmouseover="alert(1)',
  "it's \u00a0 日本 😀 é",
  '</td></tr></table><h1>x</h1>',
];
const USER_KEYS = new Set(['id', 'service', 'scenario', 'title', 'runbook', 'reason', 'experiment', 'resource', 'urn', 'rule', 'severity', 'mechanism', 'result', 'message', 'slo', 'what', 'detail', 'text', 'job']);

/** The report with every user-text field set by `text` (times, numbers and enums kept). */
function withText(r: DrillReport, text: (key: string, n: number) => string): DrillReport {
  let n = 0;
  const walk = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return typeof v === 'string' && USER_KEYS.has(key) ? text(key, n++) : v;
  };
  return walk(r, '') as DrillReport;
}
const hostile = (r: DrillReport) => withText(r, (_k, n) => HOSTILE[n % HOSTILE.length]!);
const benign = (r: DrillReport) => withText(r, (_k, n) => `text${n}`);

test('hostile text: Markdown tables keep their shape and every cell reads back as the text, made visible', () => {
  for (const name of NAMES) {
    const r = hostile(fixture(name));
    const md = renderDrillReport(r, 'markdown');
    const twin = renderDrillReport(benign(fixture(name)), 'markdown');
    assert.is(md.split('\n').length, twin.split('\n').length, `${name}: no line breaks injected`);
    const ts = tables(md);
    assert.is(ts.length, tables(twin).length);
    for (const t of ts) assert.equal(t.problems, [], name);
    assert.not.match(md, /(^|[^\\])(\\\\)*</m, `${name}: every < escaped`);
    assert.ok(!LONE_SURROGATE.test(md) && !CONTROL.test(md.replace(/\n/g, '')), name);
    const facts = table(md, 'drill').rows;
    assert.is(shown(facts[0]![1]!), trimCell(visibleText(r.service)));
    assert.is(shown(facts[2]![1]!), trimCell(visibleText(r.runbook)));
    if (r.recovery.steps.length) {
      const steps = table(md, 'mode').rows;
      const all = [...r.recovery.steps, ...r.failback.steps];
      steps.forEach((row, i) => {
        assert.is(shown(row[2]!), trimCell(visibleText(all[i]!.resource)), `${name} step ${i} resource`);
        assert.is(shown(row[3]!), trimCell(visibleText(all[i]!.mechanism)));
        assert.is(shown(row[11]!), trimCell(visibleText(all[i]!.message)));
      });
    }
    table(md, 'at').rows.forEach((row, i) => assert.is(shown(row[2]!), trimCell(visibleText(r.timeline[i]!.text))));
  }
});

test('markdownText: reads back exactly through a CommonMark reading, whatever the text', () => {
  for (const piece of HOSTILE) assert.is(readMarkdownText(markdownText(piece)), visibleText(piece), JSON.stringify(piece));
  assert.is(markdownText('99.9 %'), '99.9 %', 'a number is not a list marker');
  assert.is(markdownText('1. item'), '1\\. item');
  assert.is(markdownText('- item'), '\\- item');
  assert.is(visibleText('a\r\nb\u2028c\x1bd\ud800'), 'a b c\ufffdd\ufffd');
});

test('hostile text: HTML gets no markup from it (same tags and attributes as a benign twin), text: no control characters', () => {
  for (const name of NAMES) {
    const html = renderDrillReport(hostile(fixture(name)), 'html');
    const twin = renderDrillReport(benign(fixture(name)), 'html');
    const count = (s: string, c: string) => s.split(c).length - 1;
    for (const c of ['<', '>', '"', "'", '`', '=']) assert.is(count(html, c), count(twin, c), `${name}: ${JSON.stringify(c)}`);
    assert.ok(!html.includes('<script') && !html.includes('<h1>x'), name);
    assert.ok(!LONE_SURROGATE.test(html), name);
    const text = renderDrillReport(hostile(fixture(name)), 'text');
    assert.is(text.split('\n').length, renderDrillReport(benign(fixture(name)), 'text').split('\n').length, name);
    assert.ok(!CONTROL.test(text.replace(/\n/g, '')) && !LONE_SURROGATE.test(text) && !/[\u202a-\u202e]/.test(text), name);
  }
});

test('fuzzed text in every field: Markdown rows keep their cells and read back; HTML and text get no structure from it', () => {
  const started = Date.now();
  const bases = NAMES.map(fixture);
  fc.assert(
    fc.property(fc.constantFrom(...bases.keys()), fc.array(hostileString, { minLength: 1, maxLength: 24 }), (b, pieces) => {
      const r = withText(bases[b]!, (_k, n) => pieces[n % pieces.length]!);
      const twin = benign(bases[b]!);
      const md = renderDrillReport(r, 'markdown');
      for (const t of tables(md)) assert.equal(t.problems, [], show(pieces));
      assert.is(md.split('\n').length, renderDrillReport(twin, 'markdown').split('\n').length, show(pieces));
      assert.is(shown(table(md, 'drill').rows[0]![1]!), trimCell(visibleText(r.service)), show(pieces));
      const html = renderDrillReport(r, 'html');
      const htmlTwin = renderDrillReport(twin, 'html');
      for (const c of ['<', '"']) assert.is(html.split(c).length, htmlTwin.split(c).length, `${show(pieces)} ${c}`);
      const text = renderDrillReport(r, 'text');
      assert.ok(!CONTROL.test(text.replace(/\n/g, '')) && !LONE_SURROGATE.test(text + html + md), show(pieces));
    }),
    { seed: SEED, numRuns: Math.round(300 * SCALE) },
  );
  console.log(`  drill report fuzz: ${Date.now() - started} ms`);
});

// ---------------------------------------------------------------------------------------------------------------
// In a real browser

const artifacts = path.join(root, '.tmp', 'artifacts');
const CASES: [string, DrillReport][] = [...NAMES.map((n) => [n, fixture(n)] as [string, DrillReport]), ['aborted-hostile', hostile(fixture('aborted'))], ['passed-long-names', withText(fixture('passed'), (k, n) => (k === 'resource' || k === 'urn' || k === 'detail' ? `${'very-long-resource-name-'.repeat(6)}${n}` : k === 'experiment' ? '日本語の実験'.repeat(8) : `text${n}`))]];

interface Layout {
  svg: { left: number; right: number; top: number; bottom: number };
  axis: { x1: number; x2: number; y: number };
  bars: { cls: string; x: number; width: number; y: number; height: number }[];
  labels: { cls: string; text: string; left: number; right: number; top: number; bottom: number }[];
  scrollWidth: number;
  clientWidth: number;
}

/** Where the chart's parts landed, in CSS pixels. */
const LAYOUT = `(() => {
  const svg = document.querySelector('svg.timeline');
  const ab = svg.querySelector('line.axis').getBoundingClientRect();
  const s = svg.getBoundingClientRect();
  return {
    svg: { left: s.left, right: s.right, top: s.top, bottom: s.bottom },
    axis: { x1: ab.left, x2: ab.right, y: ab.top + ab.height / 2 },
    bars: [...svg.querySelectorAll('rect.bar')].map((e) => { const b = e.getBoundingClientRect(); return { cls: e.getAttribute('class'), x: b.left, width: b.width, y: b.top, height: b.height }; }),
    labels: [...svg.querySelectorAll('text')].map((e) => { const b = e.getBoundingClientRect(); return { cls: e.getAttribute('class'), text: e.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom }; }),
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  };
})()`;

for (const [name, report] of CASES) {
  browserTest(test)(`${name}: the HTML report renders in Chromium, its timeline laid out inside the chart, nothing wider than the page`, async () => {
    mkdirSync(artifacts, { recursive: true });
    const file = path.join(artifacts, `drill-${name}.html`);
    writeFileSync(file, renderDrillReport(report, 'html'));
    const { chromium: pw } = await import('playwright-core');
    const browser = await pw.launch({ executablePath: chromium()!, args: CHROMIUM_ARGS });
    try {
      for (const width of [1200, 700]) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        const problems: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => problems.push(`${m.type()}: ${m.text()}`));
        page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(`file://${file}`);
        assert.equal(problems, [], `${name} at ${width}px`);
        assert.equal(requests, [`file://${file}`], 'the page loads nothing else');
        assert.ok((await page.title()).startsWith('azslo drill: '));
        // A string, so that the test's compiler adds no helper the page does not have.
        const layout = (await page.evaluate(LAYOUT)) as Layout;
        assert.ok(layout.scrollWidth <= layout.clientWidth, `${name} at ${width}px: the page is ${layout.scrollWidth}px wide in ${layout.clientWidth}px`);
        const inChart = (x: number) => x >= layout.axis.x1 - 0.5 && x <= layout.axis.x2 + 0.5;
        const expectedBars = report.injection.startedAt === undefined ? 0 : 2 + report.recovery.steps.length + report.failback.steps.length;
        assert.is(layout.bars.length, expectedBars, `${name}: bars`);
        for (const b of layout.bars) {
          assert.ok(b.width > 0 && b.height > 0, `${name}: ${b.cls} has a size`);
          assert.ok(inChart(b.x) && inChart(b.x + b.width), `${name}: ${b.cls} from ${b.x} to ${b.x + b.width}, chart ${layout.axis.x1}..${layout.axis.x2}`);
          assert.ok(b.y + b.height < layout.axis.y, `${name}: ${b.cls} above the axis`);
        }
        for (const l of layout.labels) {
          assert.ok(l.left >= layout.svg.left - 0.5 && l.right <= layout.svg.right + 0.5 && l.top >= layout.svg.top - 0.5 && l.bottom <= layout.svg.bottom + 0.5, `${name} at ${width}px: label ${JSON.stringify(l.text)} outside the chart`);
          const below = l.cls === 'tick-label' || l.cls === 'caption';
          assert.ok(below ? l.top > layout.axis.y : l.bottom < layout.axis.y, `${name} at ${width}px: ${l.cls} ${JSON.stringify(l.text)} crosses the axis`);
          if (l.cls === 'lane-label') assert.ok(l.right < layout.axis.x1, `${name} at ${width}px: lane label ${JSON.stringify(l.text)} runs into the chart`);
        }
        // Tick labels side by side, never on top of each other.
        const ticks = layout.labels.filter((l) => l.cls === 'tick-label');
        assert.ok(ticks.length >= 2);
        for (let i = 1; i < ticks.length; i++) assert.ok(ticks[i]!.left > ticks[i - 1]!.right, `${name}: ticks ${ticks[i - 1]!.text} and ${ticks[i]!.text} overlap`);
        if (name === 'aborted-hostile') {
          // The DOM holds the user text as text, made visible, never as markup.
          const cellsText = await page.locator('#steps tr td:nth-child(3)').allTextContents();
          assert.equal(cellsText, [...report.recovery.steps, ...report.failback.steps].map((s) => visibleText(s.resource)));
          assert.is(await page.locator('script, h1 + h1, body > h1').count(), 1, 'only the page heading');
        }
        if (width === 1200) {
          await page.emulateMedia({ media: 'print' });
          await page.screenshot({ path: path.join(artifacts, `drill-${name}.png`), fullPage: true });
        }
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
}

test.run();
