/** Output targets (target.ts) and the one walk over the resource model they share (walk.ts). */
export type { DeploymentUnit, EntryPoint, OutputFile, OutputTarget } from './target.js';
export { readableResources, readableValues, resolveValue, walkDeployment, walkModules, type ValueResolver, type WalkedResource } from './walk.js';
