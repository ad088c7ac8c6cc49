import { describe, expect, it } from 'vitest';
import { loadFixture } from './testing.js';
import { parseDate } from './dates.js';
import { LineIndex } from './text.js';
import { parseNote } from './parse.js';
import { fastParseNote } from './scan.js';

// "Standard Markdown links to a relative .md path count too" (NOTE-FORMAT, Links): reference
// links, `[Jane][jane]` with `[jane]: people/jane.md`, are standard Markdown links, and were not
// read at all (found by the blind CLI hunt).
describe('reference-style Markdown links', () => {
  it('are links, in every form, with the definition URL as their target range', () => {
    const text = '[early]: people/a%20b.md\n\n- 2026-03-09 [y][ref], [early], [Z][] and [q][nodef]\n\n[ref]: <people/farid.md> "title"\n[z]: ../x/zed.md#sec\n[ref]: people/second.md\n[web]: https://example.org/x.md\n';
    const lines = new LineIndex(text);
    const cut = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end));
    const full = parseNote(text, lines);
    expect(full.links.map((l) => [l.kind, l.target, l.anchor ?? null, cut(l.range), cut(l.targetRange)])).toEqual([
      ['markdown', 'people/farid.md', null, '[y][ref]', 'people/farid.md'],
      ['markdown', 'people/a b.md', null, '[early]', 'people/a%20b.md'],
      ['markdown', '../x/zed.md', 'sec', '[Z][]', '../x/zed.md#sec'],
    ]);
    expect(full.logEntries[0]!.links).toEqual([0, 1, 2]);
    expect(fastParseNote(text, new LineIndex(text))).toEqual(full);
  });

  it('make contact and resolve like inline links', async () => {
    const { ws } = await loadFixture(`
      //- people/farid.md
      ---
      name: Farid
      ---
      //- journal/day.md
      - 2026-03-01 lunch with [Farid][f]
      - 2026-03-02 and [someone][g]

      [f]: ../people/farid.md
      [g]: ../people/nobody.md
    `);
    const a = ws.analysis();
    const today = parseDate('2026-03-10')!;
    expect(a.lastContact(a.entities.find((e) => e.id === 'farid')!, today)).toBe('2026-03-01');
    expect(a.diagnostics(today).filter((d) => d.code === 'broken-link').map((d) => `${d.path}:${d.range.start.line}`)).toEqual(['journal/day.md:4']);
  });
});
