import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { AzsloError, formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * azslo command line. Exit codes: 0 success, 1 invalid input (diagnostics printed), 2 usage error,
 * 3 internal error (a bug: please report it).
 */
const USAGE = `azslo — reliability as code for Azure

Usage:
  azslo validate <files or folders...> [--format text|json]
  azslo generate <files or folders...> --out <folder> [--format text|json]
  azslo query <file or folder> <slo or signal> [--alert page|ticket|<kpi alert id>]
  azslo catalog list [--format text|json]
  azslo catalog show <resource type> [--format text|json]
  azslo --help | --version

Commands:
  validate   Check specs against the schema, the semantic rules and the KQL they contain.
  generate   Write Bicep (main.bicep, modules, main.bicepparam), KQL and workbook JSON to --out.
  query      Print the full KQL of an SLI or KPI (or of one of its alerts), ready to paste into Logs.
  catalog    List the Azure resource types azslo knows, or show what it creates for one and why.

Exit codes: 0 ok, 1 invalid input, 2 usage error, 3 internal error.
Docs: README.md, docs/diagnostics.md`;

class UsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const version = (): string => (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function report(io: Io, diagnostics: readonly Diagnostic[], format: string, extra: object = {}): void {
  if (format === 'json') {
    io.out(JSON.stringify({ ...extra, diagnostics }, null, 2));
    return;
  }
  for (const d of diagnostics) io.err(formatDiagnostic(d));
}

export async function run(argv: readonly string[], io: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) }): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      io.out(version());
      return 0;
    }
    switch (command) {
      case 'validate':
        return await validateCommand(rest, io);
      case 'generate':
        return await generateCommand(rest, io);
      case 'catalog':
        return await catalogCommand(rest, io);
      case 'query':
        return await queryCommand(rest, io);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`azslo: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const { OutputFolderError } = await import('../generate/index.js');
    if (e instanceof OutputFolderError) {
      io.err(`azslo: ${e.message}`);
      return 2;
    }
    io.err(`azslo: internal error: ${(e as Error).message}\nThis is a bug in azslo; please report it with the spec that caused it.${process.env.AZSLO_DEBUG ? `\n${(e as Error).stack}` : ''}`);
    return 3;
  }
}

async function queryCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { alert: { type: 'string' } }, allowPositionals: true, strict: true }) as {
    values: { alert?: string };
    positionals: string[];
  };
  if (positionals.length !== 2) throw new UsageError('query needs a spec file or folder and the name of an SLO or signal');
  const { loadSpecs, validate } = await import('../index.js');
  const result = validate(await loadSpecs([positionals[0]!]));
  if (!result.ok) {
    report(io, result.diagnostics, 'text');
    return 1;
  }
  const { buildServiceModel } = await import('../model/service.js');
  const { queryFor } = await import('../query/index.js');
  const q = queryFor(result.services.map((s) => buildServiceModel(s.spec)), { name: positionals[1]!, ...(values.alert ? { alert: values.alert } : {}) });
  if (!q.ok) {
    io.err(`azslo: ${q.message}`);
    return 1;
  }
  io.out(q.text.trimEnd());
  return 0;
}

async function catalogCommand(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { format: { type: 'string' } }, allowPositionals: true, strict: true }) as {
    values: { format?: string };
    positionals: string[];
  };
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  const report = await import('../catalog/report.js');
  if (sub === 'list') {
    if (positionals.length) throw new UsageError('catalog list takes no argument');
    io.out(format === 'json' ? JSON.stringify(report.catalogRows(), null, 2) : report.catalogListText());
    return 0;
  }
  if (sub === 'show') {
    if (positionals.length !== 1) throw new UsageError('catalog show needs one resource type, e.g. Microsoft.Web/sites');
    const entry = report.findType(positionals[0]!);
    if (!entry) {
      io.err(`azslo: ${positionals[0]} is not in the catalog; \`azslo catalog list\` shows the types it has`);
      return 1;
    }
    io.out(format === 'json' ? JSON.stringify(entry, null, 2) : report.catalogShowText(entry));
    return 0;
  }
  throw new UsageError(`catalog needs 'list' or 'show <type>'`);
}

function parse(args: readonly string[], options: Record<string, { type: 'string' | 'boolean'; short?: string }>) {
  const { values, positionals } = parseArgs({ args: [...args], options: { format: { type: 'string' }, ...options }, allowPositionals: true, strict: true }) as {
    values: Record<string, string | boolean | undefined>;
    positionals: string[];
  };
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
  if (positionals.length === 0) throw new UsageError('give at least one spec file or folder');
  return { values, positionals, format };
}

async function validateCommand(args: readonly string[], io: Io): Promise<number> {
  const { positionals, format } = parse(args, {});
  const { loadSpecs, validate } = await import('../index.js');
  const result = validate(await loadSpecs(positionals));
  report(io, result.diagnostics, format, { ok: result.ok, services: result.services.map((s) => s.spec.metadata.name) });
  if (format === 'text') {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = result.diagnostics.length - errors;
    io.err(result.ok ? `ok: ${result.services.length} service(s), ${result.services.reduce((n, s) => n + s.spec.slos.length, 0)} SLO(s)${warnings ? `, ${warnings} warning(s)` : ''}` : `${errors} error(s), ${warnings} warning(s)`);
  }
  return result.ok ? 0 : 1;
}

async function generateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals, format } = parse(args, { out: { type: 'string', short: 'o' } });
  const out = values.out as string | undefined;
  if (!out) throw new UsageError('generate needs --out <folder>');
  const { loadSpecs, validate, generate, writeOutputFolder } = await import('../index.js');
  const result = validate(await loadSpecs(positionals));
  if (!result.ok) {
    report(io, result.diagnostics, format, { ok: false });
    if (format === 'text') io.err(`nothing written to ${out}`);
    return 1;
  }
  let generation;
  try {
    generation = generate(result);
  } catch (e) {
    if (!(e instanceof AzsloError)) throw e;
    report(io, [...result.diagnostics, ...e.diagnostics], format, { ok: false });
    if (format === 'text') io.err(`nothing written to ${out}`);
    return 1;
  }
  await writeOutputFolder(out, generation.files);
  report(io, result.diagnostics, format, { ok: true, out, files: generation.files.map((f) => f.path) });
  if (format === 'text') io.err(`wrote ${generation.files.length} files for ${generation.services.length} service(s) to ${out}`);
  return 0;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
