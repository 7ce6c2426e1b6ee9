import { fact, factFiles } from '../catalog/index.js';
import { isoSeconds } from '../base/durations.js';
import { ALERT_RULE_TYPES } from '../resources/deployed-alerts.js';
import { isPlainObject, type AzureResource, type Deployment, type Value } from '../resources/model.js';

/**
 * The monthly list price of the alert rules a deployment holds, from Azure Monitor's prices (catalog/azure/prices.yaml):
 * a log search rule by its evaluation frequency, a metric rule by the time series it watches (plus the dynamic-threshold
 * surcharge), an activity log rule free. Read from the resources as generate writes them, so the figure is the bill of
 * exactly what would be deployed. Notifications (e-mails, SMS, voice calls, webhooks) are left out: they are billed by
 * use, which no spec knows.
 */
export interface RuleCost {
  /** The rule's Azure resource name. */
  readonly rule: string;
  readonly type: 'log-search' | 'metric' | 'activity-log' | 'prometheus';
  /** What the price is for, in words: "every 5 min", "2 time series", "free". */
  readonly basis: string;
  readonly timeSeries: number;
  /** A criterion splits by every value of a dimension ('*'): the rule watches at least `timeSeries`. */
  readonly atLeast: boolean;
  /** Per month, in `currency`. */
  readonly monthly: number;
}

/**
 * A scheduled job azslo deploys for alerting: the budget job of budget alerts (docs/burn-rate-alerts.md), an
 * Automation runbook started every hour by a Logic App, writing a small row per SLO to a table.
 */
export interface JobCost {
  /** The Automation account's Azure resource name. */
  readonly job: string;
  /** What the price is for, in words. */
  readonly basis: string;
  /** Per month, in `currency`. */
  readonly monthly: number;
}

export interface AlertingCost {
  readonly monthly: number;
  readonly currency: string;
  /** Some rule's time series are a lower bound: the figure is "at least". */
  readonly atLeast: boolean;
  /** The day the prices were read, and where (the pricing page). */
  readonly pricesReadOn: string;
  readonly source: string;
  readonly rules: readonly RuleCost[];
  /** Scheduled jobs the alerting needs (budget alerts' hourly job); their price is in `monthly`. */
  readonly jobs: readonly JobCost[];
}

/** Notification charges are usage-based and left out: reports say so beside the figure. */
export const COST_EXCLUDES = 'action group notifications (e-mail, SMS, voice, webhook) are billed by use and not included';

/** Where and when the prices were read, and their currency. */
export function prices(): { readonly currency: string; readonly readOn: string; readonly source: string } {
  return { currency: fact('prices', 'currency'), readOn: fact('prices', 'readOn'), source: factFiles().get('prices')?.facts.metricTimeSeriesMonthly?.source ?? 'catalog/azure/prices.yaml' };
}

/** Money is summed in hundredths of a cent, so that a total never shows floating-point dust. */
const units = (price: number) => Math.round(price * 10_000);
const money = (u: number) => u / 10_000;

function logSearchPrice(frequency: string): { price: number; tier: string } {
  const tiers = Object.entries(fact('prices', 'logSearchRuleMonthly'))
    .map(([iso, price]) => ({ iso, seconds: isoSeconds(iso), price }))
    .sort((a, b) => a.seconds - b.seconds);
  const seconds = isoSeconds(frequency);
  // The largest listed frequency not above the rule's own; faster than any listed pays the fastest price.
  const tier = [...tiers].reverse().find((t) => t.seconds <= seconds) ?? tiers[0]!;
  return { price: tier.price, tier: tier.iso };
}

const list = (v: Value | undefined): readonly Value[] => (Array.isArray(v) ? (v as readonly Value[]) : []);

/** Time series of one metric criterion: one per combination of the dimension values it names ('*': unknown, counted as one). */
function criterionSeries(c: Value): { series: number; atLeast: boolean; dynamic: boolean } {
  if (!isPlainObject(c)) return { series: 1, atLeast: false, dynamic: false };
  let series = 1;
  let atLeast = false;
  for (const d of list(c.dimensions)) {
    if (!isPlainObject(d) || d.operator !== 'Include') continue;
    const values = list(d.values);
    if (values.includes('*')) atLeast = true;
    else series *= Math.max(1, values.length);
  }
  return { series, atLeast, dynamic: c.criterionType === 'DynamicThresholdCriterion' };
}

const minutesText = (iso: string) => {
  const m = isoSeconds(iso) / 60;
  return m >= 60 && m % 60 === 0 ? `${m / 60} h` : `${m} min`;
};

