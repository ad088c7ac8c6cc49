// Bundles the two command-line programs into one file each, after `tsc -b` (part of `pnpm build`):
//   packages/cli/dist/bundle/rapport.mjs              what bin/rapport.js runs
//   packages/language-server/dist/bundle/server.mjs   what bin/rapport-language-server.js runs
// Why: Node spends most of a short command's start-up resolving, reading and compiling the ~300
// modules core and its libraries are made of (about 0.2 s of every `rapport` run on a 2-core
// machine); one bundled file loads in a fraction of that. The bins fall back to the unbundled
// dist/ when a bundle is missing. Not minified, so stack traces stay readable.
// Each bundle carries its build id (scripts/build-id.mjs). Result caches are keyed by it.
import { build } from 'esbuild';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIdDefine, stampBuildId } from './build-id.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true,
  absWorkingDir: root,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'linked',
  define: buildIdDefine,
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __rapportCreateRequire } from 'node:module'; const require = __rapportCreateRequire(import.meta.url);" },
};
const started = Date.now();
const bundles = [
  [join(root, 'packages/cli/dist/index.js'), join(root, 'packages/cli/dist/bundle/rapport.mjs')],
  [join(root, 'packages/language-server/dist/main.js'), join(root, 'packages/language-server/dist/bundle/server.mjs')],
];
const metas = await Promise.all(bundles.map(([entry, outfile]) => build({ ...common, entryPoints: [entry], outfile, metafile: true })));
for (const [i, [, outfile]] of bundles.entries()) {
  // The compiled modules of this repository the bundle was made from: the bins fall back to
  // them when one is newer than the bundle (a `tsc -b` without `pnpm build` after it).
  const ours = Object.keys(metas[i].metafile.inputs).filter((f) => !f.includes('node_modules')).map((f) => resolve(root, f));
  writeFileSync(outfile.replace(/\.mjs$/, '.inputs.json'), `${JSON.stringify(ours)}\n`);
  stampBuildId(outfile);
}
console.error(`bundle: rapport and rapport-language-server bundled in ${Date.now() - started} ms`);
