import { fact } from '../../catalog/index.js';
import { diagnosticsAt, type DiagnosticBuilder } from '../../diagnostics/builder.js';
import { formatPath, positionAt, positionInScalar, type PathSegment } from '../../load/source.js';
import { parseDuration } from '../../base/durations.js';
import { CALENDAR_PERIODS, prometheusWindowsFor } from '../../model/windows.js';
import { promqlSyntaxError } from '../../promql/parse.js';
import { prometheusRules } from '../../promql/rules.js';
import { fillWindow, hasWindowPlaceholder, promDuration } from '../../promql/window.js';
import { budgetRatioExpression } from '../../promql/budget.js';
import { reportedBy, type Rule } from './context.js';

/**
 * Prometheus SLIs: an Azure Monitor workspace to run on, queries with the window placeholder that parse as PromQL
 * (with the Prometheus project's grammar, at the exact line and column inside the YAML scalar), rules that parse as
 * written, and no more rule groups than one workspace holds.
 */
export const prometheusSlis: Rule = {
  name: 'prometheus-slis',
  codes: ['AZSLO058', 'AZSLO059', 'AZSLO060', 'AZSLO061'],
  check(ctx) {
    const slos = ctx.spec.slos ?? [];
    const at = (path: PathSegment[], offset?: number): DiagnosticBuilder =>
      diagnosticsAt(
        () => ({ file: ctx.source.file, position: offset === undefined ? positionAt(ctx.source, path) : positionInScalar(ctx.source, path, offset), path: formatPath(path) }),
        (d) => {
          reportedBy.set(d, ctx.rule);
          ctx.diagnostics.push(d);
        },
      );
    let count = 0;
    let groups = 0;
    let clean = true;
    slos.forEach((slo, i) => {
      const sli = slo.sli.prometheus;
      if (!sli) return;
      count++;
      // A budget group beside the burn-rate group (src/resources/prometheus-rules.ts).
      groups += slo.alerting?.budget && slo.alerting.budget.enabled !== false ? 2 : 1;
      if (!ctx.spec.azure.monitorWorkspace) {
        ctx.report(['slos', i, 'sli', 'prometheus']).prometheusWithoutWorkspace(slo.name);
        clean = false;
      }
      if ((sli.errors === undefined) === (sli.good === undefined)) {
        ctx.report(['slos', i, 'sli', 'prometheus']).promqlRatioQueries(sli.errors !== undefined);
        clean = false;
      }
      for (const which of ['errors', 'good', 'total'] as const) {
        const query = sli[which];
        if (query === undefined) continue;
        const path: PathSegment[] = ['slos', i, 'sli', 'prometheus', which];
        const label = `${which === 'errors' ? 'errors' : which} query`;
        if (!hasWindowPlaceholder(query)) {
          at(path).promqlNoWindow(label);
          clean = false;
        }
        // Syntax does not depend on the duration: one window stands for all.
        const filled = fillWindow(query, '5m');
        const error = promqlSyntaxError(filled.text);
        if (error) {
          at(path, filled.sourceOffset(error.offset)).promqlSyntaxError(label, error.message);
          clean = false;
        }
      }
    });
    if (groups > fact('prometheus-rules', 'ruleGroupsPerWorkspaceMax')) ctx.report(['slos']).tooManyRuleGroups(count, groups, fact('prometheus-rules', 'ruleGroupsPerWorkspaceMax'));
    if (!clean || count === 0) return;
    // Every expression azslo writes, parsed back: text valid alone may not be inside the ratio (a trailing `or`).
    slos.forEach((slo, i) => {
      const sli = slo.sli.prometheus;
      // A calendar window's alerts use its nominal length, as the model's do.
      const seconds = typeof slo.window === 'string' ? parseDuration(slo.window) : CALENDAR_PERIODS[slo.window.calendar] ? CALENDAR_PERIODS[slo.window.calendar].nominalDays * 86_400 : undefined;
      if (!sli || seconds === undefined || seconds % 86400 !== 0 || seconds === 0) return;
      const route = { via: 'prometheus' as const, reason: '' };
      const alerts = (['page', 'ticket'] as const).map((kind) => ({ kind, severity: 0, notify: [], windows: prometheusWindowsFor(seconds / 86400, kind), minimumEvents: 0, route }));
      const rules = prometheusRules(ctx.spec.metadata.name, { name: slo.name, objective: slo.objective, sli, alerts }, () => '');
      // The budget group's ratio has its own form for the good query ((total − good) / total).
      const budgetRatio = budgetRatioExpression({ sli }, promDuration(seconds));
      // A recording rule's expression is the same for each of its windows but the duration: one window stands for all.
      const recordingOnce = rules.recording.filter((x, k) => k === rules.recording.findIndex((y) => recordFamily(y.record) === recordFamily(x.record)));
      for (const expression of [...recordingOnce.map((x) => x.expression), ...rules.alerts.map((x) => x.expression), budgetRatio]) {
        const error = promqlSyntaxError(expression);
        if (!error) continue;
        const which = sli.errors !== undefined ? 'errors' : 'good';
        at(['slos', i, 'sli', 'prometheus', which]).promqlGeneratedSyntaxError(`${which} query`, error.message);
        return;
      }
    });
  },
};

/** A recorded series' name without its window (azslo:sli_error:ratio_rate5m → azslo:sli_error:ratio_rate). */
const recordFamily = (record: string): string => record.replace(/[0-9]+[a-z]+$/, '');
