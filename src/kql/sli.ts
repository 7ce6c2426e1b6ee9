import { sliCatalog, sliTemplateUrl } from '../catalog/index.js';
import type { SloModel } from '../model/service.js';
import type { SliSpec, StringOrList } from '../model/spec.js';
import { renderKqlWithSpans, type RenderedKql } from './templates.js';

const list = (v: StringOrList | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** Template context of each SLI kind: the spec's options, lists normalized, defaults applied. */
/** The SLI kinds computed in KQL: every kind but prometheus, whose SLI is PromQL (src/promql/). */
export type KqlSliKind = Exclude<keyof SliSpec, 'prometheus'>;

const contexts: { [K in KqlSliKind]-?: (sli: NonNullable<SliSpec[K]>) => object } = {
  requestAvailability: (s) => {
    const codes = list(s.badResultCodes);
    const exact = codes?.filter((c) => !c.endsWith('xx')) ?? [];
    const classes = codes?.filter((c) => c.endsWith('xx')).map((c) => c[0]!) ?? [];
    return {
      roleNames: list(s.roleName),
      operations: s.operations,
      excludeOperations: s.excludeOperations,
      badCodes: codes ? { exact: exact.length ? exact : undefined, classes: classes.length ? classes : undefined, both: exact.length > 0 && classes.length > 0 } : undefined,
    };
  },
  requestLatency: (s) => ({
    roleNames: list(s.roleName),
    operations: s.operations,
    excludeOperations: s.excludeOperations,
    thresholdMs: s.thresholdMs,
    successfulOnly: s.successfulOnly ?? true,
  }),
  availabilityTest: (s) => ({ testName: s.testName, locations: s.locations }),
  dependencyAvailability: (s) => ({ roleNames: list(s.roleName), targets: list(s.target), dependencyTypes: list(s.dependencyType), names: s.names }),
  raw: (s) => ({ good: s.good, total: s.total }),
  eventRatio: (s) => ({ roleNames: list(s.roleName), goodEvents: list(s.good), totalEvents: list(s.total) }),
};

/**
 * Body of the SLI's saved function: one row per event (or per sampled item group) with TimeGenerated, Good and
 * Total, so that every consumer (alerts, workbook, people in Logs) aggregates the same numbers.
 */
export const sliFunctionBody = (slo: Pick<SloModel, 'sliKind' | 'sli'>): string => renderSliFunction(slo).text;

/** The same body, with where the user's own KQL (raw SLIs) stands in it, so it can be checked in place. */
export function renderSliFunction(slo: Pick<SloModel, 'sliKind' | 'sli'>): RenderedKql {
  if (slo.sliKind === 'prometheus') throw new Error('a Prometheus SLI has no KQL function: its SLI is read in the Azure Monitor workspace');
  const entry = sliCatalog().get(slo.sliKind);
  if (!entry) throw new Error(`catalog/sli has no entry for ${slo.sliKind}`);
  const context = (contexts[slo.sliKind] as (s: unknown) => object)(slo.sli);
  return renderKqlWithSpans(sliTemplateUrl(entry), context);
}
