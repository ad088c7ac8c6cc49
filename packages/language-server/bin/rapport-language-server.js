#!/usr/bin/env node
// Rapport's language server (see src/main.ts for the command line).
import { freshBundle } from '@rapport/node/fresh-bundle';

// `pnpm build` bundles the server into one file that starts faster (scripts/bundle-bins.mjs);
// the compiled modules are the fallback, also when one of them was compiled after the bundle.
const { main } = await import(freshBundle(new URL('../dist/bundle/server.mjs', import.meta.url)) ?? '../dist/main.js');
main(process.argv.slice(2));

