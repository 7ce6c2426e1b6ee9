import { apiVersion, fact } from '../catalog/index.js';
import { fit } from '../model/names.js';
import { utcText, windowsTimeZone, type MaintenanceWindowModel } from '../model/maintenance.js';
import type { ServiceModel } from '../model/service.js';
import type { Weekday } from '../model/spec.js';
import type { ServiceContext } from './context.js';
import type { DeployedAlertRule } from './deployed-alerts.js';
import { alertRuleChunks, alertRuleCondition } from './processing-rules.js';
import { DeploymentSubscriptionRef, type AzureResource, type ModuleSpec, type Value } from './model.js';

/**
 * A service's maintenance windows (docs/maintenance.md), in module `<service>/maintenance`: per window, alert
 * processing rules that remove every action group from the burn-rate alerts of the window's SLOs while it lasts
 * (matched by alert rule id, at most maxValuesPerCondition ids per rule, as the drills' silencing rules). The alerts
 * still fire and are recorded; nobody is notified.
 */
const ACTION_RULE = 'Microsoft.AlertsManagement/actionRules';

const DAY_NAMES: Readonly<Record<Weekday, string>> = { Sun: 'Sunday', Mon: 'Monday', Tue: 'Tuesday', Wed: 'Wednesday', Thu: 'Thursday', Fri: 'Friday', Sat: 'Saturday' };
const WEEK_ORDER: readonly Weekday[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The names of a window's rules: one per maxValuesPerCondition of its alert rules. */
export function maintenanceRuleName(service: Pick<ServiceModel, 'slug'>, window: Pick<MaintenanceWindowModel, 'slug'>, index: number, count: number): string {
  return fit(`apr-azslo-${service.slug}-maintenance-${window.slug}${count > 1 ? `-${index + 1}` : ''}`, 260);
}

/** HH:mm:ss of seconds after local midnight; the end of the day is the day's last second (a rule's times are a day's). */
const clock = (seconds: number): string => {
  const s = Math.min(seconds, 86_399);
  return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
};

/** The rule's schedule: a one-off window in UTC between two instants, a recurring one in its Windows time zone. */
export function processingRuleSchedule(w: MaintenanceWindowModel): Record<string, Value> {
  const s = w.schedule;
  if (s.kind === 'once') return { effectiveFrom: utcText(s.fromMs), effectiveUntil: utcText(s.untilMs), timeZone: windowsTimeZone('UTC')! };
  const zone = windowsTimeZone(s.timeZone);
  if (zone === undefined) throw new Error(`unvalidated time zone reached the deployment: ${s.timeZone}`);
  const times = { startTime: clock(s.startSeconds), endTime: clock(s.startSeconds + s.durationSeconds) };
  const recurrence =
    s.kind === 'weekly'
      ? { recurrenceType: 'Weekly', daysOfWeek: WEEK_ORDER.filter((d) => s.days.includes(d)).map((d) => DAY_NAMES[d]), ...times }
      : { recurrenceType: 'Monthly', daysOfMonth: [s.day], ...times };
  return { timeZone: zone, recurrences: [recurrence] };
}

export interface MaintenanceDeployment {
  readonly modules: ModuleSpec[];
  readonly resources: AzureResource[];
}

/** The resources of a service's maintenance windows; `rules` are its deployed alert rules. */
export function maintenanceResources(ctx: ServiceContext, rules: readonly DeployedAlertRule[]): MaintenanceDeployment {
  const s = ctx.service;
  const module = `${s.slug}/maintenance`;
  const tags = ctx.tags();
  const resources: AzureResource[] = [];
  for (const w of s.maintenance ?? []) {
    // One id per rule resource: a Prometheus SLO's page and ticket rules are in one rule group, whose id its alerts carry.
    const silenced = [...new Map(rules.filter((r) => r.kind === 'burn-rate' && w.slos.includes(r.slo)).map((r) => [r.key, r])).values()];
    if (silenced.length === 0) continue;
    const chunks = alertRuleChunks(silenced);
    chunks.forEach((chunk, i) => {
      const name = maintenanceRuleName(s, w, i, chunks.length);
      resources.push({
        key: `${module}/${name}`,
        module,
        symbol: `maintenance_${w.slug.replace(/-/g, '_')}${chunks.length > 1 ? `_${i + 1}` : ''}`,
        type: ACTION_RULE,
        apiVersion: apiVersion(ACTION_RULE),
        name,
        location: fact('alert-processing-rules', 'location'),
        tags,
        properties: {
          description: `azslo maintenance window ${w.name} of service ${s.name} (${w.text}): no notification for ${chunk.length} of its burn-rate alert rules${w.correct ? '; the SLIs leave the window out' : ''}.`,
          enabled: true,
          scopes: [new DeploymentSubscriptionRef()],
          conditions: [alertRuleCondition(chunk)],
          schedule: processingRuleSchedule(w),
          actions: [{ actionType: 'RemoveAllActionGroups' }],
        },
        dependsOn: [],
        description: `Silences the alerts of SLOs ${w.slos.join(', ')} of service ${s.name} during maintenance window ${w.name}.`,
      });
    });
  }
  return { modules: resources.length ? [{ path: module, description: `Maintenance windows of service ${s.name}: the alert processing rules that silence its SLOs' alerts while a window lasts.` }] : [], resources };
}
