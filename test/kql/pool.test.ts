/**
 * Many KQL checks at once (src/kql/pool.ts): on a worker thread beside the main one, the answers are the language
 * service's, in the requests' order — binding, parsing only, custom tables, errors — and they are cached for checkKql.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkKqlMany, runOnWorkers } from '../../src/kql/pool.js';
import { checkKql, type KqlCheck, type KqlRequest } from '../../src/kql/service.js';

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

/** What each kind of request must be answered. */
function assertAnswer(a: KqlCheck, i: number): void {
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
}

test('a worker thread answers as the language service does, each request in its place', () => {
  const answers = runOnWorkers(requests, 1, false);
  assert.is(answers.length, requests.length);
  answers.forEach((a, i) => {
    assert.ok(a?.onWorker, `${i}: answered by the worker`);
    assertAnswer(a!.answer, i);
  });
});

test('a batch shared by the main thread and a worker: every answer in order, whoever gave it', () => {
  let counts: { requests: number; onWorkers: number } | undefined;
  const fresh = requests.map((r) => ({ ...r, text: `${r.text}\n// ${run}-shared` }));
  const answers = checkKqlMany(fresh, { threads: 1, report: (c) => (counts = c) });
  assert.is(answers.length, requests.length);
  assert.is(counts?.requests, requests.length);
  // Which thread answers what is a race (a warm main thread may finish before the worker has loaded): the answers
  // must not depend on it.
  answers.forEach((a, i) => assertAnswer(a, i));
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
