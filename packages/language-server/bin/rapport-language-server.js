#!/usr/bin/env node
// Rapport's language server (see src/main.ts for the command line).
import { freshBundle, runBundle } from '@rapport/node/fresh-bundle';

// `pnpm build` bundles the server into one file that starts faster (scripts/bundle-bins.mjs);
// the compiled modules are the fallback, also when one of them was compiled after the bundle.
const bundle = freshBundle(new URL('../dist/bundle/server.cjs', import.meta.url));
const { main } = bundle ? runBundle(bundle).exports : await import('../dist/main.js');
main(process.argv.slice(2));

