import { parseArgs } from 'node:util';
import { formatDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { formatToolProblem, tool, type ToolProblem } from '../diagnostics/tool.js';
import type { DeployFailure, DeployOptions } from '../commands/deploy.js';
import { didYouMean } from '../base/edit-distance.js';
import { commandHelp, commandSuggestion, commandsOf, failureJson, requestedFormat, unknownOption, usageAfterError, wantsHelp, type FailureProblem } from './conventions.js';
import { azsloVersion } from '../base/package.js';

/**
 * azslo command line: parses the arguments, calls the command's library function (src/commands/, loaded only when
 * that command runs, so `azslo --version` loads neither ajv, the Kusto service nor the Azure SDKs), prints what it
 * returns and maps it to an exit code. Exit codes: 0 success, 1 invalid input (diagnostics printed), 2 usage error,
 * 3 internal error (a bug: please report it), 4 analyze --fail-on gaps found gaps.
 */
const USAGE = `azslo — reliability as code for Azure

Usage:
  azslo validate <files or folders...> [--format text|json|sarif]
  azslo generate <files or folders...> --out <folder> [--force] [--format text|json]
  azslo plan <files or folders...> --resource-group <rg> [--subscription <id>] [--prune] [--verbose]
             [--format text|json] [--detailed-exitcode] [--cloud <name>] [--arm-endpoint <url>]
  azslo apply <files or folders...> --resource-group <rg> [--subscription <id>] [--prune] [--yes] [--verbose]
             [--format text|json] [--cloud <name>] [--arm-endpoint <url>]
  azslo analyze <files or folders...> [--format text|json|markdown|html|sarif] [--out <file>] [--fail-on gaps]
                [--today <YYYY-MM-DD>] [--drills <dir>]
  azslo recover <files or folders...> <scenario> --resource-group <rg> [--subscription <id>] [--service <name>]
                [--allow-data-loss --yes | --drill | --dry-run] [--cloud <name>] [--arm-endpoint <url>]
  azslo drill <files or folders...> <scenario> --resource-group <rg> [--subscription <id>] [--service <name>]
              [--out <folder>] [--format text|json] [--detect-within <30m>] [--timeout <2h>] [--page-on-call]
              [--if-due] [--poll-ms <ms>] [--cloud <name>] [--arm-endpoint <url>]
  azslo drill --restore <journal> [--out <folder>] [--format text|json] [--cloud <name>] [--arm-endpoint <url>]
  azslo query <file or folder> <slo or signal> [--alert page|ticket|<kpi alert id>]
  azslo diff <base> <head> [--format markdown|json|text] [--out <file>] [--today <YYYY-MM-DD>]
             (each a file or folder of specs, or <git-ref>:<path> of the current repository)
  azslo import openslo <files or folders...> --out <folder> [--format text|json]
  azslo export openslo <files or folders...> --out <folder> [--format text|json]
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
  recover    Start a DR plan's runbook on demand (an approver's --allow-data-loss, a --drill, a --dry-run) and
             follow its steps to the end.
  drill      Drill a DR plan: announce it, inject the disruption, time the alerts, fail over, check the journey's
             SLI, fail back and restore — also when interrupted; writes the report to --out (default drills).
  query      Print the full KQL of an SLI or KPI (or of one of its alerts), ready to paste into Logs.
  diff       What a change to the specs changes, per service: SLOs, alert rules, time to detect, gaps and the
             monthly cost of the alerting; Markdown for a pull-request comment, or JSON.
  catalog    List the Azure resource types azslo knows, or show what it creates for one and why.
  import     Turn OpenSLO v1 documents (Service, SLO, SLI, DataSource, AlertPolicy…) into azslo specs in --out.
  export     Write OpenSLO v1 documents from azslo specs to --out (what OpenSLO cannot say in azslo.dev annotations).

Exit codes: 0 ok, 1 invalid input or failed Azure calls, 2 usage error, 3 internal error,
4 analyze --fail-on gaps found gaps;
plan --detailed-exitcode: 0 no change, 1 error, 2 changes pending.
Docs: README.md, docs/diagnostics.md`;

/** A usage error (AZSLO050): printed with the usage text, exit 2. */
class UsageError extends Error {
  constructor(readonly problem: ToolProblem) {
    super(problem.message);
  }
}
const usageError = (message: string) => new UsageError(tool.usage(message));

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

const version = azsloVersion;

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
    if (command === undefined) {
      io.err(USAGE);
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help' || wantsHelp(rest)) return helpCli(command, rest, io);
    if (command === '--version' || command === '-v') {
      io.out(version());
      return 0;
    }
    switch (command) {
      case 'validate':
        return await validateCli(rest, io);
      case 'generate':
        return await generateCli(rest, io);
      case 'catalog':
        return await catalogCli(rest, io);
      case 'query':
        return await queryCli(rest, io);
      case 'analyze':
        return await analyzeCli(rest, io);
      case 'plan':
      case 'apply':
        return await deployCli(command, rest, io, connections);
      case 'recover':
        return await recoverCli(rest, io, connections);
      case 'drill':
        return await drillCli(rest, io, connections);
      case 'diff':
        return await diffCli(rest, io);
      case 'import':
      case 'export':
        return await openSloCli(command, rest, io);
      default:
        throw unknownCommandError(command);
    }
  } catch (e) {
    const problem = usageProblem(e);
    if (problem) return usageFailed(io, argv, problem);
    const format = requestedFormat(argv.slice(1)) === 'json' ? 'json' : 'text';
    const { OutputFolderError, errnoHint } = await import('../generate/output-folder.js');
    if (e instanceof OutputFolderError) {
      if (format === 'json') io.out(failureJson(e));
      else io.err(outputFolderMessage(e));
      return 2;
    }
    // A file system error that no command mapped is still the environment's, not a bug: say what and where.
    const errno = (e as NodeJS.ErrnoException | null)?.code;
    if (typeof errno === 'string' && /^E[A-Z0-9]+$/.test(errno)) {
      const where = (e as NodeJS.ErrnoException).path;
      const message = `cannot ${(e as NodeJS.ErrnoException).syscall ?? 'access'} ${where ?? 'a file'}: ${errno}`;
      if (format === 'json') io.out(failureJson({ code: 'file', message, hint: errnoHint(errno), errno, ...(where !== undefined ? { path: where } : {}) }));
      else io.err(`azslo: ${message} (${errnoHint(errno)})`);
      return 2;
    }
    const hint = 'This is a bug in azslo; please report it with the spec that caused it.';
    if (format === 'json') io.out(failureJson({ code: 'internal', message: `internal error: ${(e as Error).message}`, hint }));
    else io.err(`azslo: internal error: ${(e as Error).message}\n${hint}${process.env.AZSLO_DEBUG ? `\n${(e as Error).stack}` : ''}`);
    return 3;
  }
}

