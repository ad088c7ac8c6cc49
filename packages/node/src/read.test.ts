import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Workspace, parseDate, type FileSystem } from '@rapport/core';
import { NodeFileSystem, READER_SOURCE, type FileStamp, type ReaderThread } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

type Data = Uint8Array | string | Error;

/**
 * A folder with every kind of file a bulk read meets: > 2,000 notes (several batches of the
 * worker, ASCII and not), empty ones, a BOM, CRLF, one larger than a batch (1 MiB) and one above
 * the decode-alone size, not UTF-8 (small and large), NUL bytes, a FIFO, a folder and a dangling
 * symlink named *.md, a symlink loop, a file without read permission, a symlink to a note.
 */
function bigFolder(): { root: string; rels: string[]; texts: Map<string, string | Buffer> } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'rapport-read-'));
  dirs.push(root);
  const texts = new Map<string, string | Buffer>();
  // Notes the line scanner reads (a frontmatter, then lines), so that analysing them stays quick.
  const lines = ['plain ascii line\n', 'ü and é\n', '😀 emoji\n', '\n', '𝄞 中文\n', '- 2026-11-01 Call with [[0003]]\n', '- [ ] write to [[0006]] 📅 2026-12-01\n'];
  const ascii = ['plain ascii line\n', '\n', '- 2026-11-02 Met [[0009]]\n', '- [ ] task\n'];
  let seed = 11;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  for (let i = 0; i < 2300; i++) {
    const from = i % 3 === 0 ? lines : ascii;
    let t = i % 3 === 0 && i % 7 === 0 ? '\uFEFF' : '';
    if (i % 2 === 0) t += `---\ntype: person\nname: Person ${i}\n---\n`;
    const count = i % 60 === 0 ? 0 : rnd(60);
    for (let k = 0; k < count; k++) t += from[rnd(from.length)]!;
    if (i % 89 === 0) t += (i % 2 ? 'a longer note, ü\n' : 'a longer note\n').repeat(3000);
    if (i % 11 === 0) t = t.replace(/\n/g, '\r\n');
    texts.set(`n${i % 4}/${String(i).padStart(4, '0')}.md`, t);
  }
  texts.set('big/over-a-batch.md', 'line of a long note\n'.repeat(70_000)); // 1.4 MB, ASCII
  texts.set('big/alone.md', 'ü😀\n'.repeat(40_000)); // 320 KB, decoded alone
  texts.set('big/latin-big.md', Buffer.alloc(300_000, 0xe9));
  texts.set('odd/latin.md', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  texts.set('odd/nul.md', Buffer.from([0x61, 0x00, 0x62]));
  texts.set('odd/bom.md', '\uFEFF---\ntype: person\n---\r\n');
  texts.set('odd/locked.md', '# locked\n');
  for (const [rel, data] of texts) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), data);
  }
  chmodSync(path.join(root, 'odd', 'locked.md'), 0o000); // unreadable unless the tests run as root
  execFileSync('mkfifo', [path.join(root, 'odd', 'pipe.md')]);
  mkdirSync(path.join(root, 'odd', 'folder.md'));
  symlinkSync(path.join(root, 'odd', 'missing.md'), path.join(root, 'odd', 'dangling.md'));
  symlinkSync(path.join(root, 'odd', 'loop-b.md'), path.join(root, 'odd', 'loop-a.md'));
  symlinkSync(path.join(root, 'odd', 'loop-a.md'), path.join(root, 'odd', 'loop-b.md'));
  symlinkSync(path.join(root, 'odd', 'bom.md'), path.join(root, 'odd', 'link.md'));
  const rels = [...texts.keys(), 'odd/pipe.md', 'odd/folder.md', 'odd/dangling.md', 'odd/loop-a.md', 'odd/link.md', 'odd/none.md'].sort();
  return { root, rels, texts };
}

/** What a bulk read gave, comparable: texts as strings, bytes as hex, errors by message and code. */
function view(d: Data | undefined): unknown {
  if (d instanceof Error) return { error: d.message, code: (d as NodeJS.ErrnoException).code };
  if (typeof d === 'string') return d;
  if (d instanceof Uint8Array) return { bytes: Buffer.from(d).toString('hex') };
  return d;
}

