/**
 * The synthetic estate of the benchmark (bench/generate.bench.ts) and of test/generate/estate.test.ts: services of
 * 10 SLOs of the Application Insights kinds and raw KQL (a raw KQL SLI in each), page and ticket alerts, an email and
 * a webhook target. With `everyKind` (the benchmark), the SLOs rotate through every SLI kind — gateway logs, platform
 * metrics and managed Prometheus too — over an Application Gateway and a Front Door profile per service (infrastructure
 * alerts and diagnostic settings), with a KPI signal from a KQL query and its alert (business: a bound query, as the raw SLIs are). Resource and Service Health alerts stay
 * off: a subscription holds 100 activity log alerts, which an estate of 1,000 services keeps in one platform service.
 */
import { stringify } from 'yaml';

export const SLOS_PER_SERVICE = 10;
/** The YAML text of a synthetic estate of this many SLOs, `perService` per service (service-0, service-1, …). */
export function estate(slos: number, perService = SLOS_PER_SERVICE, options: { everyKind?: boolean } = {}): string {
  const services = Math.ceil(slos / perService);
  const docs: string[] = [];
  const rg = (s: number) => `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-${s}/providers`;
  for (let s = 0; s < services; s++) {
    const kinds: object[] = [
      { requestAvailability: { roleName: `svc-${s}-api`, badResultCodes: ['5xx', '429'], excludeOperations: ['GET /health'] } },
      { requestLatency: { roleName: `svc-${s}-api`, thresholdMs: 500 } },
      { availabilityTest: { testName: `svc-${s}-home` } },
      { dependencyAvailability: { roleName: `svc-${s}-api`, dependencyType: 'SQL' } },
      { raw: { good: `AppEvents\n| where Name == "Done-${s}"`, total: `AppEvents\n| where Name in ("Done-${s}", "Failed-${s}")` } },
    ];
    const every = options.everyKind === true;
    if (every) {
      kinds.push(
        { eventRatio: { good: `Paid-${s}`, total: `Checkout-${s}` } },
        { gatewayAvailability: { gateway: `agw-${s}`, hosts: [`svc-${s}.contoso.com`] } },
        { gatewayLatency: { gateway: `agw-${s}`, thresholdMs: 800 } },
        { metricRatio: { resource: `agw-${s}`, bad: { metric: 'FailedRequests' }, total: { metric: 'TotalRequests' } } },
        { metricThreshold: { resource: `afd-${s}`, metric: 'Percentage5XX', aggregation: 'Average', operator: 'LessThan', threshold: 1 } },
        { prometheus: { errors: `sum(rate(http_requests_total{service="svc-${s}", code=~"5.."}[{{.window}}]))`, total: `sum(rate(http_requests_total{service="svc-${s}"}[{{.window}}]))` } },
      );
    }
    docs.push(
      stringify({
        apiVersion: 'azslo/v1',
        kind: 'Service',
        metadata: { name: `service-${s}`, owner: 'team', environment: 'prod' },
        azure: {
          workspace: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law-bench',
          appInsights: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Insights/components/ai-${s}`,
          location: 'westeurope',
          ...(every ? { monitorWorkspace: `${rg(s)}/Microsoft.Monitor/accounts/amw-${s}` } : {}),
        },
        ...(every
          ? {
              resources: [
                { id: `${rg(s)}/Microsoft.Network/applicationGateways/agw-${s}`, sku: 'WAF_v2', diagnostics: { categories: ['ApplicationGatewayAccessLog'], metrics: true, emit: true } },
                { id: `${rg(s)}/Microsoft.Cdn/profiles/afd-${s}`, sku: 'Premium_AzureFrontDoor', diagnostics: { metrics: true, emit: true } },
              ],
              infrastructure: { notify: ['tickets'], resourceHealth: { enabled: false }, serviceHealth: { enabled: false } },
              business: { signals: [{ name: 'orders', source: { query: `AppEvents\n| where Name == "OrderPlaced-${s}"\n| project TimeGenerated, Value = 1.0` }, alerts: [{ kind: 'threshold', below: 5, per: '15m', notify: ['oncall'] }] }] },
            }
          : {}),
        notifications: { oncall: { email: [`oncall-${s}@contoso.com`] }, tickets: { webhook: { url: '${env:TICKETS_URL}' } } },
        slos: Array.from({ length: perService }, (_, i) => ({
          name: `slo-${i}`,
          // Every kind across the estate: the rotation starts one kind further in each service.
          sli: kinds[(every ? s + i : i) % kinds.length],
          objective: 99.9,
          window: ['30d', '28d', '7d'][i % 3],
          alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['tickets'] } },
        })),
      }),
    );
  }
  return docs.join('---\n');
}