/** The AZSLO050 problem of a usage error: ours, or node:util parseArgs' (an unknown option, a missing value…). */
const usageProblem = (e: unknown): ToolProblem | undefined =>
  e instanceof UsageError ? e.problem : (e as { code?: string } | null)?.code?.startsWith('ERR_PARSE_ARGS') ? tool.usage((e as Error).message) : undefined;

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

/** plan and apply: planCommand / applyCommand (src/commands/deploy.ts); here the flags, the question, the output. */
async function deployCli(command: 'plan' | 'apply', args: readonly string[], io: Io, connections: Connections): Promise<number> {
  const detailed = command === 'plan' && args.includes('--detailed-exitcode');
  // Terraform's convention: with --detailed-exitcode, 2 means "changes pending", so usage errors exit 1.
  const usage = (problem: ToolProblem): number => {
    if (detailed) return usageFailed(io, [command, ...args], problem, 1);
    throw new UsageError(problem);
  };
  let parsed;
  try {
    parsed = parse(args, DEPLOY_OPTIONS[command] as unknown as Record<string, { type: 'string' | 'boolean' }>);
  } catch (e) {
    // Only azslo's own usage errors: an option parseArgs refuses still exits 2, as it always has.
    if (detailed && e instanceof UsageError) return usage(e.problem);
    throw e;
  }
  const { values, positionals, format } = parsed;
  const resourceGroup = values['resource-group'] as string | undefined;
  if (!resourceGroup) return usage(tool.missingArgument(command, '--resource-group: where the alert rules, action groups and workbooks go'));
  const yes = values.yes === true;
  if (command === 'apply' && !yes && !process.stdin.isTTY) return usage(tool.usage('apply needs --yes when it cannot ask for confirmation (no terminal)'));
  const endpoint = (values['arm-endpoint'] as string | undefined) ?? process.env.AZSLO_ARM_ENDPOINT;
  const options: DeployOptions = {
    resourceGroup,
    prune: values.prune === true,
    cloud: (values.cloud as string | undefined) ?? 'AzureCloud',
    ...(values.subscription !== undefined ? { subscription: values.subscription as string } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(connections.credential ? { credential: connections.credential } : {}),
    ...(connections.ca ? { ca: connections.ca } : {}),
  };
  const failed = (r: DeployFailure): number => {
    if (r.reason === 'invalid') {
      report(io, r.diagnostics, format === 'json' ? 'json' : 'text', { ok: false });
      return 1;
    }
    if (r.reason === 'usage') return usage(r.problem);
    return failWith(io, format, r.reason === 'resolve' ? r.problem : azureProblem(r.message), 1);
  };
  const { planText, planJson, resultLine } = await import('../apply/report.js');
  const verbose = values.verbose === true;

  if (command === 'plan') {
    const { planCommand } = await import('../commands/deploy.js');
    const r = await planCommand(positionals, options);
    if (!r.ok) return failed(r);
    printWarnings(io, r);
    if (format === 'json') io.out(JSON.stringify({ target: r.target, counts: r.counts, items: planJson(r.items), ...planNotes(r) }, null, 2));
    else io.out(planText(r.items, verbose));
    if (r.running) io.err(`note: an azslo apply is running on ${resourceGroup} (${r.running.holder}, since ${r.running.acquired}); this plan may change`);
    return r.counts.conflict ? 1 : detailed && r.pending ? 2 : 0;
  }

  const { applyCommand } = await import('../commands/deploy.js');
  // On a terminal one line counts up; otherwise (CI logs) each resource gets a plain line.
  const tty = io === defaultIo && process.stderr.isTTY === true;
  const r = await applyCommand(positionals, {
    ...options,
    onPlan: (p) => {
      printWarnings(io, p);
      // Under --format json stdout holds the JSON result only; the plan is still shown before anything changes.
      (format === 'json' ? io.err : io.out)(planText(p.items, verbose));
    },
    ...(yes
      ? {}
      : {
          confirm: async (p) => {
            const { createInterface } = await import('node:readline/promises');
            const rl = createInterface({ input: process.stdin, output: process.stderr });
            const answer = await rl.question(`Apply ${p.pending} change(s) to ${resourceGroup}? Only 'yes' goes ahead: `);
            rl.close();
            return answer.trim() === 'yes';
          },
        }),
    onResult: (result, { done, total }) => {
      if (!tty) io.err(resultLine(result));
      else if (!result.ok) process.stderr.write(`\r\x1b[K${resultLine(result)}\n`);
      if (tty) process.stderr.write(`\r\x1b[Kapplying ${done}/${total}…${done === total ? '\n' : ''}`);
    },
  });
  if (!r.ok) {
    if (r.reason === 'cancelled') {
      if (format === 'json') return failWith(io, format, { code: 'cancelled', message: 'cancelled: nothing was changed', hint: "Only the answer 'yes' applies the changes; --yes does not ask." }, 1);
      io.err('cancelled');
      return 1;
    }
    if (r.reason === 'lock' || ((r.reason === 'changed' || r.reason === 'azure') && 'items' in r)) {
      if ('warning' in r && r.warning) io.err(`warning: ${r.warning}`);
      const problem = r.reason === 'azure' ? azureProblem(r.message) : { code: r.reason, message: r.message, hint: r.reason === 'lock' ? 'Another apply holds the lock: wait for it and run apply again.' : 'Run apply again to see the new plan.' };
      return failWith(io, format, problem, 1, 'warning' in r && r.warning ? { warning: r.warning } : {});
    }
    return failed(r as DeployFailure);
  }
  if (r.pending === 0) {
    if (format === 'json') io.out(JSON.stringify({ target: r.target, counts: r.counts, results: [] }, null, 2));
    io.err(r.counts.conflict ? 'nothing to apply; conflicts need a look' : 'nothing to apply');
    return r.counts.conflict ? 1 : 0;
  }
  if (r.warning) io.err(`warning: ${r.warning}`);
  const { results } = r;
  if (format === 'json') io.out(JSON.stringify({ target: r.target, counts: r.counts, ...planNotes(r), results: results.map((x) => ({ id: x.item.id, action: x.item.action, ok: x.ok, ...(x.error ? { error: x.error } : {}) })) }, null, 2));
  io.err(r.failed ? `${results.length - r.failed} done, ${r.failed} failed (what succeeded stays; run apply again)` : `${results.length} done`);
  return r.failed || r.counts.conflict ? 1 : 0;
}

async function analyzeCli(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { format: { type: 'string' }, out: { type: 'string' }, 'fail-on': { type: 'string' }, today: { type: 'string' }, drills: { type: 'string' } }, allowPositionals: true, strict: true }) as {
    values: { format?: string; out?: string; 'fail-on'?: string; today?: string; drills?: string };
    positionals: string[];
  };
  if (values.today !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(values.today) && new Date(`${values.today}T00:00:00Z`).toISOString().startsWith(values.today))) {
    throw usageError(`--today takes a date as YYYY-MM-DD, e.g. 2027-01-31 (waivers are checked against it)`);
  }
  const format = values.format ?? 'text';
  if (!['text', 'json', 'markdown', 'html', 'sarif'].includes(format)) throw new UsageError(tool.badFlagValue('--format', ['text', 'json', 'markdown', 'html', 'sarif'], format));
  if (values['fail-on'] !== undefined && values['fail-on'] !== 'gaps') throw usageError(`--fail-on takes 'gaps'`);
  if (positionals.length === 0) throw usageError('give at least one spec file or folder');
  const { analyzeCommand } = await import('../commands/analyze.js');
  const r = await analyzeCommand(positionals, { format: format as import('../commands/analyze.js').AnalyzeFormat, ...(values.out !== undefined ? { out: values.out } : {}), ...(values.today !== undefined ? { today: values.today } : {}), ...(values.drills !== undefined ? { drills: values.drills } : {}) });
  if (!r.ok) {
    if (r.reason === 'invalid') {
      report(io, r.diagnostics, format === 'json' ? 'json' : 'text', { ok: false });
      // SARIF answers on this path too, so code scanning shows the errors.
      if (format === 'sarif' && r.text !== undefined) io.out(r.text.trimEnd());
      return 1;
    }
    return failWith(io, format, { code: 'file', message: r.message, hint: 'Check that the folder of --out can be written.', path: r.path }, 2);
  }
  // Warnings of validation (a maintenance window that hides a budget, AZSLO068…), on stderr as generate says them.
  for (const d of r.diagnostics) io.err(formatDiagnostic(d));
  if (r.wrote !== undefined) io.err(`wrote ${r.wrote}`);
  else io.out(r.text.trimEnd());
  // The text report lists them already; other formats are for machines, so say them on stderr too.
  if (format !== 'text' || r.wrote !== undefined) for (const w of r.waiverWarnings) io.err(`warning: ${w}`);
  io.err(`${r.gaps} open gap(s), ${r.accepted} accepted`);
  return values['fail-on'] === 'gaps' && r.gaps > 0 ? 4 : 0;
}

