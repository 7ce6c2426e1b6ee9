import { fact } from '../catalog/index.js';
import type { Code } from '../diagnostics/codes.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { positionAt } from '../load/source.js';
import type { Deployment } from '../resources/model.js';
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
  const at = { file: first.source.file, position: positionAt(first.source, ['metadata', 'name']), path: 'metadata.name' };
  const out: Diagnostic[] = [];
  const code: Code = 'AZSLO025';
  if (deployment.params.length > maxParams) {
    out.push(diagnostic(code, `the generated main.bicep would have ${deployment.params.length} parameters; ARM accepts at most ${maxParams} per template`, at));
  }
  if (deployment.modules.length > maxResources) {
    out.push(diagnostic(code, `the generated main.bicep would call ${deployment.modules.length} modules; ARM accepts at most ${maxResources} resources per template`, at));
  }
  const activityLogAlerts = deployment.resources.filter((r) => r.type === 'Microsoft.Insights/activityLogAlerts').length;
  const maxActivityLogAlerts = fact('activity-log-alerts', 'maxRulesPerSubscription');
  if (activityLogAlerts > maxActivityLogAlerts) {
    out.push(diagnostic(code, `the deployment would create ${activityLogAlerts} activity log alert rules; a subscription holds at most ${maxActivityLogAlerts}`, at));
  }
  const perModule = new Map<string, number>();
  for (const r of deployment.resources) perModule.set(r.module, (perModule.get(r.module) ?? 0) + 1);
  for (const [module, count] of perModule) {
    if (count > maxResources) {
      const owner = services.find((s) => slug(s.spec.metadata.name) === module.split('/')[0]) ?? first;
      out.push(
        diagnostic(code, `module ${module}.bicep would hold ${count} resources; ARM accepts at most ${maxResources} per template`, {
          file: owner.source.file,
          position: positionAt(owner.source, ['metadata', 'name']),
          path: 'metadata.name',
        }),
      );
    }
  }
  return out;
}
