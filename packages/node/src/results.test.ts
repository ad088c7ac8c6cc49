import { afterEach, describe, expect, it, vi } from 'vitest';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, renameSync, existsSync, utimesSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { MemoryFileSystem, Workspace } from '@rapport/core';
import { NodeFileSystem, ResultCache, type FileStamp } from './index.js';
import { RACY_NS, racyFrom } from './results.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-results-'));
  dirs.push(root);
  for (const [p, t] of Object.entries(files)) write(root, p, t);
  return root;
}

function write(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

const FILES = {
  'rapport.yaml': 'today: 2026-11-25\n',
  '.gitignore': 'drafts/\n',
  'people/ana.md': '---\ntype: person\nname: Ana\n---\n- 2026-11-20 Coffee\n',
  'people/ben.md': '---\ntype: person\nname: Ben\n---\n',
};

const QUESTION = ['check', '2026-11-25'];
const isList = (x: unknown): x is number[] => Array.isArray(x) && x.every((n) => typeof n === 'number');

/** What `answer` does: prepare, key, recall; on a miss read with stamps and store `value`. */
async function ask(root: string, value: number[], opts: { build?: string; question?: string[]; readAtNs?: bigint; hashes?: boolean } = {}): Promise<{ hit: boolean; got: number[] }> {
  const fs = new NodeFileSystem(root);
  const readAtForHashes = opts.readAtNs ?? BigInt(Date.now()) * 1_000_000n;
  // As `rapport check` does: hashes only for the notes within the racy window of the read.
  if (opts.hashes === false) fs.hashStampsSince = readAtForHashes - RACY_NS;
  const { workspace, paths } = await Workspace.prepare(fs);
  const cache = new ResultCache(root, opts.build ?? 'b1');
  const key = cache.key(workspace, opts.question ?? QUESTION);
  const hit = await cache.recall('check', key, paths, isList);
  if (hit) {
    await hit.renew?.();
    return { hit: true, got: hit.value };
  }
  const stamps = new Map<string, FileStamp>();
  fs.stamps = stamps;
  const readAt = opts.readAtNs ?? BigInt(Date.now()) * 1_000_000n;
  await workspace.readNotes(fs, paths);
  await cache.store('check', key, paths, stamps, readAt, value);
  return { hit: false, got: value };
}

/** Files written long before they are read: no stamp is "racy". */
function age(root: string, rel: string) {
  const t = new Date(Date.now() - 3600_000);
  utimesSync(path.join(root, rel), t, t);
}

describe('ResultCache', () => {
  it('gives the stored answer back only while the question, the build and every input are the same', async () => {
    const root = folder(FILES);
    expect(await ask(root, [1])).toEqual({ hit: false, got: [1] });
    expect(await ask(root, [2])).toEqual({ hit: true, got: [1] });
    let n = 10;
    const misses = async (what: string, change: () => void, opts: Parameters<typeof ask>[2] = {}) => {
      change();
      const v = [++n];
      expect(await ask(root, v, opts), what).toEqual({ hit: false, got: v });
      expect(await ask(root, [0], opts), `${what}, asked again`).toEqual({ hit: true, got: v });
    };
    await misses('one byte of a note', () => write(root, 'people/ben.md', '---\ntype: person\nname: Bem\n---\n'));
    await misses('a renamed note', () => renameSync(path.join(root, 'people/ben.md'), path.join(root, 'people/benjamin.md')));
    await misses('a new note', () => write(root, 'people/cy.md', '# Cy\n'));
    await misses('a deleted note', () => rmSync(path.join(root, 'people/cy.md')));
    await misses('the config', () => write(root, 'rapport.yaml', 'today: 2026-11-26\n'));
    await misses('a .gitignore', () => write(root, '.gitignore', 'drafts/\nold/\n'));
    await misses('a folder .gitignore', () => write(root, 'people/.gitignore', 'x.md\n'));
    await misses('another question (today)', () => undefined, { question: ['check', '2026-11-26'] });
    await misses('another build', () => undefined, { build: 'b2', question: ['check', '2026-11-26'] });
  });

  it('trusts an unchanged stamp without reading, and checks content when the stamp changed or is racy', async () => {
    const root = folder(FILES);
    for (const f of ['people/ana.md', 'people/ben.md']) age(root, f);
    const old = BigInt(Date.now()) * 1_000_000n;
    await ask(root, [1], { readAtNs: old });
    // Same bytes, new times (touch): read, same hash, still a hit.
    const t = new Date(Date.now() - 1800_000);
    utimesSync(path.join(root, 'people/ana.md'), t, t);
    expect(await ask(root, [2])).toEqual({ hit: true, got: [1] });
    // Same size and times put back (as `touch -r` or an rsync could): the change time still moved.
    const before = statSync(path.join(root, 'people/ben.md'));
    writeFileSync(path.join(root, 'people/ben.md'), readFileSync(path.join(root, 'people/ben.md'), 'utf8').replace('Ben', 'Bem'));
    utimesSync(path.join(root, 'people/ben.md'), before.atime, before.mtime);
    expect(await ask(root, [3])).toEqual({ hit: false, got: [3] });
  });

  it('hashing only racy notes: an unchanged stamp hits, a touched old note misses, a just-written note is checked by content', async () => {
    const root = folder(FILES);
    // As if the notes were read 10 s after they were last written (their change times are now).
    const later = BigInt(Date.now() + 10_000) * 1_000_000n;
    await ask(root, [1], { hashes: false, readAtNs: later });
    expect(await ask(root, [2], { hashes: false })).toEqual({ hit: true, got: [1] });
    // Same bytes, new times: without a hash nothing can tell it is unchanged.
    const t = new Date(Date.now() - 1800_000);
    utimesSync(path.join(root, 'people/ana.md'), t, t);
    expect(await ask(root, [3], { hashes: false, readAtNs: later })).toEqual({ hit: false, got: [3] });
    expect(await ask(root, [4], { hashes: false })).toEqual({ hit: true, got: [3] });
    // Stored as read right after the notes were written: every stamp is racy, so every note was
    // hashed, and the next run compares contents: unchanged, a hit; one byte changed, a miss.
    await ask(root, [5], { hashes: false, question: ['racy'] });
    expect(await ask(root, [6], { hashes: false, question: ['racy'] })).toEqual({ hit: true, got: [5] });
    write(root, 'people/ben.md', readFileSync(path.join(root, 'people/ben.md'), 'utf8').replace('Ben', 'Bem'));
    expect(await ask(root, [7], { hashes: false, question: ['racy'] })).toEqual({ hit: false, got: [7] });
  });

  it('reads a note changed close to when it was read, even when its stamp looks the same', async () => {
    const root = folder(FILES);
    // Stored as if read right now: every stamp is within the racy window.
    await ask(root, [1]);
    const file = new ResultCache(root, 'b1').file('check');
    const stored = readFileSync(file, 'utf8');
    // Tamper with a stored hash (keeping the stamp and a valid checksum): only a content check notices.
    const [header, body] = [stored.slice(0, stored.indexOf('\n')), stored.slice(stored.indexOf('\n') + 1)];
    const parsed = JSON.parse(body) as { files: unknown[][] };
    parsed.files[0]![5] = '0'.repeat(40);
    const newBody = JSON.stringify(parsed);
    const { createHash } = await import('node:crypto');
    const h = JSON.parse(header) as { sha1: string };
    h.sha1 = createHash('sha1').update(newBody).digest('hex');
    writeFileSync(file, `${JSON.stringify(h)}\n${newBody}`);
    expect(await ask(root, [2])).toEqual({ hit: false, got: [2] });
  });

  it('treats a damaged, truncated, tampered or wrongly shaped file as a miss, and git-ignores itself', async () => {
    const root = folder(FILES);
    await ask(root, [1]);
    const file = new ResultCache(root, 'b1').file('check');
    const good = readFileSync(file, 'utf8');
    expect(readFileSync(path.join(root, '.rapport', '.gitignore'), 'utf8')).toContain('*');
    for (const text of [good.slice(0, -2), good.replace('"value":[1]', '"value":[7]'), 'garbage', '', good.replace('\n', ' ')]) {
      writeFileSync(file, text);
      const v = [Math.random()];
      expect(await ask(root, v), JSON.stringify(text.slice(0, 40))).toEqual({ hit: false, got: v });
    }
    const fs = new NodeFileSystem(root);
    const { workspace, paths } = await Workspace.prepare(fs);
    const cache = new ResultCache(root, 'b1');
    const key = cache.key(workspace, QUESTION);
    expect(await cache.recall('check', key, paths, (x): x is string => typeof x === 'string')).toBeUndefined();
    rmSync(path.join(root, '.rapport'), { recursive: true });
    expect(await cache.recall('check', key, paths, isList)).toBeUndefined();
    expect(existsSync(file)).toBe(false);
  });
});

describe('ResultCache reads the notes\' rows before the answer', () => {
  it('a note whose path holds ,"value": is a row like any other, and an answer that is not JSON is a miss', async () => {
    const root = folder({ ...FILES, 'people/,"value":[9],x.md': '# Odd\n' });
    expect(await ask(root, [1])).toEqual({ hit: false, got: [1] });
    expect(await ask(root, [2])).toEqual({ hit: true, got: [1] });
    // The answer's text damaged, the checksum made valid again: a miss, never an error.
    const file = new ResultCache(root, 'b1').file('check');
    const raw = readFileSync(file, 'utf8');
    const nl = raw.indexOf('\n');
    const body = raw.slice(nl + 1).replace(/"value":\[1\]\}$/, '"value":[1,}');
    expect(body).not.toBe(raw.slice(nl + 1));
    const { createHash } = await import('node:crypto');
    const header = JSON.parse(raw.slice(0, nl)) as { sha1: string };
    header.sha1 = createHash('sha1').update(body).digest('hex');
    writeFileSync(file, `${JSON.stringify(header)}\n${body}`);
    expect(await ask(root, [3])).toEqual({ hit: false, got: [3] });
  });
});

