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

/**
 * Nested deployments (modules) are evaluated in an order their dependencies allow: a module that reads another's
 * outputs (reference(resourceId('Microsoft.Resources/deployments', name)).outputs.x.value) comes after it.
 */
export function deployedResources(template: ArmTemplate, ctx: ArmContext, outputs: Map<string, Record<string, { value: unknown }>> = new Map()): DeployedResource[] {
  const out: DeployedResource[] = [];
  const list = (Array.isArray(template.resources) ? template.resources : Object.values(template.resources)) as (ArmResource & { existing?: boolean; resourceGroup?: string })[];
  const runtime: ArmContext['runtime'] = {
    reference: (id, full) => {
      const m = /\/providers\/Microsoft\.Resources\/deployments\/([^/]+)$/i.exec(id);
      if (m) {
        const o = outputs.get(m[1]!);
        if (!o) throw new Error(`deployment ${m[1]} not evaluated yet`);
        return { outputs: o };
      }
      if (!ctx.runtime) throw new Error(`reference(${id}) needs the run-time values of a deployment (ctx.runtime)`);
      return ctx.runtime.reference(id, full);
    },
    list: (id, fn) => {
      if (!ctx.runtime) throw new Error(`${fn}(${id}) needs the run-time values of a deployment (ctx.runtime)`);
      return ctx.runtime.list(id, fn);
    },
  };
  const here: ArmContext = { ...ctx, runtime };
  const pending = [...list];
  for (let guard = 0; pending.length > 0 && guard < 1000; guard++) {
    const r = pending.shift()!;
    if (r.existing) continue;
    if (r.type === 'Microsoft.Resources/deployments') {
      const props = r.properties as { template: ArmTemplate & { outputs?: Record<string, { value: unknown }> }; parameters: Record<string, { value: unknown }> };
      let parameters: Record<string, unknown>;
      try {
        parameters = Object.fromEntries(Object.entries(props.parameters ?? {}).map(([k, v]) => [k, evaluate(v.value, here)]));
      } catch (e) {
        if (!/not evaluated yet/.test((e as Error).message)) throw e;
        pending.push(r);
        continue;
      }
      const resourceGroup = r.resourceGroup ? String(evaluate(r.resourceGroup, here)) : ctx.resourceGroup;
      const inner: ArmContext = { ...ctx, parameters, variables: props.template.variables ?? {}, resourceGroup };
      out.push(...deployedResources(props.template, inner, outputs));
      const name = String(evaluate(r.name, here));
      outputs.set(name, Object.fromEntries(Object.entries(props.template.outputs ?? {}).map(([k, o]) => [k, { value: evaluate(o.value, { ...inner, runtime: ctx.runtime }) }])));
      continue;
    }
    const body: Record<string, unknown> = {};
    for (const k of ['location', 'kind', 'identity', 'tags', 'etag', 'properties']) if (r[k] !== undefined) body[k] = evaluate(r[k], here);
    out.push({ type: r.type, name: String(evaluate(r.name, here)), apiVersion: r.apiVersion, body });
  }
  return out;
}
