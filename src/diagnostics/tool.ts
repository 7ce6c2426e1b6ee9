/**
 * Problems that are not at a position in a spec: the command line (AZSLO050), a reference apply cannot resolve
 * (AZSLO051) and the output folder of `generate` (AZSLO040–044). Like the spec diagnostics of builder.ts, each
 * problem has one factory here, which fixes its code and holds its message template and hint; the text is masked,
 * made visible and capped (echo.ts) whoever supplied it. They print as `azslo: error AZSLO050: message` and the hint.
 */
import { fileLessCodes, fileLessDocsUrl, type OutputFolderCode, type ToolCode } from './codes.js';
import { echo, sanitizeMessage } from './echo.js';

export type FileLessCode = OutputFolderCode | ToolCode;

export interface ToolProblem {
  readonly code: FileLessCode;
  readonly message: string;
  readonly hint: string;
  /** The path concerned, as the user named it (output-folder problems). */
  readonly path?: string;
  /** The operating system's error code (EACCES, ENOSPC, …) when the file system refused. */
  readonly errno?: string;
}

interface Extra {
  readonly hint?: string;
  readonly path?: string;
  readonly errno?: string;
}

function problem(code: FileLessCode, message: string, extra: Extra = {}): ToolProblem {
  return {
    code,
    message: sanitizeMessage(message),
    hint: sanitizeMessage(extra.hint ?? fileLessCodes[code].hint),
    ...(extra.path !== undefined ? { path: extra.path } : {}),
    ...(extra.errno !== undefined ? { errno: extra.errno } : {}),
  };
}

interface Factory<A extends unknown[]> {
  readonly code: FileLessCode;
  readonly make: (...args: A) => ToolProblem;
  /** Arguments that show the factory at work (the diagnostics test calls every factory with them). */
  readonly example: A;
}

const def = <A extends unknown[]>(code: FileLessCode, make: (...args: A) => Extra & { message: string }, example: A): Factory<A> => ({
  code,
  make: (...args: A) => {
    const { message, ...extra } = make(...args);
    return problem(code, message, extra);
  },
  example,
});

const lines = (paths: readonly string[]): string => paths.map((p) => `\n  ${p}`).join('');

