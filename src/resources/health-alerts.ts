import { apiVersion, fact } from '../catalog/index.js';
import type { HealthEvent } from '../model/spec.js';
import { fit } from '../model/names.js';
import type { ServiceContext } from './context.js';
import { actionGroupRefs } from './metric-alerts.js';
import { DeploymentSubscriptionRef, type AzureResource, type Value } from './model.js';

const TYPE = 'Microsoft.Insights/activityLogAlerts';

const anyOf = (field: string, values: readonly string[]): Value => ({ anyOf: values.map((v) => ({ field, equals: v })) });

/**
 * Resource Health: one activity log alert for all declared resources of the service (consolidated: a subscription
 * holds at most 100 activity log alert rules), on Degraded or Unavailable, platform- or user-initiated.
 */
export function resourceHealthRule(ctx: ServiceContext, notify: readonly string[]): AzureResource | undefined {
  const s = ctx.service;
  const watched = s.resources.filter((r) => r.entry?.resourceHealth.supported !== false);
  if (watched.length === 0) return undefined;
  const name = fit(`rh-${s.slug}`, 260);
  return {
    key: `${s.slug}/infrastructure/${name}`,
    module: `${s.slug}/infrastructure`,
    symbol: 'resourceHealth',
    type: TYPE,
    apiVersion: apiVersion(TYPE),
    name,
    location: fact<string>('activity-log-alerts', 'location'),
    tags: ctx.tags(),
    properties: {
      description: fit(`Resource Health of the ${watched.length} declared resources of service '${s.name}': fires when one becomes Degraded or Unavailable, whether Azure or a user caused it.`, 2048),
      enabled: true,
      scopes: [new DeploymentSubscriptionRef()],
      condition: {
        allOf: [
          { field: 'category', equals: 'ResourceHealth' },
          anyOf('resourceId', watched.map((r) => r.id)),
          anyOf('properties.cause', fact<string[]>('activity-log-alerts', 'resourceHealthCauses')),
          anyOf('properties.currentHealthStatus', fact<string[]>('activity-log-alerts', 'resourceHealthStatuses')),
        ],
      },
      actions: { actionGroups: actionGroupRefs(s, notify) },
    },
    dependsOn: [],
    description: `Resource Health alert for ${watched.map((r) => r.name).join(', ')}.`,
  };
}

/**
 * Service Health: one activity log alert for the Azure services and regions the declared resources use, scoped to
 * the subscription the deployment runs in (Azure allows no other scope for Service Health).
 */
export function serviceHealthRule(ctx: ServiceContext, notify: readonly string[], events: readonly HealthEvent[]): AzureResource | undefined {
  const s = ctx.service;
  const services = [...new Set(s.resources.flatMap((r) => (r.entry ? [r.entry.serviceHealth.service] : [])))].sort();
  if (services.length === 0) return undefined;
  const displayNames = fact<Record<string, string>>('regions', 'displayNames');
  // 'Global' too: incidents of global services (Front Door, Entra ID…) name no region.
  const regions = [...new Set([...s.resources.map((r) => displayNames[r.location] ?? r.location), 'Global'])].sort();
  const name = fit(`sh-${s.slug}`, 260);
  return {
    key: `${s.slug}/infrastructure/${name}`,
    module: `${s.slug}/infrastructure`,
    symbol: 'serviceHealth',
    type: TYPE,
    apiVersion: apiVersion(TYPE),
    name,
    location: fact<string>('activity-log-alerts', 'location'),
    tags: ctx.tags(),
    properties: {
      description: fit(`Service Health for service '${s.name}': ${events.join(', ')} events of ${services.join(', ')} in ${regions.join(', ')}.`, 2048),
      enabled: true,
      scopes: [new DeploymentSubscriptionRef()],
      condition: {
        allOf: [
          { field: 'category', equals: 'ServiceHealth' },
          anyOf('properties.incidentType', events),
          { field: 'properties.impactedServices[*].ServiceName', containsAny: services },
          { field: 'properties.impactedServices[*].ImpactedRegions[*].RegionName', containsAny: regions },
        ],
      },
      actions: { actionGroups: actionGroupRefs(s, notify) },
    },
    dependsOn: [],
    description: `Service Health alert for ${services.join(', ')}.`,
  };
}
