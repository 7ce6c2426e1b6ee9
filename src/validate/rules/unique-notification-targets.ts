import { slug } from '../../model/names.js';
import type { Rule } from './context.js';

/** Two targets must not give the same action group name (`on-call` and `on_call`). */
export const uniqueNotificationTargets: Rule = {
  name: 'unique-notification-targets',
  codes: ['AZSLO024'],
  check(ctx) {
    const seen = new Map<string, string>();
    for (const name of Object.keys(ctx.spec.notifications ?? {})) {
      const s = slug(name);
      if (!s) continue; // resource-names reports it
      const first = seen.get(s);
      if (first !== undefined) ctx.report(['notifications', name], 'key').duplicateNotificationTarget(first, name, s);
      else seen.set(s, name);
    }
  },
};
