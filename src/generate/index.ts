import { buildServiceModel, type ServiceModel } from '../model/service.js';
import { buildDeployment } from '../resources/index.js';
import type { Deployment } from '../resources/model.js';
import type { OutputFile, OutputTarget } from '../output/target.js';
import { bicepTarget } from '../bicep/writer.js';
import type { ValidatedService } from '../validate/index.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { checkDeploymentLimits } from './limits.js';
import { drillWorkflows } from './drill-workflow.js';
import { compareText } from '../base/text.js';

export interface Generation {
  readonly services: readonly ServiceModel[];
  readonly deployment: Deployment;
  /** The files of the output target (Bicep unless another was asked for); none when a diagnostic is an error. */
  readonly files: readonly OutputFile[];
  /** The name of the output target that wrote `files`. */
  readonly target: string;
  /** Problems of the deployment as a whole (ARM template limits); errors mean it cannot be deployed. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The output targets generate can write, by name (src/output/target.ts says what one is); the first is the default.
 * A new target adds its line here.
 */
export const outputTargets: Readonly<Record<string, OutputTarget>> = { bicep: bicepTarget };

/** A target by name or as itself (default Bicep); an unknown name throws a RangeError that lists the known ones. */
export function outputTarget(target: string | OutputTarget | undefined): OutputTarget {
  if (target === undefined) return bicepTarget;
  if (typeof target !== 'string') return target;
  const found = Object.hasOwn(outputTargets, target) ? outputTargets[target] : undefined;
  if (!found) throw new RangeError(`unknown output target '${target}': ${Object.keys(outputTargets).join(', ')}`);
  return found;
}

export interface GenerateOptions {
  /** The output target, by name (`outputTargets` of src/output) or as itself; default Bicep. */
  readonly target?: string | OutputTarget;
}

/**
 * Validated services → model → Azure resources → the target's files (Bicep by default), all in memory. Pure: same
 * input, same bytes.
 */
export function generateFromServices(services: readonly ValidatedService[], options: GenerateOptions = {}): Generation {
  const target = outputTarget(options.target);
  const models = services.map((s) => buildServiceModel(s.spec));
  const deployment = buildDeployment(models);
  const diagnostics = checkDeploymentLimits(deployment, services);
  // A deployment past a limit is reported, not printed: some limits (text length) the printer cannot honour.
  // The drill schedule (a CI recipe) is not part of the deployment: every target writes the same one beside its files.
  const files = hasErrors(diagnostics) ? [] : [...target.write(deployment), ...drillWorkflows(models)].sort((a, b) => compareText(a.path, b.path));
  return { services: models, deployment, files, target: target.name, diagnostics };
}
