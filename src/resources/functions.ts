import { apiVersion } from '../catalog/index.js';
import { sliFunctionBody } from '../kql/sli.js';
import type { SloModel } from '../model/service.js';
import { TAGS, type ServiceContext } from './context.js';
import { FileText, type AzureResource, type TextOrigin } from './model.js';

const TYPE = 'Microsoft.OperationalInsights/workspaces/savedSearches';
const WORKSPACE = 'Microsoft.OperationalInsights/workspaces';

export const functionKey = (serviceSlug: string, slo: SloModel): string => `${serviceSlug}/functions/${slo.functionAlias}`;
export const functionFile = (serviceSlug: string, slo: SloModel): string => `${serviceSlug}/kql/${slo.slug}.sli.kql`;

/** A saved function of the workspace (workspaces/savedSearches with functionAlias), as SLIs and KPIs use them. */
export function savedFunction(
  ctx: ServiceContext,
  f: { alias: string; symbol: string; displayName: string; file: string; body: string; tag: { name: string; value: string }; description: string; origin: TextOrigin },
  previous: AzureResource | undefined,
): AzureResource {
  const s = ctx.service;
  return {
    key: `${s.slug}/functions/${f.alias}`,
    module: `${s.slug}/functions`,
    symbol: f.symbol,
    type: TYPE,
    apiVersion: apiVersion(TYPE),
    name: f.alias,
    parent: { type: WORKSPACE, apiVersion: apiVersion(WORKSPACE), id: ctx.workspaceId },
    // Without etag '*' a second deployment of an existing saved search fails with 409 Conflict.
    etag: '*',
    properties: {
      category: 'azslo',
      displayName: f.displayName,
      query: new FileText(f.file, `${f.body}\n`, [], f.origin),
      functionAlias: f.alias,
      version: 2,
      tags: [{ name: TAGS.managed, value: 'true' }, { name: TAGS.service, value: s.name }, f.tag],
    },
    // One at a time: concurrent writes to a workspace's saved searches can fail ("Newer data exists").
    dependsOn: previous ? [previous.key] : [],
    description: f.description,
  };
}

/**
 * The SLI as a saved function, so alert rules, the workbook and people in Logs all call `<service>_<slo>()` and
 * read the same numbers.
 */
export function sliFunction(ctx: ServiceContext, slo: SloModel, previous?: AzureResource): AzureResource {
  const s = ctx.service;
  return savedFunction(
    ctx,
    {
      alias: slo.functionAlias,
      symbol: `fn_${slo.slug.replace(/-/g, '_')}`,
      displayName: `SLI of ${s.name} / ${slo.name}`,
      file: functionFile(s.slug, slo),
      body: sliFunctionBody(slo),
      tag: { name: TAGS.slo, value: slo.name },
      origin: { slo: slo.name },
      description: `SLI function ${slo.functionAlias}() of SLO ${slo.name}: one row per event with TimeGenerated, Good and Total.`,
    },
    previous,
  );
}
