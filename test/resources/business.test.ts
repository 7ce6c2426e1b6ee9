/** KPI anomaly alert rules: what each method becomes as a log search alert rule, within the two days Azure reads. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { buildDeployment } from '../../src/resources/index.js';
import { FileText, type AzureResource } from '../../src/resources/model.js';
import { baseSpec, validateSpec } from '../helpers/specs.js';

const spec = baseSpec({
  business: {
    signals: [
      {
        name: 'orders',
        source: { event: 'OrderPlaced' },
        alerts: [
          { kind: 'anomaly', notify: ['oncall'] },
          { kind: 'anomaly', bin: '1h', direction: 'both', notify: ['oncall'] },
          { kind: 'anomaly', bin: '15m', period: '1h', notify: ['oncall'] },
          { kind: 'anomaly', method: 'dynamicThreshold', bin: '1h', notify: ['oncall'] },
        ],
      },
    ],
  },
});
const rules = buildDeployment([buildServiceModel(spec as unknown as ServiceSpec)]).resources.filter((r) => r.type === 'Microsoft.Insights/scheduledQueryRules' && r.name.startsWith('kpi-'));
const rule = (id: string) => rules.find((r) => r.name.endsWith(`-${id}`))!;
const props = (r: AzureResource) => r.properties as { evaluationFrequency: string; windowSize: string; description: string; criteria: { allOf: { criterionType?: string; query: FileText }[] } };

test('the spec is valid: hourly decompose bins now fit the two days (they read 48 h 5 min before)', () => {
  assert.equal(validateSpec(spec).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
});

test('decompose: every 15 minutes over two days, measured against the same time a day earlier', () => {
  const p = props(rule('anomaly-1'));
  assert.is(p.evaluationFrequency, 'PT15M');
  assert.is(p.windowSize, 'P2D');
  assert.match(p.criteria.allOf[0]!.query.content, /series_decompose_anomalies\(Value, 2\.5, 96, "linefit"\)/);
  assert.match(p.description, /against its daily pattern over the last 47 h 30 min \(series_decompose_anomalies with a fixed period of 96 bins, medium sensitivity\)/);
});

test('decompose in hourly bins: 46 h of series, a period of 24 bins, evaluated hourly', () => {
  const p = props(rule('anomaly-2'));
  assert.is(p.evaluationFrequency, 'PT1H');
  assert.is(p.windowSize, 'P2D');
  assert.match(p.criteria.allOf[0]!.query.content, /let seriesStart = seriesEnd - 46h;/);
  assert.match(p.criteria.allOf[0]!.query.content, /series_decompose_anomalies\(Value, 2\.5, 24, "linefit"\)/);
  assert.match(p.description, /anomalous drop or spike against its daily pattern over the last 46 h/);
});

test('decompose with an hourly period: 4 bins of 15 minutes', () => {
  const p = props(rule('anomaly-3'));
  assert.match(p.criteria.allOf[0]!.query.content, /series_decompose_anomalies\(Value, 2\.5, 4, "linefit"\)/);
  assert.match(p.description, /against its hourly pattern/);
});

test('dynamic thresholds: Azure aggregates per bin and learns the pattern; no period of its own', () => {
  const r = rule('anomaly-4');
  const p = props(r);
  assert.is(p.criteria.allOf[0]!.criterionType, 'DynamicThresholdCriterion');
  assert.is(p.windowSize, 'PT1H');
  assert.match(p.description, /weekly patterns after three weeks/);
});

test.run();
