import { fact, tableSchemas } from '../catalog/index.js';
import { kqlTimespan } from '../kql/escape.js';
import { kpiQuerySpanSeconds } from '../kql/business.js';
import { buildBusiness } from '../model/business.js';
import { slug } from '../model/names.js';
import type { ServiceSpec } from '../model/spec.js';
import type { PathSegment } from '../load/source.js';
import { isoSeconds } from '../base/durations.js';
import type { Report } from './report.js';
import { checkNotifyList } from './notify.js';
import { echo } from '../diagnostics/echo.js';

/** Semantic checks of the business section (KQL of signal queries is checked with the other user KQL). */
export function checkBusiness(spec: ServiceSpec, report: Report): void {
  const b = spec.business;
  if (!b) return;
  const known = new Set(tableSchemas().map((t) => t.name.toLowerCase()));
  const seenTables = new Set<string>();
  (b.tables ?? []).forEach((t, i) => {
    const key = t.name.toLowerCase();
    if (known.has(key) || seenTables.has(key)) report('AZSLO034', `table ${t.name} is declared twice or clashes with a built-in table`, ['business', 'tables', i, 'name']);
    seenTables.add(key);
    if (t.columns.TimeGenerated !== undefined && t.columns.TimeGenerated !== 'datetime') {
      report('AZSLO034', `TimeGenerated of ${t.name} must be a datetime, not ${t.columns.TimeGenerated}`, ['business', 'tables', i, 'columns', 'TimeGenerated']);
    }
  });

  const frequencies = fact('log-search-alerts', 'evaluationFrequencies');
  const maxSeconds = fact('log-search-alerts', 'maxQueryLookbackHours') * 3600;
  const model = buildBusiness(spec);
  const seen = new Map<string, string>();
  (b.signals ?? []).forEach((s, i) => {
    const at = (...p: PathSegment[]): PathSegment[] => ['business', 'signals', i, ...p];
    const key = slug(s.name);
    if (!key) report('AZSLO020', `signal name ${echo(s.name)} has no letter or digit to build resource names from`, at('name'));
    else if (seen.has(key)) report('AZSLO034', `signal ${echo(s.name)} and signal ${echo(seen.get(key))} map to the same name '${key}'`, at('name'));
    else seen.set(key, s.name);

    const kinds = (['event', 'metric', 'query'] as const).filter((k) => s.source[k] !== undefined);
    if (kinds.length !== 1) report('AZSLO034', `a signal source needs exactly one of event, metric or query, not ${kinds.length ? kinds.join(' and ') : 'none'}`, at('source'));
    if (s.source.query !== undefined && s.source.roleName !== undefined) report('AZSLO034', 'roleName filters events or metrics; put it in the query instead', at('source', 'roleName'), { which: 'key' });

    const signal = model.signals[i]!;
    s.alerts.forEach((a, j) => {
      const ap = (...p: PathSegment[]) => at('alerts', j, ...p);
      if (a.enabled === false) return;
      checkNotifyList(spec, a.notify, ap('notify'), report);
      if (a.businessHours && a.businessHours.from >= a.businessHours.to) report('AZSLO034', `business hours must end after they start (${a.businessHours.from}–${a.businessHours.to})`, ap('businessHours'));
      if (a.kind === 'threshold' && a.below === undefined && a.above === undefined) report('AZSLO034', 'a threshold alert needs below, above or both', ap());
      if (a.kind === 'drop' && a.comparedTo === 'lastWeek') {
        report('AZSLO033', 'a drop versus last week cannot run in Azure: a log search alert reads at most two days of data, so the same period a week ago is out of its reach', ap('comparedTo'));
        return;
      }
      // The model keeps enabled alerts only, in order: this one is the n-th enabled alert of the signal.
      const m = signal.alerts[s.alerts.slice(0, j).filter((x) => x.enabled !== false).length]!;
      if (m.kind === 'anomaly') {
        const iso = m.binSeconds % 3600 === 0 ? `PT${m.binSeconds / 3600}H` : `PT${m.binSeconds / 60}M`;
        if (m.binSeconds % 60 !== 0 || !frequencies.includes(iso) || m.binSeconds > 3600) {
          report('AZSLO033', `bin ${kqlTimespan(m.binSeconds)} is not an evaluation frequency Azure offers up to an hour (${frequencies.filter((f) => isoSeconds(f) <= 3600).join(', ')})`, ap('bin'));
          return;
        }
      }
      const span = kpiQuerySpanSeconds(m);
      if (span > maxSeconds) {
        report('AZSLO033', `this alert would read ${kqlTimespan(span)} of data; a log search alert reads at most ${kqlTimespan(maxSeconds)}`, ap());
      }
    });
  });
}
