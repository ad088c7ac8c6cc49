import { promises as fsp, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { PARSER_VERSION, parseNote, scanNote, type LineIndex, type ParsedNote, type PlainValue } from '@rapport/core';

/**
 * A persistent cache of parsed notes in `<root>/.rapport/cache/` (git-ignored).
 *
 * What it holds: only the notes the fast line scanner hands to the full Markdown parser (tables,
 * HTML, numbered lists, YAML comments, ...). For every other note, scanning is as fast as reading
 * a cached result back (a ParsedNote is mostly small range objects), so caching it would not pay.
 *
 * Entries are keyed by a hash of the note's text, in a file named after the parser version, so a
 * changed note or a changed parser simply misses. The file is written atomically (a temporary
 * file, then a rename), so concurrent writers never interleave: the last complete file wins. On
 * read it is validated (version, entry count, a checksum of the payload, the shape of each entry);
 * anything unexpected means "no cache", never an error and never a wrong result.
 */
export class ParseCache {
  /** Hash of a note's text → its ParsedNote as JSON (decoded only when used). */
  private entries = new Map<string, string>();
  private used = new Set<string>();
  private dirty = false;
  hits = 0;
  misses = 0;
  /** Notes this cache's parser was asked for (scanned or not). */
  calls = 0;

  constructor(readonly root: string) {}

  get dir(): string {
    return path.join(this.root, '.rapport', 'cache');
  }

  get file(): string {
    return path.join(this.dir, `parsed-${PARSER_VERSION}.json`);
  }

  private loaded = false;

  /**
   * Reads the cache file; a missing, partial, corrupt or foreign file leaves the cache empty.
   * Optional: the cache reads its file itself the first time it needs it (so a workspace that
   * the line scanner reads whole never opens it).
   */
  async load(): Promise<void> {
    this.ensureLoaded();
  }

  private ensureLoaded(): void {
    if (this.loaded) return;
    this.loaded = true;
    let raw: string;
    try {
      raw = readFileSync(this.file, 'utf8');
    } catch {
      return;
    }
    this.entries = decodeCache(raw, folderIdentity(this.root)) ?? new Map();
  }

  /** The bulk parser: the line scanner, else a cached full parse, else the full parser (then cached). */
  readonly parse = (text: string, lines: LineIndex): ParsedNote => {
    this.calls++;
    const scanned = scanNote(text, lines);
    if (scanned) return scanned;
    this.ensureLoaded();
    const key = hashText(text);
    this.used.add(key);
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      try {
        const parsed = JSON.parse(hit) as unknown;
        if (looksParsed(parsed)) {
          this.hits++;
          return revive(parsed as ParsedNote);
        }
      } catch {
        /* a damaged entry: parse again below */
      }
    }
    this.misses++;
    const parsed = parseNote(text, lines);
    this.entries.set(key, JSON.stringify(parsed));
    this.dirty = true;
    return parsed;
  };

  /** Writes the cache when it changed, keeping only entries of the notes seen in this load. */
  async save(): Promise<void> {
    if (!this.loaded) return; // no note needed the full parser: nothing to keep or drop
    const stale = [...this.entries.keys()].some((k) => !this.used.has(k));
    if (!this.dirty && !stale) return;
    const keep = new Map([...this.entries].filter(([k]) => this.used.has(k)));
    await writeCacheFile(this.root, this.file, encodeCache(keep, folderIdentity(this.root)));
    this.dirty = false;
  }
}

/**
 * Writes one file of `<root>/.rapport/cache/` atomically (a temporary file, then a rename), so
 * concurrent writers never interleave: the last complete file wins. Also writes
 * `.rapport/.gitignore`, so the cache never shows in the user's `git status`. A cache that
 * cannot be written is only a slower next start: failures are swallowed.
 */
export async function writeCacheFile(root: string, file: string, text: string): Promise<void> {
  await writeCacheFileWith(root, file, (fh) => fh.writeFile(text, 'utf8'));
}

/**
 * As writeCacheFile, for a file written piece by piece (`fill` writes into the temporary file),
 * so that a large cache never exists as one string in memory. The file is renamed into place
 * only once `fill` finished; if it throws, nothing is left behind.
 */
export async function writeCacheFileWith(root: string, file: string, fill: (fh: fsp.FileHandle) => Promise<void>): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // A notes repository could hold a `.rapport` (or `.rapport/cache`) that is a symlink to
    // somewhere else: the cache is written only into real folders inside the root.
    if (!(await realFolders(root, dir))) return;
    await fsp.writeFile(path.join(root, '.rapport', '.gitignore'), '# Rapport\'s cache: safe to delete\n*\n', { flag: 'wx' }).catch(() => undefined);
    const fh = await fsp.open(tmp, 'wx');
    try {
      await fill(fh);
    } finally {
      await fh.close();
    }
    await fsp.rename(tmp, file);
  } catch {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    return;
  }
  await sweepTemporaries(dir, path.basename(file));
}

