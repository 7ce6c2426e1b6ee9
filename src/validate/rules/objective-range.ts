import type { Rule } from './context.js';

/** An objective is a percentage strictly between 0 and 100. */
export const objectiveRange: Rule = {
  name: 'objective-range',
  codes: ['AZSLO013'],
  check(ctx) {
    ctx.spec.slos.forEach((slo, i) => {
      if (!ctx.slos[i]!.objectiveOk) ctx.report(['slos', i, 'objective']).objectiveOutOfRange(slo.objective);
    });
  },
};
