import { describe, expect, it } from 'vitest';
import { MemoryFileSystem } from './fs.js';
import { Workspace } from './workspace.js';
import { parseDate } from './dates.js';

// Link resolution is "case-insensitive, Unicode-normalised" (issue #2). Wikilinks were; a Markdown
// link written in NFC to a file named in NFD (as macOS names files) was a broken link, and no
// contact (found by the blind CLI hunt).
describe('Markdown links and Unicode normalisation', () => {
  it('reach a file whatever the normal form of either side', async () => {
    const nfd = 'zoe\u0308';
    const nfc = 'zo\u00eb';
    const fs = new MemoryFileSystem({
      [`people/${nfd}.md`]: '---\nname: Zoe One\ncadence: 1 month\n---\n',
      [`people/${nfc}-two.md`]: '---\nname: Zoe Two\ncadence: 1 month\n---\n',
      'journal/day.md': `- 2026-03-02 met [one](../people/${nfc}.md) and [two](../people/${encodeURIComponent(`${nfd}-two`)}.md)\n`,
    });
    const a = (await Workspace.load(fs)).analysis();
    const today = parseDate('2026-03-10')!;
    expect(a.diagnostics(today).filter((d) => d.code === 'broken-link')).toEqual([]);
    expect(a.entities.map((e) => [e.name, a.lastContact(e, today)]).sort()).toEqual([
      ['Zoe One', '2026-03-02'],
      ['Zoe Two', '2026-03-02'],
    ]);
  });
});
