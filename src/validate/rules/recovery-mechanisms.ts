import { matchingMechanisms } from '../../model/infrastructure.js';
import type { Rule } from './context.js';

/** `resources[].recovery` names exactly one of the recovery mechanisms the catalog lists for the type. */
export const recoveryMechanisms: Rule = {
  name: 'recovery-mechanisms',
  codes: ['AZSLO036'],
  check(ctx) {
    for (const r of ctx.catalogued) {
      const declared = r.spec.recovery;
      if (declared === undefined) continue;
      const mechanisms = r.entry.recovery.mechanisms.map((m) => m.name);
      const list = typeof declared === 'string' ? [declared] : declared;
      list.forEach((item, i) => {
        const recovery = typeof item === 'string' ? item : item.mechanism;
        const matches = matchingMechanisms(recovery, r.entry);
        if (matches.length === 1) return;
        const at = ctx.report(typeof declared === 'string' ? [...r.path, 'recovery'] : typeof item === 'string' ? [...r.path, 'recovery', i] : [...r.path, 'recovery', i, 'mechanism']);
        if (matches.length) at.ambiguousRecoveryMechanism(r.entry.type, recovery, matches.length, mechanisms);
        else at.unknownRecoveryMechanism(r.entry.type, recovery, mechanisms);
      });
    }
  },
};
