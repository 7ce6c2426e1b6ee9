import { apiVersion, fact } from '../catalog/index.js';
import { fit, shortHash } from '../model/names.js';
import type { TargetModel } from '../model/service.js';
import type { SecretRef } from '../model/secrets.js';
import type { ServiceContext } from './context.js';
import type { AzureResource, ParamSource, Value } from './model.js';

const TYPE = 'Microsoft.Insights/actionGroups';

export const actionGroupKey = (serviceSlug: string, target: TargetModel): string => `${serviceSlug}/alerting/ag-${target.slug}`;

const secretSource = (ref: SecretRef): ParamSource =>
  ref.kind === 'env' ? { kind: 'env', variable: ref.variable } : { kind: 'keyvault', subscriptionId: ref.subscriptionId, resourceGroup: ref.resourceGroup, vaultName: ref.vaultName, secretName: ref.secretName };

/**
 * One action group per notification target (Microsoft.Insights/actionGroups, api in catalog/azure/api-versions.yaml).
 * The common alert schema is on for every receiver that has the switch. URLs that carry tokens are @secure()
 * parameters filled from the params file, never literals.
 */
export function actionGroup(ctx: ServiceContext, target: TargetModel, shortName: string): AzureResource {
  const r = target.receivers;
  const secret = (ref: SecretRef, what: string, parts: string[]) => ctx.secret([target.slug, ...parts], `${what} of notification target ${target.name} (service ${ctx.service.name}).`, secretSource(ref));
  const props: Record<string, Value> = {
    groupShortName: shortName,
    enabled: true,
    emailReceivers: r.email.map((emailAddress, i) => ({ name: `email-${i + 1}`, emailAddress, useCommonAlertSchema: true })),
    smsReceivers: r.sms.map((p, i) => ({ name: `sms-${i + 1}`, countryCode: p.countryCode, phoneNumber: p.phoneNumber })),
    voiceReceivers: r.voice.map((p, i) => ({ name: `voice-${i + 1}`, countryCode: p.countryCode, phoneNumber: p.phoneNumber })),
    webhookReceivers: r.webhook.map((w, i) => ({
      name: `webhook-${i + 1}`,
      serviceUri: secret(w.url, 'Webhook URL', ['webhook', String(i + 1), 'url']),
      useCommonAlertSchema: true,
      ...(w.aad ? { useAadAuth: true, objectId: w.aad.objectId, identifierUri: w.aad.identifierUri, tenantId: w.aad.tenantId } : {}),
    })),
    logicAppReceivers: r.logicApp.map((l, i) => ({
      name: `logicapp-${i + 1}`,
      resourceId: l.resourceId,
      callbackUrl: secret(l.callbackUrl, 'Logic App callback URL', ['logic-app', String(i + 1), 'callback-url']),
      useCommonAlertSchema: true,
    })),
    azureFunctionReceivers: r.azureFunction.map((f, i) => ({
      name: `function-${i + 1}`,
      functionAppResourceId: f.functionAppResourceId,
      functionName: f.functionName,
      httpTriggerUrl: secret(f.httpTriggerUrl, 'Azure Function URL', ['function', String(i + 1), 'url']),
      useCommonAlertSchema: true,
    })),
    automationRunbookReceivers: r.automationRunbook.map((a, i) => ({
      name: `runbook-${i + 1}`,
      automationAccountId: a.automationAccountId,
      runbookName: a.runbookName,
      webhookResourceId: a.webhookResourceId,
      isGlobalRunbook: a.isGlobalRunbook,
      serviceUri: secret(a.serviceUri, 'Automation runbook webhook URI', ['runbook', String(i + 1), 'uri']),
      useCommonAlertSchema: true,
    })),
  };
  return {
    key: actionGroupKey(ctx.service.slug, target),
    module: `${ctx.service.slug}/alerting`,
    symbol: `ag_${target.slug.replace(/-/g, '_')}`,
    type: TYPE,
    apiVersion: apiVersion(TYPE),
    name: fit(`ag-${ctx.service.slug}-${target.slug}`, fact('action-groups', 'nameMaxLength')),
    location: fact('action-groups', 'location'),
    tags: ctx.tags(),
    properties: props,
    dependsOn: [],
    description: `Action group for notification target ${target.name} of service ${ctx.service.name}.`,
  };
}

/**
 * Short names (≤ 12 characters, shown in SMS) for every action group of a generation: the user's choice, else the
 * target's slug cut to fit; names that would clash get a hash of service and target instead, so every short name
 * is unique and stays the same from one run to the next.
 */
export function shortNames(groups: readonly { service: string; target: TargetModel }[]): Map<TargetModel, string> {
  const max = fact('action-groups', 'groupShortNameMaxLength');
  const candidate = (g: { service: string; target: TargetModel }) => g.target.shortName ?? g.target.slug.slice(0, max).replace(/-+$/, '');
  const counts = new Map<string, number>();
  for (const g of groups) counts.set(candidate(g), (counts.get(candidate(g)) ?? 0) + 1);
  const out = new Map<TargetModel, string>();
  for (const g of groups) {
    const c = candidate(g);
    if (counts.get(c) === 1 || g.target.shortName) out.set(g.target, c);
    else {
      const h = shortHash(`${g.service}/${g.target.name}`, 4);
      out.set(g.target, `${g.target.slug.slice(0, max - h.length - 1).replace(/-+$/, '')}-${h}`);
    }
  }
  return out;
}
