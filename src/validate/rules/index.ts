/**
 * The semantic rules, in the order they run over each document that passed the schema (as ESLint's lib/rules/ and
 * Bicep's Linter/Rules/): one module per rule, each with its codes, its check, its fixtures under
 * test/fixtures/invalid/ and its section(s) in docs/diagnostics.md ("Reported by"). The order only decides the order
 * of diagnostics at the same position before they are sorted; no rule depends on another having run.
 */
import type { Code } from '../../diagnostics/codes.js';
import type { Rule } from './context.js';
import { resourceNames } from './resource-names.js';
import { uniqueNotificationTargets } from './unique-notification-targets.js';
import { receiverLimits } from './receiver-limits.js';
import { inlineSecrets } from './inline-secrets.js';
import { notifyTargets } from './notify-targets.js';
import { uniqueSloNames } from './unique-slo-names.js';
import { objectiveRange } from './objective-range.js';
import { sloWindow } from './slo-window.js';
import { burnRateWindows } from './burn-rate-windows.js';
import { budgetAlerts } from './budget-alerts.js';
import { businessTables } from './business-tables.js';
import { businessSignals } from './business-signals.js';
import { logSearchLookback } from './log-search-lookback.js';
import { resourceTypes } from './resource-types.js';
import { duplicateResources } from './duplicate-resources.js';
import { alertOverrides } from './alert-overrides.js';
import { knownSkus } from './known-skus.js';
import { baselineAlertsApply } from './baseline-alerts-apply.js';
import { recoveryMechanisms } from './recovery-mechanisms.js';
import { rpoSignals } from './rpo-signals.js';
import { singleSubscription } from './single-subscription.js';
import { journeySteps } from './journey-steps.js';
import { journeySlos } from './journey-slos.js';
import { waivers } from './waivers.js';
import { recoveryPlans } from './recovery-plans.js';
import { drillSettings } from './drill-settings.js';
import { drillablePlans } from './drillable-plans.js';
import { uniqueServiceNames } from './unique-service-names.js';
import { gatewayLogs } from './gateway-logs.js';
import { anomalySeasonality } from './anomaly-seasonality.js';
import { calendarWindows } from './calendar-windows.js';
import { windowSets } from './window-sets.js';
import { maintenanceWindows } from './maintenance-windows.js';
import { metricSlis } from './metric-slis.js';
import { prometheusSlis } from './prometheus-slis.js';
import { prometheusLimits } from './prometheus-limits.js';

export { runRules, RuleContext, reportedBy, type Rule } from './context.js';
export { uniqueServiceNames } from './unique-service-names.js';

export const rules: readonly Rule[] = [
  resourceNames,
  uniqueNotificationTargets,
  receiverLimits,
  inlineSecrets,
  notifyTargets,
  uniqueSloNames,
  objectiveRange,
  sloWindow,
  burnRateWindows,
  businessTables,
  businessSignals,
  logSearchLookback,
  resourceTypes,
  duplicateResources,
  alertOverrides,
  knownSkus,
  baselineAlertsApply,
  recoveryMechanisms,
  rpoSignals,
  singleSubscription,
  journeySteps,
  journeySlos,
  waivers,
  recoveryPlans,
  drillSettings,
  drillablePlans,
  gatewayLogs,
  anomalySeasonality,
  calendarWindows,
  windowSets,
  maintenanceWindows,
  metricSlis,
  budgetAlerts,
  prometheusSlis,
  prometheusLimits,
];

/**
 * Every named check that reports spec diagnostics, with its codes: the stages before and after the rules, the rules,
 * and the check across documents. docs/diagnostics.md names them under each code ("Reported by"); a test keeps the
 * two in step.
 */
export const checks: readonly { readonly name: string; readonly codes: readonly Code[] }[] = [
  { name: 'load', codes: ['AZSLO001', 'AZSLO005', 'AZSLO006'] },
  { name: 'text', codes: ['AZSLO003'] },
  { name: 'schema', codes: ['AZSLO002', 'AZSLO003', 'AZSLO004', 'AZSLO007', 'AZSLO013', 'AZSLO015', 'AZSLO016'] },
  ...rules,
  { name: 'kql', codes: ['AZSLO018'] },
  uniqueServiceNames,
  { name: 'deployment-limits', codes: ['AZSLO025'] },
  // Not a check of azslo specs: `azslo import openslo` reports these at places in OpenSLO files (src/openslo/).
  { name: 'openslo-import', codes: ['AZSLO069', 'AZSLO070', 'AZSLO071', 'AZSLO072'] },
  // `azslo export openslo` on valid specs: an SLI kind it does not write yet (src/openslo/export.ts).
  { name: 'openslo-export', codes: ['AZSLO070'] },
];
