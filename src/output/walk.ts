import { CallbackUrlRef, DeploymentSubscriptionRef, FileText, Merge, ParamRef, ResourceIdRef, ResourcePropertyRef, SubscriptionResourceRef, isPlainObject, type AzureResource, type Deployment, type ModuleSpec, type Value } from '../resources/model.js';

/**
 * The one walk over the resource model. Every consumer of a deployment — the Bicep writer, apply's desired state,
 * tests that read resources, and any future output target — goes through `walkDeployment()` and `resolveValue()`
 * and says, in a `ValueResolver`, only what each kind of model value becomes in its representation. So the kinds of
 * value are listed once (here), and a new kind fails to compile in every target until each handles it.
 */
export interface ValueResolver<T> {
  /** A string, number, boolean or null. */
  scalar(value: string | number | boolean | null): T;
  array(items: T[]): T;
  /** An object's entries in the model's key order. */
  object(entries: [key: string, value: T][]): T;
  /** The value of a deployment parameter. */
  param(ref: ParamRef): T;
  /** The id of another resource of the deployment. */
  resourceId(ref: ResourceIdRef): T;
  /** The id of the subscription the deployment runs in. */
  deploymentSubscription(ref: DeploymentSubscriptionRef): T;
  /** A text kept in its own file; `replacements` swap literal text for deploy-time values (already resolved). */
  fileText(text: FileText, replacements: [from: string, to: T][]): T;
  /** Objects merged left to right. */
  merge(parts: T[]): T;
  /** A resource of the deployment's subscription by type and name (a role definition). */
  subscriptionResource(ref: SubscriptionResourceRef): T;
  /** A property Azure assigns to another resource of the deployment when it creates it (a principalId). */
  resourceProperty(ref: ResourcePropertyRef): T;
  /** The callback URL of a Logic App trigger of the deployment (a secret, read at deployment). */
  callbackUrl(ref: CallbackUrlRef): T;
}

/** One model value in a resolver's representation, depth first (children before their container). */
export function resolveValue<T>(v: Value, r: ValueResolver<T>): T {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return r.scalar(v);
  if (Array.isArray(v)) return r.array(v.map((x: Value) => resolveValue(x, r)));
  // Plain objects first, the commonest container: no instance of a reference class is one.
  if (isPlainObject(v)) {
    // for…in: the object's own keys in Object.entries' order, without an intermediate array of pairs.
    const entries: [string, T][] = [];
    for (const k in v) entries.push([k, resolveValue(v[k]!, r)]);
    return r.object(entries);
  }
  if (v instanceof ParamRef) return r.param(v);
  if (v instanceof ResourceIdRef) return r.resourceId(v);
  if (v instanceof DeploymentSubscriptionRef) return r.deploymentSubscription(v);
  if (v instanceof FileText) return r.fileText(v, v.replacements.map(([from, to]) => [from, resolveValue(to, r)]));
  if (v instanceof Merge) return r.merge(v.parts.map((p) => resolveValue(p, r)));
  if (v instanceof SubscriptionResourceRef) return r.subscriptionResource(v);
  if (v instanceof ResourcePropertyRef) return r.resourceProperty(v);
  if (v instanceof CallbackUrlRef) return r.callbackUrl(v);
  throw new Error(`unexpected value in the resource model: ${String(v)}`);
}

/** A resource of the deployment with its model values resolved; the fields that are no model value are as they are. */
export interface WalkedResource<T> {
  readonly resource: AzureResource;
  readonly module: ModuleSpec;
  readonly location?: T;
  readonly tags?: T;
  readonly properties: T;
}

/**
 * Every resource of the deployment, in the deployment's order, its location, tags and properties resolved (in that
 * order) by the resolver of its module. `resolverFor` is called once per module, in the deployment's module order,
 * before any resource is resolved, so a target can keep per-module state (the parameters a module uses, say).
 */
