/**
 * The HTML report in a real headless browser (Debian's Chromium, driven by playwright-core): it renders with no
 * console error, shows its charts and tables, and a screenshot is kept as an artifact in .tmp/artifacts/.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../src/analyze/api.js';
import { EXAMPLES_DAY } from '../../scripts/examples-day.js';
import { timelineRows } from '../../src/analyze/report.js';
import { loadSpecs, validate } from '../../src/index.js';
import { browserTest, chromium, CHROMIUM_ARGS } from '../helpers/browser.js';
import { root } from '../helpers/bicep.js';

const artifacts = path.join(root, '.tmp', 'artifacts');
const names = readdirSync(path.join(root, 'examples', '_analysis'));

for (const name of names) {
  browserTest(test)(`${name}: the HTML report renders in Chromium with no console error`, async () => {
    const cwd = process.cwd();
    process.chdir(root);
    const result = validate(await loadSpecs([`examples/${name}`]));
    process.chdir(cwd);
    const { text, report } = analyze(result, 'html', undefined, { today: EXAMPLES_DAY });
    mkdirSync(artifacts, { recursive: true });
    const file = path.join(artifacts, `analysis-${name}.html`);
    writeFileSync(file, text);
    const { chromium: pw } = await import('playwright-core');
    const browser = await pw.launch({ executablePath: chromium()!, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
      await page.goto(`file://${file}`);
      assert.equal(problems, []);
      assert.is(await page.title(), 'azslo analyze');
      const s = report.services[0]!;
      assert.is(await page.locator('[aria-label="Availability per component and journey"] .row').count(), new Set(s.journeys.flatMap((j) => JSON.stringify(j.steps).match(/"resource":"[^"]+"/g) ?? [])).size + s.journeys.length);
      assert.is(await page.locator('[aria-label="Detection timeline against RTO"] .row').count(), timelineRows(s).length);
      const embedded = JSON.parse((await page.locator('#azslo-analysis').textContent())!) as { gaps: number };
      assert.is(embedded.gaps, report.gaps);
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: path.join(artifacts, `analysis-${name}.png`), fullPage: true });
      assert.equal(problems, []);
    } finally {
      await browser.close();
    }
  });
}

test.run();
