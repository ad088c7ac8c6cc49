// Bundles the two command-line programs into one file each, after `tsc -b` (part of `pnpm build`):
//   packages/cli/dist/bundle/rapport.mjs              what bin/rapport.js runs
//   packages/language-server/dist/bundle/server.mjs   what bin/rapport-language-server.js runs
// Why: Node spends most of a short command's start-up resolving, reading and compiling the ~300
// modules core and its libraries are made of (about 0.2 s of every `rapport` run on a 2-core
// machine); one bundled file loads in a fraction of that. The bins fall back to the unbundled
// dist/ when a bundle is missing. Not minified, so stack traces stay readable.
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'linked',
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __rapportCreateRequire } from 'node:module'; const require = __rapportCreateRequire(import.meta.url);" },
};
const started = Date.now();
await Promise.all([
  build({ ...common, entryPoints: [join(root, 'packages/cli/dist/index.js')], outfile: join(root, 'packages/cli/dist/bundle/rapport.mjs') }),
  build({ ...common, entryPoints: [join(root, 'packages/language-server/dist/main.js')], outfile: join(root, 'packages/language-server/dist/bundle/server.mjs') }),
]);
console.error(`bundle: rapport and rapport-language-server bundled in ${Date.now() - started} ms`);
