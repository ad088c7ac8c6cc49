import { describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { loadFixture } from '../testing.js';
import { parseDate } from '../dates.js';
import { CSV_COLUMNS, exportCsv } from './csv.js';
import { exportIcs, followUpUid } from './ics.js';
import { exportVcf, nameParts } from './vcf.js';
import { exportJson } from './json.js';

const TODAY = parseDate('2026-11-25')!;

const NETWORK = `
  //- rapport.yaml
  cadence:
    mentor: 6 months
  //- people/jane-smith.md
  ---
  name: Dr. Jane Smith
  role: Program Director, Psychiatry
  organization: ["[[Riverside]]", "[[Riverside Psychiatry]]"]
  mentor: [career, clinical]
  tags: [pd, "quote\\"d"]
  met: 2026-05-18
  met_at: "[[APA 2026]]"
  introduced_by: "[[Tom Reyes]]"
  next_action: "Send \\"updated\\" CV,\\nthen call"
  follow_up: 2026-12-01
  email: jane@riverside.example.org
  phone: "+1 555 0100"
  linkedin: https://www.linkedin.com/in/jane-smith
  website: https://jane.example.org
  location: Boston, MA
  notes: "Prefers email; line two"
  ---
  - 2026-05-18 Met after her talk on [[APA 2026|the meeting]]
  - 2026-11-02 Discussed the interview, over coffee
  - [ ] Send thank-you 📅 2026-11-20
  //- people/tom-reyes.md
  ---
  name: Tom Reyes
  ---
  //- organizations/riverside.md
  //- programs/riverside-psychiatry.md
  ---
  name: Riverside Psychiatry
  deadline: 2026-12-15
  stage: target
  ---
  //- events/apa-2026.md
  ---
  name: APA 2026
  ---
`;

async function network() {
  const { ws } = await loadFixture(NETWORK);
  return ws.analysis();
}

describe('CSV export', () => {
  it('is RFC 4180 that csv-parse reads back to the same columns and values', async () => {
    const csv = exportCsv(await network(), TODAY);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      Name: 'Dr. Jane Smith',
      Role: 'Program Director, Psychiatry',
      Organization: 'riverside; Riverside Psychiatry',
      'How we met': '2026-05-18 at APA 2026, introduced by Tom Reyes',
      'Last discussed': 'Discussed the interview, over coffee',
      'Last contact': '2026-11-02',
      'Next action': 'Send "updated" CV,\nthen call',
      'Follow-up': '2026-12-01',
      Mentor: 'career; clinical',
      Tags: 'pd; quote"d',
      Email: 'jane@riverside.example.org',
    });
    expect(rows[1]).toMatchObject({ Name: 'Tom Reyes', Role: '', 'Last contact': '' });
  });

  it('never lets note text run as a spreadsheet formula', async () => {
    const { ws } = await loadFixture(`
      //- people/x.md
      ---
      name: "=HYPERLINK(\\"http://evil\\",\\"click\\")"
      role: "@SUM(A1)"
      next_action: "-2+3"
      tags: ["+x", ok]
      ---
    `);
    const rows = parseCsv(exportCsv(ws.analysis(), TODAY), { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ Name: `'=HYPERLINK("http://evil","click")`, Role: "'@SUM(A1)", 'Next action': "'-2+3", Tags: "'+x; ok" });
  });

  it('starts with a byte-order mark only when asked (for Excel)', async () => {
    const a = await network();
    expect(exportCsv(a, TODAY).charCodeAt(0)).not.toBe(0xfeff);
    const withBom = exportCsv(a, TODAY, { bom: true });
    expect(withBom.charCodeAt(0)).toBe(0xfeff);
    expect((parseCsv(withBom, { bom: true, columns: true }) as object[]).length).toBe(2);
  });
});

