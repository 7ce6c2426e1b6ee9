import type { Rule } from './context.js';

/** The same resource id (case-insensitively, as ARM compares them) is declared once per service. */
export const duplicateResources: Rule = {
  name: 'duplicate-resources',
  codes: ['AZSLO029'],
  check(ctx) {
    for (const r of ctx.resources) if (r.duplicateOf !== undefined) ctx.report([...r.path, 'id']).duplicateResource(r.spec.id, r.duplicateOf);
  },
};
