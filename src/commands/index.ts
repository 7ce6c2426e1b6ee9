/**
 * Every azslo command as a library function, with typed options and results. src/cli/ parses arguments, calls one of
 * these, prints what it returns and maps it to an exit code; nothing else. The CLI imports a command's module only
 * when that command runs; the Azure SDK clients and the Azure login load only when plan or apply talks to Azure
 * (src/apply/arm.ts, connect.ts). Imports here are static on purpose: a module graph loaded partly by import() can
 * be a second copy under some loaders (tsx's require hook), and the model's classes must be one.
 */
export { validateCommand, loadAndValidate, type ValidateCommandResult } from './validate.js';
export { generateCommand, type GenerateCommandOptions, type GenerateCommandResult } from './generate.js';
export {
  applyCommand,
  planCommand,
  type ApplyCommandOptions,
  type ApplyCommandResult,
  type DeployFailure,
  type DeployOptions,
  type PlanCommandResult,
  type PlanCounts,
  type PlanView,
} from './deploy.js';
export { analyzeCommand, type AnalyzeCommandOptions, type AnalyzeCommandResult, type AnalyzeFormat } from './analyze.js';
export { queryCommand, type QueryCommandOptions, type QueryCommandResult } from './query.js';
export { catalogList, catalogShow, type CatalogOptions, type CatalogShowResult } from './catalog.js';
export { drillCommand, drillRestoreCommand, type DrillCommandOptions, type DrillCommandResult, type DrillConnectionOptions } from './drill.js';
export { recoverCommand, type RecoverCommandOptions, type RecoverCommandResult } from './recover.js';
export { diffCommand, type DiffCommandOptions, type DiffCommandResult } from './diff.js';
export { importOpenSloCommand, exportOpenSloCommand, type OpenSloCommandOptions, type OpenSloCommandResult } from './openslo.js';