async function recoverCli(args: readonly string[], io: Io, connections: Connections): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      'resource-group': { type: 'string' },
      subscription: { type: 'string' },
      service: { type: 'string' },
      'allow-data-loss': { type: 'boolean' },
      drill: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
      yes: { type: 'boolean' },
      cloud: { type: 'string' },
      'arm-endpoint': { type: 'string' },
      'poll-ms': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  }) as { values: Record<string, string | boolean | undefined>; positionals: string[] };
  if (positionals.length < 2) throw usageError('recover needs spec files or folders and a scenario (e.g. regionOutage/westeurope)');
  const resourceGroup = values['resource-group'] as string | undefined;
  if (!resourceGroup) throw new UsageError(tool.missingArgument('recover', "--resource-group: where the plan's Automation account was deployed"));
  const modes = ['allow-data-loss', 'drill', 'dry-run'].filter((m) => values[m] === true);
  if (modes.length > 1) throw usageError(`--${modes.join(' and --')} exclude each other`);
  // Losing data is an approver's decision: said twice, so that it is never one keystroke away.
  if (values['allow-data-loss'] === true && values.yes !== true) throw usageError('--allow-data-loss accepts the replication lag as lost data: confirm with --yes');
  const pollMs = values['poll-ms'] !== undefined ? Number(values['poll-ms']) : undefined;
  if (pollMs !== undefined && !(Number.isInteger(pollMs) && pollMs >= 0)) throw usageError('--poll-ms takes a whole number of milliseconds');
  const scenario = positionals[positionals.length - 1]!;
  const endpoint = (values['arm-endpoint'] as string | undefined) ?? process.env.AZSLO_ARM_ENDPOINT;
  const { recoverCommand } = await import('../commands/recover.js');
  const r = await recoverCommand(positionals.slice(0, -1), scenario, {
    resourceGroup,
    allowDataLoss: values['allow-data-loss'] === true,
    drill: values.drill === true,
    dryRun: values['dry-run'] === true,
    cloud: (values.cloud as string | undefined) ?? 'AzureCloud',
    ...(values.subscription !== undefined ? { subscription: values.subscription as string } : {}),
    ...(values.service !== undefined ? { service: values.service as string } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(connections.credential ? { credential: connections.credential } : {}),
    ...(connections.ca ? { ca: connections.ca } : {}),
    ...(pollMs !== undefined ? { pollMs } : {}),
    onOutput: (line) => io.out(line),
  });
  if (!r.ok) {
    if (r.reason === 'invalid') {
      report(io, r.diagnostics, 'text');
      return 1;
    }
    if (r.reason === 'usage') throw usageError(r.message);
    io.err(`azslo: ${r.message}`);
    return 1;
  }
  io.err(`job ${r.job} of runbook ${r.runbook}: ${r.status}${r.exception ? ` (${r.exception})` : ''}`);
  return r.status === 'Completed' ? 0 : 1;
}

