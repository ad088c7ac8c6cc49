import { describe, expect, it } from 'vitest';
import { MemoryFileSystem, type FileSystem } from './fs.js';
import { Workspace } from './workspace.js';

// A rapport.yaml that is there but cannot be read (a folder, a looping link, no permission) gave
// the defaults without a word: another today, no ignore, no cadences (found by the blind CLI hunt).
class UnreadableConfig implements FileSystem {
  constructor(private inner: MemoryFileSystem) {}
  readDirectory(path: string) {
    return this.inner.readDirectory(path);
  }
  async readFile(path: string) {
    if (path === 'rapport.yaml') throw new Error('EACCES: permission denied');
    return this.inner.readFile(path);
  }
}

describe('an unreadable rapport.yaml', () => {
  it('is a load problem of rapport.yaml; a missing one is not', async () => {
    const files = { 'rapport.yaml': 'today: 2026-03-10\n', 'people/a.md': '---\nname: A\n---\n' };
    const ws = await Workspace.load(new UnreadableConfig(new MemoryFileSystem(files)));
    expect(ws.loadProblems).toEqual([{ path: 'rapport.yaml', message: 'could not be read, so the defaults apply: EACCES: permission denied' }]);
    expect(ws.analysis().entities.map((e) => e.id)).toEqual(['a']);

    const none = await Workspace.load(new MemoryFileSystem({ 'people/a.md': '---\nname: A\n---\n' }));
    expect(none.loadProblems).toEqual([]);
  });
});
