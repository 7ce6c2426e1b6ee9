import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requiredTool } from './tools.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bicepPath = path.join(root, 'tools', 'bicep');

/** The real Bicep CLI at tools/bicep (scripts/install-bicep.sh); see requiredTool. */
export function bicep(): string | undefined {
  return requiredTool(bicepPath, 'Bicep compile', 'npm run install-bicep');
}

/**
 * `test` when the Bicep CLI is there, `test.skip` otherwise, so that a missing CLI shows as skipped in the summary
 * line and never as passed.
 */
export function bicepTest<T extends { skip: unknown }>(test: T): T | T['skip'] {
  return bicep() ? test : test.skip;
}

export interface BicepRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Lines that are Bicep diagnostics (errors, warnings, infos). */
  diagnostics: string[];
}

export function runBicep(args: string[], options: { cwd: string; env?: Record<string, string> }): BicepRun {
  const exe = bicep();
  if (!exe) throw new Error('bicep() returned undefined; callers must check first');
  const r = spawnSync(exe, args, { cwd: options.cwd, env: { ...process.env, ...options.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const diagnostics = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /\) : (Error|Warning|Info) /.test(l));
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, diagnostics };
}

export function bicepFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) out.push(...bicepFiles(p));
    else if (e.endsWith('.bicep')) out.push(p);
  }
  return out.sort();
}

/** Environment variables that the params file reads, set to a stand-in value so build-params can run. */
export function paramEnv(bicepparam: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of bicepparam.matchAll(/readEnvironmentVariable\('([A-Za-z_][A-Za-z0-9_]*)'\)/g)) env[m[1]!] = `https://example.invalid/${m[1]}`;
  return env;
}

/**
 * Compiles a generated output folder the way a user deploys it: build main.bicep to ARM JSON, lint every .bicep
 * file, and build the params file. Returns the ARM template and every diagnostic line.
 */
export function compileOutput(dir: string): { template: ArmTemplate; diagnostics: string[]; failures: string[] } {
  const failures: string[] = [];
  const diagnostics: string[] = [];
  const build = runBicep(['build', 'main.bicep', '--stdout'], { cwd: dir });
  diagnostics.push(...build.diagnostics);
  if (build.code !== 0) failures.push(`bicep build exited ${build.code}: ${build.stderr}`);
  for (const f of bicepFiles(dir)) {
    const lint = runBicep(['lint', path.relative(dir, f)], { cwd: dir });
    diagnostics.push(...lint.diagnostics);
    if (lint.code !== 0) failures.push(`bicep lint ${f} exited ${lint.code}: ${lint.stderr}`);
  }
  return { template: build.code === 0 ? (JSON.parse(build.stdout) as ArmTemplate) : { resources: {} }, diagnostics, failures };
}

export function buildParams(dir: string, bicepparamText: string): BicepRun {
  return runBicep(['build-params', 'main.bicepparam', '--stdout'], { cwd: dir, env: paramEnv(bicepparamText) });
}

export interface ArmTemplate {
  resources: Record<string, ArmResource> | ArmResource[];
  parameters?: Record<string, unknown>;
  variables?: Record<string, unknown>;
}

export interface ArmResource {
  type: string;
  apiVersion: string;
  name: string;
  properties?: Record<string, unknown> & { template?: ArmTemplate; parameters?: Record<string, { value: unknown }> };
  [k: string]: unknown;
}

/** Every resource of a compiled template, nested deployments (modules) flattened, each with its template's variables. */
export function armResources(template: ArmTemplate): (ArmResource & { variables: Record<string, unknown> })[] {
  const list = Array.isArray(template.resources) ? template.resources : Object.values(template.resources);
  const out: (ArmResource & { variables: Record<string, unknown> })[] = [];
  for (const r of list) {
    if (r.type === 'Microsoft.Resources/deployments' && r.properties?.template) out.push(...armResources(r.properties.template));
    else out.push({ ...r, variables: template.variables ?? {} });
  }
  return out;
}

/**
 * A string as ARM will see it: a literal (Bicep doubles a leading '[' of literals), or the value of a
 * `[variables('…')]` expression, which is how Bicep inlines loadTextContent(). Other expressions are returned as is.
 */
export function armString(value: string, variables: Record<string, unknown>): string {
  const v = /^\[variables\('([^']+)'\)\]$/.exec(value);
  if (v && typeof variables[v[1]!] === 'string') return variables[v[1]!] as string;
  return value.startsWith('[[') ? value.slice(1) : value;
}
