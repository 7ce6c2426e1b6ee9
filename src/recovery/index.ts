/**
 * The recovery model: what each disruption does to each resource (exposure.ts), verdicts against the targets
 * (assess.ts, verdicts.ts) and the disaster-recovery scenarios proposed from them (scenarios.ts). Reads the service
 * model and the catalog only; analyze adds the detection times of the deployment, the DR plan reads the scenarios.
 */
export { DISRUPTIONS, DISRUPTION_TITLES, exposureOf, recoveryTargets, targetedDisruptions, type Exposure, type RecoveryOption, type RecoveryTargets } from './exposure.js';
export { chooseOption, estimate, rpoCheck, rtoCheck, type CheckStatus, type DetectionEstimate, type EstimatedOption, type ObjectiveCheck } from './verdicts.js';
export { assessRecovery, stepResources, type AssessmentInput, type RecoveryAssessment, type ResourceVerdict } from './assess.js';
export { PHASES, phaseOf, proposeScenarios, type DataLossClass, type Phase, type Scenario, type ScenarioStep, type Unattended } from './scenarios.js';
