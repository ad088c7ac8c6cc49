import { describe, expect, it } from 'vitest';
import { loadFixture } from './testing.js';
import { parseDate } from './dates.js';
import { parseNote } from './parse.js';
import { MemoryFileSystem } from './fs.js';
import { Workspace } from './workspace.js';
import {
  BUILT_IN_TEMPLATES,
  chooseTemplate,
  declaredType,
  loadTemplates,
  planNewNote,
  renderTemplate,
  slugify,
  type NewNoteRequest,
} from './templates.js';

const builtIns = () => new Map(BUILT_IN_TEMPLATES.map((t) => [t.name, t]));

/** Plans a note in a fixture workspace with the built-in templates (plus the fixture's own). */
async function check(source: string, req: Partial<NewNoteRequest> & { kind: string; name: string }) {
  const { ws, fs } = await loadFixture(source);
  const { templates } = await loadTemplates(fs, ws.config);
  return planNewNote(ws, templates, { date: '2026-11-25', ...req });
}

describe('slugify: readable file names', () => {
  it.each([
    ['Dr. Jane Smith', 'person', 'jane-smith'],
    ['Jane Smith, MD', 'person', 'jane-smith'],
    ['Prof. Dr. Ana María Núñez, MD, PhD', 'person', 'ana-maria-nunez'],
    ["Siobhán O'Brien DO", 'person', 'siobhan-obrien'],
    ['Dr.', 'person', 'dr'],
    ['Riverside Medical Center', 'organization', 'riverside-medical-center'],
    ['Dr. Smith Clinic', 'organization', 'dr-smith-clinic'],
    ['APA Annual Meeting 2026', 'event', 'apa-annual-meeting-2026'],
    ['Brigham & Women’s', 'organization', 'brigham-and-womens'],
    ['王伟', 'person', '王伟'],
    ['con', 'note', 'con-note'],
  ] as const)('%s (%s) → %s', (name, kind, slug) => {
    expect(slugify(name, kind)).toBe(slug);
  });

  it('gives nothing for a name with no letters or digits, and never a path', () => {
    expect(slugify('!!! ---', 'person')).toBeUndefined();
    expect(slugify('../../etc/passwd', 'note')).toBe('etc-passwd');
    expect(slugify('a'.repeat(200), 'note')!.length).toBeLessThanOrEqual(80);
  });
});

