import { MemoryFileSystem } from './fs.js';
import { LineIndex, type Position } from './text.js';
import { Workspace } from './workspace.js';

/** The cursor marker in inline fixtures. */
export const CURSOR = '$0';

export interface Fixture {
  files: Record<string, string>;
  /** Where `$0` stood, if anywhere (the marker itself is removed). */
  cursor?: { path: string; offset: number; position: Position };
}

/**
 * Splits an inline multi-file fixture: each file starts with a line `//- path/to/file.md`;
 * the text before the first header is ignored. Common leading indentation is removed, so
 * fixtures can be indented in test code. One `$0` may mark a cursor.
 */
export function parseFixture(source: string): Fixture {
  const lines = dedent(source).split('\n');
  const files: Record<string, string> = {};
  let current: string | undefined;
  let buf: string[] = [];
  const flush = () => {
    if (current !== undefined) files[current] = buf.join('\n');
  };
  for (const line of lines) {
    const m = /^\/\/- (.+?)\s*$/.exec(line);
    if (m) {
      flush();
      current = m[1]!;
      buf = [];
    } else if (current !== undefined) buf.push(line);
  }
  flush();
  const out: Fixture = { files };
  for (const [path, text] of Object.entries(files)) {
    const at = text.indexOf(CURSOR);
    if (at < 0) continue;
    const clean = text.slice(0, at) + text.slice(at + CURSOR.length);
    files[path] = clean;
    out.cursor = { path, offset: at, position: new LineIndex(clean).positionAt(at) };
  }
  return out;
}

/** Loads an inline fixture into a workspace backed by memory. */
export async function loadFixture(source: string): Promise<{ ws: Workspace; fixture: Fixture; fs: MemoryFileSystem }> {
  const fixture = parseFixture(source);
  const fs = new MemoryFileSystem(fixture.files);
  const ws = await Workspace.load(fs);
  return { ws, fixture, fs };
}

function dedent(s: string): string {
  const lines = s.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}
