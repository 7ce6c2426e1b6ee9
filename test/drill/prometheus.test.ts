/** A drill of a service with Prometheus SLOs: their alerts are timed by the rule group's id, as the alerts API names it. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { drillAlertRulesOf } from '../../src/commands/drill.js';
import { buildServiceModel } from '../../src/model/service.js';
import type { ServiceSpec } from '../../src/model/spec.js';
import { buildDeployment } from '../../src/resources/index.js';
import { baseSpec, MONITOR_WORKSPACE } from '../helpers/specs.js';

test('the page and ticket rules of a Prometheus SLO are watched under the id of their rule group', () => {
  const service = buildServiceModel(
    baseSpec({
      azure: { ...(baseSpec().azure as object), monitorWorkspace: MONITOR_WORKSPACE },
      slos: [{ name: 'ingress', sli: { prometheus: { errors: 'sum(rate(e[{{.window}}]))', total: 'sum(rate(t[{{.window}}]))' } }, objective: 99.9, window: '30d', alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } } }],
    }) as unknown as ServiceSpec,
  );
  const rules = drillAlertRulesOf(buildDeployment([service]), service, 'sub-1', 'rg-1').filter((r) => r.id.includes('prometheusRuleGroups'));
  assert.equal(rules, [
    { id: '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.AlertsManagement/prometheusRuleGroups/slo-checkout-ingress', name: 'slo_checkout_ingress_page', stateless: false, detects: true },
    { id: '/subscriptions/sub-1/resourceGroups/rg-1/providers/Microsoft.AlertsManagement/prometheusRuleGroups/slo-checkout-ingress', name: 'slo_checkout_ingress_ticket', stateless: false, detects: true },
  ]);
});

test.run();
