#!/usr/bin/env node
// Rapport's language server (see src/main.ts for the command line).
import { existsSync } from 'node:fs';

// `pnpm build` bundles the server into one file that starts faster (scripts/bundle-bins.mjs);
// the compiled modules are the fallback.
const bundle = new URL('../dist/bundle/server.mjs', import.meta.url);
const { main } = await import(existsSync(bundle) ? bundle.href : '../dist/main.js');
main(process.argv.slice(2));
