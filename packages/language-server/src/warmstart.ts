/**
 * A warm start for the language server (no LSP types here): when a folder is loaded, the stamps
 * of its notes are kept; the first publication then asks `@rapport/node`'s ResultCache whether
 * this build already published diagnostics for exactly these notes, settings and day. If so the
 * editor gets them at once, before the analysis of the whole folder (seconds at 10,000 notes)
 * has run; that analysis still runs, and what it finds replaces them where they differ (they
 * cannot differ: the cache answers only for identical inputs). After the first full publication
 * of an untouched folder, its diagnostics are stored for the next start.
 */
import { createHash } from 'node:crypto';
import { isDiagnostic, Workspace, type Diagnostic, type LoadOptions } from '@rapport/core';
import { BUILD_ID, cachesEnabled, readNotesStamped, ResultCache, type FileStamp, type NodeFileSystem } from '@rapport/node';

/** What was read from disk when a folder was loaded. */
export interface DiskSnapshot {
  paths: string[];
  stamps: Map<string, FileStamp>;
  readStartedNs: bigint;
  /** The highest note version right after the load: a note above it was set again since. */
  loadedVersion: number;
}

/** Loads a folder's workspace, keeping the stamps of what was read when a result cache can use them. */
export async function loadFolder(fs: NodeFileSystem, options: LoadOptions = {}): Promise<{ ws: Workspace; disk?: DiskSnapshot }> {
  const { workspace: ws, paths } = await Workspace.prepare(fs, options);
  if (!BUILD_ID || !cachesEnabled()) {
    await ws.readNotes(fs, paths);
    return { ws };
  }
  const { stamps, readStartedNs } = await readNotesStamped(fs, ws, paths);
  let loadedVersion = 0;
  for (const n of ws.notes.values()) loadedVersion = Math.max(loadedVersion, n.version);
  return { ws, disk: { paths, stamps, readStartedNs, loadedVersion } };
}

/** The published diagnostics of a folder, by workspace path (rapport.yaml's included); only non-empty lists. */
export type Published = [string, Diagnostic[]][];

const NAME = 'server-diagnostics';

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

/** The cached diagnostics of this folder for this question, if this build published them for the same inputs. */
export async function recallPublished(root: string, ws: Workspace, disk: DiskSnapshot, question: readonly string[]): Promise<Published | undefined> {
  if (!BUILD_ID || !untouched(ws, disk)) return undefined;
  const cache = new ResultCache(root, BUILD_ID);
  // The notes were just read: their stamps are compared, no file is looked at again.
  return cache.recall(NAME, cache.key(ws, question), disk.paths, isPublished, disk.stamps);
}

/** Stores a folder's full publication for the next start (when the workspace is still what was read). */
export async function storePublished(root: string, ws: Workspace, disk: DiskSnapshot, question: readonly string[], published: Published): Promise<void> {
  if (!BUILD_ID || !untouched(ws, disk)) return;
  const cache = new ResultCache(root, BUILD_ID);
  await cache.store(NAME, cache.key(ws, question), disk.paths, disk.stamps, disk.readStartedNs, published);
}

function isPublished(x: unknown): x is Published {
  return (
    Array.isArray(x) &&
    x.every(
      (e) =>
        Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && Array.isArray(e[1]) && (e[1] as unknown[]).every(isDiagnostic),
    )
  );
}
