import path from 'node:path';
import { compareText } from '../base/text.js';
import { codes, docsUrl, type Code } from './codes.js';
import type { Diagnostic } from './diagnostic.js';
import { azsloPackage } from '../base/package.js';

/**
 * SARIF 2.1.0 (OASIS), the format code scanning reads (GitHub's upload-sarif, Azure DevOps' SARIF viewer): one run
 * of azslo, its rules and results located at file:line:col. Only the objects azslo writes are typed. The log is data,
 * printed by JSON.stringify; it holds no clock, no absolute path and no machine name, so a spec gives the same bytes.
 */
export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** Paths are relative to the working directory, which CI runs from the repository root: code scanning's %SRCROOT%. */
export const SRCROOT = '%SRCROOT%';

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifMessage {
  readonly text: string;
}

export interface SarifRule {
  readonly id: string;
  /** PascalCase, as SARIF asks of a rule's name. */
  readonly name: string;
  readonly shortDescription: SarifMessage;
  readonly fullDescription?: SarifMessage;
  /** Absolute: the rule's section of the docs on the project's repository, when package.json names one. */
  readonly helpUri?: string;
  readonly help?: SarifMessage;
  readonly defaultConfiguration?: { readonly level: SarifLevel };
}

export interface SarifLocation {
  readonly physicalLocation: {
    readonly artifactLocation: { readonly uri: string; readonly uriBaseId: typeof SRCROOT };
    /** 1-based line and column (UTF-16 code units: the run's columnKind). */
    readonly region: { readonly startLine: number; readonly startColumn: number };
  };
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly locations: readonly SarifLocation[];
  /** A gap a waiver accepts: still reported, marked as suppressed in the source with the waiver's reason. */
  readonly suppressions?: readonly { readonly kind: 'inSource'; readonly status: 'accepted'; readonly justification: string }[];
  readonly properties?: Readonly<Record<string, string>>;
}

export interface SarifNotification {
  readonly level: SarifLevel;
  readonly message: SarifMessage;
}

export interface SarifLog {
  readonly $schema: typeof SARIF_SCHEMA;
  readonly version: typeof SARIF_VERSION;
  readonly runs: readonly [
    {
      readonly tool: { readonly driver: SarifTool & { readonly rules: readonly SarifRule[] } };
      /** Whether the command could do its job; false with a notification saying why (e.g. analyze of an invalid spec). */
      readonly invocations: readonly [{ readonly executionSuccessful: boolean; readonly toolExecutionNotifications?: readonly SarifNotification[] }];
      readonly columnKind: 'utf16CodeUnits';
      readonly results: readonly SarifResult[];
    },
  ];
}

/** The tool as a SARIF driver names it. */
export interface SarifTool {
  readonly name: string;
  readonly version: string;
  readonly semanticVersion: string;
  /** The project's home page or repository (package.json `homepage`, else `repository`), when it names one. */
  readonly informationUri?: string;
}

/** What a SARIF log of azslo needs to know besides its results. */
export interface SarifContext {
  readonly tool: SarifTool;
  /**
   * The web address of the repository's files at its default branch (…/blob/HEAD), which the rules' help links point
   * into; without one a rule carries its help as text only (the relative docs path, as the CLI prints it).
   */
  readonly docsBase?: string;
  /** The folder artifact URIs are relative to: the working directory. */
  readonly root: string;
}

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly homepage?: string;
  readonly repository?: string | { readonly url?: string };
}

/**
 * A repository field as npm accepts it (`git+https://…​.git`, `github:owner/name`, `owner/name`) as a web address;
 * undefined for what is no http(s) address of a repository.
 */
