/**
 * The stable diagnostic codes. A code never changes meaning once released; new problems get new codes.
 * Each code is documented in docs/diagnostics.md (a test keeps the two in step).
 */
export interface DiagnosticCode {
  readonly code: string;
  readonly title: string;
  /** What the user can do about it, shown under the message. */
  readonly hint: string;
}

const defs = {
  AZSLO001: { title: 'YAML syntax error', hint: 'Fix the YAML syntax at this position; `yamllint` or your editor can show the structure.' },
  AZSLO002: { title: 'Unknown key', hint: 'Remove the key or correct its spelling; the schema lists every allowed key.' },
  AZSLO003: { title: 'Wrong type or value', hint: 'Give a value of the type and form the schema asks for.' },
  AZSLO004: { title: 'Missing required key', hint: 'Add the key; see the spec reference in the README.' },
  AZSLO005: { title: 'Empty file', hint: 'Write at least one `apiVersion: azslo/v1` document, or remove the file from the inputs.' },
  AZSLO006: { title: 'Unreadable input', hint: 'Save the file as UTF-8 text and check that it exists and can be read.' },
  AZSLO007: { title: 'Unknown apiVersion or kind', hint: 'Use `apiVersion: azslo/v1` and `kind: Service`.' },
  AZSLO010: { title: 'Duplicate service', hint: 'Each service name may be declared once across all inputs; rename one of them.' },
  AZSLO011: { title: 'Duplicate SLO', hint: 'SLO names must be unique within a service, also after they are turned into Azure resource names.' },
  AZSLO012: { title: 'Unknown notification target', hint: 'Declare the target under `notifications:` or correct its name.' },
  AZSLO013: { title: 'Objective out of range', hint: 'An objective is a percentage strictly between 0 and 100, e.g. 99.9.' },
  AZSLO014: { title: 'Unsupported SLO window', hint: 'Use a rolling window of whole days from 1d to 90d, e.g. 7d, 28d or 30d.' },
  AZSLO015: { title: 'Malformed duration', hint: 'Write durations as a number and a unit: 30s, 15m, 1h, 2d, or combined as 1h30m.' },
  AZSLO016: { title: 'Malformed resource id', hint: 'Give the full ARM id: /subscriptions/<guid>/resourceGroups/<rg>/providers/<Namespace>/<type>/<name>.' },
  AZSLO017: { title: 'Secret written inline', hint: 'Reference the secret instead: "${env:VARIABLE}" or "${keyvault:<vault resource id>/secrets/<name>}".' },
  AZSLO018: { title: 'KQL error', hint: 'Fix the query; it is checked against the table schemas in catalog/tables/.' },
  AZSLO019: { title: 'Too many action groups', hint: 'An Azure alert rule takes at most 5 action groups; notify fewer targets or merge them.' },
  AZSLO020: { title: 'Invalid name', hint: 'Use a name that yields a non-empty Azure resource name (letters or digits).' },
  AZSLO021: { title: 'Alert can never fire', hint: 'With so large an error budget the burn-rate threshold needs more than 100 % errors: use a stricter objective (above 100 − 100 / burn rate) or disable this alert.' },
  AZSLO022: { title: 'Receiver limit exceeded', hint: 'Azure allows at most 1,000 email and 10 of each other receiver kind per action group.' },
  AZSLO023: { title: 'Window pair left out', hint: 'Longer SLO windows keep every pair; see docs/burn-rate-alerts.md.' },
  AZSLO025: { title: 'Deployment too large', hint: 'Generate fewer services per output folder (one folder per service or team), or split SLOs across services.' },
  AZSLO026: { title: 'Resource type not in the catalog', hint: 'Only Resource Health covers it. Add catalog/resources/<Namespace>/<type>.yaml (see the README) or remove the resource.' },
  AZSLO027: { title: 'Unknown baseline alert', hint: 'Use an alert id of the type; `azslo catalog show <type>` lists them.' },
  AZSLO028: { title: 'Alert override Azure would refuse', hint: 'Keep to the aggregations and dimensions of the metric (catalog/metrics/) and to a frequency no longer than the window.' },
  AZSLO029: { title: 'Duplicate resource', hint: 'Declare each resource once per service.' },
  AZSLO030: { title: 'No signal proves the RPO', hint: 'Azure offers no platform metric for it: check replication another way (see the message), or accept the gap knowingly.' },
  AZSLO031: { title: 'Resources in several subscriptions', hint: 'Deploy the output in the subscription that holds the resources, or split the service per subscription.' },
  AZSLO032: { title: 'No baseline alert applies', hint: 'Give the resource its kind, or a SKU (a tier or an ARM SKU name of one) that `azslo catalog show <type>` lists under "only" and SKUs.' },
  AZSLO033: { title: 'Beyond what a log search alert can read', hint: 'Azure log search alerts read at most two days of data. Use a shorter window, comparedTo: yesterday, or an anomaly alert with method: dynamicThreshold (Azure learns weekly patterns).' },
  AZSLO034: { title: 'Invalid business signal', hint: 'See the business signals section of the README.' },
  AZSLO035: { title: 'Unknown resource in a journey', hint: 'Name a declared resource by the last segment of its id.' },
  AZSLO036: { title: 'Unknown recovery mechanism', hint: 'Use (part of) a mechanism name that `azslo catalog show <type>` lists under Recovery.' },
  AZSLO038: { title: 'Journey SLO unknown or not about availability', hint: 'Name availability SLOs of this service in architecture.journeys[].slos.' },
  AZSLO039: { title: 'Invalid waiver', hint: 'Copy the gap id from the analyze report into accept[].gap, once per gap.' },
  AZSLO037: { title: 'Unknown SKU', hint: 'Use a tier or an ARM SKU name that `azslo catalog show <type>` lists under SKUs.' },
  AZSLO045: { title: 'Recovery plan cannot run', hint: 'See the message: a scenario analyze proposes, a runner outside the failed region, triggers and approvers the spec declares.' },
  AZSLO046: { title: 'Missing recovery parameter', hint: 'Give the value the plan\'s ARM call needs in resources[].recoveryParameters.' },
  AZSLO047: { title: 'Drill timing out of range', hint: 'A drill lasts at most as long as one Chaos Studio experiment may (12 h), and waits for alerts for less than its timeout.' },
  AZSLO048: { title: 'Drill window without a period', hint: 'Give recovery.drill.every (e.g. 90d) so the window schedules drills, or remove the window.' },
  AZSLO049: { title: 'Plan cannot be drilled', hint: 'Give the plan a step with a planned, loss-free failover the catalog names, or set drill: false on the plan.' },
  AZSLO024: { title: 'Duplicate notification target', hint: 'Target names must stay distinct once turned into Azure resource names; rename one of them.' },
  AZSLO052: { title: 'Gateway without a request log', hint: 'Name, by its full id, a resource declared in resources: whose type has a request log (`azslo catalog show <type>`, Logs).' },
  AZSLO053: { title: 'Log category not sent to the workspace', hint: 'Declare the category under the resource\'s diagnostics: (emit: true to have azslo create the setting).' },
  AZSLO054: { title: 'Unknown log category', hint: 'Use a category `azslo catalog show <type>` lists under Logs.' },
  AZSLO073: { title: 'Anomaly seasonality that cannot be modelled', hint: 'method: decompose models one period (default 1d, a whole number of bins, at least 4 of them) within the two days a log search alert reads; for weekly patterns use method: dynamicThreshold, which keeps its own history.' },
  AZSLO069: { title: 'Invalid OpenSLO document', hint: 'Fix the document so that it follows OpenSLO v1 (docs/openslo.md lists the rules import checks, after the reference SDK github.com/OpenSLO/go-sdk).' },
  AZSLO070: { title: 'OpenSLO construct azslo cannot express', hint: 'docs/openslo.md says what maps to azslo and what does not; change the OpenSLO document, or write this SLO in azslo directly.' },
  AZSLO071: { title: 'OpenSLO detail left out', hint: 'azslo imports the SLO without it; docs/openslo.md says why. Nothing to do unless you relied on it.' },
  AZSLO072: { title: 'Imported service incomplete', hint: 'Give what an azslo spec needs: an owner and environment label on the Service, and an AzureMonitor DataSource with the workspace and Application Insights resource ids (docs/openslo.md).' },
  AZSLO062: { title: 'Unknown time zone', hint: 'Give an IANA time zone name as Kusto knows it, e.g. Europe/Berlin or America/New_York (spelled with its capitals).' },
  AZSLO063: { title: 'Window set Azure cannot run', hint: 'Each pair needs a short window shorter than its long one, a long window of at most two days, and one of burnRate or budgetPercent; the tier an evaluation frequency Azure offers, no longer than its shortest window.' },
  AZSLO064: { title: 'Unknown window set', hint: 'Name a window set declared under `windowSets:`, or remove `windows:` to use the catalog\'s set for the SLO window.' },
  AZSLO067: { title: 'Invalid maintenance window', hint: 'A window is one-off (from, until with offsets) or weekly/monthly with an IANA timeZone, ends on the day it starts, and names SLOs of the service.' },
  AZSLO068: { title: 'Maintenance window hides too much', hint: 'See the message: a window longer than an SLO\'s whole error budget, or two windows overlapping.' },
  AZSLO055: { title: 'Unknown metric, resource or aggregation of a metric SLI', hint: 'Name a declared resource and a metric, aggregation and dimensions that catalog/metrics/ lists for its type.' },
  AZSLO056: { title: 'Metric SLI needs what AzureMetrics lacks', hint: 'AzureMetrics has no dimensions: remove the filter, or measure with a log SLI over the resource\'s logs.' },
  AZSLO057: { title: 'Metrics not sent to the workspace', hint: 'Send AllMetrics to the workspace with a diagnostic setting and declare diagnostics: { metrics: true } on the resource.' },
  AZSLO065: { title: 'Budget alert without a threshold', hint: 'Give alerting.budget remainingBelow (percentages of the budget, each once) or exhausted: true, or remove it.' },
  AZSLO066: { title: 'Budget longer than the workspace keeps', hint: "Set the workspace's (or the SLI tables') retention to at least the SLO window; otherwise the budget is counted over fewer days." },
  AZSLO058: { title: 'PromQL syntax error', hint: 'Fix the query at this position; with {{.window}} filled in (5m), it must parse as PromQL.' },
  AZSLO059: { title: 'Prometheus SLI queries incomplete', hint: 'Give total and exactly one of errors and good, each with {{.window}} as the duration of its range selectors, e.g. rate(http_requests_total[{{.window}}]).' },
  AZSLO060: { title: 'Prometheus SLI without an Azure Monitor workspace', hint: 'Give azure.monitorWorkspace: the resource id of the Azure Monitor workspace the cluster sends its Prometheus metrics to.' },
  AZSLO061: { title: 'Too many Prometheus rule groups', hint: 'An Azure Monitor workspace holds at most 500 rule groups (one per Prometheus SLO, and one more for its budget alerts): split the SLOs over workspaces or ask for an increase.' },
  AZSLO074: { title: 'Not computable from a PromQL range', hint: "A Prometheus SLO's budget alerts need a rolling window of at most 32 days, and a maintenance window can only silence it (correct: false); docs/sli-sources.md says why." },
  AZSLO075: { title: 'Beyond a Prometheus rule group', hint: 'A rule group holds at most 20 rules and runs every 1 to 15 minutes, one interval for all its rules, on PromQL queries of at most 32 days: use fewer windows or thresholds, one evaluationFrequency for page and ticket, shorter windows.' },
} as const satisfies Record<string, Omit<DiagnosticCode, 'code'>>;

