/**
 * A warm start for the language server (no LSP types here). Loading a folder goes in three steps:
 * `prepareFolder` reads rapport.yaml and the .gitignore files and lists the notes (no note is
 * read); `recallPublished` then asks `@rapport/node`'s ResultCache whether this build already
 * published diagnostics for exactly these notes, settings and day — checked by the notes' stamps
 * alone (size, times, inode; a hash only for notes in the racy window), as `rapport check` does
 * — so the editor gets them before any note is read; `readFolder` finally reads the notes. The
 * analysis of the whole folder (seconds at 10,000 notes) still runs after all this, and what it
 * finds replaces what was recalled where they differ (only when a note changed between the stat
 * and the read: the cache answers for identical inputs only). After the first full publication
 * of a folder that nothing touched since it was read, its diagnostics are stored for the next
 * start.
 */
import { createHash } from 'node:crypto';
import { type Diagnostic, type LoadOptions, Workspace } from '@rapport/core';
import { BUILD_ID, cachesEnabled, readNotesStamped, ResultCache, type FileStamp, type NodeFileSystem, type Recalled } from '@rapport/node';

/** What was read from disk when a folder was loaded, kept until its first full publication. */
export interface DiskSnapshot {
  paths: string[];
  stamps: Map<string, FileStamp>;
  readStartedNs: bigint;
  /** The highest note version right after the load: a note above it was set again since. */
  loadedVersion: number;
  /** The cache key and question the folder was prepared with (the key covers what listing met, not what reading did). */
  key: string;
  question: readonly string[];
}

/** The published diagnostics of a folder, by workspace path (rapport.yaml's included); only non-empty lists. */
export type Published = [string, Diagnostic[]][];

/**
 * One note's stored publication: its workspace path, the fingerprint of its diagnostics (what
 * the server compares later publications with, see `fingerprint`) and the diagnostics as the
 * JSON text the client receives (made by the server's `Encode`). Stored this way, a warm start
 * sends them without building, converting and serialising ~5,600 notes' lists again.
 */
export type RecalledNote = [path: string, fingerprint: string, json: string];

/** A note's diagnostics as the JSON text of what the client receives (the server alone knows that form). */
export type Encode = (list: Diagnostic[]) => string;

/**
 * What is compared to tell whether a note's diagnostics changed: '[]' for none, else a SHA-1 of
 * their JSON (28 characters instead of the whole JSON; a collision would only skip a publication).
 */
export function fingerprint(list: Diagnostic[]): string {
  return list.length === 0 ? '[]' : createHash('sha1').update(JSON.stringify(list)).digest('base64');
}

const NAME = 'server-diagnostics';

/** Whether answers can be recalled and stored at all (a bundled build, caches not turned off). */
export function warmStartEnabled(): boolean {
  return !!BUILD_ID && cachesEnabled();
}

/** The first half of loading a folder: config, .gitignore files and the list of notes; no note is read. */
export function prepareFolder(fs: NodeFileSystem, options: LoadOptions = {}): Promise<{ workspace: Workspace; paths: string[] }> {
  return Workspace.prepare(fs, options);
}

/** The cache key of a prepared folder for `question`. */
export function folderKey(root: string, ws: Workspace, question: readonly string[]): string {
  return new ResultCache(root, BUILD_ID ?? '').key(ws, question);
}

/**
 * The diagnostics this build published for the prepared folder (same key, same notes by stamp),
 * without reading any note: each is stat-ed, and hashed only when its stamp is too recent to be
 * trusted (see ResultCache). Undefined when anything differs.
 */
export async function recallPublished(root: string, paths: readonly string[], key: string): Promise<Recalled<RecalledNote[]> | undefined> {
  if (!warmStartEnabled()) return undefined;
  return new ResultCache(root, BUILD_ID!).recall(NAME, key, paths, isRecalled);
}

/**
 * The second half of loading a folder: reads its notes. With `keep`, the stamps of what was read
 * are kept (with the key and question) so that the first full publication can be stored.
 */
export async function readFolder(fs: NodeFileSystem, ws: Workspace, paths: string[], keep?: { key: string; question: readonly string[] }): Promise<DiskSnapshot | undefined> {
  if (!keep || !warmStartEnabled()) {
    await ws.readNotes(fs, paths);
    return undefined;
  }
  const { stamps, readStartedNs } = await readNotesStamped(fs, ws, paths);
  let loadedVersion = 0;
  for (const n of ws.notes.values()) loadedVersion = Math.max(loadedVersion, n.version);
  return { paths, stamps, readStartedNs, loadedVersion, key: keep.key, question: keep.question };
}

/**
 * Whether the workspace still holds exactly what was read from disk: no note changed by an
 * editor's overlay or an event since (the cache answers for disk contents only).
 */
export function untouched(ws: Workspace, disk: DiskSnapshot): boolean {
  if (ws.notes.size !== disk.paths.length) return false;
  for (const p of disk.paths) {
    const n = ws.notes.get(p);
    const s = disk.stamps.get(p);
    if (!n || !s) return false;
    if (n.version > disk.loadedVersion) {
      // Set again after the load (an open document whose text differed, maybe since undone):
      // only a hash of what was read can tell it is the disk's text again.
      if (!s.sha1 || createHash('sha1').update(n.text).digest('hex') !== s.sha1) return false;
    }
  }
  return true;
}

/**
 * Stores a folder's full publication for the next start, when the workspace is still what was
 * read and the question (settings, day) the one it was prepared for.
 */
export async function storePublished(root: string, ws: Workspace, disk: DiskSnapshot, question: readonly string[], published: Published, encode: Encode): Promise<void> {
  if (!warmStartEnabled() || !untouched(ws, disk)) return;
  if (question.length !== disk.question.length || question.some((q, i) => q !== disk.question[i])) return;
  const cache = new ResultCache(root, BUILD_ID!);
  // Each note's row made when the store writes it (JSON.stringify calls toJSON), a few dozen at a
  // time: all 5,600 notes' texts at once would raise a first start's peak memory by megabytes.
  const rows = published.map(([rel, list]) => ({ toJSON: (): RecalledNote => [rel, fingerprint(list), encode(list)] }));
  await cache.store(NAME, disk.key, disk.paths, disk.stamps, disk.readStartedNs, rows);
}

/**
 * The shape of a stored publication. The texts are not parsed again: the file's checksum (of
 * every byte, see ResultCache) guards them like the rest of the answer, and they were written
 * by this build (the key holds its id). Each must at least be a JSON list's text.
 */
function isRecalled(x: unknown): x is RecalledNote[] {
  if (!Array.isArray(x)) return false;
  for (const e of x as unknown[]) {
    if (!Array.isArray(e) || e.length !== 3) return false;
    const [rel, fp, json] = e as unknown[];
    if (typeof rel !== 'string' || !rel || typeof fp !== 'string' || !fp || typeof json !== 'string') return false;
    if (json.length < 2 || json.charCodeAt(0) !== 0x5b || json.charCodeAt(json.length - 1) !== 0x5d) return false;
  }
  return true;
}
