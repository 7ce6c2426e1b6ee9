import type { SloModel } from '../model/service.js';
import { renderKql, templatesDir } from './templates.js';

const template = new URL('kql/drill-sli-check.kql.hbs', templatesDir);

/**
 * The query a drill polls to see the journey recover: the SLO's saved SLI function over the last `windowSeconds`,
 * summed to one row of Good and Total. It calls the function the deployment saved in the workspace, so it binds
 * only where that function exists.
 */
export function drillSliCheckQuery(slo: Pick<SloModel, 'functionAlias'>, windowSeconds: number): string {
  return renderKql(template, { functionAlias: slo.functionAlias, windowSeconds });
}
