/**
 * The server's model of the editor's world, with no LSP types: workspace folders loaded from disk,
 * open documents overriding disk, "today" per folder, and which diagnostics changed since they
 * were last published. server.ts (the only module that knows LSP) drives it.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CONFIG_FILE,
  configDiagnostics,
  diagnosticsByPath,
  isValidTimeZone,
  parseInterval,
  type Interval,
  loadTemplates,
  Workspace,
  type Analysis,
  type CalendarDate,
  type Diagnostic,
  type LoadOptions,
  type NoteTemplate,
  type SeverityOverrides,
} from '@rapport/core';
import { findWorkspaceRoot, NodeFileSystem, todayFor, toPosix, type Recalled } from '@rapport/node';
import { EditorFileSystem, withoutBom } from './editortext.js';
import { fingerprint, folderKey, prepareFolder, readFolder, recallPublished, storePublished, untouched, warmStartEnabled, type DiskSnapshot, type Encode, type Published, type RecalledNote } from './warmstart.js';

/** Diagnostics for one URI, as published. */
export interface Publication {
  uri: string;
  diagnostics: Diagnostic[];
}

/** Stored diagnostics for one URI, already as the JSON text the client receives (see warmstart.ts). */
export interface RecalledPublication {
  uri: string;
  json: string;
}

export interface Folder {
  root: string;
  fs: NodeFileSystem;
  ws: Workspace;
  templates: Map<string, NoteTemplate>;
  /** The today string the last publication used. */
  today: string;
  /** What was read from disk at load, until the first full publication (see warmstart.ts). */
  disk?: DiskSnapshot;
}

export interface Located {
  folder: Folder;
  /** Workspace-relative path with `/`. */
  path: string;
}

export interface EditorOverrides {
  upcoming?: Interval;
  timezone?: string;
  templates?: string;
}

