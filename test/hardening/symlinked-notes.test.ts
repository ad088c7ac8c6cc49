/**
 * A note that is a symlink (people/x.md -> ../shared/x.md) is edited where it really lives:
 * the link stays a link and the real note gains the edit. One that leads outside the workspace
 * is refused, never replaced by a copy (found by the blind CLI hunt: `rapport log` renamed its
 * temporary file over the link, so the link was gone and the real note unchanged).
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { insideRoot } from '@rapport/node';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'packages', 'cli', 'bin', 'rapport.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', RAPPORT_CACHE: '0' }, timeout: 120_000 });

function sandbox() {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'rapport-symlinked-')));
  const ws = join(base, 'ws');
  mkdirSync(join(ws, 'people'), { recursive: true });
  mkdirSync(join(ws, 'shared'));
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(ws, 'rapport.yaml'), 'today: 2026-06-01\n');
  return { base, ws };
}

describe('symlinked notes', () => {
  it('insideRoot gives the real file of a link inside the workspace and refuses one that leads out', () => {
    const { base, ws } = sandbox();
    writeFileSync(join(ws, 'shared', 'real.md'), 'x\n');
    writeFileSync(join(base, 'outside', 'secret.md'), 'y\n');
    symlinkSync('../shared/real.md', join(ws, 'people', 'in.md'));
    symlinkSync(join(base, 'outside', 'secret.md'), join(ws, 'people', 'out.md'));
    expect(insideRoot(ws, 'people/in.md')).toBe(join(ws, 'shared', 'real.md'));
    expect(() => insideRoot(ws, 'people/out.md')).toThrow(/symlink leads outside/);
    expect(insideRoot(ws, 'people/new.md')).toBe(join(ws, 'people', 'new.md'));
  });

  it('log edits the real note and keeps the link; a link out of the workspace is refused and kept', () => {
    const { base, ws } = sandbox();
    writeFileSync(join(ws, 'shared', 'real.md'), '---\nname: Real Person\n---\n');
    symlinkSync('../shared/real.md', join(ws, 'people', 'real.md'));
    const r = run(['log', 'Real Person', 'Coffee', '--dir', ws], ws);
    expect(r.status, r.stderr).toBe(0);
    expect(lstatSync(join(ws, 'people', 'real.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(ws, 'shared', 'real.md'), 'utf8')).toBe('---\nname: Real Person\n---\n\n## Log\n\n- 2026-06-01 Coffee\n');

    const secret = '---\nname: Outsider\n---\n';
    writeFileSync(join(base, 'outside', 'secret.md'), secret);
    symlinkSync(join(base, 'outside', 'secret.md'), join(ws, 'people', 'outsider.md'));
    const o = run(['log', 'Outsider', 'Coffee', '--dir', ws], ws);
    expect(o.status).toBe(1);
    expect(o.stderr).toMatch(/symlink leads outside/);
    expect(lstatSync(join(ws, 'people', 'outsider.md')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(base, 'outside', 'secret.md'), 'utf8')).toBe(secret);
  });
});
