import { compareText } from '../../base/text.js';
import { requestLog, resourceCatalog } from '../../catalog/resources.js';
import { declaredResource } from '../../model/resource-refs.js';
import type { GatewayFilters } from '../../model/spec.js';
import type { Rule } from './context.js';

/**
 * Gateway SLIs (gatewayAvailability, gatewayLatency) read the request log of a declared resource: `gateway` names one
 * (by name or full id)
 * whose type has a request log in the catalog, and the resource's `diagnostics` should say that the log's category
 * reaches the workspace (a warning: a setting outside the spec may send it). Declared categories are the type's.
 */
export const gatewayLogs: Rule = {
  name: 'gateway-logs',
  codes: ['AZSLO052', 'AZSLO053', 'AZSLO054'],
  check(ctx) {
    // Read the resource catalog only for a spec that has a gateway SLI: loading it is most of a small spec's validation.
    const withLog = () => ctx.resources.filter((r) => r.duplicateOf === undefined && r.parts && requestLog(r.parts.type));
    const logTypes = () => [...resourceCatalog().values()].filter((e) => e.logs?.requests).map((e) => e.type).sort(compareText);
    ctx.spec.slos.forEach((slo, i) => {
      for (const kind of ['gatewayAvailability', 'gatewayLatency'] as const) {
        const sli: GatewayFilters | undefined = slo.sli[kind];
        if (!sli) continue;
        const path = ['slos', i, 'sli', kind];
        const found = declaredResource(ctx.spec.resources, sli.gateway);
        if (found?.ambiguous) {
          ctx.report([...path, 'gateway']).ambiguousGateway(sli.gateway);
          continue;
        }
        const declared = found ? ctx.resources.find((r) => r.duplicateOf === undefined && r.spec.id.toLowerCase() === found.spec.id.toLowerCase()) : undefined;
        if (!declared?.parts) {
          ctx.report([...path, 'gateway']).unknownGateway(sli.gateway.split('/').pop() ?? sli.gateway, withLog().map((r) => r.parts!.name));
          continue;
        }
        const log = requestLog(declared.parts.type);
        if (!log) {
          ctx.report([...path, 'gateway']).gatewayWithoutLog(declared.parts.type, logTypes());
          continue;
        }
        if (sli.apis && !log.api) ctx.report([...path, 'apis'], 'key').gatewayWithoutApis(log.type);
        if (!declared.spec.diagnostics?.categories?.includes(log.category)) ctx.report([...path, 'gateway']).logCategoryNotSent(declared.parts.name, log.category, log.table);
      }
    });
    for (const r of ctx.resources) {
      const diagnostics = r.spec.diagnostics;
      if (!diagnostics || !r.parts) continue;
      const logs = r.entry?.logs;
      if (!logs) {
        if (diagnostics.emit) ctx.report([...r.path, 'diagnostics', 'emit']).diagnosticsNotEmittable(r.parts.type);
        continue;
      }
      const known = logs.categories.map((c) => c.name);
      (diagnostics.categories ?? []).forEach((c, k) => {
        if (!known.includes(c)) ctx.report([...r.path, 'diagnostics', 'categories', k]).unknownLogCategory(r.entry!.type, c, known);
      });
    }
  },
};
