import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PARSER_VERSION } from '@rapport/core';
import { ParseCache, decodeCache, encodeCache, folderIdentity, openWorkspace, writeCacheFile } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A workspace on disk with notes the line scanner hands to the full parser (a footnote, HTML, an entity). */
function network(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rapport-cache-'));
  dirs.push(root);
  const files: Record<string, string> = {
    'rapport.yaml': 'today: 2026-11-25\n',
    'people/jane.md': '---\ntype: person\nname: Jane Smith\nmet: 2026-05-18\n---\n\n| when | what |\n|---|---|\n| 2026-05-18 | met [[Omar]][^1] |\n\n- [ ] Send thank-you [[Omar]] 📅 2026-05-21\n\n[^1]: at the APA\n',
    'people/omar.md': '---\ntype: person\nname: Omar\n---\n\n1. 2026-06-01 call\n2. second <b>[[Jane Smith]]</b>\n',
    'people/plain.md': '---\ntype: person\nname: Plain\n---\n\n- 2026-06-02 coffee with [[Jane Smith]]\n',
    'journal/2026-06-03.md': '## 2026-06-03 Lunch\n\nWith [[Omar]] &amp; [[Nobody]].\n',
  };
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, p)), { recursive: true });
    writeFileSync(path.join(root, p), t);
  }
  return root;
}

const cacheFile = (root: string) => path.join(root, '.rapport', 'cache', `parsed-${PARSER_VERSION}.json`);

/** Everything the workspace derived, as plain data, to compare loads. */
async function snapshot(root: string, cache: boolean) {
  const { workspace } = await openWorkspace(root, { cache });
  const notes = [...workspace.notes.values()].map((n) => ({ path: n.path, parsed: JSON.parse(JSON.stringify(n.parsed)) }));
  const a = workspace.analysis();
  const today = (await import('@rapport/core')).parseDate('2026-11-25')!;
  return { notes, diagnostics: JSON.parse(JSON.stringify(a.diagnostics(today))) };
}

