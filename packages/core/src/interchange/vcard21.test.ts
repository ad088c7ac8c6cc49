import { describe, expect, it } from 'vitest';
import { parseDate } from '../dates.js';
import { loadFixture } from '../testing.js';
import { describePlan, planImport } from './plan.js';
import { parseVcf } from './vcf.js';
import { readVcard21 } from './vcard21.js';

const TODAY = parseDate('2026-11-25')!;
const crlf = (s: string) => s.replace(/\n/g, '\r\n');

// As Android's contacts app exports vCard 2.1: UTF-8 names in quoted-printable, bare types,
// a NOTE whose quoted-printable value goes on over a soft line break, a custom X- line and a
// folded BASE64 photo followed by the blank line Android writes after it.
const ANDROID = crlf(`BEGIN:VCARD
VERSION:2.1
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=81lvarez;Jos=C3=A9;;Dr.;
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Dr. Jos=C3=A9 =C3=81lvarez
TEL;WORK:+1-555-0111
TEL;CELL;PREF:+1-555-0110
EMAIL;HOME:jose.home@example.com
EMAIL;WORK;PREF:jalvarez@lakeshore.example.org
ORG:Lakeshore Hospital;Psychiatry
TITLE:Program Director
NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Met at the APA Annual Meeting =E2=80=94 asked about observer=
ships.=0AFollow up after the interview season.
X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Pepe;1;;;;;;;;;;;;;
PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkS
 Ew8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAALCAABAAEBAREA

END:VCARD
`);

// As older Outlook saves a contact as a .vcf: vCard 2.1, LANGUAGE parameters, TEL;WORK;VOICE,
// EMAIL;PREF;INTERNET, a quoted-printable NOTE with CRLF line breaks (=0D=0A) and soft breaks, a
// work address and its LABEL, a LinkedIn URL.
const OUTLOOK = crlf(`BEGIN:VCARD
VERSION:2.1
N;LANGUAGE=en-us:Chen;Priya
FN:Priya Chen
ORG:Riverside Medical Center
TITLE:PGY-2 Resident
NOTE;ENCODING=QUOTED-PRINTABLE:Near-peer mentor. Talked about the ERAS timeline.=0D=0A=
Offered to read my personal statement.
TEL;WORK;VOICE:(973) 555-0150
TEL;CELL;VOICE:(973) 555-0151
ADR;WORK;PREF:;;1 Main St;Paterson;NJ;07501;United States of America
LABEL;WORK;PREF;ENCODING=QUOTED-PRINTABLE:1 Main St=0D=0APaterson, NJ 07501
URL;WORK:https://www.linkedin.com/in/priya-chen
EMAIL;PREF;INTERNET:priya.chen@riverside.example.org
X-MS-OL-DEFAULT-POSTAL-ADDRESS:2
REV:20261101T120000Z
END:VCARD
`);