describe('ResultCache renews an answer whose notes only their contents could vouch for', () => {
  /** The stored file's read time and rows. */
  const storedOf = (root: string) => {
    const text = readFileSync(new ResultCache(root, 'b1').file('check'), 'utf8');
    return JSON.parse(text.slice(text.indexOf('\n') + 1)) as { readStartedNs: string; files: [string, number, string, string, string, string][] };
  };
  const recallNow = async (root: string) => {
    const fs = new NodeFileSystem(root);
    const { workspace, paths } = await Workspace.prepare(fs);
    const cache = new ResultCache(root, 'b1');
    return cache.recall('check', cache.key(workspace, QUESTION), paths, isList);
  };

  it('stores it again with the stamps of now, after which the stamps alone tell (as after a clone or a checkout)', async () => {
    const root = folder(FILES);
    // Stored right after the notes were written: every stamp is racy, so every note was hashed.
    await ask(root, [1]);
    const first = storedOf(root);
    // Still within the window: the notes are checked by content, and nothing would change if stored again.
    expect(await recallNow(root)).toEqual({ value: [1] });
    // Ten seconds later (the notes untouched): checked by content once more, and renewable.
    const later = Date.now() + 10_000;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => later);
    try {
      const hit = await recallNow(root);
      expect(hit?.value).toEqual([1]);
      expect(hit?.renew).toBeTypeOf('function');
      await hit!.renew!();
      const renewed = storedOf(root);
      expect(renewed.readStartedNs).toBe(String(BigInt(later) * 1_000_000n));
      // The same notes, stamps (as stat-ed now) and hashes; the answer itself unchanged.
      for (const [i, row] of renewed.files.entries()) {
        const st = statSync(path.join(root, row[0]), { bigint: true });
        expect(row).toEqual([first.files[i]![0], Number(st.size), String(st.mtimeNs), String(st.ctimeNs), String(st.ino), first.files[i]![5]]);
      }
      // From now on the stamps tell: a hit with nothing to renew.
      expect(await recallNow(root)).toEqual({ value: [1] });
      // And a change is still seen (a new stamp, other bytes).
      write(root, 'people/ben.md', '---\ntype: person\nname: Bem\n---\n');
      expect(await recallNow(root)).toBeUndefined();
    } finally {
      clock.mockRestore();
    }
  });

  it('`answer` renews it on a hit (what rapport check runs)', async () => {
    const root = folder(FILES);
    await ask(root, [1]);
    const before = storedOf(root).readStartedNs;
    const later = Date.now() + 10_000;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => later);
    try {
      expect(await ask(root, [2])).toEqual({ hit: true, got: [1] });
      expect(storedOf(root).readStartedNs).not.toBe(before);
      expect(await recallNow(root)).toEqual({ value: [1] });
    } finally {
      clock.mockRestore();
    }
  });
});

