/** A secret given by reference in the spec; see the secretRef definition in schema/azslo.schema.json. */
export type SecretRef =
  | { kind: 'env'; variable: string }
  | { kind: 'keyvault'; subscriptionId: string; resourceGroup: string; vaultName: string; secretName: string };

const ENV = /^\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}$/;
const KEYVAULT =
  /^\$\{keyvault:\/subscriptions\/([0-9a-fA-F-]{36})\/resourceGroups\/([-\w.()]+)\/providers\/Microsoft\.KeyVault\/vaults\/([A-Za-z0-9-]{3,24})\/secrets\/([A-Za-z0-9-]{1,127})\}$/i;

export function parseSecretRef(text: string): SecretRef | undefined {
  const env = ENV.exec(text);
  if (env) return { kind: 'env', variable: env[1]! };
  const kv = KEYVAULT.exec(text);
  if (kv) return { kind: 'keyvault', subscriptionId: kv[1]!, resourceGroup: kv[2]!, vaultName: kv[3]!, secretName: kv[4]! };
  return undefined;
}

export const looksLikeReference = (text: string): boolean => text.startsWith('${');
