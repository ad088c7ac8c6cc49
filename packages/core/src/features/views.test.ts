import { describe, expect, it } from 'vitest';
import { loadFixture } from '../testing.js';
import { parseDate } from '../dates.js';
import { entitiesGrouped, eventsView, followUpsByStatus, programsByStage } from './views.js';
import { documentSymbols, workspaceSymbols } from './symbols.js';
import { personSummary, describeDue } from './lens.js';
import { hoverAt } from './hover.js';

const TODAY = parseDate('2026-11-25')!;

const NET = `
//- people/ana.md
---
name: Ana Ruiz
role: Resident
organization: ["[[Lakeshore]]", "Somewhere Else"]
tags: [Resident, apa]
mentor: [near-peer, research]
met_at: "[[APA 2026]]"
last_contact: 2026-11-20
follow_up: 2026-11-30
next_action: Send poster
---
# Ana

## 2026-11-20 Poster session
Talked.

## Tasks
- [ ] Email [[Ana Ruiz]] 📅 2026-11-10
- [x] Thank her ✅ 2026-11-21
//- people/bo.md
---
name: Bo
---
//- organizations/lakeshore.md
---
type: organization
name: Lakeshore
---
//- programs/lakeshore-psych.md
---
type: program
organization: "[[Lakeshore]]"
stage: applied
---
//- programs/other.md
---
type: program
---
//- events/apa-2026.md
---
type: event
name: APA 2026
date: 2026-05-16
goals: [Meet PDs]
---
//- events/someday.md
---
type: event
---
`;

describe('views', () => {
  it('groups people by organization (unresolved names too), tag, mentor kind; every entity by type', async () => {
    const { ws } = await loadFixture(NET);
    const a = ws.analysis();
    const by = (g: Parameters<typeof entitiesGrouped>[2]) => entitiesGrouped(a, TODAY, g).map((x) => [x.label, x.items.map((i) => i.id)]);
    expect(by('organization')).toEqual([['Lakeshore', ['ana']], ['Somewhere Else', ['ana']], ['No organization', ['bo']]]);
    expect(by('tag')).toEqual([['#apa', ['ana']], ['#resident', ['ana']], ['No tags', ['bo']]]);
    expect(by('mentor')).toEqual([['near-peer', ['ana']], ['research', ['ana']]]);
    expect(by('type').map((g) => g[0])).toEqual(['People', 'Organizations', 'Programs', 'Events']);
    const ana = entitiesGrouped(a, TODAY, 'type')[0]!.items.find((i) => i.id === 'ana')!;
    expect(ana).toMatchObject({ lastContact: '2026-11-21', daysSinceContact: 4, next: { kind: 'task', status: 'overdue', daysLate: 15 } });
  });

  it('lists programs by stage with the people there, and events newest first with who was met', async () => {
    const { ws } = await loadFixture(NET);
    const a = ws.analysis();
    const stages = programsByStage(a);
    expect(stages.map((s) => s.stage)).toEqual(['researching', 'target', 'applied', 'interview', 'ranked', 'matched', 'declined', '']);
    expect(stages[2]!.programs.map((p) => [p.id, p.organization, p.people.map((x) => x.id)])).toEqual([['lakeshore-psych', 'Lakeshore', ['ana']]]);
    expect(stages[7]!.programs.map((p) => p.id)).toEqual(['other']);
    expect(eventsView(a).map((e) => [e.id, e.met.map((m) => m.id), e.goals])).toEqual([['apa-2026', ['ana'], ['Meet PDs']], ['someday', [], []]]);
    expect(followUpsByStatus(a, TODAY, ['overdue', 'upcoming']).map((g) => [g.label, g.count])).toEqual([['Overdue', 1], ['Upcoming', 1]]);
  });

  it('outlines a note, finds entities fuzzily, and sums a person up in one line', async () => {
    const { ws } = await loadFixture(NET);
    const a = ws.analysis();
    const outline = documentSymbols(ws.get('people/ana.md')!);
    expect(outline.map((s) => [s.name, s.children.map((c) => [c.name, c.children.map((x) => x.name)])])).toEqual([
      ['Ana', [['2026-11-20 Poster session', []], ['Tasks', ['☐ Email Ana Ruiz', '☑ Thank her']]]],
    ]);
    expect(workspaceSymbols(a, 'lkps').map((s) => s.path)).toEqual(['programs/lakeshore-psych.md']);
    expect(personSummary(a, a.entity('ana')!, TODAY)).toBe('Last contact 4 days ago · next: task overdue 15 d');
    expect(personSummary(a, a.entity('bo')!, TODAY)).toBe('No contact logged · nothing due');
    expect(describeDue({ kind: 'cadence', status: 'upcoming', daysLate: -3, due: '2026-11-28' })).toBe('cadence in 3 d');
    const note = ws.get('people/ana.md')!;
    const h = hoverAt(a, note.path, note.lines.positionAt(note.text.indexOf('Lakeshore')), TODAY)!;
    expect(h.markdown).toContain('**Lakeshore** · organization');
  });
});
