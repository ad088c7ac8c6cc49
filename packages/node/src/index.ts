import { promises as fsp, constants as fsc, existsSync, statSync, realpathSync, openSync, fstatSync, readFileSync, closeSync } from 'node:fs';
import * as path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { ParseCache } from './cache.js';
import { CONFIG_FILE, Workspace, resolveToday, type CalendarDate, type DirEntry, type FileSystem, type LoadOptions } from '@rapport/core';

/** Reads a real folder. Paths given to it are workspace-relative with `/` separators. */
export class NodeFileSystem implements FileSystem {
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
    return rels.map((rel) => this.readNow(rel));
  }

  private readNow(rel: string): Uint8Array | string | Error {
    let fd: number | undefined;
    try {
      fd = openSync(this.abs(rel), fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0));
      if (!fstatSync(fd).isFile()) return new Error('not a regular file');
      const data = readFileSync(fd);
      // Valid UTF-8 without NUL bytes decodes here, natively (what core's decodeText would
      // give, BOM kept); anything else goes to decodeText as bytes, for its diagnostics.
      return isUtf8(data) && data.indexOf(0) < 0 ? data.toString('utf8') : data;
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
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
  /**
   * Saves the parse cache (a no-op without one). Needed only after a `lazy` open, once the
   * caller is done; it writes only when every note was parsed, so a run that parsed nothing (or
   * a part) never throws away the entries of the notes it did not look at.
   */
  saveCache(): Promise<void>;
}

export interface OpenOptions extends LoadOptions {
  /**
   * Keep parsed notes in `<root>/.rapport/cache/` between runs (see ParseCache). On by default
   * unless a parser is given; `RAPPORT_CACHE=0` in the environment turns it off.
   */
  cache?: boolean;
  /**
   * Read every note but parse none yet: each is parsed on first use (for callers that may find
   * their whole answer in a ResultCache). Call `saveCache()` when done.
   */
  lazy?: boolean;
}

/** Whether the persistent caches are on: `RAPPORT_CACHE=0` turns them off. */
export function cachesEnabled(): boolean {
  return process.env.RAPPORT_CACHE !== '0';
}

/** Finds the root for a folder and loads every note in it from disk. */
export async function openWorkspace(dir: string, options: OpenOptions = {}): Promise<OpenedWorkspace> {
  const abs = path.resolve(dir);
  if (!existsSync(abs)) throw new Error(`no such folder: ${dir}`);
  if (!statSync(abs).isDirectory()) throw new Error(`not a folder: ${dir}`);
  const root = findWorkspaceRoot(abs);
  const fs = new NodeFileSystem(root);
  const { cache: useCache, lazy, ...load } = options;
  const cacheOn = (useCache ?? (!load.parse && !load.bulkParse)) && cachesEnabled();
  if (!cacheOn) {
    const workspace = await Workspace.load(fs, load);
    if (!lazy) workspace.parseAll();
    return { root, fs, workspace, saveCache: async () => undefined };
  }
  const cache = new ParseCache(root);
  await cache.load();
  const workspace = await Workspace.load(fs, { ...load, bulkParse: cache.parse });
  const saveCache = async () => {
    if (cache.calls >= workspace.notes.size) await cache.save();
  };
  if (!lazy) {
    workspace.parseAll();
    await saveCache();
  }
  return { root, fs, workspace, saveCache };
}

export { ParseCache, decodeCache, encodeCache, hashText, writeCacheFile } from './cache.js';

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Today for a workspace: `--today`, else the config's `today:`, else now in its time zone. */
export function todayFor(ws: Workspace, override?: string, nowMs = Date.now()): CalendarDate {
  return resolveToday({ ...(override ? { override } : {}), config: ws.config, nowMs, systemTimeZone: systemTimeZone() });
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
export { ResultCache } from './results.js';
export { BUILD_ID } from './build.js';
