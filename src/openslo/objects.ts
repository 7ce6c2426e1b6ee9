import { isObject } from '../base/values.js';
import type { PathSegment, SourceDocument } from '../load/source.js';

/** One OpenSLO object of the inputs: a YAML document, or one item of a document that is a list of objects. */
export interface OpenSloObject {
  readonly src: SourceDocument;
  /** Its place in the document: [] for a whole document, [i] for an item of a list. */
  readonly at: readonly PathSegment[];
  readonly data: Record<string, unknown>;
}

export const kindOf = (o: OpenSloObject): string => (typeof o.data.kind === 'string' ? o.data.kind : '');
export const nameOf = (o: { data: Record<string, unknown> } | Record<string, unknown>): string => {
  const data = 'data' in o && isObject(o.data) ? o.data : (o as Record<string, unknown>);
  return isObject(data.metadata) && typeof data.metadata.name === 'string' ? data.metadata.name : '';
};

/** The annotations of an object's metadata (text values only). */
export function annotationsOf(o: Record<string, unknown>): Record<string, string> {
  const m = isObject(o.metadata) && isObject(o.metadata.annotations) ? o.metadata.annotations : {};
  return Object.fromEntries(Object.entries(m).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The objects of the documents, in input order. */
export function openSloObjects(documents: readonly SourceDocument[]): OpenSloObject[] {
  const out: OpenSloObject[] = [];
  for (const src of documents) {
    if (Array.isArray(src.data)) src.data.forEach((item, i) => out.push({ src, at: [i], data: isObject(item) ? item : {} }));
    else out.push({ src, at: [], data: isObject(src.data) ? src.data : {} });
  }
  return out;
}

/** The azslo.dev/… annotation keys export writes and import reads back. */
export const ANNOTATION = {
  name: 'azslo.dev/name',
  displayName: 'azslo.dev/display-name',
  owner: 'azslo.dev/owner',
  environment: 'azslo.dev/environment',
  tags: 'azslo.dev/tags',
  sli: 'azslo.dev/sli',
  minimumEvents: 'azslo.dev/minimum-events',
  alert: 'azslo.dev/alert',
  severity: 'azslo.dev/severity',
  enabled: 'azslo.dev/enabled',
  unnotified: 'azslo.dev/alerts-without-targets',
  shortName: 'azslo.dev/short-name',
  service: 'azslo.dev/service',
  windowSets: 'azslo.dev/window-sets',
  alertingDefaults: 'azslo.dev/alerting-defaults',
  /** The resources the SLIs read; `gateways` is the key of earlier exports, which held the gateway SLIs' only. */
  resources: 'azslo.dev/resources',
  gateways: 'azslo.dev/gateways',
  budget: 'azslo.dev/budget',
  corrections: 'azslo.dev/corrections',
  cluster: 'azslo.dev/cluster',
  measures: 'azslo.dev/measures',
  windows: 'azslo.dev/windows',
  notifyFromDefaults: 'azslo.dev/notify-from-defaults',
  receiver: (kind: string) => `azslo.dev/${kind.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
} as const;

/** The receiver kinds of an azslo notification target, in the schema's order. */
export const RECEIVER_KINDS = ['email', 'sms', 'voice', 'webhook', 'logicApp', 'azureFunction', 'automationRunbook'] as const;

/** The DataSource types import reads as Azure Monitor Logs (Log Analytics) queries, compared case-insensitively. */
export const AZURE_MONITOR_TYPES = ['azuremonitor', 'azure-monitor', 'azuremonitorlogs', 'loganalytics', 'log-analytics'];
export const EXPORT_DATA_SOURCE_TYPE = 'AzureMonitor';
/** OpenSLO's metric source type for PromQL queries (the spec's and the reference SDK's examples: `Prometheus`). */
export const PROMETHEUS_DATA_SOURCE_TYPE = 'Prometheus';
export const isPrometheusType = (type: string): boolean => type.toLowerCase() === 'prometheus';
