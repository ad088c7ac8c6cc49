import { type BigIntStats, promises as fsp, constants as fsc, existsSync, lstatSync, statSync, realpathSync, openSync, fstatSync, readSync, closeSync } from 'node:fs';
import * as path from 'node:path';
import { isAscii, isUtf8 } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { ParseCache } from './cache.js';
import { RACY_NS, ResultCache } from './results.js';
import { BUILD_ID } from './build.js';
import { CONFIG_FILE, Workspace, resolveToday, type CalendarDate, type DirEntry, type FileSystem, type LoadOptions } from '@rapport/core';

/**
 * What a note's file looked like when it was read: enough to tell later, from a `stat` alone,
 * that it has not changed (as git's index does), plus a hash of its bytes for when the stat
 * cannot tell. Times and inode as decimal strings (nanoseconds; 64-bit values).
 */
export interface FileStamp {
  size: number;
  mtimeNs: string;
  ctimeNs: string;
  ino: string;
  /** SHA-1 of the bytes, hex; left out (empty) when the reader was asked not to hash. */
  sha1: string;
}

/** Reads a real folder. Paths given to it are workspace-relative with `/` separators. */
export class NodeFileSystem implements FileSystem {
  /** When set, bulk reads (`readFiles`) record each file's stamp here (for the ResultCache). */
  stamps: Map<string, FileStamp> | undefined;
  /**
   * Which stamps carry a hash of the bytes (hashing all costs ~30 ms per 10,000 notes): all
   * (undefined), or only those of notes modified or changed at or after this time (ns since the
   * epoch) — the "racy" ones, which a later stat alone cannot vouch for. A note stamped without a
   * hash whose stamp later differs simply counts as changed.
   */
  hashStampsSince: bigint | undefined;

  constructor(readonly root: string) {}

  abs(rel: string): string {
    return rel === '' ? this.root : path.join(this.root, ...rel.split('/'));
  }

  async readDirectory(rel: string): Promise<DirEntry[]> {
    const entries = await fsp.readdir(this.abs(rel), { withFileTypes: true });
    return entries.map((d) => ({
      name: d.name,
      kind: d.isFile() ? 'file' : d.isDirectory() ? 'directory' : d.isSymbolicLink() ? 'symlink' : 'other',
    }));
  }

  async readFile(rel: string): Promise<Uint8Array> {
    const p = this.abs(rel);
    const st = await fsp.stat(p);
    if (!st.isFile()) throw new Error('not a regular file');
    return fsp.readFile(p);
  }

  /**
   * Reads many notes synchronously, one after the other: for thousands of small files this is
   * several times faster than as many async reads (each of those is a thread-pool round trip
   * for open, stat, read and close). Opened non-blocking, so a FIFO named `x.md` is refused
   * by the regular-file check instead of hanging the read.
   */
  async readFiles(rels: readonly string[]): Promise<(Uint8Array | string | Error)[]> {
    const out: (Uint8Array | string | Error)[] = new Array(rels.length);
    const batches = [new TextBatch(out), new TextBatch(out)];
    // Every file is read into one reused buffer, then copied into its batch: no buffer per note
    // (10,000 of them were ~12 MB of garbage outside the heap until the collector got to them);
    // a larger file gets a buffer of its own.
    const scratch = Buffer.allocUnsafe(64 * 1024);
    for (let i = 0; i < rels.length; i++) {
      const data = this.readNow(rels[i]!, scratch);
      if (data instanceof Error) {
        out[i] = data;
        continue;
      }
      // Valid UTF-8 without NUL bytes is decoded here, natively, in batches (what core's
      // decodeText would give, BOM kept); anything else goes to decodeText as bytes (a copy:
      // the scratch buffer is read into again), for its diagnostics. ASCII and other text are
      // batched apart, so one emoji does not make a batch's plain notes take two bytes a character.
      if (!isUtf8(data) || data.indexOf(0) >= 0) out[i] = Buffer.from(data);
      else batches[isAscii(data) ? 0 : 1]!.add(i, data);
    }
    for (const b of batches) b.flush(true);
    return out;
  }

