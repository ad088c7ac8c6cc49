/**
 * The hostile corpus on a real disk: core through @rapport/node's NodeFileSystem, and the CLI's
 * `check` (exit 1, every diagnostic as file:line, never a stack trace). Adds what only a disk
 * has: symlink loops and unreadable files.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NodeFileSystem, openWorkspace } from '@rapport/node';
import { Workspace } from '@rapport/core';
import { HEALTHY, hostileCases, writeCorpus } from '../fixtures/hostile/corpus.js';
import { expectCaseDiagnostics, expectHostileDetails, expectNothingRan, prototypeKeys, today } from './hostile-check.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'packages', 'cli', 'bin', 'rapport.js');
const T = 600_000;
const isRoot = process.getuid?.() === 0;

let dir: string;
const protoBefore = prototypeKeys();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rapport-hostile-'));
  writeCorpus(dir);
  // A file that links to itself, two that link to each other, a directory link back up
  // (a loop if anything followed it), and a ".md" that is a link to a folder.
  symlinkSync('self-loop.md', join(dir, 'people', 'self-loop.md'));
  symlinkSync('pong.md', join(dir, 'notes', 'ping.md'));
  symlinkSync('ping.md', join(dir, 'notes', 'pong.md'));
  symlinkSync('..', join(dir, 'people', 'up'));
  symlinkSync('.', join(dir, 'folder-link.md'));
  // chmod 000: unreadable for a normal user; root still reads it (checked honestly below).
  writeCorpusFile(join(dir, 'people', 'locked.md'), '---\ntype: person\nname: Locked\n---\n');
  chmodSync(join(dir, 'people', 'locked.md'), 0o000);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function writeCorpusFile(path: string, text: string): void {
  writeCorpus(join(path, '..'), { [path.split('/').pop()!]: text });
}

const LOOPS = ['people/self-loop.md', 'notes/ping.md', 'notes/pong.md', 'folder-link.md'];

describe('hostile corpus on disk through NodeFileSystem', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = (await openWorkspace(dir)).workspace;
  }, T);

  it.each(hostileCases().map((c) => [c.why, c.path]))('%s: loads with its diagnostics', (_why, path) => {
    expectCaseDiagnostics(ws, path);
  });

  it('symlink loops and a link to a folder are reported, not followed, and nothing else is lost', () => {
    expect(ws.loadProblems.map((p) => p.path).sort()).toEqual([...LOOPS, ...(isRoot ? [] : ['people/locked.md'])].sort());
    for (const p of Object.keys(HEALTHY)) expect(ws.get(p)).toBeDefined();
    // The directory link `people/up -> ..` is never walked: no path runs through it.
    expect([...ws.notes.keys()].some((p) => p.startsWith('people/up/'))).toBe(false);
    expect(ws.analysis().followUps(today).some((f) => f.entity?.id === 'jane-smith' && f.kind === 'next-action')).toBe(true);
  });

  it(isRoot ? 'a chmod 000 file is still read when running as root (root ignores modes)' : 'a chmod 000 file is reported unreadable', () => {
    if (isRoot) expect(ws.analysis().entity('locked')?.name).toBe('Locked');
    else expect(ws.loadProblems.find((p) => p.path === 'people/locked.md')?.message).toMatch(/EACCES|permission/i);
  });

  it('reads the hostile notes as well as they can be read, and runs nothing', () => {
    expectHostileDetails(ws);
    expectNothingRan(protoBefore);
  });

  it('NodeFileSystem refuses to read a folder or a loop as a file', async () => {
    const fs = new NodeFileSystem(dir);
    await expect(fs.readFile('folder-link.md')).rejects.toThrow();
    await expect(fs.readFile('people/self-loop.md')).rejects.toThrow(/ELOOP|loop/i);
  });
});

describe('rapport check on the hostile corpus', () => {
  const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: T, maxBuffer: 256 * 1024 * 1024 });

  it(
    'exits 1 and prints each hostile diagnostic as file:line, with no stack trace',
    () => {
      const r = run(['check', dir]);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(r.stdout).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(r.status).toBe(1);
      const lines = r.stdout.split('\n');
      for (const c of hostileCases()) {
        for (const e of c.expect) {
          const hit = lines.some((l) => l.startsWith(`${c.path}:${e.line + 1}:`) && l.includes(e.code));
          expect(hit, `${c.why}: ${c.path}:${e.line + 1} ${e.code}`).toBe(true);
        }
      }
      for (const p of LOOPS) expect(lines.some((l) => l.startsWith(`${p}:1:`) && l.includes('unreadable-file')), p).toBe(true);
      expectNothingRan(protoBefore);
    },
    T,
  );

  it(
    'due still lists the healthy follow-ups',
    () => {
      const r = run(['due', dir]);
      expect(r.status).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('Jane Smith');
      expect(r.stdout).toContain('Send my CV');
      expect(r.stdout).toContain('Ask Omar about away rotations');
    },
    T,
  );
});
