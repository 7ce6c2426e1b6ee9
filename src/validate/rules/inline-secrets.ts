import { asList } from '../../base/values.js';
import type { TargetSpec } from '../../model/spec.js';
import { looksLikeReference, parseSecretRef } from '../../model/secrets.js';
import type { Rule } from './context.js';

/** Receiver fields that carry tokens. */
const SECRET_FIELDS: Record<string, string[]> = {
  webhook: ['url'],
  logicApp: ['callbackUrl'],
  azureFunction: ['httpTriggerUrl'],
  automationRunbook: ['serviceUri'],
};

/** Webhook and callback URLs are given as `${env:…}` or `${keyvault:…}` references, never inline. */
export const inlineSecrets: Rule = {
  name: 'inline-secrets',
  codes: ['AZSLO017'],
  check(ctx) {
    for (const [name, target] of Object.entries(ctx.spec.notifications ?? {})) {
      for (const [kind, fields] of Object.entries(SECRET_FIELDS)) {
        const value = target[kind as keyof TargetSpec];
        asList(value as object | object[] | undefined).forEach((receiver, i) => {
          for (const field of fields) {
            const text = (receiver as Record<string, unknown>)[field];
            if (typeof text !== 'string' || parseSecretRef(text)) continue;
            const at = ctx.report(['notifications', name, kind, ...(Array.isArray(value) ? [i] : []), field]);
            if (looksLikeReference(text)) at.secretNotAReference(text);
            else at.secretInline(kind, field);
          }
        });
      }
    }
  },
};
