import { statSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { PARSER_VERSION, type Workspace } from '@rapport/core';
import { folderIdentity, writeCacheFileWith } from './cache.js';
import type { FileStamp } from './index.js';

/**
 * A persistent cache of whole answers (e.g. every diagnostic of `rapport check`) in
 * `<root>/.rapport/cache/result-<name>.json`, one entry per name: the last answer, its key and
 * the stamps of the notes it was computed from.
 *
 * An answer is reused only when everything it was computed from is the same:
 * - the key: the running build (any change of code may change an answer), the question (e.g.
 *   the command and today), the config and every .gitignore (read on every run, they are small)
 *   and the folders that could not be listed;
 * - the list of notes, path for path;
 * - every note's content. As git's index does, a note whose size, modification and change times
 *   (nanoseconds) and inode are those recorded is taken as unchanged without being read (any
 *   write changes the change time, which no tool can set back); a note whose stamp differs, or
 *   that was modified within a few seconds of being read (a later write in the same clock tick
 *   could leave its times equal), is read and its SHA-1 compared instead (`rapport check` hashes
 *   only the notes in that window; another note whose stamp differs simply counts as changed).
 * So a hit is exactly the answer a fresh computation would give. The file is written atomically
 * and checked on read (magic, key, a checksum of the payload, shapes): anything unexpected is a
 * miss, never an error.
 */
export class ResultCache {
  constructor(
    readonly root: string,
    /** The running build's id (BUILD_ID); answers of other builds never match. */
    readonly build: string,
  ) {}

  file(name: string): string {
    return path.join(this.root, '.rapport', 'cache', `result-${name}.json`);
  }

  /** The key of `question` about a prepared workspace (config and .gitignores read, no note). */
  key(ws: Workspace, question: readonly string[]): string {
    const h = createHash('sha1');
    const put = (s: string) => h.update(`${s.length}:`).update(s);
    // The folder's identity too: an answer copied or cloned with the notes is never this folder's.
    for (const s of [MAGIC, this.build, PARSER_VERSION, folderIdentity(this.root), String(question.length), ...question]) put(s);
    put(ws.configText ?? '\0none');
    for (const [dir, text] of [...ws.gitignoreTexts()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      put(dir);
      put(text);
    }
    // What listing met (a folder that could not be read is part of `check`'s answer).
    put('\0listing');
    for (const p of ws.loadProblems) {
      put(p.path);
      put(p.message);
    }
    return h.digest('hex');
  }

  /**
   * The stored answer when its key is `key` and the notes at `paths` are those it was computed
   * from. `current`: the stamps of the notes as just read (compared instead of stat-ing each file
   * again); without it, each note's stamp on disk is compared (see the class comment).
   */
  async recall<T>(name: string, key: string, paths: readonly string[], isValue: (x: unknown) => x is T, current?: ReadonlyMap<string, FileStamp>): Promise<Recalled<T> | undefined> {
    // Before any stat: what a renewed answer records as its read time (see `renew`).
    const startedNs = BigInt(Date.now()) * 1_000_000n;
    let raw: Buffer;
    try {
      // One read as bytes: the checksum is of the bytes (as written), and the text decoded once
      // (a streamed read decoded it in pieces, and hashing the text encoded it again).
      raw = readFileSync(this.file(name));
    } catch {
      return undefined;
    }
    try {
      const nl = raw.indexOf(10);
      if (nl < 0) return undefined;
      const header = JSON.parse(raw.toString('utf8', 0, nl)) as { magic?: unknown; key?: unknown; sha1?: unknown };
      if (header.magic !== MAGIC || header.key !== key) return undefined;
      if (createHash('sha1').update(raw.subarray(nl + 1)).digest('hex') !== header.sha1) return undefined;
      // The notes' rows first, the answer only once they hold: after an edit (the everyday miss)
      // parsing a 10,000-note answer was ~50 ms for nothing. The rows hold only numbers and
      // strings, and a string's quotes are escaped, so the first `,"value":` ends them.
      const text = raw.toString('utf8', nl + 1);
      const cut = text.indexOf(VALUE_KEY);
      const stored = JSON.parse(cut < 0 ? text : `${text.slice(0, cut)}}`) as Stored;
      if (!isStored(stored) || stored.files.length !== paths.length) return undefined;
      const racy = racyFrom(BigInt(stored.readStartedNs));
      // Notes found unchanged by their content (their stamps could not tell): their stamps now.
      const restamped = new Map<number, FileStamp>();
      for (let i = 0; i < paths.length; i++) {
        const row = stored.files[i]!;
        if (row[0] !== paths[i]) return undefined;
        if (current) {
          if (!sameNote(row, current.get(row[0]), racy)) return undefined;
        } else {
          const now = this.unchanged(row[0], row, racy);
          if (now === false) return undefined;
          if (now !== true) restamped.set(i, now);
        }
      }
      if (cut < 0 || !text.endsWith('}')) return undefined;
      const value: unknown = JSON.parse(text.slice(cut + VALUE_KEY.length, -1));
      if (!isValue(value)) return undefined;
      // Worth storing again when some of those stamps will tell next time (taken outside the
      // window of this recall): else every later recall reads and hashes those notes again, e.g.
      // every start after a clone or a checkout, whose notes were all written just before the
      // first answer was stored.
      const racyNow = racyFrom(startedNs);
      const renewable = [...restamped.values()].some((s) => !racyNow(s.mtimeNs) && !racyNow(s.ctimeNs));
      if (!renewable) return { value };
      const renew = () => {
        const stamps = new Map<string, FileStamp>();
        stored.files.forEach((row, i) => stamps.set(row[0], restamped.get(i) ?? { size: row[1], mtimeNs: row[2], ctimeNs: row[3], ino: row[4], sha1: row[5] }));
        return this.store(name, key, paths, stamps, startedNs, value);
      };
      return { value, renew };
    } catch {
      return undefined;
    }
  }

  /** Stores an answer with the stamps of the notes it was computed from (all of `paths` must have one). */
  async store(name: string, key: string, paths: readonly string[], stamps: ReadonlyMap<string, FileStamp>, readStartedNs: bigint, value: unknown): Promise<void> {
    const files: FileRow[] = [];
    for (const p of paths) {
      const s = stamps.get(p);
      // A note that could not be read has no stamp: such an answer is not worth keeping.
      if (!s) return;
      files.push([p, s.size, s.mtimeNs, s.ctimeNs, s.ino, s.sha1]);
    }
    // Written piece by piece: a first start's answer for 10,000 notes is megabytes of JSON, which
    // as one string (then hashed, then encoded for writing) raised the server's peak memory by
    // ~17 MB. The file is the same as `${header}\n${JSON.stringify(stored)}`: the header, whose
    // length does not depend on the checksum, is written last, over a placeholder.
    await writeCacheFileWith(this.root, this.file(name), async (fh) => {
      const headerOf = (sha1: string) => `${JSON.stringify({ magic: MAGIC, key, sha1 })}\n`;
      const placeholder = headerOf('0'.repeat(40));
      const hash = createHash('sha1');
      let at = Buffer.byteLength(placeholder);
      let pending: string[] = [];
      let pendingLength = 0;
      const flush = async () => {
        const text = pending.join('');
        pending = [];
        pendingLength = 0;
        // Encoded once, for the checksum and the file (hashing the text would encode it again).
        const bytes = Buffer.from(text, 'utf8');
        hash.update(bytes);
        await fh.write(bytes, 0, bytes.length, at);
        at += bytes.length;
      };
      const put = async (text: string) => {
        pending.push(text);
        pendingLength += text.length;
        if (pendingLength >= 1 << 16) await flush();
      };
      // A list's items as JSON.stringify writes them in the list (what cannot be JSON is null),
      // a few dozen per call: one call per item cost ~2x as much on a first run (10,000 notes).
      const putItems = async (list: readonly unknown[]) => {
        for (let i = 0; i < list.length; i += ITEMS_PER_PIECE) {
          const json = JSON.stringify(list.slice(i, i + ITEMS_PER_PIECE));
          await put((i ? ',' : '') + json.slice(1, -1));
        }
      };
      await fh.write(placeholder, 0, 'utf8');
      await put(`{"readStartedNs":${JSON.stringify(String(readStartedNs))},"files":[`);
      await putItems(files);
      await put(']');
      if (Array.isArray(value)) {
        await put(`${VALUE_KEY}[`);
        await putItems(value);
        await put(']');
      } else if (value !== undefined) {
        await put(`${VALUE_KEY}${JSON.stringify(value)}`);
      }
      await put('}');
      await flush();
      const header = headerOf(hash.digest('hex'));
      if (header.length !== placeholder.length) throw new Error('cache header changed length');
      await fh.write(header, 0, 'utf8');
    });
  }

  /**
   * Whether the note on disk is the one `row` describes: true by its stamp; when only its content
   * can tell, its stamp as just taken (with the row's hash), else false.
   */
  private unchanged(rel: string, row: FileRow, racy: (ns: string) => boolean): boolean | FileStamp {
    const abs = SLASH ? `${this.root}/${rel}` : path.join(this.root, ...rel.split('/'));
    const st = statSync(abs, { bigint: true, throwIfNoEntry: false });
    if (!st) return false;
    // The stamp first (no object made for it): the same inode, size and times as a note once
    // read is that regular file still.
    const size = Number(st.size);
    const mtimeNs = String(st.mtimeNs);
    const ctimeNs = String(st.ctimeNs);
    const ino = String(st.ino);
    if (stampHolds(row, size, mtimeNs, ctimeNs, ino, racy)) return true;
    // Stored without a hash: only the stamp could tell, and it cannot. Only a regular file is
    // read (a FIFO named *.md would block).
    const sha1 = row[5];
    if (!sha1 || !st.isFile()) return false;
    try {
      if (createHash('sha1').update(readFileSync(abs)).digest('hex') !== sha1) return false;
    } catch {
      return false;
    }
    // The stamp taken before the read: a write after it changes the times (see the class comment).
    return { size, mtimeNs, ctimeNs, ino, sha1 };
  }
}

/** What `store` writes between the notes' rows and the answer. */
const VALUE_KEY = ',"value":';

/** Whether paths join with '/' (looked up once: a namespace import's properties are getters in the bundles). */
const SLASH = path.sep === '/';

/**
 * Whether a time (nanoseconds, decimal digits without leading zeros, as stored) lies within
 * RACY_NS before `readAt` or later. Compared as text: the same answer as BigInt arithmetic
 * without parsing two numbers per note (10,000 notes at every warm start). It decides only for
 * rows whose times equal a stat's (canonical digits); any other row is compared by content.
 */
export function racyFrom(readAt: bigint): (ns: string) => boolean {
  const from = readAt - RACY_NS;
  if (from <= 0n) return () => true;
  const limit = String(from);
  return (ns) => ns.length > limit.length || (ns.length === limit.length && ns >= limit);
}

/**
 * Whether a note is the one a stored row describes (`now`: its stamp as just read): the same
 * stamp, taken outside the racy window; else the same SHA-1, when both have one.
 */
function sameNote(row: FileRow, now: FileStamp | undefined, racy: (ns: string) => boolean): boolean {
  if (!now) return false;
  if (stampHolds(row, now.size, now.mtimeNs, now.ctimeNs, now.ino, racy)) return true;
  // Stored without a hash: only the stamp could tell, and it cannot.
  const sha1 = row[5];
  return !!sha1 && !!now.sha1 && now.sha1 === sha1;
}

/** Whether a note's stamp now (size, times, inode) is the row's, and was taken outside the racy window: then it alone tells. */
function stampHolds(row: FileRow, size: number, mtimeNs: string, ctimeNs: string, ino: string, racy: (ns: string) => boolean): boolean {
  return size === row[1] && mtimeNs === row[2] && ctimeNs === row[3] && ino === row[4] && !racy(mtimeNs) && !racy(ctimeNs);
}

/** How many list items one JSON.stringify call writes (a few KB of diagnostics: pieces stay small, and the language server's first answer, whose items are whole notes' lists, too). */
const ITEMS_PER_PIECE = 32;

/** Notes modified this close to being read are checked by content (file systems with coarse clocks: FAT keeps 2 s). */
export const RACY_NS = 3_000_000_000n;

const MAGIC = 'rapport-result-cache-2';

/** path, size, mtimeNs, ctimeNs, ino, sha1 */
type FileRow = [string, number, string, string, string, string];

/** A stored answer given back by `recall`. */
export interface Recalled<T> {
  value: T;
  /**
   * Present when some notes were found unchanged by their content alone and their stamps would
   * now tell: stores the same answer again with those stamps (and this recall's time as the read
   * time), so later recalls trust the stamps instead of reading and hashing those notes.
   */
  renew?: () => Promise<void>;
}

/** What precedes the answer in a stored file (the answer is parsed apart, see `recall`). */
interface Stored {
  readStartedNs: string;
  files: FileRow[];
}

function isStored(x: unknown): x is Stored {
  if (!x || typeof x !== 'object') return false;
  const s = x as Partial<Stored>;
  return (
    typeof s.readStartedNs === 'string' && /^\d+$/.test(s.readStartedNs) && Array.isArray(s.files) &&
    s.files.every((r) => Array.isArray(r) && r.length === 6 && typeof r[0] === 'string' && typeof r[1] === 'number' &&
      [r[2], r[3], r[4]].every((n) => typeof n === 'string' && /^\d+$/.test(n)) && typeof r[5] === 'string')
  );
}
