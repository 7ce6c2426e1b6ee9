/**
 * The checks of the fuzz suites (test/fuzz/), on one spec: run the library pipeline, classify the outcome, and
 * list every broken guarantee. Failures are collected by category, with the smallest spec of each, so that one
 * known bug does not hide the others.
 */
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { parseSource } from '../../src/load/source.js';
import { validate, generate, AzsloError, type Diagnostic } from '../../src/index.js';
import type { Generation } from '../../src/generate/index.js';
import { benignMap, diagnosticProblems, findIn, messageProblems, readOutput, shapeToSpec, show, toYaml, type Placed, type Shape, type TextMap } from './hostile.js';

export const FILE = 'fuzz.yaml';

/** The fuzz suites' fixed seed and scale: every run checks the same cases unless these are set to explore. */
export const SEED = Number(process.env.AZSLO_FUZZ_SEED ?? 16);
export const SCALE = Number(process.env.AZSLO_FUZZ_SCALE ?? 1);

export type Outcome =
  | { kind: 'generated'; generation: Generation; diagnostics: readonly Diagnostic[] }
  | { kind: 'refused'; diagnostics: readonly Diagnostic[] }
  | { kind: 'internal'; error: unknown };

/** parseSource → validate → generate; anything thrown but AzsloError is an internal error. */
export function runPipeline(text: string, file = FILE): Outcome {
  try {
    const result = validate(parseSource(file, text));
    if (!result.ok) return { kind: 'refused', diagnostics: result.diagnostics };
    try {
      return { kind: 'generated', generation: generate(result), diagnostics: result.diagnostics };
    } catch (e) {
      if (e instanceof AzsloError) return { kind: 'refused', diagnostics: e.diagnostics };
      throw e;
    }
  } catch (e) {
    return { kind: 'internal', error: e };
  }
}

/** A short, stable name for an internal error: its type, message head and first frame in src/. */
export function errorCategory(e: unknown): string {
  const err = e as Error;
  const frame = /\((\/[^)]*\/src\/[^):]+)/.exec(String(err?.stack ?? ''))?.[1]?.replace(/^.*\/src\//, 'src/') ?? '';
  return `internal error: ${err?.name ?? typeof e}: ${String(err?.message ?? e).slice(0, 80).replace(/'[^']*'/g, "'…'")} ${frame}`;
}

export class Failures {
  private readonly byCategory = new Map<string, { count: number; example: string }>();
  add(category: string, example: string): void {
    const f = this.byCategory.get(category);
    if (!f) this.byCategory.set(category, { count: 1, example });
    else {
      f.count++;
      if (example.length < f.example.length) f.example = example;
    }
  }
  get size(): number {
    return this.byCategory.size;
  }
  /** One paragraph per category: how often, and the smallest example. */
  report(): string {
    return [...this.byCategory]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([c, f]) => `■ ${c} (${f.count}×), smallest case:\n${f.example}`)
      .join('\n\n');
  }
}

export interface CaseStats {
  runs: number;
  generated: number;
  refused: number;
}

/** Checks of one refused spec: every diagnostic has a code, file:line:col inside the file and a one-line message. */
export function checkRefusal(diagnostics: readonly Diagnostic[], text: string, failures: Failures, example: string): void {
  if (!diagnostics.some((d) => d.severity === 'error')) failures.add('refused without an error diagnostic', example);
  for (const d of diagnostics) {
    for (const p of diagnosticProblems(d, FILE, text)) failures.add(`malformed diagnostic ${d.code}: ${p.replace(/\d+/g, 'N').replace(/".*"/, '…')}`, `${example}\n→ ${show(d)}`);
    for (const p of messageProblems(d)) failures.add(`${d.code} message: ${p.replace(/:.*$/, '')}`, `${example}\n→ ${show(d.message.slice(0, 300))}`);
  }
}

/**
 * Every guarantee on one spec shape, hostile text as given. Returns the outcome kind. `text` maps the strings
 * (identity: the shape's own hostile text).
 */
export function checkShape(shape: Shape, failures: Failures, stats: CaseStats, text?: TextMap): void {
  stats.runs++;
  const placed: Placed[] = [];
  const spec = shapeToSpec(shape, text, placed);
  const yaml = toYaml(spec);
  // The yaml library must give the test's strings back, or the case says nothing about azslo.
  if (!isDeepStrictEqual(JSON.parse(show(parse(yaml))), JSON.parse(show(spec)))) {
    failures.add('test artifact: the yaml library does not round-trip this spec', yaml);
    return;
  }
  const outcome = runPipeline(yaml);
  if (outcome.kind === 'internal') {
    failures.add(errorCategory(outcome.error), yaml);
    return;
  }
  if (outcome.kind === 'refused') {
    stats.refused++;
    checkRefusal(outcome.diagnostics, yaml, failures, yaml);
    return;
  }
  stats.generated++;
  const reading = readOutput(outcome.generation.files);
  for (const p of reading.problems) failures.add(`output does not lex: ${p.replace(/^[^:]*: /, '').replace(/\d+/g, 'N')}`, `${yaml}\n→ ${p}`);
  for (const p of placed) {
    if (p.emitted && !findIn(reading.corpus, p.value)) failures.add(`user string not found back in the output: ${p.field.replace(/\d+/g, 'N')}`, `${yaml}\n→ ${show(p.value)} (${p.field})`);
  }
  // Structure: the same as a benign spec of the same shape.
  const benign = runPipeline(toYaml(shapeToSpec(shape, benignMap())));
  if (benign.kind !== 'generated') {
    failures.add(`benign twin not generated (${benign.kind})`, `${yaml}\n→ ${benign.kind === 'refused' ? show(benign.diagnostics.slice(0, 2)) : errorCategory(benign.error)}`);
    return;
  }
  const shapes = reading.shapes;
  const twin = readOutput(benign.generation.files).shapes;
  if (!isDeepStrictEqual(shapes, twin)) {
    const diff = shapes.filter((s, i) => s !== twin[i]);
    const kinds = [...new Set(diff.map((d) => d.split(':')[0]))].join(', ');
    failures.add(`structure differs from the benign twin (${kinds}${shapes.length !== twin.length ? `, ${shapes.length} vs ${twin.length} files` : ''})`, `${yaml}\n→ ${diff[0]?.slice(0, 400)}\n  twin: ${twin.find((t, i) => t !== shapes[i])?.slice(0, 400)}`);
  }
}

/** Pieces of a small valid spec, for YAML-level tricks. */
export const HEAD = `apiVersion: azslo/v1
kind: Service
azure:
  workspace: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-fuzz
  appInsights: /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-app/providers/Microsoft.Insights/components/ai-fuzz
  location: westeurope
`;
export const SLO = `slos:
  - name: api
    sli: { requestAvailability: { roleName: api } }
    objective: 99.9
    window: 30d
    alerting: { page: { notify: [oncall] } }
`;
export const META = 'metadata: { name: shop, owner: team, environment: prod }\n';
export const TARGETS = 'notifications:\n  oncall: { email: [oncall@contoso.com] }\n';
export const VALID = HEAD + META + TARGETS + SLO;