async function drillCli(args: readonly string[], io: Io, connections: Connections): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      'resource-group': { type: 'string' },
      subscription: { type: 'string' },
      service: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      'detect-within': { type: 'string' },
      timeout: { type: 'string' },
      'page-on-call': { type: 'boolean' },
      'if-due': { type: 'boolean' },
      'poll-ms': { type: 'string' },
      restore: { type: 'string' },
      cloud: { type: 'string' },
      'arm-endpoint': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  }) as { values: Record<string, string | boolean | undefined>; positionals: string[] };
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(tool.badFlagValue('--format', ['text', 'json'], format));
  const pollMs = values['poll-ms'] !== undefined ? Number(values['poll-ms']) : undefined;
  if (pollMs !== undefined && !(Number.isInteger(pollMs) && pollMs >= 0)) throw usageError('--poll-ms takes a whole number of milliseconds');
  const endpoint = (values['arm-endpoint'] as string | undefined) ?? process.env.AZSLO_ARM_ENDPOINT;
  const common = {
    cloud: (values.cloud as string | undefined) ?? 'AzureCloud',
    ...(values.out !== undefined ? { out: values.out as string } : {}),
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(connections.credential ? { credential: connections.credential } : {}),
    ...(connections.ca ? { ca: connections.ca } : {}),
    ...(pollMs !== undefined ? { pollMs } : {}),
    onEvent: (e: { at: string; kind: string; text: string }) => io.err(`${e.at} ${e.kind}: ${e.text}`),
  };
  const { drillCommand, drillRestoreCommand } = await import('../commands/drill.js');
  const { renderDrillReport } = await import('../drill/render.js');
  const { serializeDrillReport } = await import('../drplan/drill-report.js');
  // Ctrl-C or SIGTERM interrupts the drill, which then fails back and restores; a second one only says so.
  const controller = new AbortController();
  const onSignal = (name: string) => () => {
    if (!controller.signal.aborted) {
      io.err(`azslo: ${name}: interrupting the drill; it ends the disruption, fails back and restores what it changed…`);
      controller.abort(new Error(name));
    } else io.err('azslo: restore is under way; wait for it to finish (if azslo is killed now, finish with azslo drill --restore <journal>)');
  };
  const handlers = { SIGINT: onSignal('SIGINT'), SIGTERM: onSignal('SIGTERM') };
  let r: Awaited<ReturnType<typeof drillCommand>>;
  if (values.restore !== undefined) {
    if (positionals.length) throw usageError('drill --restore takes only the journal, no specs or scenario');
    r = await drillRestoreCommand(values.restore as string, common);
  } else {
    if (positionals.length < 2) throw usageError('drill needs spec files or folders and a scenario (e.g. regionOutage/westeurope), or --restore <journal>');
    const resourceGroup = values['resource-group'] as string | undefined;
    if (!resourceGroup) throw new UsageError(tool.missingArgument('drill', "--resource-group: where the service's alert rules, processing rules, Automation account and experiments were deployed"));
    process.on('SIGINT', handlers.SIGINT);
    process.on('SIGTERM', handlers.SIGTERM);
    try {
      r = await drillCommand(positionals.slice(0, -1), positionals[positionals.length - 1]!, {
        ...common,
        resourceGroup,
        signal: controller.signal,
        pageOnCall: values['page-on-call'] === true,
        ifDue: values['if-due'] === true,
        ...(values.subscription !== undefined ? { subscription: values.subscription as string } : {}),
        ...(values.service !== undefined ? { service: values.service as string } : {}),
        ...(values['detect-within'] !== undefined ? { detectWithin: values['detect-within'] as string } : {}),
        ...(values.timeout !== undefined ? { timeout: values.timeout as string } : {}),
      });
    } finally {
      process.off('SIGINT', handlers.SIGINT);
      process.off('SIGTERM', handlers.SIGTERM);
    }
  }
  if (!r.ok) {
    if (r.reason === 'invalid') {
      report(io, r.diagnostics, format, { ok: false });
      return 1;
    }
    if (r.reason === 'usage') throw usageError(r.message);
    return failWith(io, format, r.reason === 'write' ? { code: 'file', message: r.message, hint: 'Check that the folder of --out can be written.' } : azureProblem(r.message), 1);
  }
  if (r.report === undefined) {
    io.out(format === 'json' ? JSON.stringify({ due: false, next: r.notDue.next }) : `not due: the next scheduled drill is in the window starting ${r.notDue.next}`);
    return 0;
  }
  io.out(format === 'json' ? serializeDrillReport(r.report).trimEnd() : renderDrillReport(r.report, 'text').trimEnd());
  io.err(`drill ${r.report.outcome}: ${r.report.reason}\nwrote ${r.files.join(', ')}`);
  return r.report.outcome === 'passed' ? 0 : 1;
}

