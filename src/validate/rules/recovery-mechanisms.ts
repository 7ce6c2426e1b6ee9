import type { Rule } from './context.js';

/** `resources[].recovery` names exactly one of the recovery mechanisms the catalog lists for the type. */
export const recoveryMechanisms: Rule = {
  name: 'recovery-mechanisms',
  codes: ['AZSLO036'],
  check(ctx) {
    for (const r of ctx.catalogued) {
      const recovery = r.spec.recovery;
      if (!recovery) continue;
      const mechanisms = r.entry.recovery.mechanisms.map((m) => m.name);
      const matches = mechanisms.filter((m) => m.toLowerCase().includes(recovery.toLowerCase()));
      if (matches.length === 1) continue;
      const at = ctx.report([...r.path, 'recovery']);
      if (matches.length) at.ambiguousRecoveryMechanism(r.entry.type, recovery, matches.length, mechanisms);
      else at.unknownRecoveryMechanism(r.entry.type, recovery, mechanisms);
    }
  },
};
