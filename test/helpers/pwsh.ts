import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from './bicep.js';
import { requiredTool } from './tools.js';

const pwshPath = path.join(root, 'tools', 'pwsh', 'pwsh');
/** The real PowerShell at tools/pwsh/pwsh (scripts/install-pwsh.sh); see requiredTool. */
export function pwsh(): string | undefined {
  return requiredTool(pwshPath, 'PowerShell', 'npm run install-pwsh');
}

/** `test` when PowerShell is there, `test.skip` otherwise (shown as skipped, never as passed). */
export function pwshTest<T extends { skip: unknown }>(test: T): T | T['skip'] {
  return pwsh() ? test : test.skip;
}

export interface PwshRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command (or a script file with its arguments) with the real PowerShell, no profile, non-interactive. */
export function runPwsh(args: readonly string[], options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): PwshRun {
  const r = spawnSync(pwsh()!, ['-NoLogo', '-NoProfile', '-NonInteractive', ...args], {
    encoding: 'utf8',
    env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off', DOTNET_CLI_TELEMETRY_OPTOUT: '1', ...options.env },
    input: options.input,
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * Parses scripts with PowerShell's own parser ([System.Management.Automation.Language.Parser]::ParseFile) and
 * returns each file's parse errors as "line:col message" (empty when it parses cleanly).
 */
export function parseErrors(files: readonly string[]): Record<string, string[]> {
  const script = [
    '$out = [ordered]@{}',
    'foreach ($f in $args) {',
    '  $tokens = $null; $errors = $null',
    '  [void][System.Management.Automation.Language.Parser]::ParseFile($f, [ref]$tokens, [ref]$errors)',
    '  $out[$f] = @($errors | ForEach-Object { "$($_.Extent.StartLineNumber):$($_.Extent.StartColumnNumber) $($_.Message)" })',
    '}',
    '$out | ConvertTo-Json -Depth 4 -Compress',
  ].join('\n');
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-pwsh-'));
  const file = path.join(dir, 'parse.ps1');
  writeFileSync(file, script);
  const r = runPwsh(['-File', file, ...files]);
  rmSync(dir, { recursive: true, force: true });
  if (r.code !== 0) throw new Error(`pwsh failed: ${r.stderr}`);
  const parsed = JSON.parse(r.stdout) as Record<string, string[] | string | null>;
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v === null ? [] : Array.isArray(v) ? v : [v]]));
}

/**
 * Runs PowerShell without blocking the event loop: needed when it talks to a server of this same process (the local
 * ARM endpoint), which a synchronous spawn would freeze.
 */
export function runPwshAsync(args: readonly string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<PwshRun> {
  return new Promise((resolve) => {
    const child = spawn(pwsh()!, ['-NoLogo', '-NoProfile', '-NonInteractive', ...args], {
      env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off', DOTNET_CLI_TELEMETRY_OPTOUT: '1', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