/** One factory per problem; `toolProblems.unknownCommand.make('x')`, or through `tool` below. */
export const toolProblems = {
  // AZSLO050: the command line.
  usage: def('AZSLO050', (message: string) => ({ message }), ['give at least one spec file or folder']),
  unknownCommand: def('AZSLO050', (command: string) => ({ message: `unknown command ${echo(command)}` }), ['valdate']),
  unknownFlag: def('AZSLO050', (flag: string, command: string) => ({ message: `unknown option ${echo(flag)} for ${command}` }), ['--forse', 'generate']),
  missingArgument: def('AZSLO050', (command: string, what: string) => ({ message: `${command} needs ${what}` }), ['generate', '--out <folder>']),
  badFlagValue: def('AZSLO050', (flag: string, allowed: readonly string[], value: string) => ({ message: `${flag} must be ${allowed.length > 1 ? `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}` : allowed[0]}, not ${echo(value)}` }), ['--format', ['text', 'json'], 'xml']),

  // AZSLO051: a reference apply cannot read.
  environmentVariableNotSet: def('AZSLO051', (variable: string, parameter: string) => ({ message: `environment variable ${variable} is not set (parameter ${parameter})`, hint: `Set ${variable} in the environment apply runs in, or deploy the generated Bicep.` }), ['TEAMS_WEBHOOK', 'oncallWebhook']),
  keyVaultSecretNotRead: def(
    'AZSLO051',
    (parameter: string, vault: string, secret: string) => ({
      message: `parameter ${parameter} is a Key Vault reference (${vault}/${secret}); apply reads secrets from environment variables only — use "\${env:…}" or deploy the Bicep`,
      hint: 'Give the secret as "${env:NAME}" for apply, or deploy the generated Bicep: its params file reads the secret with getSecret().',
    }),
    ['oncallWebhook', 'kv-ops', 'teams-webhook'],
  ),

  // AZSLO040–044: the output folder of generate (messages as src/generate/index.ts words them).
  folderNotAzslos: def('AZSLO040', (outDir: string, manifest: string) => ({ message: `${outDir} is not empty and was not written by azslo (it has no ${manifest})`, path: outDir }), ['infra', '.azslo-manifest.json']),
  folderOfOlderAzslo: def(
    'AZSLO040',
    (outDir: string) => ({
      message: `${outDir} was written by an older azslo, without the manifest that lists azslo's files`,
      hint: 'Check that it holds nothing of yours that has a generated file\'s name, then run once with --force: the generated files are overwritten, every other file is kept, and a manifest is written.',
      path: outDir,
    }),
    ['infra'],
  ),
  manifestUnreadable: def(
    'AZSLO040',
    (manifest: string, outDir: string) => ({
      message: `${manifest} is not a manifest azslo can read, so it cannot tell which files in ${outDir} are its own`,
      hint: 'Restore the file from version control, or run again with --force: files azslo generates are then overwritten and every other file is kept.',
      path: manifest,
    }),
    ['infra/.azslo-manifest.json', 'infra'],
  ),
  filesChangedByHand: def('AZSLO041', (outDir: string, files: readonly string[]) => ({ message: `${files.length} generated file(s) in ${outDir} were changed since azslo wrote them:${lines(files)}`, ...(files[0] !== undefined ? { path: files[0] } : {}) }), ['infra', ['infra/main.bicep']]),
  filesInTheWay: def('AZSLO042', (files: readonly string[]) => ({ message: `${files.length} file(s) azslo did not write are where it writes its own:${lines(files)}`, ...(files[0] !== undefined ? { path: files[0] } : {}) }), [['infra/main.bicep']]),
  foldersInTheWay: def(
    'AZSLO042',
    (paths: readonly string[]) => ({
      message: `folders with files in them, or special files, are where azslo writes its own:${lines(paths)}`,
      hint: 'Move or rename them; azslo never deletes a folder with files in it, not even with --force.',
      ...(paths[0] !== undefined ? { path: paths[0] } : {}),
    }),
    [['infra/main.bicep']],
  ),
  cannotWrite: def('AZSLO043', (doing: string, target: string, errno: string, why: string, after: string) => ({ message: `cannot ${doing} ${target}: ${errno} (${why}); ${after}`, path: target, errno }), ['write', 'infra/main.bicep', 'ENOSPC', 'no space left on the device', 'nothing was changed']),
  folderInUse: def(
    'AZSLO044',
    (pid: number, outDir: string, staging: string) => ({ message: `another azslo run (process ${pid}) is writing ${outDir}`, hint: `Wait for it to finish. If no azslo is running, remove ${staging} and run again.`, path: staging }),
    [4242, 'infra', 'infra/.azslo-4242-new'],
  ),
} as const;

export type ToolProblemName = keyof typeof toolProblems;

/** The factories as plain functions: `tool.unknownCommand('valdate')`. */
export const tool = Object.fromEntries(Object.entries(toolProblems).map(([name, f]) => [name, f.make])) as {
  readonly [K in ToolProblemName]: (typeof toolProblems)[K]['make'];
};

/** `azslo: error AZSLO050: message` then the indented hint, as spec diagnostics print theirs. */
export const formatToolProblem = (p: ToolProblem): string => `azslo: error ${p.code}: ${p.message}\n  hint: ${p.hint} (${fileLessDocsUrl(p.code)})`;

/** A ToolProblem to throw. */
export class ToolError extends Error {
  readonly code: FileLessCode;
  readonly hint: string;
  readonly path?: string;
  readonly errno?: string;
  constructor(readonly problem: ToolProblem) {
    super(problem.message);
    this.name = 'ToolError';
    this.code = problem.code;
    this.hint = problem.hint;
    if (problem.path !== undefined) this.path = problem.path;
    if (problem.errno !== undefined) this.errno = problem.errno;
  }
}
