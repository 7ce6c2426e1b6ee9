import { DeploymentSubscriptionRef, FileText, Merge, ParamRef, ResourceIdRef, isPlainObject, type AzureResource, type Deployment, type ParamSpec, type Value } from '../resources/model.js';

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

export class ResolveError extends Error {}

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
      if (v === undefined || v === '') throw new ResolveError(`environment variable ${s.variable} is not set (parameter ${p.name})`);
      out.set(p.name, v);
    } else if (readSecret) {
      out.set(p.name, readSecret(s));
    } else {
      throw new ResolveError(`parameter ${p.name} is a Key Vault reference (${s.vaultName}/${s.secretName}); apply reads secrets from environment variables only — use "\${env:…}" or deploy the Bicep`);
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

export function desiredState(deployment: Deployment, target: Target, env: NodeJS.ProcessEnv = process.env, readSecret?: SecretReader): DesiredResource[] {
  const params = resolveParams(deployment.params, env, readSecret);
  const byKey = new Map(deployment.resources.map((r) => [r.key, r]));
  const resolve = (v: Value): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(resolve);
    if (v instanceof ParamRef) return params.get(v.name);
    if (v instanceof ResourceIdRef) return resourceId(byKey.get(v.key)!, target, params);
    if (v instanceof DeploymentSubscriptionRef) return `/subscriptions/${target.subscriptionId}`;
    if (v instanceof FileText) {
      let text = v.content;
      for (const [from, to] of v.replacements) text = text.split(from).join(String(resolve(to)));
      return text;
    }
    if (v instanceof Merge) return Object.assign({}, ...v.parts.map((p) => resolve(p) as object));
    if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    throw new Error(`unexpected value in the resource model: ${String(v)}`);
  };
  return deployment.resources.map((r) => {
    const body: Record<string, unknown> = {};
    if (r.location !== undefined) body.location = resolve(r.location);
    if (r.kind !== undefined) body.kind = r.kind;
    if (r.tags !== undefined) body.tags = resolve(r.tags);
    if (r.etag !== undefined) body.etag = r.etag;
    body.properties = resolve(r.properties);
    return { key: r.key, id: resourceId(r, target, params), type: r.type, apiVersion: r.apiVersion, name: r.name, body, dependsOn: r.dependsOn };
  });
}
