import { applies, declaredMechanisms, effectiveAlerts, mechanismWatcher, signalPrerequisitesMet } from '../../model/infrastructure.js';
import type { Rule } from './context.js';

/**
 * With an `rpo`, each data store has a platform signal that shows its replication or backup (warning): its own, or,
 * for a mechanism another resource carries out (a VM backed up to a Recovery Services vault), that resource's alert.
 */
export const rpoSignals: Rule = {
  name: 'rpo-signals',
  codes: ['AZSLO030'],
  check(ctx) {
    const rpo = ctx.spec.objectives?.rpo;
    if (!rpo) return;
    const declared = ctx.catalogued.map((c) => ({ type: c.entry.type, alerts: effectiveAlerts(ctx.spec, c.spec, c.entry) }));
    for (const r of ctx.catalogued) {
      const { entry } = r;
      if (!entry.recovery.dataStore || r.spec.rpoExempt !== undefined) continue;
      const mechanisms = declaredMechanisms(r.spec, entry);
      const watched = mechanisms.find((m) => m.watchedBy);
      if (entry.recovery.signals.length === 0 && watched?.watchedBy) {
        if (!mechanismWatcher(mechanisms, declared)) ctx.report([...r.path, 'recovery']).rpoWatcherNotDeclared(rpo, r.parts.name, watched.name, watched.watchedBy.type);
      } else if (entry.recovery.signals.length === 0) ctx.report([...r.path, 'id']).noRpoSignal(rpo, r.parts.name, entry.type, entry.recovery.noSignalReason);
      else if (!entry.recovery.signals.some((a) => applies(a, r.spec, entry) && signalPrerequisitesMet(a, r.spec, entry))) {
        const needs = [...new Set(entry.recovery.signals.flatMap((a) => [...(a.requires?.recovery ?? []), ...(a.requires?.multiRegion ? ['multiRegion: true'] : [])]))];
        ctx.report([...r.path, 'id']).rpoSignalsNeedRecovery(rpo, r.parts.name, entry.type, needs);
      }
    }
  },
};