async function streamed(fs: NodeFileSystem, rels: readonly string[]): Promise<{ datas: Data[]; starts: number[] }> {
  const datas: Data[] = [];
  const starts: number[] = [];
  await fs.readFilesInBatches(rels, (start, batch) => {
    starts.push(start);
    expect(start).toBe(datas.length);
    datas.push(...batch);
  });
  return { datas, starts };
}

function stamped(root: string, thread: ReaderThread, hashSince?: bigint): NodeFileSystem {
  const fs = new NodeFileSystem(root);
  fs.readerThread = thread;
  fs.stamps = new Map();
  fs.hashStampsSince = hashSince;
  return fs;
}

describe('NodeFileSystem.readFilesInBatches (bulk loads read on a worker thread)', () => {
  it('gives every file exactly what the synchronous read gives, in order, in several batches, all read by the worker', async () => {
    const { root, rels, texts } = bigFolder();
    const sync = stamped(root, 'never');
    const expected = await sync.readFiles(rels);
    // The synchronous read itself is right: texts, bytes, and the errors.
    rels.forEach((rel, i) => {
      const t = texts.get(rel);
      if (typeof t === 'string') expect(expected[i]).toBe(t);
      else if (t !== undefined) expect(Buffer.from(expected[i] as Uint8Array).equals(t)).toBe(true);
    });
    expect(view(expected[rels.indexOf('odd/pipe.md')])).toEqual({ error: 'not a regular file', code: undefined });
    expect(view(expected[rels.indexOf('odd/folder.md')])).toEqual({ error: 'not a regular file', code: undefined });
    expect(view(expected[rels.indexOf('odd/dangling.md')])).toMatchObject({ code: 'ENOENT' });
    expect(view(expected[rels.indexOf('odd/loop-a.md')])).toMatchObject({ code: 'ELOOP' });
    expect(expected[rels.indexOf('odd/link.md')]).toBe('\uFEFF---\ntype: person\n---\r\n');

    const fs = stamped(root, 'worker');
    const { datas, starts } = await streamed(fs, rels);
    expect(fs.lastBulkRead).toEqual({ worker: true, onThisThread: 0, fromWorker: rels.length, fellBack: false });
    expect(starts.length).toBeGreaterThan(3);
    expect(datas.map(view)).toEqual(expected.map(view));
    // Same error objects as far as callers look: message, code, syscall.
    const i = rels.indexOf('odd/dangling.md');
    expect((datas[i] as NodeJS.ErrnoException).syscall).toBe((expected[i] as NodeJS.ErrnoException).syscall);
    expect((datas[i] as Error).message).toBe((expected[i] as Error).message);
    // Same stamps (the result cache compares them), every one hashed here.
    expect(fs.stamps!.size).toBe(sync.stamps!.size);
    expect(Object.fromEntries(fs.stamps!)).toEqual(Object.fromEntries(sync.stamps!));
    expect([...fs.stamps!.values()].every((s) => /^[0-9a-f]{40}$/.test(s.sha1))).toBe(true);
  });

  it('hashes only the stamps of files changed at or after hashStampsSince, as the synchronous read does', async () => {
    const { root, rels } = bigFolder();
    const now = BigInt(Date.now()) * 1_000_000n;
    const hashed = (m: Map<string, FileStamp>) => [...m.values()].filter((s) => s.sha1 !== '').length;
    // Every file was just written: a window reaching back an hour hashes all, one from an hour on none.
    for (const [since, count] of [[now - 3_600_000_000_000n, 'all'], [now + 3_600_000_000_000n, 'none']] as const) {
      const sync = stamped(root, 'never', since);
      await sync.readFiles(rels);
      const fs = stamped(root, 'worker', since);
      await streamed(fs, rels);
      expect(Object.fromEntries(fs.stamps!)).toEqual(Object.fromEntries(sync.stamps!));
      expect(hashed(fs.stamps!)).toBe(count === 'all' ? fs.stamps!.size : 0);
      expect(fs.stamps!.size).toBeGreaterThan(2300);
    }
  });

  it('shares the work: this thread reads the front while the worker starts, the worker the rest; same results', async () => {
    const { root, rels } = bigFolder();
    const expected = await stamped(root, 'never').readFiles(rels);
    const fs = stamped(root, 'shared');
    const { datas } = await streamed(fs, rels);
    const r = fs.lastBulkRead!;
    expect(r.worker).toBe(true);
    expect(r.onThisThread + r.fromWorker).toBe(rels.length);
    expect(datas.map(view)).toEqual(expected.map(view));
  });

  it('falls back to reading on this thread when the worker fails to start, dies after some batches, or sends nonsense: same results', async () => {
    const { root, rels } = bigFolder();
    const sync = stamped(root, 'never');
    const expected = await sync.readFiles(rels);
    const dying = READER_SOURCE.replace('sent++;', 'sent++; if (sent === 2) process.exit(3);');
    expect(dying).not.toBe(READER_SOURCE);
    const failures = {
      'does not compile': 'this is not JavaScript (',
      throws: "throw new Error('no threads here');",
      'exits after two batches': dying,
      'sends nonsense': "require('node:worker_threads').parentPort.postMessage({ start: 5, count: 1 });",
      'ends without a word': '',
    };
    for (const [what, source] of Object.entries(failures)) {
      const fs = stamped(root, 'worker');
      fs.readerSource = source;
      const { datas } = await streamed(fs, rels);
      expect(fs.lastBulkRead!.fellBack, what).toBe(true);
      expect(datas.map(view), what).toEqual(expected.map(view));
      expect(Object.fromEntries(fs.stamps!), what).toEqual(Object.fromEntries(sync.stamps!));
    }
  });

  it('reads few notes on this thread when left to decide (a worker costs more than it saves)', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'rapport-read-'));
    dirs.push(root);
    writeFileSync(path.join(root, 'a.md'), '# A\n');
    const fs = new NodeFileSystem(root);
    const { datas } = await streamed(fs, ['a.md']);
    expect(datas).toEqual(['# A\n']);
    expect(fs.lastBulkRead).toEqual({ worker: false, onThisThread: 1, fromWorker: 0, fellBack: false });
  });
});