describe('renderTemplate: plain substitution', () => {
  const values = { name: 'Jane Smith', date: '2026-11-25', type: 'person', id: 'jane-smith' };

  it('fills the known placeholders and leaves unknown ones as written', () => {
    const out = renderTemplate('# {{name}} ({{ type }}) {{date}} {{id}} {{title}} {{=code}}', values);
    expect(out).toBe('# Jane Smith (person) 2026-11-25 jane-smith {{title}} {{=code}}');
  });

  it('never evaluates anything: code-looking values and templates stay text', () => {
    const out = renderTemplate('{{name}} ${1+1} <% tp.date.now() %>', { ...values, name: '{{date}} ${process.exit()}' });
    expect(out).toBe('{{date}} ${process.exit()} ${1+1} <% tp.date.now() %>');
  });

  it('escapes values for the YAML spot they fill, so the frontmatter stays valid', () => {
    const tpl = ['---', 'name: "{{name}}"', "alias: '{{name}}'", 'bare: {{name}}', 'title: Meeting {{name}}  # {{date}}', 'plain: Meeting {{id}}', '---', 'Hi {{name}}', ''].join('\n');
    const out = renderTemplate(tpl, { ...values, name: 'Jo "JJ" O\'Neil: MD # x' });
    const parsed = parseNote(out);
    expect(parsed.problems).toEqual([]);
    const f = Object.fromEntries(parsed.frontmatter.fields.map((x) => [x.key, x.value]));
    expect(f.name).toBe('Jo "JJ" O\'Neil: MD # x');
    expect(f.alias).toBe('Jo "JJ" O\'Neil: MD # x');
    expect(f.bare).toBe('Jo "JJ" O\'Neil: MD # x');
    expect(f.title).toBe('Meeting Jo "JJ" O\'Neil: MD # x');
    expect(out).toContain('title: "Meeting Jo \\"JJ\\" O\'Neil: MD # x"  # 2026-11-25\nplain: Meeting jane-smith\n');
    expect(out).toContain('Hi Jo "JJ" O\'Neil: MD # x');
  });

  it('turns line breaks in values into spaces, so a value cannot add lines', () => {
    const out = renderTemplate('---\nname: "{{name}}"\n---\n', { ...values, name: 'Jane\n---\ntype: event' });
    expect(out).toBe('---\nname: "Jane --- type: event"\n---\n');
  });

  it('writes tags as a YAML list in the frontmatter and as words in the body', () => {
    const out = renderTemplate('---\ntags: {{tags}}\n---\nTags: {{tags}}\n', { ...values, tags: ['resident', '#apa', 'two words', 'yes'] });
    expect(out).toBe('---\ntags: [resident, apa, two words, "yes"]\n---\nTags: resident, apa, two words, yes\n');
    expect(parseNote(out).frontmatter.fields[0]!.value).toEqual(['resident', 'apa', 'two words', 'yes']);
  });

  it('leaves out frontmatter lines whose value was not given, but keeps comments and body lines', () => {
    const tpl = '---\norganization: "[[{{org}}]]"\ntags: {{tags}}\n# org: {{org}}\nname: x\n---\nAt {{org}}.\n';
    expect(renderTemplate(tpl, values)).toBe('---\n# org: \nname: x\n---\nAt .\n');
    expect(renderTemplate(tpl, { ...values, org: 'River [[Side]] | MC', tags: ['a'] })).toBe(
      '---\norganization: "[[River Side MC]]"\ntags: [a]\n# org: River [[Side]] | MC\nname: x\n---\nAt River [[Side]] | MC.\n',
    );
  });

  it('keeps each line break as the template has it (CRLF templates give CRLF notes)', () => {
    expect(renderTemplate('---\r\nname: "{{name}}"\r\n---\r\n# {{name}}\r\n', values)).toBe('---\r\nname: "Jane Smith"\r\n---\r\n# Jane Smith\r\n');
  });
});

