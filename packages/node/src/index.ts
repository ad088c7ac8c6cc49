import { promises as fsp, existsSync, statSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { ParseCache } from './cache.js';
import { RACY_NS, ResultCache } from './results.js';
import { BUILD_ID } from './build.js';
import { readInBatches, readRange, type BatchReadReport, type FileStamp, type ReaderThread, type ReadResult, type StampRequest } from './read.js';
import { CONFIG_FILE, Workspace, resolveToday, type CalendarDate, type DirEntry, type FileSystem, type LoadOptions } from '@rapport/core';

/** Reads a real folder. Paths given to it are workspace-relative with `/` separators. */
export class NodeFileSystem implements FileSystem {
  /** When set, bulk reads (`readFiles`, `readFilesInBatches`) record each file's stamp here (for the ResultCache). */
  stamps: Map<string, FileStamp> | undefined;
  /**
   * Which stamps carry a hash of the bytes (hashing all costs ~30 ms per 10,000 notes): all
   * (undefined), or only those of notes modified or changed at or after this time (ns since the
   * epoch) — the "racy" ones, which a later stat alone cannot vouch for. A note stamped without a
   * hash whose stamp later differs simply counts as changed.
   */
  hashStampsSince: bigint | undefined;

  /**
   * Whether bulk loads (`readFilesInBatches`) read on a worker thread: 'auto' when there are
   * enough notes for it to pay (`RAPPORT_READ_THREAD=0` in the environment turns it off),
   * 'always', 'never'.
   */
  readerThread: ReaderThread = 'auto';
  /** The worker's code, for tests that make it fail (default: read.ts's READER_SOURCE). */
  readerSource: string | undefined;
  /** How the last `readFilesInBatches` went. */
  lastBulkRead: BatchReadReport | undefined;

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
    const out: ReadResult[] = new Array(rels.length);
    readRange((rel) => this.abs(rel), rels, 0, rels.length, out, this.stampRequest());
    return out;
  }

  /**
   * The same results as `readFiles`, handed over in batches as they are read: with enough notes
   * (see `readerThread`), a worker thread does the system calls and passes the bytes on while
   * this thread decodes and parses the batches it has (see read.ts). Falls back to reading here
   * when the worker cannot start or fails.
   */
  async readFilesInBatches(rels: readonly string[], onBatch: (start: number, datas: readonly (Uint8Array | string | Error)[]) => void): Promise<void> {
    this.lastBulkRead = await readInBatches({
      root: this.root,
      absOf: (rel) => this.abs(rel),
      rels,
      onBatch,
      stamps: this.stampRequest(),
      thread: this.readerThread,
      ...(this.readerSource !== undefined ? { source: this.readerSource } : {}),
    });
  }

  private stampRequest(): StampRequest | undefined {
    return this.stamps ? { stamps: this.stamps, hashSince: this.hashStampsSince } : undefined;
  }
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
  if (hit !== undefined) return { root, value: hit, cached: true };

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
  const rr = path.relative(realRoot, real);
  if (rr.startsWith(`..${path.sep}`) || rr === '..' || path.isAbsolute(rr)) throw new Error(`refusing a path that a symlink leads outside the workspace: ${rel}`);
  return abs;
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
export { RACY_NS, ResultCache } from './results.js';
export { stampOf, READER_SOURCE, WORKER_MIN_FILES, type FileStamp, type BatchReadReport, type ReaderThread } from './read.js';
export { BUILD_ID } from './build.js';
