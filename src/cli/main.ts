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
  azslo generate <files or folders...> --out <folder> [--force] [--format text|json]
  azslo plan <files or folders...> --resource-group <rg> [--subscription <id>] [--prune] [--verbose]
             [--format text|json] [--detailed-exitcode] [--cloud <name>] [--arm-endpoint <url>]
  azslo apply <files or folders...> --resource-group <rg> [--subscription <id>] [--prune] [--yes] [--verbose]
             [--format text|json] [--cloud <name>] [--arm-endpoint <url>]
  azslo analyze <files or folders...> [--format text|json|markdown|html] [--out <file>] [--fail-on gaps]
  azslo query <file or folder> <slo or signal> [--alert page|ticket|<kpi alert id>]
  azslo catalog list [--format text|json]
  azslo catalog show <resource type> [--format text|json]
  azslo --help | --version

Commands:
  validate   Check specs against the schema, the semantic rules and the KQL they contain.
  generate   Write Bicep (main.bicep, modules, main.bicepparam), KQL and workbook JSON to --out; other files
             there are kept, files changed by hand are refused (--force overwrites them).
  plan       Show what apply would create, update or delete in Azure (reads only).
  apply      Create or update the resources in Azure with the ARM SDKs; --prune deletes what the specs dropped.
  analyze    Can the architecture meet its objectives? Composite SLA, coverage, time to detect vs RTO, RPO.
  query      Print the full KQL of an SLI or KPI (or of one of its alerts), ready to paste into Logs.
  catalog    List the Azure resource types azslo knows, or show what it creates for one and why.

Exit codes: 0 ok, 1 invalid input or failed Azure calls, 2 usage error, 3 internal error,
4 analyze --fail-on gaps found gaps;
plan --detailed-exitcode: 0 no change, 1 error, 2 changes pending.
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

/** What tests may inject instead of the real Azure login and trust store. */
export interface Connections {
  readonly credential?: import('@azure/core-auth').TokenCredential;
  /** Extra trusted CA (PEM) for the ARM endpoint; outside tests NODE_EXTRA_CA_CERTS does this. */
  readonly ca?: string;
}

const defaultIo: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) };

