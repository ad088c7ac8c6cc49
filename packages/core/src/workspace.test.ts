import { describe, expect, it } from 'vitest';
import { loadFixture } from './testing.js';
import { MemoryFileSystem } from './fs.js';
import { Workspace } from './workspace.js';
import { parseDate } from './dates.js';
import { LineIndex } from './text.js';

const TODAY = parseDate('2026-11-25')!;

/** Loads a fixture and lists its diagnostics as `path:line code` strings (1-based lines). */
async function check(source: string) {
  const { ws } = await loadFixture(source);
  const diags = ws.analysis().diagnostics(TODAY);
  return { ws, a: ws.analysis(), diags: diags.map((d) => `${d.path}:${d.range.start.line + 1} ${d.code}`).sort() };
}

describe('entities', () => {
  it('take their type from frontmatter, else from the top folder; other notes are plain', async () => {
    const { a } = await check(`
      //- people/ann.md
      Ann
      //- notes/org.md
      ---
      type: organization
      ---
      //- events/x.md
      ---
      type: program
      ---
      //- journal/day.md
      Plain
      //- archive/people/old.md
      Not under a top folder named people
    `);
    expect(a.entities.map((e) => [e.path, e.type, e.id])).toEqual([
      ['events/x.md', 'program', 'x'],
      ['notes/org.md', 'organization', 'org'],
      ['people/ann.md', 'person', 'ann'],
    ]);
  });

  it('are reached by id, name and alias, case-insensitively and whatever the Unicode normal form', async () => {
    const nfd = 'Jose\u0301 Nu\u0301n\u0303ez';
    const { a, diags } = await check(`
      //- people/jane-smith.md
      ---
      name: Dr. Jane Smith
      aliases: [Jane, JS]
      ---
      //- people/jose.md
      ---
      name: ${nfd}
      ---
      //- journal/a.md
      [[jane-smith]] [[DR. JANE SMITH]] [[jane]] [[js]] [[people/jane-smith]] [[José Núñez]] [[other/folder/JANE-SMITH]]
    `);
    const note = a.note('journal/a.md')!;
    expect(note.parsed.links.map((l) => a.target(note.path, l)?.id ?? null)).toEqual(['jane-smith', 'jane-smith', 'jane-smith', 'jane-smith', 'jane-smith', 'jose', 'jane-smith']);
    expect(diags).toEqual([]);
  });

  it('resolves Markdown links by relative path', async () => {
    const { a, diags } = await check(`
      //- people/ann.md
      [program](../programs/riverside.md) [missing](../programs/nowhere.md)
      //- programs/riverside.md
      ---
      name: Riverside Psychiatry
      ---
    `);
    const note = a.note('people/ann.md')!;
    expect(a.resolve(note.path, note.parsed.links[0]!)).toMatchObject({ status: 'entity' });
    expect(diags).toEqual(['people/ann.md:1 broken-link']);
  });

  it('reports placeholders, ambiguous links and duplicate names at the exact place', async () => {
    const { a, ws, diags } = await check(`
      //- people/a.md
      ---
      name: Sam Lee
      ---
      //- people/b.md
      ---
      aliases: [Sam Lee]
      ---
      //- journal/x.md
      Met [[Sam Lee]] and [[Nobody Yet]].
    `);
    expect(diags).toEqual(['journal/x.md:1 ambiguous-link', 'journal/x.md:1 broken-link', 'people/a.md:2 duplicate-entity', 'people/b.md:2 duplicate-entity']);
    const broken = a.diagnostics(TODAY).find((d) => d.code === 'broken-link')!;
    const note = ws.get('journal/x.md')!;
    expect(note.text.slice(note.lines.offsetAt(broken.range.start), note.lines.offsetAt(broken.range.end))).toBe('Nobody Yet');
    const g = a.graph();
    expect(g.nodes.filter((n) => n.type === 'placeholder')).toEqual([]);
  });
});

describe('field validation', () => {
  it('reports wrong values with their ranges and codes, and keeps unknown fields', async () => {
    const { ws, a, diags } = await check(`
      //- people/ann.md
      ---
      type: persn
      mentor: [clinical, astrology]
      met: 2026-02-30
      follow_up: tomorrow
      cadence: sometimes
      pronouns: she/her
      stage: target
      last_contact: ""
      snooze_until:
      ---
      //- programs/p.md
      ---
      stage: dreaming
      img_friendly: maybe
      deadline: 2026-11-31
      ---
    `);
    expect(diags).toEqual([
      'people/ann.md:2 invalid-value',
      'people/ann.md:3 invalid-value',
      'people/ann.md:4 invalid-date',
      'people/ann.md:5 invalid-date',
      'people/ann.md:6 invalid-value',
      'programs/p.md:2 invalid-value',
      'programs/p.md:3 invalid-value',
      'programs/p.md:4 invalid-date',
    ]);
    const ann = a.entity('ann')!;
    expect(ann.type).toBe('person'); // the folder decides when type is wrong
    expect(ann.mentor).toEqual(['clinical']);
    expect(ann.data.pronouns).toBe('she/her');
    // unknown-field is off by default, and on when the config asks.
    ws.setConfig('severity:\n  unknown-field: hint\n');
    const hints = ws.analysis().diagnostics(TODAY).filter((d) => d.code === 'unknown-field').map((d) => d.range.start.line);
    expect(hints).toEqual([6, 7]);
  });
});

