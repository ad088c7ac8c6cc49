// A bundle's build id (read by packages/node/src/build.ts): the SHA-1 of the bundle's own code.
// esbuild writes a placeholder where `__RAPPORT_BUILD__` stands (`buildIdDefine`); once the bundle
// is written, `stampBuildId` replaces it with the hash. Result caches are keyed by it, so an
// answer of one build is never taken for another's. Used by scripts/bundle-bins.mjs and
// extension/scripts/build.mjs.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

const PLACEHOLDER = '@@rapport-build-id@@';

export const buildIdDefine = { __RAPPORT_BUILD__: JSON.stringify(PLACEHOLDER) };

/** Writes the build id into a bundle; false when the bundle has no place for one (no result cache in it). */
export function stampBuildId(file) {
  const code = readFileSync(file, 'utf8');
  if (!code.includes(PLACEHOLDER)) return false;
  writeFileSync(file, code.split(PLACEHOLDER).join(createHash('sha1').update(code).digest('hex')));
  return true;
}
