import { fact } from '../catalog/index.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagnosticsAt } from '../diagnostics/builder.js';
import { formatPath, positionAt } from '../load/source.js';
import { FileText, Merge, isPlainObject, type Deployment, type Value } from '../resources/model.js';
import { slug } from '../model/names.js';
import type { ValidatedService } from '../validate/index.js';

/**
 * ARM refuses a template with more than 256 parameters or 800 resources (catalog/azure/arm-limits.yaml). main.bicep
 * holds every parameter and one module call per service and concern; each module holds its resources. A subscription
 * holds at most 100 activity log alert rules (catalog/azure/activity-log-alerts.yaml); they all land in the
 * deployment's subscription, so more than that in one deployment cannot succeed.
 */
export function checkDeploymentLimits(deployment: Deployment, services: readonly ValidatedService[]): Diagnostic[] {
  const maxParams = fact('arm-limits', 'maxParameters');
  const maxResources = fact('arm-limits', 'maxResources');
  const first = services[0];
  if (!first) return [];
  const out: Diagnostic[] = [];
  const at = diagnosticsAt({ file: first.source.file, position: positionAt(first.source, ['metadata', 'name']), path: 'metadata.name' }, (d) => out.push(d));
  if (deployment.params.length > maxParams) at.tooManyParameters(deployment.params.length, maxParams);
  if (deployment.modules.length > maxResources) at.tooManyModules(deployment.modules.length, maxResources);
  const activityLogAlerts = deployment.resources.filter((r) => r.type === 'Microsoft.Insights/activityLogAlerts').length;
  const maxActivityLogAlerts = fact('activity-log-alerts', 'maxRulesPerSubscription');
  if (activityLogAlerts > maxActivityLogAlerts) at.tooManyActivityLogAlerts(activityLogAlerts, maxActivityLogAlerts);
  const perModule = new Map<string, number>();
  for (const r of deployment.resources) perModule.set(r.module, (perModule.get(r.module) ?? 0) + 1);
  for (const [module, count] of perModule) {
    if (count > maxResources) {
      const owner = services.find((s) => slug(s.spec.metadata.name) === module.split('/')[0]) ?? first;
      out.push(diagnosticsAt({ file: owner.source.file, position: positionAt(owner.source, ['metadata', 'name']), path: 'metadata.name' }).moduleTooLarge(module, count, maxResources));
    }
  }
  out.push(...checkTextLengths(deployment, services));
  out.push(...checkScriptEnvironments(deployment, services));
  return out;
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
  else if (isPlainObject(v)) for (const x of Object.values(v)) texts(x, out);
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
