import { describe, expect, it } from 'vitest';
import { loadFixture } from './testing.js';
import { parseDate } from './dates.js';
import type { FollowUp } from './followups.js';

/** Loads a fixture and returns its follow-ups on `today` as compact rows. */
async function check(source: string, today = '2026-11-25', all = false) {
  const { ws } = await loadFixture(source);
  const list = ws.analysis().followUps(parseDate(today)!);
  return list
    .filter((f) => all || f.status !== 'later')
    .map((f: FollowUp) => ({ kind: f.kind, who: f.entity?.id ?? null, due: f.due, status: f.status, late: f.daysLate }));
}

describe('task follow-ups', () => {
  it('quote the task\'s words in their message, and say only "Task" when the line has none', async () => {
    const { ws } = await loadFixture(`
      //- people/ann.md
      ---
      name: Ann Lee
      ---
      - [ ] Send the abstract 📅 2026-11-20
      - [ ] 🔁 every week 📅 2026-11-21
    `);
    const messages = ws.analysis().followUps(parseDate('2026-11-25')!).map((f) => f.message);
    expect(messages).toEqual(['Task "Send the abstract" (Ann Lee) overdue by 5 days — due 2026-11-20', 'Task (Ann Lee) overdue by 4 days — due 2026-11-21']);
  });

  it('reads due dates in all three syntaxes and skips done, cancelled and undated tasks', async () => {
    const rows = await check(`
      //- people/ann.md
      - [ ] Emoji task 📅 2026-11-20
      - [ ] Dataview task [due:: 2026-11-26]
      - [ ] Todo.txt task due:2026-11-25
      - [x] Done task 📅 2026-11-01 ✅ 2026-11-02
      - [ ] Cancelled task 📅 2026-11-01 ❌ 2026-11-03
      - [ ] Scheduled only ⏳ 2026-11-01
      - [ ] No date at all
    `);
    expect(rows).toEqual([
      { kind: 'task', who: 'ann', due: '2026-11-20', status: 'overdue', late: 5 },
      { kind: 'task', who: 'ann', due: '2026-11-25', status: 'due-today', late: 0 },
      { kind: 'task', who: 'ann', due: '2026-11-26', status: 'upcoming', late: -1 },
    ]);
  });

  it("gives a plain note's task to the first person it links, and to every person it links", async () => {
    const { ws } = await loadFixture(`
      //- people/ann.md
      Ann
      //- people/bob.md
      Bob
      //- journal/day.md
      - [ ] Email [[Bob]] and [[Ann]] 📅 2026-11-24
      - [ ] Book a room 📅 2026-11-24
    `);
    const f = ws.analysis().followUps(parseDate('2026-11-25')!);
    expect(f.map((x) => [x.entity?.id ?? null, x.people])).toEqual([
      ['bob', ['bob', 'ann']],
      [null, []],
    ]);
  });

  it('upcoming means within the configured window; later ones show only when asked', async () => {
    const src = `
      //- rapport.yaml
      upcoming: 2 days
      //- people/ann.md
      - [ ] In two days 📅 2026-11-27
      - [ ] In three days 📅 2026-11-28
    `;
    expect((await check(src)).map((r) => r.due)).toEqual(['2026-11-27']);
    expect((await check(src, '2026-11-25', true)).map((r) => r.status)).toEqual(['upcoming', 'later']);
  });
});

describe('next action', () => {
  it('uses follow_up as the due date and next_action as the text', async () => {
    const { ws } = await loadFixture(`
      //- people/ann.md
      ---
      next_action: Send the poster
      follow_up: 2026-11-25
      ---
    `);
    const [f] = ws.analysis().followUps(parseDate('2026-11-25')!);
    expect(f).toMatchObject({ kind: 'next-action', status: 'due-today', text: 'Send the poster', due: '2026-11-25' });
    expect(f!.range.start.line).toBe(2);
  });
});

