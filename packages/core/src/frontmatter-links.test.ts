import { describe, expect, it } from 'vitest';
import { loadFixture } from './testing.js';
import { parseDate } from './dates.js';
import { LineIndex } from './text.js';
import { parseNote } from './parse.js';
import { fastParseNote } from './scan.js';

// A frontmatter link is the YAML value's link: `'[[O''Brien Clinic]]'` and
// `"[[The \"Q\" Clinic]]"` name O'Brien Clinic and The "Q" Clinic (found by the blind CLI hunt:
// `rapport new person X --org 'The "Q" Clinic'` wrote a link that check called broken).
async function check(source: string) {
  const { ws } = await loadFixture(source);
  const a = ws.analysis();
  const broken = a.diagnostics(parseDate('2026-03-10')!).filter((d) => d.code === 'broken-link').map((d) => `${d.path}:${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`);
  const edges = a.graph().edges.map((e) => `${e.from} ${e.kind} ${e.to}`).sort();
  return { broken, edges };
}

describe('links in escaped frontmatter values', () => {
  it('resolve by the decoded value and keep their place in the source', async () => {
    const r = await check(`
      //- organizations/ob.md
      ---
      name: O'Brien Clinic
      ---
      //- organizations/q.md
      ---
      name: The "Q" Clinic
      ---
      //- people/ann.md
      ---
      organization: '[[O''Brien Clinic]]'
      met_at: "[[The \\"Q\\" Clinic|Q]]"
      introduced_by: "[[Nope\\u0027s]]"
      ---
    `);
    expect(r.edges).toEqual(["ann introduced-by placeholder:nope's", 'ann met-at q', 'ann works-at ob']);
    // The broken link's range is the source text of its target: `Nope\u0027s` on line 3.
    expect(r.broken).toEqual(['people/ann.md:3:18-29']);
  });

  it('are the same in the full parser and the line scanner', () => {
    const text = `---\norganization: "[[The \\"Q\\" Clinic]] and [[O'Brien#x|y]]"\ncontacts: ['[[A''s]]', b]\n---\nbody\n`;
    const pick = (n: ReturnType<typeof parseNote>) => n.links.map((l) => ({ target: l.target, anchor: l.anchor, alias: l.alias, range: l.range, targetRange: l.targetRange }));
    const full = pick(parseNote(text, new LineIndex(text)));
    expect(full.map((l) => l.target)).toEqual(['The "Q" Clinic', "O'Brien", "A's", 'b']);
    expect(pick(fastParseNote(text, new LineIndex(text)))).toEqual(full);
  });
});
