import { slug } from '../../model/names.js';
import type { Rule } from './context.js';

/**
 * Business signals: distinct names, one source kind, roleName only with events or metrics; their enabled alerts
 * have business hours that end after they start and thresholds with a bound.
 */
export const businessSignals: Rule = {
  name: 'business-signals',
  codes: ['AZSLO034'],
  check(ctx) {
    const seen = new Map<string, string>();
    (ctx.spec.business?.signals ?? []).forEach((s, i) => {
      const at = ['business', 'signals', i];
      const key = slug(s.name);
      const first = seen.get(key);
      if (key && first !== undefined) ctx.report([...at, 'name']).duplicateSignal(s.name, first, key);
      else if (key) seen.set(key, s.name);
      const kinds = (['event', 'metric', 'query'] as const).filter((k) => s.source[k] !== undefined);
      if (kinds.length !== 1) ctx.report([...at, 'source']).signalSourceKinds(kinds);
      if (s.source.query !== undefined && s.source.roleName !== undefined) ctx.report([...at, 'source', 'roleName'], 'key').roleNameWithQuery();
    });
    for (const { alert: a, path } of ctx.signalAlerts) {
      if (a.businessHours && a.businessHours.from >= a.businessHours.to) ctx.report([...path, 'businessHours']).businessHoursReversed(a.businessHours.from, a.businessHours.to);
      if (a.kind === 'threshold' && a.below === undefined && a.above === undefined) ctx.report(path).thresholdWithoutBounds();
    }
  },
};
