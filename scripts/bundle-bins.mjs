// Bundles the two command-line programs into one file each, after `tsc -b` (part of `pnpm build`):
//   packages/cli/dist/bundle/rapport.cjs              what bin/rapport.js runs
//   packages/language-server/dist/bundle/server.cjs   what bin/rapport-language-server.js runs
// Why: Node spends most of a short command's start-up resolving, reading and compiling the ~300
// modules core and its libraries are made of (about 0.2 s of every `rapport` run on a 2-core
// machine); one bundled file loads in a fraction of that. The bins fall back to the unbundled
// dist/ when a bundle is missing. Not minified, so stack traces stay readable.
// Each bundle carries its build id (scripts/build-id.mjs). Result caches are keyed by it.
// Each bundle also gets a V8 code cache (`<bundle>.code-cache`, see runBundle in
// packages/node/bin/fresh-bundle.js), recorded by running the program once on a copy of the
// example network: the functions a run compiles are then compiled already at the next start.
// CommonJS, because on Node 20 only a classic script (vm.Script) can be given a code cache.
import { build } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { codeCacheFile, inputsFile } from '../packages/node/bin/fresh-bundle.js';
import { buildIdDefine, stampBuildId } from './build-id.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const common = {
  bundle: true,
  absWorkingDir: root,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  legalComments: 'linked',
  define: buildIdDefine,
};
const started = Date.now();
const bundles = [
  [join(root, 'packages/cli/dist/index.js'), join(root, 'packages/cli/dist/bundle/rapport.cjs')],
  [join(root, 'packages/language-server/dist/main.js'), join(root, 'packages/language-server/dist/bundle/server.cjs')],
];
// Bundles of earlier builds (ES modules, before the code cache): nothing runs them any more.
for (const dir of ['packages/cli/dist/bundle', 'packages/language-server/dist/bundle']) {
  for (const old of ['rapport.mjs', 'server.mjs', 'rapport.inputs.json', 'server.inputs.json', 'rapport.mjs.LEGAL.txt', 'server.mjs.LEGAL.txt']) rmSync(join(root, dir, old), { force: true });
}
const metas = await Promise.all(bundles.map(([entry, outfile]) => build({ ...common, entryPoints: [entry], outfile, metafile: true })));
for (const [i, [, outfile]] of bundles.entries()) {
  // The compiled modules of this repository the bundle was made from: the bins fall back to
  // them when one is newer than the bundle (a `tsc -b` without `pnpm build` after it).
  const ours = Object.keys(metas[i].metafile.inputs).filter((f) => !f.includes('node_modules')).map((f) => resolve(root, f));
  writeFileSync(inputsFile(outfile), `${JSON.stringify(ours)}\n`);
  stampBuildId(outfile);
  rmSync(codeCacheFile(outfile), { force: true });
}

// The code caches: each program run once through its bin, on a throw-away copy of the example
// network, with RAPPORT_WRITE_CODE_CACHE=1 (the bin then writes the cache as it exits). A run
// that fails leaves no cache: the programs then start as they would without one.
const scratch = mkdtempSync(join(tmpdir(), 'rapport-code-cache-'));
try {
  const network = join(scratch, 'network');
  cpSync(join(root, 'examples/residency-network'), network, { recursive: true });
  const env = { ...process.env, RAPPORT_WRITE_CODE_CACHE: '1' };
  const cli = spawnSync(process.execPath, [join(root, 'packages/cli/bin/rapport.js'), 'check', network, '--format', 'json'], { env, stdio: 'ignore' });
  if (cli.error || cli.signal) console.error(`bundle: no code cache for rapport (${cli.error?.message ?? cli.signal})`);
  await recordServer(network, env);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
console.error(`bundle: rapport and rapport-language-server bundled in ${Date.now() - started} ms`);

/** Starts the language server on `network`, waits for its first diagnostics, then shuts it down. */
async function recordServer(network, env) {
  const child = spawn(process.execPath, [join(root, 'packages/language-server/bin/rapport-language-server.js'), '--stdio'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  const send = (message) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  const exited = new Promise((done) => child.once('exit', done));
  const published = new Promise((done) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk.toString('utf8');
      if (seen.includes('textDocument/publishDiagnostics')) done(true);
    });
    setTimeout(() => done(false), 20_000).unref();
  });
  const rootUri = pathToFileURL(network).href;
  send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'example' }], capabilities: {} } });
  send({ method: 'initialized', params: {} });
  if (!(await published)) console.error('bundle: no code cache for rapport-language-server (it published nothing)');
  send({ id: 2, method: 'shutdown' });
  send({ method: 'exit' });
  const timer = setTimeout(() => child.kill(), 10_000);
  await exited;
  clearTimeout(timer);
}
