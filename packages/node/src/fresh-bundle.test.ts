import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The loader the bins use (packages/node/bin/fresh-bundle.js). Its code cache is checked in plain
// `node` child processes: V8 accepts a cache only under the flags it was made with, and the test
// runner's own process may run with others.
const LOADER = fileURLToPath(new URL('../bin/fresh-bundle.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs `runBundle(file)` in a fresh node; prints which cache it used and what the bundle exported. */
function run(file: string, env: Record<string, string> = {}): { codeCache: string; answer: unknown } {
  const code = `import { runBundle } from ${JSON.stringify(pathToFileURL(LOADER).href)};
const r = runBundle(new URL(${JSON.stringify(pathToFileURL(file).href)}));
process.stdout.write(JSON.stringify({ codeCache: r.codeCache, answer: typeof r.exports.main === 'function' ? 'main' : r.exports.answer }));`;
  const p = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, RAPPORT_WRITE_CODE_CACHE: '', ...env } });
  expect(p.stderr).toBe('');
  return JSON.parse(p.stdout) as { codeCache: string; answer: unknown };
}

function bundle(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rapport-bundle-'));
  dirs.push(dir);
  const file = path.join(dir, 'b.cjs');
  writeFileSync(file, `'use strict';\nconst path = require('node:path');\nfunction twice(x) { return x * 2; }\nmodule.exports = { answer: twice(21) + path.basename(__filename).length - 5 };\n`);
  return file;
}

describe('runBundle: a bundle run with its V8 code cache', () => {
  it('runs a bundle without a cache, records one when asked, then starts from it', () => {
    const file = bundle();
    expect(run(file)).toEqual({ codeCache: 'none', answer: 42 });
    expect(existsSync(`${file}.code-cache`)).toBe(false);
    expect(run(file, { RAPPORT_WRITE_CODE_CACHE: '1' })).toEqual({ codeCache: 'none', answer: 42 });
    expect(existsSync(`${file}.code-cache`)).toBe(true);
    expect(run(file)).toEqual({ codeCache: 'used', answer: 42 });
  });

  it('ignores a cache older than the bundle, and survives a corrupt one (V8 rejects it; same program)', () => {
    const file = bundle();
    run(file, { RAPPORT_WRITE_CODE_CACHE: '1' });
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    expect(run(file)).toEqual({ codeCache: 'none', answer: 42 });
    writeFileSync(`${file}.code-cache`, Buffer.from('not a code cache at all, just bytes'.repeat(40)));
    const evenLater = new Date(Date.now() + 120_000);
    utimesSync(`${file}.code-cache`, evenLater, evenLater);
    expect(run(file)).toEqual({ codeCache: 'rejected', answer: 42 });
  });

  it('pnpm build leaves each program a cache that plain node accepts', () => {
    for (const rel of ['packages/cli/dist/bundle/rapport.cjs', 'packages/language-server/dist/bundle/server.cjs']) {
      const file = path.join(ROOT, rel);
      expect(existsSync(`${file}.code-cache`), `${rel}.code-cache is missing: run pnpm build`).toBe(true);
      expect(run(file), rel).toEqual({ codeCache: 'used', answer: 'main' });
    }
  });
});
