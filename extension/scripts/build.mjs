// Bundles the extension with esbuild into extension/dist/:
//   dist/extension.js        the client (CommonJS, `vscode` stays external)
//   dist/server.mjs          the language server and everything it imports (ESM, one file)
//   dist/webview/network.js  the network view's script with cytoscape (browser IIFE)
//   dist/webview/network.css its styles
// The language server must be compiled first (`tsc -b packages/language-server`): the server
// bundle starts from its compiled dist/main.js (what its bin runs).
//
//   node scripts/build.mjs [--dev]     (--dev: no minification, inline source maps)
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIdDefine, stampBuildId } from '../../scripts/build-id.mjs';

const ext = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(ext, '..');
const dev = process.argv.includes('--dev');
const dist = join(ext, 'dist');
const serverEntry = join(root, 'packages', 'language-server', 'dist', 'main.js');

if (!existsSync(serverEntry)) {
  console.error(`build: ${serverEntry} is missing (the language server is not there yet)`);
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'webview'), { recursive: true });

const common = {
  bundle: true,
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  legalComments: 'linked',
  logLevel: 'warning',
  tsconfig: join(ext, 'tsconfig.json'),
};

const started = Date.now();
await Promise.all([
  build({
    ...common,
    entryPoints: [join(ext, 'src', 'extension.ts')],
    outfile: join(dist, 'extension.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  }),
  build({
    ...common,
    stdin: { contents: `import { main } from ${JSON.stringify(serverEntry)};\nmain(process.argv.slice(2));\n`, resolveDir: root, loader: 'js' },
    outfile: join(dist, 'server.mjs'),
    // The build id (scripts/build-id.mjs): written below.
    define: buildIdDefine,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Bundled CommonJS dependencies (vscode-languageserver) call require() for Node built-ins.
    banner: { js: "import { createRequire as __rapportCreateRequire } from 'node:module'; const require = __rapportCreateRequire(import.meta.url);" },
  }),
  build({
    ...common,
    entryPoints: [join(ext, 'src', 'webview', 'network.ts')],
    outfile: join(dist, 'webview', 'network.js'),
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  }),
]);
copyFileSync(join(ext, 'media', 'network.css'), join(dist, 'webview', 'network.css'));
// The server bundle's build id: the SHA-1 of its own code, so its result cache (the warm start
// of .rapport/cache) never answers for another build.
stampBuildId(join(dist, 'server.mjs'));
console.log(`build: extension/dist written in ${Date.now() - started} ms${dev ? ' (dev)' : ''}`);
