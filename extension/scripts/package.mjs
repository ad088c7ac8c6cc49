// Builds the bundles (scripts/build.mjs) and writes extension/rapport-vscode-<version>.vsix with
// vsce, offline: `--no-dependencies` because everything the extension runs is bundled in dist/
// (and vsce cannot read pnpm's node_modules layout). Fails if a node_modules path slipped into
// the package.
//
//   node extension/scripts/package.mjs     (run `tsc -b packages/language-server` first)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ext = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
const out = join(ext, `${pkg.name}-${pkg.version}.vsix`);
const started = Date.now();

execFileSync(process.execPath, [join(ext, 'scripts', 'build.mjs')], { stdio: 'inherit' });

const vsce = join(dirname(createRequire(join(ext, 'package.json')).resolve('@vscode/vsce/package.json')), 'vsce');
const listing = execFileSync(
  process.execPath,
  [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', out],
  { cwd: ext, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
);
process.stdout.write(listing);

const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: ext, encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);
const bad = files.filter((f) => f.includes('node_modules') || f.startsWith('src/'));
if (bad.length) {
  console.error(`package: these files must not be in the .vsix:\n  ${bad.join('\n  ')}`);
  process.exit(1);
}
for (const need of ['dist/extension.js', 'dist/server.mjs', 'dist/webview/network.js', 'package.json']) {
  if (!files.includes(need)) {
    console.error(`package: ${need} is missing from the .vsix`);
    process.exit(1);
  }
}
console.log(`package: ${out} (${files.length} files) in ${Date.now() - started} ms`);
