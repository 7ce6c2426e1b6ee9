/**
 * String formats of the spec. Kept apart so the schema validator and the semantic checks agree.
 */
const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
// Resource group names: 1-90 chars of letters, digits, underscores, hyphens, periods and parentheses, not ending in a period.
const RG = '[-\\w.()]{0,89}[-\\w()]';
const NAME = '[^/]+';

export const formats = {
  /** 30s, 15m, 1h, 2d, 1h30m. */
  'azslo-duration': /^(?=\d)(\d+d)?(\d+h)?(\d+m)?(\d+s)?$/,
  'azure-resource-id': new RegExp(`^/subscriptions/${GUID}/resourceGroups/${RG}/providers/[A-Za-z][A-Za-z0-9.]*/${NAME}/${NAME}(/${NAME}/${NAME})*$`, 'i'),
  'azure-workspace-id': new RegExp(`^/subscriptions/${GUID}/resourceGroups/${RG}/providers/Microsoft\\.OperationalInsights/workspaces/[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$`, 'i'),
  'azure-appinsights-id': new RegExp(`^/subscriptions/${GUID}/resourceGroups/${RG}/providers/Microsoft\\.Insights/components/[^/%&\\\\?]{1,255}$`, 'i'),
} as const;

export type FormatName = keyof typeof formats;

const UNIT_SECONDS: Record<string, number> = { d: 86400, h: 3600, m: 60, s: 1 };

/** Seconds in an azslo duration, or undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  if (!formats['azslo-duration'].test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+)([dhms])/g)) total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
  return total;
}

export interface ResourceIdParts {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  type: string;
  name: string;
}

export function parseResourceId(id: string): ResourceIdParts | undefined {
  const parts = id.split('/');
  if (parts.length < 9 || parts[1]?.toLowerCase() !== 'subscriptions' || parts[3]?.toLowerCase() !== 'resourcegroups') return undefined;
  const provider = parts[6]!;
  const typeParts: string[] = [];
  for (let i = 7; i < parts.length - 1; i += 2) typeParts.push(parts[i]!);
  return { subscriptionId: parts[2]!, resourceGroup: parts[4]!, provider, type: `${provider}/${typeParts.join('/')}`, name: parts[parts.length - 1]! };
}