async function queryCli(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { alert: { type: 'string' } }, allowPositionals: true, strict: true }) as {
    values: { alert?: string };
    positionals: string[];
  };
  if (positionals.length !== 2) throw usageError('query needs a spec file or folder and the name of an SLO or signal');
  const { queryCommand } = await import('../commands/query.js');
  const r = await queryCommand(positionals[0]!, positionals[1]!, values.alert ? { alert: values.alert } : {});
  if (!r.ok) {
    if (r.reason === 'invalid') report(io, r.diagnostics, 'text');
    else io.err(`azslo: ${r.message}`);
    return 1;
  }
  io.out(r.text.trimEnd());
  return 0;
}

async function catalogCli(args: readonly string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, options: { format: { type: 'string' } }, allowPositionals: true, strict: true }) as {
    values: { format?: string };
    positionals: string[];
  };
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(tool.badFlagValue('--format', ['text', 'json'], format));
  const { catalogList, catalogShow } = await import('../commands/catalog.js');
  if (sub === 'list') {
    if (positionals.length) throw usageError('catalog list takes no argument');
    io.out((await catalogList({ format })).text);
    return 0;
  }
  if (sub === 'show') {
    if (positionals.length !== 1) throw usageError('catalog show needs one resource type, e.g. Microsoft.Web/sites');
    const r = await catalogShow(positionals[0]!, { format });
    if (!r.ok) return failWith(io, format, { code: 'not-found', message: r.message, hint: '`azslo catalog list` shows the resource types azslo knows.' }, 1);
    io.out(r.text);
    return 0;
  }
  throw usageError(`catalog needs 'list' or 'show <type>'${sub !== undefined ? didYouMean(sub, ['list', 'show']) : ''}`);
}