describe('thank-you', () => {
  const base = (extra = '', body = '') => `
    //- people/kevin.md
    ---
    name: Dr. Kevin Brandt
    met: 2026-11-20
    ${extra}
    ---
    ${body}
  `;

  it('is due thank_you_within days after meeting, with a message naming the meeting', async () => {
    const { ws } = await loadFixture(base());
    const [f] = ws.analysis().followUps(parseDate('2026-11-25')!);
    expect(f).toMatchObject({ kind: 'thank-you', due: '2026-11-23', status: 'overdue', daysLate: 2 });
    expect(f!.message).toBe('Thank-you to Dr. Kevin Brandt overdue by 2 days — met 2026-11-20');
  });

  it('is gone once any interaction after the meeting is logged', async () => {
    expect(await check(base('', '- 2026-11-21 Sent a thank-you note'))).toEqual([]);
    // An entry on the day of the meeting is the meeting itself.
    expect((await check(base('', '- 2026-11-20 Met at the poster session'))).map((r) => r.kind)).toEqual(['thank-you']);
  });

  it('counts a ticked task with a done date as the contact', async () => {
    expect(await check(base('', '- [x] Send thank-you email ✅ 2026-11-22'))).toEqual([]);
  });

  it('follows thank_you_within from the config and is held back by snooze_until', async () => {
    const rows = await check(`
    //- rapport.yaml
    thank_you_within: 2 days
    ${base()}`);
    expect(rows[0]).toMatchObject({ due: '2026-11-22', late: 3 });
    expect(await check(base('snooze_until: 2026-11-30'))).toEqual([]);
    expect((await check(base('snooze_until: 2026-11-25'))).map((r) => r.kind)).toEqual(['thank-you']);
  });
});

describe('cadence', () => {
  it('counts from the effective last contact: the latest of last_contact and logged interactions up to today', async () => {
    const rows = await check(`
      //- people/ann.md
      ---
      cadence: 1 month
      last_contact: 2026-09-01
      ---
      - 2026-10-20 Coffee
      - 2026-12-20 Planned lunch, logged ahead of time
    `);
    expect(rows).toEqual([{ kind: 'cadence', who: 'ann', due: '2026-11-20', status: 'overdue', late: 5 }]);
  });

  it('falls back to met when nothing was ever logged', async () => {
    const rows = await check(`
      //- people/ann.md
      ---
      cadence: 2w
      met: 2026-11-01
      snooze_until: 2026-11-10
      ---
      - 2026-11-01 We met
    `);
    // The entry on the met date is an interaction on that date, so both bases agree; nothing
    // after the meeting was logged, so the thank-you is still owed.
    expect(rows).toEqual([
      { kind: 'thank-you', who: 'ann', due: '2026-11-04', status: 'overdue', late: 21 },
      { kind: 'cadence', who: 'ann', due: '2026-11-15', status: 'overdue', late: 10 },
    ]);
  });

  it('takes the shortest matching default from the config: tag, mentor kind, or `mentor` for any mentor', async () => {
    const rows = await check(`
      //- rapport.yaml
      cadence:
        mentor: 6 months
        research: 2 months
        resident: 3 months
      //- people/ann.md
      ---
      mentor: [research, clinical]
      tags: [resident]
      last_contact: 2026-09-20
      ---
      //- people/bob.md
      ---
      mentor: [clinical]
      last_contact: 2026-05-24
      ---
      //- people/cy.md
      ---
      tags: [friend]
      last_contact: 2020-01-01
      ---
    `);
    expect(rows).toEqual([
      { kind: 'cadence', who: 'ann', due: '2026-11-20', status: 'overdue', late: 5 },
      { kind: 'cadence', who: 'bob', due: '2026-11-24', status: 'overdue', late: 1 },
    ]);
  });

  it("restarts after an interaction logged in another note, but not after links in open tasks, quotes or embeds", async () => {
    const people = `
      //- people/ann.md
      ---
      cadence: 30 days
      last_contact: 2026-10-01
      ---
    `;
    const late = await check(`${people}
      //- journal/a.md
      - [ ] 2026-11-20 Call [[Ann]] 📅 2026-12-30
      > - 2026-11-20 Quoted [[Ann]]
      - 2026-11-20 Saw ![[Ann]]
      - Undated mention of [[Ann]]
    `);
    expect(late.map((r) => r.due)).toEqual(['2026-10-31']);
    const fresh = await check(`${people}
      //- journal/b.md
      - 2026-11-20 Lunch with [[Ann|Dr. A]]
    `);
    expect(fresh).toEqual([]);
  });

  it('a dated heading counts as an interaction with every person linked in its section', async () => {
    const rows = await check(`
      //- people/ann.md
      ---
      cadence: 30 days
      last_contact: 2026-10-01
      ---
      //- people/bob.md
      ---
      cadence: 30 days
      last_contact: 2026-10-01
      ---
      //- journal/panel.md
      ## 2026-11-20 Residents' panel
      Talked with [[Ann]] about research.
      ### Notes
      - follow the thread with [[ann]]
      ## Other
      Thinking about [[Bob]].
    `);
    expect(rows.map((r) => r.who)).toEqual(['bob']);
  });

  it('months are calendar months clamped at the month end', async () => {
    const rows = await check(`
      //- people/ann.md
      ---
      cadence: 1 month
      last_contact: 2026-01-31
      ---
    `, '2026-03-01');
    expect(rows[0]).toMatchObject({ due: '2026-02-28', late: 1 });
  });
});

