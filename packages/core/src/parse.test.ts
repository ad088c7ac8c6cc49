import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseNote } from './parse.js';
import { fastParseNote } from './scan.js';
import { LineIndex } from './text.js';

/** Parses a note and returns the source text each link's target range covers. */
function check(text: string) {
  const parsed = parseNote(text);
  const lines = new LineIndex(text);
  const slice = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    text.slice(lines.offsetAt(r.start), lines.offsetAt(r.end));
  return { parsed, slice };
}

describe('wikilinks', () => {
  it('reads target, alias, anchor and path forms with exact ranges', () => {
    const { parsed, slice } = check('See [[Jane Smith]], [[Jane Smith|Dr. Smith]],\n[[people/jane-smith]] and [[Jane Smith#2026-05-18]].\n');
    expect(parsed.links.map((l) => [l.target, l.alias ?? null, l.anchor ?? null, slice(l.range), slice(l.targetRange)])).toEqual([
      ['Jane Smith', null, null, '[[Jane Smith]]', 'Jane Smith'],
      ['Jane Smith', 'Dr. Smith', null, '[[Jane Smith|Dr. Smith]]', 'Jane Smith'],
      ['people/jane-smith', null, null, '[[people/jane-smith]]', 'people/jane-smith'],
      ['Jane Smith', null, '2026-05-18', '[[Jane Smith#2026-05-18]]', 'Jane Smith'],
    ]);
  });

  it('ignores links in code spans and code blocks, and marks embeds', () => {
    const { parsed } = check('`[[Not A Link]]`\n\n```\n[[Nor This]]\n```\n\n![[Embedded]]\n');
    expect(parsed.links.map((l) => [l.target, l.embed])).toEqual([['Embedded', true]]);
  });

  it('reads Markdown links to relative .md paths only', () => {
    const { parsed, slice } = check('[her program](../programs/riverside.md) [web](https://example.org/a.md) [pic](a.png)\n');
    expect(parsed.links.map((l) => [l.kind, l.target, slice(l.targetRange)])).toEqual([['markdown', '../programs/riverside.md', '../programs/riverside.md']]);
  });

  it('reads links held in frontmatter values, quoted or plain', () => {
    const text = '---\norganization: "[[Riverside Medical Center]]"\nmet_at: APA 2026\ncontacts:\n  - "[[A]]"\n  - "[[B]]"\n---\n';
    const { parsed, slice } = check(text);
    expect(parsed.links.map((l) => [l.field, l.kind, slice(l.targetRange)])).toEqual([
      ['organization', 'wiki', 'Riverside Medical Center'],
      ['met_at', 'name', 'APA 2026'],
      ['contacts', 'wiki', 'A'],
      ['contacts', 'wiki', 'B'],
    ]);
  });

  it('knows which links sit in open tasks and block quotes', () => {
    const { parsed } = check('- [ ] Call [[A]]\n- [x] Called [[B]]\n> Quote of [[C]]\n- [ ] Parent\n  - nested [[D]]\n');
    expect(parsed.links.map((l) => [l.target, l.inOpenTask, l.inQuote])).toEqual([
      ['A', true, false],
      ['B', false, false],
      ['C', false, true],
      ['D', true, false],
    ]);
  });
});

