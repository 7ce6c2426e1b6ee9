import { buildServiceModel, type ServiceModel } from '../model/service.js';
import { buildDeployment } from '../resources/index.js';
import type { Deployment } from '../resources/model.js';
import type { DeploymentUnit, OutputFile, OutputTarget } from '../output/target.js';
import { bicepTarget } from '../bicep/writer.js';
import type { ValidatedService } from '../validate/index.js';
import { hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { planDeploymentUnits, type SplitMode } from './limits.js';
import { deployScript } from './deploy-script.js';
import { drillWorkflows } from './drill-workflow.js';
import { compareText } from '../base/text.js';

export interface Generation {
  readonly services: readonly ServiceModel[];
  readonly deployment: Deployment;
  /** The files of the output target (Bicep unless another was asked for); none when a diagnostic is an error. */
  readonly files: readonly OutputFile[];
  /** The name of the output target that wrote `files`. */
  readonly target: string;
  /**
   * The ARM deployments the files make, each within ARM's template limits: one (main.bicep) when the estate fits,
   * otherwise one per service (`<service>/main.bicep`); deploy.sh deploys them all.
   */
  readonly units: readonly DeploymentUnit[];
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
  /** `auto` (default): one deployment when the estate fits ARM's limits, else one per service; `service`: one per service. */
  readonly split?: SplitMode;
}

/**
 * Validated services → model → Azure resources → the target's files (Bicep by default), all in memory. Pure: same
 * input, same bytes.
 */
export function generateFromServices(services: readonly ValidatedService[], options: GenerateOptions = {}): Generation {
  const target = outputTarget(options.target);
  const models = services.map((s) => buildServiceModel(s.spec));
  const deployment = buildDeployment(models);
  const { units, diagnostics } = planDeploymentUnits(deployment, services, options.split);
  // A deployment past a limit is reported, not printed: some limits (text length) the printer cannot honour.
  // The drill schedule (a CI recipe) and the script that deploys every unit are the same for every target.
  const entryPoint = target.entryPoint?.bind(target);
  const script = entryPoint ? [deployScript(units.map((u) => ({ unit: u, entry: entryPoint(u) })))] : [];
  const files = hasErrors(diagnostics) ? [] : [...target.write(deployment, units), ...script, ...drillWorkflows(models)].sort((a, b) => compareText(a.path, b.path));
  return { services: models, deployment, files, units, target: target.name, diagnostics };
}
