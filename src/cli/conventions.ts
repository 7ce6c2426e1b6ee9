import { closestMatch } from '../base/edit-distance.js';

/**
 * The command line's conventions, read from its usage text so that a command added to it (its `azslo <command> …`
 * lines and its line under "Commands:") gets them without more: `azslo <command> --help`, "did you mean …?" for a
 * mistyped command or option, a usage error followed by the usage of that command only, and the JSON a failure
 * answers with under `--format json`. Loaded only on those paths (the CLI stays quick to start).
 */

/** What a failure says under `--format json`: an AZSLO code where there is one, else what kind of failure it is. */
export interface FailureProblem {
  /** AZSLO050 (usage), AZSLO051 (a secret apply cannot read), AZSLO04x (output folder); else `azure`, `not-found`, `file`, `internal`. */
  readonly code: string;
  readonly message: string;
  readonly hint: string;
  readonly path?: string;
  readonly errno?: string;
}

/** The JSON object a failure prints on stdout under `--format json` (exit codes are unchanged). */
export const failureJson = (problem: FailureProblem, extra: object = {}): string =>
  JSON.stringify({ ok: false, error: { code: problem.code, message: problem.message, hint: problem.hint, ...(problem.path !== undefined ? { path: problem.path } : {}), ...(problem.errno !== undefined ? { errno: problem.errno } : {}) }, ...extra }, null, 2);

/** The arguments before a `--` (after it, everything is a positional). */
const options = (args: readonly string[]): readonly string[] => {
  const end = args.indexOf('--');
  return end < 0 ? args : args.slice(0, end);
};

/** `--help` or `-h` among a command's arguments. */
export const wantsHelp = (args: readonly string[]): boolean => options(args).some((a) => a === '--help' || a === '-h');

/** The value of the last `--format` (`--format json` or `--format=json`), whatever the command accepts. */
export function requestedFormat(args: readonly string[]): string | undefined {
  let format: string | undefined;
  const opts = options(args);
  opts.forEach((a, i) => {
    if (a === '--format' && opts[i + 1] !== undefined) format = opts[i + 1];
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
  });
  return format;
}