describe('program deadlines', () => {
  it('count while the stage is researching or target (or not set yet)', async () => {
    const rows = await check(`
      //- programs/a.md
      ---
      stage: target
      deadline: 2026-11-30
      ---
      //- programs/b.md
      ---
      stage: applied
      deadline: 2026-11-20
      ---
      //- programs/c.md
      ---
      stage: researching
      deadline: 2026-11-24
      ---
      //- programs/d.md
      ---
      deadline: 2026-11-26
      ---
    `);
    expect(rows.map((r) => [r.who, r.status])).toEqual([
      ['c', 'overdue'],
      ['d', 'upcoming'],
      ['a', 'upcoming'],
    ]);
  });
});

describe('ordering', () => {
  it('sorts by due date', async () => {
    const rows = await check(`
      //- people/b.md
      - [ ] late 📅 2026-11-10
      //- people/a.md
      - [ ] later 📅 2026-11-24
      - [ ] earliest 📅 2026-11-01
    `);
    expect(rows.map((r) => r.due)).toEqual(['2026-11-01', '2026-11-10', '2026-11-24']);
  });

  it('orders equal due dates by file, then line, whatever order the notes and tasks come in', async () => {
    const { ws } = await loadFixture(`
      //- people/b.md
      - [ ] b second 📅 2026-11-20
      - [ ] b first 📅 2026-11-10
      - [ ] b third 📅 2026-11-20
      //- journal/day.md
      - [ ] journal 📅 2026-11-20 [[a]]
      //- people/a.md
      ---
      follow_up: 2026-11-20
      next_action: write
      ---
      - [ ] a task 📅 2026-11-20
      //- people/ab.md
      - [ ] ab 📅 2026-11-20
    `);
    const list = ws.analysis().followUps(parseDate('2026-11-25')!);
    expect(list.map((f) => `${f.due} ${f.path}:${f.line} ${f.kind}`)).toEqual([
      '2026-11-10 people/b.md:1 task',
      '2026-11-20 journal/day.md:0 task',
      '2026-11-20 people/a.md:1 next-action',
      '2026-11-20 people/a.md:4 task',
      '2026-11-20 people/ab.md:0 task',
      '2026-11-20 people/b.md:0 task',
      '2026-11-20 people/b.md:2 task',
    ]);
  });
});
