import { apiVersion } from '../catalog/index.js';
import { sliFunctionBody } from '../kql/sli.js';
import type { SloModel } from '../model/service.js';
import { TAGS, type ServiceContext } from './context.js';
import { FileText, type AzureResource } from './model.js';

const TYPE = 'Microsoft.OperationalInsights/workspaces/savedSearches';
const WORKSPACE = 'Microsoft.OperationalInsights/workspaces';

export const functionKey = (serviceSlug: string, slo: SloModel): string => `${serviceSlug}/functions/${slo.functionAlias}`;
export const functionFile = (serviceSlug: string, slo: SloModel): string => `${serviceSlug}/kql/${slo.slug}.sli.kql`;

/**
 * The SLI as a saved function of the workspace (workspaces/savedSearches with functionAlias), so alert rules,
 * the workbook and people in Logs all call `<service>_<slo>()` and read the same numbers.
 */
export function sliFunction(ctx: ServiceContext, slo: SloModel, previous?: AzureResource): AzureResource {
  const s = ctx.service;
  return {
    key: functionKey(s.slug, slo),
    module: `${s.slug}/functions`,
    symbol: `fn_${slo.slug.replace(/-/g, '_')}`,
    type: TYPE,
    apiVersion: apiVersion(TYPE),
    name: slo.functionAlias,
    parent: { type: WORKSPACE, apiVersion: apiVersion(WORKSPACE), id: ctx.workspaceId },
    // Without etag '*' a second deployment of an existing saved search fails with 409 Conflict.
    etag: '*',
    properties: {
      category: 'azslo',
      displayName: `SLI of ${s.name} / ${slo.name}`,
      query: new FileText(functionFile(s.slug, slo), `${sliFunctionBody(slo)}\n`),
      functionAlias: slo.functionAlias,
      version: 2,
      tags: [
        { name: TAGS.managed, value: 'true' },
        { name: TAGS.service, value: s.name },
        { name: TAGS.slo, value: slo.name },
      ],
    },
    // One at a time: concurrent writes to a workspace's saved searches can fail ("Newer data exists").
    dependsOn: previous ? [previous.key] : [],
    description: `SLI function ${slo.functionAlias}() of SLO ${slo.name}: one row per event with TimeGenerated, Good and Total.`,
  };
}
