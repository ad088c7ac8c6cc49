import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RootWatcher, type WatchEvent } from './watch.js';

let root = '';
let watcher: RootWatcher | undefined;
afterEach(() => {
  watcher?.stop();
  if (root) rmSync(root, { recursive: true, force: true });
});

function check(setup: Record<string, string>) {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'rapport-watch-')));
  for (const [rel, text] of Object.entries(setup)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  const events: WatchEvent[] = [];
  const errors: string[] = [];
  watcher = new RootWatcher(root, (e) => events.push(e), (m) => errors.push(m));
  expect(watcher.start()).toBe(true);
  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;
  /** Resolves once an event for `rel` of kind `change` arrived. */
  const seen = async (rel: string, change: WatchEvent['change']) => {
    for (let i = 0; i < 400; i++) {
      if (events.some((e) => e.uri === uri(rel) && e.change === change)) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no ${change} event for ${rel}: ${JSON.stringify(events)}`);
  };
  return { events, errors, seen, abs: (rel: string) => path.join(root, rel) };
}

describe('RootWatcher (clients that cannot watch files)', () => {
  it('reports a change to a note in a nested folder, and a new note', async () => {
    const w = check({ 'people/a/ann.md': 'x', 'rapport.yaml': 'today: 2026-11-25\n' });
    writeFileSync(w.abs('people/a/ann.md'), 'y');
    await w.seen('people/a/ann.md', 'changed');
    writeFileSync(w.abs('people/bob.md'), 'z');
    await w.seen('people/bob.md', 'created');
    writeFileSync(w.abs('rapport.yaml'), 'today: 2026-11-26\n');
    await w.seen('rapport.yaml', 'changed');
  });

  it('watches a folder that appears later, reporting the notes moved in with it; and a folder that goes away takes its notes', async () => {
    const w = check({ 'people/ann.md': 'x' });
    const outside = mkdtempSync(path.join(tmpdir(), 'rapport-watch-out-'));
    mkdirSync(path.join(outside, 'team'));
    writeFileSync(path.join(outside, 'team', 'cy.md'), 'c');
    renameSync(path.join(outside, 'team'), w.abs('team'));
    rmSync(outside, { recursive: true, force: true });
    await w.seen('team/cy.md', 'created');
    // The new folder is watched too.
    writeFileSync(w.abs('team/dee.md'), 'd');
    await w.seen('team/dee.md', 'created');
    rmSync(w.abs('people'), { recursive: true, force: true });
    await w.seen('people/ann.md', 'deleted');
    expect(w.errors).toEqual([]);
  });

  it('ignores .git, node_modules, .rapport and files that are not notes', async () => {
    const w = check({ '.git/x.md': '', 'node_modules/y.md': '', 'notes.txt': '' });
    writeFileSync(w.abs('.git/x.md'), '1');
    writeFileSync(w.abs('node_modules/y.md'), '1');
    writeFileSync(w.abs('notes.txt'), '1');
    writeFileSync(w.abs('last.md'), '1');
    await w.seen('last.md', 'created');
    expect(w.events.map((e) => path.basename(e.uri))).toEqual(['last.md']);
  });

  it('survives a folder replaced by a file of the same name (a stat that fails with ENOTDIR)', async () => {
    const w = check({ 'people/ann.md': 'x', 'keep.md': 'k' });
    rmSync(w.abs('people'), { recursive: true, force: true });
    writeFileSync(w.abs('people'), 'not a folder');
    await w.seen('people/ann.md', 'deleted');
    writeFileSync(w.abs('keep.md'), 'still watched');
    await w.seen('keep.md', 'changed');
    expect(w.errors).toEqual([]);
  });
});
