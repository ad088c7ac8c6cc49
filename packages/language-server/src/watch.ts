/**
 * A fallback file watcher for clients that cannot watch files for the server (no dynamic
 * registration of workspace/didChangeWatchedFiles, e.g. neovim 0.7, many Emacs setups): one
 * non-recursive fs.watch per folder under the root (a folder's watch reports changes to the
 * files in it), reporting notes, rapport.yaml and .gitignore files. Folders that appear later
 * are watched when they do, and the notes they bring are reported.
 *
 * Not Node's recursive fs.watch: on Linux (Node 20) it stats and watches every single file, which
 * took ~0.2 s and 10,000 inotify watches for a 10,000-note workspace, before any note was checked.
 */
import { existsSync, readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export type WatchEvent = { uri: string; change: 'created' | 'changed' | 'deleted' };

const SKIP = /(^|[\\/])(\.git|node_modules|\.rapport)([\\/]|$)/;
const SKIP_NAME = new Set(['.git', 'node_modules', '.rapport']);
const WANTED = /(\.md|[\\/]rapport\.yaml|^rapport\.yaml|\.gitignore)$/i;

export class RootWatcher {
  /** Watched folder (absolute) → its watcher. */
  private readonly folders = new Map<string, FSWatcher>();
  private pending = new Map<string, NodeJS.Timeout>();
  /** Wanted files known to exist (to tell a creation from a change, and what a removed folder held). */
  private known = new Set<string>();

  constructor(
    readonly root: string,
    private readonly onEvent: (e: WatchEvent) => void,
    private readonly onError: (message: string) => void,
  ) {}

  start(): boolean {
    try {
      this.watchTree(this.root, false);
      return true;
    } catch (e) {
      this.onError(`cannot watch ${this.root}: ${e instanceof Error ? e.message : String(e)}`);
      this.stop();
      return false;
    }
  }

  /** Watches `dir` and the folders below it; `report`: the wanted files found are reported as created. */
  private watchTree(dir: string, report: boolean): void {
    if (this.folders.has(dir)) return;
    let w: FSWatcher;
    try {
      w = watch(dir, { persistent: false }, (_type, name) => {
        if (name) this.changed(path.join(dir, String(name)));
      });
    } catch (e) {
      if (dir === this.root) throw e;
      return;
    }
    w.on('error', (e) => {
      // A folder that went away ends its watch: only the root's failing is worth a message.
      if (dir === this.root) this.onError(`watching ${this.root} failed: ${e.message}`);
      this.unwatch(dir);
    });
    this.folders.set(dir, w);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      // Names only: `dir` itself passed the same tests (a 10,000-note folder is walked at every start).
      if (SKIP_NAME.has(e.name)) continue;
      const abs = dir + path.sep + e.name;
      if (e.isDirectory()) this.watchTree(abs, report);
      else if (WANTED.test(dir === this.root ? e.name : abs)) {
        if (report) this.changed(abs);
        else this.known.add(abs);
      }
    }
  }

  /** Stops watching `dir` and everything below it. */
  private unwatch(dir: string): void {
    for (const [d, w] of this.folders) {
      if (d === dir || d.startsWith(dir + path.sep)) {
        w.close();
        this.folders.delete(d);
      }
    }
  }

  private changed(abs: string): void {
    const rel = path.relative(this.root, abs);
    if (!rel || rel.startsWith('..') || SKIP.test(rel)) return;
    let st;
    try {
      st = statSync(abs, { throwIfNoEntry: false });
    } catch {
      // Unreadable (EACCES), or a parent replaced by a file (ENOTDIR): as good as gone, and an
      // exception thrown here, in a watch callback, would end the server.
      st = undefined;
    }
    if (st?.isDirectory()) {
      // A folder appeared (created, moved in): watch it and report the notes it holds.
      if (!this.folders.has(abs)) this.watchTree(abs, true);
      return;
    }
    if (!st && this.folders.has(abs)) {
      // A watched folder went away (deleted, moved out): so did the notes it held.
      this.unwatch(abs);
      for (const f of [...this.known]) if (f.startsWith(abs + path.sep)) this.changed(f);
      return;
    }
    if (!WANTED.test(rel)) return;
    clearTimeout(this.pending.get(abs));
    this.pending.set(
      abs,
      setTimeout(() => {
        this.pending.delete(abs);
        const exists = existsSync(abs);
        const change = !exists ? 'deleted' : this.known.has(abs) ? 'changed' : 'created';
        if (exists) this.known.add(abs);
        else this.known.delete(abs);
        this.onEvent({ uri: pathToFileURL(abs).href, change });
      }, 30),
    );
  }

  stop(): void {
    for (const w of this.folders.values()) w.close();
    this.folders.clear();
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }
}
