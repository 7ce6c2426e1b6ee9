import { createHash } from 'node:crypto';
import { apiVersion, fact } from '../catalog/index.js';
import type { AzureResource, Value } from './model.js';

/**
 * Role assignments azslo grants its identities (the recovery account, the drill experiments): one built-in role on
 * exactly one resource, named by a UUID derived from what it grants so every generation names it the same, and
 * described as azslo's — role assignments take no tags, so the description says which service owns it.
 */
const ROLE_ASSIGNMENT = 'Microsoft.Authorization/roleAssignments';

/** A name-based UUID (RFC 9562 §5.8 layout over SHA-256), so a role assignment's name is the same at every generation. */
export function stableUuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The service that owns a role assignment, read back from the description azslo gave it. */
export const roleAssignmentOwner = (description: unknown): string | undefined => {
  const m = typeof description === 'string' ? /^azslo-managed for service '([^']*)'/.exec(description) : null;
  return m ? m[1] : undefined;
};

/** A built-in role's definition id (catalog/azure/recovery-runner.yaml builtInRoles). */
export function roleId(role: string): string {
  const roles = fact('recovery-runner', 'builtInRoles');
  if (!Object.hasOwn(roles, role)) throw new Error(`the catalog has no role definition id for the built-in role '${role}' (catalog/azure/recovery-runner.yaml builtInRoles)`);
  return roles[role]!;
}

export const roleDefinition = (subscriptionId: string, role: string): string => `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId(role)}`;

export interface Grant {
  /** The module (scoped to the resource's resource group) the assignment is written in. */
  readonly module: string;
  /** What the name is derived from: whatever makes this grant unique. */
  readonly seed: string;
  readonly service: string;
  readonly role: string;
  /** The resource the role is granted on, and the API version to declare it `existing` with. */
  readonly scope: { readonly id: string; readonly apiVersion: string };
  readonly subscriptionId: string;
  readonly principalId: Value;
  /** Completes "azslo-managed for service '<s>': <role> for …". */
  readonly purpose: string;
  /** The resource's one-line description (plan output, @description). */
  readonly summary: string;
}

export function roleAssignment(g: Grant): AzureResource {
  const name = stableUuid(g.seed);
  return {
    key: `${g.module}/${name}`,
    module: g.module,
    symbol: `grant_${name.slice(0, 8)}`,
    type: ROLE_ASSIGNMENT,
    apiVersion: apiVersion(ROLE_ASSIGNMENT),
    name,
    scope: g.scope,
    properties: {
      roleDefinitionId: roleDefinition(g.subscriptionId, g.role),
      principalId: g.principalId,
      principalType: 'ServicePrincipal',
      description: `azslo-managed for service '${g.service}': ${g.role} for ${g.purpose}.`,
    },
    dependsOn: [],
    description: g.summary,
  };
}