describe('diagnostic severities', () => {
  it('use the defaults of the note format and the config overrides', async () => {
    const { ws } = await loadFixture(`
      //- people/ann.md
      ---
      met: 2026-11-01
      follow_up: 2026-11-25
      ---
      - [ ] soon 📅 2026-11-27
      [[Ghost]]
      - 2026-02-30 bad
    `);
    const sev = () => Object.fromEntries(ws.analysis().diagnostics(TODAY).map((d) => [d.code, d.severity]));
    expect(sev()).toEqual({ overdue: 'warning', 'due-today': 'information', upcoming: 'hint', 'broken-link': 'warning', 'invalid-date': 'error' });
    ws.setConfig('severity:\n  broken-link: error\n  upcoming: off\n');
    expect(sev()).toEqual({ overdue: 'warning', 'due-today': 'information', 'broken-link': 'error', 'invalid-date': 'error' });
  });
});

describe('workspace files', () => {
  it('reads every .md except .git, node_modules, .gitignore matches and the config ignore globs', async () => {
    const fs = new MemoryFileSystem({
      'rapport.yaml': 'ignore: [archive/**, "*.draft.md"]\ntemplates: tpl\n',
      'tpl/person.md': '---\ntype: person\nname: "{{name}}"\n---\n',
      '.gitignore': 'private/\n',
      'people/a.md': 'a',
      'people/b.draft.md': 'b',
      'archive/people/c.md': 'c',
      'private/d.md': 'd',
      '.git/e.md': 'e',
      'node_modules/pkg/f.md': 'f',
      'sub/.gitignore': 'secret.md\n',
      'sub/secret.md': 'g',
      'sub/open.md': 'h',
      'people/notes.txt': 'not markdown',
    });
    const ws = await Workspace.load(fs);
    expect([...ws.notes.keys()].sort()).toEqual(['people/a.md', 'sub/open.md']);
  });

  it('applies each kind of rule when it is the only one, and with no rule at all still skips .git, node_modules and .rapport', async () => {
    const notes = { 'people/a.md': 'a', 'drafts/b.md': 'b', 'tpl/c.md': 'c', '.git/d.md': 'd', 'node_modules/p/e.md': 'e', '.rapport/f.md': 'f', 'x/.rapport/g.md': 'g' };
    const listed = async (extra: Record<string, string>) => [...(await Workspace.load(new MemoryFileSystem({ ...notes, ...extra }))).notes.keys()].sort();
    expect(await listed({})).toEqual(['drafts/b.md', 'people/a.md', 'tpl/c.md']);
    expect(await listed({ 'rapport.yaml': 'today: 2026-11-25\n' })).toEqual(['drafts/b.md', 'people/a.md', 'tpl/c.md']);
    expect(await listed({ '.gitignore': 'drafts/\n' })).toEqual(['people/a.md', 'tpl/c.md']);
    expect(await listed({ 'people/.gitignore': 'a.md\n' })).toEqual(['drafts/b.md', 'tpl/c.md']);
    expect(await listed({ 'rapport.yaml': 'ignore: drafts/**\n' })).toEqual(['people/a.md', 'tpl/c.md']);
    expect(await listed({ 'rapport.yaml': 'templates: tpl\n' })).toEqual(['drafts/b.md', 'people/a.md']);
    const ws = await Workspace.load(new MemoryFileSystem(notes));
    expect([ws.isNotePath('people/z.md'), ws.isNotePath('.git/z.md'), ws.isNotePath('a/../node_modules/z.md')]).toEqual([true, false, false]);
  });

  it('leaves out a templates folder named outside rapport.yaml (an editor setting), with or without a config', async () => {
    const files = {
      'my templates/person.md': '---\ntype: person\nname: "{{name}}"\n---\n',
      'tpl/person.md': '---\ntype: person\nname: "{{title}}"\n---\n',
      'people/a.md': 'a',
    };
    const plain = await Workspace.load(new MemoryFileSystem(files), { templatesFolder: 'my templates/' });
    expect([...plain.notes.keys()].sort()).toEqual(['people/a.md', 'tpl/person.md']);
    // The setting wins over the config's `templates:` (as it does for finding templates).
    const configured = await Workspace.load(new MemoryFileSystem({ ...files, 'rapport.yaml': 'templates: tpl\n' }), { templatesFolder: 'my templates' });
    expect([...configured.notes.keys()].sort()).toEqual(['people/a.md', 'tpl/person.md']);
    expect(configured.isNotePath('my templates/x.md')).toBe(false);
    const none = await Workspace.load(new MemoryFileSystem({ ...files, 'rapport.yaml': 'templates: tpl\n' }));
    expect([...none.notes.keys()].sort()).toEqual(['my templates/person.md', 'people/a.md']);
  });

  it('reports a bad rapport.yaml and keeps its defaults', async () => {
    const fs = new MemoryFileSystem({ 'rapport.yaml': 'upcoming: soon\ntimezone: Mars/Olympus\ntoday: 2026-02-30\ncolour: blue\n' });
    const ws = await Workspace.load(fs);
    expect(ws.configProblems.map((p) => [p.code, p.range.start.line])).toEqual([
      ['invalid-value', 0],
      ['invalid-value', 1],
      ['invalid-date', 2],
      ['unknown-field', 3],
    ]);
    expect(ws.config.upcoming.days).toBe(7);
  });

  it('updates incrementally: a journal entry changes another note\'s follow-ups', async () => {
    const { ws } = await loadFixture(`
      //- people/ann.md
      ---
      met: 2026-11-20
      ---
      //- journal/day.md
      Nothing yet
    `);
    expect(ws.analysis().followUps(TODAY).map((f) => f.kind)).toEqual(['thank-you']);
    ws.set('journal/day.md', '- 2026-11-22 Thanked [[Ann]] by email\n');
    expect(ws.analysis().followUps(TODAY)).toEqual([]);
    ws.delete('journal/day.md');
    expect(ws.analysis().followUps(TODAY).map((f) => f.kind)).toEqual(['thank-you']);
    ws.rename('people/ann.md', 'people/annie.md');
    expect(ws.analysis().followUps(TODAY).map((f) => f.entity?.id)).toEqual(['annie']);
  });
});