describe('reading vCard 2.1', () => {
  it('reads an Android export: quoted-printable UTF-8, soft line breaks, bare types, preferred values', () => {
    const { contacts, problems } = parseVcf(ANDROID);
    expect(problems).toEqual([]);
    expect(contacts).toEqual([
      {
        line: 1,
        name: 'Dr. José Álvarez',
        email: 'jalvarez@lakeshore.example.org',
        phone: '+1-555-0110',
        organizations: ['Lakeshore Hospital'],
        role: 'Program Director',
        tags: [],
        notes: 'Met at the APA Annual Meeting — asked about observerships.\nFollow up after the interview season.',
      },
    ]);
  });

  it('reads an older Outlook export: TYPE words, CRLF inside quoted-printable, the address and URL', () => {
    const { contacts, problems } = parseVcf(OUTLOOK);
    expect(problems).toEqual([]);
    expect(contacts).toEqual([
      {
        line: 1,
        name: 'Priya Chen',
        email: 'priya.chen@riverside.example.org',
        phone: '(973) 555-0150',
        organizations: ['Riverside Medical Center'],
        role: 'PGY-2 Resident',
        linkedin: 'https://www.linkedin.com/in/priya-chen',
        location: 'Paterson, NJ',
        tags: [],
        notes: 'Near-peer mentor. Talked about the ERAS timeline.\r\nOffered to read my personal statement.',
      },
    ]);
  });

  it('reads 2.1, 3.0 and 4.0 records side by side, with each record on its own line number', () => {
    const v3 = crlf('BEGIN:VCARD\nVERSION:3.0\nFN:Sam Carter\nEMAIL;TYPE=INTERNET:sam@example.net\nEND:VCARD\n');
    const { contacts, problems } = parseVcf(ANDROID + v3 + OUTLOOK);
    expect(problems).toEqual([]);
    expect(contacts.map((c) => [c.line, c.name])).toEqual([
      [1, 'Dr. José Álvarez'],
      [18, 'Sam Carter'],
      [23, 'Priya Chen'],
    ]);
  });

  it('decodes each value with its CHARSET, in quoted-printable and in raw 8-bit files', () => {
    // ISO-8859-1 and Windows-1252 quoted-printable in a plain ASCII file.
    const qp = parseVcf(crlf('BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:M=FCller;J=FCrgen\nNOTE;CHARSET=Windows-1252;QUOTED-PRINTABLE:=93Caf=E9=94 talk\nEND:VCARD\n'));
    expect(qp.problems).toEqual([]);
    expect(qp.contacts[0]).toMatchObject({ name: 'Jürgen Müller', notes: '“Café” talk' });
    // Shift_JIS, as Japanese phones wrote it.
    const sjis = parseVcf(crlf('BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=SHIFT_JIS;ENCODING=QUOTED-PRINTABLE:=8E=52=93=63=91=BE=98=59\nEND:VCARD\n'));
    expect(sjis.contacts[0]!.name).toBe('山田太郎');
    // Quoted-printable without CHARSET: UTF-8 when it is valid UTF-8, else Windows-1252.
    const bare = parseVcf(crlf('BEGIN:VCARD\nVERSION:2.1\nFN;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 Ruiz\nTITLE;QUOTED-PRINTABLE:Jefe de Residentes, Cl=EDnica\nEND:VCARD\n'));
    expect(bare.contacts[0]).toMatchObject({ name: 'José Ruiz', role: 'Jefe de Residentes, Clínica' });
    // Raw 8-bit Windows-1252 bytes (older Outlook), given as the file's bytes.
    const latin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
    const bytes = latin(crlf('BEGIN:VCARD\nVERSION:2.1\nN;LANGUAGE=de;CHARSET=Windows-1252:M\xfcller;J\xfcrgen\nORG:Universit\xe4tsklinikum\nNOTE:\x84Gr\xfc\xdf Gott\x93 \x96 sehr nett\nEMAIL;PREF;INTERNET:j@uk.example.de\nEND:VCARD\n'));
    const raw = parseVcf(bytes);
    expect(raw.problems).toEqual([]);
    expect(raw.contacts[0]).toMatchObject({ name: 'Jürgen Müller', organizations: ['Universitätsklinikum'], email: 'j@uk.example.de', notes: '„Grüß Gott“ – sehr nett' });
    // The same text as valid UTF-8 bytes is read as UTF-8.
    expect(parseVcf(new TextEncoder().encode(crlf('BEGIN:VCARD\nVERSION:2.1\nFN:Zoë Ng\nEND:VCARD\n'))).contacts[0]!.name).toBe('Zoë Ng');
  });

  it('unfolds lines the 2.1 way and reads escapes in structured values', () => {
    const { contacts } = parseVcf(crlf('BEGIN:VCARD\nVERSION:2.1\nN:Okafor;Lena\nNOTE:Asked about research\n  electives in the spring.\nORG:Smith\\; Jones Psychiatry;Adult\nCATEGORIES:mentor,research\nEND:VCARD\n'));
    expect(contacts[0]).toMatchObject({
      name: 'Lena Okafor',
      notes: 'Asked about research  electives in the spring.',
      organizations: ['Smith; Jones Psychiatry'],
      tags: ['mentor', 'research'],
    });
  });

  it('passes over an AGENT vCard inside a card', () => {
    const text = crlf('BEGIN:VCARD\nVERSION:2.1\nFN:Dr. Kevin Brandt\nAGENT:\nBEGIN:VCARD\nVERSION:2.1\nFN:Amy Assistant\nTEL:+1-555-0199\nEND:VCARD\nTEL;WORK:+1-555-0100\nEND:VCARD\nBEGIN:VCARD\nVERSION:2.1\nFN:Next Person\nEND:VCARD\n');
    const { contacts, problems } = parseVcf(text);
    expect(problems).toEqual([]);
    expect(contacts.map((c) => [c.line, c.name, c.phone])).toEqual([
      [1, 'Dr. Kevin Brandt', '+1-555-0100'],
      [12, 'Next Person', undefined],
    ]);
  });

  it('reports bad 2.1 records and values with their line, and keeps the rest', () => {
    const text = crlf('BEGIN:VCARD\nVERSION:2.1\nORG:Nameless Inc\nEND:VCARD\nBEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=x-no-such-charset:Ana Ruiz\nthis is not a property\nEND:VCARD\n');
    const { contacts, problems } = parseVcf(text);
    expect(contacts.map((c) => c.name)).toEqual(['Ana Ruiz']);
    expect(problems).toEqual([
      { line: 1, message: "it has no name (FN or N), only the organization 'Nameless Inc'; skipped", skipped: true },
      { line: 8, message: "not a vCard property line: 'this is not a property'", skipped: false },
    ]);
    // An unknown CHARSET on a quoted-printable value: read as UTF-8, with a warning on its line.
    const odd = parseVcf(crlf('BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=x-no-such-charset;ENCODING=QUOTED-PRINTABLE:Ana =C3=91=C3=BA=C3=B1ez\nEND:VCARD\n'));
    expect(odd.contacts[0]!.name).toBe('Ana Ñúñez');
    expect(odd.problems).toEqual([{ line: 3, message: "FN: unknown CHARSET 'x-no-such-charset'; read as UTF-8", skipped: false }]);
  });

  it('reads a card without a VERSION line as 3.0 when ical.js can, else as 2.1', () => {
    const noVersion = parseVcf(crlf('BEGIN:VCARD\nFN:Old Nokia\nTEL;CELL;PREF:+1-555-0120\nEMAIL;INTERNET:nokia@example.org\nEND:VCARD\nBEGIN:VCARD\nFN:Plain Card\nTEL;TYPE=WORK:+1-555-0121\nEND:VCARD\n'));
    expect(noVersion.problems).toEqual([]);
    expect(noVersion.contacts).toEqual([
      { line: 1, name: 'Old Nokia', phone: '+1-555-0120', email: 'nokia@example.org', organizations: [], tags: [] },
      { line: 6, name: 'Plain Card', phone: '+1-555-0121', organizations: [], tags: [] },
    ]);
    // In a file that is not UTF-8, a card without VERSION is decoded as 2.1 (Windows-1252 by default).
    const bytes = Uint8Array.from('BEGIN:VCARD\r\nFN:Ren\xe9e Blanc\r\nEND:VCARD\r\n', (c) => c.charCodeAt(0));
    expect(parseVcf(bytes).contacts[0]!.name).toBe('Renée Blanc');
    // A 3.0 card in such a file is read with the bad bytes replaced, and says so.
    const v3 = parseVcf(Uint8Array.from('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ren\xe9e Blanc\r\nEND:VCARD\r\n', (c) => c.charCodeAt(0)));
    expect(v3.contacts[0]!.name).toBe('Ren\uFFFDe Blanc');
    expect(v3.problems).toEqual([{ line: 1, message: 'vCard 3.0 is not valid UTF-8; the bad bytes were replaced', skipped: false }]);
  });

  it('gives ical.js the jCal shape it gives for 3.0', () => {
    const { jcal } = readVcard21(['BEGIN:VCARD', 'VERSION:2.1', 'item1.TEL;CELL;PREF:+1', 'N:A;B;;;', 'END:VCARD'], 1);
    expect(jcal).toEqual(['vcard', [
      ['version', {}, 'text', '2.1'],
      ['tel', { type: ['cell', 'pref'], group: 'item1' }, 'text', '+1'],
      ['n', {}, 'text', ['A', 'B', '', '', '']],
    ], []]);
  });
});

