import { describe, expect, it } from 'vitest';
import { parseDate } from '../dates.js';
import { loadFixture } from '../testing.js';
import { hoverAt } from './hover.js';

const TODAY = parseDate('2026-11-25')!;

/** The hover text of the first link to `name` in journal/a.md. */
async function check(lastContact: string, name = 'Ana Ruiz'): Promise<string> {
  const { ws } = await loadFixture(`
//- people/ana.md
---
name: Ana Ruiz
last_contact: ${lastContact}
---
//- journal/a.md
See [[${name}]].
`);
  const note = ws.get('journal/a.md')!;
  return hoverAt(ws.analysis(), note.path, note.lines.positionAt(note.text.indexOf(name)), TODAY)!.markdown;
}

describe('hover on a person link: the last contact in words, as the side bar says it', () => {
  it('today, yesterday, N days ago', async () => {
    expect(await check('2026-11-25')).toContain('Last contact: 2026-11-25 (today)');
    expect(await check('2026-11-24')).toContain('Last contact: 2026-11-24 (yesterday)');
    expect(await check('2026-11-20')).toContain('Last contact: 2026-11-20 (5 days ago)');
  });
});

describe('hover on a person link: the next follow-up', () => {
  it('gives its date once: in brackets when the words do not already say it', async () => {
    const { ws } = await loadFixture(`
//- people/ana.md
---
name: Ana Ruiz
last_contact: 2026-11-20
cadence: 6 months
---
//- people/ben.md
---
name: Ben Ode
last_contact: 2026-11-20
cadence: 10 days
---
//- journal/a.md
See [[Ana Ruiz]] and [[Ben Ode]].
`);
    const note = ws.get('journal/a.md')!;
    const hover = (name: string) => hoverAt(ws.analysis(), note.path, note.lines.positionAt(note.text.indexOf(name)), TODAY)!.markdown;
    const ana = hover('Ana Ruiz');
    expect(ana).toMatch(/Next: .* — cadence on 2027-05-20$/m);
    expect(ana.match(/2027-05-20/g)).toHaveLength(1);
    expect(hover('Ben Ode')).toMatch(/Next: .* — cadence in 5 d \(2026-11-30\)$/m);
  });
});
