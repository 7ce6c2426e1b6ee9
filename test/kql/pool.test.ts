/**
 * Many KQL checks at once (src/kql/pool.ts): on a worker thread beside the main one, the answers are the language
 * service's, in the requests' order — binding, parsing only, custom tables, errors — and they are cached for checkKql.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkKqlMany } from '../../src/kql/pool.js';
import { checkKql, type KqlRequest } from '../../src/kql/service.js';

// Texts no other test checks, so the workers (not the cache) answer them.
const run = `pool-${process.pid}`;
const requests: KqlRequest[] = Array.from({ length: 240 }, (_, i): KqlRequest => {
  switch (i % 4) {
    case 0:
      return { text: `AppRequests\n| where Name == "${run}-${i}"\n| project TimeGenerated, Success` };
    case 1:
      return { text: `AppRequests | where NoSuchColumn${i} == 1` };
    case 2:
      return { text: `Orders_CL | where Amount > ${i}`, tables: [{ name: 'Orders_CL', columns: [{ name: 'TimeGenerated', type: 'datetime' }, { name: 'Amount', type: 'real' }] }] };
    default:
      return { text: `let x = view () {\nAppRequests | where Name == "${run}-${i}"\n}};\nx`, bind: false };
  }
});

test('a worker thread answers part of a batch, and every answer is the language service’s, in order', () => {
  let counts: { requests: number; onWorkers: number } | undefined;
  const answers = checkKqlMany(requests, { threads: 1, report: (c) => (counts = c) });
  assert.is(answers.length, requests.length);
  assert.is(counts?.requests, requests.length);
  assert.ok(counts!.onWorkers > 0 && counts!.onWorkers < requests.length, `the worker answered ${counts!.onWorkers} of ${requests.length}`);
  answers.forEach((a, i) => {
    const errors = a.problems.filter((p) => p.severity === 'error');
    if (i % 4 === 0) {
      assert.equal(errors, [], `${i}: a valid query`);
      assert.equal(a.columns, ['TimeGenerated', 'Success']);
    } else if (i % 4 === 1) {
      assert.ok(errors.some((p) => p.message.includes(`NoSuchColumn${i}`)), `${i}: the unknown column is named`);
      assert.is(requests[i]!.text.slice(errors[0]!.start, errors[0]!.start + errors[0]!.length), `NoSuchColumn${i}`);
    } else if (i % 4 === 2) {
      assert.equal(errors, [], `${i}: a spec's custom table is known`);
      assert.ok(a.columns?.includes('Amount'));
    } else {
      // Parsed only: a stray `}` after the view is a syntax error, and nothing is bound.
      assert.ok(errors.length > 0, `${i}: the stray brace is reported`);
      assert.is(a.columns, undefined);
    }
  });
});

test('the batch’s answers are the ones checkKql gives afterwards (cached, not checked again)', () => {
  const answers = checkKqlMany(requests, { threads: 1 });
  requests.forEach((r, i) => assert.is(checkKql(r.text, r.database, r.functions, r.tables, { bind: r.bind }), answers[i]));
});

test('without threads, or for a small batch, everything is checked on the main thread', () => {
  let onWorkers = -1;
  checkKqlMany([{ text: `AppRequests | where Name == "${run}-small"` }], { threads: 4, report: (c) => (onWorkers = c.onWorkers) });
  assert.is(onWorkers, 0);
  checkKqlMany(requests.map((r) => ({ ...r, text: `${r.text}\n// ${run}-main` })), { threads: 0, report: (c) => (onWorkers = c.onWorkers) });
  assert.is(onWorkers, 0);
});

test.run();
