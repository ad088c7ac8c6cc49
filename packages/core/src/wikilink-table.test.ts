import { describe, expect, it } from 'vitest';
import { loadFixture } from './testing.js';
import { parseDate } from './dates.js';
import { LineIndex } from './text.js';
import { parseNote } from './parse.js';
import { fastParseNote } from './scan.js';

// Obsidian writes an aliased wikilink inside a table cell as `[[Jane Smith\|Jane]]` (the bar
// escaped so it does not end the cell). It named 'Jane Smith\' and was a broken link (found by
// the blind CLI hunt).
describe('a wikilink with an escaped bar', () => {
  it('links its target, in a table or not, and its range covers the target only', () => {
    const text = '| who | what |\n|---|---|\n| [[Jane Smith\\|Jane]] | lunch |\n\n- 2026-03-01 [[Jane Smith#2026-02-01\\|J]]\n';
    for (const parsed of [parseNote(text, new LineIndex(text)), fastParseNote(text, new LineIndex(text))]) {
      const lines = new LineIndex(text);
      expect(parsed.links.map((l) => [l.target, l.anchor ?? null, l.alias ?? null, text.slice(lines.offsetAt(l.targetRange.start), lines.offsetAt(l.targetRange.end))])).toEqual([
        ['Jane Smith', null, 'Jane', 'Jane Smith'],
        ['Jane Smith', '2026-02-01', 'J', 'Jane Smith'],
      ]);
    }
  });

  it('resolves, and a dated entry through it is contact', async () => {
    const { ws } = await loadFixture(`
      //- people/jane-smith.md
      ---
      name: Jane Smith
      ---
      //- journal/day.md
      - 2026-03-01 lunch with [[Jane Smith\\|Jane]]
    `);
    const a = ws.analysis();
    expect(a.diagnostics(parseDate('2026-03-10')!).filter((d) => d.code === 'broken-link')).toEqual([]);
    expect(a.lastContact(a.entities.find((e) => e.id === 'jane-smith')!, parseDate('2026-03-10')!)).toBe('2026-03-01');
  });
});
