import { fact } from '../catalog/index.js';
import type { PathSegment } from '../load/source.js';
import type { ServiceSpec } from '../model/spec.js';
import type { Report } from './report.js';
import { echo } from '../diagnostics/echo.js';

/**
 * The one check of a `notify:` list, wherever it stands (SLO alerting, infrastructure, business alerts): each name is
 * a declared target (AZSLO012) and the rule takes at most the action groups Azure allows (AZSLO019). Targets are
 * looked up as own keys only: `constructor` or `__proto__` is no target just because every object inherits one.
 */
export function checkNotifyList(spec: ServiceSpec, list: readonly string[] | undefined, path: readonly PathSegment[], report: Report, what = 'the rule'): void {
  const targets = spec.notifications ?? {};
  const known = Object.keys(targets);
  (list ?? []).forEach((t, j) => {
    if (Object.hasOwn(targets, t)) return;
    report('AZSLO012', `${echo(t)} is not a notification target of service ${echo(spec.metadata.name)}`, [...path, j], {
      hint: known.length ? `Declared targets: ${known.join(', ')}.` : 'Declare it under `notifications:` first.',
    });
  });
  const max = fact('log-search-alerts', 'maxActionGroupsPerRule');
  const distinct = new Set(list ?? []).size;
  if (distinct > max) report('AZSLO019', `${what} notifies ${distinct} targets; an alert rule takes at most ${max} action groups`, [...path]);
}
