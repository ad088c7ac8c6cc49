import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseFixture } from '@rapport/core/testing';

export const ROOT = join(dirname(new URL(import.meta.url).pathname), '..');
export const CLI = join(ROOT, 'packages/cli/bin/rapport.js');
export const EXAMPLE = join(ROOT, 'examples/residency-network');

/** Writes an inline `//- path` fixture to a fresh temporary folder on disk. */
export function writeFixture(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rapport-test-'));
  for (const [p, text] of Object.entries(parseFixture(source).files)) {
    const abs = join(dir, p);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return dir;
}

/** Runs the real CLI; returns exit code and output. */
export function rapport(args: string[], cwd = ROOT, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
