import type { Rule } from './context.js';

/** Resource types (of resources and of resourceDefaults) the catalog has no entry for: no metric alert (warning). */
export const resourceTypes: Rule = {
  name: 'resource-types',
  codes: ['AZSLO026'],
  check(ctx) {
    for (const d of ctx.resourceDefaults) if (!d.entry) ctx.report(['resourceDefaults', d.type], 'key').defaultsTypeNotInCatalog(d.type);
    for (const r of ctx.resources) {
      if (r.duplicateOf === undefined && r.parts && !r.entry) ctx.report([...r.path, 'id']).resourceTypeNotInCatalog(r.parts.type, r.parts.name);
    }
  },
};
