import type { Deployment } from '../resources/model.js';

/**
 * An output target: how a deployment (the resource model of src/resources, the one input of every target) is
 * written out as files — Bicep today (src/bicep/writer.ts, `bicepTarget`).
 *
 * A second target (ARM JSON templates, Terraform with the azapi provider, …) is one new folder, e.g. `src/arm/`:
 *
 *   1. `src/arm/writer.ts` exports `armTarget: OutputTarget = { name: 'arm', description, write }`;
 *   2. `write(deployment)` walks the model with `walkDeployment()` (src/output/walk.ts) and a `ValueResolver` that
 *      says what each model value becomes in that language: a parameter reference (ParamRef), another resource's
 *      id (ResourceIdRef), the deployment's subscription (DeploymentSubscriptionRef), a text kept in its own file
 *      with deploy-time replacements (FileText), merged objects (Merge), and plain JSON values; it returns the
 *      files, paths relative to the output folder with forward slashes;
 *   3. it is registered in `outputTargets` (src/generate/index.ts), and `generate(result, { target: armTarget })` /
 *      `generateCommand(inputs, { out, target: 'arm' })` write it; the output folder, its manifest, the ARM limit
 *      checks and apply are the same for every target.
 *
 * Nothing else changes: the model decides what is deployed, a target only how it is spelled. apply's desired state
 * (src/apply/desired.ts) is the same walk resolving to the ARM JSON bodies it sends.
 */
export interface OutputTarget {
  /** Short, stable identifier, e.g. `bicep`. */
  readonly name: string;
  /** One line for help and docs. */
  readonly description: string;
  /** Every file of the deployment in this target's language. Pure: same deployment, same bytes, sorted by path. */
  write(deployment: Deployment): OutputFile[];
}

export interface OutputFile {
  /** Relative to the output folder, with forward slashes. */
  readonly path: string;
  readonly content: string;
}
