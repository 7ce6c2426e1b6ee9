import { fact } from '../catalog/index.js';
import type { DeployedAlertRule } from './deployed-alerts.js';
import { ResourceIdRef } from './model.js';

/**
 * Alert rules in groups an alert processing rule's AlertRuleId condition can hold (its documented limit of values per
 * condition): what the drills' silencing rules and the maintenance windows' rules split by.
 */
export function alertRuleChunks(rules: readonly DeployedAlertRule[]): DeployedAlertRule[][] {
  const per = fact('alert-processing-rules', 'maxValuesPerCondition');
  const chunks: DeployedAlertRule[][] = [];
  for (let i = 0; i < rules.length; i += per) chunks.push(rules.slice(i, i + per));
  return chunks;
}

/** The condition that matches exactly these alert rules. */
export const alertRuleCondition = (chunk: readonly DeployedAlertRule[]) => ({ field: 'AlertRuleId', operator: 'Equals', values: chunk.map((r) => new ResourceIdRef(r.key)) });
