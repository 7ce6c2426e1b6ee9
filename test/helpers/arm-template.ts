/**
 * What a compiled ARM template deploys: every resource, nested deployments (modules) evaluated in their own scope
 * with the parameters the calling template passes, and each body's expressions evaluated (test/helpers/arm-expressions).
 */
import { evaluate, type ArmContext } from './arm-expressions.js';
import type { ArmResource, ArmTemplate } from './bicep.js';

export interface DeployedResource {
  readonly type: string;
  readonly name: string;
  readonly apiVersion: string;
  readonly body: Record<string, unknown>;
}

export function deployedResources(template: ArmTemplate, ctx: ArmContext): DeployedResource[] {
  const out: DeployedResource[] = [];
  const list = Array.isArray(template.resources) ? template.resources : Object.values(template.resources);
  for (const r of list as (ArmResource & { existing?: boolean; resourceGroup?: string })[]) {
    if (r.existing) continue;
    if (r.type === 'Microsoft.Resources/deployments') {
      const props = r.properties as { template: ArmTemplate; parameters: Record<string, { value: unknown }> };
      const parameters = Object.fromEntries(Object.entries(props.parameters ?? {}).map(([k, v]) => [k, evaluate(v.value, ctx)]));
      const resourceGroup = r.resourceGroup ? String(evaluate(r.resourceGroup, ctx)) : ctx.resourceGroup;
      out.push(...deployedResources(props.template, { ...ctx, parameters, variables: props.template.variables ?? {}, resourceGroup }));
      continue;
    }
    const body: Record<string, unknown> = {};
    for (const k of ['location', 'kind', 'tags', 'etag', 'properties']) if (r[k] !== undefined) body[k] = evaluate(r[k], ctx);
    out.push({ type: r.type, name: String(evaluate(r.name, ctx)), apiVersion: r.apiVersion, body });
  }
  return out;
}