function ruleCost(r: AzureResource): RuleCost {
  const p = isPlainObject(r.properties) ? r.properties : {};
  if (r.type === 'Microsoft.Insights/scheduledQueryRules') {
    const frequency = typeof p.evaluationFrequency === 'string' ? p.evaluationFrequency : 'PT5M';
    const { price, tier } = logSearchPrice(frequency);
    const priced = tier === frequency ? '' : `, priced as every ${minutesText(tier)}`;
    return { rule: r.name, type: 'log-search', basis: `every ${minutesText(frequency)}${priced}`, timeSeries: 1, atLeast: false, monthly: price };
  }
  if (r.type === 'Microsoft.Insights/metricAlerts') {
    const scopes = Math.max(1, list(p.scopes).length);
    const criteria = list(isPlainObject(p.criteria) ? p.criteria.allOf : undefined).map(criterionSeries);
    const series = scopes * criteria.reduce((n, c) => n + c.series, 0);
    const dynamic = scopes * criteria.filter((c) => c.dynamic).reduce((n, c) => n + c.series, 0);
    const atLeast = criteria.some((c) => c.atLeast);
    const u = series * units(fact('prices', 'metricTimeSeriesMonthly')) + dynamic * units(fact('prices', 'dynamicThresholdTimeSeriesMonthly'));
    const basis = `${atLeast ? '≥ ' : ''}${series} time series${dynamic ? `, ${dynamic} with a dynamic threshold` : ''}`;
    return { rule: r.name, type: 'metric', basis, timeSeries: series, atLeast, monthly: money(u) };
  }
  // Managed Prometheus bills the samples its rules ingest and query, not the rules: nothing per rule to price.
  if (r.type === 'Microsoft.AlertsManagement/prometheusRuleGroups') return { rule: r.name, type: 'prometheus', basis: 'no rule price: managed Prometheus bills samples ingested and queried', timeSeries: 0, atLeast: false, monthly: 0 };
  return { rule: r.name, type: 'activity-log', basis: 'free', timeSeries: 0, atLeast: false, monthly: fact('prices', 'activityLogRuleMonthly') };
}

/** Hours in a month, as Azure's pricing counts them. */
const HOURS_PER_MONTH = 730;
/**
 * Billed minutes of one budget job (an estimate, not an Azure fact): a few queries and one upload take well under a
 * minute, and Automation bills job time by the minute.
 */
export const BUDGET_JOB_MINUTES = 1;
/** Bytes of one budget row as Log Analytics bills it (an estimate: nine short columns). */
const BUDGET_ROW_BYTES = 300;

/**
 * The budget job of a service (src/resources/budget.ts): the Automation minutes beyond the free ones (its account runs
 * nothing else), two Logic App executions a run (the recurrence and the HTTP action), and the rows' ingestion.
 */
function jobCost(account: AzureResource, slos: number, runsPerMonth: number): JobCost {
  const minutes = runsPerMonth * BUDGET_JOB_MINUTES;
  const billed = Math.max(0, minutes - fact('prices', 'automationFreeMinutesMonthly'));
  const gb = (runsPerMonth * slos * BUDGET_ROW_BYTES) / 1e9;
  const u = billed * units(fact('prices', 'automationJobMinute')) + units(2 * runsPerMonth * fact('prices', 'logicAppExecution')) + units(gb * fact('prices', 'logIngestionPerGB'));
  return {
    job: account.name,
    basis: `${runsPerMonth} runs of about ${BUDGET_JOB_MINUTES} min (${billed} min beyond the ${fact('prices', 'automationFreeMinutesMonthly')} free), ${2 * runsPerMonth} Logic App executions, ${slos} row(s) an hour`,
    monthly: money(u),
  };
}

/** The SLO a budget rule alerts on (its azslo-budget and azslo-slo custom properties), else undefined. */
function budgetSloOf(r: AzureResource): string | undefined {
  const p = isPlainObject(r.properties) ? r.properties : {};
  const custom = isPlainObject(p.actions) && isPlainObject(p.actions.customProperties) ? p.actions.customProperties : {};
  return typeof custom['azslo-budget'] === 'string' && typeof custom['azslo-slo'] === 'string' ? custom['azslo-slo'] : undefined;
}

/** The alerting cost of one service (by slug: the first segment of its modules), or of the whole deployment. */
export function alertingCost(deployment: Deployment, service?: string): AlertingCost {
  const own = (r: AzureResource) => service === undefined || r.module.split('/')[0] === service;
  const rules = deployment.resources.filter((r) => ALERT_RULE_TYPES.includes(r.type) && own(r)).map(ruleCost);
  const runsPerMonth = HOURS_PER_MONTH / fact('budget-alerts', 'jobEveryHours');
  const jobs = deployment.resources
    .filter((r) => r.type === 'Microsoft.Automation/automationAccounts' && own(r) && r.module.endsWith('/budget'))
    .map((account) => {
      const slug = account.module.split('/')[0]!;
      const slos = new Set(deployment.resources.filter((r) => r.module === `${slug}/alerting`).map(budgetSloOf).filter((x) => x !== undefined)).size;
      return jobCost(account, slos, runsPerMonth);
    });
  return {
    monthly: money(rules.reduce((n, r) => n + units(r.monthly), 0) + jobs.reduce((n, j) => n + units(j.monthly), 0)),
    currency: prices().currency,
    atLeast: rules.some((r) => r.atLeast),
    pricesReadOn: prices().readOn,
    source: prices().source,
    rules,
    jobs,
  };
}

/** Sum of several costs (the report's total). */
export function totalCost(costs: readonly AlertingCost[]): { readonly monthly: number; readonly currency: string; readonly atLeast: boolean } {
  return { monthly: money(costs.reduce((n, c) => n + units(c.monthly), 0)), currency: prices().currency, atLeast: costs.some((c) => c.atLeast) };
}

/** "USD 12.30 / month" (with "≥" when a rule's time series are a lower bound). */
export function moneyText(c: { readonly monthly: number; readonly currency: string; readonly atLeast?: boolean }): string {
  return `${c.atLeast ? '≥ ' : ''}${c.currency} ${c.monthly.toFixed(2)}`;
}
