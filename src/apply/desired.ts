import type { AzureResource, Deployment, ParamSpec } from '../resources/model.js';
import { walkDeployment, type ValueResolver } from '../output/walk.js';
import { tool, ToolError } from '../diagnostics/tool.js';

/**
 * The deployment as ARM will hold it: every resource of the intermediate model (the same one the Bicep is printed
 * from) with its full id and its body, parameter references resolved. plan and apply work on this.
 */
export interface DesiredResource {
  readonly key: string;
  readonly id: string;
  readonly type: string;
  readonly apiVersion: string;
  readonly name: string;
  /** ARM JSON body: location, kind, tags, etag, properties, as a PUT sends them. */
  readonly body: Record<string, unknown>;
  readonly dependsOn: readonly string[];
}

export interface Target {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
}

/** A deployment parameter apply cannot resolve (AZSLO051): `problem` has the code, message and hint. */
export class ResolveError extends ToolError {
  override readonly name = 'ResolveError';
}

/** Reads a Key Vault secret for apply; none is wired in the CLI yet, so Key Vault references are refused there. */
export type SecretReader = (ref: { subscriptionId: string; resourceGroup: string; vaultName: string; secretName: string }) => string;

/** Values of the deployment parameters, as the params file would give them; secrets come from the environment. */
export function resolveParams(params: readonly ParamSpec[], env: NodeJS.ProcessEnv = process.env, readSecret?: SecretReader): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const p of params) {
    const s = p.source;
    if (s.kind === 'literal') out.set(p.name, s.value);
    else if (s.kind === 'env') {
      const v = env[s.variable];
      if (v === undefined || v === '') throw new ResolveError(tool.environmentVariableNotSet(s.variable, p.name));
      out.set(p.name, v);
    } else if (readSecret) {
      out.set(p.name, readSecret(s));
    } else {
      throw new ResolveError(tool.keyVaultSecretNotRead(p.name, s.vaultName, s.secretName));
    }
  }
  return out;
}

export function resourceId(r: Pick<AzureResource, 'type' | 'name' | 'parent'>, target: Target, params: Map<string, unknown>): string {
  if (r.parent) {
    const parentId = String(params.get(r.parent.id.name));
    const childType = r.type.split('/').pop();
    return `${parentId}/${childType}/${r.name}`;
  }
  const [ns, ...types] = r.type.split('/');
  return `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}/providers/${ns}/${types.join('/')}/${r.name}`;
}

/**
 * Model values as ARM holds them at deployment: parameters by their values, resource ids in the target resource
 * group (children under their parent), texts with their replacements done, merges merged. The same walk as the
 * Bicep writer (src/output/walk.ts), resolved where Bicep writes expressions.
 */
export function armValues(deployment: Deployment, target: Target, params: Map<string, unknown>): ValueResolver<unknown> {
  const byKey = new Map(deployment.resources.map((r) => [r.key, r]));
  return {
    scalar: (v) => v,
    array: (items) => items,
    object: (entries) => Object.fromEntries(entries),
    param: (ref) => params.get(ref.name),
    resourceId: (ref) => resourceId(byKey.get(ref.key)!, target, params),
    deploymentSubscription: () => `/subscriptions/${target.subscriptionId}`,
    fileText: (v, replacements) => {
      let text = v.content;
      for (const [from, to] of replacements) text = text.split(from).join(String(to));
      return text;
    },
    merge: (parts) => Object.assign({}, ...(parts as object[])),
  };
}

export function desiredState(deployment: Deployment, target: Target, env: NodeJS.ProcessEnv = process.env, readSecret?: SecretReader): DesiredResource[] {
  const params = resolveParams(deployment.params, env, readSecret);
  const values = armValues(deployment, target, params);
  return walkDeployment(deployment, () => values).map((w) => {
    const r = w.resource;
    const body: Record<string, unknown> = {};
    if (r.location !== undefined) body.location = w.location;
    if (r.kind !== undefined) body.kind = r.kind;
    if (r.tags !== undefined) body.tags = w.tags;
    if (r.etag !== undefined) body.etag = r.etag;
    body.properties = w.properties;
    return { key: r.key, id: resourceId(r, target, params), type: r.type, apiVersion: r.apiVersion, name: r.name, body, dependsOn: r.dependsOn };
  });
}
