import { plansOf } from '../../drplan/index.js';
import { planDrillable, planDrilled } from '../../drplan/schedule.js';
import { buildServiceModel, type ServiceModel } from '../../model/service.js';
import type { Rule } from './context.js';

/**
 * A plan to be drilled (`recovery.plans[].drill`, default true) that nothing can drill: no step has a planned,
 * loss-free variant and no Chaos Studio fault exists for its resources (AZSLO049, a warning naming the plan). Only for services that drill (`recovery.drill`).
 */
export const drillablePlans: Rule = {
  name: 'drillable-plans',
  codes: ['AZSLO049'],
  check(ctx) {
    const recovery = ctx.spec.recovery;
    if (!recovery?.drill) return;
    let service: ServiceModel;
    try {
      service = buildServiceModel(ctx.spec);
    } catch {
      return; // the spec has errors other rules report
    }
    const { plans, scenarios } = plansOf(service);
    for (const plan of plans) {
      if (!planDrilled(recovery, plan.scenario) || planDrillable(service, plan, scenarios)) continue;
      const index = (recovery.plans ?? []).findIndex((p) => p.scenario === plan.scenario);
      ctx.report(index >= 0 ? ['recovery', 'plans', index, 'scenario'] : ['recovery', 'drill']).undrillablePlan(plan.scenario);
    }
  },
};
