import { describe, expect, it } from 'vitest';
import { loadFixture } from './testing.js';
import { parseDate } from './dates.js';
import { exportIcs } from './interchange/ics.js';

// A follow-up's id is the calendar UID of `rapport export ics` ("a stable UID per follow-up") and
// the item id of the editor's views. Two tasks of one note with the same words, or with words in
// a script other than Latin, shared one id (found by the blind CLI hunt: three calendar entries
// with UID task:people/a.md:call-back@rapport, so a calendar kept one of them).
describe('follow-up ids', () => {
  it('are unique, stable for the same notes, and made of any script', async () => {
    const source = `
      //- people/a.md
      - [ ] Call back 📅 2026-03-01
      - [ ] Call back 📅 2026-04-01
      - [ ] call back! 📅 2026-05-01
      - [ ] Позвонить Ивану 📅 2026-05-02
      - [ ] 给王老师打电话 📅 2026-05-03
      - [ ] 📞 📅 2026-05-04
      - [ ] ☎️ 📅 2026-05-05
      //- people/b.md
      - [ ] Call back 📅 2026-03-01
    `;
    const today = parseDate('2026-03-10')!;
    const ids = async () => {
      const { ws } = await loadFixture(source);
      return ws.analysis().followUps(today).map((f) => f.id).sort();
    };
    const first = await ids();
    expect(first).toEqual(
      [
        'task:people/a.md:call-back',
        'task:people/a.md:call-back-2',
        'task:people/a.md:call-back-3',
        'task:people/a.md:позвонить-ивану',
        'task:people/a.md:给王老师打电话',
        'task:people/a.md:',
        'task:people/a.md:-2',
        'task:people/b.md:call-back',
      ].sort(),
    );
    expect(await ids()).toEqual(first);
    const { ws } = await loadFixture(source);
    const uids = exportIcs(ws.analysis(), today).match(/^UID:.*$/gm)!;
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('stay unique when an edit is computed incrementally', async () => {
    const { ws } = await loadFixture(`
      //- people/a.md
      - [ ] Call back 📅 2026-03-01
      - [ ] Call back 📅 2026-04-01
      //- people/b.md
      Bob
    `);
    const today = parseDate('2026-03-10')!;
    ws.analysis().followUps(today);
    ws.set('people/b.md', 'Bob, edited\n');
    expect(ws.analysis().followUps(today).map((f) => f.id)).toEqual(['task:people/a.md:call-back', 'task:people/a.md:call-back-2']);
  });
});
