import { DURATION } from '../base/durations.js';

/**
 * String formats of the spec. Kept apart so the schema validator and the semantic checks agree.
 */
const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
// Resource group names: 1-90 chars of letters, digits, underscores, hyphens, periods and parentheses, not ending in a period.
const RG = '[-\\w.()]{0,89}[-\\w()]';
const NAME = '[^/]+';

export const formats = {
  /** 30s, 15m, 1h, 2d, 1h30m. */
  'azslo-duration': DURATION,
  'azure-resource-id': new RegExp(`^/subscriptions/${GUID}/resourceGroups/${RG}/providers/[A-Za-z][A-Za-z0-9.]*/${NAME}/${NAME}(/${NAME}/${NAME})*$`, 'i'),
  'azure-workspace-id': new RegExp(`^/subscriptions/${GUID}/resourceGroups/${RG}/providers/Microsoft\\.OperationalInsights/workspaces/[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$`, 'i'),
  'azure-appinsights-id': new RegExp(`^/subscriptions/${GUID}/resourceGroups/${RG}/providers/Microsoft\\.Insights/components/[^/%&\\\\?]{1,255}$`, 'i'),
  'azure-monitor-workspace-id': new RegExp(`^/subscriptions/${GUID}/resourceGroups/${RG}/providers/Microsoft\\.Monitor/accounts/${NAME}$`, 'i'),
  'azure-cluster-id': new RegExp(`^/subscriptions/${GUID}/resourceGroups/${RG}/providers/(Microsoft\\.ContainerService/managedClusters|Microsoft\\.Kubernetes/connectedClusters)/${NAME}$`, 'i'),
} as const;

export type FormatName = keyof typeof formats;

