/**
 * The catalog takes conditions from Azure Monitor Baseline Alerts, but not its known defects: a Cosmos DB metric that
 * does not exist, dimension values that are samples from someone's environment, and static thresholds a metric can
 * never cross. Upstream records are AMBA as published and may hold these defects; the alerts azslo creates may not.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findMetric, metricsCatalog, resourceCatalog, type MetricAlertDefinition } from '../../src/catalog/resources.js';

const alerts = () => [...resourceCatalog().values()].flatMap((e) => [...e.baselineAlerts, ...e.recovery.signals].map((a) => ({ type: e.type, a })));
const ns = (type: string, a: Pick<MetricAlertDefinition, 'namespace'>) => (a.namespace ?? type).toLowerCase();

/** AMBA dimension values that name one environment's resources (a Front Door origin group, a pipeline, an event hub). */
const SAMPLE_DIMENSION_VALUES: { type: string; dimension: string; value: string }[] = [
  { type: 'Microsoft.Cdn/profiles', dimension: 'OriginGroup', value: 'render' },
  { type: 'Microsoft.DataFactory/factories', dimension: 'Name', value: 'productrecommendation' },
  { type: 'Microsoft.EventHub/namespaces', dimension: 'EntityName', value: 'application-logs' },
];

/** Percent metrics that measure demand against capacity and so go above 100 (their reference says so). */
const UNBOUNDED_PERCENT = new Set(['microsoft.kusto/clusters CacheUtilizationFactor']);

/** Why a static threshold can never be crossed, or undefined when it can. */
function unreachable(type: string, a: Pick<MetricAlertDefinition, 'namespace' | 'metric' | 'operator' | 'threshold'>): string | undefined {
  if (a.threshold === undefined) return undefined;
  const t = a.threshold;
  if (findMetric(type, a)?.unit === 'Percent' && !UNBOUNDED_PERCENT.has(`${ns(type, a)} ${a.metric}`)) {
    if (t > 100 || t < 0) return `percentage threshold ${t} outside 0-100`;
    if (a.operator === 'GreaterThan' && t >= 100) return `a percentage is never above ${t}`;
    if (a.operator === 'LessThan' && t <= 0) return `a percentage is never below ${t}`;
  }
  // PostgreSQL transaction IDs wrap around at 2^31: the age of the oldest unfrozen one cannot exceed it.
  if (a.metric === 'maximum_used_transactionIDs' && (a.operator === 'GreaterThan' || a.operator === 'GreaterThanOrEqual') && t >= 2 ** 31) {
    return `transaction IDs in use cannot reach ${t} (limit 2^31)`;
  }
  return undefined;
}

test('no Cosmos DB alert or metric definition names ThrottledRequests (AMBA names a metric Cosmos DB does not have)', () => {
  for (const { type, a } of alerts()) {
    if (ns(type, a).startsWith('microsoft.documentdb/')) assert.is.not(a.metric, 'ThrottledRequests', `${type} ${a.id}`);
  }
  for (const m of metricsCatalog().values()) {
    for (const n of m.namespaces.filter((x) => x.namespace.toLowerCase().startsWith('microsoft.documentdb/'))) {
      assert.not.ok(n.metrics.some((x) => x.name === 'ThrottledRequests'), `${m.type}: ThrottledRequests is not a Cosmos DB metric`);
    }
  }
  const cosmos = resourceCatalog().get('microsoft.documentdb/databaseaccounts');
  assert.ok(cosmos, 'the catalog covers Cosmos DB');
  assert.ok(findMetric(cosmos!.type, { metric: 'TotalRequests' }), 'throttling is watched through TotalRequests by StatusCode');
});

test("no alert filters on AMBA's sample dimension values", () => {
  const samples = new Set(SAMPLE_DIMENSION_VALUES.map((s) => s.value.toLowerCase()));
  for (const { type, a } of alerts()) {
    for (const d of a.dimensions ?? []) {
      for (const v of d.values) assert.not.ok(samples.has(v.toLowerCase()), `${type} ${a.id}: ${d.name} = ${v} is a value from AMBA's sample environment`);
    }
  }
});

test("no alert joins several dimension values into one string (AMBA's storage throttling alerts)", () => {
  for (const { type, a } of alerts()) {
    for (const d of a.dimensions ?? []) {
      for (const v of d.values) {
        const tokens = v.trim().split(/\s+/);
        const joined = tokens.length > 1 && tokens.every((t) => /^[A-Z][a-z]+[A-Z][A-Za-z]*$/.test(t));
        assert.not.ok(joined, `${type} ${a.id}: ${d.name} value "${v}" is several values in one string`);
      }
    }
  }
});

test('no static threshold outside what the metric can reach', () => {
  for (const { type, a } of alerts()) {
    const why = unreachable(type, a);
    assert.is(why, undefined, `${type} ${a.id}: ${why}`);
  }
});

test("the checks catch AMBA's published defects", () => {
  const pg = 'Microsoft.DBforPostgreSQL/flexibleServers';
  assert.ok(unreachable(pg, { metric: 'maximum_used_transactionIDs', operator: 'GreaterThan', threshold: 10737418240 }), "AMBA's wraparound threshold");
  assert.is(unreachable(pg, { metric: 'maximum_used_transactionIDs', operator: 'GreaterThan', threshold: 1e9 }), undefined);
  assert.ok(unreachable(pg, { metric: 'cpu_percent', operator: 'GreaterThan', threshold: 110 }));
  assert.ok(unreachable(pg, { metric: 'cpu_percent', operator: 'LessThan', threshold: 0 }));
  assert.ok(unreachable(pg, { metric: 'cpu_percent', operator: 'GreaterThan', threshold: 100 }));
  assert.is(unreachable(pg, { metric: 'cpu_percent', operator: 'GreaterThan', threshold: 90 }), undefined);
  assert.is(unreachable(pg, { metric: 'cpu_percent', operator: 'GreaterThanOrEqual', threshold: 100 }), undefined);
  assert.is(unreachable('Microsoft.Kusto/clusters', { metric: 'CacheUtilizationFactor', operator: 'GreaterThan', threshold: 100 }), undefined, 'a demand/capacity factor');
});

test.run();