function parse(args: readonly string[], options: Record<string, { type: 'string' | 'boolean'; short?: string }>, formats: readonly string[] = ['text', 'json']) {
  const { values, positionals } = parseArgs({ args: [...args], options: { format: { type: 'string' }, ...options }, allowPositionals: true, strict: true }) as {
    values: Record<string, string | boolean | undefined>;
    positionals: string[];
  };
  const format = (values.format as string | undefined) ?? 'text';
  if (!formats.includes(format)) throw new UsageError(tool.badFlagValue('--format', [...formats], format));
  if (positionals.length === 0) throw usageError('give at least one spec file or folder');
  return { values, positionals, format };
}

async function validateCli(args: readonly string[], io: Io): Promise<number> {
  const { positionals, format } = parse(args, {}, ['text', 'json', 'sarif']);
  const { validateCommand, validationSarif } = await import('../commands/validate.js');
  const result = await validateCommand(positionals);
  if (format === 'sarif') io.out(validationSarif(result).trimEnd());
  else report(io, result.diagnostics, format, { ok: result.ok, services: result.services.map((s) => s.spec.metadata.name) });
  if (format !== 'json') {
    const { services, slos, errors, warnings } = result.counts;
    io.err(result.ok ? `ok: ${services} service(s), ${slos} SLO(s)${warnings ? `, ${warnings} warning(s)` : ''}` : `${errors} error(s), ${warnings} warning(s)`);
  }
  return result.ok ? 0 : 1;
}

