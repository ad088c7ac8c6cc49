/**
 * Notes as an editor holds them. Editors (VS Code, neovim, Emacs) keep a UTF-8 byte order mark
 * out of a document's text, so LSP positions on the first line count from the character after
 * it. The server reads the notes an editor has not opened from disk: it drops the BOM there too,
 * so that their diagnostics, and the edits it sends for them (a rename touching a link on the
 * first line), use the editor's columns. The server never writes a note itself (edits go through
 * the editor, which keeps the BOM), so nothing is lost. LSP-free.
 */
import { NodeFileSystem } from '@rapport/node';

const BOM = 0xfeff;

/** The bytes (or text) of a file without a leading UTF-8 byte order mark. */
export function withoutBom<T extends Uint8Array | string>(data: T): T {
  if (typeof data === 'string') return (data.charCodeAt(0) === BOM ? data.slice(1) : data) as T;
  return (data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? data.subarray(3) : data) as T;
}

/** A NodeFileSystem whose reads give what an editor shows: no byte order mark. */
export class EditorFileSystem extends NodeFileSystem {
  override async readFile(rel: string): Promise<Uint8Array> {
    return withoutBom(await super.readFile(rel));
  }

  override async readFiles(rels: readonly string[]): Promise<(Uint8Array | string | Error)[]> {
    const out = await super.readFiles(rels);
    for (let i = 0; i < out.length; i++) {
      const d = out[i]!;
      if (!(d instanceof Error)) out[i] = withoutBom(d);
    }
    return out;
  }
}
