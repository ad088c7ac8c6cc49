/**
 * A fallback file watcher for clients that cannot watch files for the server (no dynamic
 * registration of workspace/didChangeWatchedFiles, e.g. neovim 0.7, many Emacs setups): a
 * recursive fs.watch on each workspace root, reporting notes, rapport.yaml and .gitignore files.
 */
import { existsSync, watch, type FSWatcher } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export type WatchEvent = { uri: string; change: 'created' | 'changed' | 'deleted' };

const SKIP = /(^|[\\/])(\.git|node_modules|\.rapport)([\\/]|$)/;
const WANTED = /(\.md|[\\/]rapport\.yaml|^rapport\.yaml|\.gitignore)$/i;

export class RootWatcher {
  private watcher: FSWatcher | undefined;
  private pending = new Map<string, NodeJS.Timeout>();
  private known = new Set<string>();

  constructor(
    readonly root: string,
    private readonly onEvent: (e: WatchEvent) => void,
    private readonly onError: (message: string) => void,
  ) {}

  start(): boolean {
    try {
      this.watcher = watch(this.root, { recursive: true, persistent: false }, (_type, name) => {
        if (!name) return;
        const rel = String(name);
        if (SKIP.test(rel) || !WANTED.test(rel)) return;
        const abs = path.join(this.root, rel);
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
      });
      this.watcher.on('error', (e) => this.onError(`watching ${this.root} failed: ${e.message}`));
      return true;
    } catch (e) {
      this.onError(`cannot watch ${this.root}: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  stop(): void {
    this.watcher?.close();
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }
}