/** `azslo: error AZSLO041: message` and the hint, as spec diagnostics print. */
function outputFolderMessage(e: import('../generate/output-folder.js').OutputFolderError): string {
  return `azslo: error ${e.code}: ${e.message}\n  hint: ${e.hint} (docs/diagnostics.md#${e.code.toLowerCase()})`;
}

async function generateCli(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals, format } = parse(args, { out: { type: 'string', short: 'o' }, force: { type: 'boolean' } });
  const out = values.out as string | undefined;
  if (!out) throw new UsageError(tool.missingArgument('generate', '--out <folder>'));
  const { generateCommand } = await import('../commands/generate.js');
  const r = await generateCommand(positionals, { out, force: values.force === true });
  if (!r.ok && r.reason === 'invalid') {
    report(io, r.diagnostics, format, { ok: false });
    if (format === 'text') io.err(`nothing written to ${out}`);
    return 1;
  }
  if (!r.ok) {
    const e = r.error;
    if (format === 'json') {
      io.out(JSON.stringify({ ok: false, out, error: { code: e.code, message: e.message, hint: e.hint, ...(e.path ? { path: e.path } : {}), ...(e.errno ? { errno: e.errno } : {}) }, diagnostics: r.validation.diagnostics }, null, 2));
    } else {
      report(io, r.validation.diagnostics, format);
      io.err(outputFolderMessage(e));
    }
    return 2;
  }
  const { generation, written } = r;
  report(io, r.validation.diagnostics, format, { ok: true, out, files: generation.files.map((f) => f.path), changed: written.written, removed: written.removed, kept: written.kept, replaced: written.replaced });
  if (format === 'text') {
    const list = (ps: readonly string[]) => ps.map((p) => `\n  ${p}`).join('');
    if (written.replaced.length) io.err(`--force: replaced ${written.replaced.length} file(s) azslo had not written or that were changed by hand:${list(written.replaced)}`);
    if (written.kept.length) io.err(`--force: kept ${written.kept.length} file(s) changed by hand that azslo no longer generates (now yours):${list(written.kept)}`);
    const removed = written.removed.length ? `, removed ${written.removed.length} no longer generated` : '';
    io.err(`wrote ${generation.files.length} files (${written.written.length} changed${removed}) for ${generation.services.length} service(s) to ${out}`);
  }
  return 0;
}

/** import openslo / export openslo: importOpenSloCommand / exportOpenSloCommand (src/commands/openslo.ts). */
async function openSloCli(command: 'import' | 'export', args: readonly string[], io: Io): Promise<number> {
  const [format0, ...rest] = args;
  if (format0 !== 'openslo') throw usageError(`${command} needs the format: '${command} openslo <files or folders...> --out <folder>'${format0 !== undefined && !format0.startsWith('-') ? didYouMean(format0, ['openslo']) : ''}`);
  const { values, positionals, format } = parse(rest, { out: { type: 'string', short: 'o' } });
  const out = values.out as string | undefined;
  if (!out) throw new UsageError(tool.missingArgument(`${command} openslo`, '--out <folder>'));
  const { importOpenSloCommand, exportOpenSloCommand } = await import('../commands/openslo.js');
  const r = await (command === 'import' ? importOpenSloCommand : exportOpenSloCommand)(positionals, { out });
  report(io, r.diagnostics, format, { ok: r.ok, out, ...(r.ok ? { files: r.files } : {}) });
  if (!r.ok) {
    if (format === 'text') io.err(`nothing written to ${out}`);
    return 1;
  }
  if (format === 'text') io.err(`wrote ${r.files.length} ${command === 'import' ? 'azslo spec' : 'OpenSLO'} file(s) to ${out}`);
  return 0;
}

// The command line's conventions (src/cli/conventions.ts): help, usage errors, failures under --format json.

/** `azslo --help`, `azslo help [command]`, `azslo <command> --help`: on stdout, exit 0; an unknown command is a usage error. */
function helpCli(command: string, rest: readonly string[], io: Io): number {
  const topic = command === 'help' || command === '--help' || command === '-h' ? rest[0] : command;
  if (topic === undefined) {
    io.out(USAGE);
    return 0;
  }
  const help = commandHelp(USAGE, topic);
  if (help === undefined) throw unknownCommandError(topic);
  io.out(help);
  return 0;
}

function unknownCommandError(command: string): UsageError {
  const p = tool.unknownCommand(command);
  return new UsageError({ ...p, message: `${p.message}${commandSuggestion(USAGE, command)}` });
}