describe('iCalendar export', () => {
  it('has one all-day VTODO per follow-up, with stable UIDs, that ical.js reads back', async () => {
    const a = await network();
    const ics = exportIcs(a, TODAY);
    const cal = new ICAL.Component(ICAL.parse(ics) as unknown as []);
    const todos = cal.getAllSubcomponents('vtodo');
    const followUps = a.followUps(TODAY);
    expect(todos).toHaveLength(followUps.length);
    expect(followUps.map((f) => f.kind).sort()).toEqual(['cadence', 'deadline', 'next-action', 'task']);
    for (const f of followUps) {
      const todo = todos.find((t) => t.getFirstPropertyValue('uid') === followUpUid(f.id))!;
      expect(todo, f.id).toBeDefined();
      const due = todo.getFirstPropertyValue('due') as ICAL.Time;
      expect(due.isDate).toBe(true);
      expect(due.toString()).toBe(f.due);
      expect(todo.getFirstPropertyValue('summary')).toBe(f.text);
      expect(todo.getFirstPropertyValue('status')).toBe('NEEDS-ACTION');
    }
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    // Same notes, same day: byte-identical file (so a re-import updates, never duplicates).
    expect(exportIcs(await network(), TODAY)).toBe(ics);
  });

  it('writes all-day VEVENTs with --events', async () => {
    const a = await network();
    const cal = new ICAL.Component(ICAL.parse(exportIcs(a, TODAY, { events: true })) as unknown as []);
    const events = cal.getAllSubcomponents('vevent');
    expect(events).toHaveLength(a.followUps(TODAY).length);
    const task = events.find((e) => String(e.getFirstPropertyValue('uid')).startsWith('task:'))!;
    expect((task.getFirstPropertyValue('dtstart') as ICAL.Time).toString()).toBe('2026-11-20');
    expect((task.getFirstPropertyValue('dtend') as ICAL.Time).toString()).toBe('2026-11-21');
    expect(cal.getAllSubcomponents('vtodo')).toHaveLength(0);
  });
});

describe('vCard export', () => {
  it('writes vCard 4.0 that ical.js parses back with every field', async () => {
    const vcf = exportVcf(await network(), TODAY);
    const cards = (ICAL.parse(vcf) as unknown as unknown[]).map((j) => new ICAL.Component(j as []));
    expect(cards).toHaveLength(2);
    const jane = cards[0]!;
    expect(jane.getFirstPropertyValue('version')).toBe('4.0');
    expect(jane.getFirstPropertyValue('fn')).toBe('Dr. Jane Smith');
    expect(jane.getFirstProperty('n')!.getValues()[0]).toEqual(['Smith', 'Jane', '', 'Dr.', '']);
    expect(jane.getAllProperties('org').map((p) => p.getValues()[0])).toEqual(['riverside', 'Riverside Psychiatry']);
    expect(jane.getFirstPropertyValue('title')).toBe('Program Director, Psychiatry');
    expect(jane.getFirstPropertyValue('email')).toBe('jane@riverside.example.org');
    expect(jane.getFirstPropertyValue('tel')).toBe('+1 555 0100');
    expect(jane.getAllProperties('url').map((p) => p.getFirstValue())).toEqual(['https://jane.example.org', 'https://www.linkedin.com/in/jane-smith']);
    expect(jane.getFirstProperty('categories')!.getValues()).toEqual(['pd', 'quote"d']);
    expect(jane.getFirstPropertyValue('note')).toBe('Prefers email; line two\nLast contact: 2026-11-02');
    expect(cards[1]!.getFirstPropertyValue('fn')).toBe('Tom Reyes');
    expect(vcf).toMatch(/^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
  });

  it('splits names into vCard N parts', () => {
    expect(nameParts('Dr. Jane Smith')).toEqual(['Smith', 'Jane', '', 'Dr.', '']);
    expect(nameParts('Tomás Reyes, MD')).toEqual(['Reyes', 'Tomás', '', '', 'MD']);
    expect(nameParts('Prince')).toEqual(['', 'Prince', '', '', '']);
  });
});

describe('JSON export', () => {
  it('holds the nodes, edges and follow-ups for scripts', async () => {
    const json = JSON.parse(exportJson(await network(), TODAY));
    expect(json.version).toBe(1);
    expect(json.today).toBe('2026-11-25');
    expect(json.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['apa-2026', 'jane-smith', 'riverside', 'riverside-psychiatry', 'tom-reyes']);
    expect(json.nodes.find((n: { id: string }) => n.id === 'jane-smith')).toMatchObject({ type: 'person', lastContact: '2026-11-02', fields: { email: 'jane@riverside.example.org' } });
    expect(json.edges).toContainEqual({ from: 'jane-smith', to: 'tom-reyes', kind: 'introduced-by', path: 'people/jane-smith.md', line: 9 });
    expect(json.followUps).toContainEqual(expect.objectContaining({ kind: 'deadline', due: '2026-12-15', entity: 'riverside-psychiatry', status: 'later' }));
  });
});