/** Reads the editor's `rapport` settings; values that make no sense are ignored. */
export function readOverrides(s: { upcoming?: unknown; timezone?: unknown; templatesFolder?: unknown } | null | undefined): EditorOverrides {
  const out: EditorOverrides = {};
  const upcoming = typeof s?.upcoming === 'string' && s.upcoming.trim() ? parseInterval(s.upcoming) : undefined;
  if (upcoming) out.upcoming = upcoming;
  if (typeof s?.timezone === 'string' && s.timezone.trim() && isValidTimeZone(s.timezone.trim())) out.timezone = s.timezone.trim();
  const t = typeof s?.templatesFolder === 'string' ? s.templatesFolder.trim().replace(/\\/g, '/').replace(/\/+$/, '') : '';
  if (t && !t.split('/').includes('..') && !/^([a-z]:)?\//i.test(t)) out.templates = t;
  return out;
}

export type FileChange = 'created' | 'changed' | 'deleted';

/** The path of `abs` relative to `root` (OS separators) when it lies inside it, else undefined. */
function relativeInside(root: string, abs: string): string | undefined {
  const rel = path.relative(root, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : undefined;
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

export class ServerState {
  readonly folders: Folder[] = [];
  /** Open documents: absolute path → text (they override the disk). */
  readonly open = new Map<string, string>();
  /** The URI each client used for a path, so publications use the client's spelling. */
  private readonly clientUris = new Map<string, string>();
  /** Editor settings (workspace/configuration `rapport.severity`). */
  severity: SeverityOverrides = {};
  /** Editor settings that override rapport.yaml (`rapport.upcoming`, `.timezone`, `.templatesFolder`). */
  overrides: EditorOverrides = {};
  /**
   * What was last published per URI, to publish only what changed: EMPTY for nothing, else the
   * list itself until a later round compares it, then its fingerprint (see `samePublished`). Not
   * the JSON: at 10,000 notes that was 8 MB kept only for comparing; and not a fingerprint of
   * every list at once: most are never compared again (~40 ms at every start of 10,000 notes).
   */
  private readonly published = new Map<string, Diagnostic[] | string>();
  /** URIs published ahead of a full round (open documents first): the round skips them when unchanged. */
  private readonly sentAhead = new Set<string>();
  /** Increases with every change of the data. */
  version = 0;
  /** Paths changed since the last flush. */
  private changed = new Set<string>();
  /**
   * Per folder: the analysis, severity settings and today of the last publication, and the
   * workspace paths changed since. With them a publication recomputes only the notes an edit
   * can affect (core's `Analysis.affectedSince`); anything else (a reload, new settings, a new
   * day, a folder added or removed, a note renamed or retyped) publishes every note again.
   */
  private readonly lastPublished = new WeakMap<Folder, { analysis: Analysis; severity: string; today: string; pending: Set<string> }>();
  /** Set when folders come or go: the next publication checks every note of every folder. */
  private everything = true;

  /**
   * How the server encodes a note's diagnostics for its client (JSON text). A folder's first full
   * publication is stored for the next start in that form; without it nothing is stored.
   */
  encode?: Encode;

  constructor(readonly clock: () => number = Date.now) {}

  /**
   * Loads a folder (its root is the nearest rapport.yaml above, else itself); returns the existing
   * one when loaded. A warm start (see warmstart.ts): with `recalled`, when this build published
   * diagnostics for exactly these notes (checked by their stamps, before any note is read), for
   * these settings and this day, they are handed to `recalled` before the notes are read, and
   * count as published: the full round that follows sends only what differs. Not tried when an
   * open document lies in the folder (its text, not the disk's, counts).
   */
  async addFolder(dir: string, recalled?: (list: RecalledPublication[]) => Promise<void> | void): Promise<Folder> {
    const root = findWorkspaceRoot(dir);
    const existing = this.folders.find((f) => f.root === root);
    if (existing) return existing;
    const fs = new EditorFileSystem(root);
    const { workspace: ws, paths } = await prepareFolder(fs, this.loadOptions());
    const folder: Folder = { root, fs, ws, templates: new Map(), today: '' };
    this.applyOverrides(folder);
    let keep: { key: string; question: readonly string[] } | undefined;
    if (warmStartEnabled()) {
      const question = this.question(folder);
      keep = { key: folderKey(root, ws, question), question };
      const openHere = [...this.open.keys()].some((abs) => relativeInside(root, abs) !== undefined);
      let recall: Recalled<RecalledNote[]> | undefined;
      if (recalled && !openHere) {
        try {
          recall = await recallPublished(root, paths, keep.key);
        } catch {
          recall = undefined;
        }
      }
      const hit = recall?.value;
      if (hit) {
        const list = hit.map(([rel, , json]) => ({ uri: this.uriOf(folder, rel), json }));
        await recalled!(list);
        for (let i = 0; i < list.length; i++) {
          // Published as stored: its fingerprint is what the coming full round compares with.
          const uri = list[i]!.uri;
          this.published.set(uri, hit[i]![1]);
          this.sentAhead.add(uri);
        }
        // The stored answer is the one the coming full round computes (same inputs): no need to
        // store it again, unless notes were found unchanged by content alone and their stamps now
        // would tell (see Recalled.renew): the round then stores it with the stamps it reads.
        if (!recall!.renew) keep = undefined;
      }
    }
    const disk = await readFolder(fs, ws, paths, keep);
    if (disk) folder.disk = disk;
    folder.templates = await this.readTemplates(folder);
    this.folders.push(folder);
    this.everything = true;
    this.folders.sort((a, b) => b.root.length - a.root.length);
    for (const [abs, text] of this.open) {
      const loc = this.locate(abs);
      if (loc && loc.folder === folder) this.overlay(loc, text);
    }
    this.version++;
    return folder;
  }

  removeFolder(dir: string): void {
    const root = findWorkspaceRoot(dir);
    const i = this.folders.findIndex((f) => f.root === root);
    if (i < 0) return;
    const [gone] = this.folders.splice(i, 1);
    for (const p of gone!.ws.notes.keys()) this.changed.add(path.join(gone!.root, p));
    this.changed.add(path.join(gone!.root, CONFIG_FILE));
    this.everything = true;
    this.version++;
  }

  /** How folders are read: an editor's templates folder is left out of the index like rapport.yaml's. */
  private loadOptions(): LoadOptions {
    return this.overrides.templates ? { templatesFolder: this.overrides.templates } : {};
  }

  private applyOverrides(folder: Folder): void {
    const c = folder.ws.config;
    if (this.overrides.upcoming) c.upcoming = this.overrides.upcoming;
    if (this.overrides.timezone) c.timezone = this.overrides.timezone;
    if (this.overrides.templates) c.templates = this.overrides.templates;
  }

  /** New editor settings: every folder is read again so they apply everywhere. */
  async setOverrides(o: EditorOverrides): Promise<void> {
    if (JSON.stringify(o) === JSON.stringify(this.overrides)) return;
    this.overrides = o;
    for (const f of this.folders) await this.reload(f);
  }

  private async readTemplates(folder: Folder): Promise<Map<string, NoteTemplate>> {
    try {
      return (await loadTemplates(folder.fs, folder.ws.config)).templates;
    } catch {
      return new Map();
    }
  }

  /** The folder holding an absolute path or URI (the deepest root wins). */
  locate(target: string): Located | undefined {
    const abs = target.startsWith('file:') ? uriToPath(target) : path.resolve(target);
    if (!abs) return undefined;
    for (const folder of this.folders) {
      const rel = relativeInside(folder.root, abs);
      if (rel !== undefined) return { folder, path: toPosix(rel) };
    }
    return undefined;
  }

  uriOf(folder: Folder, rel: string): string {
    // A plain path (most notes: letters, digits, '.', '_', '-') needs no encoding: the folder's
    // URI and the path joined, which is what pathToFileURL gives (10,000 calls per full round).
    if (PLAIN_PATH.test(rel) && path.sep === '/') {
      const known = this.clientUris.size ? this.clientUris.get(folder.root === '/' ? `/${rel}` : `${folder.root}/${rel}`) : undefined;
      if (known) return known;
      let href = this.rootHrefs.get(folder);
      if (href === undefined) {
        href = pathToFileURL(folder.root).href;
        if (!href.endsWith('/')) href += '/';
        this.rootHrefs.set(folder, href);
      }
      return href + rel;
    }
    const abs = path.join(folder.root, ...rel.split('/'));
    return this.clientUris.get(abs) ?? pathToFileURL(abs).href;
  }

  /** Each folder's URI with a final '/' (see uriOf). */
  private readonly rootHrefs = new WeakMap<Folder, string>();

  today(folder: Folder): CalendarDate {
    try {
      return todayFor(folder.ws, undefined, this.clock());
    } catch {
      return todayFor(new Workspace(), undefined, this.clock());
    }
  }

  /** An editor opened or changed a document: its text replaces the disk's. */
  async setOpen(uri: string, text: string): Promise<void> {
    const abs = uriToPath(uri);
    if (!abs) return;
    this.clientUris.set(abs, uri);
    this.open.set(abs, text);
    let loc = this.locate(abs);
    if (!loc && /\.md$/i.test(abs)) {
      // A note outside every workspace folder: open its workspace (nearest rapport.yaml, else its folder).
      await this.addFolder(path.dirname(abs));
      loc = this.locate(abs);
    }
    if (loc) this.overlay(loc, text);
  }

  private overlay(loc: Located, text: string): void {
    const { folder, path: rel } = loc;
    if (rel === CONFIG_FILE) {
      if (folder.ws.configText !== text) void this.reload(folder);
      return;
    }
    if (!folder.ws.isNotePath(rel)) return;
    if (folder.ws.get(rel)?.text === text) return;
    folder.ws.set(rel, text);
    this.touch(folder, rel);
  }

  /** An editor closed a document: the disk's version counts again. */
  async closeOpen(uri: string): Promise<void> {
    const abs = uriToPath(uri);
    if (!abs) return;
    this.open.delete(abs);
    const loc = this.locate(abs);
    if (loc) await this.readFromDisk(loc);
  }

  /** A watched file changed on disk. Open documents keep their editor text. */
  async fileChanged(uri: string, change: FileChange): Promise<void> {
    const abs = uriToPath(uri);
    if (!abs) return;
    const loc = this.locate(abs);
    if (!loc) return;
    const { folder, path: rel } = loc;
    if (rel === CONFIG_FILE || rel.endsWith('.gitignore')) {
      if (this.open.has(abs) && rel === CONFIG_FILE) return;
      await this.reload(folder);
      return;
    }
    const tdir = folder.ws.config.templates;
    if (tdir && (rel === tdir || rel.startsWith(`${tdir}/`))) folder.templates = await this.readTemplates(folder);
    if (this.open.has(abs)) return;
    if (change === 'deleted') {
      if (folder.ws.delete(rel)) this.touch(folder, rel);
      return;
    }
    await this.readFromDisk(loc);
  }

  private async readFromDisk(loc: Located): Promise<void> {
    const { folder, path: rel } = loc;
    if (rel === CONFIG_FILE) {
      await this.reload(folder);
      return;
    }
    if (!folder.ws.isNotePath(rel)) {
      if (folder.ws.delete(rel)) this.touch(folder, rel);
      return;
    }
    let data: Uint8Array;
    try {
      data = withoutBom(await fsp.readFile(path.join(folder.root, ...rel.split('/'))));
    } catch {
      if (folder.ws.delete(rel)) this.touch(folder, rel);
      return;
    }
    const before = folder.ws.get(rel)?.text;
    const note = folder.ws.setBytes(rel, data);
    if (note.text !== before) this.touch(folder, rel);
  }

  /** Reads a folder again from disk (after its config or a .gitignore changed), keeping open documents. */
  async reload(folder: Folder): Promise<void> {
    const configAbs = path.join(folder.root, CONFIG_FILE);
    const openConfig = this.open.get(configAbs);
    // An open rapport.yaml counts as written: the editor's text decides ignores and settings.
    delete folder.disk;
    folder.ws = await Workspace.load({
      readDirectory: (p) => folder.fs.readDirectory(p),
      readFile: async (p) => (p === CONFIG_FILE && openConfig !== undefined ? openConfig : folder.fs.readFile(p)),
    }, this.loadOptions());
    this.applyOverrides(folder);
    for (const [abs, text] of this.open) {
      const loc = this.locate(abs);
      if (loc && loc.folder === folder && loc.path !== CONFIG_FILE && folder.ws.isNotePath(loc.path)) folder.ws.set(loc.path, text);
    }
    folder.templates = await this.readTemplates(folder);
    this.version++;
    this.changed.add(configAbs);
  }

  private touch(folder: Folder, rel: string): void {
    this.version++;
    this.lastPublished.get(folder)?.pending.add(rel);
    this.changed.add(path.join(folder.root, ...rel.split('/')));
  }

  /** Whether any folder's "today" differs from the one last published. */
  dateRolledOver(): boolean {
    return this.folders.some((f) => f.today !== '' && this.today(f).toString() !== f.today);
  }

  /** The question a folder's published diagnostics answer (besides its notes and config). */
  private question(folder: Folder): string[] {
    return ['server', JSON.stringify(this.severity), JSON.stringify(this.overrides), this.today(folder).toString()];
  }

  /**
   * When the next `diagnosticsToPublish` will check every note of a folder (the first time, a
   * reload, new settings, a new day, a note renamed): the open documents' diagnostics of those
   * folders, computed first so that an editor shows them before the whole workspace is checked.
   * The round that follows does not send them again unless they changed.
   */
  openDiagnosticsFirst(force = false): { uri: string; diagnostics: Diagnostic[] }[] {
    const out: { uri: string; diagnostics: Diagnostic[] }[] = [];
    if (this.open.size === 0) return out;
    const severity = JSON.stringify(this.severity);
    for (const folder of this.folders) {
      const paths = new Set<string>();
      for (const abs of this.open.keys()) {
        const loc = this.locate(abs);
        if (loc && loc.folder === folder && folder.ws.notes.has(loc.path)) paths.add(loc.path);
      }
      if (paths.size === 0) continue;
      const today = this.today(folder);
      const analysis = folder.ws.analysis();
      const last = this.lastPublished.get(folder);
      const targeted =
        !force && !this.everything && last && last.severity === severity && last.today === today.toString() && analysis.affectedSince(last.analysis, last.pending);
      if (targeted) continue;
      for (const [rel, list] of diagnosticsByPath(analysis, today, this.severity, paths)) {
        const uri = this.uriOf(folder, rel);
        if (this.samePublished(uri, list) && !force) continue;
        this.sentAhead.add(uri);
        out.push({ uri, diagnostics: list });
      }
    }
    return out;
  }

  /**
   * Diagnostics of every note whose diagnostics changed since the last call (every note the
   * first time), plus rapport.yaml's. An entry with an empty list clears a note.
   */
  diagnosticsToPublish(force = false): { uri: string; diagnostics: Diagnostic[] }[] {
    const out: { uri: string; diagnostics: Diagnostic[] }[] = [];
    const seen = new Set<string>();
    const everything = force || this.everything;
    this.everything = false;
    /** Folders where only the notes an edit can affect were checked. */
    const targeted = new Set<Folder>();
    const severity = JSON.stringify(this.severity);
    for (const folder of this.folders) {
      const today = this.today(folder);
      folder.today = today.toString();
      const analysis = folder.ws.analysis();
      const last = this.lastPublished.get(folder);
      const only =
        !everything && last && last.severity === severity && last.today === folder.today ? analysis.affectedSince(last.analysis, last.pending) : undefined;
      this.lastPublished.set(folder, { analysis, severity, today: folder.today, pending: new Set() });
      const byPath = diagnosticsByPath(analysis, today, this.severity, only);
      if (only) targeted.add(folder);
      else {
        byPath.set(CONFIG_FILE, configDiagnostics(folder.ws, this.severity));
        if (folder.disk) {
          // The first full publication of a folder as read from disk: kept for the next start,
          // written once it is out (`storeWarmStart`; serialising 10,000 notes' lists takes a while).
          const disk = folder.disk;
          delete folder.disk;
          const published: Published = [...byPath].filter(([, list]) => list.length > 0);
          const { root, ws } = folder;
          const question = this.question(folder);
          const encode = this.encode;
          if (encode && untouched(ws, disk)) this.toStore.push(() => storePublished(root, ws, disk, question, published, encode));
        }
      }
      for (const [rel, list] of byPath) {
        const uri = this.uriOf(folder, rel);
        seen.add(uri);
        const known = this.published.has(uri);
        if (this.samePublished(uri, list) && (!force || this.sentAhead.has(uri))) continue;
        // A note the client never had diagnostics for needs no empty list, not even on a full
        // round: at 10,000 notes that was ~10,000 notifications for nothing on every start.
        if (!known && list.length === 0) continue;
        out.push({ uri, diagnostics: list });
      }
    }
    this.sentAhead.clear();
    // Notes that left the workspace (deleted, now ignored): clear them. A targeted folder lost no
    // note (a note disappearing makes affectedSince answer undefined), and checked only some.
    if (targeted.size === this.folders.length) return out;
    for (const [uri, entry] of this.published) {
      if (seen.has(uri)) continue;
      if (targeted.size) {
        const loc = this.locate(uri);
        if (loc && targeted.has(loc.folder)) continue;
      }
      this.published.delete(uri);
      if (entry !== EMPTY) out.push({ uri, diagnostics: [] });
    }
    return out;
  }

  /** Whether `list` is what was last published for `uri`; it counts as published from now on. */
  private samePublished(uri: string, list: Diagnostic[]): boolean {
    const before = this.published.get(uri);
    if (list.length === 0) {
      this.published.set(uri, EMPTY);
      return before === EMPTY;
    }
    if (before === undefined || before === EMPTY) {
      this.published.set(uri, list);
      return false;
    }
    const fp = fingerprint(list);
    const same = (typeof before === 'string' ? before : fingerprint(before)) === fp;
    this.published.set(uri, fp);
    return same;
  }

  /** Answers to store for the next start (see diagnosticsToPublish). */
  private toStore: (() => Promise<void>)[] = [];

  /**
   * Stores the first full publication of folders loaded from disk (for the next start's warm
   * start); call it once that publication is sent. Never fails.
   */
  async storeWarmStart(): Promise<void> {
    const jobs = this.toStore;
    this.toStore = [];
    for (const job of jobs) await job().catch(() => undefined);
  }

  /** URIs changed since the last call (for rapport/didChange). */
  takeChanged(): string[] {
    const list = [...this.changed].map((abs) => this.clientUris.get(abs) ?? pathToFileURL(abs).href);
    this.changed = new Set();
    return list;
  }
}

/** Nothing published (also `fingerprint` of an empty list). */
const EMPTY = '[]';

/** Workspace paths whose URI is the folder's plus the path as it is: no segment starts with '.', no character needs encoding. */
const PLAIN_PATH = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

