import { existsSync } from 'node:fs';

const warned = new Set<string>();

/**
 * A real tool the tests need (the Bicep CLI, PowerShell), installed by a script of its own. Under CI=true its absence
 * fails the run; elsewhere the checks that need it are skipped with a loud warning, never reported as passed.
 */
export function requiredTool(path: string, name: string, install: string): string | undefined {
  if (existsSync(path)) return path;
  if (process.env.CI === 'true') throw new Error(`${path} is missing: CI must run \`${install}\` first`);
  if (!warned.has(name)) {
    warned.add(name);
    console.warn(`\n!!! SKIPPED: ${name} checks — ${path} is missing. Run \`${install}\`. !!!\n`);
  }
  return undefined;
}
