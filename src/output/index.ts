/** Output targets (target.ts) and the one walk over the resource model they share (walk.ts). */
import { bicepTarget } from '../bicep/writer.js';
import type { OutputTarget } from './target.js';

export type { OutputFile, OutputTarget } from './target.js';
export { readableResources, readableValues, resolveValue, walkDeployment, type ValueResolver, type WalkedResource } from './walk.js';
export { bicepTarget } from '../bicep/writer.js';

/** The targets `generate` can write, by name; the first is the default. A new target adds its line here. */
export const outputTargets: Readonly<Record<string, OutputTarget>> = { bicep: bicepTarget };

export const defaultTarget: OutputTarget = bicepTarget;

/** A target by name or as itself; an unknown name throws a RangeError that lists the known ones. */
export function outputTarget(target: string | OutputTarget | undefined): OutputTarget {
  if (target === undefined) return defaultTarget;
  if (typeof target !== 'string') return target;
  const found = Object.hasOwn(outputTargets, target) ? outputTargets[target] : undefined;
  if (!found) throw new RangeError(`unknown output target '${target}': ${Object.keys(outputTargets).join(', ')}`);
  return found;
}