export function repositoryWebUrl(repository: PackageJson['repository']): string | undefined {
  const raw = typeof repository === 'string' ? repository : repository?.url;
  if (!raw) return undefined;
  const shorthand = /^(?:github:)?([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(raw);
  if (shorthand) return `https://github.com/${shorthand[1]}/${shorthand[2]!.replace(/\.git$/, '')}`;
  const url = raw.replace(/^git\+/, '').replace(/\.git$/, '').replace(/\/+$/, '');
  return /^https?:\/\/[^\s]+$/.test(url) ? url : undefined;
}

/** The tool and docs links from package.json: the same for every run of one version. */
export function azsloSarifContext(root: string): SarifContext {
  const pkg = azsloPackage() as unknown as PackageJson;
  const repository = repositoryWebUrl(pkg.repository);
  const informationUri = pkg.homepage ?? repository;
  return {
    tool: { name: pkg.name, version: pkg.version, semanticVersion: pkg.version, ...(informationUri ? { informationUri } : {}) },
    ...(repository ? { docsBase: `${repository}/blob/HEAD` } : {}),
    root,
  };
}

/** "Unknown notification target" → "UnknownNotificationTarget"; "rto-not-met" → "RtoNotMet". */
export const pascalName = (words: string): string =>
  words
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** A file as a URI relative to `root`: forward slashes, each segment percent-encoded. */
export function artifactUri(file: string, root: string): string {
  const relative = path.relative(path.resolve(root), path.resolve(root, file));
  return relative === '' ? '.' : relative.split(/[\\/]+/).map(encodeURIComponent).join('/');
}

export function sarifLocation(file: string, position: { line: number; col: number }, root: string): SarifLocation {
  return { physicalLocation: { artifactLocation: { uri: artifactUri(file, root), uriBaseId: SRCROOT }, region: { startLine: position.line, startColumn: position.col } } };
}

/** The rule of an AZSLO code: its title, and the link to its section of docs/diagnostics.md. */
export function diagnosticRule(code: Code, context: Pick<SarifContext, 'docsBase'>): SarifRule {
  const c = codes[code];
  return {
    id: code,
    name: pascalName(c.title),
    shortDescription: { text: c.title },
    fullDescription: { text: c.hint },
    ...(context.docsBase ? { helpUri: `${context.docsBase}/${docsUrl(code)}` } : {}),
    help: { text: `${c.hint} See ${docsUrl(code)}.` },
  };
}

/**
 * Rules listed once each, sorted by id, and a function giving a rule's index: results name their rule by both, as
 * SARIF allows and code scanning prefers.
 */
export function ruleTable(rules: readonly SarifRule[]): { rules: SarifRule[]; indexOf: (id: string) => number } {
  const byId = new Map<string, SarifRule>();
  for (const r of rules) if (!byId.has(r.id)) byId.set(r.id, r);
  const sorted = [...byId.values()].sort((a, b) => compareText(a.id, b.id));
  const index = new Map(sorted.map((r, i) => [r.id, i]));
  return { rules: sorted, indexOf: (id) => index.get(id)! };
}

/** A diagnostic as a result: its level, its message with the hint, at its file, line and column. */
export function diagnosticResult(d: Diagnostic, ruleIndex: number, root: string): SarifResult {
  return {
    ruleId: d.code,
    ruleIndex,
    level: d.severity,
    message: { text: `${d.message}\nhint: ${d.hint}` },
    locations: [sarifLocation(d.file, d.position, root)],
    ...(d.path ? { properties: { path: d.path } } : {}),
  };
}

/** The one SARIF run azslo writes. */
export function sarifLog(
  context: SarifContext,
  rules: readonly SarifRule[],
  results: readonly SarifResult[],
  invocation: { executionSuccessful: boolean; notifications?: readonly SarifNotification[] } = { executionSuccessful: true },
): SarifLog {
  return {
    $schema: SARIF_SCHEMA,
    version: SARIF_VERSION,
    runs: [
      {
        tool: { driver: { ...context.tool, rules } },
        invocations: [{ executionSuccessful: invocation.executionSuccessful, ...(invocation.notifications?.length ? { toolExecutionNotifications: invocation.notifications } : {}) }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** Validation diagnostics as a SARIF log (`azslo validate --format sarif`), in their sorted order. */
export function diagnosticsSarif(diagnostics: readonly Diagnostic[], context: SarifContext): SarifLog {
  const table = ruleTable(diagnostics.map((d) => diagnosticRule(d.code, context)));
  return sarifLog(context, table.rules, diagnostics.map((d) => diagnosticResult(d, table.indexOf(d.code), context.root)));
}

/** The log as printed: JSON, two-space indented, one final line break. */
export const printSarif = (log: SarifLog): string => `${JSON.stringify(log, null, 2)}\n`;
