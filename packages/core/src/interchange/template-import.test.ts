import { describe, expect, it } from 'vitest';
import { parseDate } from '../dates.js';
import { loadTemplates, ownTemplateFor, planNewNote } from '../templates.js';
import { loadFixture } from '../testing.js';
import type { ContactParse, ContactRecord } from './contacts.js';
import { parseLinkedInCsv } from './linkedin.js';
import { planImport, type ImportPlan } from './plan.js';
import { parseVcf } from './vcf.js';

const TODAY = parseDate('2026-11-25')!;

// A user's person template: their own fields and comments, a prompt in the body, a Log section.
const TEMPLATE = `---
type: person
name: "{{name}}"
tags: {{tags}}
role: ""
organization: "[[{{org}}]]"
pronouns: ""          # ask, don't guess
# met: {{date}}
email: ""
---

# {{name}}

Who they are, how we met ({{date}}), what they care about.

Questions to ask:
- 

## Log
`;

const WORKSPACE = (template: string) => `
  //- rapport.yaml
  templates: templates
  ignore: [templates/**]
  //- templates/person.md
  ${template.replace(/\n/g, '\n  ')}
  //- organizations/lakeshore-hospital.md
  ---
  name: Lakeshore Hospital
  ---
  //- people/known.md
  ---
  name: Known Person
  email: known@example.org
  ---
`;

async function planWith(template: string, parsed: ContactParse, source = 'contacts.vcf'): Promise<{ plan: ImportPlan; newPerson: (name: string, org?: string, tags?: string[]) => string }> {
  const { ws, fs } = await loadFixture(WORKSPACE(template));
  const { templates } = await loadTemplates(fs, ws.config);
  const personTemplate = ownTemplateFor(templates, 'person');
  expect(personTemplate?.source).toBe('templates/person.md');
  const plan = planImport(ws.analysis(), parsed, { source, today: TODAY, ...(personTemplate ? { personTemplate } : {}) });
  const newPerson = (name: string, org?: string, tags?: string[]) => {
    const p = planNewNote(ws, templates, { kind: 'person', name, date: TODAY.toString(), ...(org ? { org } : {}), ...(tags ? { tags } : {}) });
    if (!p.ok) throw new Error(p.message);
    return p.text;
  };
  return { plan, newPerson };
}

const created = (plan: ImportPlan, line: number): { path: string; text: string } => {
  const item = plan.items.find((i) => i.line === line);
  if (item?.action !== 'create') throw new Error(`line ${line}: ${JSON.stringify(item)}`);
  return item;
};

const contact = (c: Partial<ContactRecord> & { name: string }): ContactRecord => ({ line: 1, organizations: [], tags: [], ...c });

