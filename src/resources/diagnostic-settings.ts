import { apiVersion, fact } from '../catalog/index.js';
import { compareText } from '../base/text.js';
import type { ServiceContext } from './context.js';
import { stableUuid } from './role-assignments.js';
import type { AzureResource, ModuleSpec } from './model.js';

const TYPE = 'Microsoft.Insights/diagnosticSettings';

/** The setting's name on each resource: one per service, so two services never overwrite each other's. */
export const diagnosticSettingName = (serviceSlug: string): string => `azslo-${serviceSlug}`;

/**
 * The diagnostic settings the spec asks azslo to create (resources[].diagnostics with emit: true): an extension
 * resource on each resource, sending the declared log categories to the service's workspace, in resource-specific
 * tables (Dedicated) when the type's categories have them. One module per resource group, deployed there.
 */
export function diagnosticSettings(ctx: ServiceContext): { modules: ModuleSpec[]; resources: AzureResource[] } {
  const s = ctx.service;
  const byGroup = new Map<string, { subscriptionId: string; resourceGroup: string; resources: typeof s.resources[number][] }>();
  for (const r of s.resources) {
    if (!r.diagnostics?.emit || !r.entry?.logs) continue;
    const k = `${r.subscriptionId}/${r.resourceGroup}`.toLowerCase();
    const g = byGroup.get(k) ?? byGroup.set(k, { subscriptionId: r.subscriptionId, resourceGroup: r.resourceGroup, resources: [] }).get(k)!;
    g.resources.push(r);
  }
  const modules: ModuleSpec[] = [];
  const resources: AzureResource[] = [];
  [...byGroup.entries()].sort(([a], [b]) => compareText(a, b)).forEach(([, g], i) => {
    const path = `${s.slug}/diagnostics-${i + 1}`;
    const scope = ctx.params.add([s.slug, 'diagnostics-scope', String(i + 1)], {
      type: 'string',
      description: `Resource group ${g.resourceGroup} of resources whose logs service ${s.name}'s diagnostic settings send to its workspace.`,
      secure: false,
      source: { kind: 'literal', value: `/subscriptions/${g.subscriptionId}/resourceGroups/${g.resourceGroup}` },
    });
    modules.push({ path, description: `Diagnostic settings sending logs of resources of resource group ${g.resourceGroup} to service ${s.name}'s workspace.`, scopeOf: scope });
    for (const r of [...g.resources].sort((a, b) => compareText(a.id.toLowerCase(), b.id.toLowerCase()))) {
      const logs = r.entry!.logs!;
      resources.push({
        key: `${path}/${r.id.toLowerCase()}`,
        module: path,
        symbol: `diagnostics_${stableUuid(r.id.toLowerCase()).slice(0, 8)}`,
        type: TYPE,
        apiVersion: apiVersion(TYPE),
        name: diagnosticSettingName(s.slug),
        scope: { id: r.id, apiVersion: logs.apiVersion },
        properties: {
          workspaceId: ctx.workspaceId,
          ...(logs.destinationType ? { logAnalyticsDestinationType: logs.destinationType } : {}),
          logs: r.diagnostics!.categories.map((category) => ({ category, enabled: true })),
          ...(r.diagnostics!.metrics ? { metrics: [{ category: fact('metrics-export', 'category'), enabled: true }] } : {}),
        },
        dependsOn: [],
        description: `Diagnostic setting of ${r.name}: ${[...(r.diagnostics!.categories?.length ? [`log categories ${r.diagnostics!.categories.join(', ')}`] : []), ...(r.diagnostics!.metrics ? ['platform metrics'] : [])].join(' and ')} to the workspace of service ${s.name}.`,
      });
    }
  });
  return { modules, resources };
}
