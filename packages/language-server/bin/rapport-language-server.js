#!/usr/bin/env node
// Rapport's language server (see src/main.ts for the command line).
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// `pnpm build` bundles the server into one file that starts faster (scripts/bundle-bins.mjs);
// the compiled modules are the fallback, also when one of them was compiled after the bundle.
const { main } = await import(freshBundle(new URL('../dist/bundle/server.mjs', import.meta.url)) ?? '../dist/main.js');
main(process.argv.slice(2));

/** The bundle's URL when it is newer than every compiled module it was made from, else undefined. */
function freshBundle(url) {
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
