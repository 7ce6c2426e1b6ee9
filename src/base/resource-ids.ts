/** Azure Resource Manager ids: /subscriptions/<id>/resourceGroups/<rg>/providers/<Namespace>/<type>/<name>[/<type>/<name>…]. */
export interface ResourceIdParts {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  /** The full type, e.g. Microsoft.Sql/servers/databases. */
  type: string;
  name: string;
}

/** The parts of a resource id, or undefined when it is not one (the spec's format check says why). */
export function parseResourceId(id: string): ResourceIdParts | undefined {
  const parts = id.split('/');
  if (parts.length < 9 || parts[1]?.toLowerCase() !== 'subscriptions' || parts[3]?.toLowerCase() !== 'resourcegroups') return undefined;
  const provider = parts[6]!;
  const typeParts: string[] = [];
  for (let i = 7; i < parts.length - 1; i += 2) typeParts.push(parts[i]!);
  return { subscriptionId: parts[2]!, resourceGroup: parts[4]!, provider, type: `${provider}/${typeParts.join('/')}`, name: parts[parts.length - 1]! };
}