describe('ParseCache', () => {
  it('stores only notes that needed the full parser, and a warm load equals a load without cache', async () => {
    const root = network();
    const fresh = await snapshot(root, false);
    const cold = await snapshot(root, true);
    const entries = decodeCache(readFileSync(cacheFile(root), 'utf8'), folderIdentity(root))!;
    expect(entries.size).toBe(3); // jane (table), omar (numbered list, HTML), the journal (entity)
    // The cache folder keeps itself out of the user's git status.
    expect(readFileSync(path.join(root, '.rapport', '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    const cache = new ParseCache(root);
    await cache.load();
    const { workspace } = await openWorkspace(root, { bulkParse: cache.parse });
    expect(cache.hits).toBe(3);
    expect(cache.misses).toBe(0);
    const warm = await snapshot(root, true);
    expect(cold).toEqual(fresh);
    expect(warm).toEqual(fresh);
    expect(JSON.parse(JSON.stringify(workspace.get('people/jane.md')!.parsed))).toEqual(fresh.notes.find((n) => n.path === 'people/jane.md')!.parsed);
  });

  it('keys entries by content: an edited note is parsed again and the stale entry dropped', async () => {
    const root = network();
    await snapshot(root, true);
    writeFileSync(path.join(root, 'people/omar.md'), '---\ntype: person\nname: Omar\n---\n\n1. 2026-07-01 another call\n2. <i>x</i>\n');
    const cache = new ParseCache(root);
    await cache.load();
    await openWorkspace(root, { bulkParse: cache.parse });
    expect(cache.hits).toBe(2);
    expect(cache.misses).toBe(1);
    await cache.save();
    expect(decodeCache(readFileSync(cacheFile(root), 'utf8'), folderIdentity(root))!.size).toBe(3);
    expect(await snapshot(root, true)).toEqual(await snapshot(root, false));
  });

  it('ignores a damaged, truncated, foreign or tampered file and repairs it', async () => {
    const root = network();
    const fresh = await snapshot(root, false);
    await snapshot(root, true);
    const good = readFileSync(cacheFile(root), 'utf8');
    const nl = good.indexOf('\n');
    const tampered = good.slice(0, nl + 1) + good.slice(nl + 1).replace('Jane Smith', 'Jane Smyth');
    const header = JSON.parse(good.slice(0, nl));
    for (const bad of ['', 'garbage', good.slice(0, good.length >> 1), tampered, `${JSON.stringify({ ...header, version: 'other' })}\n${good.slice(nl + 1)}`, good.replace(/"count":\d+/, '"count":99')]) {
      writeFileSync(cacheFile(root), bad);
      expect(decodeCache(bad, folderIdentity(root))).toBeUndefined();
      expect(await snapshot(root, true)).toEqual(fresh);
      expect(decodeCache(readFileSync(cacheFile(root), 'utf8'), folderIdentity(root))?.size).toBe(3);
    }
    // A well-formed file whose entry is not a parsed note is a miss, not a wrong result.
    writeFileSync(cacheFile(root), encodeCache(new Map([...decodeCache(good, folderIdentity(root))!.keys()].map((k) => [k, '{"nope":1}'])), folderIdentity(root)));
    expect(await snapshot(root, true)).toEqual(fresh);
  });

  it("ignores a cache that came with the notes from another folder (a copy, a clone)", async () => {
    const root = network();
    await openWorkspace(root);
    expect(existsSync(cacheFile(root))).toBe(true);
    const copy = mkdtempSync(path.join(tmpdir(), 'rapport-cache-copy-'));
    dirs.push(copy);
    cpSync(root, copy, { recursive: true });
    const cache = new ParseCache(copy);
    const { workspace } = await openWorkspace(copy, { bulkParse: cache.parse });
    workspace.parseAll();
    expect(cache.hits).toBe(0);
    expect(cache.misses).toBe(3);
    // While the original folder keeps using its own.
    const own = new ParseCache(root);
    (await openWorkspace(root, { bulkParse: own.parse })).workspace.parseAll();
    expect(own.hits).toBe(3);
  });

  it('survives concurrent writers: every write is whole, and no temporary files are left', async () => {
    const root = network();
    const fresh = await snapshot(root, false);
    await Promise.all(Array.from({ length: 6 }, () => openWorkspace(root)));
    expect(decodeCache(readFileSync(cacheFile(root), 'utf8'), folderIdentity(root))?.size).toBe(3);
    expect(readdirSync(path.dirname(cacheFile(root))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await snapshot(root, true)).toEqual(fresh);
  });

  it('writes nothing when every note is scanned, and is off with RAPPORT_CACHE=0', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rapport-cache-'));
    dirs.push(root);
    mkdirSync(path.join(root, 'people'));
    writeFileSync(path.join(root, 'people/a.md'), '---\ntype: person\n---\n- 2026-01-01 hi\n');
    await openWorkspace(root);
    expect(readdirSync(root)).toEqual(['people']);
    const other = network();
    process.env.RAPPORT_CACHE = '0';
    try {
      await openWorkspace(other);
    } finally {
      delete process.env.RAPPORT_CACHE;
    }
    expect(readdirSync(other).includes('.rapport')).toBe(false);
  });
});

describe('cache files', () => {
  it('a write removes the temporary files that writers killed long ago left behind, and nothing else', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'rapport-cache-'));
    dirs.push(root);
    const dir = path.join(root, '.rapport', 'cache');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'result-check.json');
    const old = new Date(Date.now() - 3600_000);
    const stale = ['.result-check.json.4242.0123456789ab.tmp', '.result-check.json.7.abcdefabcdef.tmp'];
    // Kept: a write that may still be going on, another file's temporary, names not made by a writer.
    const kept = ['.result-check.json.4243.0123456789ab.tmp', '.result-due.json.4242.0123456789ab.tmp', '.result-check.json.notes.tmp', 'notes.md'];
    for (const n of [...stale, ...kept]) writeFileSync(path.join(dir, n), 'partial');
    for (const n of [...stale, ...kept.slice(1)]) utimesSync(path.join(dir, n), old, old);
    await writeCacheFile(root, file, 'answer');
    expect(readFileSync(file, 'utf8')).toBe('answer');
    expect(readdirSync(dir).sort()).toEqual(['result-check.json', ...kept].sort());
  });
});
