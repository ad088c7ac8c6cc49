import { describe, expect, it } from 'vitest';
import { parseDate } from '../dates.js';
import { loadFixture } from '../testing.js';
import { personLens } from './lens.js';

const TODAY = parseDate('2026-11-25')!;

const NOTES = `
  //- rapport.yaml
  cadence:
    mentor: 6 months
  //- people/kevin.md
  ---
  name: Dr. Kevin Brandt
  met: 2026-11-20
  ---
  # Dr. Kevin Brandt

  ## Tasks

  - [ ] Send my CV and the two letters of recommendation Dr. Brandt asked for 📅 2026-11-22
  - [ ] Later task 📅 2027-03-01
  //- people/maria.md
  ---
  name: Maria Lopez
  mentor: [clinical]
  last_contact: 2026-01-10
  ---
  //- people/ray.md
  ---
  name: Ray Resident
  last_contact: 2026-11-20
  ---
  //- journal/2026-11-24.md
  - [ ] Ask [[Ray Resident]] about the call schedule 📅 2026-11-27
`;

describe('personLens', () => {
  it('lists the follow-ups due and offers the edit that settles the first one first', async () => {
    const { ws } = await loadFixture(NOTES);
    const a = ws.analysis();
    const kevin = personLens(a, a.entity('kevin')!, TODAY);
    expect(kevin.title).toBe('No contact logged · next: task overdue 3 d');
    expect(kevin.message).toBe(
      'Dr. Kevin Brandt — No contact logged. task overdue 3 d: Send my CV and the two letters of recommendation Dr. Brandt asked for; thank-you overdue 2 d: Send a thank-you to Dr. Kevin Brandt (met 2026-11-20).',
    );
    expect(kevin.actions).toEqual([
      { kind: 'mark-done', title: 'Mark done: Send my CV and the two letters of recom…', line: 8 },
      { kind: 'log-contact', title: 'Log contact today (2026-11-25)' },
      { kind: 'snooze', title: 'Snooze reminders 1 week', by: '1w' },
    ]);
  });

  it('offers log contact and snooze for a cadence reminder, and only log contact when nothing is due', async () => {
    const { ws } = await loadFixture(NOTES);
    const a = ws.analysis();
    const maria = personLens(a, a.entity('maria')!, TODAY);
    expect(maria.message).toBe('Maria Lopez — Last contact 319 days ago. cadence overdue 138 d: Keep in touch with Maria Lopez (every 6 months).');
    expect(maria.actions.map((x) => x.kind)).toEqual(['log-contact', 'snooze']);
    // Ray's one follow-up is a task in another note: it is listed, but ticked where it lives.
    const ray = personLens(a, a.entity('ray')!, TODAY);
    expect(ray.message).toBe('Ray Resident — Last contact 5 days ago. task in 2 d: Ask Ray Resident about the call schedule.');
    expect(ray.actions.map((x) => x.kind)).toEqual(['log-contact']);
    ws.set('people/ray.md', '---\nname: Ray Resident\n---\n');
    ws.delete('journal/2026-11-24.md');
    const quiet = personLens(ws.analysis(), ws.analysis().entity('ray')!, TODAY);
    expect(quiet).toEqual({ title: 'No contact logged · nothing due', message: 'Ray Resident — No contact logged. Nothing due.', actions: [{ kind: 'log-contact', title: 'Log contact today (2026-11-25)' }] });
  });
});