/** The lines of one section of the usage text ("Usage:", "Commands:"), up to the blank line that ends it. */
function section(usage: string, title: string): string[] {
  const lines = usage.split('\n');
  const start = lines.indexOf(`${title}:`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** The commands of the usage text, in its order, with their descriptions (continuation lines joined). */
export function commandsOf(usage: string): Map<string, string> {
  const out = new Map<string, string>();
  let last: string | undefined;
  for (const line of section(usage, 'Commands')) {
    const m = /^ {2}([a-z][a-z-]*) {2,}(.*)$/.exec(line);
    if (m) out.set((last = m[1]!), m[2]!.trim());
    else if (last !== undefined) out.set(last, `${out.get(last)!} ${line.trim()}`);
  }
  return out;
}

/** The usage lines of one command (`  azslo <command> …` and their continuation lines), as the usage text has them. */
export function usageLines(usage: string, command: string): string[] {
  const out: string[] = [];
  let mine = false;
  for (const line of section(usage, 'Usage')) {
    if (/^ {2}azslo /.test(line)) mine = line.startsWith(`  azslo ${command} `) || line === `  azslo ${command}`;
    if (mine) out.push(line);
  }
  return out;
}

/** A command's options as its usage lines show them: `--format text|json`, `--resource-group <rg>`, `--yes`. */
export function optionsOf(usage: string, command: string): { flag: string; value?: string }[] {
  const seen = new Map<string, string | undefined>();
  for (const line of usageLines(usage, command)) {
    // Spaces inside <placeholders> do not split them.
    const tokens = line.replace(/<[^>]*>/g, (p) => p.replace(/ /g, '\u0001')).split(/\s+/).map((t) => t.replace(/[[\]]/g, '').replace(/\u0001/g, ' ')).filter(Boolean);
    tokens.forEach((t, i) => {
      if (!/^--[a-z][a-z-]*$/.test(t)) return;
      const next = tokens[i + 1];
      const value = next !== undefined && !next.startsWith('-') && next !== '|' && !/^\.\.\.$/.test(next) ? next : undefined;
      if (!seen.has(t) || (seen.get(t) === undefined && value !== undefined)) seen.set(t, value);
    });
  }
  return [...seen].map(([flag, value]) => (value === undefined ? { flag } : { flag, value }));
}

/** What an option does, where the usage line's `--flag <value>` does not say enough. */
const OPTION_HELP: Readonly<Record<string, string>> = {
  '--format': 'the output format (default text); json answers on stdout, failures included',
  '--out': 'where to write (generate, import, export: the folder; analyze: the report file; drill: the reports folder, default drills)',
  '--force': 'overwrite generated files changed by hand, replace files in the way',
  '--resource-group': 'the resource group of the alert rules, action groups, workbooks, Automation account',
  '--subscription': "the subscription id (default: the subscription of the first service's workspace)",
  '--prune': 'also delete what azslo manages for these services that the specs no longer declare',
  '--verbose': 'list unchanged resources too',
  '--detailed-exitcode': 'exit 0 with no change, 2 with changes pending, 1 on error',
  '--yes': 'do not ask for confirmation (required without a terminal)',
  '--cloud': 'AzureCloud (default), AzureChinaCloud or AzureUSGovernment',
  '--arm-endpoint': 'another Resource Manager endpoint (https); or AZSLO_ARM_ENDPOINT',
  '--fail-on': 'exit 4 when the analysis finds open gaps',
  '--today': 'the date waivers are checked against (default: today)',
  '--drills': 'the folder of drill reports to read (the last drill of each plan)',
  '--service': 'the service, when several have a plan for the scenario',
  '--allow-data-loss': "accept the replication lag as lost data (an approver's decision; with --yes)",
  '--drill': 'run the plan as a drill: loss-free paths only',
  '--dry-run': 'check every step, change nothing',
  '--detect-within': 'how soon the alerts must fire (default 30m)',
  '--timeout': 'how long the drill may take before it is ended and restored (default 2h)',
  '--page-on-call': 'let the drill page the on-call (default: notifications are held back)',
  '--if-due': 'drill only when the schedule of recovery.drill says one is due',
  '--poll-ms': 'how often Azure is polled, in milliseconds',
  '--restore': 'finish an interrupted drill from its journal',
  '--alert': "the query of one of the alert rules instead of the SLI's",
};

/** `azslo <command> --help`: the command's description, usage lines and options. Undefined for an unknown command. */
export function commandHelp(usage: string, command: string): string | undefined {
  const description = commandsOf(usage).get(command);
  const lines = usageLines(usage, command);
  if (description === undefined && lines.length === 0) return undefined;
  const opts = [...optionsOf(usage, command).map((o) => ({ left: o.value ? `${o.flag} ${o.value}` : o.flag, help: OPTION_HELP[o.flag] ?? '' })), { left: '-h, --help', help: 'this help' }];
  const width = Math.max(...opts.map((o) => o.left.length));
  return [
    `azslo ${command}${description ? ` — ${description}` : ''}`,
    '',
    'Usage:',
    ...lines,
    '',
    'Options:',
    ...opts.map((o) => `  ${o.left.padEnd(width)}  ${o.help}`.trimEnd()),
    '',
    'Run `azslo --help` for every command and the exit codes.',
  ].join('\n');
}

/** What follows a usage error: the command's usage lines, or the list of commands when the command is not known. */
export function usageAfterError(usage: string, command: string | undefined): string {
  const lines = command === undefined ? [] : usageLines(usage, command);
  if (lines.length) return ['Usage:', ...lines, '', `Run \`azslo ${command} --help\` for its options.`].join('\n');
  return ['Commands:', ...section(usage, 'Commands'), '', 'Run `azslo --help` for the usage of each.'].join('\n');
}

/** `; did you mean 'validate'?` for a mistyped command. */
export function commandSuggestion(usage: string, command: string): string {
  const match = closestMatch(command, commandsOf(usage).keys());
  return match === undefined ? '' : `; did you mean '${match}'?`;
}

/** The option an ERR_PARSE_ARGS_UNKNOWN_OPTION names, and the closest option the command has. */
export function unknownOption(usage: string, command: string, parseArgsMessage: string): { flag: string; suggestion?: string } | undefined {
  const flag = /^Unknown option '([^']+)'/.exec(parseArgsMessage)?.[1];
  if (flag === undefined) return undefined;
  const known = [...optionsOf(usage, command).map((o) => o.flag), '--help'];
  const match = closestMatch(flag.split('=')[0]!, known);
  return match === undefined ? { flag } : { flag, suggestion: match };
}
