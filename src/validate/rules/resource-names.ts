import { slug } from '../../model/names.js';
import type { Rule } from './context.js';

/** Every name azslo builds Azure resource names from has a letter or digit: service, targets, SLOs, signals. */
export const resourceNames: Rule = {
  name: 'resource-names',
  codes: ['AZSLO020'],
  check(ctx) {
    const { spec } = ctx;
    if (!slug(spec.metadata.name)) ctx.report(['metadata', 'name']).nameWithoutLetters('service', spec.metadata.name);
    for (const name of Object.keys(spec.notifications ?? {})) if (!slug(name)) ctx.report(['notifications', name], 'key').targetNameWithoutLetters(name);
    spec.slos.forEach((slo, i) => {
      if (!slug(slo.name)) ctx.report(['slos', i, 'name']).nameWithoutLetters('SLO', slo.name);
    });
    (spec.business?.signals ?? []).forEach((s, i) => {
      if (!slug(s.name)) ctx.report(['business', 'signals', i, 'name']).nameWithoutLetters('signal', s.name);
    });
  },
};
