/** The rules of a Prometheus SLO: a recording rule per window, the workbook's alerts, and every expression parses. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fact } from '../../src/catalog/index.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { promqlSyntaxError } from '../../src/promql/parse.js';
import { alertWindows, burnThreshold, errorRatioExpression, prometheusRules } from '../../src/promql/rules.js';
import { fillWindow, promDuration } from '../../src/promql/window.js';
import { baseSpec, MONITOR_WORKSPACE } from '../helpers/specs.js';

const errors = 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))';
const total = 'sum(rate(http_requests_total[{{.window}}]))';

const model = (sli: object, window = '30d', alerting: object = { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } }) =>
  buildServiceModel(baseSpec({ azure: { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE }, slos: [{ name: 'ingress "edge"', sli: { prometheus: sli }, objective: 99.9, window, alerting }] }) as unknown as ServiceSpec);

test('a 30-day SLO records its error ratio over the SRE workbook\'s seven windows, its event rate over the four long ones, and alerts on them: 13 rules, within a group\'s 20', () => {
  const s = model({ errors, total });
  const slo = s.slos[0]!;
  assert.equal(alertWindows(slo).map((w) => w.window), ['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  const rules = prometheusRules(s.name, slo, () => 'why');
  assert.equal(rules.recording.map((r) => r.record), [
    ...['5m', '30m', '1h', '2h', '6h', '1d', '3d'].map((w) => `azslo:sli_error:ratio_rate${w}`),
    ...['1h', '6h', '1d', '3d'].map((w) => `azslo:sli_events:rate${w}`),
  ]);
  assert.is(rules.recording.at(-1)!.expression, 'sum(rate(http_requests_total[3d]))', 'the total query over the window');
  assert.equal(rules.recording[0]!.labels, { azslo_service: 'checkout', azslo_slo: 'ingress "edge"' });
  assert.equal(rules.alerts.map((a) => [a.alert, a.kind, a.severity]), [['slo_checkout_ingress_edge_page', 'page', 1], ['slo_checkout_ingress_edge_ticket', 'ticket', 3]]);
  assert.ok(rules.recording.length + rules.alerts.length <= fact('prometheus-rules', 'rulesPerGroupMax'));
  assert.is(rules.alerts[1]!.annotations.windows, '1d/2h@3x, 3d/6h@1x', 'the ticket keeps the 3-day window log alerts cannot read');
});

test('every recording and alert expression parses with the Prometheus grammar, for errors and for good, for 7d, 28d and 30d', () => {
  for (const window of ['7d', '28d', '30d']) {
    for (const sli of [{ errors, total }, { good: 'sum(rate(http_request_duration_seconds_bucket{le="0.25"}[{{.window}}]))', total }]) {
      const s = model(sli, window);
      const rules = prometheusRules(s.name, s.slos[0]!, () => '');
      for (const e of [...rules.recording.map((r) => r.expression), ...rules.alerts.map((a) => a.expression)]) assert.is(promqlSyntaxError(e), undefined, e);
    }
  }
});

test('the page alert: both windows of a pair at or above burnRate × budget with the minimum of events in the long window, pairs joined by or, the SLO selected by its labels', () => {
  const s = model({ errors, total });
  const page = prometheusRules(s.name, s.slos[0]!, () => '').alerts[0]!;
  assert.is(
    page.expression,
    [
      '(',
      '  azslo:sli_error:ratio_rate1h{azslo_service="checkout", azslo_slo="ingress \\"edge\\""} >= 0.0144',
      '  and',
      '  azslo:sli_error:ratio_rate5m{azslo_service="checkout", azslo_slo="ingress \\"edge\\""} >= 0.0144',
      '  and',
      '  azslo:sli_events:rate1h{azslo_service="checkout", azslo_slo="ingress \\"edge\\""} * 3600 >= 30',
      ')',
      'or',
      '(',
      '  azslo:sli_error:ratio_rate6h{azslo_service="checkout", azslo_slo="ingress \\"edge\\""} >= 0.006',
      '  and',
      '  azslo:sli_error:ratio_rate30m{azslo_service="checkout", azslo_slo="ingress \\"edge\\""} >= 0.006',
      '  and',
      '  azslo:sli_events:rate6h{azslo_service="checkout", azslo_slo="ingress \\"edge\\""} * 21600 >= 30',
      ')',
    ].join('\n'),
  );
});

test('thresholds are the decimal burnRate × (1 − objective), without binary noise', () => {
  assert.is(burnThreshold(14.4, 99.9), '0.0144');
  assert.is(burnThreshold(6, 99.95), '0.003');
  assert.is(burnThreshold(1, 99.99), '0.0001');
  assert.is(burnThreshold(3, 98), '0.06');
});

test('the ratio: errors / total, or 1 − good / total, with the window filled in', () => {
  assert.is(errorRatioExpression({ errors, total }, '1h'), '(sum(rate(http_requests_total{code=~"5.."}[1h])))\n/\n(sum(rate(http_requests_total[1h])))');
  assert.match(errorRatioExpression({ good: 'g[{{.window}}]', total: 't[{{.window}}]' }, '3d'), /^1 - \(\n {2}\(g\[3d\]\)\n {2}\/\n {2}\(t\[3d\]\)\n\)$/);
});

test('fillWindow maps an offset of the filled query back to the query as written', () => {
  const f = fillWindow('rate(x[{{.window}}]) / rate(y[{{.window}}]) )', '5m');
  assert.is(f.text, 'rate(x[5m]) / rate(y[5m]) )');
  assert.is(f.sourceOffset(f.text.lastIndexOf(')')), 'rate(x[{{.window}}]) / rate(y[{{.window}}]) )'.lastIndexOf(')'));
  assert.is(f.sourceOffset(7), 7, 'inside a filled placeholder: its start');
  assert.equal([promDuration(300), promDuration(7200), promDuration(259200), promDuration(90)], ['5m', '2h', '3d', '90s']);
});

test('promqlSyntaxError finds what the Prometheus grammar refuses, and passes what it accepts', () => {
  assert.is(promqlSyntaxError('sum(rate(x[5m]))'), undefined);
  assert.is(promqlSyntaxError('histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))'), undefined);
  for (const bad of ['sum(rate(x[5m])', 'rate(x[5m]) /', 'x{a="b}', '', 'x{a=b}']) assert.ok(promqlSyntaxError(bad), bad);
  assert.is(promqlSyntaxError('rate(x[5m]) )')!.offset, 12);
});

test.run();
