import type { ChaosFault, RecoveryMechanism, ResourceTypeEntry } from './resources.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { catalogDir, fact } from './index.js';
import { metricAlertProblems, metricsCatalog, metricsFiles, resourceCatalog, resourceFiles, verifiedProblems } from './resources.js';

const require = createRequire(import.meta.url);
const root = path.resolve(fileURLToPath(catalogDir), '..');

/**
 * Problems of catalog/resources/ and catalog/metrics/: schema validity, every alert's metric, aggregation and
 * dimensions checked against the metric definitions, and every verified alert's condition against its AMBA record
 * (upstream), and every Resource Health claim against the Resource Health reference. Run by the tests and by
 * scripts/check-catalog.ts.
 */
export function catalogProblems(): string[] {
  const Ajv2020 = require('ajv/dist/2020.js');
  const addFormats = require('ajv-formats');
  // strictRequired off: the alert schema's oneOf names properties declared beside it.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  const schema = (n: string) => ajv.compile(JSON.parse(readFileSync(path.join(root, 'schema', `${n}.schema.json`), 'utf8')));
  const problems: string[] = [];
  const rel = (f: string) => path.relative(root, f);
  for (const [files, validate] of [
    [resourceFiles(), schema('catalog-resource')],
    [metricsFiles(), schema('catalog-metrics')],
  ] as const) {
    for (const f of files) {
      if (!validate(parse(readFileSync(f, 'utf8')))) problems.push(`${rel(f)}: ${JSON.stringify(validate.errors)}`);
    }
  }
  const resourceHealthTypes = new Set(fact('resource-health', 'supportedTypes').map((t) => t.toLowerCase()));
  for (const [key, entry] of resourceCatalog()) {
    if (!metricsCatalog().has(key)) problems.push(`${entry.type}: no catalog/metrics file`);
    const ids = new Set<string>();
    for (const a of [...entry.baselineAlerts, ...entry.recovery.signals]) {
      if (ids.has(a.id)) problems.push(`${entry.type}: duplicate alert id ${a.id}`);
      ids.add(a.id);
      for (const p of metricAlertProblems(entry.type, a)) problems.push(`${entry.type} ${a.id}: ${p}`);
      for (const p of verifiedProblems(entry.type, a)) problems.push(`${entry.type} ${a.id}: ${p}`);
    }
    if (entry.recovery.dataStore && entry.recovery.signals.length === 0 && !entry.recovery.noSignalReason) problems.push(`${entry.type}: a data store without signals needs noSignalReason`);
    for (const m of entry.recovery.mechanisms) {
      for (const p of operationProblems(entry, m)) problems.push(`${entry.type} '${m.name}': ${p}`);
      if (!m.watchedBy) continue;
      const watcher = resourceCatalog().get(m.watchedBy.type.toLowerCase());
      if (!watcher) problems.push(`${entry.type} '${m.name}': watchedBy names ${m.watchedBy.type}, which the catalog does not have`);
      else if (!watcher.baselineAlerts.some((a) => a.id === m.watchedBy!.alert)) problems.push(`${entry.type} '${m.name}': ${m.watchedBy.type} has no baseline alert '${m.watchedBy.alert}'`);
    }
    for (const f of entry.chaos?.faults ?? []) for (const p of chaosFaultProblems(f)) problems.push(`${entry.type} chaos '${f.name}': ${p}`);
    const faultNames = (entry.chaos?.faults ?? []).map((f) => f.name);
    for (const n of new Set(faultNames.filter((n, i) => faultNames.indexOf(n) !== i))) problems.push(`${entry.type}: duplicate chaos fault ${n}`);
    const listed = resourceHealthTypes.has(key);
    if (entry.resourceHealth.supported !== listed) problems.push(`${entry.type}: resourceHealth.supported is ${entry.resourceHealth.supported}, but the Resource Health reference ${listed ? 'lists' : 'does not list'} the type (catalog/azure/resource-health.yaml)`);
  }
  return problems;
}


