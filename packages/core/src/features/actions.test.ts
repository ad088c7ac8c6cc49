import { describe, expect, it } from 'vitest';
import { loadFixture } from '../testing.js';
import { parseDate } from '../dates.js';
import { applyEdits } from '../edits.js';
import { codeActions } from './actions.js';
import { diagnosticsByPath } from './diagnostics.js';

const TODAY = parseDate('2026-11-25')!;

/** Code actions on the line with `$0`, given that note's diagnostics; returns titles and the edited texts. */
async function check(source: string) {
  const { ws, fixture } = await loadFixture(source);
  const c = fixture.cursor!;
  const diags = diagnosticsByPath(ws.analysis(), TODAY).get(c.path)!.filter((d) => d.range.start.line <= c.position.line && c.position.line <= d.range.end.line);
  const actions = codeActions(ws.analysis(), c.path, { start: c.position, end: c.position }, diags, TODAY);
  return actions.map((a) => ({
    title: a.title,
    fixes: a.fixes,
    texts: Object.fromEntries([...a.edit.changes].map(([p, e]) => [p, applyEdits(ws.get(p)!.text, e)])),
    create: a.edit.create,
  }));
}

describe('code actions', () => {
  it('marks a recurring task done (next occurrence included) and snoozes it, keeping CRLF', async () => {
    const r = await check('//- people/a.md\n---\r\ntype: person\r\n---\r\n- [ ] Call$0 🔁 every week 📅 2026-11-20\r\n');
    expect(r.map((x) => x.title)).toEqual(['Mark task done', 'Snooze task 1 day', 'Snooze task 1 week']);
    expect(r[0]!.fixes).toEqual(['overdue']);
    expect(r[0]!.texts['people/a.md']).toBe('---\r\ntype: person\r\n---\r\n- [ ] Call 🔁 every week 📅 2026-11-27\r\n- [x] Call 🔁 every week 📅 2026-11-20 ✅ 2026-11-25\r\n');
    expect(r[1]!.texts['people/a.md']).toContain('📅 2026-11-26\r\n');
  });

  it('on a cadence reminder: log contact today, or snooze the person', async () => {
    const r = await check('//- people/a.md\n---\ntype: person\nname: A\ncadence: 1 month$0\nlast_contact: 2026-09-01\n---\n\n## Log\n\n- 2026-09-01 Lunch\n');
    expect(r.map((x) => [x.title, x.fixes])).toEqual([
      ['Log contact today (2026-11-25)', ['overdue']],
      ['Snooze reminders for 1 week', ['overdue']],
      ['Snooze reminders for 1 month', ['overdue']],
    ]);
    expect(r[0]!.texts['people/a.md']).toMatch(/- 2026-09-01 Lunch\n- 2026-11-25 Kept in touch\n$/);
    expect(r[2]!.texts['people/a.md']).toContain('last_contact: 2026-09-01\nsnooze_until: 2026-12-25\n---');
  });

  it('on a broken link in a field: create the note from the template of the likely type', async () => {
    const r = await check('//- people/a.md\n---\ntype: person\nmet_at: "[[APA 2027$0]]"\n---\n');
    expect(r.map((x) => x.title)).toEqual(['Create event note events/apa-2027.md', 'Create organization note organizations/apa-2027.md']);
    expect(r[0]!.create[0]!.text).toContain('type: event');
    expect(r[0]!.create[0]!.text).toContain('name: "APA 2027"');
  });

  it('on an invalid date: the nearest real date when there is one, nothing otherwise', async () => {
    const r = await check('//- people/a.md\n---\ntype: person\nmet: 2026-02-30$0\nfollow_up: 2026-13-01\n---\n');
    expect(r.map((x) => x.title)).toEqual(['Change to 2026-02-28']);
    expect(r[0]!.texts['people/a.md']).toContain('met: 2026-02-28\nfollow_up: 2026-13-01\n');
    expect(await check('//- people/a.md\n---\ntype: person\nmet: 2026-02-30\nfollow_up: 2026-13-01$0\n---\n')).toEqual([]);
  });
});