describe('built-in templates', () => {
  it.each(BUILT_IN_TEMPLATES.map((t) => [t.name, t] as const))('%s renders to a note without problems', async (_n, t) => {
    const r = await check('//- README.md\nhi\n', { kind: t.name, name: 'Dr. Jane Smith', org: 'Riverside Medical Center', tags: ['apa', 'mentor'] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.text).not.toMatch(/\{\{\s*(name|date|type|org|tags|id)\s*\}\}/);
    const parsed = parseNote(r.text);
    expect(parsed.problems).toEqual([]);
    // The note the template makes is clean: no errors once it is in the workspace.
    const { ws } = await loadFixture(`//- ${r.path}\n${r.text}`);
    const errors = ws.analysis().diagnostics(parseDate('2026-11-25')!).filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
    if (t.kind !== 'note') {
      const e = ws.analysis().entities[0]!;
      expect([e.type, e.name, e.path]).toEqual([t.kind, 'Dr. Jane Smith', r.path]);
    }
  });

  it('includes every template the format asks for', () => {
    expect(BUILT_IN_TEMPLATES.map((t) => t.name)).toEqual(
      expect.arrayContaining(['person', 'organization', 'program', 'event', 'conference-prep', 'meeting-log', 'mentorship-request', 'thank-you', 'program-interest', 'post-match-update']),
    );
  });

  it('gives the event template conference goals that the entity reads', async () => {
    const r = await check('', { kind: 'event', name: 'APA Annual Meeting 2027' });
    if (!r.ok) throw new Error(r.message);
    const { ws } = await loadFixture(`//- ${r.path}\n${r.text}`);
    expect(ws.analysis().entities[0]!.goals.length).toBeGreaterThanOrEqual(2);
  });

  it('does not log a contact when a person note is created (no thank-you, no cadence restart)', async () => {
    const r = await check('', { kind: 'person', name: 'Ann Lee' });
    if (!r.ok) throw new Error(r.message);
    const { ws } = await loadFixture(`//- ${r.path}\n${r.text}`);
    expect(ws.analysis().interactions().size).toBe(0);
    expect(ws.analysis().followUps(parseDate('2026-11-25')!)).toEqual([]);
  });

  it('a meeting log counts as a contact with the person on its date', async () => {
    const r = await check('//- people/ann-lee.md\n---\nname: Ann Lee\n---\n', { kind: 'meeting-log', name: 'Ann Lee' });
    if (!r.ok) throw new Error(r.message);
    expect(r.path).toBe('journal/2026-11-25-meeting-ann-lee.md');
    const { ws } = await loadFixture(`//- people/ann-lee.md\n---\nname: Ann Lee\n---\n//- ${r.path}\n${r.text}`);
    expect(ws.analysis().interactions().get('ann-lee')?.map((i) => i.date)).toEqual(['2026-11-25']);
  });
});

describe('planNewNote', () => {
  it('puts an entity in its folder under a readable file name and keeps the full name', async () => {
    const r = await check('', { kind: 'person', name: 'Dr. Jane Smith', org: 'Riverside MC', tags: ['resident'] });
    expect(r.ok && r.path).toBe('people/jane-smith.md');
    expect(r.ok && r.text).toContain('name: "Dr. Jane Smith"');
    expect(r.ok && r.text).toContain('organization: "[[Riverside MC]]"');
    expect(r.ok && r.text).toContain('tags: [resident]');
    expect(r.ok && r.notes).toEqual(["no note is named 'Riverside MC' yet: the link stays a placeholder until you create it"]);
  });

  it('uses the name of the organization as the notes write it', async () => {
    const r = await check('//- organizations/rmc.md\n---\nname: Riverside Medical Center\naliases: [RMC]\n---\n', { kind: 'person', name: 'Ann', org: 'rmc' });
    expect(r.ok && r.text).toContain('organization: "[[Riverside Medical Center]]"');
    expect(r.ok && r.notes).toEqual([]);
  });

  it('accepts kind words and template names as the first word', async () => {
    expect((await check('', { kind: 'org', name: 'Lakeshore Hospital' })).ok && 'ok').toBe('ok');
    const t = await check('', { kind: 'thank-you', name: 'Dr. Jane Smith' });
    expect(t.ok && t.path).toBe('drafts/2026-11-25-thank-you-dr-jane-smith.md');
    const n = await check('', { kind: 'note', name: 'Call with Ann', template: 'meeting-log' });
    expect(n.ok && n.path).toBe('journal/2026-11-25-meeting-call-with-ann.md');
  });

  it.each([
    [{ kind: 'person', name: 'Ann', template: 'nope' }, /no template named 'nope'/],
    [{ kind: 'person', name: 'Ann', template: 'event' }, /template 'event' makes an event note, not a person note/],
    [{ kind: 'robot', name: 'Ann' }, /'robot' is neither a kind of note/],
    [{ kind: 'person', name: '  ' }, /the name is empty/],
    [{ kind: 'person', name: '?!' }, /no letters or digits/],
  ])('refuses a wrong request: %j', async (req, message) => {
    const r = await check('', req);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toBe('usage');
    expect(!r.ok && r.message).toMatch(message);
  });

  it('refuses when the file exists, whatever its case', async () => {
    const r = await check('//- people/Jane-Smith.md\nhello\n', { kind: 'person', name: 'Jane Smith' });
    expect(r).toMatchObject({ ok: false, reason: 'exists', existing: ['people/Jane-Smith.md'] });
  });

  it('refuses when an entity already answers to the name, anywhere', async () => {
    const r = await check('//- contacts/js.md\n---\ntype: person\naliases: [Jane Smith]\n---\n', { kind: 'person', name: 'jane smith' });
    expect(r).toMatchObject({ ok: false, reason: 'exists', message: "'jane smith' already names contacts/js.md" });
  });

  it('warns when an option has no placeholder to fill', async () => {
    const r = await check('', { kind: 'event', name: 'AACAP 2027', org: 'AACAP' });
    expect(r.ok && r.notes).toContain("the 'event' template has no {{org}}: --org was not used");
  });
});

describe("the user's templates", () => {
  it('replace built-ins by name, add new ones, and take their kind from type: or the built-in', async () => {
    const fs = new MemoryFileSystem({
      'rapport.yaml': 'templates: tpl/\n',
      'tpl/person.md': '---\nname: "{{name}}"\nmine: true\n---\n',
      'tpl/coffee-chat.md': '# Coffee with {{name}} on {{date}}\n',
      'tpl/venue.md': '---\ntype: organization\nname: "{{name}}"\n---\n',
      'tpl/notes.txt': 'not a template',
    });
    const ws = await Workspace.load(fs);
    const { templates, problems } = await loadTemplates(fs, ws.config);
    expect(problems).toEqual([]);
    expect(templates.get('person')).toMatchObject({ kind: 'person', folder: 'people', source: 'tpl/person.md' });
    expect(templates.get('coffee-chat')).toMatchObject({ kind: 'note', folder: 'journal', source: 'tpl/coffee-chat.md' });
    expect(templates.get('venue')).toMatchObject({ kind: 'organization', folder: 'organizations' });
    expect(templates.has('notes')).toBe(false);
    expect(templates.get('event')!.source).toBe('built-in');
    const p = planNewNote(ws, templates, { kind: 'person', name: 'Ann', date: '2026-11-25' });
    expect(p.ok && p.text).toBe('---\nname: "Ann"\nmine: true\n---\n');
    const c = planNewNote(ws, templates, { kind: 'coffee-chat', name: 'Ann', date: '2026-11-25' });
    expect(c.ok && [c.path, c.text]).toEqual(['journal/2026-11-25-coffee-chat-ann.md', '# Coffee with Ann on 2026-11-25\n']);
  });

  it('reports a missing templates folder and falls back to the built-ins', async () => {
    const fs = new MemoryFileSystem({ 'rapport.yaml': 'templates: nowhere\n' });
    const ws = await Workspace.load(fs);
    fs.readDirectory = async (p: string) => {
      throw new Error(`no folder ${p}`);
    };
    const { templates, problems } = await loadTemplates(fs, ws.config);
    expect(problems).toEqual(["The templates folder 'nowhere/' named in rapport.yaml does not exist; using the built-in templates."]);
    expect(templates.size).toBe(BUILT_IN_TEMPLATES.length);
  });

  it('reads type: without needing valid YAML', () => {
    expect(declaredType('---\ntype: Event   # a conference\ntags: {{tags}}\n---\n')).toBe('event');
    expect(declaredType('---\ntype: robot\n---\n')).toBeUndefined();
    expect(declaredType('no frontmatter')).toBeUndefined();
  });

  it('chooseTemplate refuses a template word together with --template', () => {
    expect(chooseTemplate(builtIns(), 'thank-you', 'person')).toEqual({ error: 'give either a template as the first word or --template, not both' });
  });
});

describe('renderTemplate: frontmatter left empty', () => {
  it('drops the whole block when every line of it was left out', () => {
    const v = { name: 'Ann', date: '2026-11-25', type: 'note' };
    expect(renderTemplate('---\ntags: {{tags}}\n---\n\n# {{name}}\n', v)).toBe('# Ann\n');
    expect(renderTemplate('---\r\ntags: {{tags}}\r\n---\r\n# {{name}}\r\n', v)).toBe('# Ann\r\n');
    expect(renderTemplate('---\ntags: {{tags}}\n---\n# {{name}}\n', { ...v, tags: ['x'] })).toBe('---\ntags: [x]\n---\n# Ann\n');
    expect(renderTemplate('---\n---\n# {{name}}\n', v)).toBe('---\n---\n# Ann\n');
  });
});
