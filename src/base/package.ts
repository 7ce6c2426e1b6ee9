import { readFileSync } from 'node:fs';

/** azslo's own package.json (beside src/ and dist/ alike), read once: its version, name and links. */
export const azsloPackage = (() => {
  let pkg: Record<string, unknown> | undefined;
  return (): Record<string, unknown> => (pkg ??= JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Record<string, unknown>);
})();

export const azsloVersion = (): string => String(azsloPackage().version);
