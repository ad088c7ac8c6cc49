import { describe, expect, it } from 'vitest';
import { loadFixture } from '../testing.js';
import { parseDate } from '../dates.js';
import { BUILT_IN_TEMPLATES } from '../templates.js';
import { completionsAt, resolveDateWord, templateSnippet } from './completion.js';

const TODAY = parseDate('2026-11-25')!; // a Wednesday

const NET = `
//- people/ana.md
---
name: Ana Ruiz
aliases: [Dr. Ruiz]
role: Resident
organization: "[[Lakeshore]]"
tags: [resident, apa]
---
//- organizations/lakeshore.md
---
type: organization
tags: [hospital]
---
`;

/** Completion labels at `$0` in an extra note `journal/x.md`. */
async function check(text: string) {
  const { ws, fixture } = await loadFixture(`${NET}\n//- journal/x.md\n${text}`);
  const c = fixture.cursor!;
  return completionsAt(ws.analysis(), c.path, fixture.files[c.path]!, c.position, TODAY, [...BUILT_IN_TEMPLATES]);
}

describe('completion', () => {
  it('turns date words into ISO dates', () => {
    const d = (w: string) => resolveDateWord(w, TODAY)?.toString();
    expect([d('today'), d('tomorrow'), d('+3d'), d('+2w'), d('+1m'), d('wed'), d('Friday'), d('soon')]).toEqual(['2026-11-25', '2026-11-26', '2026-11-28', '2026-12-09', '2026-12-25', '2026-12-02', '2026-11-27', undefined]);
  });

  it('completes wikilinks with names and aliases, replacing up to an existing ]]', async () => {
    const items = await check('See [[An$0]] later');
    expect(items.map((i) => [i.label, i.insertText, i.detail])).toEqual([
      ['lakeshore', 'lakeshore', 'organization'],
      ['Ana Ruiz', 'Ana Ruiz', 'person · Resident · lakeshore'],
      ['Dr. Ruiz', 'Ana Ruiz|Dr. Ruiz', 'alias of Ana Ruiz · person · Resident · lakeshore'],
    ]);
    expect(items[1]!.range).toEqual({ start: { line: 0, character: 6 }, end: { line: 0, character: 8 } });
  });

  it('completes frontmatter link fields as quoted wikilinks and tags in use, most used first', async () => {
    const org = await check('---\ntype: person\norganization: $0\n---\n');
    expect(org.map((i) => i.insertText)).toContain('"[[lakeshore]]"');
    const tags = await check('---\ntags: [hos$0\n---\n');
    expect(tags.map((i) => i.label)).toEqual(['apa', 'hospital', 'resident']);
    expect(tags[0]!.range.start.character).toBe(7);
  });

  it('completes body tags, log-entry dates, and nothing in plain prose', async () => {
    expect((await check('Note #res$0')).map((i) => i.label)).toContain('resident');
    const entry = await check('- tod$0');
    expect(entry[0]).toMatchObject({ label: 'today → 2026-11-25', insertText: '2026-11-25', range: { start: { line: 0, character: 2 }, end: { line: 0, character: 5 } } });
    expect(await check('Just some prose$0 here')).toEqual([]);
  });

  it('makes snippets of templates: placeholders become tab stops, the date is filled, $ is escaped', () => {
    expect(templateSnippet('name: "{{name}}"\ndate: {{date}}\n# {{name}} costs $5 }', TODAY)).toBe('name: "${1:name}"\ndate: 2026-11-25\n# $1 costs \\$5 \\}');
  });
});
