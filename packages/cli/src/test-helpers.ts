/**
 * Helpers for the CLI tests: they run the real `bin/rapport.js` (built with `tsc -b
 * packages/cli`) on temporary folders. Not part of the build (see tsconfig `exclude`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFixture } from '@rapport/core/testing';

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/rapport.js');
const DIST = path.resolve(path.dirname(BIN), '../dist/index.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `rapport ...args` in `cwd`, without colour unless the env asks for it. */
export function run(args: string[], opts: { cwd?: string; env?: Record<string, string | undefined> } = {}): RunResult {
  if (!fs.existsSync(DIST)) throw new Error(`build the CLI first: npx tsc -b packages/cli (${DIST} is missing)`);
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? os.tmpdir(), env: env as NodeJS.ProcessEnv, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary folder holding the given files (text or bytes). */
export function tempWorkspace(files: Record<string, string | Uint8Array> = {}): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-cli-')));
  for (const [rel, data] of Object.entries(files)) {
    const abs = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, data);
  }
  return dir;
}

/** A temporary folder from an inline fixture (`//- path` headers, as in core's tests). */
export function fixtureWorkspace(source: string): string {
  return tempWorkspace(parseFixture(source).files);
}

export function read(dir: string, rel: string): string {
  return fs.readFileSync(path.join(dir, ...rel.split('/')), 'utf8');
}

export function readBytes(dir: string, rel: string): Buffer {
  return fs.readFileSync(path.join(dir, ...rel.split('/')));
}

export function exists(dir: string, rel: string): boolean {
  return fs.existsSync(path.join(dir, ...rel.split('/')));
}

/**
 * Every file under a folder (relative, `/`), to prove a command wrote nothing else. Rapport's own
 * cache folder `.rapport/` is left out: it is not the user's notes.
 */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (d !== dir || e.name !== '.rapport') walk(p);
      } else out.push(path.relative(dir, p).split(path.sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** No stack trace, ever: Node prints frames as lines starting with "    at ". */
export function hasStackTrace(s: string): boolean {
  return /^\s+at .+[(:]\d+/m.test(s) || /\b(TypeError|ReferenceError|RangeError):/.test(s);
}
