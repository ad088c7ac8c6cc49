import { describe, expect, it } from 'vitest';
import type {
  EntitiesResult,
  EventsResult,
  FollowUpItem,
  FollowUpsResult,
  ProgramsResult,
} from '@rapport/language-server/protocol';
import {
  ago,
  commandWarning,
  contactsTree,
  eventsTree,
  followUpActions,
  followUpNode,
  followUpTree,
  lateness,
  logContactArgs,
  markDoneArgs,
  overdueCount,
  snoozeArgs,
  personPick,
  programsTree,
  statusBar,
  type Node,
} from './render.js';

const range = (line: number, from = 0, to = 10) => ({ start: { line, character: from }, end: { line, character: to } });

function followUp(over: Partial<FollowUpItem> & Pick<FollowUpItem, 'kind' | 'status' | 'daysLate'>): FollowUpItem {
  return {
    id: `${over.kind}:x`,
    due: '2026-11-20',
    people: [],
    text: 'Do it',
    message: 'Do it overdue',
    uri: 'file:///ws/people/x.md',
    range: range(3),
    ...over,
  };
}

const kevin = followUp({
  id: 'thank-you:kevin-brandt',
  kind: 'thank-you',
  status: 'overdue',
  due: '2026-11-23',
  daysLate: 2,
  entityId: 'kevin-brandt',
  entityName: 'Dr. Kevin Brandt',
  entityType: 'person',
  people: ['kevin-brandt'],
  text: 'Send a thank-you to Dr. Kevin Brandt (met 2026-11-20)',
  message: 'Thank-you to Dr. Kevin Brandt overdue by 2 days — met 2026-11-20',
  uri: 'file:///ws/people/kevin-brandt.md',
  range: range(9, 5, 15),
});

const hannahTask = followUp({
  id: 'task:people/hannah-cho.md:send-cv',
  kind: 'task',
  status: 'overdue',
  due: '2026-11-18',
  daysLate: 7,
  entityId: 'hannah-cho',
  entityName: 'Dr. Hannah Cho',
  entityType: 'person',
  people: ['hannah-cho'],
  text: 'Send updated CV to Dr. Cho',
  uri: 'file:///ws/people/hannah-cho.md',
  range: range(21, 0, 60),
});

const marcus = followUp({
  id: 'next-action:marcus-bell',
  kind: 'next-action',
  status: 'due-today',
  due: '2026-11-25',
  daysLate: 0,
  entityName: 'Dr. Marcus Bell',
  entityType: 'person',
  text: 'Send a short letter of interest',
});

const northfield = followUp({
  id: 'deadline:northfield-psychiatry',
  kind: 'deadline',
  status: 'upcoming',
  due: '2026-11-30',
  daysLate: -5,
  entityName: 'Northfield Psychiatry',
  entityType: 'program',
  text: 'Application deadline: Northfield Psychiatry',
});

const agenda: FollowUpsResult = {
  today: '2026-11-25',
  groups: [
    { status: 'overdue', label: 'Overdue', count: 2, items: [hannahTask, kevin] },
    { status: 'due-today', label: 'Due today', count: 1, items: [marcus] },
    { status: 'upcoming', label: 'Upcoming', count: 1, items: [northfield] },
  ],
};

describe('words', () => {
  it('says how late, from the server daysLate', () => {
    expect(lateness(7)).toBe('7 days late');
    expect(lateness(1)).toBe('1 day late');
    expect(lateness(0)).toBe('due today');
    expect(lateness(-1)).toBe('in 1 day');
    expect(lateness(-5)).toBe('in 5 days');
  });
  it('says how long ago', () => {
    expect(ago(0)).toBe('today');
    expect(ago(1)).toBe('yesterday');
    expect(ago(54)).toBe('54 days ago');
  });
});

