import { describe, expect, it } from 'vitest';
import { loadFixture } from '../testing.js';
import { parseDate } from '../dates.js';
import { MemoryFileSystem } from '../fs.js';
import { Workspace } from '../workspace.js';
import { parseVcf, exportVcf } from './vcf.js';
import { parseLinkedInCsv, parseLinkedInDate } from './linkedin.js';
import { describePlan, planImport, safeFileStem, type ImportPlan } from './plan.js';
import { people, personRow } from './people.js';
import type { ContactParse } from './contacts.js';

const TODAY = parseDate('2026-11-25')!;
const crlf = (s: string) => s.replace(/\n/g, '\r\n');

// As Google Contacts writes it: vCard 3.0, grouped properties, TYPE lists, a folded line.
const GOOGLE = crlf(`BEGIN:VCARD
VERSION:3.0
FN:Maria Lopez
N:Lopez;Maria;;;
EMAIL;TYPE=INTERNET;TYPE=HOME:maria.home@example.com
item1.EMAIL;TYPE=INTERNET;TYPE=pref:maria@clinic.example.org
TEL;TYPE=CELL:+1 555 0101
ORG:Hillside Clinic;Psychiatry
TITLE:Attending
item2.URL:https://www.linkedin.com/in/maria-lopez
CATEGORIES:myContacts,mentors
NOTE:Met at the APA poster session. Very kind\\, very busy.\\nFollow up in sp
 ring.
END:VCARD
`);

// As macOS Contacts writes it: vCard 3.0 with only N (no FN value) and an address.
const MACOS = crlf(`BEGIN:VCARD
VERSION:3.0
PRODID:-//Apple Inc.//macOS 15.0//EN
N:Okafor;Lena;;Dr.;
FN:
ORG:Riverside Medical Center;
TEL;type=CELL;type=VOICE;type=pref:(973) 555-0177
ADR;type=WORK;type=pref:;;1 Main St;Paterson;NJ;07501;USA
END:VCARD
`);

// A phone's vCard 4.0.
const PHONE = crlf(`BEGIN:VCARD
VERSION:4.0
FN:Sam Carter
TEL;VALUE=uri;TYPE=cell:tel:+1-555-0102
EMAIL:sam@example.net
END:VCARD
`);

describe('reading vCards', () => {
  it('reads Google (3.0), macOS (3.0) and phone (4.0) exports', () => {
    const { contacts, problems } = parseVcf(GOOGLE + MACOS + PHONE);
    expect(problems).toEqual([]);
    expect(contacts).toEqual([
      {
        line: 1,
        name: 'Maria Lopez',
        email: 'maria@clinic.example.org',
        phone: '+1 555 0101',
        organizations: ['Hillside Clinic'],
        role: 'Attending',
        linkedin: 'https://www.linkedin.com/in/maria-lopez',
        tags: ['myContacts', 'mentors'],
        notes: 'Met at the APA poster session. Very kind, very busy.\nFollow up in spring.',
      },
      { line: 15, name: 'Dr. Lena Okafor', organizations: ['Riverside Medical Center'], phone: '(973) 555-0177', location: 'Paterson, NJ', tags: [] },
      { line: 24, name: 'Sam Carter', phone: '+1-555-0102', email: 'sam@example.net', organizations: [], tags: [] },
    ]);
  });

  it('reports bad records with their line and keeps the rest', () => {
    const text = crlf(`BEGIN:VCARD
VERSION:3.0
ORG:Nameless Inc
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Broken
this line is not a property
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Good One
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:Never Ends
`);
    const { contacts, problems } = parseVcf(text);
    expect(contacts.map((c) => [c.line, c.name])).toEqual([[10, 'Good One']]);
    expect(problems.map((p) => [p.line, p.skipped])).toEqual([
      [1, true],
      [5, true],
      [14, true],
    ]);
    expect(problems[0]!.message).toContain("no name (FN or N), only the organization 'Nameless Inc'");
    expect(problems[1]!.message).toContain('unreadable vCard');
    expect(problems[2]!.message).toContain('without END:VCARD');
    expect(parseVcf('hello').problems[0]!.message).toContain('no vCard records');
    expect(parseVcf('BEGIN:VCARD\r\nVERSION:5.0\r\nFN:Future Phone\r\nEND:VCARD\r\n').problems).toEqual([
      { line: 1, message: 'vCard 5.0 is not a version this reads (2.1, 3.0 or 4.0); skipped', skipped: true },
    ]);
  });
});

