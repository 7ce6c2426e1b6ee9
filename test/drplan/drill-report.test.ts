/**
 * The drill report's JSON is stable: a report read back (parseDrillReport) and written again (serializeDrillReport)
 * gives the same bytes, nulls included; what is not a report of this version is refused with a reason, never thrown.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DRILL_REPORT_VERSION, parseDrillReport, serializeDrillReport } from '../../src/drplan/drill-report.js';
import { root } from '../helpers/bicep.js';

const folder = path.join(root, 'test/fixtures/drill/reports');
const fixtures = readdirSync(folder).filter((f) => f.endsWith('.json')).sort();

test('every fixture report reads back and writes again byte for byte, its nulls kept as keys', () => {
  assert.ok(fixtures.length >= 4, fixtures.join(', '));
  for (const f of fixtures) {
    const text = readFileSync(path.join(folder, f), 'utf8');
    const parsed = parseDrillReport(text);
    assert.ok(parsed.ok, `${f}: ${parsed.ok ? '' : parsed.message}`);
    if (!parsed.ok) continue;
    assert.ok(text.includes('null'), `${f} has null fields to keep`);
    assert.is(serializeDrillReport(parsed.report), text, f);
  }
});

test('a null field reads as undefined (the type says so), not as null', () => {
  const text = readFileSync(path.join(folder, 'refused.json'), 'utf8');
  const parsed = parseDrillReport(text);
  assert.ok(parsed.ok);
  if (!parsed.ok) return;
  assert.ok('job' in parsed.report.recovery, 'the key is there');
  assert.is(parsed.report.recovery.job, undefined);
});

test('what is not a drill report of this version is refused with a reason', () => {
  const cases: [string, RegExp][] = [
    ['not json', /not JSON/],
    ['[]', /a JSON object is expected/],
    [JSON.stringify({ apiVersion: 'azslo.dev/drill-report/v0' }), /not a drill report of this version.*v0.*expected azslo\.dev\/drill-report\/v1/],
    [JSON.stringify({ apiVersion: DRILL_REPORT_VERSION, id: 'x', service: 's', scenario: 'regionOutage/westeurope', startedAt: 'yesterday', endedAt: 'today' }), /ISO 8601/],
  ];
  for (const [text, why] of cases) {
    const r = parseDrillReport(text);
    assert.not.ok(r.ok, text);
    if (!r.ok) assert.match(r.message, why);
  }
});

test.run();
