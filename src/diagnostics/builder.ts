/**
 * One factory per problem a spec can have, as Bicep's DiagnosticBuilder does: each fixes its code (and severity),
 * and holds its message template and hint, so a problem reported from several places reads the same everywhere.
 * `diagnosticsAt(where)` binds them to a place in a spec: `diagnosticsAt(where).unknownNotificationTarget(t, s, names)`.
 * Every diagnostic goes through `diagnostic()`, which masks secrets, makes text visible and caps it; user values
 * are quoted with `echo()`.
 */
import type { Code } from './codes.js';
import { diagnostic, type Diagnostic, type Position, type Severity } from './diagnostic.js';
import { echo } from './echo.js';
import { didYouMean } from '../base/edit-distance.js';

export interface Location {
  readonly file: string;
  readonly position?: Position;
  /** Dotted path in the document (formatPath), empty for file-level problems. */
  readonly path?: string;
}

interface Text {
  readonly message: string;
  /** When absent, the code's hint of codes.ts. */
  readonly hint?: string;
  readonly severity?: Severity;
}

export interface Problem<A extends unknown[]> {
  readonly code: Code;
  readonly text: (...args: A) => Text;
  /** Arguments that show the factory at work; the diagnostics test calls every factory with them. */
  readonly example: A;
}

const def = <A extends unknown[]>(code: Code, text: (...args: A) => Text, example: A): Problem<A> => ({ code, text, example });
const warning = (message: string, hint?: string): Text => ({ message, severity: 'warning', ...(hint !== undefined ? { hint } : {}) });
const list = (xs: readonly string[], none = 'none'): string => xs.join(', ') || none;