describe("reading LinkedIn's Connections.csv", () => {
  const CSV = [
    'Notes:',
    '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address."',
    '',
    'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
    'Jane,Smith,https://www.linkedin.com/in/jane-smith,jane@example.org,"Riverside Medical Center, Inc.",Program Director,12 Nov 2026',
    ',,,,,,',
    'Bob,"Bad"quote,x,,,,01 Jan 2025',
    'Al,Lee,https://www.linkedin.com/in/al-lee,,Acme,"Resident,',
    'PGY-2",31 Feb 2026',
    'Zoe,Kim,https://www.linkedin.com/in/zoe-kim,,,,03 Mar 2024',
  ].join('\r\n');

  it('passes over the notes, reads each row with its line, and reports bad rows', () => {
    const { contacts, problems } = parseLinkedInCsv(CSV);
    expect(contacts).toEqual([
      { line: 5, name: 'Jane Smith', linkedin: 'https://www.linkedin.com/in/jane-smith', email: 'jane@example.org', organizations: ['Riverside Medical Center, Inc.'], role: 'Program Director', connectedOn: '2026-11-12', tags: [] },
      { line: 8, name: 'Al Lee', linkedin: 'https://www.linkedin.com/in/al-lee', organizations: ['Acme'], role: 'Resident,\nPGY-2', tags: [] },
      { line: 10, name: 'Zoe Kim', linkedin: 'https://www.linkedin.com/in/zoe-kim', organizations: [], connectedOn: '2024-03-03', tags: [] },
    ]);
    expect(problems.map((p) => [p.line, p.skipped, p.message.split(' (')[0]!.split(';')[0]])).toEqual([
      [6, true, 'no First Name or Last Name'],
      [7, true, 'not valid CSV'],
      [8, false, "Connected On '31 Feb 2026' is not a date like 12 Nov 2026"],
    ]);
  });

  it('says so when the header is missing', () => {
    expect(parseLinkedInCsv('a,b\n1,2\n').problems[0]!.message).toContain("no header line 'First Name,Last Name,URL");
  });

  it('reads LinkedIn dates', () => {
    expect(parseLinkedInDate('12 Nov 2026')).toBe('2026-11-12');
    expect(parseLinkedInDate('5 Sept 2025')).toBe('2025-09-05');
    expect(parseLinkedInDate('05-Sep-25')).toBe('2025-09-05');
    expect(parseLinkedInDate('2026-01-31')).toBe('2026-01-31');
    expect(parseLinkedInDate('31 Feb 2026')).toBeUndefined();
    expect(parseLinkedInDate('yesterday')).toBeUndefined();
  });
});

/** Plans an import of parsed contacts into a fixture workspace. */
async function plan(source: string, parsed: ContactParse): Promise<ImportPlan> {
  const { ws } = await loadFixture(source);
  return planImport(ws.analysis(), parsed, { source: 'contacts.vcf', today: TODAY });
}

