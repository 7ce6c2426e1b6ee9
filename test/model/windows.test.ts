/** Window sets: from the catalog for 7d, 28d and 30d; derived by the documented rule otherwise. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { windowsFor } from '../../src/model/windows.js';

test('30d page: 1h/5m at 14.4 and 6h/30m at 6, evaluated every 5 minutes over 6 hours', () => {
  const w = windowsFor(30, 'page');
  assert.equal(w.pairs.map((p) => [p.long, p.short, p.burnRate, p.budgetPercent]), [
    ['1h', '5m', 14.4, 2],
    ['6h', '30m', 6, 5],
  ]);
  assert.is(w.evaluationFrequency, 'PT5M');
  assert.is(w.queryWindow, 'PT6H');
  assert.is(w.origin, 'catalog/windows/30d.yaml');
});

test('30d ticket: the 3d/6h pair becomes 2d/4h at 1.5 (Azure scans at most two days)', () => {
  const w = windowsFor(30, 'ticket');
  assert.equal(w.pairs.map((p) => [p.long, p.short, p.burnRate, p.budgetPercent]), [
    ['1d', '2h', 3, 10],
    ['2d', '4h', 1.5, 10],
  ]);
  assert.is(w.queryWindow, 'P2D');
});

test('a 14d window derives from the 30d set: same windows and burn rates, budget share = burn × long / window', () => {
  const w = windowsFor(14, 'page');
  assert.match(w.origin, /derived/);
  assert.equal(w.pairs.map((p) => [p.long, p.burnRate, p.budgetPercent]), [
    ['1h', 14.4, 4.286],
    ['6h', 6, 10.714],
  ]);
  assert.equal(w.dropped, []);
});

test('pairs that would stand for more than the whole budget are dropped', () => {
  const page = windowsFor(1, 'page');
  assert.equal(page.pairs.map((p) => p.long), ['1h']);
  assert.equal(page.dropped.map((p) => [p.long, p.budgetPercent]), [['6h', 150]]);
  assert.equal(windowsFor(1, 'ticket').pairs, []);
  assert.equal(windowsFor(2, 'ticket').pairs, [], 'at 2d the 1d pair stands for 150 %');
  assert.equal(windowsFor(90, 'ticket').pairs.map((p) => p.budgetPercent), [3.333, 3.333]);
});

test.run();
