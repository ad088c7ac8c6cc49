/**
 * Which build of Rapport is running. `pnpm build` bundles the programs (scripts/bundle-bins.mjs)
 * and writes into each bundle a hash of its own code here; the unbundled modules have none.
 * Caches of *results* (ResultCache) are keyed by it, since any change of code may change an
 * answer; without a build id they stay off.
 */
declare const __RAPPORT_BUILD__: string | undefined;

export const BUILD_ID: string | undefined = typeof __RAPPORT_BUILD__ === 'string' && /^[0-9a-f]{40}$/.test(__RAPPORT_BUILD__) ? __RAPPORT_BUILD__ : undefined;