/** How old another writer's temporary file must be to count as abandoned (a write takes well under a second). */
const ABANDONED_MS = 10 * 60_000;

/**
 * Removes the temporary files of `name` that writers left behind long ago: a process killed
 * while writing (an editor closing its language server mid-store) cannot remove its own, and
 * they would pile up in the cache folder. Only files named as writeCacheFileWith names them.
 */
async function sweepTemporaries(dir: string, name: string): Promise<void> {
  const prefix = `.${name}.`;
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  const now = Date.now();
  for (const n of names) {
    if (!n.startsWith(prefix) || !/^\d+\.[0-9a-f]{12}\.tmp$/.test(n.slice(prefix.length))) continue;
    const at = path.join(dir, n);
    const st = await fsp.lstat(at).catch(() => undefined);
    if (st?.isFile() && now - st.mtimeMs > ABANDONED_MS) await fsp.rm(at, { force: true }).catch(() => undefined);
  }
}

/** Makes (when missing) each folder from `root` down to `dir`; false when one is a symlink or not a folder. */
async function realFolders(root: string, dir: string): Promise<boolean> {
  const rel = path.relative(root, dir);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  let at = root;
  for (const seg of rel.split(path.sep).filter(Boolean)) {
    at = path.join(at, seg);
    let st = await fsp.lstat(at).catch(() => undefined);
    if (!st) {
      await fsp.mkdir(at).catch(() => undefined);
      st = await fsp.lstat(at).catch(() => undefined);
    }
    if (!st || st.isSymbolicLink() || !st.isDirectory()) return false;
  }
  return true;
}

/**
 * Which folder a cache belongs to: the root's device and inode. A cache copied or cloned along
 * with the notes (a repository could even commit one, crafted) belongs to another folder and is
 * never read as this one's.
 */
export function folderIdentity(root: string): string {
  try {
    const st = statSync(root, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch {
    return '';
  }
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

const MAGIC = 'rapport-parse-cache';

export function encodeCache(entries: Map<string, string>, owner = ''): string {
  const payload = JSON.stringify([...entries]);
  const header = { magic: MAGIC, version: PARSER_VERSION, owner, count: entries.size, sha1: createHash('sha1').update(payload).digest('hex') };
  return `${JSON.stringify(header)}\n${payload}`;
}

/** The entries of a cache file, or undefined when it is not a complete, valid file of this version. */
export function decodeCache(raw: string, owner = ''): Map<string, string> | undefined {
  try {
    const nl = raw.indexOf('\n');
    if (nl < 0) return undefined;
    const header = JSON.parse(raw.slice(0, nl)) as { magic?: unknown; version?: unknown; owner?: unknown; count?: unknown; sha1?: unknown };
    if (header.magic !== MAGIC || header.version !== PARSER_VERSION || (header.owner ?? '') !== owner) return undefined;
    const payload = raw.slice(nl + 1);
    if (createHash('sha1').update(payload).digest('hex') !== header.sha1) return undefined;
    const list = JSON.parse(payload) as unknown;
    if (!Array.isArray(list) || list.length !== header.count) return undefined;
    const out = new Map<string, string>();
    for (const e of list) {
      if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string' || typeof e[1] !== 'string') return undefined;
      out.set(e[0], e[1]);
    }
    return out;
  } catch {
    return undefined;
  }
}

function looksParsed(x: unknown): boolean {
  if (!x || typeof x !== 'object') return false;
  const p = x as Record<string, unknown>;
  const fm = p.frontmatter as Record<string, unknown> | undefined;
  return (
    !!fm && typeof fm === 'object' && Array.isArray(fm.fields) &&
    Array.isArray(p.links) && Array.isArray(p.tasks) && Array.isArray(p.logEntries) && Array.isArray(p.sections) && Array.isArray(p.problems) &&
    typeof p.bodyLine === 'number'
  );
}

/** JSON gives mappings a prototype; frontmatter values are prototype-free (`__proto__` is just a key). */
function revive(p: ParsedNote): ParsedNote {
  for (const f of p.frontmatter.fields) {
    f.value = bare(f.value);
    if (f.items) for (const it of f.items) it.value = bare(it.value);
  }
  return p;
}

function bare(v: PlainValue): PlainValue {
  if (Array.isArray(v)) return v.map(bare);
  if (v && typeof v === 'object') {
    const out = Object.create(null) as { [key: string]: PlainValue };
    for (const k of Object.keys(v)) out[k] = bare(v[k]!);
    return out;
  }
  return v;
}
