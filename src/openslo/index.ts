/** OpenSLO v1 in and out: import turns OpenSLO documents into azslo specs, export writes azslo specs as OpenSLO. */
export { importOpenSlo, specYaml, type ImportedService, type OpenSloImport } from './import.js';
export { checkOpenSloExport, exportOpenSlo, EXPORTED_SLI_KINDS, type OpenSloFile } from './export.js';
export { checkOpenSloObject, OPENSLO_API_VERSION, OPENSLO_KINDS, type RuleProblem } from './rules.js';
