import { parseSource } from '../../src/load/source.js';
import { validateDocuments, type ValidationResult } from '../../src/validate/index.js';
import { stringify } from 'yaml';

export const WORKSPACE = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-mon/providers/Microsoft.OperationalInsights/workspaces/law-test';
export const APP_INSIGHTS = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-app/providers/Microsoft.Insights/components/ai-test';
export const MONITOR_WORKSPACE = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-mon/providers/Microsoft.Monitor/accounts/amw-test';
export const CLUSTER = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-test';

/** A small valid spec; tests override the parts they are about. */
export function baseSpec(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'azslo/v1',
    kind: 'Service',
    metadata: { name: 'checkout', owner: 'team-payments', environment: 'prod' },
    azure: { workspace: WORKSPACE, appInsights: APP_INSIGHTS, location: 'westeurope' },
    notifications: { oncall: { email: ['oncall@contoso.com'] } },
    slos: [
      {
        name: 'api-availability',
        sli: { requestAvailability: { roleName: 'checkout-api', badResultCodes: '5xx' } },
        objective: 99.9,
        window: '30d',
        alerting: { page: { notify: ['oncall'] }, ticket: { notify: ['oncall'] } },
      },
    ],
    ...overrides,
  };
}

/** Validates YAML text as if read from `file`. */
export function validateText(text: string, file = 'spec.yaml'): ValidationResult {
  const loaded = parseSource(file, text);
  return validateDocuments(loaded.documents, loaded.diagnostics);
}

export const validateSpec = (spec: unknown, file = 'spec.yaml'): ValidationResult => validateText(stringify(spec), file);
