import { fact } from '../catalog/index.js';
import { metricAlertProblems, resourceCatalog, type ResourceTypeEntry } from '../catalog/resources.js';
import { applies, applyOverride, signalPrerequisitesMet } from '../model/infrastructure.js';
import type { AlertOverrideSpec, ServiceSpec } from '../model/spec.js';
import type { PathSegment } from '../load/source.js';
import { parseResourceId } from './formats.js';
import type { Report } from './report.js';
import { checkNotifyList } from './notify.js';
import { echo } from '../diagnostics/echo.js';

/** Semantic checks of resources, resourceDefaults and infrastructure. */
export function checkInfrastructure(spec: ServiceSpec, report: Report): void {
  const checkNotify = (list: string[] | undefined, path: PathSegment[]) => checkNotifyList(spec, list, path, report);
  checkNotify(spec.infrastructure?.notify, ['infrastructure', 'notify']);
  checkNotify(spec.infrastructure?.resourceHealth?.notify, ['infrastructure', 'resourceHealth', 'notify']);
  checkNotify(spec.infrastructure?.serviceHealth?.notify, ['infrastructure', 'serviceHealth', 'notify']);

  const checkOverrides = (entry: ResourceTypeEntry, overrides: Record<string, AlertOverrideSpec> | undefined, base: PathSegment[], defaults?: Record<string, AlertOverrideSpec>) => {
    const all = [...entry.baselineAlerts, ...entry.recovery.signals];
    for (const [id, o] of Object.entries(overrides ?? {})) {
      const def = all.find((a) => a.id === id);
      if (!def) {
        report('AZSLO027', `${entry.type} has no baseline alert ${echo(id)}`, [...base, id], { which: 'key', hint: `Alert ids of ${entry.type}: ${all.map((a) => a.id).join(', ')}.` });
        continue;
      }
      if (o.enabled === false) continue;
      const merged = applyOverride(applyOverride(def, defaults?.[id]), o);
      for (const p of metricAlertProblems(entry.type, merged)) report('AZSLO028', `${id}: ${p}`, [...base, id]);
    }
  };

  for (const [type, d] of Object.entries(spec.resourceDefaults ?? {})) {
    const entry = resourceCatalog().get(type.toLowerCase());
    if (!entry) {
      report('AZSLO026', `resource type ${type} is not in the catalog, so its defaults apply to nothing`, ['resourceDefaults', type], { which: 'key', severity: 'warning' });
      continue;
    }
    checkOverrides(entry, d.alerts, ['resourceDefaults', type, 'alerts']);
  }

  const subscriptions = [...new Set((spec.resources ?? []).map((r) => parseResourceId(r.id)?.subscriptionId.toLowerCase()).filter(Boolean))];
  if (subscriptions.length > 1) {
    report(
      'AZSLO031',
      `the resources span ${subscriptions.length} subscriptions; Resource Health and Service Health alerts only see the subscription they are deployed to`,
      ['resources'],
      { which: 'key', severity: 'warning' },
    );
  }

  const names = new Map<string, number>();
  for (const r of spec.resources ?? []) {
    const n = parseResourceId(r.id)?.name.toLowerCase();
    if (n) names.set(n, (names.get(n) ?? 0) + 1);
  }
  const checkStep = (step: import('../model/spec.js').StepSpec, path: PathSegment[]): void => {
    if (typeof step === 'string') {
      const count = names.get(step.toLowerCase()) ?? 0;
      if (count === 0) report('AZSLO035', `${echo(step)} is not a declared resource`, path, { hint: `Declared: ${[...names.keys()].join(', ') || 'none'}.` });
      else if (count > 1) report('AZSLO035', `${echo(step)} names ${count} declared resources; rename one`, path);
      return;
    }
    if ('redundant' in step) step.redundant.forEach((s, i) => checkStep(s, [...path, 'redundant', i]));
    else step.series.forEach((s, i) => checkStep(s, [...path, 'series', i]));
  };
  (spec.architecture?.journeys ?? []).forEach((j, i) => j.steps.forEach((s, k) => checkStep(s, ['architecture', 'journeys', i, 'steps', k])));

  const seen = new Map<string, number>();
  (spec.resources ?? []).forEach((r, i) => {
    const at = (...p: PathSegment[]) => ['resources', i, ...p];
    const key = r.id.toLowerCase();
    if (seen.has(key)) {
      report('AZSLO029', `resource ${r.id} is declared twice (first as resources[${seen.get(key)}])`, at('id'));
      return;
    }
    seen.set(key, i);
    const parts = parseResourceId(r.id);
    if (!parts) return; // the schema's format check reported it
    const entry = resourceCatalog().get(parts.type.toLowerCase());
    if (!entry) {
      report('AZSLO026', `resource type ${parts.type} is not in the catalog: no baseline alert for ${parts.name}`, at('id'), { severity: 'warning' });
      return;
    }
    const skipped = entry.baselineAlerts.filter((a) => !applies(a, r));
    if (entry.baselineAlerts.length > 0 && skipped.length === entry.baselineAlerts.length) {
      const wanted = [...new Set(skipped.flatMap((a) => [...(a.appliesTo?.kinds ?? []).map((k) => `kind ${k}`), ...(a.appliesTo?.skus ?? []).map((x) => `SKU ${x}`)]))];
      report('AZSLO032', `no baseline alert of ${entry.type} applies to ${parts.name}: they are for ${wanted.join(', ')}`, at('id'), { severity: 'warning' });
    }
    if (r.recovery) {
      const matches = entry.recovery.mechanisms.filter((m) => m.name.toLowerCase().includes(r.recovery!.toLowerCase()));
      if (matches.length !== 1) {
        report('AZSLO036', matches.length ? `${echo(r.recovery)} matches ${matches.length} recovery mechanisms of ${entry.type}` : `${entry.type} has no recovery mechanism ${echo(r.recovery)}`, at('recovery'), {
          hint: `Mechanisms: ${entry.recovery.mechanisms.map((m) => m.name).join('; ')}.`,
        });
      }
    }
    const defaults = Object.entries(spec.resourceDefaults ?? {}).find(([t]) => t.toLowerCase() === entry.type.toLowerCase())?.[1]?.alerts;
    checkOverrides(entry, r.alerts, at('alerts'), defaults);
    if (spec.objectives?.rpo && entry.recovery.dataStore && entry.recovery.signals.length === 0) {
      report('AZSLO030', `no platform signal proves the RPO (${spec.objectives.rpo}) of ${parts.name} (${entry.type}): ${entry.recovery.noSignalReason ?? 'none is known'}`, at('id'), { severity: 'warning' });
    } else if (spec.objectives?.rpo && entry.recovery.dataStore && !entry.recovery.signals.some((a) => applies(a, r) && signalPrerequisitesMet(a, r, entry))) {
      const needs = [...new Set(entry.recovery.signals.flatMap((a) => [...(a.requires?.recovery ?? []), ...(a.requires?.multiRegion ? ['multiRegion: true'] : [])]))];
      report('AZSLO030', `no signal proves the RPO (${spec.objectives.rpo}) of ${parts.name}: ${entry.type}'s signals report on replication or persistence it does not declare`, at('id'), {
        severity: 'warning',
        hint: `Declare what is set up: resources[].recovery naming a mechanism with ${needs.join(', ')} (\`azslo catalog show ${entry.type}\`), or accept the gap knowingly.`,
      });
    }
  });
}
