/**
 * The result cache seen from the command line: `rapport check` and `rapport due` answer from
 * `.rapport/cache/` when nothing changed, and never when something did. To tell a cached answer
 * from a computed one, the stored answer is marked (its checksum kept valid): a run that prints
 * the mark answered from the cache.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtureWorkspace, run } from './test-helpers.js';

const NOTES = `
  //- rapport.yaml
  today: 2026-11-25
  //- people/ann.md
  ---
  name: Ann Lee
  met: 2026-02-30
  follow_up: 2026-11-20
  next_action: Send the abstract
  ---
  See [[Nobody Here]].
  //- people/bo.md
  ---
  name: Bo Chen
  follow_up: 2026-11-28
  next_action: Ask about the elective
  ---
`;

/** Rewrites every string `text`/`message` in the stored answer `name` to start with CACHED. */
function mark(dir: string, name: string): void {
  const file = path.join(dir, '.rapport', 'cache', `result-${name}.json`);
  const raw = readFileSync(file, 'utf8');
  const nl = raw.indexOf('\n');
  const header = JSON.parse(raw.slice(0, nl)) as { sha1: string };
  const body = JSON.parse(raw.slice(nl + 1)) as { value: unknown };
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        if ((k === 'message' || k === 'text') && typeof o[k] === 'string') o[k] = `CACHED ${o[k] as string}`;
        else walk(o[k]);
      }
    }
  };
  walk(body.value);
  const text = JSON.stringify(body);
  header.sha1 = createHash('sha1').update(text).digest('hex');
  writeFileSync(file, `${JSON.stringify(header)}\n${text}`);
}


describe('the result cache from the command line', () => {
  it('check and due answer from .rapport/cache while nothing changed, in every format, and not after an edit', async () => {
    const { freshBundle } = await import('@rapport/node/fresh-bundle');
    expect(freshBundle(new URL('../dist/bundle/rapport.cjs', import.meta.url)), 'run pnpm build: the bundle is older than the compiled code').toBeDefined();
    // Written just now: every note is within the racy window, so they are checked by content.
    const dir = fixtureWorkspace(NOTES);
    const runs = {
      check: ['check', dir, '--format', 'json'],
      due: ['due', dir, '--json', '--all'],
    };
    const fresh: Record<string, string> = {};
    for (const [name, args] of Object.entries(runs)) {
      fresh[name] = run(args).stdout;
      expect(fresh[name]).not.toContain('CACHED');
      mark(dir, name);
      const again = run(args).stdout;
      expect(again, `${name} answers from the cache`).toContain('CACHED');
      expect(again.replace(/CACHED /g, '')).toBe(fresh[name]);
      // The cache off: computed.
      expect(run(args, { env: { RAPPORT_CACHE: '0' } }).stdout).toBe(fresh[name]);
    }
    // Other formats and options of the same question render the same cached answer.
    expect(run(['check', dir]).stdout).toContain('CACHED');
    expect(run(['due', dir, '--all']).stdout).toContain('CACHED');
    // Another question (a filter that is part of it) is computed.
    expect(run(['due', dir, '--json', '--kind', 'next-action']).stdout).not.toContain('CACHED');
    // One note edited: nothing cached is shown, by either command.
    const bo = path.join(dir, 'people', 'bo.md');
    writeFileSync(bo, readFileSync(bo, 'utf8').replace('2026-11-28', '2026-11-29'));
    const check = run(runs.check).stdout;
    const due = run(runs.due).stdout;
    expect(check).not.toContain('CACHED');
    expect(due).not.toContain('CACHED');
    expect(due).toContain('2026-11-29');
    expect(check).toBe(run(runs.check, { env: { RAPPORT_CACHE: '0' } }).stdout);
  }, 30_000);

  it('stores a hit again once the notes it could only check by content can be trusted by their stamps', async () => {
    // Written just now (as by a clone or a checkout): the first answer is stored with every note
    // in the racy window, so a recall reads and hashes them all.
    const dir = fixtureWorkspace(NOTES);
    const args = ['check', dir, '--format', 'json'];
    const readTime = () => {
      const raw = readFileSync(path.join(dir, '.rapport', 'cache', 'result-check.json'), 'utf8');
      return (JSON.parse(raw.slice(raw.indexOf('\n') + 1)) as { readStartedNs: string }).readStartedNs;
    };
    const fresh = run(args).stdout;
    const first = readTime();
    // Still within the window: answered from the cache, nothing stored again.
    expect(run(args).stdout).toBe(fresh);
    expect(readTime()).toBe(first);
    // Ten seconds later (the program's clock moved on by a preloaded module): the notes' stamps
    // now tell, so the answer is stored again with them.
    const shift = path.join(mkdtempSync(path.join(tmpdir(), 'rapport-clock-')), 'later.mjs');
    writeFileSync(shift, 'const now = Date.now;\nDate.now = () => now() + 10_000;\n');
    const later = { NODE_OPTIONS: `--import=${pathToFileURL(shift).href}` };
    expect(run(args, { env: later }).stdout).toBe(fresh);
    expect(BigInt(readTime())).toBeGreaterThan(BigInt(first) + 5_000_000_000n);
    // The renewed file is a valid answer: the next run prints what it holds.
    mark(dir, 'check');
    expect(run(args, { env: later }).stdout).toBe(fresh.replace(/"message": "/g, '"message": "CACHED '));
  }, 30_000);
});