describe('log entries', () => {
  it('are list items and headings whose text starts with a date', () => {
    const { parsed } = check('# Ann\n\n- 2026-05-18 Met after her talk\n- Not dated 2026-05-19\n* 2026-06-01: Call\n\n## 2026-07-04 Conference\n\nText\n');
    expect(parsed.logEntries.map((e) => [e.kind, e.date, e.line, e.text])).toEqual([
      ['item', '2026-05-18', 2, 'Met after her talk'],
      ['item', '2026-06-01', 4, 'Call'],
      ['heading', '2026-07-04', 6, 'Conference'],
    ]);
  });

  it("an entry's text is what follows its date without leading white space, colons and dashes, and trimmed (both parsers)", () => {
    // Any mix of ASCII and Unicode white space (NBSP, em space, line separator), dashes and
    // control characters around the words.
    const piece = fc.constantFrom(' ', '  ', ':', '-', '—', '–', '\u00a0', '\u2003', '\u2028', '\ufeff', '\v', '\f', '\u0001', '\u007f', 'a', 'Call', 'é', '😀', ',', '.');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (parts, heading) => {
        const rest = ` ${parts.join('')}`;
        const expected = rest.replace(/^[\s:—–-]+/, '').trim();
        const text = heading ? `## 2026-03-04${rest}\n` : `- 2026-03-04${rest}\n`;
        for (const parsed of [parseNote(text), fastParseNote(text)]) {
          expect(parsed.logEntries.map((e) => e.text)).toEqual([expected]);
        }
      }),
      { numRuns: 800, seed: 7 },
    );
  });

  it('a list item is an entry when its first line starts with a real date then its end, white space, :,.;)] or a dash (both parsers)', () => {
    const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?=$|[\s:,.;)\]—–-])/;
    const after = fc.constantFrom('', ' ', ':', ',', '.', ';', ')', ']', '-', '—', '–', '\u00a0', '\u2003', '\v', 'x', '0', '/', '(', '😀', '_');
    const date = fc.constantFrom('2026-03-04', '2024-02-29', '2023-02-29', '2026-13-01', '0000-01-01', '9999-12-31', '2026-3-04', '2026/03/04', '20260304', '2026-03-4', '２026-03-04');
    fc.assert(
      fc.property(date, after, fc.constantFrom('', ' Call with Ann', 'x'), (d, a, words) => {
        const first = `${d}${a}${words}`;
        const m = DATE_PREFIX.exec(first);
        const real = m !== null && !Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`)) && new Date(`${m[1]}T00:00:00Z`).toISOString().startsWith(m[1]!);
        const expected = real ? [[m![1], first.slice(10).replace(/^[\s:—–-]+/, '').trim()]] : [];
        for (const parsed of [parseNote(`- ${first}\n`), fastParseNote(`- ${first}\n`)]) {
          expect(parsed.logEntries.map((e) => [e.date, e.text])).toEqual(expected);
        }
      }),
      { numRuns: 600, seed: 3 },
    );
  });

  it('reports a date-shaped entry that is not a real date', () => {
    const { parsed, slice } = check('- 2026-02-30 Lunch\n');
    expect(parsed.logEntries).toEqual([]);
    expect(parsed.problems.map((p) => [p.code, slice(p.range)])).toEqual([['invalid-date', '2026-02-30']]);
  });

  it('gives each link the entry that holds it, headings covering their whole section', () => {
    const { parsed } = check('## 2026-10-14 Panel\n\nWith [[A]].\n\n### Sub\n\n[[B]]\n\n## Other\n\n[[C]]\n- 2026-10-15 lunch with [[D]]\n  - and [[E]]\n');
    const entryOf = (t: string) => {
      const l = parsed.links.find((x) => x.target === t)!;
      return l.logEntry === undefined ? null : parsed.logEntries[l.logEntry]!.date;
    };
    expect(['A', 'B', 'C', 'D', 'E'].map(entryOf)).toEqual(['2026-10-14', '2026-10-14', null, '2026-10-15', '2026-10-15']);
  });
});

describe('tasks', () => {
  it('reads every date kind in the three syntaxes, with ranges', () => {
    const { parsed, slice } = check('- [ ] Do it 📅 2026-05-21 ⏳ 2026-05-20 🛫 2026-05-19 ➕ 2026-05-01 🔁 every 2 weeks\n- [x] Done [completion:: 2026-05-22] [due:: 2026-05-21]\n- [ ] Todo due:2026-06-01\n');
    const [a, b, c] = parsed.tasks;
    expect(a!.dates).toMatchObject({ due: '2026-05-21', scheduled: '2026-05-20', start: '2026-05-19', created: '2026-05-01', recurrence: 'every 2 weeks' });
    expect(a!.text).toBe('Do it');
    expect(b!.dates).toMatchObject({ done: '2026-05-22', due: '2026-05-21' });
    expect(b!.checked).toBe(true);
    expect(c!.dates.due).toBe('2026-06-01');
    expect(slice(c!.dates.all[0]!.range)).toBe('2026-06-01');
    expect(c!.text).toBe('Todo');
  });

  it('reports task dates that are not real dates at their exact place', () => {
    const { parsed, slice } = check('- [ ] A 📅 2026-13-01\n- [ ] B [due:: tomorrow]\n- [ ] C due:2026-02-30\n');
    expect(parsed.problems.map((p) => [p.code, slice(p.range)])).toEqual([
      ['invalid-date', '2026-13-01'],
      ['invalid-date', 'tomorrow'],
      ['invalid-date', '2026-02-30'],
    ]);
    expect(parsed.tasks.map((t) => t.dates.due ?? null)).toEqual([null, null, null]);
  });

  it('keeps positions right in CRLF and BOM files', () => {
    const { parsed, slice } = check('\uFEFF---\r\nname: A\r\n---\r\n- [ ] T 📅 2026-05-21\r\n- 2026-05-18 [[B]]\r\n');
    expect(parsed.tasks[0]!.line).toBe(3);
    expect(slice(parsed.tasks[0]!.dates.all[0]!.range)).toBe('2026-05-21');
    expect(slice(parsed.links[0]!.range)).toBe('[[B]]');
    expect(parsed.logEntries[0]!.line).toBe(4);
  });
});

describe('frontmatter', () => {
  it('keeps dates as strings and gives each value its range', () => {
    const text = '---\nmet: 2026-05-18\ncount: 3\nok: true\ntags: [a, b]\n---\nBody\n';
    const { parsed, slice } = check(text);
    const fields = Object.fromEntries(parsed.frontmatter.fields.map((f) => [f.key, [f.value, slice(f.valueRange)]]));
    expect(fields).toEqual({ met: ['2026-05-18', '2026-05-18'], count: [3, '3'], ok: [true, 'true'], tags: [['a', 'b'], '[a, b]'] });
  });

  it('never runs code: ---js frontmatter is reported and ignored', () => {
    (globalThis as Record<string, unknown>).__rapportPwned = undefined;
    const { parsed, slice } = check('---js\n({ name: (globalThis.__rapportPwned = 1) })\n---\nBody [[A]]\n');
    expect((globalThis as Record<string, unknown>).__rapportPwned).toBeUndefined();
    expect(parsed.frontmatter.fields).toEqual([]);
    expect(parsed.problems.map((p) => [p.code, slice(p.range)])).toEqual([['invalid-frontmatter', '---js']]);
    expect(parsed.links.map((l) => l.target)).toEqual(['A']);
  });

  it('reports invalid YAML, a list instead of fields, and a fence never closed, with lines', () => {
    const bad = check('---\nname: [unclosed\n---\n');
    expect(bad.parsed.problems[0]!.code).toBe('invalid-frontmatter');
    expect(bad.parsed.problems[0]!.range.start.line).toBeGreaterThanOrEqual(1);
    const list = check('---\n- a\n- b\n---\n');
    expect(list.parsed.problems.map((p) => [p.code, p.message])).toEqual([['invalid-frontmatter', 'Frontmatter must be fields (key: value), but it is a list.']]);
    const open = check('---\nname: A\n');
    expect(open.parsed.problems.map((p) => [p.code, p.range.start.line])).toEqual([['invalid-frontmatter', 0]]);
  });

  it('does not give __proto__ keys any power', () => {
    const { parsed } = check('---\n__proto__:\n  polluted: yes\nconstructor: x\n---\n');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parsed.frontmatter.fields.map((f) => f.key)).toEqual(['__proto__', 'constructor']);
  });

  it('stops a YAML alias bomb with a diagnostic', () => {
    const bomb = ['---', 'a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 9; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`);
    bomb.push('---', '');
    const { parsed } = check(bomb.join('\n'));
    expect(parsed.problems.some((p) => p.code === 'invalid-frontmatter')).toBe(true);
  });
});