/** Placeholders every recovery operation may use without declaring them (the runbook knows them from the plan). */
export const BUILT_IN_PLACEHOLDERS = ['subscriptionId', 'resourceGroup', 'name', 'region', 'regionName', 'secondaryRegion', 'secondaryRegionName'];

/**
 * A recovery operation's placeholders are built in or declared in its parameters; its drill names a planned-only
 * mechanism of the same type that has an operation; a planned-only mechanism is never drilled through another.
 */
function operationProblems(entry: ResourceTypeEntry, m: RecoveryMechanism): string[] {
  const out: string[] = [];
  const op = m.operation;
  if (op) {
    const declared = new Set([...BUILT_IN_PLACEHOLDERS, ...(op.parameters ?? []).map((p) => p.name)]);
    const texts = [op.path, JSON.stringify(op.body ?? {}), op.done?.path ?? '', op.done?.equals ?? '', op.lag?.path ?? '', m.drill?.failback.equals ?? ''];
    for (const name of new Set(texts.flatMap((x) => [...x.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((g) => g[1]!)))) {
      if (!declared.has(name)) out.push(`placeholder {${name}} is neither built in nor in operation.parameters`);
    }
    if (m.activation !== 'customer') out.push(`an operation on a${m.activation === 'automatic' ? 'n automatic' : ' Microsoft-managed'} mechanism: nobody starts it`);
  }
  if (m.drill) {
    const planned = entry.recovery.mechanisms.find((x) => x.name === m.drill!.mechanism);
    if (!planned) out.push(`drill.mechanism '${m.drill.mechanism}' is not a mechanism of the type`);
    else if (!planned.plannedOnly || !planned.operation || planned.dataLoss !== 'none') out.push(`drill.mechanism '${m.drill.mechanism}' must be planned-only, loss-free and have an operation`);
  }
  return out;
}

/** Placeholders every Chaos fault's parameters may use without declaring them (filled from the resource and the scenario). */
export const CHAOS_BUILT_IN_PLACEHOLDERS = ['name', 'region', 'regionName', 'secondaryRegion', 'secondaryRegionName'];

/**
 * A fault's roles have role definition ids in the catalog, its placeholders are built in or declared (and every
 * declared one is used), its capability matches its URN's version, and a zone filter goes with a zone outage.
 */
function chaosFaultProblems(f: ChaosFault): string[] {
  const out: string[] = [];
  const roles = fact('recovery-runner', 'builtInRoles');
  for (const r of f.roles) if (!Object.hasOwn(roles, r)) out.push(`role '${r}' has no role definition id in catalog/azure/recovery-runner.yaml builtInRoles`);
  const declared = (f.placeholders ?? []).map((p) => p.name);
  const used = new Set((f.parameters ?? []).flatMap((p) => [...p.value.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]!)));
  for (const name of used) if (!CHAOS_BUILT_IN_PLACEHOLDERS.includes(name) && !declared.includes(name)) out.push(`placeholder {${name}} is neither built in nor in placeholders`);
  for (const name of declared) {
    if (CHAOS_BUILT_IN_PLACEHOLDERS.includes(name)) out.push(`placeholder {${name}} is built in: do not declare it`);
    else if (!used.has(name)) out.push(`placeholder {${name}} is declared but no parameter uses it`);
  }
  const urnVersion = /\/(\d+\.\d+)$/.exec(f.urn)?.[1];
  if (urnVersion && !f.capability.endsWith(`-${urnVersion}`)) out.push(`capability ${f.capability} does not have the URN's version ${urnVersion}`);
  if (f.zoneFilter && !f.simulates.includes('zoneOutage')) out.push('a zone filter without zoneOutage in simulates');
  if (f.simulates.includes('zoneOutage') && !f.zoneFilter) out.push('zoneOutage needs a zone filter (the fault would take down every zone)');
  return out;
}