export function walkDeployment<T>(deployment: Deployment, resolverFor: (module: ModuleSpec) => ValueResolver<T>): WalkedResource<T>[] {
  const modules = new Map(deployment.modules.map((m) => [m.path, { module: m, resolver: resolverFor(m) }] as const));
  return deployment.resources.map((resource) => {
    const m = modules.get(resource.module);
    if (!m) throw undeclaredModule(resource);
    return walkResource(resource, m.module, m.resolver);
  });
}

/**
 * The same walk one module at a time, in the deployment's module order: `resolverFor` is called for a module just
 * before its resources (in the deployment's order) are resolved. A target that writes a file per module can let go
 * of a module's resolved values before the next is resolved, rather than hold the whole estate's at once.
 */
export function* walkModules<T>(deployment: Deployment, resolverFor: (module: ModuleSpec) => ValueResolver<T>): Generator<{ module: ModuleSpec; resources: WalkedResource<T>[] }> {
  const resourcesOf = new Map<string, AzureResource[]>(deployment.modules.map((m) => [m.path, []]));
  for (const resource of deployment.resources) {
    const own = resourcesOf.get(resource.module);
    if (!own) throw undeclaredModule(resource);
    own.push(resource);
  }
  for (const module of deployment.modules) {
    const resolver = resolverFor(module);
    yield { module, resources: resourcesOf.get(module.path)!.map((resource) => walkResource(resource, module, resolver)) };
  }
}

const undeclaredModule = (resource: AzureResource): Error => new Error(`${resource.key} belongs to module ${resource.module}, which the deployment does not declare`);

function walkResource<T>(resource: AzureResource, module: ModuleSpec, resolver: ValueResolver<T>): WalkedResource<T> {
  const location = resource.location !== undefined ? resolveValue(resource.location, resolver) : undefined;
  const tags = resource.tags !== undefined ? resolveValue(resource.tags, resolver) : undefined;
  const properties = resolveValue(resource.properties, resolver);
  return { resource, module, ...(location !== undefined ? { location } : {}), ...(tags !== undefined ? { tags } : {}), properties };
}

/**
 * A plain, JSON-shaped reading of model values for tests and tools: texts inline (replacements shown as their
 * value), references as ARM-like expressions (`[parameters('x')]`, `[resourceId('<key>')]`, `[subscription().id]`),
 * merges as `{ $union: [...] }`.
 */
export const readableValues: ValueResolver<unknown> = {
  scalar: (v) => v,
  array: (items) => items,
  object: (entries) => Object.fromEntries(entries),
  param: (ref) => `[parameters('${ref.name}')]`,
  resourceId: (ref) => `[resourceId('${ref.key}')]`,
  deploymentSubscription: () => '[subscription().id]',
  fileText: (text, replacements) => replacements.reduce((s, [from, to]) => s.split(from).join(typeof to === 'string' ? to : JSON.stringify(to)), text.content),
  merge: (parts) => ({ $union: parts }),
  subscriptionResource: (ref) => `[subscriptionResourceId('${ref.type}', '${ref.name}')]`,
  resourceProperty: (ref) => `[reference('${ref.key}').${ref.path.join('.')}]`,
  callbackUrl: (ref) => `[listCallbackUrl('${ref.key}', '${ref.trigger}')]`,
};

/** Every resource of a deployment in the readable form of `readableValues`, for tests that read resources. */
export function readableResources(deployment: Deployment): { key: string; type: string; name: string; apiVersion: string; module: string; location?: unknown; tags?: unknown; properties: unknown }[] {
  return walkDeployment(deployment, () => readableValues).map((w) => ({
    key: w.resource.key,
    type: w.resource.type,
    name: w.resource.name,
    apiVersion: w.resource.apiVersion,
    module: w.module.path,
    ...('location' in w ? { location: w.location } : {}),
    ...('tags' in w ? { tags: w.tags } : {}),
    properties: w.properties,
  }));
}