export async function run(argv: readonly string[], io: Io = defaultIo, connections: Connections = {}): Promise<number> {
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
      case 'analyze':
        return await analyzeCommand(rest, io);
      case 'plan':
      case 'apply':
        return await deployCommand(command, rest, io, connections);
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`azslo: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    const { OutputFolderError, errnoHint } = await import('../generate/index.js');
    if (e instanceof OutputFolderError) {
      io.err(outputFolderMessage(e));
      return 2;
    }
    // A file system error that no command mapped is still the environment's, not a bug: say what and where.
    const errno = (e as NodeJS.ErrnoException | null)?.code;
    if (typeof errno === 'string' && /^E[A-Z0-9]+$/.test(errno)) {
      const where = (e as NodeJS.ErrnoException).path;
      io.err(`azslo: cannot ${(e as NodeJS.ErrnoException).syscall ?? 'access'} ${where ?? 'a file'}: ${errno} (${errnoHint(errno)})`);
      return 2;
    }
    io.err(`azslo: internal error: ${(e as Error).message}\nThis is a bug in azslo; please report it with the spec that caused it.${process.env.AZSLO_DEBUG ? `\n${(e as Error).stack}` : ''}`);
    return 3;
  }
}

const COMMON_DEPLOY_OPTIONS = {
  'resource-group': { type: 'string' },
  subscription: { type: 'string' },
  prune: { type: 'boolean' },
  cloud: { type: 'string' },
  'arm-endpoint': { type: 'string' },
  verbose: { type: 'boolean' },
} as const;
const DEPLOY_OPTIONS = {
  plan: { ...COMMON_DEPLOY_OPTIONS, 'detailed-exitcode': { type: 'boolean' } },
  apply: { ...COMMON_DEPLOY_OPTIONS, yes: { type: 'boolean' } },
} as const;

/** plan and apply: the same generation as `generate`, pushed through the Azure SDK clients. */
async function deployCommand(command: 'plan' | 'apply', args: readonly string[], io: Io, connections: Connections): Promise<number> {
  const detailed = command === 'plan' && args.includes('--detailed-exitcode');
  let parsed;
  try {
    parsed = parse(args, DEPLOY_OPTIONS[command] as unknown as Record<string, { type: 'string' | 'boolean' }>);
  } catch (e) {
    // Terraform's convention: with --detailed-exitcode, 2 means "changes pending", so other failures exit 1.
    if (detailed && e instanceof UsageError) {
      io.err(`azslo: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const { values, positionals, format } = parsed;
  const usage = (m: string): number => {
    if (detailed) {
      io.err(`azslo: ${m}`);
      return 1;
    }
    throw new UsageError(m);
  };
  const resourceGroup = values['resource-group'] as string | undefined;
  if (!resourceGroup) return usage(`${command} needs --resource-group: where the alert rules, action groups and workbooks go`);
  const yes = values.yes === true;
  if (command === 'apply' && !yes && !process.stdin.isTTY) return usage('apply needs --yes when it cannot ask for confirmation (no terminal)');
  const { loadSpecs, validate, generate } = await import('../index.js');
  const result = validate(await loadSpecs(positionals));
  let generation;
  try {
    if (!result.ok) throw new AzsloError(result.diagnostics.filter((d) => d.severity === 'error'));
    generation = generate(result);
  } catch (e) {
    if (!(e instanceof AzsloError)) throw e;
    report(io, e.diagnostics, format === 'json' ? 'json' : 'text', { ok: false });
    return 1;
  }
  const { endpointFor, credentialFor } = await import('../apply/connect.js');
  const cloud = (values.cloud as string | undefined) ?? 'AzureCloud';
  const endpoint = endpointFor(cloud, (values['arm-endpoint'] as string | undefined) ?? process.env.AZSLO_ARM_ENDPOINT);
  if (!endpoint.ok) return usage(endpoint.message);
  const subscriptionId = (values.subscription as string | undefined) ?? generation.services[0]!.azure.workspace.split('/')[2]!;
  const { sdkGateway, planDeployment, ResolveError } = await import('../apply/index.js');
  const { applyPlan } = await import('../apply/apply.js');
  const { planText, planJson, planCounts, resultLine } = await import('../apply/report.js');
  const gateway = sdkGateway({
    credential: connections.credential ?? (await credentialFor(endpoint.authorityHost)),
    subscriptionId,
    endpoint: endpoint.url,
    ...(connections.ca ? { ca: connections.ca } : {}),
  });
  const target = { subscriptionId, resourceGroup };
  let items: Awaited<ReturnType<typeof planDeployment>>;
  try {
    items = await planDeployment({ generation, gateway, target, prune: values.prune === true });
  } catch (e) {
    if (e instanceof ResolveError) {
      io.err(`azslo: ${e.message}`);
      return 1;
    }
    const err = e as { statusCode?: number; message?: string };
    io.err(`azslo: reading the current state from Azure failed: ${err.statusCode ? `HTTP ${err.statusCode} ` : ''}${err.message ?? String(e)}`);
    return 1;
  }
  const counts = planCounts(items);
  const pending = counts.create + counts.update + counts.delete;
  if (format === 'json' && command === 'plan') io.out(JSON.stringify({ target, counts, items: planJson(items) }, null, 2));
  else io.out(planText(items, values.verbose === true));
  const { acquireLock, currentLease, lockLocation, LockError, pendingIn } = await import('../apply/index.js');
  if (command === 'plan') {
    const running = await currentLease(gateway, target).catch(() => undefined);
    if (running) io.err(`note: an azslo apply is running on ${resourceGroup} (${running.holder}, since ${running.acquired}); this plan may change`);
    return counts.conflict ? 1 : detailed && pending ? 2 : 0;
  }
  if (pending === 0) {
    io.err(counts.conflict ? 'nothing to apply; conflicts need a look' : 'nothing to apply');
    return counts.conflict ? 1 : 0;
  }
  if (!yes) {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    const answer = await rl.question(`Apply ${pending} change(s) to ${resourceGroup}? Only 'yes' goes ahead: `);
    rl.close();
    if (answer.trim() !== 'yes') {
      io.err('cancelled');
      return 1;
    }
  }
  // The resource group's apply lock (src/apply/lock.ts), then the plan again under it: what is applied is what was
  // shown, or nothing.
  let lease;
  try {
    lease = await acquireLock(gateway, target, { location: lockLocation(generation, target) });
  } catch (e) {
    const err = e as { statusCode?: number; message?: string };
    io.err(`azslo: ${e instanceof LockError ? err.message : `taking the apply lock failed: ${err.statusCode ? `HTTP ${err.statusCode} ` : ''}${err.message ?? String(e)}; nothing was changed`}`);
    return 1;
  }
  let results;
  try {
    const shown = (xs: readonly (typeof items)[number][]) => JSON.stringify(xs.filter((i) => pendingIn([i]) || i.action === 'conflict').map((i) => [i.action, i.id, i.changes.map((c) => [c.path, c.from, c.to])]));
    const again = await planDeployment({ generation, gateway, target, prune: values.prune === true });
    if (shown(again) !== shown(items)) {
      io.err(`azslo: Azure changed since the plan was shown (another apply or an edit finished meanwhile); nothing was changed — run apply again to see the new plan`);
      return 1;
    }
    items = again;
    // On a terminal one line counts up; otherwise (CI logs) each resource gets a plain line.
    const tty = io === defaultIo && process.stderr.isTTY === true;
    let done = 0;
    results = await applyPlan(items, gateway, {
      lease,
      onResult: (r) => {
        done++;
        if (!tty) io.err(resultLine(r));
        else if (!r.ok) process.stderr.write(`\r\x1b[K${resultLine(r)}\n`);
        if (tty) process.stderr.write(`\r\x1b[Kapplying ${done}/${pending}…${done === pending ? '\n' : ''}`);
      },
    });
  } catch (e) {
    const err = e as { statusCode?: number; message?: string };
    io.err(`azslo: reading the current state from Azure failed: ${err.statusCode ? `HTTP ${err.statusCode} ` : ''}${err.message ?? String(e)}; nothing was changed`);
    return 1;
  } finally {
    const warning = await lease.release();
    if (warning) io.err(`warning: ${warning}`);
  }
  const failed = results.filter((r) => !r.ok);
  if (format === 'json') io.out(JSON.stringify({ target, counts, results: results.map((r) => ({ id: r.item.id, action: r.item.action, ok: r.ok, ...(r.error ? { error: r.error } : {}) })) }, null, 2));
  io.err(failed.length ? `${results.length - failed.length} done, ${failed.length} failed (what succeeded stays; run apply again)` : `${results.length} done`);
  return failed.length || counts.conflict ? 1 : 0;
}

