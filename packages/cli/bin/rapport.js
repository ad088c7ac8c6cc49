#!/usr/bin/env node
import { freshBundle, runBundle } from '@rapport/node/fresh-bundle';

// `pnpm build` bundles the CLI into one file, which starts several times faster than the
// compiled modules (scripts/bundle-bins.mjs); the modules are the fallback, also when one of
// them was compiled after the bundle was made.
const bundle = freshBundle(new URL('../dist/bundle/rapport.cjs', import.meta.url));
const { main } = bundle ? runBundle(bundle).exports : await import('../dist/index.js');

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