describe('follow-ups view', () => {
  it('has one group per status with its count, overdue first, expanded', () => {
    const tree = followUpTree(agenda);
    expect(tree.map((g) => [g.label, g.description, g.expanded])).toEqual([
      ['Overdue', '2', true],
      ['Due today', '1', true],
      ['Upcoming', '1', true],
    ]);
    expect(tree[0]!.children!.map((c) => c.label)).toEqual(['Dr. Hannah Cho', 'Dr. Kevin Brandt']);
  });

  it('shows who, what and how late, and opens the exact range', () => {
    const n = followUpNode(kevin);
    expect(n.label).toBe('Dr. Kevin Brandt');
    expect(n.description).toBe('2 days late · Send a thank-you to Dr. Kevin Brandt (met 2026-11-20)');
    expect(n.tooltip).toContain('Thank-you to Dr. Kevin Brandt overdue by 2 days');
    expect(n.tooltip).toContain('Due 2026-11-23');
    expect(n.open).toEqual({ uri: 'file:///ws/people/kevin-brandt.md', range: range(9, 5, 15) });
    expect(n.icon).toBe('warning');
    expect(n.iconColor).toBe('list.warningForeground');
    expect(n.followUp).toBe(kevin);
  });

  it('names the people when the follow-up has no entity', () => {
    const n = followUpNode(followUp({ kind: 'task', status: 'upcoming', daysLate: -2, people: ['owen-mitchell'] }));
    expect(n.label).toBe('owen-mitchell');
    expect(n.description).toBe('in 2 days · Do it');
    expect(n.icon).toBe('tasklist');
  });

  it('offers the actions that fit each kind, in the context value the menus match', () => {
    expect(followUpActions(hannahTask)).toEqual(['markDone', 'snooze']);
    expect(followUpActions(kevin)).toEqual(['logContact', 'snooze']);
    expect(followUpActions(marcus)).toEqual(['logContact']);
    expect(followUpActions(northfield)).toEqual([]);
    const ctx = followUpNode(hannahTask).contextValue!;
    expect(/\bmarkDone\b/.test(ctx)).toBe(true);
    expect(/\blogContact\b/.test(ctx)).toBe(false);
    expect(ctx.split(' ')).toContain('kind-task');
    expect(/\bmarkDone\b/.test(followUpNode(kevin).contextValue!)).toBe(false);
  });

  it('gives stable, unique ids', () => {
    const ids = followUpTree(agenda).flatMap((g) => [g.id, ...g.children!.map((c) => c.id)]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(followUpNode(kevin).id).toBe('followUp:thank-you:kevin-brandt');
  });
});

describe('follow-up actions send the server what it needs', () => {
  it('marks a task done by its note and line', () => {
    expect(markDoneArgs(hannahTask)).toEqual({ uri: 'file:///ws/people/hannah-cho.md', line: 21 });
    expect(markDoneArgs(kevin)).toBeUndefined();
  });

  it('snoozes a task by its line, a reminder by the person note, a deadline not at all', () => {
    expect(snoozeArgs(hannahTask)).toEqual({ uri: 'file:///ws/people/hannah-cho.md', line: 21, by: '1w' });
    expect(snoozeArgs(kevin)).toEqual({ uri: 'file:///ws/people/kevin-brandt.md', by: '1w' });
    expect(snoozeArgs(northfield)).toBeUndefined();
  });

  it('logs contact in the person note, from a follow-up or a contact row', () => {
    expect(logContactArgs(followUpNode(kevin))).toEqual({ uri: 'file:///ws/people/kevin-brandt.md', text: 'Sent a thank-you' });
    expect(logContactArgs(followUpNode(marcus))).toEqual({ uri: 'file:///ws/people/x.md' });
    expect(logContactArgs(followUpNode(hannahTask))).toBeUndefined();
    expect(logContactArgs({ entity: { id: 'a', name: 'A', type: 'person', uri: 'file:///ws/people/a.md' } })).toEqual({ uri: 'file:///ws/people/a.md' });
    expect(logContactArgs({ entity: { id: 'o', name: 'O', type: 'organization', uri: 'file:///ws/o.md' } })).toBeUndefined();
  });

  it('offers in the menu exactly the actions that have arguments', () => {
    for (const f of [hannahTask, kevin, marcus, northfield]) {
      const ctx = followUpNode(f).contextValue!.split(' ');
      expect(ctx.includes('markDone'), f.id).toBe(markDoneArgs(f) !== undefined);
      expect(ctx.includes('snooze'), f.id).toBe(snoozeArgs(f) !== undefined);
      expect(ctx.includes('logContact'), f.id).toBe(logContactArgs(followUpNode(f)) !== undefined);
    }
  });
});

describe('status bar', () => {
  it('shows the overdue count and hides at zero', () => {
    expect(overdueCount(agenda)).toBe(2);
    const sb = statusBar(agenda);
    expect(sb).toMatchObject({ visible: true, text: '$(warning) 2 overdue' });
    expect(sb.tooltip).toContain('2 overdue follow-ups, 1 due today');
    const none: FollowUpsResult = { today: '2026-11-25', groups: [{ status: 'overdue', label: 'Overdue', count: 0, items: [] }] };
    expect(statusBar(none).visible).toBe(false);
    expect(statusBar(undefined).visible).toBe(false);
  });
});

describe('contacts view', () => {
  const contacts: EntitiesResult = {
    groupBy: 'organization',
    today: '2026-11-25',
    groups: [
      {
        key: 'riverside-medical-center',
        label: 'Riverside Medical Center',
        uri: 'file:///ws/organizations/riverside-medical-center.md',
        count: 1,
        items: [
          {
            id: 'elena-vasquez',
            name: 'Dr. Elena Vasquez',
            type: 'person',
            uri: 'file:///ws/people/elena-vasquez.md',
            role: 'Attending psychiatrist',
            organizations: ['Riverside Medical Center'],
            tags: ['mentor'],
            mentor: ['clinical', 'career'],
            lastContact: '2026-10-02',
            daysSinceContact: 54,
          },
        ],
      },
      {
        key: '',
        label: 'No organization',
        count: 1,
        items: [
          {
            id: 'kevin-brandt',
            name: 'Dr. Kevin Brandt',
            type: 'person',
            uri: 'file:///ws/people/kevin-brandt.md',
            organizations: [],
            tags: [],
            mentor: [],
            next: { kind: 'thank-you', status: 'overdue', due: '2026-11-23', daysLate: 2, text: 'Send a thank-you' },
          },
        ],
      },
    ],
  };

  it('groups people with counts, showing role and last contact', () => {
    const tree = contactsTree(contacts);
    expect(tree.map((g) => [g.label, g.description, g.icon])).toEqual([
      ['Riverside Medical Center', '1', 'organization'],
      ['No organization', '1', 'question'],
    ]);
    const elena = tree[0]!.children![0]!;
    expect(elena.label).toBe('Dr. Elena Vasquez');
    expect(elena.description).toBe('contacted 54 days ago · Attending psychiatrist');
    expect(elena.tooltip).toContain('Last contact: 2026-10-02 (54 days ago)');
    expect(elena.tooltip).toContain('Mentor: clinical, career');
    expect(elena.open).toEqual({ uri: 'file:///ws/people/elena-vasquez.md' });
    expect(elena.contextValue).toContain('logContact');
    expect(tree[0]!.contextValue).toContain('hasNote');
  });

  it('marks a person with an overdue follow-up and says when nothing was logged', () => {
    const kev = contactsTree(contacts)[1]!.children![0]!;
    expect(kev.description).toBe('no contact yet');
    expect(kev.iconColor).toBe('list.warningForeground');
    expect(kev.tooltip).toContain('Next: Send a thank-you (2026-11-23, 2 days late)');
  });

  it('keeps ids unique when a person is in two groups', () => {
    const twice: EntitiesResult = {
      ...contacts,
      groupBy: 'tag',
      groups: [
        { key: 'a', label: '#a', count: 1, items: contacts.groups[0]!.items },
        { key: 'b', label: '#b', count: 1, items: contacts.groups[0]!.items },
      ],
    };
    const ids = contactsTree(twice).flatMap((g) => g.children!.map((c) => c.id));
    expect(new Set(ids).size).toBe(2);
    expect(contactsTree(twice)[0]!.icon).toBe('tag');
  });

  it('offers a person in the Log interaction picker', () => {
    expect(personPick(contacts.groups[0]!.items[0]!)).toEqual({
      label: 'Dr. Elena Vasquez',
      description: 'Attending psychiatrist',
      detail: 'Last contact 2026-10-02',
    });
  });
});

describe('programs view', () => {
  const programs: ProgramsResult = {
    stages: [
      { stage: 'researching', label: 'Researching', count: 0, programs: [] },
      {
        stage: 'interview',
        label: 'Interview',
        count: 1,
        programs: [
          {
            id: 'riverside-psychiatry',
            name: 'Riverside Psychiatry Residency',
            type: 'program',
            uri: 'file:///ws/programs/riverside-psychiatry.md',
            stage: 'interview',
            organization: 'Riverside Medical Center',
            imgFriendly: true,
            people: [
              { id: 'marcus-bell', name: 'Dr. Marcus Bell', type: 'person', uri: 'file:///ws/people/marcus-bell.md', role: 'Program Director' },
            ],
          },
        ],
      },
    ],
  };

  it('lists stages with counts and programs with the people known there', () => {
    const tree = programsTree(programs);
    expect(tree.map((s) => [s.label, s.description, s.expanded, s.children!.length])).toEqual([
      ['Researching', '0', false, 0],
      ['Interview', '1', true, 1],
    ]);
    const p = tree[1]!.children![0]!;
    expect(p.description).toBe('Riverside Medical Center · IMG-friendly · 1 contact');
    expect(p.children!.map((c) => [c.label, c.description, c.open?.uri])).toEqual([
      ['Dr. Marcus Bell', 'Program Director', 'file:///ws/people/marcus-bell.md'],
    ]);
  });
});

describe('events view', () => {
  const events: EventsResult = {
    today: '2026-11-25',
    events: [
      {
        id: 'nps-annual-meeting-2027',
        name: 'NPS Annual Meeting 2027',
        type: 'event',
        uri: 'file:///ws/events/nps-annual-meeting-2027.md',
        date: '2027-05-15',
        goals: [],
        met: [],
      },
      {
        id: 'services-2026',
        name: 'NPS Mental Health Services Conference 2026',
        type: 'event',
        uri: 'file:///ws/events/services-2026.md',
        date: '2026-11-19',
        end: '2026-11-21',
        location: 'Chicago, IL',
        attended: true,
        goals: ['Meet two program directors'],
        met: [{ id: 'kevin-brandt', name: 'Dr. Kevin Brandt', type: 'person', uri: 'file:///ws/people/kevin-brandt.md' }],
      },
    ],
  };

  it('shows dates, place, goals and people met', () => {
    const [future, past] = eventsTree(events) as [Node, Node];
    expect(future.description).toBe('2027-05-15 · upcoming');
    expect(future.children).toEqual([]);
    expect(past.description).toBe('2026-11-19 – 2026-11-21 · Chicago, IL');
    expect(past.children!.map((c) => [c.label, c.description])).toEqual([
      ['Goals', '1'],
      ['People met', '1'],
    ]);
    expect(past.children![0]!.children![0]!.label).toBe('Meet two program directors');
    expect(past.children![1]!.children![0]!.open).toEqual({ uri: 'file:///ws/people/kevin-brandt.md' });
  });
});

describe('command results', () => {
  it('warns when nothing changed, and stays quiet when applied or when the user dismissed the choice', () => {
    expect(commandWarning({ applied: true, uri: 'file:///n/people/a.md' })).toBeUndefined();
    expect(commandWarning({ applied: false, cancelled: true, reason: 'no action chosen' })).toBeUndefined();
    expect(commandWarning({ applied: false, reason: 'no open task on line 4' })).toBe('Rapport: nothing changed (no open task on line 4).');
    expect(commandWarning(undefined)).toBe('Rapport: nothing changed.');
  });
});
