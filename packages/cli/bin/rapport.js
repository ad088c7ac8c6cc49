#!/usr/bin/env node
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// `pnpm build` bundles the CLI into one file, which starts several times faster than the
// compiled modules (scripts/bundle-bins.mjs); the modules are the fallback, also when one of
// them was compiled after the bundle was made.
const { main } = await import(freshBundle(new URL('../dist/bundle/rapport.mjs', import.meta.url)) ?? '../dist/index.js');

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

// `rapport due | head` closes the pipe early: that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`rapport: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