describe('importing vCard 2.1', () => {
  it('plans notes from an Android and an Outlook export, and merges into a known person', async () => {
    const { ws } = await loadFixture(`
      //- people/priya-chen.md
      ---
      name: Priya Chen
      role: PGY-2 resident
      ---
      //- organizations/lakeshore-hospital.md
      ---
      name: Lakeshore Hospital
      ---
    `);
    const p = planImport(ws.analysis(), parseVcf(ANDROID + OUTLOOK), { source: 'contacts.vcf', today: TODAY });
    expect(describePlan(p, true)).toBe(
      [
        'line 1: would create people/dr-jose-alvarez.md (name, role, organization, email, phone, notes)',
        'line 18: would merge into people/priya-chen.md (matched by name; adds only missing fields: organization, email, phone, linkedin, location, notes)',
        '',
        'Plan (dry run, nothing written): 1 to create, 1 to merge, 0 to skip.',
        '',
      ].join('\n'),
    );
    const jose = p.items[0]!;
    expect(jose.action === 'create' && jose.text).toBe(
      [
        '---',
        'name: Dr. José Álvarez',
        'role: Program Director',
        'organization: "[[Lakeshore Hospital]]"',
        'email: jalvarez@lakeshore.example.org',
        'phone: +1-555-0110',
        'notes: "Met at the APA Annual Meeting — asked about observerships.\\nFollow up after the interview season."',
        '---',
        '',
        '# Dr. José Álvarez',
        '',
        'Imported from contacts.vcf (line 1) on 2026-11-25.',
        '',
      ].join('\n'),
    );
  });
});
