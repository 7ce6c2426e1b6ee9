/** Service Health event types (activity log alert `properties.incidentType`); the spec offers the same set. */
export type HealthEvent = 'Incident' | 'Maintenance' | 'Security' | 'ActionRequired' | 'Informational';

/**
 * The registry of catalog/azure/: every file, every fact key in it and the type of its value, as a type guard.
 * `fact(file, key)` (catalog/index.ts) accepts only the pairs declared here and returns the guarded type, so tsc
 * refuses a misspelt key and call sites need no `<number>`. test/catalog/facts.test.ts checks that this registry and
 * the YAML agree exactly (same files, same keys, every value passes its guard) and that src/ reads every fact.
 *
 * The values live in the YAML only; this file holds no Azure fact. The guards are tiny functions, so importing it
 * costs nothing at CLI start; the YAML is still read on first use.
 */
export type Guard<T> = (v: unknown) => v is T;

const isNumber: Guard<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);
const isString: Guard<string> = (v): v is string => typeof v === 'string';
const isBoolean: Guard<boolean> = (v): v is boolean => typeof v === 'boolean';
const listOf =
  <T>(item: Guard<T>): Guard<readonly T[]> =>
  (v): v is readonly T[] =>
    Array.isArray(v) && v.every(item);
const recordOf =
  <T>(item: Guard<T>): Guard<Readonly<Record<string, T>>> =>
  (v): v is Readonly<Record<string, T>> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(item);
const shape =
  <S extends Record<string, Guard<unknown>>>(s: S): Guard<{ readonly [K in keyof S]: S[K] extends Guard<infer T> ? T : never }> =>
  (v): v is { readonly [K in keyof S]: S[K] extends Guard<infer T> ? T : never } =>
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.keys(v).length === Object.keys(s).length &&
    Object.entries(s).every(([k, g]) => Object.hasOwn(v, k) && g((v as Record<string, unknown>)[k]));
/** An ISO 8601 duration as Azure writes it (PT5M, PT1H, P1D, P2D). */
const isIsoDuration: Guard<string> = (v): v is string => typeof v === 'string' && /^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?)?$/.test(v) && v !== 'P' && !v.endsWith('T');
/** Service Health event types; the spec schema's serviceHealth.events enum is checked against the YAML by a test. */
const isHealthEvents = listOf(isString) as Guard<readonly HealthEvent[]>;
const isCloud = shape({ resourceManager: isString, authorityHost: isString });

