import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { createHash, type Hash } from 'node:crypto';
import { PARSER_VERSION, type Workspace } from '@rapport/core';
import { writeCacheFile } from './cache.js';

/**
 * A persistent cache of whole answers (e.g. every diagnostic of `rapport check`) in
 * `<root>/.rapport/cache/result-<name>.json`, one entry per name: the last answer and its key.
 *
 * The key is a hash of everything the answer is computed from: the running build (any change of
 * code may change an answer), the question (command, today), and every input the workspace read
 * — the config, each .gitignore, every note's path and text, the files it could not read. So a
 * hit is exactly the answer a fresh computation would give; one changed byte anywhere misses.
 * Like the parse cache, the file is written atomically and checked on read (magic, key, a
 * checksum of the payload): anything unexpected is a miss, never an error.
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

  /** The key of an answer to `question` about this workspace as loaded (nothing parsed). */
  key(ws: Workspace, question: readonly string[]): string {
    const h = createHash('sha1');
    const put = (s: string) => h.update(`${s.length}:`).update(s);
    for (const s of [MAGIC, this.build, PARSER_VERSION, ...question, '\0']) put(s);
    put(ws.configText ?? '\0none');
    for (const [dir, text] of [...ws.gitignoreTexts()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      put(dir);
      put(text);
    }
    put('\0problems');
    for (const p of ws.loadProblems) {
      put(p.path);
      put(p.message);
    }
    put('\0notes');
    for (const n of ws.notes.values()) {
      put(n.path);
      put(n.text);
      for (const f of n.fileProblems) put(f.message);
      put('\0');
    }
    return digest(h);
  }

  async get<T>(name: string, key: string, isValue: (x: unknown) => x is T): Promise<T | undefined> {
    let raw: string;
    try {
      raw = await fsp.readFile(this.file(name), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const nl = raw.indexOf('\n');
      if (nl < 0) return undefined;
      const header = JSON.parse(raw.slice(0, nl)) as { magic?: unknown; key?: unknown; sha1?: unknown };
      if (header.magic !== MAGIC || header.key !== key) return undefined;
      const payload = raw.slice(nl + 1);
      if (digest(createHash('sha1').update(payload)) !== header.sha1) return undefined;
      const value = JSON.parse(payload) as unknown;
      return isValue(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  async put(name: string, key: string, value: unknown): Promise<void> {
    const payload = JSON.stringify(value);
    const header = { magic: MAGIC, key, sha1: digest(createHash('sha1').update(payload)) };
    await writeCacheFile(this.root, this.file(name), `${JSON.stringify(header)}\n${payload}`);
  }
}

const MAGIC = 'rapport-result-cache-1';

function digest(h: Hash): string {
  return h.digest('hex');
}
