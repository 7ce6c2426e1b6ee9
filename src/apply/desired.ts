import type { AzureResource, Deployment, ParamSpec } from '../resources/model.js';
import { CallbackUrlRef, FileText, Merge, ResourcePropertyRef, isPlainObject, type Value } from '../resources/model.js';
import { resolveValue, walkDeployment, type ValueResolver } from '../output/walk.js';
import { tool, ToolError, type ToolProblem } from '../diagnostics/tool.js';

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
  /** Content apply uploads to the resource's draft and publishes after a PUT (runbooks). */
  readonly publish?: { readonly content: string; readonly contentType: string };
  /** Whether the body still holds values Azure assigns to other resources when it creates them (see `PENDING`). */
  readonly pending: boolean;
}

/**
 * Values other resources get from Azure when they are created (a principalId, a Logic App's callback URL), as ARM
 * holds them now: undefined while the resource does not exist yet. Bodies then carry a `PENDING` text in their place,
 * which apply resolves once the resource exists (it is written in an earlier phase).
 */
export interface LiveValues {
  property(key: string, path: readonly string[]): unknown;
  callbackUrl(key: string, trigger: string): string | undefined;
}

export const PENDING = '(known after apply)';

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

/**
 * What plan puts in place of a secret it cannot read (an unset `${env:…}` variable, a Key Vault reference): secrets
 * are write-only, and a plan in a pull request has none, so it compares everything else and says which values it
 * did not compare. apply never sees it: it refuses to start without every secret (it must write them).
 */
export const SECRET_NOT_COMPARED = '(secret, not compared)';

/** Whether a desired value holds a secret plan could not read (alone, or inside a text it was substituted into). */
export const holdsUnreadSecret = (v: unknown): boolean => typeof v === 'string' && v.includes(SECRET_NOT_COMPARED);

/**
 * How a secret that cannot be read is handled: `refuse` (apply: a ResolveError, AZSLO051) or `mark` (plan: the
 * parameter takes SECRET_NOT_COMPARED, and `unread` is told why it could not be read).
 */
export type UnreadSecrets = 'refuse' | { readonly mark: true; readonly unread?: (param: string, problem: ToolProblem) => void };

/** Values of the deployment parameters, as the params file would give them; secrets come from the environment. */
export function resolveParams(params: readonly ParamSpec[], env: NodeJS.ProcessEnv = process.env, readSecret?: SecretReader, unreadSecrets: UnreadSecrets = 'refuse'): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const cannotRead = (p: ParamSpec, problem: ToolProblem) => {
    if (unreadSecrets === 'refuse') throw new ResolveError(problem);
    unreadSecrets.unread?.(p.name, problem);
    out.set(p.name, SECRET_NOT_COMPARED);
  };
  for (const p of params) {
    const s = p.source;
    if (s.kind === 'literal') out.set(p.name, s.value);
    else if (s.kind === 'env') {
      const v = env[s.variable];
      if (v === undefined || v === '') cannotRead(p, tool.environmentVariableNotSet(s.variable, p.name));
      else out.set(p.name, v);
    } else if (readSecret) {
      out.set(p.name, readSecret(s));
    } else {
      cannotRead(p, tool.keyVaultSecretNotRead(p.name, s.vaultName, s.secretName));
    }
  }
  return out;
}