describe('imported people start from the user person template', () => {
  it('fills the template as `rapport new person` does, then adds the contact fields; the rest stays', async () => {
    const { plan, newPerson } = await planWith(TEMPLATE, {
      contacts: [
        contact({ line: 3, name: 'Dr. José Álvarez', role: 'Program Director', organizations: ['lakeshore hospital'], email: 'jose@lakeshore.example.org', phone: '+1-555-0110', tags: ['mentors'], notes: 'Met at APA.' }),
      ],
      problems: [],
    });
    const note = created(plan, 3);
    expect(note.path).toBe('people/dr-jose-alvarez.md');
    // What `rapport new person "Dr. José Álvarez" --org "Lakeshore Hospital" --tag mentors` writes ...
    const fresh = newPerson('Dr. José Álvarez', 'Lakeshore Hospital', ['mentors']);
    expect(fresh).toContain('name: "Dr. José Álvarez"\ntags: [mentors]\nrole: ""\norganization: "[[Lakeshore Hospital]]"\n');
    // ... with the contact's fields set and the provenance under the title: nothing else differs.
    expect(note.text).toBe(
      fresh
        .replace('role: ""', 'role: Program Director')
        .replace('email: ""', 'email: jose@lakeshore.example.org')
        .replace('\n---\n\n# ', '\nphone: +1-555-0110\nnotes: Met at APA.\n---\n\n# ')
        .replace('# Dr. José Álvarez\n\n', '# Dr. José Álvarez\n\nImported from contacts.vcf (line 3) on 2026-11-25.\n\n'),
    );
    expect(note.text).toBe(`---
type: person
name: "Dr. José Álvarez"
tags: [mentors]
role: Program Director
organization: "[[Lakeshore Hospital]]"
pronouns: ""          # ask, don't guess
# met: 2026-11-25
email: jose@lakeshore.example.org
phone: +1-555-0110
notes: Met at APA.
---

# Dr. José Álvarez

Imported from contacts.vcf (line 3) on 2026-11-25.

Who they are, how we met (2026-11-25), what they care about.

Questions to ask:
- 

## Log
`);
  });

  it('reads back as the person it describes, with no errors', async () => {
    const { plan } = await planWith(TEMPLATE, parseVcf('BEGIN:VCARD\r\nVERSION:2.1\r\nN:Chen;Priya\r\nORG:Riverside Medical Center;Psychiatry\r\nORG:Hillside Clinic\r\nEMAIL;INTERNET:priya@example.org\r\nEND:VCARD\r\n'));
    const note = created(plan, 1);
    // Two organizations: the template's {{org}} line is left out (as are the empty tags, like
    // `rapport new` without --tag) and a list is set instead.
    expect(note.text).toContain('name: "Priya Chen"\nrole: ""\npronouns: ""          # ask, don\'t guess\n# met: 2026-11-25\nemail: priya@example.org\norganization: ["[[Riverside Medical Center]]", "[[Hillside Clinic]]"]\n---\n');
    const { ws } = await loadFixture(`//- ${note.path}\n${note.text}`);
    const a = ws.analysis();
    const e = a.entity('priya-chen')!;
    expect(e).toMatchObject({ type: 'person', name: 'Priya Chen' });
    expect(a.diagnostics(TODAY).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('puts a LinkedIn connection into the template\'s Log section, and keeps its tags', async () => {
    const withTags = TEMPLATE.replace('tags: {{tags}}', 'tags: [contact] # every import');
    const { plan } = await planWith(
      withTags,
      parseLinkedInCsv('First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Ruiz,https://www.linkedin.com/in/ana,,Lakeshore Hospital,PGY-2,12 Nov 2026\n'),
      'LinkedIn (Connections.csv)',
    );
    const note = created(plan, 2);
    expect(note.text).toContain('tags: [contact] # every import\nrole: PGY-2\norganization: "[[Lakeshore Hospital]]"\n');
    expect(note.text).toContain('linkedin: https://www.linkedin.com/in/ana\n---\n\n# Ana Ruiz\n\nImported from LinkedIn (Connections.csv) (line 2) on 2026-11-25.\n\n');
    expect(note.text.endsWith('## Log\n\n- 2026-11-12 Connected on LinkedIn.\n')).toBe(true);
    // Contact tags join the template's own.
    const tagged = await planWith(withTags, { contacts: [contact({ name: 'Bo Li', tags: ['mentors', 'contact'] })], problems: [] });
    expect(created(tagged.plan, 1).text).toContain('tags: [contact, mentors] # every import\n');
  });

  it('keeps a CRLF template CRLF, and handles a template without title or frontmatter', async () => {
    const crlf = TEMPLATE.replace(/\n/g, '\r\n');
    const { plan } = await planWith(crlf, { contacts: [contact({ name: 'Sam Carter', email: 's@example.org' })], problems: [] });
    const text = created(plan, 1).text;
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(text).toContain('email: s@example.org\r\n---\r\n\r\n# Sam Carter\r\n\r\nImported from contacts.vcf (line 1) on 2026-11-25.\r\n\r\nWho they are');

    const setext = await planWith('---\ntype: person\n---\n{{name}}\n===\nBody.\n', { contacts: [contact({ name: 'Lee Park' })], problems: [] });
    expect(created(setext.plan, 1).text).toBe('---\ntype: person\nname: Lee Park\n---\nLee Park\n===\n\nImported from contacts.vcf (line 1) on 2026-11-25.\n\nBody.\n');

    const bare = await planWith('---\ntype: person\n---\nNotes about {{name}}.\n', { contacts: [contact({ name: 'Lee Park', role: 'Attending' })], problems: [] });
    expect(created(bare.plan, 1).text).toBe('---\ntype: person\nname: Lee Park\nrole: Attending\n---\nImported from contacts.vcf (line 1) on 2026-11-25.\n\nNotes about Lee Park.\n');
  });

  it('still merges into an existing note instead of creating one (never overwrites)', async () => {
    const { plan } = await planWith(TEMPLATE, { contacts: [contact({ name: 'Someone', email: 'KNOWN@example.org', role: 'Chair' })], problems: [] });
    expect(plan.items[0]).toMatchObject({ action: 'merge', path: 'people/known.md', text: '---\nname: Known Person\nemail: known@example.org\nrole: Chair\n---\n' });
  });

  it('skips with the reason when the filled template cannot be edited', async () => {
    const { plan } = await planWith('---\ntype: person\nrole: [unclosed\n---\n# {{name}}\n', { contacts: [contact({ name: 'Al Lee', role: 'x' })], problems: [] });
    expect(plan.items[0]).toMatchObject({ action: 'skip', reason: expect.stringMatching(/^the person template templates\/person\.md cannot be filled: the frontmatter has errors/) });
  });
});

describe('ownTemplateFor', () => {
  it('gives the user\'s template `rapport new` would use, never a built-in one', async () => {
    const builtIn = await loadFixture('//- people/x.md\n');
    expect(ownTemplateFor((await loadTemplates(builtIn.fs, builtIn.ws.config)).templates, 'person')).toBeUndefined();
    const other = await loadFixture('//- rapport.yaml\ntemplates: t\n//- t/person.md\n---\ntype: organization\n---\n//- t/event.md\n# {{name}}\n');
    const set = (await loadTemplates(other.fs, other.ws.config)).templates;
    expect(ownTemplateFor(set, 'person')).toBeUndefined();
    expect(ownTemplateFor(set, 'event')?.source).toBe('t/event.md');
  });
});