describe('ResultCache.recall with the stamps of notes just read', () => {
  it('decides by their hashes alone', async () => {
    const root = folder(FILES);
    await ask(root, [1]);
    const fs = new NodeFileSystem(root);
    const { workspace, paths } = await Workspace.prepare(fs);
    const cache = new ResultCache(root, 'b1');
    const key = cache.key(workspace, QUESTION);
    const stamps = new Map<string, FileStamp>();
    fs.stamps = stamps;
    await workspace.readNotes(fs, paths);
    expect((await cache.recall('check', key, paths, isList, stamps))?.value).toEqual([1]);
    // A note whose bytes differ from what was stored misses, whatever its stamp on disk says.
    stamps.set('people/ana.md', { ...stamps.get('people/ana.md')!, sha1: '0'.repeat(40) });
    expect(await cache.recall('check', key, paths, isList, stamps)).toBeUndefined();
    expect((await cache.recall('check', key, paths, isList))?.value).toEqual([1]);
  });
});

describe('caches belong to their folder', () => {
  it('an answer copied along with the notes (or committed into a repository) is not used for the copy', async () => {
    const root = folder(FILES);
    await ask(root, [1], { readAtNs: BigInt(Date.now() + 10_000) * 1_000_000n });
    expect(await ask(root, [2])).toEqual({ hit: true, got: [1] });
    const copy = mkdtempSync(path.join(tmpdir(), 'rapport-results-copy-'));
    dirs.push(copy);
    cpSync(root, copy, { recursive: true, preserveTimestamps: true });
    expect(existsSync(path.join(copy, '.rapport', 'cache', 'result-check.json'))).toBe(true);
    expect(await ask(copy, [3])).toEqual({ hit: false, got: [3] });
    expect(await ask(copy, [4])).toEqual({ hit: true, got: [3] });
  });

  it('never writes through a .rapport that is a symlink out of the folder', async () => {
    const root = folder(FILES);
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'rapport-elsewhere-'));
    dirs.push(elsewhere);
    symlinkSync(elsewhere, path.join(root, '.rapport'));
    expect(await ask(root, [1])).toEqual({ hit: false, got: [1] });
    expect(readdirSync(elsewhere)).toEqual([]);
    rmSync(path.join(root, '.rapport'));
    mkdirSync(path.join(root, '.rapport'));
    symlinkSync(elsewhere, path.join(root, '.rapport', 'cache'));
    await ask(root, [2]);
    expect(readdirSync(elsewhere)).toEqual([]);
  });
});