/** The problems, grouped by where they are found; the name is the method of DiagnosticBuilder. */
export const problems = {
  // Loading (src/load/source.ts).
  yamlSyntax: def('AZSLO001', (message: string, severity: Severity = 'error') => ({ message, severity }), ['Map keys must be unique']),
  nestingTooDeep: def(
    'AZSLO001',
    (limit: number) => ({ message: `collections nest more than ${limit} levels deep here`, hint: `A spec nests about ten levels; flatten the structure (azslo reads at most ${limit}).` }),
    [64],
  ),
  aliasesNestTooDeep: def(
    'AZSLO001',
    (limit: number) => ({ message: `with its aliases expanded, the document nests more than ${limit} levels deep`, hint: 'Use fewer nested aliases (*name) of anchored collections.' }),
    [64],
  ),
  keyNotText: def(
    'AZSLO001',
    (what: string) => ({ message: `a mapping key must be text, not ${what}`, hint: 'Write the key as a plain word or a quoted string; a spec has no list, mapping or empty keys.' }),
    ['a list'],
  ),
  emptyFile: def('AZSLO005', () => ({ message: 'the file holds no YAML document' }), []),
  inputMissing: def('AZSLO006', (input: string) => ({ message: `cannot read '${input}': no such file or folder` }), ['slo/missing.yaml']),
  noYamlFiles: def('AZSLO006', (inputs: readonly string[]) => ({ message: `no .yaml or .yml file found in ${inputs.join(', ')}` }), [['slo/']]),
  notUtf8: def('AZSLO006', (file: string) => ({ message: `cannot read '${file}': it is not valid UTF-8 text` }), ['slo/latin1.yaml']),
  unreadableFile: def('AZSLO006', (file: string, errno: string | undefined) => ({ message: `cannot read '${file}': it cannot be read (${errno ?? 'error'})` }), ['slo/a.yaml', 'EACCES']),

  // Text hygiene (src/validate/text.ts).
  refusedText: def(
    'AZSLO003',
    (what: string, why: string) => ({
      message: `${what} holds ${why}`,
      hint: why.startsWith('more than')
        ? 'Shorten the value; names and lists are one line of at most 1,024 characters, descriptions and queries at most 32,768.'
        : 'Remove the character or write it another way: azslo keeps text exactly or refuses it, and this character would be invisible, change lines or be lost in Bicep, KQL or JSON.',
    }),
    ['slos[0].name', 'the control character U+001B'],
  ),

  // The JSON Schema (src/validate/schema.ts); `at` is the formatted path, or 'the document'.
  unknownKey: def(
    'AZSLO002',
    (key: string, at: string, allowed: readonly string[], guess: string | undefined) => ({
      message: `unknown key ${echo(key)} in ${at}`,
      ...(guess ? { hint: `Did you mean '${guess}'? Allowed here: ${allowed.join(', ')}.` } : allowed.length ? { hint: `Allowed here: ${allowed.join(', ')}.` } : {}),
    }),
    ['objectve', 'slos[0]', ['name', 'objective'], 'objective'],
  ),
  missingKey: def('AZSLO004', (key: string, at: string) => ({ message: `missing required key ${echo(key)} in ${at}` }), ['window', 'slos[0]']),
  unknownApiVersionOrKind: def('AZSLO007', (at: string, allowed: unknown, value: unknown) => ({ message: `${at} must be '${String(allowed)}', not ${echo(JSON.stringify(value))}` }), ['apiVersion', 'azslo/v1', 'azslo/v2']),
  notTheConstant: def('AZSLO003', (at: string, allowed: unknown, value: unknown) => ({ message: `${at} must be '${String(allowed)}', not ${echo(JSON.stringify(value))}` }), ['x', 'y', 'z']),
  malformedDuration: def('AZSLO015', (at: string, value: unknown) => ({ message: `${at}: ${echo(value)} is not a duration` }), ['objectives.rto', '15 minutes']),
  malformedResourceId: def('AZSLO016', (at: string, value: unknown, what: string) => ({ message: `${at}: ${echo(value)} is not ${what}` }), ['azure.workspace', 'ws-1', 'a Log Analytics workspace resource id']),
  notTheFormat: def('AZSLO003', (at: string, value: unknown, format: string) => ({ message: `${at}: ${echo(value)} is not a valid ${format}` }), ['notifications.oncall.email[0]', 'x', 'email']),
  objectiveTooLarge: def('AZSLO013', (at: string, value: number) => ({ message: `${at} is too large a number (${String(value)})` }), ['slos[0].objective', Infinity]),
  numberTooLarge: def('AZSLO003', (at: string, value: number) => ({ message: `${at} is too large a number (${String(value)})` }), ['slos[0].sli.requestAvailability.minimumEvents', Infinity]),
  wrongType: def('AZSLO003', (at: string, expected: string, actual: string) => ({ message: `${at} must be ${expected}, not ${actual}` }), ['slos[0].objective', 'number', 'the string "high"']),
  wrongShape: def('AZSLO003', (at: string, description: string) => ({ message: `${at} has the wrong shape: ${description}` }), ['slos[0].sli', 'see the schema']),
  notOneSliKind: def('AZSLO003', (at: string, kinds: readonly string[]) => ({ message: `${at} must hold exactly one SLI kind, one of: ${kinds.join(', ')}` }), ['slos[0].sli', ['requestAvailability', 'raw']]),
  notTheForm: def('AZSLO003', (at: string, value: unknown, pattern: string) => ({ message: `${at}: ${echo(value)} does not have the expected form (${pattern})` }), ['slos[0].window', '30 days', '^\\d+d$']),
  notOneOf: def('AZSLO003', (at: string, allowed: readonly unknown[]) => ({ message: `${at} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}` }), ['slos[0].alerting.page.severity', [0, 1, 2]]),
  schemaViolation: def('AZSLO003', (at: string, what: string) => ({ message: `${at} ${what}` }), ['slos', 'must NOT have fewer than 1 items']),

  // Semantic rules (src/validate/rules/).
  duplicateService: def('AZSLO010', (name: string, firstFile: string, firstLine: number) => ({ message: `service ${echo(name)} is already declared in ${firstFile}:${firstLine}` }), ['checkout', 'slo/a.yaml', 3]),
  duplicateSlo: def(
    'AZSLO011',
    (name: string, first: string, slug: string) => ({ message: first === name ? `SLO ${echo(name)} is declared twice` : `SLO ${echo(name)} and SLO ${echo(first)} map to the same resource name '${slug}'` }),
    ['API Availability', 'api-availability', 'apiavailability'],
  ),
  unknownNotificationTarget: def(
    'AZSLO012',
    (target: string, service: string, declared: readonly string[]) => ({
      message: `${echo(target)} is not a notification target of service ${echo(service)}`,
      hint: declared.length ? `Declared targets: ${declared.join(', ')}.` : 'Declare it under `notifications:` first.',
    }),
    ['on-call-typo', 'checkout', ['oncall']],
  ),
  objectiveOutOfRange: def('AZSLO013', (objective: number) => ({ message: `objective ${objective} is not a percentage strictly between 0 and 100` }), [100]),
  unsupportedWindow: def('AZSLO014', (window: string, maxDays: number) => ({ message: `window ${echo(window)} is not supported: use 1d to ${maxDays}d` }), ['0d', 90]),
  secretNotAReference: def('AZSLO017', (text: string) => ({ message: `${echo(text)} is not a secret reference azslo understands` }), ['${vault:x}']),
  secretInline: def('AZSLO017', (kind: string, field: string) => ({ message: `${kind}.${field} is written inline; it may carry a token and would end up in the generated files` }), ['webhook', 'url']),
  tooManyActionGroups: def('AZSLO019', (what: string, count: number, max: number) => ({ message: `${what} notifies ${count} targets; an alert rule takes at most ${max} action groups` }), ['the page alert', 6, 5]),
  nameWithoutLetters: def(
    'AZSLO020',
    (what: 'service' | 'SLO' | 'signal', name: string) => ({ message: `${what} name ${echo(name)} has no letter or digit to build resource names from` }),
    ['SLO', '---'],
  ),
  targetNameWithoutLetters: def('AZSLO020', (name: string) => ({ message: `notification target ${echo(name)} has no letter or digit to build an action group name from` }), ['!!']),
  noWindowPairFits: def(
    'AZSLO021',
    (kind: string, window: string) => warning(`the ${kind} alert can never fire: no window pair fits a ${window} window, so no rule is generated`, 'Use a longer SLO window, or disable this alert.'),
    ['page', '1d'],
  ),
  windowSetLacksTier: def(
    'AZSLO021',
    (kind: string, set: string) => warning(`the ${kind} alert can never fire: window set ${echo(set)} has no ${kind} tier, so no rule is generated`, `Give the window set a ${kind} tier, or disable this alert.`),
    ['ticket', 'pages-only'],
  ),
  burnRatesUnreachable: def('AZSLO021', (kind: string, objective: number) => warning(`the ${kind} alert can never fire: its burn rates need more than 100 % errors with a ${objective} % objective`), ['page', 50]),
  tooManyReceivers: def('AZSLO022', (kind: string, count: number, max: number) => ({ message: `${count} ${kind} receivers; an action group takes at most ${max}` }), ['sms', 11, 10]),
  windowPairLeftOut: def(
    'AZSLO023',
    (kind: string, long: string, short: string, burnRate: number, budgetPercent: number, window: string) =>
      warning(`the ${kind} window pair ${long}/${short} is left out: at burn rate ${burnRate} it stands for ${budgetPercent} % of a ${window} budget`),
    ['page', '6h', '30m', 6, 100, '1d'],
  ),
  unknownTimeZone: def(
    'AZSLO062',
    (timeZone: string, suggestion: string | undefined) => ({ message: `time zone ${echo(timeZone)} is not an IANA time zone${suggestion ? `; did you mean '${suggestion}'?` : ''}` }),
    ['Europe/berlin', 'Europe/Berlin'],
  ),
  windowPairTooLong: def(
    'AZSLO063',
    (set: string, kind: string, long: string, maxHours: number) => ({ message: `window set ${echo(set)}: the ${kind} pair's long window ${echo(long)} is longer than a log search alert reads (${maxHours} h)` }),
    ['payroll', 'ticket', '3d', 48],
  ),
  windowPairShortNotShorter: def(
    'AZSLO063',
    (set: string, kind: string, long: string, short: string) => ({ message: `window set ${echo(set)}: the ${kind} pair ${echo(long)}/${echo(short)} needs a short window shorter than its long one` }),
    ['payroll', 'page', '1h', '1h'],
  ),
  windowPairRate: def(
    'AZSLO063',
    (set: string, kind: string, long: string, both: boolean) => ({ message: `window set ${echo(set)}: the ${kind} pair with long window ${echo(long)} gives ${both ? 'both burnRate and budgetPercent' : 'neither burnRate nor budgetPercent'}; give exactly one (the other follows from the SLO window)` }),
    ['payroll', 'page', '1h', true],
  ),
  windowSetFrequency: def(
    'AZSLO063',
    (set: string, kind: string, frequency: string, allowed: readonly string[]) => ({ message: `window set ${echo(set)}: the ${kind} tier's evaluation frequency ${echo(frequency)} is not one Azure offers (${allowed.join(', ')})` }),
    ['payroll', 'page', 'PT2M', ['PT1M', 'PT5M']],
  ),
  windowSetFrequencyAboveShort: def(
    'AZSLO063',
    (set: string, kind: string, frequency: string, short: string) => ({ message: `window set ${echo(set)}: the ${kind} tier runs every ${echo(frequency)}, less often than its short window ${echo(short)} is long, so that window would go unread between runs` }),
    ['payroll', 'page', 'PT1H', '5m'],
  ),
  unknownWindowSet: def(
    'AZSLO064',
    (name: string, declared: readonly string[]) => ({
      message: `${echo(name)} is not a window set of this service${declared.length ? didYouMean(name, declared) : ' (it declares none under windowSets:)'}`,
      ...(declared.length ? { hint: `Declared window sets: ${declared.join(', ')}.` } : {}),
    }),
    ['monthy', ['monthly']],
  ),
  duplicateNotificationTarget: def('AZSLO024', (first: string, name: string, slug: string) => ({ message: `notification targets ${echo(first)} and ${echo(name)} map to the same action group name '${slug}'` }), ['on-call', 'on_call', 'oncall']),
  defaultsTypeNotInCatalog: def('AZSLO026', (type: string) => warning(`resource type ${type} is not in the catalog, so its defaults apply to nothing`), ['Microsoft.Foo/bars']),
  resourceTypeNotInCatalog: def('AZSLO026', (type: string, name: string) => warning(`resource type ${type} is not in the catalog: no baseline alert for ${name}`), ['Microsoft.Foo/bars', 'bar-1']),
  unknownBaselineAlert: def(
    'AZSLO027',
    (type: string, id: string, ids: readonly string[]) => ({ message: `${type} has no baseline alert ${echo(id)}`, hint: `Alert ids of ${type}: ${ids.join(', ')}.` }),
    ['Microsoft.KeyVault/vaults', 'latency', ['availability', 'saturation']],
  ),
  refusedOverride: def('AZSLO028', (id: string, problem: string) => ({ message: `${id}: ${problem}` }), ['availability', "aggregation Total is not one of the metric's (Average)"]),
  duplicateResource: def('AZSLO029', (id: string, firstIndex: number) => ({ message: `resource ${id} is declared twice (first as resources[${firstIndex}])` }), ['/subscriptions/…/vaults/kv', 0]),
  noRpoSignal: def(
    'AZSLO030',
    (rpo: string, name: string, type: string, reason: string | undefined) => warning(`no platform signal proves the RPO (${rpo}) of ${name} (${type}): ${reason ?? 'none is known'}`),
    ['15m', 'kv-1', 'Microsoft.KeyVault/vaults', undefined],
  ),
  rpoWatcherNotDeclared: def(
    'AZSLO030',
    (rpo: string, name: string, mechanism: string, type: string) =>
      warning(
        `no signal proves the RPO (${rpo}) of ${name}: ${mechanism} is watched by an alert of ${type}, and no ${type} is declared`,
        `Declare the ${type} that protects it under resources (its alert then watches the RPO), or accept the gap knowingly.`,
      ),
    ['15m', 'vm-1', 'Azure Backup for VMs', 'Microsoft.RecoveryServices/vaults'],
  ),
  rpoSignalsNeedRecovery: def(
    'AZSLO030',
    (rpo: string, name: string, type: string, needs: readonly string[]) =>
      warning(
        `no signal proves the RPO (${rpo}) of ${name}: ${type}'s signals report on replication or persistence it does not declare`,
        `Declare what is set up: resources[].recovery naming a mechanism with ${needs.join(', ')} (\`azslo catalog show ${type}\`), or accept the gap knowingly.`,
      ),
    ['15m', 'db-1', 'Microsoft.Sql/servers/databases', ['geoReplication']],
  ),
  severalSubscriptions: def(
    'AZSLO031',
    (count: number) => warning(`the resources span ${count} subscriptions; Resource Health and Service Health alerts only see the subscription they are deployed to`),
    [2],
  ),
  noBaselineAlertApplies: def(
    'AZSLO032',
    (type: string, name: string, wanted: readonly string[]) => warning(`no baseline alert of ${type} applies to ${name}: they are for ${wanted.join(', ')}`),
    ['Microsoft.Web/serverfarms', 'plan-1', ['SKU PremiumV3']],
  ),
  dropVersusLastWeek: def(
    'AZSLO033',
    () => ({ message: 'a drop versus last week cannot run in Azure: a log search alert reads at most two days of data, so the same period a week ago is out of its reach' }),
    [],
  ),
  binNotAFrequency: def('AZSLO033', (bin: string, frequencies: readonly string[]) => ({ message: `bin ${bin} is not an evaluation frequency Azure offers up to an hour (${frequencies.join(', ')})` }), ['7m', ['PT1M', 'PT5M']]),
  lookbackTooLong: def('AZSLO033', (span: string, max: string) => ({ message: `this alert would read ${span} of data; a log search alert reads at most ${max}` }), ['3d', '2d']),
  anomalyPeriodNotWholeBins: def('AZSLO073', (period: string, bin: string) => ({ message: `period ${period} is not a whole number of ${bin} bins` }), ['1d', '7m']),
  anomalyPeriodTooFewBins: def('AZSLO073', (period: string, bin: string, bins: number, min: number) => ({ message: `period ${period} spans ${bins} bins of ${bin}; a seasonal pattern needs at least ${min}` }), ['1h', '30m', 2, 4]),
  anomalyPeriodBeyondSeries: def(
    'AZSLO073',
    (period: string, bin: string, series: string) => ({ message: `period ${period} does not fit: in ${bin} bins the series a log search alert can read spans ${series}, and it must hold a whole period before its latest bin` }),
    ['7d', '1h', '46 h'],
  ),
  anomalyPeriodWithDynamicThreshold: def('AZSLO073', () => ({ message: 'period applies to method: decompose; dynamic thresholds find hourly, daily and weekly patterns themselves', hint: 'Remove period, or use method: decompose.' }), []),
  tableClash: def('AZSLO034', (table: string) => ({ message: `table ${table} is declared twice or clashes with a built-in table` }), ['AppRequests']),
  timeGeneratedNotDatetime: def('AZSLO034', (table: string, type: string) => ({ message: `TimeGenerated of ${table} must be a datetime, not ${type}` }), ['Orders_CL', 'string']),
  duplicateSignal: def('AZSLO034', (name: string, first: string, slug: string) => ({ message: `signal ${echo(name)} and signal ${echo(first)} map to the same name '${slug}'` }), ['Orders', 'orders', 'orders']),
  signalSourceKinds: def('AZSLO034', (kinds: readonly string[]) => ({ message: `a signal source needs exactly one of event, metric or query, not ${kinds.length ? kinds.join(' and ') : 'none'}` }), [['event', 'query']]),
  roleNameWithQuery: def('AZSLO034', () => ({ message: 'roleName filters events or metrics; put it in the query instead' }), []),
  businessHoursReversed: def('AZSLO034', (from: string, to: string) => ({ message: `business hours must end after they start (${from}–${to})` }), ['18:00', '08:00']),
  thresholdWithoutBounds: def('AZSLO034', () => ({ message: 'a threshold alert needs below, above or both' }), []),
  unknownJourneyResource: def('AZSLO035', (step: string, declared: readonly string[]) => ({ message: `${echo(step)} is not a declared resource`, hint: `Declared: ${list(declared)}.` }), ['kv-typo', ['kv-1']]),
  ambiguousJourneyResource: def('AZSLO035', (step: string, count: number) => ({ message: `${echo(step)} names ${count} declared resources or dependencies; rename one` }), ['kv-1', 2]),
  unknownRecoveryMechanism: def(
    'AZSLO036',
    (type: string, recovery: string, mechanisms: readonly string[]) => ({ message: `${type} has no recovery mechanism ${echo(recovery)}`, hint: `Mechanisms: ${mechanisms.join('; ')}.` }),
    ['Microsoft.Sql/servers/databases', 'tape', ['geo-restore', 'active geo-replication']],
  ),
  unknownJourneySlo: def('AZSLO038', (name: string, declared: readonly string[]) => ({ message: `${echo(name)} is not an SLO of this service`, hint: `SLOs: ${list(declared.map((d) => echo(d)))}.` }), ['checkout-avail', ['checkout-availability']]),
  journeySloNotAvailability: def(
    'AZSLO038',
    (name: string, measure: string) => ({ message: `SLO ${echo(name)} measures ${measure}: a journey's composite SLA can only be compared with an availability SLO`, hint: 'Name the availability SLOs this journey serves; latency and freshness SLOs have no composite SLA to meet.' }),
    ['checkout-latency', 'latency'],
  ),
  unknownGapKind: def(
    'AZSLO039',
    (kind: string, kinds: readonly string[]) => warning(`no gap id starts with ${echo(kind)}: this waiver accepts nothing`, `Gap ids start with one of: ${kinds.join(', ')}. Copy the id from the analyze report.`),
    ['rto-unkown', ['rto-unknown', 'rpo-unknown']],
  ),
  duplicateWaiver: def('AZSLO039', (gap: string, first: number) => ({ message: `gap ${echo(gap)} is already accepted by accept[${first}]`, hint: 'Keep one waiver per gap, so that its reason, owner and expiry are unambiguous.' }), ['rpo-unproven/kv-1', 0]),
  unknownSku: def(
    'AZSLO037',
    (type: string, sku: string, tiers: readonly string[]) =>
      warning(
        `${echo(sku)} is neither a SKU tier nor an ARM SKU name the catalog knows for ${type}: every baseline alert of the type is kept (none is left out for the SKU), and no SLA figure that depends on the SKU is taken`,
        `Write a tier or an ARM SKU name of the type; tiers (with ARM names): ${tiers.join('; ')}.`,
      ),
    ['Microsoft.Web/serverFarms', 'P9v9', ['PremiumV3 (P0v3, P1v3, P2v3, …)', 'ElasticPremium (EP1, EP2, EP3)']],
  ),
  unknownScenario: def('AZSLO045', (scenario: string, known: readonly string[]) => ({ message: `no scenario ${echo(scenario)}: analyze proposes ${list(known.map((k) => echo(k)))}`, hint: 'Name a scenario of `azslo analyze` (its scenarios section), e.g. regionOutage/westeurope; a scenario exists only for a disruption with a target.' }), ['regionOutage/westus', ['regionOutage/westeurope']]),
  runnerInFailedRegion: def(
    'AZSLO045',
    (location: string, scenario: string) => ({ message: `the plan's runner is in ${location}, the region ${echo(scenario)} fails away from: it would be lost with it`, hint: 'Set recovery.runner.location to another region (the secondary region of the plan), or name an existing Automation account there.' }),
    ['westeurope', 'regionOutage/westeurope'],
  ),
  unknownTrigger: def('AZSLO045', (alert: string, problem: string) => ({ message: `trigger ${echo(alert)} names no alert: ${problem}`, hint: 'Triggers are slo/<name>/page (or /ticket) of an SLO with that alert, resource-health or service-health.' }), ['slo/api/page', "the service has no SLO 'api'"]),
  unknownApprover: def('AZSLO045', (name: string, declared: readonly string[]) => ({ message: `approver ${echo(name)} is not a notification target`, hint: `Declared targets: ${list(declared.map((d) => echo(d)))}.` }), ['sre', ['oncall']]),
  manualPlanStep: def(
    'AZSLO045',
    (scenario: string, resource: string, mechanism: string, why: string) => warning(`plan ${echo(scenario)}: the step of ${echo(resource)} (${mechanism}) cannot be automated: ${why}`, 'The runbook reports the step as manual and goes on; do it by hand, or declare a mechanism with an ARM operation.'),
    ['regionOutage/westeurope', 'db1', 'geo-restore', 'a new database is created'],
  ),
  existingRunnerNotDeployed: def(
    'AZSLO045',
    (account: string) => warning(`azslo does not yet deploy runbooks into an existing Automation account (${echo(account)}): generate and apply leave the plans out; azslo recover still starts runbooks of that name there`, 'Name runner.location instead to let azslo create and maintain the account, its runbooks, roles and triggers.'),
    ['aa-ops'],
  ),
  uncheckedPlanStep: def(
    'AZSLO045',
    (scenario: string, resource: string, mechanism: string) => warning(`plan ${echo(scenario)}: nothing shows whether the step of ${echo(resource)} (${mechanism}) already ran, so a rerun of the runbook repeats it`, 'Rerun the plan only after checking that step by hand; the catalog gives this mechanism no done check.'),
    ['regionOutage/westeurope', 'redis1', 'unlink the geo-replication secondary'],
  ),
  missingRecoveryParameter: def(
    'AZSLO046',
    (resource: string, parameter: string, mechanism: string, description: string) => ({ message: `${echo(resource)} needs recoveryParameters.${parameter} for ${mechanism}: ${description}`, hint: 'Give it under the resource: recoveryParameters: { <name>: <value> } (a map from region to value where it differs per failed region).' }),
    ['sqldb1', 'failoverGroup', 'failover group, forced failover', 'the failover group name'],
  ),
  drillTimeoutTooLong: def(
    'AZSLO047',
    (timeout: string, maxHours: number) => ({ message: `a drill timeout of ${echo(timeout)} is longer than a Chaos Studio experiment may run (${maxHours} h)`, hint: `Set recovery.drill.timeout to ${maxHours}h or less; a drill that needs longer is several drills.` }),
    ['1d', 12],
  ),
  drillDetectAfterTimeout: def(
    'AZSLO047',
    (detectWithin: string, timeout: string) => ({ message: `the drill waits ${echo(detectWithin)} for alerts but may last only ${echo(timeout)}: it would time out before detection could fail`, hint: 'Make recovery.drill.detectWithin shorter than timeout, leaving time for the recovery and the failback.' }),
    ['2h', '2h'],
  ),
  drillZeroDuration: def('AZSLO047', (key: string) => ({ message: `recovery.drill.${key} must be longer than 0`, hint: key === 'every' ? 'Write the period between drills of a plan, e.g. 90d.' : 'Write a duration such as 30m or 2h.' }), ['every']),
  drillWindowWithoutEvery: def('AZSLO048', () => warning('recovery.drill.window is set but every is not: no drill is scheduled and no workflow is generated'), []),
  undrillablePlan: def(
    'AZSLO049',
    (scenario: string) =>
      warning(
        `plan ${echo(scenario)} is to be drilled but no step has a planned, loss-free variant to drill with: azslo drill cannot run it, and analyze --drills would report it never drilled`,
        'Set drill: false on the plan to leave it out knowingly, or declare a mechanism whose catalog entry has a drill (a planned failover).',
      ),
    ['regionOutage/westeurope'],
  ),
  ambiguousRecoveryMechanism: def(
    'AZSLO036',
    (type: string, recovery: string, count: number, mechanisms: readonly string[]) => ({ message: `${echo(recovery)} matches ${count} recovery mechanisms of ${type}`, hint: `Mechanisms: ${mechanisms.join('; ')}.` }),
    ['Microsoft.Sql/servers/databases', 'geo', 2, ['geo-restore', 'active geo-replication']],
  ),

  // User KQL (src/validate/kql.ts); `label` names the query ('good query', 'signal query').
  kqlError: def('AZSLO018', (label: string, message: string) => ({ message: `${label}: ${message}`, hint: kqlHint(message) }), ['good query', "The name 'Requests' does not refer to any known table"]),
  kqlStatementNotAllowed: def(
    'AZSLO018',
    (label: string, what: string) => ({
      message: `${label}: ${what} cannot stand in the function azslo saves the query as`,
      hint: 'Keep to `let` statements followed by one query; `azslo query` prints the function as it will be saved.',
    }),
    ['total query', 'a `set` statement'],
  ),
  kqlReturnsScalar: def('AZSLO018', (label: string) => ({ message: `${label}: must return a table of events, not a scalar` }), ['good query']),
  kqlNoTimeGenerated: def(
    'AZSLO018',
    (label: string, columns: readonly string[]) => ({
      message: `${label}: must return a TimeGenerated column; it returns ${columns.slice(0, 8).join(', ') || 'no column'}`,
      hint: 'Keep TimeGenerated in the output (e.g. `| project TimeGenerated, ...`): burn-rate windows are cut on it.',
    }),
    ['good query', ['Count']],
  ),
  kqlErrorInFunction: def(
    'AZSLO018',
    (label: string, what: string, message: string) => ({
      message: `${label}, inside the generated ${what}: ${message}`,
      hint: 'The query must also be valid as the body of a stored function (`let` statements and one query); check it in Logs wrapped in `let f = view () { … }; f`.',
    }),
    ['good query', 'SLI function', "Syntax error: expected '}'"],
  ),

  // Deployment limits (src/generate/limits.ts).
  tooManyParameters: def('AZSLO025', (count: number, max: number) => ({ message: `the generated main.bicep would have ${count} parameters; ARM accepts at most ${max} per template` }), [271, 256]),
  tooManyModules: def('AZSLO025', (count: number, max: number) => ({ message: `the generated main.bicep would call ${count} modules; ARM accepts at most ${max} resources per template` }), [801, 800]),
  tooManyActivityLogAlerts: def('AZSLO025', (count: number, max: number) => ({ message: `the deployment would create ${count} activity log alert rules; a subscription holds at most ${max}` }), [102, 100]),
  deploymentTooLarge: def(
    'AZSLO025',
    (what: string, measure: string, count: number, max: number) => ({
      message: `${what} would have ${count} ${measure}; ARM accepts at most ${max} per template`,
      hint: 'generate gives each service its own deployment when the estate is past the limits; a service this large must be split into several services (several spec documents).',
    }),
    ['the deployment of service checkout', 'bytes of compiled template (estimated)', 4100000, 4000000],
  ),
  moduleTooLarge: def('AZSLO025', (module: string, count: number, max: number) => ({ message: `module ${module}.bicep would hold ${count} resources; ARM accepts at most ${max} per template` }), ['checkout/slos', 801, 800]),
  textTooLong: def(
    'AZSLO025',
    (what: string, length: number, limit: number) => ({
      message: `${what} would be ${length} characters; ARM and Bicep handle at most ${limit} as one text`,
      hint: 'Shorten what this SLO or signal lists (role names, operations, names) or its query, or split it into several.',
    }),
    ['queries/checkout-api.kql', 140000, 131072],
  ),
  // Gateway SLIs and diagnostic settings (src/validate/rules/gateway-logs.ts).
  unknownGateway: def(
    'AZSLO052',
    (name: string, candidates: readonly string[]) => ({ message: `the gateway ${echo(name)} is no resource declared in resources:`, hint: `Give the name or full id of one of the declared resources with a request log: ${list(candidates)}.` }),
    ['agw-typo', ['agw-1']],
  ),
  ambiguousGateway: def(
    'AZSLO052',
    (name: string) => ({ message: `the gateway ${echo(name)} names more than one declared resource`, hint: 'Give the full id of the one whose request log the SLI reads.' }),
    ['agw-1'],
  ),
  gatewayWithoutLog: def(
    'AZSLO052',
    (type: string, types: readonly string[]) => ({ message: `${type} has no request log azslo can read for a gateway SLI`, hint: `Types with one: ${list(types)}.` }),
    ['Microsoft.KeyVault/vaults', ['Microsoft.Network/applicationGateways']],
  ),
  gatewayWithoutApis: def(
    'AZSLO052',
    (type: string) => ({ message: `apis filters API Management requests; the request log of ${type} has no API column`, hint: 'Remove apis, or filter by hosts, paths or pathPrefixes.' }),
    ['Microsoft.Network/applicationGateways'],
  ),
  logCategoryNotSent: def(
    'AZSLO053',
    (resource: string, category: string, table: string) =>
      warning(
        `the SLI reads ${table}, which holds ${resource}'s log category ${echo(category)}, but the spec does not say that the category reaches the workspace: without it the SLI has no events`,
        `Add to the resource in resources: diagnostics: { categories: [${category}], emit: true } to have azslo create the setting, or without emit when a setting of your own sends it.`,
      ),
    ['agw-1', 'ApplicationGatewayAccessLog', 'AGWAccessLogs'],
  ),
  unknownLogCategory: def(
    'AZSLO054',
    (type: string, category: string, categories: readonly string[]) => ({ message: `${type} has no log category ${echo(category)}`, hint: `Its categories: ${list(categories)}.` }),
    ['Microsoft.Network/applicationGateways', 'AccessLog', ['ApplicationGatewayAccessLog']],
  ),
  diagnosticsNotEmittable: def(
    'AZSLO054',
    (type: string) => ({ message: `azslo knows no log categories of ${type}, so it cannot create its diagnostic setting`, hint: 'Remove emit and create the setting yourself; the categories are then taken as declared.' }),
    ['Microsoft.KeyVault/vaults'],
  ),

  // OpenSLO import (src/openslo/): places in the OpenSLO files.
  openSloInvalid: def('AZSLO069', (message: string) => ({ message }), ['spec.budgetingMethod must be one of Occurrences, Timeslices, RatioTimeslices']),
  openSloUnresolved: def(
    'AZSLO069',
    (kind: string, name: string, known: readonly string[]) => ({ message: `no ${kind} named ${echo(name)} in the inputs`, hint: `Give the ${kind} document among the inputs, or inline it. Known: ${list(known)}.` }),
    ['SLI', 'latency-sli', ['availability-sli']],
  ),
  openSloDuplicate: def('AZSLO069', (kind: string, name: string) => ({ message: `a second ${kind} named ${echo(name)}`, hint: 'Names are unique per kind across the inputs; rename one of them.' }), ['SLO', 'checkout-availability']),
  openSloCannotMap: def('AZSLO070', (message: string, hint?: string) => ({ message, ...(hint !== undefined ? { hint } : {}) }), ['budgetingMethod Timeslices counts good time slices; azslo SLOs count good events']),
  openSloLeftOut: def('AZSLO071', (message: string) => warning(message), ['alertWhenNoData: azslo does not alert on missing SLI data']),
  openSloIncomplete: def('AZSLO072', (message: string, hint?: string) => ({ message, ...(hint !== undefined ? { hint } : {}) }), ["service 'checkout' has no owner"]),
  // Maintenance windows (src/validate/rules/maintenance-windows.ts, docs/maintenance.md).
  maintenanceScheduleShape: def('AZSLO067', () => ({ message: 'a maintenance window is one-off (from and until) or recurring (weekly or monthly): give exactly one of them' }), []),
  maintenanceMissingBound: def('AZSLO067', (missing: string) => ({ message: `a one-off maintenance window needs both from and until; ${missing} is missing`, hint: 'Write both as ISO 8601 instants with their offset, e.g. 2026-03-14T22:00:00+01:00.' }), ['until']),
  maintenanceTimeZoneRequired: def('AZSLO067', (kind: string) => ({ message: `a ${kind} maintenance window needs a timeZone: its start is a local time`, hint: 'Add schedule.timeZone, an IANA zone such as Europe/Amsterdam or UTC.' }), ['weekly']),
  maintenanceTimeZoneOnOneOff: def('AZSLO067', () => ({ message: 'a one-off maintenance window takes no timeZone: from and until carry their own offsets', hint: 'Remove schedule.timeZone, or write the offset into from and until.' }), []),
  maintenanceNoSuchDate: def('AZSLO067', (text: string) => ({ message: `${echo(text)} is not a date and time that exists`, hint: 'Check the day of the month and the time (hours 00–23).' }), ['2026-02-30T22:00:00+01:00']),
  maintenanceEndsBeforeStart: def('AZSLO067', (from: string, until: string) => ({ message: `the window ends (${echo(until)}) before or when it starts (${echo(from)})`, hint: 'until is the end of the window, after from; check the dates and the offsets.' }), ['2026-03-15T02:00:00+01:00', '2026-03-14T22:00:00+01:00']),
  maintenanceUnknownTimeZone: def(
    'AZSLO067',
    (zone: string, suggestion: string | undefined) => ({ message: `${echo(zone)} is not an IANA time zone${suggestion ? `; did you mean ${echo(suggestion)}?` : ''}`, hint: 'Use an IANA zone name, e.g. Europe/Amsterdam, America/New_York or UTC (names are case-sensitive).' }),
    ['Europe/Amsterdm', 'Europe/Amsterdam'],
  ),
  maintenanceZoneWithoutWindowsId: def('AZSLO067', (zone: string) => ({ message: `${echo(zone)} has no Windows time zone, which alert processing rules need (CLDR maps none to it)`, hint: 'Use a zone with the same clock, e.g. the main zone of the country, or UTC with the times converted.' }), ['Antarctica/Troll']),
  maintenancePastMidnight: def(
    'AZSLO067',
    (start: string, duration: string) => ({ message: `a recurring window from ${echo(start)} for ${echo(duration)} would run past midnight: a recurring window ends on the local day it starts`, hint: 'Split it into two windows, one until 24:00 and one from 00:00 the next day (for weekly windows, on the next day of the week).' }),
    ['23:00', '2h'],
  ),
  maintenanceZeroDuration: def('AZSLO067', () => ({ message: 'a maintenance window must last longer than 0', hint: 'Give a duration such as 30m or 2h.' }), []),
  maintenanceUnknownSlo: def(
    'AZSLO067',
    (name: string, suggestion: string | undefined, declared: readonly string[]) => ({ message: `${echo(name)} is not an SLO of this service${suggestion ? `; did you mean ${echo(suggestion)}?` : ''}`, hint: `SLOs: ${list(declared.map((d) => echo(d)))}; or write slos: all.` }),
    ['api-availabilty', 'api-availability', ['api-availability', 'api-latency']],
  ),
  maintenanceNameless: def('AZSLO067', (name: string) => ({ message: `maintenance window name ${echo(name)} has no letter or digit to name its alert processing rule with`, hint: 'Use a name with letters or digits, e.g. weekly-patching.' }), ['!!!']),
  duplicateMaintenanceWindow: def('AZSLO067', (name: string) => ({ message: `a maintenance window named ${echo(name)} is declared twice (names are compared as Azure resource names)`, hint: 'Give each window its own name; it names its alert processing rule.' }), ['weekly-patching']),
  maintenanceLongerThanBudget: def(
    'AZSLO068',
    (window: string, slo: string, length: string, budget: string, correct: boolean) =>
      warning(
        correct
          ? `maintenance window ${echo(window)} lasts ${length}, longer than the whole error budget of SLO ${echo(slo)} (${budget}): the correction leaves more time out of the SLI than the SLO may fail`
          : `maintenance window ${echo(window)} lasts ${length}, longer than the whole error budget of SLO ${echo(slo)} (${budget}): an outage inside it could spend the budget with no one notified`,
        correct ? 'Shorten the window, or make sure users agreed to it (a correction hides real downtime from the SLO).' : 'Shorten the window, leave this SLO out of it, or set correct: true when the downtime is agreed and should not count.',
      ),
    ['database-migration', 'api-availability', '4 h', '43 min', false],
  ),
  maintenanceOverlap: def(
    'AZSLO068',
    (window: string, other: string, when: string) => warning(`maintenance windows ${echo(window)} and ${echo(other)} overlap (${when}) on the same SLOs`, 'Merge them into one window, or move one; overlapping windows usually mean one of them is stale.'),
    ['database-migration', 'weekly-patching', 'from 2026-03-15T01:00:00Z'],
  ),

  // Platform-metric SLIs (src/validate/rules/metric-slis.ts).
  metricSliUnknownResource: def(
    'AZSLO055',
    (name: string, declared: readonly string[], suggestion: string | undefined) => ({
      message: `${echo(name)} is not a declared resource${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      hint: `Name the resource by the last segment of its id. Declared: ${list(declared)}.`,
    }),
    ['agw-typo', ['agw-prod', 'afd-edge'], 'agw-prod'],
  ),
  metricSliAmbiguousResource: def('AZSLO055', (name: string, count: number) => ({ message: `${echo(name)} names ${count} declared resources; a metric SLI reads exactly one`, hint: 'Give the resources distinct names.' }), ['web', 2]),
  metricSliTypeWithoutMetrics: def(
    'AZSLO055',
    (name: string, type: string) => ({ message: `${name} is a ${type}, and catalog/metrics/ has no platform metrics for that type`, hint: 'Use a resource type the catalog lists metrics for (`azslo catalog list`), or a log SLI kind.' }),
    ['bar-1', 'Microsoft.Foo/bars'],
  ),
  metricSliUnknownMetric: def(
    'AZSLO055',
    (metric: string, type: string, suggestion: string | undefined) => ({
      message: `${type} has no platform metric ${echo(metric)}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      hint: `Metric names are the REST API's, as catalog/metrics/ and \`azslo catalog show ${type}\` list them (case-sensitive).`,
    }),
    ['Percentage5xx', 'Microsoft.Cdn/profiles', 'Percentage5XX'],
  ),
  metricSliUnsupportedAggregation: def(
    'AZSLO055',
    (metric: string, aggregation: string, supported: readonly string[], usable: readonly string[]) => ({
      message: `metric ${metric} has no ${aggregation} aggregation (it has ${list(supported)})`,
      hint: usable.length ? `Use ${usable.join(' or ')}.` : 'This metric cannot serve here: pick another metric, or the other metric SLI kind.',
    }),
    ['Percentage5XX', 'Total', ['Average'], []],
  ),
  metricSliUnknownDimension: def(
    'AZSLO055',
    (metric: string, dimension: string, dimensions: readonly string[], suggestion: string | undefined) => ({
      message: `metric ${metric} has no dimension ${echo(dimension)}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
      hint: `Dimensions of ${metric}: ${list(dimensions)}.`,
    }),
    ['RequestCount', 'HttpStatusGroupe', ['HttpStatus', 'HttpStatusGroup'], 'HttpStatusGroup'],
  ),
  metricSliGrainTooShort: def(
    'AZSLO055',
    (metric: string, grain: string, grains: readonly string[]) => ({ message: `metric ${metric} is not emitted per ${grain} (its time grains: ${list(grains)})`, hint: 'Use a grain at least as long as the metric\'s shortest time grain.' }),
    ['ApplicationGatewayTotalTime', '30s', ['PT1M']],
  ),
  metricSliDimensionNotInWorkspace: def(
    'AZSLO056',
    (metric: string, dimension: string) => ({
      message: `the SLI cannot filter ${metric} by ${dimension}: diagnostic settings send metrics to AzureMetrics without dimensions (summed over all their values)`,
      hint: 'Remove the filter and use a metric that counts what you need on its own (FailedRequests, Percentage5XX), or a log SLI over the resource\'s access logs.',
    }),
    ['RequestCount', 'HttpStatusGroup'],
  ),
  metricSliNotExported: def(
    'AZSLO056',
    (metric: string, type: string) => ({
      message: `diagnostic settings do not export ${metric} of ${type} (DS Export: No in Azure Monitor's supported-metrics reference), so AzureMetrics never holds it`,
      hint: 'Pick an exportable metric of the resource (`azslo catalog show <type>`), or a log SLI over its logs.',
    }),
    ['ApplicationGatewayTotalTime', 'Microsoft.Network/applicationGateways'],
  ),
  metricsNotSentToWorkspace: def(
    'AZSLO057',
    (resource: string, category: string, needs: string) =>
      warning(
        `${resource} does not declare diagnostics.metrics: true, but ${needs} AzureMetrics`,
        `Give the resource a diagnostic setting that sends ${category} to the service's workspace, then declare it with diagnostics: { metrics: true }; without it AzureMetrics stays empty and the SLO shows no data.`,
      ),
    ['afd-edge', 'AllMetrics', 'the SLI function and its ticket alert read'],
  ),

  // Error-budget alerts (docs/burn-rate-alerts.md, Budget alerts).
  budgetWithoutThreshold: def('AZSLO065', (slo: string) => ({ message: `the budget alerts of SLO ${echo(slo)} have no threshold: neither remainingBelow nor exhausted: true` }), ['api']),
  budgetThresholdRepeated: def('AZSLO065', (value: number) => ({ message: `the budget threshold ${value} % is listed twice` }), [50]),
  budgetBeyondRetention: def(
    'AZSLO066',
    (slo: string, days: number, retention: number) =>
      warning(`the budget of SLO ${echo(slo)} counts ${days} days, but a workspace keeps ${retention} days of data unless configured longer: the job can only count what the workspace still holds`),
    ['api', 90, 30],
  ),
  promqlSyntaxError: def('AZSLO058', (label: string, message: string) => ({ message: `${label}: PromQL syntax error: ${message}` }), ['errors query', "unexpected ')'"]),
  promqlGeneratedSyntaxError: def(
    'AZSLO058',
    (label: string, message: string) => ({
      message: `${label}: the rule azslo writes from this query does not parse as PromQL: ${message}`,
      hint: 'The query parses alone but not inside the ratio azslo wraps it in; `azslo query <slo>` prints the ratio.',
    }),
    ['total query', "unexpected 'or'"],
  ),
  promqlNoWindow: def('AZSLO059', (label: string) => ({ message: `${label} has no {{.window}}: every burn-rate window would read the same range` }), ['total query']),
  promqlRatioQueries: def('AZSLO059', (both: boolean) => ({ message: both ? 'a prometheus SLI gives both errors and good: give one of them, the ratio is errors / total or 1 − good / total' : 'a prometheus SLI needs errors or good beside total' }), [false]),
  prometheusWithoutWorkspace: def('AZSLO060', (slo: string) => ({ message: `SLO ${echo(slo)} has a prometheus SLI, but the service declares no azure.monitorWorkspace for its rules to run on` }), ['ingress availability']),
  tooManyRuleGroups: def('AZSLO061', (slos: number, groups: number, max: number) => ({ message: `${slos} Prometheus SLOs need ${groups} rule groups on one Azure Monitor workspace; it holds at most ${max}` }), [501, 501, 500]),

  // Prometheus SLOs meeting budget alerts, maintenance windows and window sets (docs/sli-sources.md).
  prometheusBudgetCalendar: def(
    'AZSLO074',
    (slo: string, label: string) => ({
      message: `the budget alerts of SLO ${echo(slo)} would need its error ratio since its calendar ${label} began, but its SLI is PromQL: a range reaches a fixed duration back from each evaluation, never to a calendar boundary, and PromQL knows no time zones`,
      hint: 'Give the SLO a rolling window (30d) to keep budget alerts on it, or remove alerting.budget: the workbook and burn-rate alerts work with calendar windows.',
    }),
    ['ingress', 'month (Europe/Berlin)'],
  ),
  prometheusBudgetTooLong: def(
    'AZSLO074',
    (slo: string, days: number, max: number) => ({ message: `the budget alerts of SLO ${echo(slo)} read its whole ${days}-day window in one PromQL query, but an Azure Monitor workspace query reads at most ${max} days` }),
    ['ingress', 90, 32],
  ),
  prometheusCorrection: def(
    'AZSLO074',
    (window: string, slos: readonly string[]) => ({
      message: `maintenance window ${echo(window)} corrects SLO${slos.length > 1 ? 's' : ''} ${slos.map((x) => echo(x)).join(', ')}, whose SLI is PromQL: a range selector reads every sample of its range and cannot leave the window out`,
      hint: 'Set correct: false (the window still silences the alerts), or list under slos: only SLOs with a log or metric SLI.',
    }),
    ['weekly-patching', ['ingress']],
  ),
  prometheusTooManyRules: def(
    'AZSLO075',
    (slo: string, group: string, count: number, max: number) => ({ message: `SLO ${echo(slo)} needs ${count} rules in its ${group} rule group, more than the ${max} a rule group holds` }),
    ['ingress', 'budget', 21, 20],
  ),
  prometheusWindowTooLong: def(
    'AZSLO075',
    (set: string, kind: string, long: string, maxDays: number) => ({ message: `window set ${echo(set)}: the ${kind} pair's long window ${echo(long)} is longer than a PromQL query on an Azure Monitor workspace reads (${maxDays} days)` }),
    ['ingress', 'ticket', '40d', 32],
  ),
  prometheusSetInterval: def(
    'AZSLO075',
    (set: string, kind: string, frequency: string, slo: string, min: string, max: string) => ({ message: `window set ${echo(set)}: the ${kind} tier's evaluation frequency ${echo(frequency)} would be the interval of the rule group of Prometheus SLO ${echo(slo)}, which Azure keeps between ${min} and ${max}` }),
    ['ingress', 'ticket', 'PT30M', 'ingress', 'PT1M', 'PT15M'],
  ),
  prometheusSetIntervals: def(
    'AZSLO075',
    (set: string, page: string, ticket: string, slo: string) => ({ message: `window set ${echo(set)}: the page tier runs every ${page} and the ticket tier every ${ticket}, but the page and ticket rules of Prometheus SLO ${echo(slo)} are one rule group, which has one interval` }),
    ['ingress', 'PT1M', 'PT5M', 'ingress'],
  ),
} as const;

function kqlHint(message: string): string {
  if (/does not refer to any known (column|table)/.test(message)) {
    return 'Only tables and columns of catalog/tables/ and of business.tables are known offline; check the spelling (names are case-sensitive) or declare your custom table under business.tables.';
  }
  return 'Fix the query; paste it into Logs in the portal to try it on real data.';
}

export type ProblemName = keyof typeof problems;

/** One method per problem, each returning the Diagnostic at the builder's place (and handing it to its sink). */
export type DiagnosticBuilder = {
  readonly [K in ProblemName]: (...args: Parameters<(typeof problems)[K]['text']>) => Diagnostic;
};

type Sink = (d: Diagnostic) => void;

class Builder {
  constructor(
    readonly where: Location | (() => Location),
    readonly sink: Sink | undefined,
  ) {}
}

for (const [name, p] of Object.entries(problems) as [string, Problem<unknown[]>][]) {
  Object.defineProperty(Builder.prototype, name, {
    value(this: Builder, ...args: unknown[]): Diagnostic {
      const t = p.text(...args);
      const d = diagnostic(p.code, t.message, typeof this.where === 'function' ? this.where() : this.where, {
        ...(t.severity ? { severity: t.severity } : {}),
        ...(t.hint !== undefined ? { hint: t.hint } : {}),
      });
      this.sink?.(d);
      return d;
    },
  });
}

/**
 * The factories bound to a place: a location, or a function computing it when a diagnostic is made (positions are
 * looked up only for problems found). Each diagnostic made is also handed to `sink`, when given.
 */
export const diagnosticsAt = (where: Location | (() => Location), sink?: Sink): DiagnosticBuilder => new Builder(where, sink) as unknown as DiagnosticBuilder;