async function analyzeCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { format: { type: 'string' }, out: { type: 'string' }, 'fail-on': { type: 'string' } }, allowPositionals: true, strict: true }) as {
    values: { format?: string; out?: string; 'fail-on'?: string };
    positionals: string[];
  };
  const format = values.format ?? 'text';
  if (!['text', 'json', 'markdown', 'html'].includes(format)) throw new UsageError(`--format must be text, json, markdown or html, not '${format}'`);
  if (values['fail-on'] !== undefined && values['fail-on'] !== 'gaps') throw new UsageError(`--fail-on takes 'gaps'`);
  if (positionals.length === 0) throw new UsageError('give at least one spec file or folder');
  const { loadSpecs, validate } = await import('../index.js');
  const result = validate(await loadSpecs(positionals));
  if (!result.ok) {
    report(io, result.diagnostics, 'text');
    return 1;
  }
  const { analyze } = await import('../analyze/api.js');
  const { report: r, text } = analyze(result, format as 'text' | 'json' | 'markdown' | 'html');
  if (values.out) {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { dirname } = await import('node:path');
    try {
      await mkdir(dirname(values.out), { recursive: true });
      await writeFile(values.out, text, 'utf8');
    } catch (e) {
      io.err(`azslo: cannot write ${values.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return 2;
    }
    io.err(`wrote ${values.out}`);
  } else io.out(text.trimEnd());
  io.err(`${r.gaps} gap(s)`);
  return values['fail-on'] === 'gaps' && r.gaps > 0 ? 4 : 0;
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

/** `azslo: error AZSLO041: message` and the hint, as spec diagnostics print. */
function outputFolderMessage(e: import('../generate/index.js').OutputFolderError): string {
  return `azslo: error ${e.code}: ${e.message}\n  hint: ${e.hint} (docs/diagnostics.md#${e.code.toLowerCase()})`;
}

async function generateCommand(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals, format } = parse(args, { out: { type: 'string', short: 'o' }, force: { type: 'boolean' } });
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
  const { OutputFolderError } = await import('../generate/index.js');
  let written;
  try {
    written = await writeOutputFolder(out, generation.files, { force: values.force === true });
  } catch (e) {
    if (!(e instanceof OutputFolderError)) throw e;
    if (format === 'json') {
      io.out(JSON.stringify({ ok: false, out, error: { code: e.code, message: e.message, hint: e.hint, ...(e.path ? { path: e.path } : {}), ...(e.errno ? { errno: e.errno } : {}) }, diagnostics: result.diagnostics }, null, 2));
    } else {
      report(io, result.diagnostics, format);
      io.err(outputFolderMessage(e));
    }
    return 2;
  }
  report(io, result.diagnostics, format, { ok: true, out, files: generation.files.map((f) => f.path), changed: written.written, removed: written.removed, kept: written.kept, replaced: written.replaced });
  if (format === 'text') {
    const list = (ps: readonly string[]) => ps.map((p) => `\n  ${p}`).join('');
    if (written.replaced.length) io.err(`--force: replaced ${written.replaced.length} file(s) azslo had not written or that were changed by hand:${list(written.replaced)}`);
    if (written.kept.length) io.err(`--force: kept ${written.kept.length} file(s) changed by hand that azslo no longer generates (now yours):${list(written.kept)}`);
    const removed = written.removed.length ? `, removed ${written.removed.length} no longer generated` : '';
    io.err(`wrote ${generation.files.length} files (${written.written.length} changed${removed}) for ${generation.services.length} service(s) to ${out}`);
  }
  return 0;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
