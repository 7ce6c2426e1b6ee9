import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { fact } from '../catalog/index.js';
import type { PathSegment, SourceDocument } from '../load/source.js';
import { reporter, type Report } from './report.js';
import { checkInfrastructure } from './infrastructure.js';
import { checkBusiness } from './business.js';
import { checkNotifyList } from './notify.js';
import { asList, type ServiceSpec, type TargetSpec } from '../model/spec.js';
import { slug } from '../model/names.js';
import { looksLikeReference, parseSecretRef } from '../model/secrets.js';
import { windowsFor } from '../model/windows.js';
import { echo } from '../diagnostics/echo.js';

/** azslo's choice, not an Azure limit: the longest SLO window it accepts. */
const MAX_WINDOW_DAYS = 90;

/** Checks that JSON Schema cannot express. Runs only on documents that passed the schema. */
export function checkSemantics(src: SourceDocument, spec: ServiceSpec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = reporter(src, out);

  if (!slug(spec.metadata.name)) report('AZSLO020', `service name ${echo(spec.metadata.name)} has no letter or digit to build resource names from`, ['metadata', 'name']);

  const targets = spec.notifications ?? {};
  const targetSlugs = new Map<string, string>();
  for (const [name, target] of Object.entries(targets)) {
    const s = slug(name);
    if (!s) report('AZSLO020', `notification target ${echo(name)} has no letter or digit to build an action group name from`, ['notifications', name], { which: 'key' });
    else if (targetSlugs.has(s)) report('AZSLO024', `notification targets ${echo(targetSlugs.get(s))} and ${echo(name)} map to the same action group name '${s}'`, ['notifications', name], { which: 'key' });
    else targetSlugs.set(s, name);
    checkTarget(target, ['notifications', name], report);
  }

  const seenSlo = new Map<string, number>();
  checkInfrastructure(spec, report);
  checkBusiness(spec, report);

  spec.slos.forEach((slo, i) => {
    const at = (...p: PathSegment[]) => ['slos', i, ...p];
    const s = slug(slo.name);
    if (!s) report('AZSLO020', `SLO name ${echo(slo.name)} has no letter or digit to build resource names from`, at('name'));
    else if (seenSlo.has(s)) {
      const first = spec.slos[seenSlo.get(s)!]!.name;
      report('AZSLO011', first === slo.name ? `SLO ${echo(slo.name)} is declared twice` : `SLO ${echo(slo.name)} and SLO ${echo(first)} map to the same resource name '${s}'`, at('name'));
    } else seenSlo.set(s, i);

    const objectiveOk = Number.isFinite(slo.objective) && slo.objective > 0 && slo.objective < 100;
    if (!objectiveOk) report('AZSLO013', `objective ${slo.objective} is not a percentage strictly between 0 and 100`, at('objective'));

    const days = Number(slo.window.slice(0, -1));
    const windowOk = Number.isInteger(days) && days >= 1 && days <= MAX_WINDOW_DAYS;
    if (!windowOk) report('AZSLO014', `window ${echo(slo.window)} is not supported: use 1d to ${MAX_WINDOW_DAYS}d`, at('window'));

    for (const kind of ['page', 'ticket'] as const) {
      const alert = slo.alerting?.[kind];
      if (!alert || alert.enabled === false) continue;
      checkNotifyList(spec, alert.notify, at('alerting', kind, 'notify'), report, `the ${kind} alert`);

      if (objectiveOk && windowOk) {
        const w = windowsFor(days, kind);
        for (const p of w.dropped) {
          report('AZSLO023', `the ${kind} window pair ${p.long}/${p.short} is left out: at burn rate ${p.burnRate} it stands for ${p.budgetPercent} % of a ${slo.window} budget`, at('alerting', kind), {
            severity: 'warning',
          });
        }
        const budget = 1 - slo.objective / 100;
        const reachable = w.pairs.filter((p) => p.burnRate * budget <= 1);
        if (w.pairs.length === 0 || reachable.length === 0) {
          report(
            'AZSLO021',
            `the ${kind} alert can never fire: ${w.pairs.length === 0 ? `no window pair fits a ${slo.window} window, so no rule is generated` : `its burn rates need more than 100 % errors with a ${slo.objective} % objective`}`,
            at('alerting', kind),
            { severity: 'warning', ...(w.pairs.length === 0 ? { hint: 'Use a longer SLO window, or disable this alert.' } : {}) },
          );
        }
      }
    }
  });
  return out;
}

const SECRET_FIELDS: Record<string, string[]> = {
  webhook: ['url'],
  logicApp: ['callbackUrl'],
  azureFunction: ['httpTriggerUrl'],
  automationRunbook: ['serviceUri'],
};

function checkTarget(target: TargetSpec, base: PathSegment[], report: Report): void {
  const maxEmail = fact('action-groups', 'maxEmailReceivers');
  const maxOther = fact('action-groups', 'maxReceiversPerKind');
  if ((target.email?.length ?? 0) > maxEmail) report('AZSLO022', `${target.email!.length} email receivers; an action group takes at most ${maxEmail}`, [...base, 'email']);
  for (const kind of ['sms', 'voice', 'webhook', 'logicApp', 'azureFunction', 'automationRunbook'] as const) {
    const n = asList(target[kind] as unknown[] | undefined).length;
    if (n > maxOther) report('AZSLO022', `${n} ${kind} receivers; an action group takes at most ${maxOther}`, [...base, kind]);
  }
  for (const [kind, fields] of Object.entries(SECRET_FIELDS)) {
    const value = target[kind as keyof TargetSpec];
    const list = asList(value as object | object[] | undefined);
    list.forEach((receiver, i) => {
      for (const field of fields) {
        const text = (receiver as Record<string, unknown>)[field];
        if (typeof text !== 'string') continue;
        const path = [...base, kind, ...(Array.isArray(value) ? [i] : []), field];
        if (parseSecretRef(text)) continue;
        report(
          'AZSLO017',
          looksLikeReference(text)
            ? `${echo(text)} is not a secret reference azslo understands`
            : `${kind}.${field} is written inline; it may carry a token and would end up in the generated files`,
          path,
        );
      }
    });
  }
}
