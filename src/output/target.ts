import type { Deployment } from '../resources/model.js';

/**
 * An output target: how a deployment (the resource model of src/resources, the one input of every target) is
 * written out as files — Bicep today (src/bicep/writer.ts, `bicepTarget`).
 *
 * A second target (ARM JSON templates, Terraform with the azapi provider, …) is one new folder, e.g. `src/arm/`:
 *
 *   1. `src/arm/writer.ts` exports `armTarget: OutputTarget = { name: 'arm', description, write }`;
 *   2. `write(deployment)` walks the model with `walkDeployment()` (src/output/walk.ts; `walkModules()` a module at a
 *      time, as the Bicep writer does, to hold one module's values at once) and a `ValueResolver` that
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
  /**
   * Every file of the deployment in this target's language, with one entry point per deployment unit (default: one
   * unit of every module, at the output folder's root). Pure: same deployment and units, same bytes, sorted by path.
   */
  write(deployment: Deployment, units?: readonly DeploymentUnit[]): OutputFile[];
  /**
   * The files of a unit's entry point that a deployment names: the template and its parameters. A target that has
   * entry points gets deploy.sh beside its files (src/generate/deploy-script.ts).
   */
  entryPoint?(unit: DeploymentUnit): EntryPoint;
}

/**
 * A part of the deployment deployed as one ARM deployment: its modules, under one entry point. generate splits an
 * estate into units that each fit ARM's template limits (src/generate/limits.ts); they never reference each other,
 * so they deploy in any order, in parallel.
 */
export interface DeploymentUnit {
  /** The folder of the entry point in the output folder, '' for the folder itself. */
  readonly folder: string;
  /** The name of the ARM deployment (at most 64 characters). */
  readonly name: string;
  /** The modules it deploys (ModuleSpec.path), in the deployment's order. */
  readonly modules: readonly string[];
}

export interface EntryPoint {
  /** The template file, relative to the output folder. */
  readonly template: string;
  /** The parameters file, relative to the output folder. */
  readonly parameters: string;
}

export interface OutputFile {
  /** Relative to the output folder, with forward slashes. */
  readonly path: string;
  readonly content: string;
}
