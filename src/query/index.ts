import { burnRateAlertQuery } from '../kql/alert.js';
import { kpiAlertQuery, kpiFunctionBody } from '../kql/business.js';
import { sliFunctionBody } from '../kql/sli.js';
import { isPrometheusSlo, type ServiceModel } from '../model/service.js';
import { errorRatioExpression, prometheusRules, prometheusSli } from '../promql/rules.js';
import { didYouMean } from '../base/edit-distance.js';

/**
 * `azslo query`: the full KQL of an SLI or a KPI signal, with its function inlined as a `let`, ready to paste into
 * Logs — the SLI or KPI per hour by default, or the query of one of its alert rules.
 */
export interface QueryRequest {
  /** SLO or signal name, optionally `service/name` when several services have one. */
  readonly name: string;
  /** page, ticket, or a KPI alert id such as threshold or anomaly-2. */
  readonly alert?: string;
}

export type QueryResult = { ok: true; text: string } | { ok: false; message: string };

const letFunction = (alias: string, body: string) => `let ${alias} = () {\n${body.replace(/^/gm, '    ')}\n};`;

export function queryFor(services: readonly ServiceModel[], req: QueryRequest): QueryResult {
  const [serviceName, itemName] = req.name.includes('/') && !services.some((s) => s.slos.some((x) => x.name === req.name)) ? [req.name.split('/')[0], req.name.split('/').slice(1).join('/')] : [undefined, req.name];
  const candidates = services.filter((s) => serviceName === undefined || s.name === serviceName);
  const slos = candidates.flatMap((s) => s.slos.filter((x) => x.name === itemName).map((slo) => ({ s, slo })));
  const signals = candidates.flatMap((s) => s.business.signals.filter((x) => x.name === itemName).map((signal) => ({ s, signal })));
  const found = slos.length + signals.length;
  if (found === 0) {
    const names = candidates.flatMap((s) => [...s.slos.map((x) => x.name), ...s.business.signals.map((x) => x.name)]);
    return { ok: false, message: `no SLO or signal named '${req.name}'${didYouMean(itemName ?? req.name, names)}${names.length ? ` (there are: ${names.join(', ')})` : ''}` };
  }
  if (found > 1) return { ok: false, message: `'${req.name}' names several SLOs or signals; write it as <service>/<name>` };
  if (slos[0]) {
    const { s, slo } = slos[0];
    if (isPrometheusSlo(slo)) {
      // No KQL: a Prometheus SLI is read in its Azure Monitor workspace, in PromQL (Grafana, or the portal's PromQL explorer).
      const head = `# SLO '${slo.name}' of service '${s.name}' (${slo.objective} % ${slo.window.kind === 'calendar' ? slo.window.text : `over ${slo.windowDays} days`}) is a Prometheus SLI: no KQL; run this PromQL in the Azure Monitor workspace ${s.azure.monitorWorkspace ?? ''}.`;
      if (!req.alert) return { ok: true, text: `${head}
# The error ratio over the SLO window:
${errorRatioExpression(prometheusSli(slo), `${slo.windowDays}d`)}
` };
      const rule = prometheusRules(s.name, slo, () => '').alerts.find((a) => a.kind === req.alert);
      if (!rule) return { ok: false, message: `SLO '${slo.name}' has no ${req.alert} alert; it has: ${slo.alerts.map((a) => a.kind).join(', ') || 'none'}` };
      return { ok: true, text: `${head}
# The ${rule.kind} alert rule ${rule.alert}, on the error ratios its rule group records:
${rule.expression}
` };
    }
    const head = `// SLO '${slo.name}' of service '${s.name}' (${slo.objective} % ${slo.window.kind === 'calendar' ? slo.window.text : `over ${slo.windowDays} days`}). Run in the Logs of ${s.azure.workspace}.`;
    const fn = letFunction(slo.functionAlias, sliFunctionBody(slo));
    if (!req.alert) {
      return { ok: true, text: `${head}\n${fn}\n${slo.functionAlias}()\n| summarize Good = sum(Good), Total = sum(Total) by bin(TimeGenerated, 1h)\n| extend SLI = iff(Total > 0, 100.0 * Good / Total, real(null))\n| order by TimeGenerated asc\n` };
    }
    const alert = slo.alerts.find((a) => a.kind === req.alert);
    if (!alert) return { ok: false, message: `SLO '${slo.name}' has no ${req.alert} alert; it has: ${slo.alerts.map((a) => a.kind).join(', ') || 'none'}` };
    // A metric-routed alert has no query in Azure; this is the log form of the same pairs, for a look in Logs.
    const routed = alert.route.via === 'metric' ? `// The ${alert.kind} alert is deployed as a metric alert (${alert.route.reason}); the query below is the log form of its window pairs.\n` : '';
    return { ok: true, text: `${head}\n${routed}${fn}\n${burnRateAlertQuery(slo, alert)}\n` };
  }
  const { s, signal } = signals[0]!;
  const head = `// KPI '${signal.name}' of service '${s.name}'. Run in the Logs of ${s.azure.workspace}.`;
  const fn = letFunction(signal.functionAlias, kpiFunctionBody(signal));
  if (!req.alert) return { ok: true, text: `${head}\n${fn}\n${signal.functionAlias}()\n| summarize Value = sum(Value) by bin(TimeGenerated, 1h)\n| order by TimeGenerated asc\n` };
  const alert = signal.alerts.find((a) => a.id === req.alert);
  if (!alert) return { ok: false, message: `signal '${signal.name}' has no alert '${req.alert}'; it has: ${signal.alerts.map((a) => a.id).join(', ')}` };
  return { ok: true, text: `${head}\n${fn}\n${kpiAlertQuery(signal, alert)}\n` };
}
