import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { kqlNumber, kqlReal, kqlString, kqlTimespan, kqlIdentifier } from './escape.js';

/**
 * The Handlebars environment for KQL. Values reach KQL only through these helpers, which escape them for Kusto;
 * a test fails if a template inserts a bare {{value}}.
 */
const kql = Handlebars.create();
kql.registerHelper('kqlString', (v: unknown) => kqlString(String(v)));
kql.registerHelper('kqlStrings', (v: unknown) => (Array.isArray(v) ? v : [v]).map((x) => kqlString(String(x))).join(', '));
kql.registerHelper('kqlNumber', (v: unknown) => kqlNumber(Number(v)));
kql.registerHelper('kqlReal', (v: unknown) => kqlReal(Number(v)));
kql.registerHelper('kqlNumbers', (v: unknown) => (Array.isArray(v) ? v : [v]).map((x) => kqlNumber(Number(x))).join(', '));
kql.registerHelper('kqlTimespan', (v: unknown) => kqlTimespan(Number(v)));
kql.registerHelper('kqlIdentifier', (v: unknown) => kqlIdentifier(String(v)));
// A user-written query, already checked by the Kusto parser on its own (see validate/kql.ts); inserted verbatim.
kql.registerHelper('kqlVerbatim', (v: unknown) => String(v));
kql.registerHelper('eq', (a: unknown, b: unknown) => a === b);

export const KQL_HELPERS = ['kqlString', 'kqlStrings', 'kqlNumber', 'kqlNumbers', 'kqlReal', 'kqlTimespan', 'kqlIdentifier', 'kqlVerbatim', 'eq'] as const;

const cache = new Map<string, HandlebarsTemplateDelegate>();
let partialsLoaded = false;

/** Partials shared by KQL templates, from templates/kql/: businessHours. */
function loadPartials(): void {
  if (partialsLoaded) return;
  kql.registerPartial('businessHours', readFileSync(new URL('kql/kpi-business-hours.kql.hbs', templatesDir), 'utf8'));
  partialsLoaded = true;
}

/** Renders a KQL template file; lines left empty by `{{#if}}` blocks are dropped. */
export function renderKql(templateUrl: URL, context: object): string {
  loadPartials();
  let tpl = cache.get(templateUrl.href);
  if (!tpl) {
    tpl = kql.compile(readFileSync(templateUrl, 'utf8'), { noEscape: true, strict: false, knownHelpersOnly: false });
    cache.set(templateUrl.href, tpl);
  }
  return tpl(context)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join('\n');
}

export const templatesDir = new URL('../../templates/', import.meta.url);
