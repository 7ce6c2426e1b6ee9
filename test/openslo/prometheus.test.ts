/**
 * OpenSLO's Prometheus metric sources ↔ azslo prometheus SLIs: a ratio of two PromQL queries with {{.window}} becomes
 * the prometheus kind on the Azure Monitor workspace of the Prometheus DataSource; what cannot be turned into
 * multiwindow burn rates soundly — a query with a fixed range, a threshold metric, a ratio of PromQL over KQL — is
 * AZSLO070 at its place.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { parseSource } from '../../src/load/source.js';
import { exportOpenSlo, importOpenSlo, checkOpenSloObject } from '../../src/openslo/index.js';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { baseSpec, validateSpec } from '../helpers/specs.js';

type Obj = Record<string, any>;

const WS = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-test';
const AI = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Insights/components/ai-test';
const AMW = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-mon/providers/Microsoft.Monitor/accounts/amw-test';
const AKS = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-1';

const service = { apiVersion: 'openslo/v1', kind: 'Service', metadata: { name: 'shop', labels: { owner: 'team-shop', env: 'prod' } } };
const logs = { apiVersion: 'openslo/v1', kind: 'DataSource', metadata: { name: 'logs' }, spec: { type: 'AzureMonitor', connectionDetails: { workspaceResourceId: WS, appInsightsResourceId: AI, location: 'westeurope' } } };
const prom = { apiVersion: 'openslo/v1', kind: 'DataSource', metadata: { name: 'amw' }, spec: { type: 'Prometheus', connectionDetails: [{ monitorWorkspaceResourceId: AMW }] } };
const promSource = (query: string) => ({ metricSource: { metricSourceRef: 'amw', spec: { query } } });
const kqlSource = (kqlQuery: string) => ({ metricSource: { metricSourceRef: 'logs', spec: { kqlQuery } } });

const ERRORS = 'sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))';
const TOTAL = 'sum(rate(http_requests_total[{{.window}}]))';

const slo = (indicatorSpec: object, indicatorMeta: object = {}) => ({
  apiVersion: 'openslo/v1',
  kind: 'SLO',
  metadata: { name: 'ingress' },
  spec: { service: 'shop', budgetingMethod: 'Occurrences', timeWindow: [{ duration: '30d', isRolling: true }], objectives: [{ target: 0.999 }], indicator: { metadata: { name: 'sli', ...indicatorMeta }, spec: indicatorSpec } },
});

const text = (...objects: object[]) => objects.map((o) => stringify(o)).join('---\n');
const run = (...objects: object[]) => importOpenSlo(parseSource('openslo.yaml', text(...objects)).documents);
const ok = (r: ReturnType<typeof run>) => {
  assert.ok(r.ok, r.diagnostics.map(formatDiagnostic).join('\n'));
  return r.services[0]!.spec;
};
const lineOf = (t: string, needle: string) => t.split('\n').findIndex((l) => l.includes(needle)) + 1;

test('a bad/total ratio of Prometheus queries is a prometheus SLI (bad → errors) on the workspace of the Prometheus DataSource', () => {
  const spec = ok(run(service, logs, prom, slo({ ratioMetric: { counter: false, bad: promSource(ERRORS), total: promSource(TOTAL) } })));
  assert.equal(spec.slos[0]!.sli, { prometheus: { errors: ERRORS, total: TOTAL } });
  assert.equal(spec.azure, { workspace: WS, appInsights: AI, location: 'westeurope', monitorWorkspace: AMW });
});

test('good/total stays good/total; the cluster and what the SLI measures come from azslo.dev/cluster and azslo.dev/measures', () => {
  const good = 'sum(rate(http_request_duration_seconds_bucket{le="0.5"}[{{.window}}]))';
  const spec = ok(run(service, logs, prom, slo({ ratioMetric: { counter: false, good: promSource(good), total: promSource(TOTAL) } }, { annotations: { 'azslo.dev/cluster': AKS, 'azslo.dev/measures': 'latency' } })));
  assert.equal(spec.slos[0]!.sli, { prometheus: { good, total: TOTAL, cluster: AKS, measures: 'latency' } });
  const wrong = run(service, logs, prom, slo({ ratioMetric: { counter: false, good: promSource(good), total: promSource(TOTAL) } }, { annotations: { 'azslo.dev/measures': 'freshness' } }));
  assert.equal(wrong.diagnostics.map((d) => [d.code, d.path]), [['AZSLO069', 'spec.indicator.metadata.annotations.azslo.dev/measures']]);
});

test('Sloth-style queries are read as written, {{ .window }} with spaces too; counter: true is left out with a warning', () => {
  const spaced = 'sum(rate(http_requests_total[{{ .window }}]))';
  const r = run(service, logs, prom, slo({ ratioMetric: { counter: true, bad: { metricSource: { type: 'Prometheus', spec: { query: ERRORS } } }, total: promSource(spaced) } }));
  const spec = ok(r);
  assert.equal(spec.slos[0]!.sli, { prometheus: { errors: ERRORS, total: TOTAL } });
  assert.equal(r.diagnostics.map((d) => [d.code, d.severity, d.path]), [['AZSLO071', 'warning', 'spec.indicator.spec.ratioMetric.counter']]);
  // An inline source without metricSourceRef reads the one Prometheus DataSource of the inputs.
  assert.is(spec.azure.monitorWorkspace, AMW);
});

test('a query without {{.window}} is AZSLO070 at its line: a fixed [5m] range cannot become multiwindow burn rates', () => {
  const objects = [service, logs, prom, slo({ ratioMetric: { counter: false, bad: promSource('sum(rate(http_requests_total{code=~"5.."}[5m]))'), total: promSource(TOTAL) } })];
  const r = run(...objects);
  assert.equal(r.diagnostics.map((d) => [d.code, d.path]), [['AZSLO070', 'spec.indicator.spec.ratioMetric.bad.metricSource.spec.query']]);
  const d = r.diagnostics[0]!;
  assert.is(d.position.line, lineOf(text(...objects), '[5m]'));
  assert.match(d.message, /no \{\{\.window\}\} placeholder/);
  assert.match(d.hint!, /Sloth/);
  assert.match(d.hint!, /\[5m\] measures one window only/);
  assert.equal(r.services, []);
});

test("a PromQL syntax error, which the imported spec's validation finds (AZSLO058), is AZSLO072 at the query's line in the OpenSLO file", () => {
  const objects = [service, logs, prom, slo({ ratioMetric: { counter: false, bad: promSource(ERRORS), total: promSource('sum(rate(http_requests_total[{{.window}}]) # unclosed') } })];
  const r = run(...objects);
  assert.equal(r.diagnostics.map((d) => [d.code, d.path, d.position.line]), [['AZSLO072', 'spec.indicator.spec.ratioMetric.total.metricSource.spec.query', lineOf(text(...objects), '# unclosed')]]);
  assert.match(r.diagnostics[0]!.message, /AZSLO058 at slos\[0\]\.sli\.prometheus\.total/);
});

test('a threshold metric over Prometheus, a raw ratio and a ratio of PromQL over KQL are AZSLO070 at their place', () => {
  const p99 = slo({ thresholdMetric: promSource('histogram_quantile(0.99, sum by (le) (rate(x_bucket[{{.window}}])))') });
  const threshold = run(service, logs, prom, { ...p99, spec: { ...p99.spec, objectives: [{ op: 'lt', value: 0.5, target: 0.99 }] } });
  assert.equal(threshold.diagnostics.map((d) => [d.code, d.path]), [['AZSLO070', 'spec.indicator.spec.thresholdMetric']]);
  assert.match(threshold.diagnostics[0]!.hint!, /ratioMetric/);
  const mixed = run(service, logs, prom, slo({ ratioMetric: { counter: false, bad: promSource(ERRORS), total: kqlSource('AppRequests') } }));
  assert.equal(mixed.diagnostics.map((d) => [d.code, d.path]), [['AZSLO070', 'spec.indicator.spec.ratioMetric.bad']]);
  const raw = run(service, logs, prom, slo({ ratioMetric: { counter: false, rawType: 'success', raw: promSource(`1 - ${ERRORS} / ${TOTAL}`) } }));
  assert.equal(raw.diagnostics.map((d) => [d.code, d.path]), [['AZSLO070', 'spec.indicator.spec.ratioMetric.raw']]);
});

test('Prometheus SLIs need the Azure Monitor workspace: a Prometheus DataSource without monitorWorkspaceResourceId is AZSLO072 at its connection details', () => {
  const url = { ...prom, spec: { type: 'Prometheus', connectionDetails: [{ url: 'http://prometheus.example.com' }] } };
  const r = run(service, logs, url, slo({ ratioMetric: { counter: false, bad: promSource(ERRORS), total: promSource(TOTAL) } }));
  assert.equal(r.diagnostics.map((d) => [d.code, d.path]), [['AZSLO072', 'spec.connectionDetails']]);
  assert.match(r.diagnostics[0]!.hint!, /monitorWorkspaceResourceId/);
});

test("export writes a prometheus SLI as OpenSLO's Prometheus source: bad/good and total queries, a Prometheus DataSource with the workspace, the SDK's rules hold, and import gives it back", () => {
  const r = validateSpec(
    baseSpec({
      azure: { ...(baseSpec().azure as Obj), monitorWorkspace: AMW },
      slos: [
        { name: 'ingress', sli: { prometheus: { errors: ERRORS, total: TOTAL, cluster: AKS } }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] } } },
        { name: 'latency', sli: { prometheus: { good: 'sum(rate(h_bucket{le="0.5"}[{{.window}}]))', total: 'sum(rate(h_count[{{.window}}]))', measures: 'latency' } }, objective: 99, window: '28d' },
      ],
    }),
  );
  assert.ok(r.ok, r.diagnostics.map(formatDiagnostic).join('\n'));
  const spec = r.services[0]!.spec;
  const files = exportOpenSlo([spec]);
  const objects = files[0]!.objects as Obj[];
  for (const o of objects) assert.equal(checkOpenSloObject(o), []);
  const ds = objects.find((o) => o.kind === 'DataSource' && o.spec.type === 'Prometheus')!;
  assert.equal(ds.spec.connectionDetails, { monitorWorkspaceResourceId: AMW });
  const [ingress, latency] = objects.filter((o) => o.kind === 'SLO').map((o) => o.spec.indicator);
  assert.equal(ingress.spec.ratioMetric, {
    counter: false,
    bad: { metricSource: { metricSourceRef: ds.metadata.name, type: 'Prometheus', spec: { query: ERRORS } } },
    total: { metricSource: { metricSourceRef: ds.metadata.name, type: 'Prometheus', spec: { query: TOTAL } } },
  });
  assert.equal(ingress.metadata.annotations, { 'azslo.dev/cluster': AKS });
  assert.equal(Object.keys(latency.spec.ratioMetric), ['counter', 'good', 'total']);
  assert.equal(latency.metadata.annotations, { 'azslo.dev/measures': 'latency' });
  // The page policy shows the Prometheus window set, which keeps the SRE workbook's 3d pair.
  assert.match(objects.find((o) => o.kind === 'AlertPolicy')!.spec.description, /catalog\/windows\/prometheus\/30d\.yaml/);
  const back = importOpenSlo(files.flatMap((f) => parseSource(f.path, f.text).documents));
  assert.ok(back.ok, back.diagnostics.map(formatDiagnostic).join('\n'));
  assert.equal(back.diagnostics, []);
  assert.equal(back.services[0]!.spec.slos.map((s) => s.sli), spec.slos.map((s) => s.sli));
  assert.is(back.services[0]!.spec.azure.monitorWorkspace, AMW);
});

test('exported together, a service of Prometheus SLIs only takes its workspaces from the data sources export wrote for it, not from another service', () => {
  const otherWs = WS.replace('law-test', 'law-other');
  const specs = [
    baseSpec({ metadata: { name: 'scraped', owner: 'team', environment: 'prod' }, azure: { ...(baseSpec().azure as Obj), monitorWorkspace: AMW }, slos: [{ name: 'ingress', sli: { prometheus: { errors: ERRORS, total: TOTAL } }, objective: 99.9, window: '30d' }] }),
    baseSpec({ metadata: { name: 'logged', owner: 'team', environment: 'prod' }, azure: { ...(baseSpec().azure as Obj), workspace: otherWs } }),
  ].map((s) => {
    const r = validateSpec(s);
    assert.ok(r.ok, r.diagnostics.map(formatDiagnostic).join('\n'));
    return r.services[0]!.spec;
  });
  const files = exportOpenSlo(specs);
  const back = importOpenSlo(files.flatMap((f) => parseSource(f.path, f.text).documents));
  assert.ok(back.ok, back.diagnostics.map(formatDiagnostic).join('\n'));
  assert.equal(back.services.map((s) => [s.spec.metadata.name, s.spec.azure]), [
    ['logged', specs[1]!.azure],
    ['scraped', specs[0]!.azure],
  ]);
});

test.run();
