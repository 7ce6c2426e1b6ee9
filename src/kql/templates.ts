import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { kqlDatetime, kqlNumber, kqlReal, kqlString, kqlTimespan, kqlIdentifier } from './escape.js';
import { periodStartKql } from './calendar.js';
import type { CalendarPeriod } from '../model/spec.js';

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
kql.registerHelper('kqlDatetime', (v: unknown) => kqlDatetime(Number(v)));
// A user-written query, checked by the Kusto parser where it lands (see validate/kql.ts); inserted verbatim. It stands
// in the template as a placeholder until the template's own blank lines are dropped, so that its text is kept whole
// and its place in the output is known.
let verbatim: string[] | undefined;
kql.registerHelper('kqlVerbatim', (v: unknown) => {
  // Trailing white space is no part of a query (a YAML literal block ends in a line break).
  const text = String(v).trimEnd();
  if (!verbatim) throw new Error('kqlVerbatim outside renderKql');
  if (text.includes(PLACEHOLDER)) throw new Error('verbatim KQL holds a NUL character');
  verbatim.push(text);
  return `${PLACEHOLDER}${verbatim.length - 1}${PLACEHOLDER}`;
});
kql.registerHelper('eq', (a: unknown, b: unknown) => a === b);
// The start of the current calendar period (month, week, quarter) in a time zone, which goes in through kqlString.
kql.registerHelper('kqlPeriodStart', (period: unknown, timeZone: unknown) => periodStartKql(String(period) as CalendarPeriod, String(timeZone)));

export const KQL_HELPERS = ['kqlString', 'kqlStrings', 'kqlNumber', 'kqlNumbers', 'kqlReal', 'kqlTimespan', 'kqlIdentifier', 'kqlDatetime', 'kqlVerbatim', 'eq', 'kqlPeriodStart'] as const;
/** Compiled as known helpers, called directly: a template can use no other (and none can be missing at render time). */
const KNOWN_HELPERS = Object.fromEntries(KQL_HELPERS.map((h) => [h, true]));

const cache = new Map<string, HandlebarsTemplateDelegate>();
let partialsLoaded = false;

/** Partials shared by KQL templates, from templates/kql/: businessHours, corrections (maintenance windows). */
function loadPartials(): void {
  if (partialsLoaded) return;
  kql.registerPartial('businessHours', readFileSync(new URL('kql/kpi-business-hours.kql.hbs', templatesDir), 'utf8'));
  kql.registerPartial('corrections', readFileSync(new URL('kql/sli-corrections.kql.hbs', templatesDir), 'utf8'));
  partialsLoaded = true;
}

const PLACEHOLDER = '\u0000';

/** A rendered query and where each verbatim (user-written) text stands in it. */
export interface RenderedKql {
  readonly text: string;
  readonly verbatim: readonly { readonly start: number; readonly value: string }[];
}

/** Renders a KQL template file; lines left empty by `{{#if}}` blocks are dropped, user-written text is kept whole. */
export function renderKqlWithSpans(templateUrl: URL, context: object): RenderedKql {
  loadPartials();
  let tpl = cache.get(templateUrl.href);
  if (!tpl) {
    tpl = kql.compile(readFileSync(templateUrl, 'utf8'), { noEscape: true, strict: false, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true });
    cache.set(templateUrl.href, tpl);
  }
  const values: string[] = [];
  verbatim = values;
  let rendered: string;
  try {
    rendered = tpl(context);
  } finally {
    verbatim = undefined;
  }
  const lines = rendered.split('\n').filter((line) => line.trim() !== '').join('\n');
  // Most templates hold no user text.
  if (values.length === 0) return { text: lines, verbatim: [] };
  const spans: { start: number; value: string }[] = [];
  let text = '';
  let last = 0;
  for (const m of lines.matchAll(/\u0000(\d+)\u0000/g)) {
    text += lines.slice(last, m.index);
    const value = values[Number(m[1])]!;
    spans.push({ start: text.length, value });
    text += value;
    last = m.index + m[0].length;
  }
  return { text: text + lines.slice(last), verbatim: spans };
}

export const renderKql = (templateUrl: URL, context: object): string => renderKqlWithSpans(templateUrl, context).text;

export const templatesDir = new URL('../../templates/', import.meta.url);
