// Used by the programs' bins (rapport, rapport-language-server) before anything else loads: which
// file to run, and running it. `pnpm build` bundles each program into one CommonJS file
// (scripts/bundle-bins.mjs), which starts several times faster than its ~300 compiled modules;
// the modules are the fallback, also when one of them was compiled after the bundle was made (a
// `tsc -b` without `pnpm build`).
// Plain JavaScript with no imports but Node's, so it costs nothing to load.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** The bundle's URL when it is newer than every compiled module it was made from, else undefined. */
export function freshBundle(url) {
  try {
    const file = fileURLToPath(url);
    const built = statSync(file).mtimeMs;
    const inputs = JSON.parse(readFileSync(inputsFile(file), 'utf8'));
    const stale = inputs.some((f) => (statSync(f, { throwIfNoEntry: false })?.mtimeMs ?? 0) > built);
    return stale ? undefined : url.href;
  } catch {
    return undefined;
  }
}

/** Where bundle-bins records the compiled modules a bundle was made from. */
export function inputsFile(bundle) {
  return bundle.replace(/\.[cm]?js$/, '.inputs.json');
}

/** Where a bundle's V8 code cache is kept: next to it, written by `pnpm build` only. */
export function codeCacheFile(bundle) {
  return `${bundle}.code-cache`;
}

/**
 * Runs a CommonJS bundle and returns its exports, with the V8 code cache `pnpm build` made for it.
 *
 * Why: Node 20 compiles a 1.9 MB bundle from source at every start (~35 ms here), then compiles
 * each function again on its first call. The code cache holds the compiled functions of a
 * typical run (scripts/bundle-bins.mjs makes it by running the program once), so a start skips
 * that work. Node 22's `module.enableCompileCache` does the same for ES modules; on Node 20 only
 * a classic script compiled through the vm module takes one, hence CommonJS bundles.
 *
 * Safe by construction: the cache is read only from next to the bundle (never from a shared
 * folder such as the temp directory), only when it was written after the bundle, and V8 refuses
 * it itself when the source's length, V8's version or its flags differ; a refused or missing
 * cache means an ordinary compile, never a different program.
 * `codeCache` tells which happened: 'used', 'rejected' or 'none'.
 */
export function runBundle(url) {
  const file = fileURLToPath(url);
  const source = readFileSync(file, 'utf8');
  const cacheFile = codeCacheFile(file);
  let cachedData;
  try {
    if (statSync(cacheFile).mtimeMs >= statSync(file).mtimeMs) cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: file, cachedData });
  const codeCache = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  // `pnpm build` sets this while it runs the program once to record what it compiles.
  if (process.env.RAPPORT_WRITE_CODE_CACHE === '1') {
    process.once('exit', () => {
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, codeCache };
}
