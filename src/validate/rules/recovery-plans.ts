import { plansOf } from '../../drplan/index.js';
import { buildServiceModel, type ServiceModel } from '../../model/service.js';
import type { Rule } from './context.js';

/**
 * `recovery:` plans can run: each names a scenario analyze proposes; the runner is not in a region a plan fails
 * away from; triggers name alerts the spec has; approvers are declared targets; every value a plan's ARM calls need
 * is in resources[].recoveryParameters (AZSLO046); a step no ARM call can run is a warning.
 */
export const recoveryPlans: Rule = {
  name: 'recovery-plans',
  codes: ['AZSLO045', 'AZSLO046'],
  check(ctx) {
    const recovery = ctx.spec.recovery;
    if (!recovery) return;
    let service: ServiceModel;
    try {
      service = buildServiceModel(ctx.spec);
    } catch {
      return; // the spec has errors other rules report (a malformed id, an unknown step)
    }
    const { scenarios, plans } = plansOf(service);
    const targets = new Set(Object.keys(ctx.spec.notifications ?? {}));
    (recovery.approvers ?? []).forEach((a, i) => {
      if (!targets.has(a)) ctx.report(['recovery', 'approvers', i]).unknownApprover(a, [...targets]);
    });
    const runnerLocation = recovery.runner?.automationAccount ? undefined : recovery.runner?.location ?? ctx.spec.azure.location;
    if (recovery.runner?.automationAccount && plans.length > 0) ctx.report(['recovery', 'runner', 'automationAccount']).existingRunnerNotDeployed(recovery.runner.automationAccount.split('/').pop()!);
    (recovery.plans ?? []).forEach((p, i) => {
      const at = ['recovery', 'plans', i] as const;
      const scenario = scenarios.find((s) => s.id === p.scenario);
      if (!scenario) {
        ctx.report([...at, 'scenario']).unknownScenario(p.scenario, scenarios.map((s) => s.id));
        return;
      }
      if (scenario.disruption === 'regionOutage' && runnerLocation !== undefined && runnerLocation === scenario.region) {
        ctx.report(recovery.runner?.location ? ['recovery', 'runner', 'location'] : [...at, 'scenario']).runnerInFailedRegion(runnerLocation, p.scenario);
      }
      (p.trigger?.alerts ?? []).forEach((alert, k) => {
        const problem = triggerProblem(alert, ctx.spec);
        if (problem) ctx.report([...at, 'trigger', 'alerts', k]).unknownTrigger(alert, problem);
      });
      const plan = plans.find((x) => x.scenario === p.scenario);
      for (const s of plan?.steps ?? []) {
        if (s.activation === 'customer' && !s.request) ctx.report([...at, 'scenario']).manualPlanStep(p.scenario, s.resource, s.mechanism, s.manual ?? 'no ARM call');
        if (s.request && !s.done) ctx.report([...at, 'scenario']).uncheckedPlanStep(p.scenario, s.resource, s.mechanism);
      }
      for (const m of plan?.missing ?? []) {
        const index = (ctx.spec.resources ?? []).findIndex((r) => r.id.split('/').pop()!.toLowerCase() === m.resource.toLowerCase());
        ctx.report(index >= 0 ? ['resources', index, 'id'] : [...at, 'scenario']).missingRecoveryParameter(m.resource, m.parameter, m.mechanism, m.description);
      }
    });
  },
};

/** Why a trigger names no alert the spec generates, or undefined when it does. */
function triggerProblem(alert: string, spec: import('../../model/spec.js').ServiceSpec): string | undefined {
  if (alert === 'resource-health') return (spec.resources ?? []).length === 0 ? 'no resource is declared' : spec.infrastructure?.resourceHealth?.enabled === false ? 'Resource Health alerts are off' : undefined;
  if (alert === 'service-health') return (spec.resources ?? []).length === 0 ? 'no resource is declared' : spec.infrastructure?.serviceHealth?.enabled === false ? 'Service Health alerts are off' : undefined;
  const [, name, kind] = alert.split('/');
  const slo = spec.slos.find((s) => s.name === name);
  if (!slo) return `the service has no SLO '${name}'`;
  const a = slo.alerting?.[kind as 'page' | 'ticket'];
  return a && a.enabled !== false ? undefined : `SLO '${name}' has no ${kind} alert`;
}
