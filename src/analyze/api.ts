import { buildServiceModel } from '../model/service.js';
import type { ValidationResult } from '../validate/index.js';
import { analyzeService } from './index.js';
import { buildReport, htmlReport, markdownReport, textReport, type AnalysisReport } from './report.js';

/** Runs the analysis of every valid service and renders it. */
export function analyze(result: ValidationResult, format: 'text' | 'json' | 'markdown' | 'html'): { report: AnalysisReport; text: string } {
  const report = buildReport(result.services.map((s) => analyzeService(buildServiceModel(s.spec))));
  const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'markdown' ? markdownReport(report) : format === 'html' ? htmlReport(report) : `${textReport(report)}\n`;
  return { report, text };
}