describe('Workspace.readNotes through a streamed read', () => {
  /** The same disk without the streamed read: every note through the synchronous `readFiles`, parsed on first use. */
  function syncOnly(fs: NodeFileSystem): FileSystem {
    return { readDirectory: (p) => fs.readDirectory(p), readFile: (p) => fs.readFile(p), readFiles: (p) => fs.readFiles(p) };
  }

  it('loads the same workspace (notes in the same order and versions, texts, file problems, load problems, diagnostics) as the synchronous bulk read with notes parsed on first use', async () => {
    const { root } = bigFolder();
    writeFileSync(path.join(root, 'rapport.yaml'), 'today: 2026-11-25\n');
    const today = parseDate('2026-11-25')!;
    const shape = (ws: Workspace) => ({
      notes: [...ws.notes.values()].map((n) => [n.path, n.version, n.text, n.fileProblems.map((p) => p.message)]),
      problems: ws.loadProblems,
      diagnostics: JSON.stringify(ws.analysis().diagnostics(today)),
    });
    const single = shape(await Workspace.load(syncOnly(new NodeFileSystem(root))));
    for (const thread of ['worker', 'shared', 'never'] as const) {
      const fs = new NodeFileSystem(root);
      fs.readerThread = thread;
      const ws = await Workspace.load(fs);
      expect(fs.lastBulkRead!.worker, thread).toBe(thread !== 'never');
      const got = shape(ws);
      expect(got.problems, thread).toEqual(single.problems);
      got.notes.forEach((n, i) => expect(n, thread).toEqual(single.notes[i]));
      expect(got.diagnostics === single.diagnostics, thread).toBe(true);
    }
    // (Listing leaves out the FIFO and the folder named *.md; the reads above refuse them.)
    expect(single.problems.map((p) => p.path)).toEqual(['odd/dangling.md', 'odd/loop-a.md', 'odd/loop-b.md']);
    expect(single.diagnostics.length).toBeGreaterThan(1000);
    expect(single.notes.find(([p]) => p === 'odd/latin.md')![3]).toEqual([expect.stringMatching(/not valid UTF-8/)]);
    expect(single.notes.find(([p]) => p === 'odd/nul.md')![3]).toEqual([expect.stringMatching(/binary/)]);
  });
});
