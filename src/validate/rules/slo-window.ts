import { MAX_WINDOW_DAYS, type Rule } from './context.js';

/** Rolling SLO windows are whole days, from 1d to 90d (a calendar window's period is the schema's to check). */
export const sloWindow: Rule = {
  name: 'slo-window',
  codes: ['AZSLO014'],
  check(ctx) {
    ctx.spec.slos.forEach((slo, i) => {
      if (typeof slo.window === 'string' && !ctx.slos[i]!.windowOk) ctx.report(['slos', i, 'window']).unsupportedWindow(slo.window, MAX_WINDOW_DAYS);
    });
  },
};
