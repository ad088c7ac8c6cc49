/**
 * Hostile notes in the core, over MemoryFileSystem: no crash, no hang (test timeouts), a
 * diagnostic at the right line, and the healthy network still indexed with its follow-ups.
 * Both parsers are covered: the line scanner of bulk loads and the full Markdown parser.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryFileSystem, Workspace, parseNote, type LoadOptions } from '@rapport/core';
import { corpusFiles, hostileCases } from '../fixtures/hostile/corpus.js';
import { expectCaseDiagnostics, expectHealthySurvives, expectHostileDetails, expectNothingRan, prototypeKeys } from './hostile-check.js';

const LOAD_TIMEOUT = 600_000;

/** Notes the full (editor) parser is not run on here: micromark is quadratic on huge documents. */
const HUGE = new Set(['notes/huge.md', 'notes/long-line.md']);

const parsers: [string, LoadOptions][] = [['line scanner (bulk load)', {}]];

describe.each(parsers)('hostile corpus in core, %s', (_name, options) => {
  let ws: Workspace;
  const protoBefore = prototypeKeys();
  beforeAll(async () => {
    ws = await Workspace.load(new MemoryFileSystem(corpusFiles()), options);
  }, LOAD_TIMEOUT);

  it.each(hostileCases().map((c) => [c.why, c.path]))('%s: loads with its diagnostics', (_why, path) => {
    expectCaseDiagnostics(ws, path);
  });

  it('keeps the healthy network and its follow-ups', () => expectHealthySurvives(ws));
  it('reads the hostile notes as well as they can be read', () => expectHostileDetails(ws));
  it('runs nothing from note content and leaves Object.prototype untouched', () => expectNothingRan(protoBefore));
});

describe('hostile notes set one by one (the editor path)', () => {
  it(
    'each note set into a healthy workspace with the full parser gets its diagnostics and the network survives',
    async () => {
      const files = corpusFiles();
      const hostile = new Set(hostileCases().map((c) => c.path));
      const healthy = Object.fromEntries(Object.entries(files).filter(([p]) => !hostile.has(p)));
      const ws = await Workspace.load(new MemoryFileSystem(healthy), { parse: (t, l) => parseNote(t, l) });
      const cases = hostileCases().filter((c) => !HUGE.has(c.path));
      for (const c of cases) ws.setBytes(c.path, c.content);
      for (const c of cases) expectCaseDiagnostics(ws, c.path);
      expect(ws.notes.size).toBe(Object.keys(healthy).length - 1 + cases.length);
    },
    LOAD_TIMEOUT,
  );
});

describe('huge notes set one by one (the editor path, default parser)', () => {
  it(
    'the 5 MB note and the 2 MB line parse in bounded time and equal the bulk load',
    async () => {
      const files = corpusFiles();
      const bulk = await Workspace.load(new MemoryFileSystem(Object.fromEntries([...HUGE].map((p) => [p, files[p]!]))));
      const ws = new Workspace();
      for (const p of HUGE) ws.set(p, files[p] as string);
      for (const p of HUGE) expect(ws.get(p)!.parsed).toEqual(bulk.get(p)!.parsed);
      expect(ws.get('notes/huge.md')!.parsed.logEntries.length).toBeGreaterThan(20000);
    },
    LOAD_TIMEOUT,
  );
});

describe('a file system that refuses reads (EACCES)', () => {
  it('reports the unreadable file and loads everything else', async () => {
    const files = corpusFiles();
    const inner = new MemoryFileSystem({ 'rapport.yaml': files['rapport.yaml']!, 'people/jane-smith.md': files['people/jane-smith.md']!, 'people/locked.md': '---\ntype: person\n---\n' });
    const fs = {
      readDirectory: (p: string) => inner.readDirectory(p),
      readFile: async (p: string) => {
        if (p === 'people/locked.md') throw Object.assign(new Error(`EACCES: permission denied, open '${p}'`), { code: 'EACCES' });
        return inner.readFile(p);
      },
    };
    const ws = await Workspace.load(fs);
    expect(ws.loadProblems).toEqual([{ path: 'people/locked.md', message: expect.stringContaining('EACCES') }]);
    expect(ws.analysis().entity('jane-smith')?.name).toBe('Jane Smith');
    expect(ws.get('people/locked.md')).toBeUndefined();
  });

  it('reports a folder that cannot be listed and loads the rest', async () => {
    const inner = new MemoryFileSystem({ 'people/jane-smith.md': '---\ntype: person\n---\n', 'private/x.md': 'x' });
    const fs = {
      readDirectory: async (p: string) => {
        if (p === 'private') throw Object.assign(new Error('EACCES: permission denied, scandir'), { code: 'EACCES' });
        return inner.readDirectory(p);
      },
      readFile: (p: string) => inner.readFile(p),
    };
    const ws = await Workspace.load(fs);
    expect(ws.loadProblems.map((p) => p.path)).toEqual(['private']);
    expect(ws.analysis().entity('jane-smith')).toBeDefined();
  });
});