  /** A file's bytes, read into `into` when they fit (the result is then a view of it). */
  private readNow(rel: string, into?: Buffer): Buffer | Error {
    let fd: number | undefined;
    try {
      fd = openSync(this.abs(rel), fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0));
      // Nanosecond times (a bigint stat) only when stamps are kept.
      const st = this.stamps ? fstatSync(fd, { bigint: true }) : fstatSync(fd);
      if (!st.isFile()) return new Error('not a regular file');
      const data = readAll(fd, Number(st.size), into);
      if (this.stamps) {
        const b = st as BigIntStats;
        const since = this.hashStampsSince;
        this.stamps.set(rel, stampOf(b, data, since === undefined || b.mtimeNs >= since || b.ctimeNs >= since));
      }
      return data;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
}

/**
 * Decodes many notes' bytes as one string, then gives each note its slice of it. A workspace
 * keeps every note's text for as long as it lives: decoded one by one, each text is a small
 * string that the garbage collector copies twice before it settles (~45 MB of copying at
 * 10,000 notes); one large string per batch is made where it stays, and the notes' texts are
 * slices of it. NUL bytes separate the notes (their texts have none: checked before adding).
 */
class TextBatch {
  private static readonly SIZE = 1024 * 1024;
  private buffer: Buffer | undefined;
  private used = 0;
  private readonly indexes: number[] = [];

  constructor(private readonly out: (Uint8Array | string | Error)[]) {}

  add(index: number, data: Buffer): void {
    if (data.length >= TextBatch.SIZE / 4) {
      this.out[index] = data.toString('utf8');
      return;
    }
    if (this.buffer !== undefined && this.used + data.length + 1 > this.buffer.length) this.flush();
    this.buffer ??= Buffer.allocUnsafe(TextBatch.SIZE);
    data.copy(this.buffer, this.used);
    this.used += data.length;
    this.buffer[this.used++] = 0;
    this.indexes.push(index);
  }

  /** Decodes what was added; `last`: the buffer is not needed any more. */
  flush(last = false): void {
    const buffer = this.buffer;
    if (last) this.buffer = undefined;
    if (buffer === undefined || this.indexes.length === 0) return;
    const all = buffer.toString('utf8', 0, this.used);
    let at = 0;
    for (const index of this.indexes) {
      const end = all.indexOf('\0', at);
      this.out[index] = all.slice(at, end);
      at = end + 1;
    }
    this.indexes.length = 0;
    this.used = 0;
  }
}

/**
 * The bytes of an open file whose size a stat just gave: one buffer of that size (readFileSync(fd)
 * would stat the file again). As readFileSync does, `size` bytes are read, so the bytes are those
 * the stamp describes, and no last read is made to find the end: at 10,000 notes those empty reads
 * were ~15 ms. A file whose stat says 0 bytes (some special files) is read until its end.
 */
function readAll(fd: number, size: number, into?: Buffer): Buffer {
  let buf = into !== undefined && into.length > size ? into : Buffer.allocUnsafe(Math.max(size, 1));
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    const got = readSync(fd, buf, n, size > 0 ? size - n : buf.length - n, null);
    if (got === 0) break;
    n += got;
    if (size > 0 && n >= size) break;
  }
  return buf.subarray(0, n);
}

export function stampOf(st: BigIntStats, data: Uint8Array, hash = true): FileStamp {
  return { size: Number(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs), ino: String(st.ino), sha1: hash ? createHash('sha1').update(data).digest('hex') : '' };
}