describe('import plans', () => {
  it('creates a note per new contact with safe file names, never a path from the data', async () => {
    const p = await plan('//- people/x.md\n', {
      contacts: [
        { line: 1, name: '../../etc/passwd', organizations: [], tags: [] },
        { line: 2, name: '/abs/olute', organizations: [], tags: [] },
        { line: 3, name: 'Tomás  Reyes', organizations: ['Riverside'], tags: ['a'], email: 't@x.org' },
        { line: 4, name: 'TOMÁS REYES', organizations: [], tags: [], email: 'other@x.org' },
        { line: 5, name: 'C:\\evil\\name', organizations: [], tags: [] },
        { line: 6, name: '株式会社', organizations: [], tags: [] },
        { line: 7, name: 'X', organizations: [], tags: [] },
      ],
      problems: [],
    });
    const created = p.items.filter((i) => i.action === 'create').map((i) => (i.action === 'create' ? i.path : ''));
    // Letters of any script are kept, as `rapport new` keeps them (株式会社 was 'contact').
    expect(created).toEqual(['people/etc-passwd.md', 'people/abs-olute.md', 'people/tomas-reyes.md', 'people/c-evil-name.md', 'people/株式会社.md']);
    for (const path of created) expect(path).toMatch(/^people\/[\p{L}\p{N}-]+\.md$/u);
    expect(p.items.find((i) => i.line === 4)).toMatchObject({ action: 'skip', reason: 'same person as the contact on line 3' });
    expect(p.items.find((i) => i.line === 7)).toMatchObject({ action: 'skip', reason: 'people/x.md already has every field this contact gives' });
    const tomas = p.items.find((i) => i.line === 3)!;
    expect(tomas.action === 'create' && tomas.text).toBe(
      ['---', 'name: Tomás Reyes', 'organization: "[[Riverside]]"', 'email: t@x.org', 'tags: [a]', '---', '', '# Tomás Reyes', '', 'Imported from contacts.vcf (line 3) on 2026-11-25.', ''].join('\n'),
    );
    expect(safeFileStem('...')).toBe('contact');
    expect(['Zoë Łukasiewicz 🧠', 'Иван Петров', '王小明', 'a/b\\c:d'].map(safeFileStem)).toEqual(['zoe-łukasiewicz', 'иван-петров', '王小明', 'a-b-c-d']);
  });

  it('merges into the person with the same email, else the same name or alias, adding only missing fields', async () => {
    const existing = '---\r\nname: Jane Smith # keep this comment\r\naliases: [JS]\r\nrole: PD\r\nunknown_field: kept\r\n---\r\nBody stays.\r\n';
    const { ws } = await loadFixture('//- people/jane.md\n//- organizations/riverside-medical-center.md\n---\nname: Riverside Medical Center\n---\n');
    ws.set('people/jane.md', existing);
    ws.set('people/other.md', '---\nname: Someone Else\nemail: SE@x.org\n---\n');
    const p = planImport(
      ws.analysis(),
      {
        contacts: [
          { line: 1, name: 'J. Smith', email: 'x@y.org', role: 'Chair', organizations: ['riverside medical center'], tags: [], phone: '+1 5', lastContact: '2026-01-02' },
          { line: 9, name: 'Not Someone', email: 'se@X.org', organizations: [], tags: [], website: 'https://se.example' },
          { line: 12, name: 'js', organizations: [], tags: [] },
        ],
        problems: [{ line: 20, message: 'bad record; skipped', skipped: true }],
      },
      { source: 'contacts.vcf', today: TODAY },
    );
    // Line 1 matches no email and no name ('J. Smith' is neither name nor alias): a new note.
    expect(p.items[0]).toMatchObject({ action: 'create', path: 'people/j-smith.md' });
    expect(p.items[1]).toMatchObject({ action: 'merge', path: 'people/other.md', matchedBy: 'email', fields: ['website'] });
    expect(p.items[1]!.action === 'merge' && p.items[1]!.text).toBe('---\nname: Someone Else\nemail: SE@x.org\nwebsite: https://se.example\n---\n');
    expect(p.items[2]).toMatchObject({ action: 'skip', reason: 'people/jane.md already has every field this contact gives' });
    expect(p.items[3]).toMatchObject({ action: 'skip', line: 20, reason: 'bad record' });
    expect(p.counts).toEqual({ created: 1, merged: 1, skipped: 2 });

    const q = planImport(ws.analysis(), { contacts: [{ line: 3, name: 'JS', email: 'j@s.org', role: 'Chair', organizations: ['Riverside Medical Center'], tags: ['mentor'], lastContact: '2026-01-02' }], problems: [] }, { source: 'x', today: TODAY });
    const merged = q.items[0]!;
    expect(merged).toMatchObject({ action: 'merge', matchedBy: 'name', fields: ['organization', 'email', 'tags', 'last_contact'] });
    expect(merged.action === 'merge' && merged.text).toBe(
      '---\r\nname: Jane Smith # keep this comment\r\naliases: [JS]\r\nrole: PD\r\nunknown_field: kept\r\norganization: "[[Riverside Medical Center]]"\r\nemail: j@s.org\r\ntags: [mentor]\r\nlast_contact: 2026-01-02\r\n---\r\nBody stays.\r\n',
    );
    expect(describePlan(q, true)).toBe(
      'line 3: would merge into people/jane.md (matched by name; adds only missing fields: organization, email, tags, last_contact)\n\nPlan (dry run, nothing written): 0 to create, 1 to merge, 0 to skip.\n',
    );
  });

  it('skips a contact that matches two people, and one whose note has broken frontmatter', async () => {
    const p = await plan(
      `
      //- people/a.md
      ---
      name: Pat Doe
      ---
      //- people/b.md
      ---
      aliases: [Pat Doe]
      ---
      //- people/c.md
      ---
      name: Broken
      role: [unclosed
      ---
    `,
      { contacts: [{ line: 1, name: 'Pat Doe', organizations: [], tags: [] }, { line: 2, name: 'c', organizations: [], tags: [], email: 'b@x.org' }], problems: [] },
    );
    expect(p.items[0]).toMatchObject({ action: 'skip', reason: expect.stringContaining('matches 2 people by name') });
    expect(p.items[1]).toMatchObject({ action: 'skip', reason: expect.stringContaining('people/c.md: the frontmatter has errors') });
  });

  it('never merges into a note that is not UTF-8 (writing it back would change its bytes)', async () => {
    const ws = await Workspace.load(new MemoryFileSystem({ 'people/ana.md': new Uint8Array([...new TextEncoder().encode('---\nname: Ana\n---\nCaf'), 0xe9, 0x0a]) }));
    const p = planImport(ws.analysis(), { contacts: [{ line: 1, name: 'Ana', email: 'a@x.org', organizations: [], tags: [] }], problems: [] }, { source: 'x', today: TODAY });
    expect(p.items[0]).toMatchObject({ action: 'skip', reason: expect.stringContaining('people/ana.md is not plain UTF-8 text') });
  });

  it('adds a LinkedIn connection as a log entry on new notes', async () => {
    const p = await plan('//- people/x.md\n', parseLinkedInCsv('First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Ruiz,https://www.linkedin.com/in/ana,,Acme,Resident,12 Nov 2026\n'));
    const item = p.items[0]!;
    expect(item.action === 'create' && item.text).toContain('\n## Log\n\n- 2026-11-12 Connected on LinkedIn.\n');
    const { ws } = await loadFixture(`//- ${item.action === 'create' ? item.path : ''}\n${item.action === 'create' ? item.text : ''}`);
    expect(ws.analysis().lastContact(ws.analysis().entity('ana-ruiz')!, TODAY)).toBe('2026-11-12');
  });
});

