import { MAX_WINDOW_DAYS, type Rule } from './context.js';

/** SLO windows are rolling, in whole days, from 1d to 90d. */
export const sloWindow: Rule = {
  name: 'slo-window',
  codes: ['AZSLO014'],
  check(ctx) {
    ctx.spec.slos.forEach((slo, i) => {
      if (!ctx.slos[i]!.windowOk) ctx.report(['slos', i, 'window']).unsupportedWindow(slo.window, MAX_WINDOW_DAYS);
    });
  },
};
