/**
 * Disaster-recovery plans as code: the plans of a service (plans.ts: the scenario's steps with their ARM calls, checks,
 * drills and roles resolved) and their runbooks (runbook.ts). Reads the model, the recovery scenarios and the
 * catalog; the deployment grants the roles and publishes the runbooks.
 */
export { buildRecoveryPlans, runbookName, runnerAccountName, runnerAccountId, type PlanCheck, type PlanRequest, type PlanStep, type RecoveryPlan } from './plans.js';
export { renderRunbook } from './runbook.js';
export { DRILL_ZONE, chaosTargetId, drillExperiments, experimentName, type DrillExperiment, type ExperimentAction, type ExperimentFault, type ExperimentSelector, type ExperimentStep } from './experiments.js';

import type { ServiceModel } from '../model/service.js';
import { assessRecovery, proposeScenarios, type DetectionEstimate, type Scenario } from '../recovery/index.js';
import { buildRecoveryPlans, type RecoveryPlan } from './plans.js';

/**
 * The scenarios and plans of a service without a deployment: detection unknown (it only changes estimates, not the
 * steps), as validation and generation need them.
 */
export function plansOf(service: ServiceModel, detect: (resource: string) => DetectionEstimate | undefined = () => undefined): { scenarios: Scenario[]; plans: RecoveryPlan[] } {
  const scenarios = proposeScenarios(service, assessRecovery({ service, detect }));
  return { scenarios, plans: buildRecoveryPlans(service, scenarios) };
}
