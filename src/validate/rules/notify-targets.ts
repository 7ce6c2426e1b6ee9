import { fact } from '../../catalog/index.js';
import type { Rule } from './context.js';

/**
 * Every `notify:` list, wherever it stands (SLO alerting, infrastructure, business alerts): each name is a declared
 * target (AZSLO012), and the rule takes at most the action groups Azure allows (AZSLO019).
 */
export const notifyTargets: Rule = {
  name: 'notify-targets',
  codes: ['AZSLO012', 'AZSLO019'],
  check(ctx) {
    const max = fact('log-search-alerts', 'maxActionGroupsPerRule');
    const { names, has } = ctx.targets;
    for (const { list, path, what } of ctx.notifyLists) {
      (list ?? []).forEach((t, j) => {
        if (!has(t)) ctx.report([...path, j]).unknownNotificationTarget(t, ctx.spec.metadata.name, names);
      });
      const distinct = new Set(list ?? []).size;
      if (distinct > max) ctx.report(path).tooManyActionGroups(what, distinct, max);
    }
  },
};