/**
 * A usage error: the problem (an unknown option with the closest one the command has), then that command's usage;
 * under --format json the problem as JSON on stdout. Exit 2 (1 under plan --detailed-exitcode).
 */
function usageFailed(io: Io, argv: readonly string[], problem: ToolProblem, exitCode = 2): number {
  const [command, ...rest] = argv;
  const known = command !== undefined && commandsOf(USAGE).has(command) ? command : undefined;
  let p = problem;
  const option = known !== undefined ? unknownOption(USAGE, known, problem.message) : undefined;
  if (option) {
    const u = tool.unknownFlag(option.flag, known!);
    p = { ...u, message: `${u.message}${option.suggestion ? `; did you mean '${option.suggestion}'?` : ''}` };
  }
  if (requestedFormat(rest) === 'json') io.out(failureJson(p));
  else io.err(`${formatToolProblem(p)}\n\n${usageAfterError(USAGE, known)}`);
  return exitCode;
}

/** A failure that is not a usage error: `azslo: message` on stderr (an AZSLO problem with its hint), or its JSON on stdout. */
function failWith(io: Io, format: string, problem: FailureProblem, exitCode: number, extra: object = {}): number {
  if (format === 'json') io.out(failureJson(problem, extra));
  else io.err(/^AZSLO\d+$/.test(problem.code) ? formatToolProblem(problem as ToolProblem) : `azslo: ${problem.message}`);
  return exitCode;
}

function azureProblem(message: string): FailureProblem {
  return { code: 'azure', message, hint: 'Check the sign-in (DefaultAzureCredential: az login, workload identity, managed identity), the subscription and the resource group, then run again.' };
}

/** plan and apply: the specs' warnings, and the secrets plan could not read, on stderr. */
function printWarnings(io: Io, view: import('../commands/deploy.js').PlanView): void {
  for (const d of view.warnings) io.err(formatDiagnostic(d));
  for (const u of view.unreadSecrets) io.err(`note: not compared (a secret plan cannot read): ${u.problem.message}; apply needs it`);
}

/** The same in a plan's or apply's JSON. */
function planNotes(view: import('../commands/deploy.js').PlanView): object {
  return {
    ...(view.warnings.length ? { warnings: view.warnings } : {}),
    ...(view.unreadSecrets.length ? { unreadSecrets: view.unreadSecrets.map((u) => ({ parameter: u.parameter, code: u.problem.code, message: u.problem.message })) } : {}),
  };
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

/** azslo diff: diffCommand (src/commands/diff.ts); exit 1 when a side's specs are invalid, 2 on a usage error. */
async function diffCli(args: readonly string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...args], options: { format: { type: 'string' }, out: { type: 'string' }, today: { type: 'string' } }, allowPositionals: true, strict: true }) as {
    values: { format?: string; out?: string; today?: string };
    positionals: string[];
  };
  const format = values.format ?? 'markdown';
  if (!['markdown', 'json', 'text'].includes(format)) throw new UsageError(tool.badFlagValue('--format', ['markdown', 'json', 'text'], format));
  if (values.today !== undefined && !(/^\d{4}-\d{2}-\d{2}$/.test(values.today) && new Date(`${values.today}T00:00:00Z`).toISOString().startsWith(values.today))) {
    throw usageError(`--today takes a date as YYYY-MM-DD, e.g. 2027-01-31 (waivers are checked against it)`);
  }
  if (positionals.length !== 2) throw usageError('diff needs two sides: <base> <head>, each a file or folder of specs or <git-ref>:<path>');
  const { diffCommand } = await import('../commands/diff.js');
  const r = await diffCommand(positionals[0]!, positionals[1]!, { format: format as 'markdown' | 'json' | 'text', ...(values.out !== undefined ? { out: values.out } : {}), ...(values.today !== undefined ? { today: values.today } : {}) });
  if (!r.ok) {
    if (r.reason === 'invalid') {
      io.err(`azslo: the ${r.side} specs are invalid; nothing compared`);
      report(io, r.diagnostics, 'text');
      return 1;
    }
    if (r.reason === 'usage') throw usageError(r.message);
    io.err(`azslo: ${r.message}`);
    return 2;
  }
  if (r.wrote !== undefined) io.err(`wrote ${r.wrote}`);
  else io.out(r.text.trimEnd());
  const changed = r.diff.services.filter((s) => s.status !== 'unchanged').length;
  io.err(`${changed} of ${r.diff.services.length} service(s) changed`);
  return 0;
}