export function resourceId(r: Pick<AzureResource, 'type' | 'name' | 'parent' | 'within' | 'scope'>, target: Target, params: Map<string, unknown>, byKey?: ReadonlyMap<string, AzureResource>): string {
  const keyed = (key: string) => {
    const other = byKey?.get(key);
    if (!other) throw new Error(`no resource ${key} in the deployment`);
    return resourceId(other, target, params, byKey);
  };
  if (r.within) return `${keyed(r.within)}/${r.type.split('/').pop()}/${r.name}`;
  if (r.scope) return `${'key' in r.scope ? keyed(r.scope.key) : r.scope.id}/providers/${r.type}/${r.name}`;
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
export function armValues(deployment: Deployment, target: Target, params: Map<string, unknown>, live?: LiveValues): ValueResolver<unknown> {
  const byKey = new Map(deployment.resources.map((r) => [r.key, r]));
  return {
    scalar: (v) => v,
    array: (items) => items,
    object: (entries) => Object.fromEntries(entries),
    param: (ref) => params.get(ref.name),
    resourceId: (ref) => resourceId(byKey.get(ref.key)!, target, params, byKey),
    deploymentSubscription: () => `/subscriptions/${target.subscriptionId}`,
    fileText: (v, replacements) => {
      let text = v.content;
      for (const [from, to] of replacements) text = text.split(from).join(String(to));
      return text;
    },
    merge: (parts) => Object.assign({}, ...(parts as object[])),
    subscriptionResource: (ref) => `/subscriptions/${target.subscriptionId}/providers/${ref.type}/${ref.name}`,
    resourceProperty: (ref) => live?.property(ref.key, ref.path) ?? PENDING,
    callbackUrl: (ref) => live?.callbackUrl(ref.key, ref.trigger) ?? PENDING,
  };
}

/** The deploy-time values a deployment's bodies read from other resources: which resources, and how. */
export function liveReferences(deployment: Deployment): { properties: ResourcePropertyRef[]; callbackUrls: CallbackUrlRef[] } {
  const properties: ResourcePropertyRef[] = [];
  const callbackUrls: CallbackUrlRef[] = [];
  const visit = (v: Value): void => {
    if (v instanceof ResourcePropertyRef) properties.push(v);
    else if (v instanceof CallbackUrlRef) callbackUrls.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v instanceof Merge) v.parts.forEach(visit);
    else if (v instanceof FileText) v.replacements.forEach(([, x]) => visit(x));
    else if (isPlainObject(v)) Object.values(v).forEach(visit);
  };
  for (const r of deployment.resources) if (!r.templateOnly) visit(r.properties);
  return { properties, callbackUrls };
}

const holdsPending = (v: unknown): boolean => v === PENDING || (Array.isArray(v) ? v.some(holdsPending) : typeof v === 'object' && v !== null && Object.values(v).some(holdsPending));

/**
 * The resources apply writes: all but the template-only ones (the deployment script that publishes runbooks, its
 * identity and role — apply publishes itself). `live` gives the values Azure assigned to resources that exist.
 */
export function desiredState(deployment: Deployment, target: Target, env: NodeJS.ProcessEnv = process.env, readSecret?: SecretReader, live?: LiveValues, unreadSecrets: UnreadSecrets = 'refuse'): DesiredResource[] {
  const params = resolveParams(deployment.params, env, readSecret, unreadSecrets);
  const values = armValues(deployment, target, params, live);
  const byKey = new Map(deployment.resources.map((r) => [r.key, r]));
  return walkDeployment(deployment, () => values).filter((w) => !w.resource.templateOnly).map((w) => {
    const r = w.resource;
    const body: Record<string, unknown> = {};
    if (r.location !== undefined) body.location = w.location;
    if (r.kind !== undefined) body.kind = r.kind;
    if (r.identity?.type === 'SystemAssigned') body.identity = { type: 'SystemAssigned' };
    else if (r.identity) body.identity = { type: 'UserAssigned', userAssignedIdentities: { [resourceId(byKey.get(r.identity.key)!, target, params, byKey)]: {} } };
    if (r.tags !== undefined) body.tags = w.tags;
    if (r.etag !== undefined) body.etag = r.etag;
    body.properties = w.properties;
    const publish = r.publish ? { content: resolveValue(r.publish.content, values) as string, contentType: r.publish.contentType } : undefined;
    return { key: r.key, id: resourceId(r, target, params, byKey), type: r.type, apiVersion: r.apiVersion, name: r.name, body, dependsOn: r.dependsOn, ...(publish ? { publish } : {}), pending: holdsPending(body) };
  });
}
