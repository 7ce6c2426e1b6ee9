import { metricAlertProblems, type ResourceTypeEntry } from '../../catalog/resources.js';
import { applyOverride } from '../../model/infrastructure.js';
import type { AlertOverrideSpec } from '../../model/spec.js';
import type { PathSegment } from '../../load/source.js';
import type { Rule, RuleContext } from './context.js';

/**
 * Overrides of baseline alerts, under resourceDefaults.<type>.alerts and resources[].alerts (merged over the
 * defaults): the alert id exists for the type (AZSLO027), and Azure would accept the alert as overridden (AZSLO028).
 */
export const alertOverrides: Rule = {
  name: 'alert-overrides',
  codes: ['AZSLO027', 'AZSLO028'],
  check(ctx) {
    for (const d of ctx.resourceDefaults) if (d.entry) checkOverrides(ctx, d.entry, d.defaults.alerts, ['resourceDefaults', d.type, 'alerts']);
    for (const r of ctx.catalogued) {
      const defaults = ctx.resourceDefaults.find((d) => d.type.toLowerCase() === r.entry.type.toLowerCase())?.defaults?.alerts;
      checkOverrides(ctx, r.entry, r.spec.alerts, [...r.path, 'alerts'], defaults);
    }
  },
};

function checkOverrides(ctx: RuleContext, entry: ResourceTypeEntry, overrides: Record<string, AlertOverrideSpec> | undefined, base: readonly PathSegment[], defaults?: Record<string, AlertOverrideSpec>): void {
  const all = [...entry.baselineAlerts, ...entry.recovery.signals];
  for (const [id, o] of Object.entries(overrides ?? {})) {
    const def = all.find((a) => a.id === id);
    if (!def) {
      ctx.report([...base, id], 'key').unknownBaselineAlert(entry.type, id, all.map((a) => a.id));
      continue;
    }
    if (o.enabled === false) continue;
    const merged = applyOverride(applyOverride(def, defaults?.[id]), o);
    for (const p of metricAlertProblems(entry.type, merged)) ctx.report([...base, id]).refusedOverride(id, p);
  }
}
