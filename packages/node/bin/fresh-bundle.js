// Used by the programs' bins (rapport, rapport-language-server) before anything else loads: which
// file to run. `pnpm build` bundles each program into one file (scripts/bundle-bins.mjs), which
// starts several times faster than its ~300 compiled modules; the modules are the fallback, also
// when one of them was compiled after the bundle was made (a `tsc -b` without `pnpm build`).
// Plain JavaScript with no imports but Node's, so it costs nothing to load.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The bundle's URL when it is newer than every compiled module it was made from, else undefined. */
export function freshBundle(url) {
  try {
    const file = fileURLToPath(url);
    const built = statSync(file).mtimeMs;
    const inputs = JSON.parse(readFileSync(file.replace(/\.mjs$/, '.inputs.json'), 'utf8'));
    const stale = inputs.some((f) => (statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0) > built);
    return stale ? undefined : url.href;
  } catch {
    return undefined;
  }
}
