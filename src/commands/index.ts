/**
 * Every azslo command as a library function, with typed options and results. src/cli/ parses arguments, calls one of
 * these, prints what it returns and maps it to an exit code; nothing else. Heavy dependencies (the Azure SDKs, the
 * Kusto service, Handlebars) load inside the functions that need them.
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
