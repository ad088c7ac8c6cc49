/**
 * Parsing any string never throws, and every range it reports lies inside the text, for both
 * parsers and for the workspace's diagnostics.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineIndex, MemoryFileSystem, Workspace, fastParseNote, parseDate, parseNote, type ParsedNote, type Range } from '@rapport/core';

/** Fragments that exercise frontmatter, tasks, dates, links, quotes, lists and line breaks. */
const fragment = fc.oneof(
  fc.constantFrom(
    '---', '---js', '...', '\n', '\r\n', '\r', '\uFEFF', '\u0000', '\uD800', '\uDC00', '  ', '\t', '> ', '- ', '* ', '1. ', '- [ ] ', '- [x] ',
    '# ', '## Log', '## 2026-05-18 ', '[[', ']]', '[[Jane Smith]]', '![[x]]', '[[a|b]]', '[[#h]]', '[t](../people/a.md)', '[t](x.md#a)',
    '`', '```', '<div>', '📅 ', '✅ 2026-05-21', '⏳ 2026-02-30', '🔁 every week', '[due:: 2026-05-21]', '(completion:: x)', 'due:2026-13-01',
    '2026-05-18 ', '2028-02-29', 'type: person', 'name: ', 'met: 2026-02-30', 'aliases: [a, b]', 'tags:\n  - x', '&a [1]', '*a', '__proto__: 1',
    'key: "quoted # not comment"', '# comment', '{', '}', '[', ']', ':', '|', '#', 'é', 'e\u0301', '😀', '\u2028',
  ),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
);
const noteText = fc.array(fragment, { maxLength: 60 }).map((xs) => xs.join(''));

function rangeInside(text: string, lines: LineIndex, r: Range, what: string): void {
  for (const p of [r.start, r.end]) {
    expect(p.line, what).toBeGreaterThanOrEqual(0);
    expect(p.line, what).toBeLessThan(lines.lineCount);
    expect(p.character, what).toBeGreaterThanOrEqual(0);
    expect(p.character, what).toBeLessThanOrEqual(lines.lineText(p.line).length);
  }
  expect(lines.offsetAt(r.start), what).toBeLessThanOrEqual(lines.offsetAt(r.end));
  void text;
}

function allRanges(p: ParsedNote): [string, Range][] {
  const out: [string, Range][] = [];
  for (const x of p.problems) out.push([`problem ${x.code}`, x.range]);
  for (const l of p.links) out.push(['link', l.range], ['link target', l.targetRange]);
  for (const t of p.tasks) {
    out.push(['task', t.range]);
    for (const d of t.dates.all) out.push(['task date', d.range]);
  }
  for (const e of p.logEntries) out.push(['log entry', e.range]);
  for (const s of p.sections) out.push(['section', s.range], ['section body', s.fullRange]);
  for (const f of p.frontmatter.fields) {
    out.push(['key', f.keyRange], ['value', f.valueRange]);
    for (const i of f.items ?? []) out.push(['item', i.range]);
  }
  return out;
}

describe.each([
  ['parseNote', parseNote],
  ['fastParseNote', fastParseNote],
] as const)('%s on any string', (_name, parse) => {
  it('never throws and reports only ranges inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(noteText, fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 })), (text) => {
        const lines = new LineIndex(text);
        const p = parse(text, lines);
        for (const [what, r] of allRanges(p)) rangeInside(text, lines, r, what);
        // Task and log entry dates that were accepted are real dates.
        for (const t of p.tasks) for (const d of t.dates.all) expect(parseDate(d.value)).toBeDefined();
        for (const e of p.logEntries) expect(parseDate(e.date)).toBeDefined();
        // Link indexes point at links that exist.
        for (const t of p.tasks) for (const i of t.links) expect(p.links[i]).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });
});

describe('workspace diagnostics on any notes', () => {
  it('never throw and point inside their note', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(noteText, { minLength: 1, maxLength: 4 }), async (texts) => {
        const files: Record<string, string> = {};
        texts.forEach((t, i) => (files[i % 2 ? `people/p${i}.md` : `notes/n${i}.md`] = t));
        const ws = await Workspace.load(new MemoryFileSystem(files));
        const today = parseDate('2026-05-20')!;
        const a = ws.analysis();
        a.followUps(today);
        a.graph();
        for (const d of a.diagnostics(today)) {
          const note = ws.get(d.path)!;
          rangeInside(note.text, note.lines, d.range, `${d.path} ${d.code}`);
        }
      }),
      { numRuns: 100 },
    );
  });
});
