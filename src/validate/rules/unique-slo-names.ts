import { slug } from '../../model/names.js';
import type { Rule } from './context.js';

/** SLO names are unique within a service, also once turned into resource names. */
export const uniqueSloNames: Rule = {
  name: 'unique-slo-names',
  codes: ['AZSLO011'],
  check(ctx) {
    const seen = new Map<string, string>();
    ctx.spec.slos.forEach((slo, i) => {
      const s = slug(slo.name);
      if (!s) return; // resource-names reports it
      const first = seen.get(s);
      if (first !== undefined) ctx.report(['slos', i, 'name']).duplicateSlo(slo.name, first, s);
      else seen.set(s, slo.name);
    });
  },
};
