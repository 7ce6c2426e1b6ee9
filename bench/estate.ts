/**
 * The synthetic estate of the benchmark (bench/generate.bench.ts) and of test/generate/estate.test.ts: services of
 * 10 SLOs of every SLI kind (a raw KQL SLI in each), page and ticket alerts, an email and a webhook target.
 */
import { stringify } from 'yaml';

export const SLOS_PER_SERVICE = 10;
/** The YAML text of a synthetic estate of this many SLOs, `perService` per service (service-0, service-1, …). */
export function estate(slos: number, perService = SLOS_PER_SERVICE): string {
  const services = Math.ceil(slos / perService);
  const docs: string[] = [];
  for (let s = 0; s < services; s++) {
    const kinds = [
      { requestAvailability: { roleName: `svc-${s}-api`, badResultCodes: ['5xx', '429'], excludeOperations: ['GET /health'] } },
      { requestLatency: { roleName: `svc-${s}-api`, thresholdMs: 500 } },
      { availabilityTest: { testName: `svc-${s}-home` } },
      { dependencyAvailability: { roleName: `svc-${s}-api`, dependencyType: 'SQL' } },
      { raw: { good: `AppEvents\n| where Name == "Done-${s}"`, total: `AppEvents\n| where Name in ("Done-${s}", "Failed-${s}")` } },
    ];
    docs.push(
      stringify({
        apiVersion: 'azslo/v1',
        kind: 'Service',
        metadata: { name: `service-${s}`, owner: 'team', environment: 'prod' },
        azure: {
          workspace: '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law-bench',
          appInsights: `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Insights/components/ai-${s}`,
          location: 'westeurope',
        },
        notifications: { oncall: { email: [`oncall-${s}@contoso.com`] }, tickets: { webhook: { url: '${env:TICKETS_URL}' } } },
        slos: Array.from({ length: perService }, (_, i) => ({
          name: `slo-${i}`,
          sli: kinds[i % kinds.length],
          objective: 99.9,
          window: ['30d', '28d', '7d'][i % 3],
          alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['tickets'] } },
        })),
      }),
    );
  }
  return docs.join('---\n');
}
