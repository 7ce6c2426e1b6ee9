/**
 * The intermediate model of Azure resources: the only input of the Bicep writer, and (with the plan/apply
 * commands) of the ARM client, so the two paths deploy the same bodies with the same API versions.
 */

/** A deployment parameter's value, as the Bicep parameter file gives it. */
export type ParamSource =
  | { readonly kind: 'literal'; readonly value: string | Readonly<Record<string, string>> }
  | { readonly kind: 'env'; readonly variable: string }
  | { readonly kind: 'keyvault'; readonly subscriptionId: string; readonly resourceGroup: string; readonly vaultName: string; readonly secretName: string };

export interface ParamSpec {
  readonly name: string;
  readonly type: 'string' | 'object';
  readonly description: string;
  readonly secure: boolean;
  readonly source: ParamSource;
  /** Default in main.bicep, for parameters that may be left out of the params file. */
  readonly default?: Value;
}

/** The value of a deployment parameter. */
export class ParamRef {
  constructor(readonly name: string) {}
}

/** The resource id of another resource of the model. */
export class ResourceIdRef {
  constructor(readonly key: string) {}
}

/** The part of a spec a generated text comes from, so that a limit it breaks is reported there. */
export interface TextOrigin {
  readonly slo?: string;
  readonly signal?: string;
}

/**
 * The text of a file written beside the Bicep (KQL, workbook JSON), so reviewers read it as itself in diffs.
 * `replacements` swap literal text for values known only at deployment (e.g. the workspace id parameter).
 */
export class FileText {
  constructor(
    readonly path: string,
    readonly content: string,
    readonly replacements: readonly (readonly [string, Value])[] = [],
    readonly origin: TextOrigin = {},
  ) {}
}

/** Objects merged left to right (Bicep's union()), e.g. deployment-wide tags and a resource's own tags. */
export class Merge {
  constructor(readonly parts: readonly Value[]) {}
}

/** The id of the subscription the deployment runs in (Bicep's subscription().id), e.g. a Service Health scope. */
export class DeploymentSubscriptionRef {
  readonly kind = 'deploymentSubscription';
}

/** A resource of the deployment's subscription by type and name (Bicep's subscriptionResourceId()), e.g. a role definition. */
export class SubscriptionResourceRef {
  constructor(
    readonly type: string,
    readonly name: string,
  ) {}
}

/**
 * A property of another resource of the model that Azure assigns when it creates it (a managed identity's
 * principalId): Bicep reads it from the resource (a module output when the resource is in another module), apply
 * reads it from ARM once the resource exists.
 */
export class ResourcePropertyRef {
  constructor(
    readonly key: string,
    readonly path: readonly string[],
  ) {}
}

/**
 * The callback URL of a Logic App's request trigger (a secret: it carries the trigger's signature), as Bicep's
 * listCallbackUrl() and apply's POST …/triggers/{trigger}/listCallbackUrl return it at every deployment. Never
 * written anywhere: neither the spec, nor the Bicep, nor a params file holds it.
 */
export class CallbackUrlRef {
  constructor(
    readonly key: string,
    readonly trigger: string,
  ) {}
}

export type Value =
  | string
  | number
  | boolean
  | null
  | readonly Value[]
  | { readonly [key: string]: Value }
  | ParamRef
  | ResourceIdRef
  | FileText
  | Merge
  | DeploymentSubscriptionRef
  | SubscriptionResourceRef
  | ResourcePropertyRef
  | CallbackUrlRef;

export interface AzureResource {
  /** Unique and stable across generations: `<service>/<concern>/<name>`. */
  readonly key: string;
  /** The module (file) the resource belongs to, e.g. `checkout/alerting`. */
  readonly module: string;
  /** Bicep symbolic name, unique within the module. */
  readonly symbol: string;
  readonly type: string;
  readonly apiVersion: string;
  readonly name: string;
  /** The parent resource, for child types (saved searches live under their workspace). */
  readonly parent?: { readonly type: string; readonly apiVersion: string; readonly id: ParamRef };
  /** A resource of the same module this one is a child of (runbooks of their Automation account). */
  readonly within?: string;
  /**
   * The resource this one is an extension of (role assignments): a resource of the same module (`key`), or an existing
   * resource in the module's resource group, by its full id (the module is scoped to that resource group).
   */
  readonly scope?: { readonly key: string } | { readonly id: string; readonly apiVersion: string };
  /** The managed identity: system-assigned, or the user-assigned identity of the model with this key. */
  readonly identity?: { readonly type: 'SystemAssigned' } | { readonly type: 'UserAssigned'; readonly key: string };
  /**
   * Runbook content apply uploads to the draft and publishes after a PUT (Automation runbooks). In the Bicep, the
   * template-only publishing script loads the same file.
   */
  readonly publish?: { readonly content: FileText; readonly contentType: string };
  /**
   * Why the resource exists in the template only: apply does its job itself (the deployment script that publishes
   * runbooks, its identity and role). apply neither plans nor PUTs it.
   */
  readonly templateOnly?: string;
  readonly kind?: string;
  /** ARM's optimistic-concurrency tag; '*' overwrites whatever exists (saved searches need it to redeploy). */
  readonly etag?: string;
  readonly location?: Value;
  readonly tags?: Value;
  readonly properties: Value;
  /** Keys of resources that must exist first (e.g. the functions an alert query calls). */
  readonly dependsOn: readonly string[];
  /** One line for @description and for plan output. */
  readonly description: string;
}

export interface ModuleSpec {
  readonly path: string;
  readonly description: string;
  /** Deploy into the resource group of this resource id (e.g. the workspace's) rather than the deployment's. */
  readonly scopeOf?: ParamRef;
}

export interface Deployment {
  readonly params: readonly ParamSpec[];
  readonly modules: readonly ModuleSpec[];
  readonly resources: readonly AzureResource[];
}

export const isPlainObject = (v: unknown): v is Record<string, Value> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
