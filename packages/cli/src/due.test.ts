import { describe, expect, it } from 'vitest';
import { fixtureWorkspace, run } from './test-helpers.js';

const NOTES = `
  //- rapport.yaml
  today: 2026-11-25
  upcoming: 7 days
  //- people/ann.md
  ---
  name: Ann Lee
  aliases: [Dr. Lee]
  follow_up: 2026-11-20
  next_action: Send the CV
  ---
  - [ ] Book the mock interview 📅 2026-12-15
  //- people/bo.md
  ---
  name: Bo Chen
  met: 2026-11-25
  ---
  //- people/lee-two.md
  ---
  name: Lee Two
  aliases: [Dr. Lee]
  ---
  //- programs/north.md
  ---
  name: North Psychiatry
  stage: target
  deadline: 2026-11-30
  ---
  //- journal/day.md
  - [ ] Email [[Ann Lee]] and [[Bo Chen]] the slides 📅 2026-11-26
`;

/** Runs `rapport due --json` on the notes above with extra flags; returns compact rows. */
function check(...args: string[]) {
  const dir = fixtureWorkspace(NOTES);
  const r = run(['due', dir, '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  const json = JSON.parse(r.stdout) as { today: string; followUps: { kind: string; status: string; due: string; entity: string | null }[] };
  return { json, rows: json.followUps.map((f) => `${f.due} ${f.status} ${f.kind} ${f.entity}`) };
}

describe('rapport due', () => {
  it('json: exactly the contract of the foundation issue, sorted by due date', () => {
    const { json, rows } = check();
    expect(json.today).toBe('2026-11-25');
    expect(Object.keys(json)).toEqual(['today', 'followUps']);
    expect(json.followUps[0]).toEqual({
      kind: 'next-action', status: 'overdue', due: '2026-11-20', daysLate: 5, entity: 'ann', name: 'Ann Lee',
      file: 'people/ann.md', line: 4, text: 'Send the CV',
    });
    expect(rows).toEqual([
      '2026-11-20 overdue next-action ann',
      '2026-11-26 upcoming task ann',
      '2026-11-28 upcoming thank-you bo',
      '2026-11-30 upcoming deadline north',
    ]);
  });

  it('--within widens (or narrows) the upcoming window', () => {
    expect(check('--within', '3 weeks').rows).toContain('2026-12-15 upcoming task ann');
    expect(check('--within', '1d').rows).toEqual(['2026-11-20 overdue next-action ann', '2026-11-26 upcoming task ann']);
  });

  it('--all adds follow-ups due later than the window', () => {
    expect(check('--all').rows.at(-1)).toBe('2026-12-15 later task ann');
  });

  it('--entity keeps what concerns one entity, by name, alias or file name', () => {
    const bo = ['2026-11-26 upcoming task ann', '2026-11-28 upcoming thank-you bo'];
    expect(check('--entity', 'Bo Chen').rows).toEqual(bo);
    expect(check('--entity', 'bo').rows).toEqual(bo);
    expect(check('--entity', 'north psychiatry').rows).toEqual(['2026-11-30 upcoming deadline north']);
  });

  it('--entity: an ambiguous name exits 2 and lists the candidates', () => {
    const dir = fixtureWorkspace(NOTES);
    const r = run(['due', dir, '--entity', 'dr. lee']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "rapport: 'dr. lee' names 2 notes; use one of these names or paths:\n  Ann Lee (people/ann.md)\n  Lee Two (people/lee-two.md)\nUsage: rapport due [options] [dir]\nRun 'rapport due --help' for details.\n",
    );
  });

  it('--entity: an unknown name exits 2 and suggests near names', () => {
    const dir = fixtureWorkspace(NOTES);
    const r = run(['due', dir, '--entity', 'Lee']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 3)).toEqual(["rapport: no note is named 'Lee'. Did you mean:", '  Ann Lee (people/ann.md)', '  Lee Two (people/lee-two.md)']);
    expect(run(['due', dir, '--entity', 'Zed']).stderr.split('\n')[0]).toBe("rapport: no note is named 'Zed'.");
  });

  it('--kind keeps one kind of follow-up', () => {
    expect(check('--kind', 'thank-you').rows).toEqual(['2026-11-28 upcoming thank-you bo']);
    expect(check('--kind', 'task', '--all').rows).toEqual(['2026-11-26 upcoming task ann', '2026-12-15 later task ann']);
  });

  it('text: an agenda grouped Overdue / Today / Upcoming with days, who, what and where', () => {
    const dir = fixtureWorkspace(NOTES);
    const r = run(['due', dir, '--today', '2026-11-26']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Follow-ups for 2026-11-26',
        '',
        'Overdue (1)',
        '  6 d late   2026-11-20  Ann Lee          next-action Send the CV  people/ann.md:4',
        '',
        'Today (1)',
        '  today      2026-11-26  Ann Lee          task        Email Ann Lee and Bo Chen the slides  journal/day.md:1',
        '',
        'Upcoming (2)',
        '  in 2 d     2026-11-28  Bo Chen          thank-you   Send a thank-you to Bo Chen (met 2026-11-25)  people/bo.md:3',
        '  in 4 d     2026-11-30  North Psychiatry deadline    Application deadline: North Psychiatry  programs/north.md:4',
        '',
      ].join('\n'),
    );
  });

  it('text: says so when nothing is due', () => {
    const dir = fixtureWorkspace('//- people/x.md\nhello\n');
    expect(run(['due', dir, '--today', '2026-11-25']).stdout).toBe('Follow-ups for 2026-11-25\n\nNothing due. You are all caught up.\n');
  });
});
