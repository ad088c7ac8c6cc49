import { afterEach, describe, expect, it, vi } from 'vitest';
import { Analysis } from '@rapport/core';
import { mkdtempSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseFixture } from '@rapport/core/testing';
import { readOverrides, ServerState } from './state.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function onDisk(source: string): { root: string; uri: (rel: string) => string } {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'rapport-state-')));
  roots.push(root);
  for (const [rel, text] of Object.entries(parseFixture(source).files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return { root, uri: (rel) => pathToFileURL(path.join(root, rel)).href };
}

const NETWORK = `
//- rapport.yaml
timezone: America/New_York
//- people/kevin.md
---
type: person
name: Kevin
met: 2026-11-20
---
//- journal/note.md
Nothing yet.
`;

/** The messages published for one note, by URI suffix. */
function messages(list: { uri: string; diagnostics: { message: string }[] }[], rel: string): string[] | undefined {
  return list.find((x) => x.uri.endsWith(rel))?.diagnostics.map((d) => d.message);
}

describe('ServerState', () => {
  it('takes "today" from the configured time zone and notices when the date rolls over', async () => {
    const { root } = onDisk(NETWORK);
    let now = Date.parse('2026-11-25T04:00:00Z'); // 23:00 on the 24th in New York
    const s = new ServerState(() => now);
    const f = await s.addFolder(root);
    expect(s.today(f).toString()).toBe('2026-11-24');
    expect(messages(s.diagnosticsToPublish(), 'people/kevin.md')).toEqual(['Thank-you to Kevin overdue by 1 day — met 2026-11-20']);
    expect(s.dateRolledOver()).toBe(false);
    now = Date.parse('2026-11-25T05:30:00Z'); // 00:30 on the 25th in New York
    expect(s.dateRolledOver()).toBe(true);
    const next = s.diagnosticsToPublish();
    expect(messages(next, 'people/kevin.md')).toEqual(['Thank-you to Kevin overdue by 2 days — met 2026-11-20']);
    expect(next.map((x) => path.basename(x.uri))).toEqual(['kevin.md']); // only what changed
    expect(s.dateRolledOver()).toBe(false);
  });

  it('lets an open document override the disk until it is closed, and republishes only changed notes', async () => {
    const { root, uri } = onDisk(NETWORK.replace('timezone: America/New_York', 'today: 2026-11-25'));
    const s = new ServerState();
    await s.addFolder(root);
    s.diagnosticsToPublish();
    await s.setOpen(uri('journal/note.md'), '- 2026-11-21 Thanked [[Kevin]].\n');
    const after = s.diagnosticsToPublish();
    expect(after).toEqual([{ uri: uri('people/kevin.md'), diagnostics: [] }]);
    expect(s.takeChanged()).toEqual([uri('journal/note.md')]);
    await s.closeOpen(uri('journal/note.md'));
    expect(messages(s.diagnosticsToPublish(), 'people/kevin.md')).toEqual(['Thank-you to Kevin overdue by 2 days — met 2026-11-20']);
  });

  it('opens the workspace of a note outside every folder (nearest rapport.yaml)', async () => {
    const { root, uri } = onDisk(NETWORK.replace('timezone: America/New_York', 'today: 2026-11-25'));
    const s = new ServerState();
    await s.setOpen(uri('people/kevin.md'), '---\ntype: person\nname: Kevin\nmet: 2026-11-24\n---\n');
    expect(s.folders.map((f) => f.root)).toEqual([root]);
    expect(messages(s.diagnosticsToPublish(), 'people/kevin.md')).toEqual(['Thank-you to Kevin due in 2 days — met 2026-11-24']);
  });

  it('applies editor overrides of upcoming and time zone over rapport.yaml', async () => {
    const { root } = onDisk(NETWORK.replace('met: 2026-11-20', 'met: 2026-12-20'));
    const s = new ServerState(() => Date.parse('2026-12-10T12:00:00Z'));
    const f = await s.addFolder(root);
    expect(messages(s.diagnosticsToPublish(), 'people/kevin.md')).toBeUndefined();
    await s.setOverrides(readOverrides({ upcoming: '20 days', timezone: 'Asia/Tokyo', templatesFolder: '../outside' }));
    expect(s.overrides).toEqual({ upcoming: { years: 0, months: 0, weeks: 0, days: 20 }, timezone: 'Asia/Tokyo' });
    expect(f.ws.config.timezone).toBe('Asia/Tokyo');
    expect(messages(s.diagnosticsToPublish(), 'people/kevin.md')).toEqual(['Thank-you to Kevin due in 13 days — met 2026-12-20']);
  });

  it('leaves the editor\'s templates folder out of the index, as rapport.yaml\'s templates folder', async () => {
    const { root } = onDisk(NETWORK + '//- my-templates/person.md\n---\ntype: person\nname: "{{name}}"\nmet: 2026-11-01\n---\n');
    const s = new ServerState();
    const f = await s.addFolder(root);
    expect(f.ws.notes.has('my-templates/person.md')).toBe(true);
    await s.setOverrides(readOverrides({ templatesFolder: 'my-templates' }));
    expect(s.folders[0]!.ws.notes.has('my-templates/person.md')).toBe(false);
    expect(s.folders[0]!.ws.isNotePath('my-templates/other.md')).toBe(false);
    expect(s.folders[0]!.templates.has('person')).toBe(true);
    await s.setOverrides(readOverrides({}));
    expect(s.folders[0]!.ws.notes.has('my-templates/person.md')).toBe(true);
  });

  it('after an edit checks only the notes it can affect, and what it publishes adds up to a fresh full check', async () => {
    const net = NETWORK.replace('timezone: America/New_York', 'today: 2026-11-25') + '//- people/ana.md\n---\ntype: person\nname: Ana\nmet: 2026-11-10\n---\n';
    const { root, uri } = onDisk(net);
    const s = new ServerState();
    await s.addFolder(root);
    const shown = new Map<string, string>();
    const apply = (list: { uri: string; diagnostics: { message: string }[] }[]) => {
      for (const x of list) shown.set(x.uri, JSON.stringify(x.diagnostics));
    };
    apply(s.diagnosticsToPublish());
    const spy = vi.spyOn(Analysis.prototype, 'affectedSince');
    const open = new Map<string, string>();
    const steps: [string, string][] = [
      ['journal/note.md', '- 2026-11-21 Thanked [[Kevin]].\n'],
      ['journal/note.md', '- 2026-11-22 Coffee with [[Ana]].\n- [ ] Write to [[nobody]] 📅 2026-11-20\n'],
      ['people/kevin.md', '---\ntype: person\nname: Kevin\nmet: 2026-11-01\n---\n- 2026-11-02 met\n'],
      ['people/kevin.md', '---\ntype: person\nname: Kev\nmet: 2026-11-01\n---\n'], // a rename: everything again
      ['journal/note.md', 'Nothing now, [[Kev]].\n'],
    ];
    const targeted: (string[] | undefined)[] = [];
    for (const [rel, text] of steps) {
      open.set(rel, text);
      await s.setOpen(uri(rel), text);
      apply(s.diagnosticsToPublish());
      const r = spy.mock.results.at(-1)?.value as Set<string> | undefined;
      targeted.push(r && [...r].sort());
      const fresh = new ServerState();
      await fresh.addFolder(root);
      for (const [r2, t2] of open) await fresh.setOpen(uri(r2), t2);
      const want = new Map(fresh.diagnosticsToPublish(true).map((x) => [x.uri, JSON.stringify(x.diagnostics)]));
      // A note never published stands for an empty list (the state skips clean notes the first time).
      expect(new Map([...want.keys()].map((u) => [u, shown.get(u) ?? '[]']))).toEqual(want);
    }
    spy.mockRestore();
    expect(targeted).toEqual([
      ['journal/note.md', 'people/kevin.md'],
      ['journal/note.md', 'people/ana.md', 'people/kevin.md'],
      ['people/kevin.md'],
      undefined,
      ['journal/note.md', 'people/ana.md'], // Ana loses the coffee of the text before
    ]);
  });
  it('on a round that checks every note, gives the open documents first, and the round does not repeat them', async () => {
    const net = NETWORK.replace('timezone: America/New_York', 'today: 2026-11-25') + '//- people/ana.md\n---\ntype: person\nname: Ana\nmet: 2026-11-10\n---\n';
    const { root, uri } = onDisk(net);
    const s = new ServerState();
    await s.setOpen(uri('people/ana.md'), '---\ntype: person\nname: Ana\nmet: 2026-11-10\n---\n');
    await s.setOpen(uri('journal/note.md'), 'See [[nobody]].\n');
    const ahead = s.openDiagnosticsFirst(true);
    expect(ahead.map((x) => x.uri).sort()).toEqual([uri('journal/note.md'), uri('people/ana.md')]);
    expect(messages(ahead, 'people/ana.md')).toEqual(['Thank-you to Ana overdue by 12 days — met 2026-11-10']);
    const rest = s.diagnosticsToPublish(true);
    expect(rest.map((x) => x.uri)).not.toContain(uri('people/ana.md'));
    expect(rest.map((x) => x.uri)).not.toContain(uri('journal/note.md'));
    // Together they are what a fresh full check publishes.
    const fresh = new ServerState();
    await fresh.addFolder(root);
    await fresh.setOpen(uri('people/ana.md'), '---\ntype: person\nname: Ana\nmet: 2026-11-10\n---\n');
    await fresh.setOpen(uri('journal/note.md'), 'See [[nobody]].\n');
    const sorted = (l: { uri: string; diagnostics: unknown }[]) => [...l].sort((a, b) => (a.uri < b.uri ? -1 : 1));
    expect(sorted([...ahead, ...rest])).toEqual(sorted(fresh.diagnosticsToPublish(true)));
    // An edit that only some notes feel: no round over every note, nothing ahead.
    await s.setOpen(uri('journal/note.md'), '- 2026-11-21 Coffee with [[Ana]].\n');
    expect(s.openDiagnosticsFirst()).toEqual([]);
    expect(messages(s.diagnosticsToPublish(), 'people/ana.md')).toEqual([]);
    // A rename checks every note again: the open documents come first when they changed (the journal did not).
    await s.setOpen(uri('people/kevin.md'), '---\ntype: person\nname: Kev\nmet: 2026-11-20\n---\n');
    expect(s.openDiagnosticsFirst().map((x) => x.uri)).toEqual([uri('people/kevin.md')]);
    const after = s.diagnosticsToPublish();
    expect(after.map((x) => x.uri)).not.toContain(uri('people/kevin.md'));
  });

  it('gives every note the URI pathToFileURL gives, plain paths or not, and the client\'s spelling of an open one', async () => {
    const { root } = onDisk(NETWORK);
    const s = new ServerState();
    const f = await s.addFolder(root);
    const rels = ['people/kevin.md', 'a b/c.md', 'x%y/z#1.md', 'café/é.md', '.templates/t.md', 'a/-b_c.d.md', 'q?/r.md', 'A/B/C.MD'];
    for (const rel of rels) expect(s.uriOf(f, rel)).toBe(pathToFileURL(path.join(root, rel)).href);
    // The same file, spelled with a needless escape (%6B is 'k'): publications use the client's spelling.
    const spelled = pathToFileURL(path.join(root, 'people/kevin.md')).href.replace('/kevin.md', '/%6Bevin.md');
    await s.setOpen(spelled, 'x');
    expect(s.uriOf(f, 'people/kevin.md')).toBe(spelled);
  });
});