export const FACTS = {
  'action-groups': {
    groupShortNameMaxLength: isNumber,
    maxEmailReceivers: isNumber,
    maxReceiversPerKind: isNumber,
    nameMaxLength: isNumber,
    location: isString,
  },
  'activity-log-alerts': {
    maxRulesPerSubscription: isNumber,
    nameMaxLength: isNumber,
    resourceHealthStatuses: listOf(isString),
    serviceHealthEvents: isHealthEvents,
    serviceHealthDefaultEvents: isHealthEvents,
    location: isString,
  },
  'api-versions': {
    'Microsoft.Insights/scheduledQueryRules': isString,
    'Microsoft.Insights/actionGroups': isString,
    'Microsoft.Insights/workbooks': isString,
    'Microsoft.OperationalInsights/workspaces': isString,
    'Microsoft.OperationalInsights/workspaces/savedSearches': isString,
    'Microsoft.OperationalInsights/workspaces/tables': isString,
    'Microsoft.Insights/dataCollectionRules': isString,
    'Microsoft.Insights/metricAlerts': isString,
    'Microsoft.Insights/activityLogAlerts': isString,
    'Microsoft.Insights/scheduledQueryRules#dynamicThreshold': isString,
    'Microsoft.Automation/automationAccounts': isString,
    'Microsoft.Automation/automationAccounts/runtimeEnvironments': isString,
    'Microsoft.Automation/automationAccounts/runbooks': isString,
    'Microsoft.Authorization/roleAssignments': isString,
    'Microsoft.ManagedIdentity/userAssignedIdentities': isString,
    'Microsoft.Resources/deploymentScripts': isString,
    'Microsoft.Logic/workflows': isString,
    'Microsoft.Chaos/experiments': isString,
    'Microsoft.Chaos/targets': isString,
    'Microsoft.Chaos/targets/capabilities': isString,
    'Microsoft.AlertsManagement/actionRules': isString,
    'Microsoft.Insights/diagnosticSettings': isString,
    'Microsoft.AlertsManagement/prometheusRuleGroups': isString,
  },
  'alert-processing-rules': {
    location: isString,
    maxValuesPerCondition: isNumber,
    timeZones: recordOf(listOf(isString)),
  },
  chaos: {
    maxActionsPerExperiment: isNumber,
    maxBranchesPerExperiment: isNumber,
    maxStepsPerExperiment: isNumber,
    maxActionHours: isNumber,
    maxExperimentHours: isNumber,
    maxTargetsPerAction: isNumber,
  },
  'drill-schedule': {
    githubHostedJobMaxMinutes: isNumber,
    workflowActions: shape({ checkout: isString, setupNode: isString, azureLogin: isString, uploadArtifact: isString }),
  },
  'recovery-runner': {
    accountNameMaxLength: isNumber,
    runtimeLanguage: isString,
    runtimeVersion: isString,
    runbookType: isString,
    runbookContentType: isString,
    deploymentScriptAzCliVersion: isString,
    deploymentScriptEnvironmentMaxBytes: isNumber,
    logicAppTrigger: isString,
    builtInRoles: recordOf(isString),
  },
  'resource-health': {
    supportedTypes: listOf(isString),
  },
  bicep: {
    hardcodedEnvHosts: listOf(isString),
  },
  'arm-limits': {
    maxParameters: isNumber,
    maxResources: isNumber,
    maxOutputs: isNumber,
    maxTemplateBytes: isNumber,
    maxTextLength: isNumber,
  },
  clouds: {
    AzureCloud: isCloud,
    AzureChinaCloud: isCloud,
    AzureUSGovernment: isCloud,
  },
  drill: {
    alertsApiVersion: isString,
    alertsLookbackRange: isString,
    statelessAlertHorizon: isString,
    logQueryApiVersion: isString,
    defaultDetectWithin: isIsoDuration,
    defaultTimeout: isIsoDuration,
    sliCheckWindow: isIsoDuration,
    processingRuleTimeZone: isString,
  },
  detection: {
    logIngestionMinutes: isNumber,
    platformMetricMinutes: isNumber,
    activityLogMinutes: isNumber,
    notificationMinutes: isNumber,
    diagnosticSettingsMetricsMinutes: isNumber,
  },
  'log-search-alerts': {
    maxQueryLookbackHours: isNumber,
    evaluationFrequencies: listOf(isIsoDuration),
    windowSizes: listOf(isIsoDuration),
    descriptionMaxLength: isNumber,
    nameMaxLength: isNumber,
    maxActionGroupsPerRule: isNumber,
    ingestionAllowanceMinutes: isNumber,
    dynamicThresholdWeeklySeasonalityAfterDays: isNumber,
  },
  kusto: {
    seriesPeriodMinPoints: isNumber,
  },
  'metric-alerts': {
    multiResourceTypes: listOf(isString),
    subResourceScopes: recordOf(isString),
    singleResourceCriteriaIsStaticOnly: isBoolean,
    windowSizes: listOf(isIsoDuration),
    evaluationFrequencies: listOf(isIsoDuration),
    dynamicEvaluationFrequencies: listOf(isIsoDuration),
    descriptionMaxLength: isNumber,
    nameMaxLength: isNumber,
    location: isString,
    dynamicThresholdUnsupportedMetrics: recordOf(listOf(isString)),
    windowSizePerRule: isBoolean,
    criterionComparesOneMetric: isBoolean,
  },
  'metrics-export': {
    category: isString,
    exportsDimensions: isBoolean,
    timeGrain: isIsoDuration,
  },
  regions: {
    displayNames: recordOf(isString),
  },
  prices: {
    currency: isString,
    readOn: isString,
    logSearchRuleMonthly: recordOf(isNumber),
    metricTimeSeriesMonthly: isNumber,
    dynamicThresholdTimeSeriesMonthly: isNumber,
    activityLogRuleMonthly: isNumber,
    automationJobMinute: isNumber,
    automationFreeMinutesMonthly: isNumber,
    logicAppExecution: isNumber,
    logIngestionPerGB: isNumber,
  },
  'budget-alerts': {
    evaluationFrequency: isIsoDuration,
    windowSize: isIsoDuration,
    jobEveryHours: isNumber,
    ingestionApiVersion: isString,
    ingestionAudience: isString,
    dataCollectionRuleKind: isString,
    defaultRetentionDays: isNumber,
    tableColumns: recordOf(isString),
  },
  'prometheus-rules': {
    rulesPerGroupMax: isNumber,
    ruleGroupsPerWorkspaceMax: isNumber,
    queryTimeRangeMaxDays: isNumber,
    evaluationIntervalMin: isIsoDuration,
    evaluationIntervalMax: isIsoDuration,
    ingestionMinutes: isNumber,
  },
  workbooks: {
    metricAggregations: recordOf(isNumber),
    metricChartTypeLine: isNumber,
  },
} as const satisfies Record<string, Record<string, Guard<unknown>>>;

export type FactFileName = keyof typeof FACTS;
export type FactKey<F extends FactFileName> = keyof (typeof FACTS)[F] & string;
export type FactValue<F extends FactFileName, K extends FactKey<F>> = (typeof FACTS)[F][K] extends Guard<infer T> ? T : never;
export type ApiVersionKey = FactKey<'api-versions'>;
export type CloudName = FactKey<'clouds'>;
export type CloudEndpoints = FactValue<'clouds', CloudName>;