/** The nearest folder at or above `start` holding rapport.yaml; `start` itself when none does. */
export function findWorkspaceRoot(start: string): string {
  const abs = path.resolve(start);
  let dir = abs;
  for (;;) {
    if (existsSync(path.join(dir, CONFIG_FILE))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return abs;
    dir = up;
  }
}

export interface OpenedWorkspace {
  root: string;
  fs: NodeFileSystem;
  workspace: Workspace;
}

export interface OpenOptions extends LoadOptions {
  /**
   * Keep parsed notes in `<root>/.rapport/cache/` between runs (see ParseCache). On by default
   * unless a parser is given; `RAPPORT_CACHE=0` in the environment turns it off.
   */
  cache?: boolean;
}

/** Whether the persistent caches are on: `RAPPORT_CACHE=0` turns them off. */
export function cachesEnabled(): boolean {
  return process.env.RAPPORT_CACHE !== '0';
}

/** The workspace root for a folder the user named (which must exist). */
function rootOf(dir: string): string {
  const abs = path.resolve(dir);
  if (!existsSync(abs)) throw new Error(`no such folder: ${dir}`);
  if (!statSync(abs).isDirectory()) throw new Error(`not a folder: ${dir}`);
  return findWorkspaceRoot(abs);
}

/** Finds the root for a folder and loads every note in it from disk. */
export async function openWorkspace(dir: string, options: OpenOptions = {}): Promise<OpenedWorkspace> {
  const root = rootOf(dir);
  const fs = new NodeFileSystem(root);
  const { cache: useCache, ...load } = options;
  const cacheOn = (useCache ?? (!load.parse && !load.bulkParse)) && cachesEnabled();
  // The parse cache reads its file itself when a note first needs it.
  const cache = cacheOn ? new ParseCache(root) : undefined;
  const workspace = await Workspace.load(fs, cache ? { ...load, bulkParse: cache.parse } : load);
  // Every note is parsed here, as loads always did (so the cache saves this workspace's whole set).
  workspace.parseAll();
  await cache?.save();
  return { root, fs, workspace };
}

/**
 * Reads the listed notes into a prepared workspace, recording each file's stamp (for the
 * ResultCache) and the wall-clock time the reading began (what file times are in). Hashes only
 * the notes changed within the racy window (just edited): a later run checks those by content;
 * hashing every note would cost ~30 ms per 10,000 notes, to save one miss when an old note is
 * touched without being changed.
 */
export async function readNotesStamped(fs: NodeFileSystem, workspace: Workspace, paths: readonly string[]): Promise<{ stamps: Map<string, FileStamp>; readStartedNs: bigint }> {
  const stamps = new Map<string, FileStamp>();
  const readStartedNs = BigInt(Date.now()) * 1_000_000n;
  fs.stamps = stamps;
  fs.hashStampsSince = readStartedNs - RACY_NS;
  try {
    await workspace.readNotes(fs, paths);
  } finally {
    fs.stamps = undefined;
    fs.hashStampsSince = undefined;
  }
  return { stamps, readStartedNs };
}

/** A question whose whole answer may come from the ResultCache (see `answer`). */
export interface Question<T> {
  /** The cache entry's name (one answer is kept per name). */
  name: string;
  /** Everything besides the notes, config and .gitignores that the answer depends on (e.g. today). */
  ask(workspace: Workspace): readonly string[];
  /** Whether a stored value has the answer's shape (else it is computed again). */
  isValue(x: unknown): x is T;
}

/**
 * Answers a question about the workspace at `dir`: from `.rapport/cache/` when this build
 * answered the same question about the same notes before (see ResultCache: the notes are then
 * only stat-ed, not read), else by loading the workspace and calling `compute`, whose answer is
 * stored. Without a build id (unbundled code) or with RAPPORT_CACHE=0 it always computes.
 */
export async function answer<T>(dir: string, question: Question<T>, compute: (opened: OpenedWorkspace) => T | Promise<T>, options: OpenOptions = {}): Promise<{ root: string; value: T; cached: boolean }> {
  const root = rootOf(dir);
  const { cache: useCache, ...load } = options;
  if (!BUILD_ID || useCache === false || load.parse || load.bulkParse || !cachesEnabled()) {
    const opened = await openWorkspace(dir, options);
    return { root, value: await compute(opened), cached: false };
  }
  const fs = new NodeFileSystem(root);
  const parseCache = new ParseCache(root);
  const { workspace, paths } = await Workspace.prepare(fs, { ...load, bulkParse: parseCache.parse });
  const results = new ResultCache(root, BUILD_ID);
  const key = results.key(workspace, question.ask(workspace));
  const hit = await results.recall(question.name, key, paths, question.isValue);
  if (hit !== undefined) {
    // Once after notes were rewritten unchanged (a clone, a checkout): see Recalled.renew.
    await hit.renew?.();
    return { root, value: hit.value, cached: true };
  }

  const { stamps, readStartedNs } = await readNotesStamped(fs, workspace, paths);
  const value = await compute({ root, fs, workspace });
  await results.store(question.name, key, paths, stamps, readStartedNs, value);
  // Notes are parsed on first use: save only when `compute` parsed them all, so a partial set
  // never replaces the entries of the notes it did not look at.
  if (parseCache.calls >= workspace.notes.size) await parseCache.save();
  return { root, value, cached: false };
}

export { ParseCache, decodeCache, encodeCache, folderIdentity, hashText, writeCacheFile } from './cache.js';

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Today for a workspace: `--today`, else the config's `today:`, else now in its time zone. */
export function todayFor(ws: Workspace, override?: string, nowMs = Date.now()): CalendarDate {
  return resolveToday({ ...(override ? { override } : {}), config: ws.config, nowMs, systemTimeZone });
}

/**
 * The path of `abs` relative to `root` (OS separators) when it is `root` itself ('') or lies
 * below it, else undefined. Both are resolved paths (real ones, to judge where symlinks lead).
 */
export function pathInside(root: string, abs: string): string | undefined {
  const rel = path.relative(root, abs);
  return rel.startsWith(`..${path.sep}`) || rel === '..' || path.isAbsolute(rel) ? undefined : rel;
}

/** Turns a workspace-relative path into an OS path, refusing anything that leaves the root. */
export function insideRoot(root: string, rel: string): string {
  if (path.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) throw new Error(`refusing an absolute path: ${rel}`);
  const abs = path.resolve(root, rel);
  const r = path.relative(root, abs);
  if (r === '' || r.startsWith('..') || path.isAbsolute(r)) throw new Error(`refusing a path outside the workspace: ${rel}`);
  // Symlinks: the nearest folder on the way that exists must really lie inside the root too, or
  // a link in a cloned notes repo (people -> /somewhere/else) would carry a write outside it.
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return abs; // no root on disk (yet): nothing can be linked
  }
  let probe = path.dirname(abs);
  while (!existsSync(probe) && path.dirname(probe) !== probe) probe = path.dirname(probe);
  const real = realpathSync(probe);
  if (pathInside(realRoot, real) === undefined) throw new Error(`refusing a path that a symlink leads outside the workspace: ${rel}`);
  // A note that is itself a symlink: an edit goes to the file it leads to (a rename over the
  // link would replace it with a copy and leave the real note unedited), which must lie inside.
  let target: string;
  try {
    if (!lstatSync(abs).isSymbolicLink()) return abs;
    target = realpathSync(abs);
  } catch {
    return abs; // no such file, or a dangling link: creating refuses it (it exists), editing finds nothing
  }
  // Inside, and not the root folder itself.
  if (!pathInside(realRoot, target)) throw new Error(`refusing a note that a symlink leads outside the workspace: ${rel}`);
  return target;
}

/**
 * Writes a file atomically: a temporary file in the same folder, then a rename. With
 * `create: true` it refuses to replace an existing file (the link step fails instead).
 */
export async function writeFileAtomic(file: string, data: string, opts: { create?: boolean } = {}): Promise<void> {
  const dir = path.dirname(file);
  await fsp.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  let mode: number | undefined;
  if (!opts.create) {
    try {
      mode = (await fsp.stat(file)).mode;
    } catch {
      /* new file */
    }
  }
  await fsp.writeFile(tmp, data, { flag: 'wx', ...(mode !== undefined ? { mode } : {}) });
  try {
    if (opts.create) {
      // link() fails when the target exists, so two writers can never both create it.
      await fsp.link(tmp, file);
      await fsp.unlink(tmp);
    } else {
      await fsp.rename(tmp, file);
    }
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    if (opts.create && (e as NodeJS.ErrnoException).code === 'EEXIST') throw new Error(`refusing to overwrite ${file}: it already exists`);
    throw e;
  }
}

export function toPosix(rel: string): string {
  return rel.split(path.sep).join('/');
}
export { RACY_NS, ResultCache, type Recalled } from './results.js';
export { BUILD_ID } from './build.js';
