import type { Rule } from './context.js';

/** Activity log alerts see one subscription: resources in several are partly unwatched by them (warning). */
export const singleSubscription: Rule = {
  name: 'single-subscription',
  codes: ['AZSLO031'],
  check(ctx) {
    const subscriptions = new Set(ctx.resources.map((r) => r.parts?.subscriptionId.toLowerCase()).filter(Boolean));
    if (subscriptions.size > 1) ctx.report(['resources'], 'key').severalSubscriptions(subscriptions.size);
  },
};
