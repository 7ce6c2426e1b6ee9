/**
 * The azslo library API. Every command of the CLI is a function here (src/commands/), with typed options and
 * results; the CLI only parses arguments, calls it, prints and maps exit codes. The steps below them are exported
 * too, for callers that want them one at a time:
 *
 *   const r = await generateCommand(['slo/'], { out: 'infra/monitoring' });
 *
 *   const loaded = await loadSpecs(['slo/']);
 *   const result = validate(loaded);
 *   if (result.ok) await writeOutputFolder('out', generate(result).files);
 */
import { loadSources, type LoadResult } from './load/source.js';
import { validateDocuments, type ValidateOptions, type ValidationResult } from './validate/index.js';
import { generateFromServices, type GenerateOptions, type Generation } from './generate/index.js';
import { AzsloError } from './diagnostics/diagnostic.js';

export type { Diagnostic, Position, Severity } from './diagnostics/diagnostic.js';
export { AzsloError, formatDiagnostic } from './diagnostics/diagnostic.js';
export { codes } from './diagnostics/codes.js';
export type { LoadResult, SourceDocument } from './load/source.js';
export type { ValidateOptions, ValidationResult, ValidatedService } from './validate/index.js';
export type { Generation, GenerateOptions } from './generate/index.js';
export type { OutputFolderOptions, OutputFolderReport, OutputFolderCode } from './generate/output-folder.js';
export type { OutputFile, OutputTarget } from './output/target.js';
export type { ValueResolver, WalkedResource } from './output/walk.js';
export { walkDeployment, resolveValue, readableResources } from './output/walk.js';
export { bicepTarget } from './bicep/writer.js';
export type { Deployment, AzureResource } from './resources/model.js';
export { outputTargets } from './generate/index.js';
export { writeOutputFolder, OutputFolderError } from './generate/output-folder.js';
export type { ToolProblem } from './diagnostics/tool.js';
export { formatToolProblem } from './diagnostics/tool.js';

// The commands, as library functions.
export {
  validateCommand,
  generateCommand,
  planCommand,
  applyCommand,
  analyzeCommand,
  queryCommand,
  catalogList,
  catalogShow,
  drillCommand,
  recoverCommand,
  type RecoverCommandOptions,
  type RecoverCommandResult,
  drillRestoreCommand,
  type DrillCommandOptions,
  type DrillCommandResult,
  type DrillConnectionOptions,
  type ValidateCommandResult,
  type GenerateCommandOptions,
  type GenerateCommandResult,
  type DeployOptions,
  type DeployFailure,
  type PlanView,
  type PlanCounts,
  type PlanCommandResult,
  type ApplyCommandOptions,
  type ApplyCommandResult,
  type AnalyzeCommandOptions,
  type AnalyzeCommandResult,
  type AnalyzeFormat,
  type QueryCommandOptions,
  type QueryCommandResult,
  type CatalogOptions,
  type CatalogShowResult,
  diffCommand,
  type DiffCommandOptions,
  type DiffCommandResult,
  importOpenSloCommand,
  exportOpenSloCommand,
  type OpenSloCommandOptions,
  type OpenSloCommandResult,
} from './commands/index.js';
export { importOpenSlo, exportOpenSlo, checkOpenSloExport, checkOpenSloObject, type OpenSloImport, type ImportedService, type OpenSloFile } from './openslo/index.js';
export type { EstateDiff, ServiceDiff } from './diff/index.js';
export type { AlertingCost, JobCost, RuleCost } from './analyze/cost.js';
export type { Target } from './apply/desired.js';
export type { PlanItem, Change } from './apply/plan.js';
export type { ApplyResult } from './apply/apply.js';
export type { LeaseInfo } from './apply/lock.js';
export type { AnalysisReport } from './analyze/report.js';
export type { AcceptedGap, Gap, ServiceAnalysis, WaiverWarning } from './analyze/index.js';
export type { ResourceVerdict, Scenario, ScenarioStep, RecoveryOption } from './recovery/index.js';
export type { CatalogRow } from './catalog/report.js';
export type { DrillReport } from './drplan/drill-report.js';
export { runDrill, restoreDrill, type DrillInput, type DrillOptions } from './drill/run.js';
export type { ResourceTypeEntry } from './catalog/resources.js';

/** Reads files and folders (recursively, *.yaml and *.yml) and parses every YAML document. */
export function loadSpecs(inputs: readonly string[]): Promise<LoadResult> {
  return loadSources(inputs);
}

/** JSON Schema, semantic and KQL checks of loaded specs (`cacheDir`: keep the KQL checks' answers there between runs). */
export function validate(loaded: LoadResult, options: ValidateOptions = {}): ValidationResult {
  return validateDocuments(loaded.documents, loaded.diagnostics, options);
}

/**
 * Generates every output file from a valid result; throws AzsloError when the result has errors or the
 * deployment would break an ARM template limit.
 */
export function generate(result: ValidationResult, options: GenerateOptions = {}): Generation {
  if (!result.ok) throw new AzsloError(result.diagnostics.filter((d) => d.severity === 'error'));
  const generation = generateFromServices(result.services, options);
  if (generation.diagnostics.some((d) => d.severity === 'error')) throw new AzsloError(generation.diagnostics);
  return generation;
}