describe('multi-line values', () => {
  it('are written on one line, double-quoted, in new notes and merges (CRLF kept)', async () => {
    const { ws } = await loadFixture('//- people/x.md\n');
    ws.set('people/ana.md', '---\r\nname: Ana\r\n---\r\n');
    const notes = 'First line\nsecond: line, with "quotes"';
    const p = planImport(ws.analysis(), { contacts: [{ line: 1, name: 'Ana', notes, organizations: [], tags: [] }, { line: 2, name: 'Bo', notes, organizations: [], tags: [] }], problems: [] }, { source: 'x', today: TODAY });
    const merged = p.items[0]!;
    expect(merged.action === 'merge' && merged.text).toBe('---\r\nname: Ana\r\nnotes: "First line\\nsecond: line, with \\"quotes\\""\r\n---\r\n');
    const created = p.items[1]!;
    const again = await Workspace.load(new MemoryFileSystem({ 'people/ana.md': merged.action === 'merge' ? merged.text : '', [created.action === 'create' ? created.path : '']: created.action === 'create' ? created.text : '' }));
    for (const e of people(again.analysis())) expect(e.data.notes).toBe(notes);
    expect(again.analysis().diagnostics(TODAY)).toEqual([]);
  });
});

describe('round trip', () => {
  it('export vcf, then import vcf into an empty folder, recreates the same people and fields', async () => {
    const { ws } = await loadFixture(`
      //- people/jane-smith.md
      ---
      name: Dr. Jane Smith
      role: Program Director, Psychiatry
      organization: ["[[Riverside]]", "[[Hillside Clinic]]"]
      tags: [pd, mentor]
      email: jane@example.org
      phone: "+1 555 0100"
      linkedin: https://www.linkedin.com/in/jane-smith
      website: https://jane.example.org
      location: Boston, MA
      notes: "Prefers email; a comma, too"
      ---
      - 2026-11-02 Coffee
      //- people/tomas-reyes.md
      ---
      name: Tomás Reyes
      last_contact: 2026-10-14
      ---
      //- people/bare.md
      //- organizations/riverside.md
      ---
      name: Riverside
      ---
    `);
    const vcf = exportVcf(ws.analysis(), TODAY);
    const parsed = parseVcf(vcf);
    expect(parsed.problems).toEqual([]);
    const empty = await Workspace.load(new MemoryFileSystem({}));
    const p = planImport(empty.analysis(), parsed, { source: 'export.vcf', today: TODAY });
    expect(p.counts).toEqual({ created: 3, merged: 0, skipped: 0 });
    const files: Record<string, string> = {};
    for (const i of p.items) if (i.action === 'create') files[i.path] = i.text;
    const again = await Workspace.load(new MemoryFileSystem(files));
    const rows = (w: Workspace) => people(w.analysis()).map((e) => {
      const { id: _id, lastDiscussed: _d, ...rest } = personRow(w.analysis(), e, TODAY);
      return rest;
    });
    expect(rows(again)).toEqual(rows(ws));
    expect(rows(again).find((r) => r.name.startsWith('Dr.'))).toMatchObject({ name: 'Dr. Jane Smith', organizations: ['Riverside', 'Hillside Clinic'], lastContact: '2026-11-02', location: 'Boston, MA' });
    expect(again.analysis().diagnostics(TODAY).filter((d) => d.severity === 'error')).toEqual([]);
  });
});