describe('ResultCache keys and listing', () => {
  it('differ when a folder cannot be listed any more, even one without notes', async () => {
    const files = new MemoryFileSystem({ 'rapport.yaml': 'today: 2026-11-25\n', 'people/ana.md': '# Ana\n', 'archive/.keep': '' });
    const broken = {
      readDirectory: (p: string) => (p === 'archive' ? Promise.reject(new Error('EACCES: permission denied')) : files.readDirectory(p)),
      readFile: (p: string) => files.readFile(p),
    };
    const cache = new ResultCache('/nowhere', 'b1');
    const ok = await Workspace.prepare(files);
    const bad = await Workspace.prepare(broken);
    expect(bad.paths).toEqual(ok.paths);
    expect(bad.workspace.loadProblems.map((p) => p.path)).toEqual(['archive']);
    expect(cache.key(bad.workspace, QUESTION)).not.toBe(cache.key(ok.workspace, QUESTION));
  });
});

describe('ResultCache.store writes piece by piece', () => {
  it('the same file as one JSON.stringify, for answers of many pieces, non-ASCII text and any value', async () => {
    const root = folder({ 'a.md': 'x' });
    const cache = new ResultCache(root, 'build-1');
    const key = 'k'.repeat(40);
    // Long after every stamp below: none is in the racy window, so the stamps alone decide.
    const READ = 10n ** 18n;
    const paths = Array.from({ length: 3000 }, (_, i) => `people/p-${i}-é.md`);
    const stamps = new Map<string, FileStamp>(paths.map((p, i) => [p, { size: i, mtimeNs: `${i}000`, ctimeNs: `${i}001`, ino: String(7 * i), sha1: i % 2 ? '' : 'ab'.repeat(20) }]));
    const isAny = (x: unknown): x is unknown => true;
    const values: unknown[] = [
      // Several 64 KiB pieces: a server's published diagnostics, with emoji and quotes.
      paths.map((p, i) => [p, [{ code: 'overdue', message: `Task "Call 📞 ${i}" — “late” \\ ${'x'.repeat(i % 50)}`, line: i }]]),
      [undefined, () => 1, 'plain', null],
      // Holes (null in JSON) in several pieces of a few dozen items.
      Object.assign(new Array(700), { 3: 'x', 300: { a: [1, undefined] }, 699: 1 }),
      { due: [1, 2], answer: 'ok' },
      [],
      'a string',
    ];
    for (const value of values) {
      await cache.store('t', key, paths, stamps, READ, value);
      const text = readFileSync(cache.file('t'), 'utf8');
      const body = JSON.stringify({ readStartedNs: String(READ), files: paths.map((p) => { const s = stamps.get(p)!; return [p, s.size, s.mtimeNs, s.ctimeNs, s.ino, s.sha1]; }), value });
      const { createHash } = await import('node:crypto');
      expect(text).toBe(`${JSON.stringify({ magic: 'rapport-result-cache-2', key, sha1: createHash('sha1').update(body).digest('hex') })}\n${body}`);
    }
    // And it reads back (stamps compared with `current`, no disk involved).
    await cache.store('t', key, paths, stamps, READ, values[0]);
    expect((await cache.recall('t', key, paths, isAny, stamps))?.value).toEqual(JSON.parse(JSON.stringify(values[0])));
    expect(readdirSync(path.join(root, '.rapport', 'cache')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('racyFrom (the racy window compared as text)', () => {
  it('answers as BigInt arithmetic does, for times near and far from the limit', () => {
    const reads = [0n, 1n, RACY_NS - 1n, RACY_NS, RACY_NS + 1n, 1_795_611_537_745_000_000n, 10n ** 19n, 999_999_999_999n + RACY_NS];
    for (const readAt of reads) {
      const racy = racyFrom(readAt);
      const from = readAt - RACY_NS;
      const times = [0n, 1n, 9n, 10n, from - 1n, from, from + 1n, readAt, readAt + 1n, 10n * (from > 0n ? from : 1n), from > 10n ? from / 10n : 0n, 10n ** 20n];
      for (const t of times) if (t >= 0n) expect(racy(String(t)), `${t} vs read at ${readAt}`).toBe(t >= from);
    }
  });
});
