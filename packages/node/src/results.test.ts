import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, renameSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ResultCache, openWorkspace } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-results-'));
  dirs.push(root);
  for (const [p, t] of Object.entries(files)) write(root, p, t);
  return root;
}

function write(root: string, rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
}

const FILES = {
  'rapport.yaml': 'today: 2026-11-25\n',
  '.gitignore': 'drafts/\n',
  'people/ana.md': '---\ntype: person\nname: Ana\n---\n- 2026-11-20 Coffee\n',
  'people/ben.md': '---\ntype: person\nname: Ben\n---\n',
};

/** The key of the question ['check', today] about the folder as it is on disk now. */
async function keyOf(root: string, build = 'b1', question = ['check', '2026-11-25']): Promise<string> {
  const { workspace } = await openWorkspace(root, { lazy: true, cache: false });
  return new ResultCache(root, build).key(workspace, question);
}

describe('ResultCache keys', () => {
  it('are the same for the same inputs, and change with any input, the question or the build', async () => {
    const root = folder(FILES);
    const k = await keyOf(root);
    expect(await keyOf(root)).toBe(k);
    const seen = new Set([k]);
    const differs = async (what: string, change: () => void | Promise<void>, key: () => Promise<string> = () => keyOf(root)) => {
      await change();
      const next = await key();
      expect(seen.has(next), what).toBe(false);
      seen.add(next);
    };
    await differs('one byte of a note', () => write(root, 'people/ben.md', '---\ntype: person\nname: Bem\n---\n'));
    await differs('a renamed note', () => renameSync(path.join(root, 'people/ben.md'), path.join(root, 'people/benjamin.md')));
    await differs('a new note', () => write(root, 'people/cy.md', '# Cy\n'));
    await differs('the config', () => write(root, 'rapport.yaml', 'today: 2026-11-26\n'));
    await differs('a .gitignore', () => write(root, '.gitignore', 'drafts/\nold/\n'));
    await differs('a folder .gitignore', () => write(root, 'people/.gitignore', 'x.md\n'));
    await differs('the question (today)', () => undefined, () => keyOf(root, 'b1', ['check', '2026-11-26']));
    await differs('the build', () => undefined, () => keyOf(root, 'b2'));
  });

  it('do not need a single note parsed', async () => {
    const root = folder(FILES);
    const { workspace } = await openWorkspace(root, { lazy: true, cache: false });
    new ResultCache(root, 'b1').key(workspace, ['q']);
    // LazyNote keeps its parse private: a parsed note would no longer hold its parser.
    for (const n of workspace.notes.values()) expect((n as unknown as { parser?: unknown }).parser).toBeTypeOf('function');
  });
});

describe('ResultCache files', () => {
  const isList = (x: unknown): x is number[] => Array.isArray(x) && x.every((n) => typeof n === 'number');

  it('gives back what was put under the same key only, and git-ignores itself', async () => {
    const root = folder(FILES);
    const cache = new ResultCache(root, 'b1');
    await cache.put('check', 'k1', [1, 2, 3]);
    expect(await cache.get('check', 'k1', isList)).toEqual([1, 2, 3]);
    expect(await cache.get('check', 'k2', isList)).toBeUndefined();
    expect(await cache.get('other', 'k1', isList)).toBeUndefined();
    expect(readFileSync(path.join(root, '.rapport', '.gitignore'), 'utf8')).toContain('*');
  });

  it('treats a damaged, truncated, tampered or wrongly shaped file as a miss', async () => {
    const root = folder(FILES);
    const cache = new ResultCache(root, 'b1');
    await cache.put('check', 'k1', [1, 2, 3]);
    const file = cache.file('check');
    const good = readFileSync(file, 'utf8');
    const bad = [good.slice(0, good.length - 2), good.replace('[1,2,3]', '[1,2,4]'), 'garbage', '', good.replace('\n', ' ')];
    for (const text of bad) {
      writeFileSync(file, text);
      expect(await cache.get('check', 'k1', isList), JSON.stringify(text)).toBeUndefined();
    }
    await cache.put('check', 'k1', ['not', 'numbers']);
    expect(await cache.get('check', 'k1', isList)).toBeUndefined();
    rmSync(path.join(root, '.rapport'), { recursive: true });
    expect(await cache.get('check', 'k1', isList)).toBeUndefined();
    expect(existsSync(file)).toBe(false);
  });
});
