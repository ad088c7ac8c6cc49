import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Workspace, parseDate, type FileSystem } from '@rapport/core';
import { NodeFileSystem } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'rapport-fs-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}

/** The same disk without the bulk read: every note through `readFile`, one at a time. */
function oneByOne(fs: NodeFileSystem): FileSystem {
  return { readDirectory: (p) => fs.readDirectory(p), readFile: (p) => fs.readFile(p) };
}

describe('NodeFileSystem.readFiles (bulk loads)', () => {
  it('returns each file in order, and an Error for what cannot be read, without hanging on a FIFO', async () => {
    const root = folder({ 'people/a.md': '# A\n', 'people/b.md': 'ü\n' });
    mkdirSync(path.join(root, 'people', 'dir.md'));
    execFileSync('mkfifo', [path.join(root, 'people', 'pipe.md')]);
    const fs = new NodeFileSystem(root);
    const out = await fs.readFiles(['people/a.md', 'people/pipe.md', 'people/dir.md', 'people/none.md', 'people/b.md']);
    expect(out[0]).toBe('# A\n');
    expect((out[1] as Error).message).toBe('not a regular file');
    expect(out[2]).toBeInstanceOf(Error);
    expect((out[3] as Error & { code?: string }).code).toBe('ENOENT');
    expect(out[4]).toBe('ü\n');
  });

  it('reads a file whose stat says 0 bytes to its end (a special file behind a note link), and a regular file as its stat sizes it', async () => {
    // /proc files are regular files that stat as empty; the CI machines are Linux.
    const special = '/proc/self/mountinfo';
    const root = folder({ 'a.md': 'x'.repeat(70_000), 'b.md': '' });
    symlinkSync(special, path.join(root, 'proc.md'));
    const out = await new NodeFileSystem(root).readFiles(['a.md', 'b.md', 'proc.md']);
    expect(out[0]).toBe('x'.repeat(70_000));
    expect(out[1]).toBe('');
    expect(typeof out[2]).toBe('string');
    expect((out[2] as string).length).toBeGreaterThan(0);
    expect((out[2] as string).split('\n')[0]).toMatch(/^\d+ \d+ /);
  });

  it('decodes valid UTF-8 (a BOM kept) and hands other bytes to core, which reports them', async () => {
    const root = folder({ 'a.md': '\uFEFF# BOM\n' });
    writeFileSync(path.join(root, 'latin.md'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    writeFileSync(path.join(root, 'nul.md'), Buffer.from([0x61, 0x00, 0x62]));
    const fs = new NodeFileSystem(root);
    const [bom, latin, nul] = await fs.readFiles(['a.md', 'latin.md', 'nul.md']);
    expect(bom).toBe('\uFEFF# BOM\n');
    expect(latin).toBeInstanceOf(Uint8Array);
    expect(nul).toBeInstanceOf(Uint8Array);
    const ws = await Workspace.load(fs);
    expect(ws.get('latin.md')!.text).toBe('café\n');
    expect(ws.get('latin.md')!.fileProblems[0]!.message).toMatch(/not valid UTF-8/);
    expect(ws.get('nul.md')!.fileProblems[0]!.message).toMatch(/binary/);
  });

  it('gives every file its own text (or its own bytes) when notes are read into one buffer and decoded in batches: more than one batch, ASCII and not, empty, BOM, CRLF, surrogate pairs, larger than the read buffer, not UTF-8, unreadable in between', async () => {
    const files: Record<string, string | Buffer> = {};
    const pieces = ['plain ascii line', 'ü and é', '😀 emoji', '\r\n', '\n', '\uFEFF', '𝄞', '中文', '---\ntype: person\n---\n'];
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const ascii = ['plain ascii line', '\r\n', '\n', '---\ntype: person\n---\n'];
    for (let i = 0; i < 2000; i++) {
      // Every other note ASCII only (the other batch), a few empty ones, BOMs.
      const from = i % 2 === 0 ? ascii : pieces;
      let t = i % 2 === 1 && i % 7 === 0 ? '\uFEFF' : '';
      const count = i % 50 === 0 ? 0 : i % 97 === 0 ? 2000 : rnd(400);
      for (let k = 0; k < count; k++) t += from[rnd(from.length)]!;
      files[`n/${String(i).padStart(3, '0')}.md`] = t;
    }
    files['n/big.md'] = 'x😀'.repeat(150_000);
    files['n/mid.md'] = 'é'.repeat(50_000);
    files['n/mid-ascii.md'] = 'a\n'.repeat(50_000);
    files['n/latin-big.md'] = Buffer.alloc(100_000, 0xe9);
    files['n/latin.md'] = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]);
    files['n/nul.md'] = Buffer.from([0x61, 0x00, 0x62]);
    const root = mkdtempSync(path.join(os.tmpdir(), 'rapport-fs-'));
    dirs.push(root);
    mkdirSync(path.join(root, 'n'));
    for (const [rel, data] of Object.entries(files)) writeFileSync(path.join(root, rel), data);
    const rels = [...Object.keys(files), 'n/none.md'].sort();
    // More than one batch of each kind (1 MiB of bytes a batch).
    const bytes = (ascii: boolean) => Object.values(files).filter((d) => typeof d === 'string' && /^[\x00-\x7f]*$/.test(d) === ascii).reduce((n, d) => n + Buffer.byteLength(d), 0);
    expect(bytes(true)).toBeGreaterThan(2 * 1024 * 1024);
    expect(bytes(false)).toBeGreaterThan(2 * 1024 * 1024);
    const out = await new NodeFileSystem(root).readFiles(rels);
    expect(out).toHaveLength(rels.length);
    rels.forEach((rel, i) => {
      const data = files[rel];
      if (data === undefined) expect(out[i]).toBeInstanceOf(Error);
      else if (typeof data === 'string') expect(out[i]).toBe(data);
      else expect(Buffer.from(out[i] as Uint8Array).equals(data)).toBe(true);
    });
  });

  it('loads the same workspace as reading one file at a time, load problems included', async () => {
    const root = folder({
      'rapport.yaml': 'today: 2026-11-25\n',
      'people/ana.md': '---\ntype: person\nname: Ana\nmet: 2026-11-20\n---\n- 2026-11-21 Coffee with [[Ben]]\n',
      'people/ben.md': '---\ntype: person\nname: Ben\n---\n',
      'people/locked.md': '# locked\n',
    });
    symlinkSync(path.join(root, 'people', 'ana.md'), path.join(root, 'people', 'link.md'));
    symlinkSync(path.join(root, 'people', 'gone-target.md'), path.join(root, 'people', 'gone.md'));
    chmodSync(path.join(root, 'people', 'locked.md'), 0o000); // unreadable unless the tests run as root
    const fs = new NodeFileSystem(root);
    const bulk = await Workspace.load(fs);
    const single = await Workspace.load(oneByOne(fs));
    const view = (ws: Workspace) => ({
      notes: [...ws.notes.values()].map((n) => [n.path, n.text]),
      problems: ws.loadProblems.map((p) => p.path),
    });
    expect(view(bulk)).toEqual(view(single));
    expect(view(bulk).notes.map(([p]) => p)).toContain('people/link.md');
    expect(view(bulk).problems).toContain('people/gone.md');
    const today = parseDate('2026-11-25')!;
    expect(JSON.stringify(bulk.analysis().diagnostics(today))).toBe(JSON.stringify(single.analysis().diagnostics(today)));
  });
});
