import { GAP_KINDS, type GapKind } from '../model/gap-kinds.js';
import { positionAt, type PathSegment, type SourceDocument } from '../load/source.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnosticResult, diagnosticRule, pascalName, ruleTable, sarifLocation, sarifLog, type SarifContext, type SarifLog, type SarifResult, type SarifRule } from '../diagnostics/sarif.js';
import type { ServiceSpec } from '../model/spec.js';
import type { ValidatedService } from '../validate/index.js';
import type { AnalysisReport } from './report.js';
import type { AcceptedGap, Gap } from './index.js';

/**
 * `azslo analyze --format sarif`: every open gap a warning, every gap a waiver accepts a result suppressed in the
 * source with the waiver's reason. A gap is located at the spec line of what it is about (the resource, SLO, journey
 * or plan), or at the service's name. Validation's warnings are `validate --format sarif`'s: a CI job uploads both
 * logs, and one finding must not show twice.
 */

/** Which part of the spec a gap's subject names, by its kind. */
const SUBJECT: Readonly<Record<GapKind, 'resource' | 'slo' | 'journey' | 'plan' | 'service'>> = {
  'no-journey': 'service',
  'journey-below-slo': 'journey',
  'journey-unknown-sla': 'journey',
  'no-page-alert': 'slo',
  'unknown-type': 'resource',
  'no-baseline-alert': 'resource',
  'rpo-unproven': 'resource',
  'no-service-health': 'service',
  'no-business-signal': 'service',
  'no-outage-detection': 'service',
  'not-covered': 'resource',
  'rto-not-met': 'resource',
  'rto-unknown': 'resource',
  'rpo-not-met': 'resource',
  'rpo-unknown': 'resource',
  'reroute-time-unknown': 'resource',
  'no-reroute': 'resource',
  'never-drilled': 'plan',
  'drill-overdue': 'plan',
  'drill-failed': 'plan',
};

/** Where a service-wide gap points when the spec has the section it is about: the section, else the service's name. */
const SERVICE_SECTION: Partial<Readonly<Record<GapKind, readonly PathSegment[]>>> = {
  'no-journey': ['architecture'],
  'no-service-health': ['infrastructure', 'serviceHealth'],
  'no-business-signal': ['business'],
};

const kindOf = (gap: Gap): GapKind => gap.id.split('/')[0] as GapKind;
const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
const lastSegment = (id: string) => id.split('/').filter(Boolean).pop();

/** The data path of what a gap is about in its service's spec; the service's name when it cannot be found. */
export function gapPath(spec: ServiceSpec, gap: Gap): PathSegment[] {
  const kind = kindOf(gap);
  const found = (list: readonly unknown[] | undefined, at: readonly PathSegment[], matches: (x: never) => boolean): PathSegment[] | undefined => {
    const i = (list ?? []).findIndex((x) => matches(x as never));
    return i >= 0 ? [...at, i] : undefined;
  };
  const where = ((): PathSegment[] | undefined => {
    switch (SUBJECT[kind]) {
      case 'resource':
        return found(spec.resources, ['resources'], (r: { id: string }) => same(lastSegment(r.id), gap.subject));
      case 'slo':
        return found(spec.slos, ['slos'], (s: { name: string }) => same(s.name, gap.subject));
      case 'journey':
        return found(spec.architecture?.journeys, ['architecture', 'journeys'], (j: { name: string }) => same(j.name, gap.subject));
      case 'plan':
        return found(spec.recovery?.plans, ['recovery', 'plans'], (p: { scenario: string }) => same(p.scenario, gap.subject)) ?? (spec.recovery ? ['recovery'] : undefined);
      case 'service': {
        const section = SERVICE_SECTION[kind];
        return section && hasPath(spec, section) ? [...section] : undefined;
      }
    }
  })();
  return where ?? ['metadata', 'name'];
}

function hasPath(data: unknown, segments: readonly PathSegment[]): boolean {
  let at: unknown = data;
  for (const s of segments) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, s)) return false;
    at = (at as Record<PathSegment, unknown>)[s];
  }
  return true;
}

/** A gap kind as a rule: what it means (src/model/gap-kinds.ts) and how to close or accept it. */
export function gapRule(kind: GapKind): SarifRule {
  const meaning = GAP_KINDS[kind];
  return {
    id: kind,
    name: pascalName(kind),
    shortDescription: { text: meaning[0]!.toUpperCase() + meaning.slice(1) },
    help: { text: `Close the gap (the message says what is missing), or accept it knowingly in the spec: accept: [{ gap: <the gap id>, reason, by, until }] (README, azslo analyze: gaps and waivers).` },
    defaultConfiguration: { level: 'warning' },
  };
}

function gapResult(service: string, gap: Gap | AcceptedGap, source: SourceDocument | undefined, ruleIndex: number, root: string): SarifResult {
  const spec = source?.data as ServiceSpec | undefined;
  const position = source && spec ? positionAt(source, gapPath(spec, gap)) : { line: 1, col: 1 };
  return {
    ruleId: kindOf(gap),
    ruleIndex,
    level: 'warning',
    message: { text: `${gap.message}\ngap ${gap.id} of service ${service}` },
    locations: source ? [sarifLocation(source.file, position, root)] : [],
    ...('waiver' in gap ? { suppressions: [{ kind: 'inSource' as const, status: 'accepted' as const, justification: gap.waiver.reason }] } : {}),
    properties: { service, gap: gap.id, layer: gap.layer },
  };
}

/** The analysis as one SARIF run: per service its open gaps, then its accepted ones. */
export function analysisSarif(report: AnalysisReport, services: readonly ValidatedService[], context: SarifContext): SarifLog {
  const sourceOf = new Map(services.map((s) => [s.spec.metadata.name, s.source]));
  const gaps = report.services.flatMap((s) => [...s.gaps, ...s.accepted].map((g) => ({ service: s.service, gap: g })));
  const table = ruleTable(gaps.map((g) => gapRule(kindOf(g.gap))));
  return sarifLog(context, table.rules, gaps.map(({ service, gap }) => gapResult(service, gap, sourceOf.get(service), table.indexOf(kindOf(gap)), context.root)));
}

/** analyze of specs with errors: their diagnostics, and a notification that nothing was analysed. */
export function invalidAnalysisSarif(diagnostics: readonly Diagnostic[], context: SarifContext): SarifLog {
  const table = ruleTable(diagnostics.map((d) => diagnosticRule(d.code, context)));
  return sarifLog(
    context,
    table.rules,
    diagnostics.map((d) => diagnosticResult(d, table.indexOf(d.code), context.root)),
    { executionSuccessful: false, notifications: [{ level: 'error', message: { text: 'The specs have errors: nothing was analysed. Fix the errors the results show and run again.' } }] },
  );
}
