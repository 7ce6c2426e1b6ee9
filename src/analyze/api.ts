import { azsloSarifContext, printSarif, type SarifContext } from '../diagnostics/sarif.js';
import { generateFromServices, type Generation } from '../generate/index.js';
import type { ValidationResult } from '../validate/index.js';
import { analyzeService, type AnalyzeOptions } from './index.js';
import { buildReport, htmlReport, markdownReport, textReport, type AnalysisReport } from './report.js';
import { analysisSarif } from './sarif.js';

/**
 * Runs the analysis of every valid service and renders it. The alert rules it counts are those of the deployment
 * model `generate` writes and `apply` deploys: pass the generation when you have one, or it is built here the same way.
 * SARIF locates gaps in the validated sources, relative to `sarif.root` (default: the working directory).
 */
export function analyze(
  result: ValidationResult,
  format: 'text' | 'json' | 'markdown' | 'html' | 'sarif',
  generation: Pick<Generation, 'services' | 'deployment'> = generateFromServices(result.services),
  options: AnalyzeOptions = {},
  sarif?: SarifContext,
): { report: AnalysisReport; text: string } {
  const report = buildReport(generation.services.map((s) => analyzeService(s, generation.deployment, options)), options.drills);
  const text =
    format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : format === 'markdown'
        ? markdownReport(report)
        : format === 'html'
          ? `${htmlReport(report).trimEnd()}\n`
          : format === 'sarif'
            ? printSarif(analysisSarif(report, result.services, sarif ?? azsloSarifContext(process.cwd())))
            : `${textReport(report)}\n`;
  return { report, text };
}
