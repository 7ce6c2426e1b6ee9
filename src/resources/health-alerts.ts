import { apiVersion, fact, regionDisplayName } from '../catalog/index.js';
import type { HealthEvent } from '../model/spec.js';
import { fit } from '../model/names.js';
import type { ServiceContext } from './context.js';
import { actionGroupRefs } from './metric-alerts.js';
import { DeploymentSubscriptionRef, type AzureResource, type Value } from './model.js';

const TYPE = 'Microsoft.Insights/activityLogAlerts';
/** azslo's choice, not a documented Azure limit: activity log alert descriptions are capped like metric alert ones. */
const DESCRIPTION_MAX = 2048;

const anyOf = (field: string, values: readonly string[]): Value => ({ anyOf: values.map((v) => ({ field, equals: v })) });

/** An activity log alert of the service, scoped to the subscription the deployment runs in. */
function activityLogAlert(
  ctx: ServiceContext,
  a: { prefix: string; symbol: string; text: string; conditions: Value[]; notify: readonly string[]; summary: string },
): AzureResource {
  const s = ctx.service;
  const name = fit(`${a.prefix}-${s.slug}`, fact('activity-log-alerts', 'nameMaxLength'));
  return {
    key: `${s.slug}/infrastructure/${name}`,
    module: `${s.slug}/infrastructure`,
    symbol: a.symbol,
    type: TYPE,
    apiVersion: apiVersion(TYPE),
    name,
    location: fact('activity-log-alerts', 'location'),
    tags: ctx.tags(),
    properties: {
      description: fit(a.text, DESCRIPTION_MAX),
      enabled: true,
      scopes: [new DeploymentSubscriptionRef()],
      condition: { allOf: a.conditions },
      actions: { actionGroups: actionGroupRefs(s, a.notify) },
    },
    dependsOn: [],
    description: a.summary,
  };
}

/**
 * Resource Health: one activity log alert for all declared resources of the service (consolidated: a subscription
 * holds at most 100 activity log alert rules), on Degraded or Unavailable, whatever the cause. It does not filter on
 * `properties.cause`: Microsoft's Resource Health alert guide says the cause may be null on transitions logged
 * immediately, so such a filter can drop the first notification, and both causes are wanted anyway
 * (https://learn.microsoft.com/azure/service-health/resource-health-alert-arm-template-guide).
 */
export function resourceHealthRule(ctx: ServiceContext, notify: readonly string[]): AzureResource | undefined {
  const s = ctx.service;
  const watched = s.resources.filter((r) => r.entry?.resourceHealth.supported !== false);
  if (watched.length === 0) return undefined;
  return activityLogAlert(ctx, {
    prefix: 'rh',
    symbol: 'resourceHealth',
    text: `Resource Health of the ${watched.length} declared resources of service '${s.name}': fires when one becomes Degraded or Unavailable, whether Azure or a user caused it.`,
    conditions: [
      { field: 'category', equals: 'ResourceHealth' },
      anyOf('resourceId', watched.map((r) => r.id)),
      anyOf('properties.currentHealthStatus', fact('activity-log-alerts', 'resourceHealthStatuses')),
    ],
    notify,
    summary: `Resource Health alert for ${watched.map((r) => r.name).join(', ')}.`,
  });
}

/**
 * Service Health: one activity log alert for the Azure services and regions the declared resources use, scoped to
 * the subscription the deployment runs in (Azure allows no other scope for Service Health).
 */
export function serviceHealthRule(ctx: ServiceContext, notify: readonly string[], wanted: readonly HealthEvent[]): AzureResource | undefined {
  const s = ctx.service;
  // In the catalog's order, whatever order the spec lists them in, so that reordering the spec changes nothing.
  const events = fact('activity-log-alerts', 'serviceHealthEvents').filter((e) => wanted.includes(e));
  const services = [...new Set(s.resources.flatMap((r) => (r.entry ? [r.entry.serviceHealth.service] : [])))].sort();
  if (services.length === 0) return undefined;
  // 'Global' too: incidents of global services (Front Door, Entra ID…) name no region.
  const regions = [...new Set([...s.resources.map((r) => regionDisplayName(r.location)), regionDisplayName('global')])].sort();
  return activityLogAlert(ctx, {
    prefix: 'sh',
    symbol: 'serviceHealth',
    text: `Service Health for service '${s.name}': ${events.join(', ')} events of ${services.join(', ')} in ${regions.join(', ')}.`,
    conditions: [
      { field: 'category', equals: 'ServiceHealth' },
      anyOf('properties.incidentType', events),
      { field: 'properties.impactedServices[*].ServiceName', containsAny: services },
      { field: 'properties.impactedServices[*].ImpactedRegions[*].RegionName', containsAny: regions },
    ],
    notify,
    summary: `Service Health alert for ${services.join(', ')}.`,
  });
}
