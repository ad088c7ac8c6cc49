/**
 * The only way the core reaches files. Paths are workspace-relative with `/` separators;
 * the empty string is the workspace root. Adapters for a real disk live outside the core.
 */
export interface DirEntry {
  name: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
}

export interface FileSystem {
  readDirectory(path: string): Promise<DirEntry[]>;
  readFile(path: string): Promise<Uint8Array | string>;
  /**
   * Optional bulk read for loading a whole workspace: one result per path, in order, an Error
   * for a file that could not be read. Adapters offer it when they can read many small files
   * faster together than one `readFile` at a time (a disk: synchronous reads skip a thread-pool
   * round trip per file). Without it, `readFile` is called for each path.
   */
  readFiles?(paths: readonly string[]): Promise<(Uint8Array | string | Error)[]>;
}

/** An in-memory file system, for tests, scripts and editors' unsaved buffers. */
export class MemoryFileSystem implements FileSystem {
  readonly files = new Map<string, string | Uint8Array>();

  constructor(files: Record<string, string | Uint8Array> = {}) {
    for (const [p, t] of Object.entries(files)) this.files.set(normalizePath(p), t);
  }

  async readDirectory(path: string): Promise<DirEntry[]> {
    const prefix = path === '' ? '' : `${normalizePath(path)}/`;
    const seen = new Map<string, DirEntry>();
    for (const p of this.files.keys()) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf('/');
      const name = slash < 0 ? rest : rest.slice(0, slash);
      if (!seen.has(name)) seen.set(name, { name, kind: slash < 0 ? 'file' : 'directory' });
    }
    return [...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async readFile(path: string): Promise<string | Uint8Array> {
    const f = this.files.get(normalizePath(path));
    if (f === undefined) throw new Error(`no such file: ${path}`);
    return f;
  }
}

/** `./a\\b/../c.md` → `a/c.md`; never climbs above the root (returns undefined when it would). */
export function normalizePath(p: string): string {
  return resolveRelative('', p) ?? p.replace(/\\/g, '/');
}

export function resolveRelative(fromDir: string, rel: string): string | undefined {
  const parts = fromDir ? fromDir.split('/') : [];
  for (const seg of rel.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Decodes a file's bytes as UTF-8; bytes that are not UTF-8 are read as Latin-1 and reported. */
/** One strict decoder for every file: decoding without streaming keeps no state between calls. */
const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeText(data: Uint8Array | string): { text: string; problem?: string } {
  if (typeof data === 'string') return { text: data };
  if (data.includes(0)) {
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(data).replace(/\u0000/g, '\uFFFD'), problem: 'This file holds binary data (NUL bytes), not text.' };
  }
  try {
    return { text: utf8Strict.decode(data) };
  } catch {
    return { text: new TextDecoder('latin1').decode(data), problem: 'This file is not valid UTF-8; it was read as Latin-1. Save it as UTF-8.' };
  }
}