export type Code = keyof typeof defs;

export const codes: Readonly<Record<Code, DiagnosticCode>> = Object.fromEntries(
  Object.entries(defs).map(([code, d]) => [code, { code, ...d }]),
) as Record<Code, DiagnosticCode>;

export const docsUrl = (code: Code): string => `docs/diagnostics.md#${code.toLowerCase()}`;

/**
 * Codes of problems with the output folder of `generate` rather than with a spec (so no file:line:col and no spec
 * fixture): printed as `azslo: error AZSLO04x: …` with the hint, and documented in docs/diagnostics.md like the
 * others.
 */
export const outputFolderCodes = {
  AZSLO040: { code: 'AZSLO040', title: 'Output folder not written by azslo', hint: 'Choose a new or empty folder, or run with --force to write into it: files with the names azslo writes are overwritten, all others are kept.' },
  AZSLO041: { code: 'AZSLO041', title: 'Generated file changed by hand', hint: 'Make the change in the specs instead (copy your edits elsewhere first) and run again, or run with --force to overwrite the changed files.' },
  AZSLO042: { code: 'AZSLO042', title: 'File in the way', hint: 'Move or rename it, or run with --force to replace it (files and links only; a folder with files in it is never deleted).' },
  AZSLO043: { code: 'AZSLO043', title: 'Output folder cannot be written', hint: "The message names the path and the operating system's error code; fix the cause and run again." },
  AZSLO044: { code: 'AZSLO044', title: 'Output folder in use', hint: 'Another azslo generate is writing this folder: wait for it to finish.' },
} as const satisfies Record<string, DiagnosticCode>;

export const outputFolderDocsUrl = (code: keyof typeof outputFolderCodes): string => `docs/diagnostics.md#${code.toLowerCase()}`;

/**
 * Codes of problems with the command line or the environment rather than with a spec or the output folder: printed
 * like the output-folder codes, `azslo: error AZSLO05x: …` with the hint. Made by the factories of tool.ts.
 */
export const toolCodes = {
  AZSLO050: { code: 'AZSLO050', title: 'Usage error', hint: 'Run `azslo --help` for the commands, their arguments and flags.' },
  AZSLO051: { code: 'AZSLO051', title: 'Reference apply cannot resolve', hint: 'Set the environment variable the spec names, or deploy the generated Bicep, whose params file reads it where it is deployed.' },
} as const satisfies Record<string, DiagnosticCode>;

export type OutputFolderCode = keyof typeof outputFolderCodes;
export type ToolCode = keyof typeof toolCodes;

/** Every code that is not about a position in a spec. */
export const fileLessCodes: Readonly<Record<OutputFolderCode | ToolCode, DiagnosticCode>> = { ...outputFolderCodes, ...toolCodes };

export const fileLessDocsUrl = (code: OutputFolderCode | ToolCode): string => `docs/diagnostics.md#${code.toLowerCase()}`;