describe('graph', () => {
  it('has typed edges from fields and body links, with placeholders as nodes', async () => {
    const { a } = await check(`
      //- people/ann.md
      ---
      organization: "[[Riverside]]"
      met_at: "[[APA 2026]]"
      introduced_by: "[[Bob]]"
      ---
      Knows [[Bob]] and [[Ghost Person]].
      //- people/bob.md
      Bob
      //- organizations/riverside.md
      ---
      parent: "[[Health System]]"
      ---
      //- organizations/health-system.md
      ---
      name: Health System
      ---
      //- events/apa-2026.md
      ---
      name: APA 2026
      ---
      //- programs/psych.md
      ---
      organization: "[[Riverside]]"
      contacts: ["[[Ann]]"]
      ---
    `);
    const g = a.graph();
    expect(g.edges.map((e) => `${e.from} -${e.kind}-> ${e.to}`).sort()).toEqual([
      'ann -introduced-by-> bob',
      'ann -member-of-> psych',
      'ann -mentions-> bob',
      'ann -mentions-> placeholder:ghost person',
      'ann -met-at-> apa-2026',
      'ann -works-at-> riverside',
      'psych -part-of-> riverside',
      'riverside -part-of-> health-system',
    ]);
    expect(g.nodes.find((n) => n.type === 'placeholder')).toEqual({ id: 'placeholder:ghost person', type: 'placeholder', name: 'Ghost Person' });
    expect(a.backlinks().get('bob')!.map((b) => b.path)).toEqual(['people/ann.md', 'people/ann.md']);
  });
});

describe('note line index', () => {
  it('answers the same before and after the parse (which lets it go, to be made again on need)', () => {
    const ws = new Workspace();
    const text = '\uFEFF---\r\ntype: person\r\n---\r\n# Log\r\n- 2026-01-02 met 😀 [[Jane]]\r\n';
    const note = ws.set('people/a.md', text);
    const fresh = new LineIndex(text);
    const before = note.lines;
    expect(before.lineStarts).toEqual(fresh.lineStarts);
    expect(note.parsed.logEntries).toHaveLength(1);
    const after = note.lines;
    expect(after.lineStarts).toEqual(fresh.lineStarts);
    for (let o = 0; o <= text.length; o++) expect(after.positionAt(o)).toEqual(fresh.positionAt(o));
    expect(after.lineText(4)).toBe('- 2026-01-02 met 😀 [[Jane]]');
    // Made again once, then kept.
    expect(note.lines).toBe(after);
  });
});

describe('entity data', () => {
  it('holds every field as its own value; names like constructor, __proto__ or toString find nothing inherited', async () => {
    const { a } = await check(`
      //- people/ann.md
      ---
      type: person
      name: Ann
      constructor: builder
      "__proto__": odd
      ---
      //- people/bo.md
      ---
      name: Bo
      ---
    `);
    const ann = a.entities.find((e) => e.id === 'ann')!;
    expect(Object.keys(ann.data)).toEqual(['type', 'name', 'constructor', '__proto__']);
    expect(ann.data.constructor).toBe('builder');
    expect(Object.prototype.hasOwnProperty.call(ann.data, '__proto__')).toBe(true);
    expect(ann.data['__proto__']).toBe('odd');
    expect(JSON.stringify(ann.data)).toBe('{"type":"person","name":"Ann","constructor":"builder","__proto__":"odd"}');
    const bo = a.entities.find((e) => e.id === 'bo')!;
    for (const k of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(k in bo.data).toBe(false);
      expect(bo.data[k]).toBeUndefined();
    }
  });
});
