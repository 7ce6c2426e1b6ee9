import type { PathSegment } from '../../load/source.js';
import type { StepSpec } from '../../model/spec.js';
import type { Rule } from './context.js';

/**
 * Each step of `architecture.journeys[].steps` names exactly one declared resource (by the last segment of its id)
 * or external dependency (`architecture.dependencies[].name`).
 */
export const journeySteps: Rule = {
  name: 'journey-steps',
  codes: ['AZSLO035'],
  check(ctx) {
    const names = new Map(ctx.resourceNames);
    for (const d of ctx.spec.architecture?.dependencies ?? []) names.set(d.name.toLowerCase(), (names.get(d.name.toLowerCase()) ?? 0) + 1);
    const checkStep = (step: StepSpec, path: PathSegment[]): void => {
      if (typeof step === 'string') {
        const count = names.get(step.toLowerCase()) ?? 0;
        if (count === 0) ctx.report(path).unknownJourneyResource(step, [...names.keys()]);
        else if (count > 1) ctx.report(path).ambiguousJourneyResource(step, count);
        return;
      }
      if ('redundant' in step) step.redundant.forEach((s, i) => checkStep(s, [...path, 'redundant', i]));
      else step.series.forEach((s, i) => checkStep(s, [...path, 'series', i]));
    };
    (ctx.spec.architecture?.journeys ?? []).forEach((j, i) => j.steps.forEach((s, k) => checkStep(s, ['architecture', 'journeys', i, 'steps', k])));
  },
};
