import { describe, expect, it } from 'vitest';
import { MemoryFileSystem, type FileSystem } from './fs.js';
import { Workspace } from './workspace.js';
import { parseDate } from './dates.js';
import { fastParseNote } from './scan.js';

/** A small network: people linking each other, a task, a note that is not UTF-8, one missing. */
function files(): Record<string, string | Uint8Array> {
  const out: Record<string, string | Uint8Array> = { 'rapport.yaml': 'today: 2026-11-25\n' };
  for (let i = 0; i < 40; i++) {
    out[`people/p${String(i).padStart(2, '0')}.md`] = `---\ntype: person\nname: Person ${i}\ncadence: 30d\n---\n- 2026-10-${String((i % 28) + 1).padStart(2, '0')} Call with [[p${String((i + 1) % 40).padStart(2, '0')}]]\n- [ ] write [[p${String((i + 3) % 40).padStart(2, '0')}]] 📅 2026-12-01\n`;
  }
  out['people/latin.md'] = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]);
  return out;
}

/** The same disk with a streamed read that hands over `sizes`-long batches (the last size repeats), or fails. */
function streamed(mem: MemoryFileSystem, sizes: number[], fail?: { afterBatches: number; how: 'reject' | 'out-of-order' }): FileSystem & { batches: number[] } {
  const batches: number[] = [];
  return {
    batches,
    readDirectory: (p) => mem.readDirectory(p),
    readFile: async (p) => {
      if (p.endsWith('gone.md')) throw new Error('no such file: gone.md');
      return mem.readFile(p);
    },
    async readFilesInBatches(paths, onBatch) {
      let at = 0;
      for (let b = 0; at < paths.length; b++) {
        if (fail && b === fail.afterBatches) {
          if (fail.how === 'reject') throw new Error('the reader stopped');
          onBatch(at + 1, [await mem.readFile(paths[at + 1]!)]);
        }
        const n = sizes[Math.min(b, sizes.length - 1)]!;
        const datas = await Promise.all(paths.slice(at, at + n).map((p) => (p.endsWith('gone.md') ? new Error('no such file: gone.md') : mem.readFile(p))));
        batches.push(datas.length);
        onBatch(at, datas);
        at += datas.length;
      }
    },
  };
}

describe('Workspace.readNotes with a streamed read (readFilesInBatches)', () => {
  const today = parseDate('2026-11-25')!;
  const shape = (ws: Workspace) => ({
    notes: [...ws.notes.values()].map((n) => [n.path, n.version, n.text, n.fileProblems]),
    problems: ws.loadProblems,
    diagnostics: JSON.stringify(ws.analysis().diagnostics(today)),
    followUps: JSON.stringify(ws.analysis().followUps(today)),
  });

  it('loads what one-at-a-time reads load, whatever the batches, and when the stream fails part way', async () => {
    const mem = new MemoryFileSystem(files());
    // A listed note that cannot be read: listing sees it, reading fails.
    mem.files.set('people/gone.md', '');
    const plain = shape(await Workspace.load({ readDirectory: (p) => mem.readDirectory(p), readFile: streamed(mem, [1]).readFile }));
    expect(plain.problems).toEqual([{ path: 'people/gone.md', message: 'could not be read: no such file: gone.md' }]);
    expect(plain.diagnostics.length).toBeGreaterThan(100);
    for (const sizes of [[1], [3], [7, 2, 50], [1000]]) {
      const fs = streamed(mem, sizes);
      expect(shape(await Workspace.load(fs)), String(sizes)).toEqual(plain);
      expect(fs.batches.reduce((a, b) => a + b, 0)).toBe(42);
    }
    for (const how of ['reject', 'out-of-order'] as const) {
      const fs = streamed(mem, [5], { afterBatches: 3, how });
      expect(shape(await Workspace.load(fs)), how).toEqual(plain);
      expect(fs.batches).toEqual([5, 5, 5]);
    }
  });

  it('parses each batch as it arrives (the bulk parser, before readNotes returns)', async () => {
    const mem = new MemoryFileSystem(files());
    const parsedAt: number[] = [];
    let batch = 0;
    const fs = streamed(mem, [10]);
    const inner = fs.readFilesInBatches!.bind(fs);
    fs.readFilesInBatches = (paths, onBatch) => inner(paths, (start, datas) => {
      batch++;
      onBatch(start, datas);
    });
    const ws = await Workspace.load(fs, {
      bulkParse: (text, lines) => {
        parsedAt.push(batch);
        return fastParseNote(text, lines);
      },
    });
    expect(parsedAt).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 5]);
    expect(ws.notes.size).toBe(41);
  });
});
