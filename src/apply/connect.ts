import type { TokenCredential } from '@azure/core-auth';
import { fact } from '../catalog/index.js';

/** Where Resource Manager is: a named cloud (catalog/azure/clouds.yaml), or an explicit endpoint. */
export function endpointFor(cloud: string, override: string | undefined): { ok: true; url: string; authorityHost: string } | { ok: false; message: string } {
  let c: { resourceManager: string; authorityHost: string };
  try {
    c = fact<{ resourceManager: string; authorityHost: string }>('clouds', cloud);
  } catch {
    return { ok: false, message: `unknown cloud '${cloud}': use AzureCloud, AzureChinaCloud or AzureUSGovernment` };
  }
  if (override !== undefined) {
    let u: URL;
    try {
      u = new URL(override);
    } catch {
      return { ok: false, message: `the ARM endpoint '${override}' is not a URL` };
    }
    if (u.protocol !== 'https:') return { ok: false, message: `the ARM endpoint must use https, not ${u.protocol}` };
    return { ok: true, url: override.replace(/\/+$/, ''), authorityHost: c.authorityHost };
  }
  return { ok: true, url: c.resourceManager, authorityHost: c.authorityHost };
}

/**
 * DefaultAzureCredential: environment, workload identity, managed identity, Azure CLI… (AZURE_TOKEN_CREDENTIALS
 * narrows the chain). Loaded only when a command talks to Azure.
 */
export async function credentialFor(authorityHost: string): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential({ authorityHost });
}
