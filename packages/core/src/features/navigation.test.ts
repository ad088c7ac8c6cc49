import { describe, expect, it } from 'vitest';
import { loadFixture } from '../testing.js';
import { applyEdits } from '../edits.js';
import { definitionAt, planRename, prepareRename, referencesAt } from './navigation.js';

const NET = `
//- people/jane-smith.md
---
name: Dr. Jane Smith
aliases: [Jane]
---
Works at [[Riverside]].
//- organizations/Riverside.md
---
type: organization
---
## Log
- 2026-05-18 Open day
//- journal/a.md
- 2026-05-18 Met [[Dr. Jane Smith]], [[Jane|J]], [[people/jane-smith]] and [she](../people/jane-smith.md).
- [[Riverside#2026-05-18]] and [[Nobody]] and [[nobody|N]]
`;

/** Loads the network with a cursor, renames, and returns every changed file's new text (and the file rename). */
async function check(cursorIn: string, needle: string, newName: string, options?: { renameFile?: boolean }) {
  const { ws } = await loadFixture(NET);
  const path = cursorIn;
  const note = ws.get(path)!;
  const pos = note.lines.positionAt(note.text.indexOf(needle) + 2);
  const r = planRename(ws.analysis(), path, pos, newName, options);
  if (!r.ok) return { error: r.message };
  const files: Record<string, string> = {};
  for (const [p, edits] of r.plan.edits) files[p] = applyEdits(ws.get(p)!.text, edits);
  return { files, renameFile: r.plan.renameFile };
}

describe('rename', () => {
  it('rewrites every link by name, id and path, keeps alias links, and renames a slug-named file', async () => {
    const r = await check('journal/a.md', '[[Dr. Jane Smith]]', 'Dr. Jane Doe');
    expect(r.renameFile).toEqual({ from: 'people/jane-smith.md', to: 'people/jane-doe.md' });
    expect(r.files!['journal/a.md']).toContain('Met [[Dr. Jane Doe]], [[Jane|J]], [[people/jane-doe]] and [she](../people/jane-doe.md).');
    expect(r.files!['people/jane-smith.md']).toContain('name: Dr. Jane Doe\n');
  });

  it('keeps the file, and the links by id, path and file, when the editor cannot rename files', async () => {
    const r = await check('journal/a.md', '[[Dr. Jane Smith]]', 'Dr. Jane Doe', { renameFile: false });
    expect(r.renameFile).toBeUndefined();
    expect(r.files!['journal/a.md']).toContain('Met [[Dr. Jane Doe]], [[Jane|J]], [[people/jane-smith]] and [she](../people/jane-smith.md).');
    expect(r.files!['people/jane-smith.md']).toContain('name: Dr. Jane Doe\n');
  });

  it('renames from inside the entity note too, and a file named like the entity follows the name', async () => {
    const r = await check('people/jane-smith.md', '[[Riverside]]', 'Riverside Health');
    expect(r.renameFile).toEqual({ from: 'organizations/Riverside.md', to: 'organizations/Riverside Health.md' });
    expect(r.files!['journal/a.md']).toContain('[[Riverside Health#2026-05-18]]');
    expect(r.files!['people/jane-smith.md']).toContain('Works at [[Riverside Health]].');
  });

  it('refuses names that collide or cannot be note names, and links to nothing', async () => {
    expect(await check('journal/a.md', '[[Dr. Jane Smith]]', 'riverside')).toEqual({ error: "'riverside' already names organizations/Riverside.md." });
    expect((await check('journal/a.md', '[[Dr. Jane Smith]]', 'A [b]')).error).toContain('cannot be a note name');
    const { ws } = await loadFixture(NET);
    const n = ws.get('journal/a.md')!;
    expect(prepareRename(ws.analysis(), n.path, n.lines.positionAt(n.text.indexOf('[[Nobody]]') + 3))).toEqual({ error: "'Nobody' is not a single existing entity, so there is nothing to rename." });
  });
});

describe('definition and references', () => {
  it('goes to an anchor inside the target note, and lists every link to a missing note', async () => {
    const { ws } = await loadFixture(NET);
    const a = ws.analysis();
    const n = ws.get('journal/a.md')!;
    const def = definitionAt(a, n.path, n.lines.positionAt(n.text.indexOf('Riverside#') + 1));
    expect(def).toEqual([{ path: 'organizations/Riverside.md', range: { start: { line: 4, character: 2 }, end: { line: 4, character: 12 } } }]);
    const refs = referencesAt(a, n.path, n.lines.positionAt(n.text.indexOf('[[Nobody]]') + 3));
    expect(refs.map((r) => n.text.split('\n')[r.range.start.line]!.slice(r.range.start.character, r.range.end.character))).toEqual(['[[Nobody]]', '[[nobody|N]]']);
    const back = referencesAt(a, 'people/jane-smith.md', { line: 5, character: 0 }, true);
    expect(back.map((r) => r.path)).toEqual(['journal/a.md', 'journal/a.md', 'journal/a.md', 'journal/a.md', 'people/jane-smith.md']);
  });
});
