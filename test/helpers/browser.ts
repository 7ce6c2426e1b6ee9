import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
let warned = false;

/**
 * Debian's Chromium, installed by .ci/run. Under CI=true its absence fails the run; elsewhere the browser checks are
 * registered as skipped with a loud warning.
 */
export function chromium(): string | undefined {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium first`);
  if (!warned) {
    warned = true;
    console.warn('\n!!! SKIPPED: headless browser checks — /usr/bin/chromium is missing (apt-get install chromium). !!!\n');
  }
  return undefined;
}

export function browserTest<T extends { skip: unknown }>(test: T): T | T['skip'] {
  return chromium() ? test : test.skip;
}

/** Flags that keep a root, sandbox-less, offline Chromium quiet and reproducible. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
