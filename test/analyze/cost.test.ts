/**
 * The monthly cost of the alerting: each rule the deployment holds, priced from catalog/azure/prices.yaml the way
 * Azure Monitor bills it — a log search rule by its evaluation frequency, a metric rule per time series it watches
 * (plus the dynamic-threshold surcharge), an activity log rule free.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fact } from '../../src/catalog/index.js';
import { alertingCost, moneyText, totalCost } from '../../src/analyze/cost.js';
import type { AzureResource, Deployment, Value } from '../../src/resources/model.js';

const rule = (name: string, type: string, properties: Record<string, Value>, service = 'svc'): AzureResource =>
  ({ key: `${service}/x/${name}`, module: `${service}/x`, symbol: name.replace(/-/g, '_'), type, apiVersion: '2023-01-01', name, location: 'westeurope', tags: {}, properties, dependsOn: [], description: '' }) as unknown as AzureResource;
const logRule = (name: string, evaluationFrequency: string, service?: string) => rule(name, 'Microsoft.Insights/scheduledQueryRules', { evaluationFrequency, windowSize: 'PT1H' }, service);
const deployment = (...resources: AzureResource[]): Deployment => ({ params: [], modules: [], resources });
const price = (iso: string) => fact('prices', 'logSearchRuleMonthly')[iso]!;

test('a log search rule pays the price of the largest listed frequency not above its own', () => {
  const c = alertingCost(deployment(logRule('a', 'PT1M'), logRule('b', 'PT5M'), logRule('c', 'PT30M'), logRule('d', 'P1D')));
  assert.equal(c.rules.map((r) => r.monthly), [price('PT1M'), price('PT5M'), price('PT15M'), price('PT15M')]);
  assert.is(c.rules[2]!.basis, 'every 30 min, priced as every 15 min');
  assert.is(c.rules[0]!.basis, 'every 1 min');
});

test('a metric rule pays per time series: scopes × criteria × the dimension values it names; a dynamic threshold adds its surcharge', () => {
  const perSeries = fact('prices', 'metricTimeSeriesMonthly');
  const dynamic = fact('prices', 'dynamicThresholdTimeSeriesMonthly');
  const c = alertingCost(
    deployment(
      rule('two-scopes', 'Microsoft.Insights/metricAlerts', { scopes: ['/a', '/b'], criteria: { allOf: [{ criterionType: 'StaticThresholdCriterion', dimensions: [] }] } }),
      rule('dims', 'Microsoft.Insights/metricAlerts', { scopes: ['/a'], criteria: { allOf: [{ criterionType: 'StaticThresholdCriterion', dimensions: [{ name: 'ApiName', operator: 'Include', values: ['GetBlob', 'PutBlob', 'DeleteBlob'] }] }] } }),
      rule('dynamic', 'Microsoft.Insights/metricAlerts', { scopes: ['/a'], criteria: { allOf: [{ criterionType: 'DynamicThresholdCriterion', dimensions: [] }] } }),
      rule('every-value', 'Microsoft.Insights/metricAlerts', { scopes: ['/a'], criteria: { allOf: [{ criterionType: 'StaticThresholdCriterion', dimensions: [{ name: 'ApiName', operator: 'Include', values: ['*'] }] }] } }),
    ),
  );
  assert.equal(c.rules.map((r) => r.timeSeries), [2, 3, 1, 1]);
  const cents = (n: number) => Math.round(n * 100) / 100;
  assert.equal(c.rules.map((r) => r.monthly), [cents(2 * perSeries), cents(3 * perSeries), cents(perSeries + dynamic), perSeries]);
  assert.is(c.rules[3]!.atLeast, true, "'*' splits by values nobody knows yet: the figure is a lower bound");
  assert.is(c.atLeast, true);
  assert.ok(moneyText(c).startsWith('≥ '));
});

test('activity log rules are free, and a service counts only its own rules', () => {
  const d = deployment(rule('rh', 'Microsoft.Insights/activityLogAlerts', {}), logRule('mine', 'PT5M'), logRule('theirs', 'PT1M', 'other'));
  const mine = alertingCost(d, 'svc');
  assert.equal(mine.rules.map((r) => [r.rule, r.monthly]), [['rh', 0], ['mine', price('PT5M')]]);
  assert.is(alertingCost(d, 'other').monthly, price('PT1M'));
  assert.is(totalCost([mine, alertingCost(d, 'other')]).monthly, alertingCost(d).monthly);
});

test('sums show no floating-point dust, and the report names the prices, their day and their source', () => {
  const many = Array.from({ length: 7 }, (_, i) => rule(`m${i}`, 'Microsoft.Insights/metricAlerts', { scopes: ['/a'], criteria: { allOf: [{ criterionType: 'StaticThresholdCriterion' }] } }));
  const c = alertingCost(deployment(...many));
  assert.is(String(c.monthly), String(Math.round(7 * fact('prices', 'metricTimeSeriesMonthly') * 100) / 100));
  assert.is(c.currency, fact('prices', 'currency'));
  assert.is(c.pricesReadOn, fact('prices', 'readOn'));
  assert.match(c.source, /^https:\/\/azure\.microsoft\.com\/pricing\/details\/monitor\/$/);
});


test('budget alerts: their hourly rules at the slowest log search price, and the hourly job — Automation minutes beyond the free ones, two Logic App executions a run, the rows\' ingestion', async () => {
  const { buildDeployment } = await import('../../src/resources/index.js');
  const { buildServiceModel } = await import('../../src/model/service.js');
  const { baseSpec } = await import('../helpers/specs.js');
  const spec = baseSpec({ slos: [{ name: 'api', sli: { requestAvailability: {} }, objective: 99.9, window: '30d', alerting: { budget: { remainingBelow: [50], exhausted: true, notify: ['oncall'] } } }] });
  const c = alertingCost(buildDeployment([buildServiceModel(spec as never)]), 'checkout');
  assert.equal(c.rules.map((r) => [r.rule, r.monthly]), [['slo-checkout-api-budget-below-50', price('PT15M')], ['slo-checkout-api-budget-exhausted', price('PT15M')]]);
  assert.is(c.jobs.length, 1);
  const runs = 730;
  const job = (runs - fact('prices', 'automationFreeMinutesMonthly')) * fact('prices', 'automationJobMinute') + 2 * runs * fact('prices', 'logicAppExecution') + (runs * 300 / 1e9) * fact('prices', 'logIngestionPerGB');
  assert.ok(Math.abs(c.jobs[0]!.monthly - job) < 0.0001, `${c.jobs[0]!.monthly} ≈ ${job}`);
  assert.match(c.jobs[0]!.basis, /^730 runs of about 1 min \(230 min beyond the 500 free\), 1460 Logic App executions, 1 row\(s\) an hour$/);
  assert.is(c.monthly, Math.round((2 * price('PT15M') + c.jobs[0]!.monthly) * 10000) / 10000, 'the job is in the total');
});

test.run();
