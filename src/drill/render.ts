// replaced by helper D's renderer at merge
import { serializeDrillReport, type DrillReport } from '../drplan/drill-report.js';

/** The drill report for people: text, Markdown or HTML. Until the renderers land, the stable JSON in each. */
export function renderDrillReport(report: DrillReport, format: 'text' | 'markdown' | 'html'): string {
  const json = serializeDrillReport(report);
  if (format === 'markdown') return `\`\`\`json\n${json}\`\`\`\n`;
  if (format === 'html') return `<!doctype html><meta charset="utf-8"><title>azslo drill</title><pre>${json.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</pre>\n`;
  return json;
}
