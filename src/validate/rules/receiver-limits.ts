import { fact } from '../../catalog/index.js';
import { asList } from '../../base/values.js';
import type { Rule } from './context.js';

/** An action group takes at most 1,000 email receivers and 10 of each other kind. */
export const receiverLimits: Rule = {
  name: 'receiver-limits',
  codes: ['AZSLO022'],
  check(ctx) {
    const maxEmail = fact('action-groups', 'maxEmailReceivers');
    const maxOther = fact('action-groups', 'maxReceiversPerKind');
    for (const [name, target] of Object.entries(ctx.spec.notifications ?? {})) {
      const base = ['notifications', name];
      if ((target.email?.length ?? 0) > maxEmail) ctx.report([...base, 'email']).tooManyReceivers('email', target.email!.length, maxEmail);
      for (const kind of ['sms', 'voice', 'webhook', 'logicApp', 'azureFunction', 'automationRunbook'] as const) {
        const n = asList(target[kind] as unknown[] | undefined).length;
        if (n > maxOther) ctx.report([...base, kind]).tooManyReceivers(kind, n, maxOther);
      }
    }
  },
};
