/** Prometheus SLIs are checked where they are written: PromQL errors at their line and column, inside the scalar. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { baseSpec, CLUSTER, MONITOR_WORKSPACE, validateSpec, validateText } from '../helpers/specs.js';

const azure = { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE };
const spec = (prometheus: object, more: object = {}) =>
  baseSpec({ azure, slos: [{ name: 'ingress', sli: { prometheus }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] } }, ...more }] });
const errors = 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))';
const total = 'sum(rate(http_requests_total[{{.window}}]))';

test('a Prometheus SLI with errors or good, a cluster and what it measures is valid', () => {
  for (const p of [{ errors, total }, { good: 'sum(rate(x_bucket{le="0.3"}[{{.window}}]))', total, cluster: CLUSTER, measures: 'latency' }]) {
    const r = validateSpec(spec(p));
    assert.equal(r.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  }
});

test('a syntax error is reported at its column in the query as written, the placeholder counted as written', () => {
  const text = stringify(spec({ errors: 'sum(rate(http_requests_total[{{.window}}]) by code)', total }));
  const r = validateText(text);
  const d = r.diagnostics.find((x) => x.code === 'AZSLO058')!;
  assert.ok(d, JSON.stringify(r.diagnostics));
  const line = text.split('\n')[d.position!.line - 1]!;
  assert.is(line.slice(d.position!.col - 1, d.position!.col + 1), 'by', `${line} at ${d.position!.col}`);
  assert.match(d.message, /errors query: PromQL syntax error: unexpected 'by/);
});

test('text valid alone that breaks the rule azslo wraps it in (a comment that swallows the ratio\'s parenthesis) is reported', () => {
  const r = validateSpec(spec({ errors: 'sum(rate(x[{{.window}}])) # the 5xx', total }));
  assert.equal(r.diagnostics.map((d) => [d.code, d.path]), [['AZSLO058', 'slos[0].sli.prometheus.errors']]);
  assert.match(r.diagnostics[0]!.message, /the rule azslo writes from this query does not parse/);
});

test('a Prometheus SLI needs the workspace, total with errors or good (not both), and {{.window}} in each query', () => {
  const codes = (s: object) => validateSpec(s).diagnostics.map((d) => d.code);
  assert.equal(codes({ ...spec({ errors, total }), azure: baseSpec().azure }), ['AZSLO060']);
  assert.equal(codes(spec({ total })), ['AZSLO059']);
  assert.equal(codes(spec({ errors, good: errors, total })), ['AZSLO059']);
  assert.equal(codes(spec({ errors: 'sum(rate(e[5m]))', total })), ['AZSLO059']);
  assert.equal(codes(spec({ errors, total, cluster: MONITOR_WORKSPACE })), ['AZSLO016'], 'the cluster is an AKS or Arc cluster id (malformed resource id)');
});

test.run();
