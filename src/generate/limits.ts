import { fact } from '../catalog/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnosticsAt } from '../diagnostics/builder.js';
import { formatPath, positionAt } from '../load/source.js';
import { CallbackUrlRef, FileText, Merge, ParamRef, ResourceIdRef, ResourcePropertyRef, isPlainObject, type AzureResource, type Deployment, type Value } from '../resources/model.js';
import { fit, slug } from '../model/names.js';
import type { DeploymentUnit } from '../output/target.js';
import type { ValidatedService } from '../validate/index.js';

/** How generate groups an estate into deployments: `auto` (one when it fits ARM's limits, else one per service), `service`. */
export type SplitMode = 'auto' | 'service';

/** The deployments of an estate and the problems that keep one of them from fitting ARM's template limits. */
export interface DeploymentPlan {
  readonly units: readonly DeploymentUnit[];
  /** Per unit (same order): its parameters, module calls and compiled template's size in bytes, estimated from above. */
  readonly sizes: readonly { readonly params: number; readonly modules: number; readonly bytes: number }[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * The deployment units of an estate, each within ARM's template limits (catalog/azure/arm-limits.yaml: parameters,
 * resources — a module call counts as one —, outputs of each module, the compiled template's size): the whole
 * estate as one main.bicep when it fits (and `split` is not `service`), otherwise one entry point per service,
 * services that reference each other's resources kept together. A unit, a module or a subscription that still
 * exceeds a limit is reported (AZSLO025). A subscription holds at most 100 activity log alert rules
 * (catalog/azure/activity-log-alerts.yaml); they all land in the deployment's subscription however it is split.
 */
export function planDeploymentUnits(deployment: Deployment, services: readonly ValidatedService[], split: SplitMode = 'auto'): DeploymentPlan {
  const maxParams = fact('arm-limits', 'maxParameters');
  const maxResources = fact('arm-limits', 'maxResources');
  const maxOutputs = fact('arm-limits', 'maxOutputs');
  const maxBytes = fact('arm-limits', 'maxTemplateBytes');
  const first = services[0];
  const whole: DeploymentUnit = { folder: '', name: 'azslo', modules: deployment.modules.map((m) => m.path) };
  if (!first) return { units: [whole], sizes: [], diagnostics: [] };
  const out: Diagnostic[] = [];
  const at = (slugName: string, path: readonly (string | number)[] = ['metadata', 'name']) => {
    const owner = services.find((s) => slug(s.spec.metadata.name) === slugName) ?? first;
    return diagnosticsAt({ file: owner.source.file, position: positionAt(owner.source, path), path: formatPath(path) }, (d) => out.push(d));
  };
  const activityLogAlerts = deployment.resources.filter((r) => r.type === 'Microsoft.Insights/activityLogAlerts').length;
  const maxActivityLogAlerts = fact('activity-log-alerts', 'maxRulesPerSubscription');
  if (activityLogAlerts > maxActivityLogAlerts) at(slug(first.spec.metadata.name)).tooManyActivityLogAlerts(activityLogAlerts, maxActivityLogAlerts);

  const facts = moduleFacts(deployment);
  for (const [module, f] of facts) {
    if (f.resources > maxResources) at(serviceOf(module)).moduleTooLarge(module, f.resources, maxResources);
    if (f.outputs.size > maxOutputs) at(serviceOf(module)).deploymentTooLarge(`module ${module}.bicep`, 'outputs', f.outputs.size, maxOutputs);
  }
  const measure = (modules: readonly string[], params: number) => ({
    params,
    modules: modules.length,
    bytes: ENTRY_BYTES + params * PARAM_BYTES + modules.reduce((n, m) => n + facts.get(m)!.bytes, 0),
  });
  const all = measure(whole.modules, deployment.params.length);
  let units: DeploymentUnit[];
  if (split === 'auto' && all.params <= maxParams && all.modules <= maxResources && all.bytes <= maxBytes) units = [whole];
  else units = serviceUnits(deployment, facts);
  const sizes = units.map((unit) => (unit === whole ? all : measure(unit.modules, new Set(unit.modules.flatMap((m) => [...facts.get(m)!.params])).size)));
  for (const [i, unit] of units.entries()) {
    const size = sizes[i]!;
    const what = unit === whole ? 'the generated main.bicep' : `the deployment of ${unit.folder}/main.bicep`;
    const owner = unit === whole ? slug(first.spec.metadata.name) : serviceOf(unit.modules[0]!);
    if (size.params > maxParams) at(owner).deploymentTooLarge(what, 'parameters', size.params, maxParams);
    if (size.modules > maxResources) at(owner).deploymentTooLarge(what, 'module calls (resources)', size.modules, maxResources);
    if (size.bytes > maxBytes) at(owner).deploymentTooLarge(what, 'bytes of compiled template (estimated)', size.bytes, maxBytes);
  }
  out.push(...checkTextLengths(deployment, services));
  out.push(...checkScriptEnvironments(deployment, services));
  return { units, sizes, diagnostics: out };
}

const serviceOf = (module: string): string => module.split('/')[0]!;

/**
 * Bytes of compiled template, estimated from above (test/generate/estate.test.ts compares the estimate with what the
 * Bicep CLI compiles): an entry point's frame, each of its parameters (declared, passed to modules), each module's
 * nested deployment (frame, parameters), each resource's fixed fields, each value of its properties.
 */
const ENTRY_BYTES = 2_000;
const PARAM_BYTES = 600;
const MODULE_BYTES = 3_000;
const RESOURCE_BYTES = 1_500;
const NODE_BYTES = 40;

interface ModuleFacts {
  resources: number;
  /** The parameters its resources read. */
  readonly params: Set<string>;
  /** What other modules read from its resources (their outputs in Bicep): resource key and property path. */
  readonly outputs: Set<string>;
  /** The modules of other services whose resources it references. */
  readonly links: Set<string>;
  bytes: number;
}

/** Per module: its resources, parameters, outputs, links to other modules and estimated compiled size, in one walk. */
function moduleFacts(deployment: Deployment): Map<string, ModuleFacts> {
  const facts = new Map<string, ModuleFacts>();
  for (const m of deployment.modules) {
    const f: ModuleFacts = { resources: 0, params: new Set(), outputs: new Set(), links: new Set(), bytes: MODULE_BYTES };
    if (m.scopeOf) f.params.add(m.scopeOf.name);
    facts.set(m.path, f);
  }
  const moduleOf = new Map(deployment.resources.map((r) => [r.key, r.module]));
  for (const r of deployment.resources) {
    const f = facts.get(r.module);
    if (!f) throw new Error(`${r.key}: no module ${r.module}`);
    f.resources++;
    const walk: ResourceWalk = { resource: r, facts: f, all: facts, moduleOf, bytes: RESOURCE_BYTES + r.description.length + r.name.length };
    for (const k of r.dependsOn) refer(walk, k);
    if (r.within) refer(walk, r.within);
    if (r.scope && 'key' in r.scope) refer(walk, r.scope.key);
    if (r.identity?.type === 'UserAssigned') refer(walk, r.identity.key);
    if (r.parent) f.params.add(r.parent.id.name);
    visit(walk, r.location, 1);
    visit(walk, r.tags, 1);
    visit(walk, r.properties, 1);
    f.bytes += walk.bytes;
  }
  for (const f of facts.values()) f.bytes += f.params.size * PARAM_BYTES + f.outputs.size * PARAM_BYTES;
  return facts;
}

/** One resource's walk in moduleFacts: its module's facts, and the bytes of its values so far. */
interface ResourceWalk {
  readonly resource: AzureResource;
  readonly facts: ModuleFacts;
  readonly all: Map<string, ModuleFacts>;
  readonly moduleOf: Map<string, string>;
  bytes: number;
}

/** The module of a resource the walked one references, noted as a link when it is another module. */
function refer(w: ResourceWalk, key: string): string | undefined {
  const other = w.moduleOf.get(key);
  if (other !== undefined && other !== w.resource.module) w.facts.links.add(other);
  return other;
}

function visit(w: ResourceWalk, v: Value | undefined, depth: number): void {
  w.bytes += NODE_BYTES + 2 * depth;
  if (v === undefined || v === null || typeof v === 'number' || typeof v === 'boolean') return;
  if (typeof v === 'string') w.bytes += jsonLength(v);
  else if (Array.isArray(v)) for (const x of v) visit(w, x, depth + 1);
  else if (isPlainObject(v)) {
    // for…in: a plain object's own keys in the same order as Object.entries, without an array of pairs per object.
    for (const k in v) {
      w.bytes += k.length + 4;
      visit(w, v[k], depth + 1);
    }
  } else if (v instanceof ParamRef) w.facts.params.add(v.name);
  else if (v instanceof FileText) {
    w.bytes += jsonLength(v.content);
    for (const [from, to] of v.replacements) {
      w.bytes += jsonLength(from);
      visit(w, to, depth + 1);
    }
  } else if (v instanceof Merge) for (const x of v.parts) visit(w, x, depth + 1);
  else if (v instanceof ResourceIdRef || v instanceof CallbackUrlRef) refer(w, v.key);
  else if (v instanceof ResourcePropertyRef) {
    const owner = refer(w, v.key);
    if (owner !== undefined && owner !== w.resource.module) w.all.get(owner)!.outputs.add(`${v.key}|${v.path.join('.')}`);
  }
}

/**
 * Besides a quote, a backslash, an apostrophe and a newline: what JSON escapes (control characters) or may write as
 * \uXXXX (anything from DEL on). Rare in azslo's texts, so counted match by match.
 */
const OTHER_ESCAPED = /[\u0000-\u0009\u000b-\u001f\u007f-\uffff]/g;

/** How many times one character occurs: indexOf is a native scan, far faster than a loop over every character. */
function occurrences(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i !== -1; i = s.indexOf(c, i + 1)) n++;
  return n;
}

/**
 * A string's length as a JSON string literal: quotes, and the characters JSON escapes counted twice (or six times):
 * a quote, a backslash and ' (doubled inside an ARM expression) one more, a control character or one from DEL on
 * five more (written as \uXXXX at worst). Every KQL and workbook text goes through it.
 */
function jsonLength(s: string): number {
  let n = s.length + 2 + occurrences(s, '"') + occurrences(s, '\\') + occurrences(s, "'") + 5 * occurrences(s, '\n');
  OTHER_ESCAPED.lastIndex = 0;
  while (OTHER_ESCAPED.exec(s) !== null) n += 5;
  return n;
}

/**
 * One unit per service, in the deployment's order, in the service's folder; services whose modules reference each
 * other's resources are one unit (in the folder of the first).
 */
function serviceUnits(deployment: Deployment, facts: Map<string, ModuleFacts>): DeploymentUnit[] {
  const parent = new Map<string, string>();
  const find = (s: string): string => {
    let p = s;
    while (parent.has(p)) p = parent.get(p)!;
    return p;
  };
  const rank = new Map<string, number>();
  for (const m of deployment.modules) if (!rank.has(serviceOf(m.path))) rank.set(serviceOf(m.path), rank.size);
  for (const [module, f] of facts) {
    for (const other of f.links) {
      const a = find(serviceOf(module));
      const b = find(serviceOf(other));
      if (a === b) continue;
      // The first service in the deployment's order names the unit.
      if (rank.get(a)! < rank.get(b)!) parent.set(b, a);
      else parent.set(a, b);
    }
  }
  const units = new Map<string, string[]>();
  for (const m of deployment.modules) {
    const root = find(serviceOf(m.path));
    (units.get(root) ?? units.set(root, []).get(root)!).push(m.path);
  }
  return [...units].map(([folder, modules]) => ({ folder, name: fit(`azslo-${folder}`, 64), modules }));
}

/**
 * A deployment script's environment variables hold at most 64 KB together (catalog recovery-runner): the publishing
 * script of a recovery runbook carries the runbook's text in one, so a longer runbook could not be published.
 */
function checkScriptEnvironments(deployment: Deployment, services: readonly ValidatedService[]): Diagnostic[] {
  const limit = fact('recovery-runner', 'deploymentScriptEnvironmentMaxBytes');
  const out: Diagnostic[] = [];
  for (const r of deployment.resources) {
    if (r.type !== 'Microsoft.Resources/deploymentScripts' || !isPlainObject(r.properties) || !Array.isArray(r.properties.environmentVariables)) continue;
    let bytes = 0;
    const files: FileText[] = [];
    for (const v of r.properties.environmentVariables as readonly Value[]) {
      if (!isPlainObject(v)) continue;
      bytes += Buffer.byteLength(String(v.name ?? ''));
      if (v.value instanceof FileText) {
        files.push(v.value);
        bytes += Buffer.byteLength(v.value.content);
      } else if (typeof v.value === 'string') bytes += Buffer.byteLength(v.value);
      else bytes += 512; // a resource id, resolved at deployment
    }
    if (bytes <= limit) continue;
    const owner = services.find((s) => slug(s.spec.metadata.name) === r.module.split('/')[0]) ?? services[0]!;
    out.push(diagnosticsAt({ file: owner.source.file, position: positionAt(owner.source, ['recovery']), path: 'recovery' }).textTooLong(files[0]?.path ?? r.name, bytes, limit));
  }
  return out;
}

/** Every generated text (KQL, workbook JSON) in the deployment, wherever it stands in a resource's properties. */
function texts(v: Value, out: FileText[] = []): FileText[] {
  if (v instanceof FileText) out.push(v);
  else if (Array.isArray(v)) for (const x of v) texts(x, out);
  else if (v instanceof Merge) for (const x of v.parts) texts(x, out);
  else if (isPlainObject(v)) for (const k in v) texts(v[k]!, out);
  return out;
}

/**
 * A text longer than ARM and Bicep handle as one string (arm-limits maxTextLength) cannot be deployed, however it is
 * loaded or assembled. Workbooks are already split to fit; what is left comes from one SLO's or signal's own options
 * (long lists of role names or operations, a long query), so it is reported there.
 */
function checkTextLengths(deployment: Deployment, services: readonly ValidatedService[]): Diagnostic[] {
  const limit = fact('arm-limits', 'maxTextLength');
  const out: Diagnostic[] = [];
  for (const r of deployment.resources) {
    for (const t of texts(r.properties)) {
      if (t.content.length <= limit) continue;
      const owner = services.find((s) => slug(s.spec.metadata.name) === r.module.split('/')[0]) ?? services[0]!;
      const sloIndex = t.origin.slo === undefined ? -1 : owner.spec.slos.findIndex((x) => x.name === t.origin.slo);
      const signalIndex = t.origin.signal === undefined ? -1 : (owner.spec.business?.signals ?? []).findIndex((x) => x.name === t.origin.signal);
      const path = sloIndex >= 0 ? ['slos', sloIndex, 'sli'] : signalIndex >= 0 ? ['business', 'signals', signalIndex, 'source'] : ['metadata', 'name'];
      out.push(diagnosticsAt({ file: owner.source.file, position: positionAt(owner.source, path), path: formatPath(path) }).textTooLong(t.path, t.content.length, limit));
    }
  }
  return out;
}
