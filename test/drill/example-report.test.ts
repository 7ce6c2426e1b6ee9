/**
 * The drill report checked in under examples/_drills/ (recorded by `npm run examples:drill` from a drill of
 * examples/resilient-api against the local ARM endpoint): one report, JSON beside its Markdown and HTML; the JSON is a
 * stable drill report of a passed drill with every objective judged; the Markdown and the HTML are exactly what
 * renderDrillReport makes of it, so they are never hand-edited or stale; and the HTML renders in headless Chromium
 * with its timeline chart laid out and nothing on the console. A screenshot is kept in .tmp/artifacts/.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDrillReport, type DrillReport } from '../../src/drplan/drill-report.js';
import { renderDrillReport } from '../../src/drill/render.js';
import { browserTest, chromium, CHROMIUM_ARGS } from '../helpers/browser.js';
import { root } from '../helpers/bicep.js';

const FOLDER = path.join(root, 'examples', '_drills', 'payments', 'regionOutage-westeurope');
const files = readdirSync(FOLDER).sort();
const base = files.find((f) => f.endsWith('.json'))?.replace(/\.json$/, '') ?? '';
const file = (ext: string) => path.join(FOLDER, `${base}${ext}`);

function report(): DrillReport {
  const parsed = parseDrillReport(readFileSync(file('.json'), 'utf8'));
  if (!parsed.ok) throw new Error(`${file('.json')}: ${parsed.message}`);
  return parsed.report;
}

test('one recorded drill: its JSON, Markdown and HTML under the name azslo drill gives them', () => {
  assert.match(base, /^\d{8}T\d{6}Z-7d1e5a90$/, 'the time of the run, then the fixed drill id');
  assert.equal(files, [`${base}.html`, `${base}.json`, `${base}.md`], 'only the latest run is kept');
  assert.equal(readdirSync(path.join(root, 'examples', '_drills')).sort(), ['README.md', 'payments']);
  const text = readFileSync(file('.json'), 'utf8');
  assert.is(text, `${JSON.stringify(JSON.parse(text), null, 2)}\n`, 'two-space JSON with one trailing newline, as drill writes it');
});

test('the drill of resilient-api passed, with every objective judged and everything restored', () => {
  const r = report();
  assert.equal([r.service, r.scenario, r.outcome], ['payments', 'regionOutage/westeurope', 'passed'], r.reason);
  assert.is(r.id, '7d1e5a90-3c4b-4f2a-9e86-50b1c2d3e4f5');
  for (const [name, o] of Object.entries({ detection: r.detection, recovery: r.recovery, dataLoss: r.dataLoss, endToEnd: r.endToEnd })) {
    assert.ok(['pass', 'fail', 'unmeasured'].includes(o.status), `${name}: ${o.status}`);
    assert.ok(o.reason.length > 0, `${name} says why`);
  }
  assert.equal([r.detection.status, r.endToEnd.status], ['pass', 'pass']);
  assert.is(r.endToEnd.targetSeconds, 3600, 'the regionOutage target of the spec');
  assert.is(r.dataLoss.targetSeconds, 60, 'the RPO of the spec, not the estimate');
  // The experiment the example generates: App Service stop on the westeurope app, ended by the drill.
  assert.equal(r.injection.faults, [{ resource: 'app-payments-weu', urn: 'urn:csci:microsoft:appService:stop/1.0' }]);
  assert.is(r.injection.cancelled, true);
  assert.equal([r.recovery.jobStatus, r.failback.status, r.sli.status], ['Completed', 'Completed', 'recovered']);
  assert.ok(r.recovery.steps.some((s) => s.resource === 'paymentsdb' && s.result === 'done'), 'the database failed over, planned');
  assert.ok(r.failback.steps.some((s) => s.resource === 'paymentsdb' && s.result === 'done'), 'and back');
  assert.ok(r.restored.length > 0 && r.restored.every((x) => x.status === 'restored'), JSON.stringify(r.restored));
  const times = r.timeline.map((e) => e.at);
  assert.equal(times, [...times].sort(), 'the timeline in time order');
  assert.ok(Date.parse(r.endedAt) - Date.parse(r.startedAt) < 60_000, 'recorded in well under a minute');
});

test('the Markdown and the HTML beside it are the renderings of the JSON', () => {
  const r = report();
  assert.fixture(readFileSync(file('.md'), 'utf8'), renderDrillReport(r, 'markdown'));
  assert.fixture(readFileSync(file('.html'), 'utf8'), renderDrillReport(r, 'html'));
});

interface Chart {
  axis: { x1: number; x2: number };
  bars: { cls: string; width: number; height: number; left: number; right: number }[];
  rto: { cls: string; x: number; height: number }[];
  labels: string[];
}

/** Where the chart's parts landed, in CSS pixels (a string, so that the test's compiler adds nothing the page lacks). */
const CHART = `(() => {
  const svg = document.querySelector('svg.timeline');
  const axis = svg.querySelector('line.axis').getBoundingClientRect();
  return {
    axis: { x1: axis.left, x2: axis.right },
    bars: [...svg.querySelectorAll('rect.bar')].map((e) => { const b = e.getBoundingClientRect(); return { cls: e.getAttribute('class'), width: b.width, height: b.height, left: b.left, right: b.right }; }),
    rto: [...svg.querySelectorAll('line.marker.rto')].map((e) => { const b = e.getBoundingClientRect(); return { cls: e.getAttribute('class'), x: b.left + b.width / 2, height: b.height }; }),
    labels: [...svg.querySelectorAll('text.marker-label.rto')].map((e) => e.textContent),
  };
})()`;

browserTest(test)('the HTML renders in headless Chromium: no console message, its timeline bars and the RTO line laid out', async () => {
  const r = report();
  const { chromium: pw } = await import('playwright-core');
  const browser = await pw.launch({ executablePath: chromium()!, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => problems.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('request', (q) => requests.push(q.url()));
    await page.goto(`file://${file('.html')}`);
    assert.equal(problems, []);
    assert.equal(requests, [`file://${file('.html')}`], 'the page loads nothing else');
    assert.is(await page.title(), `azslo drill: ${r.title} — ${r.service}`);
    const chart = (await page.evaluate(CHART)) as Chart;
    // Disruption and detection, then each step of the Failover and Failback phases.
    assert.equal(chart.bars.map((b) => b.cls), ['bar disruption cancelled', 'bar detection', ...r.recovery.steps.map(() => 'bar step drill'), ...r.failback.steps.map(() => 'bar step failback')]);
    for (const b of chart.bars) {
      assert.ok(b.width > 0 && b.height > 0, `${b.cls} has a size`);
      assert.ok(b.left >= chart.axis.x1 - 0.5 && b.right <= chart.axis.x2 + 0.5, `${b.cls} from ${b.left} to ${b.right}, axis ${chart.axis.x1}..${chart.axis.x2}`);
    }
    // The RTO (1 h) ends long after this drill: its line stands at the axis end, the label says it goes on.
    assert.is(chart.rto.length, 1);
    assert.ok(chart.rto[0]!.height > 0, 'the RTO line is drawn');
    assert.ok(Math.abs(chart.rto[0]!.x - chart.axis.x2) < 1, `the RTO line at ${chart.rto[0]!.x}, axis end ${chart.axis.x2}`);
    assert.equal(chart.labels, ['RTO 1 h →']);
    const artifacts = path.join(root, '.tmp', 'artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'drill-example-resilient-api.png'), fullPage: true });
    await page.close();
  } finally {
    await browser.close();
  }
});

test.run();
