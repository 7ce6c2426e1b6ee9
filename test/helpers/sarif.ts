/**
 * The real SARIF multitool (`@microsoft/sarif-multitool`, a devDependency: its Linux package carries a self-contained
 * .NET build, so nothing beyond `npm ci` is needed) and the SARIF 2.1.0 JSON Schema it ships, for checking the logs
 * azslo writes. Missing is a failure that says how to install it, never a skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const require = createRequire(import.meta.url);

/** The multitool's executable, as its npm wrapper resolves it for this platform. */
export function multitool(): string {
  let exe: string;
  try {
    exe = require('@microsoft/sarif-multitool') as string;
  } catch (e) {
    throw new Error(`@microsoft/sarif-multitool is not installed (a devDependency): run npm ci (${(e as Error).message})`);
  }
  if (!existsSync(exe)) throw new Error(`${exe} is missing: run npm ci`);
  return exe;
}

export interface Finding {
  readonly file: string;
  readonly ruleId: string;
  readonly level: string;
  readonly text: string;
}

/**
 * `Sarif.Multitool validate` over the logs given (name → text), its own SARIF output read back: every finding with
 * its effective level (the result's, else its rule's default, else warning, as SARIF says).
 */
export function multitoolValidate(logs: Readonly<Record<string, string>>): Finding[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'azslo-sarif-'));
  try {
    const files = Object.entries(logs).map(([name, text]) => {
      const file = path.join(dir, name);
      writeFileSync(file, text);
      return file;
    });
    const out = path.join(dir, 'validation.sarif.json');
    const r = spawnSync(multitool(), ['validate', ...files, '--output', out], { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' }, timeout: 120_000 });
    if (r.status !== 0 || !existsSync(out)) throw new Error(`the multitool failed (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
    type Rule = { id: string; defaultConfiguration?: { level?: string }; messageStrings?: Record<string, { text: string }> };
    const run = (JSON.parse(readFileSync(out, 'utf8')) as { runs: { tool: { driver: { rules?: Rule[] } }; results?: any[] }[] }).runs[0]!;
    const rules = run.tool.driver.rules ?? [];
    return (run.results ?? []).map((x) => {
      const rule = rules[x.ruleIndex ?? -1];
      // The validator's messages are ids with arguments; its rules hold the templates ({0}, {1}…).
      const template = rule?.messageStrings?.[x.message?.id]?.text;
      const args: string[] = x.message?.arguments ?? [];
      return {
        file: path.basename(decodeURIComponent(String(x.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? ''))),
        ruleId: x.ruleId,
        level: x.level ?? rule?.defaultConfiguration?.level ?? 'warning',
        text: x.message?.text ?? (template ? template.replace(/\{(\d+)\}/g, (_: string, i: string) => args[Number(i)] ?? '') : `${x.message?.id} ${JSON.stringify(args)}`),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let schemaCheck: ((log: unknown) => boolean) & { errors?: unknown } | undefined;
/** The errors of the SARIF 2.1.0 JSON Schema (the copy the multitool ships) on a log: none when it conforms. */
export function schemaErrors(log: unknown): string[] {
  if (!schemaCheck) {
    const schemaFile = path.join(path.dirname(multitool()), 'sarif-2.1.0.json');
    const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ strict: false, allErrors: true });
    (addFormats as unknown as typeof addFormats.default)(ajv);
    schemaCheck = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  }
  return schemaCheck(log) ? [] : ((schemaCheck.errors as { instancePath: string; message: string }[]) ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
