import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { makeWorkspace, startClient, type TestClient } from './client.js';
import { FILES } from './fixture.js';

const CACHE = '.rapport/cache/result-server-diagnostics.json';
const roots: string[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.stop();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** Serves `root` until its first full check is published. */
async function serve(root: string, files: Record<string, string> = {}, env?: Record<string, string>): Promise<TestClient> {
  const c = await startClient(files, { root, env });
  clients.push(c);
  await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length >= 2 && !d.some((x) => x.message.startsWith('CACHED')));
  // The end of the first full round (the server then tells its client the data changed).
  await c.waitFor('the first full check', () => c.notifications.some((n) => n.method === 'rapport/didChange'));
  // The answer is stored right after the first full publication (asynchronously; no message
  // tells when, so look for the file).
  for (let i = 0; i < 200 && !existsSync(path.join(root, CACHE)); i++) await new Promise((r) => setTimeout(r, 25));
  return c;
}

/**
 * Rewrites the stored answer (keeping its checksum valid), as if an earlier start had published
 * `change(...)`. Each note is stored as [path, fingerprint, the diagnostics' JSON as the client
 * receives it]; a changed note gets a fingerprint no check computes (it stands for what was published).
 */
function tamper(root: string, change: (published: [string, { message: string }[]][]) => void): void {
  const file = path.join(root, CACHE);
  const raw = readFileSync(file, 'utf8');
  const nl = raw.indexOf('\n');
  const header = JSON.parse(raw.slice(0, nl)) as { sha1: string };
  const body = JSON.parse(raw.slice(nl + 1)) as { value: [string, string, string][] };
  const lists = body.value.map(([rel, , json]) => [rel, JSON.parse(json)] as [string, { message: string }[]]);
  change(lists);
  body.value = body.value.map(([rel, fp, json], i) => {
    const now = JSON.stringify(lists[i]![1]);
    return now === json ? [rel, fp, json] : [rel, 'tampered', now];
  });
  const text = JSON.stringify(body);
  header.sha1 = createHash('sha1').update(text).digest('hex');
  writeFileSync(file, `${JSON.stringify(header)}\n${text}`);
}

/**
 * A workspace served once (its answer stored), then the stored answer marked "CACHED" — every
 * note's, or only `only`'s — so that what a next start recalls can be told from what it checks.
 */
async function storedAndMarked(only?: string): Promise<string> {
  const root = makeWorkspace(FILES);
  roots.push(root);
  await (await serve(root)).stop();
  clients.splice(0);
  tamper(root, (list) => {
    for (const [rel, diags] of list) if (!only || rel === only) for (const d of diags) d.message = `CACHED ${d.message}`;
  });
  return root;
}

/** No note's publication by `c` came from the marked stored answer. */
function noneRecalled(c: TestClient): void {
  for (const f of Object.keys(FILES).filter((x) => x.endsWith('.md'))) {
    for (const list of published(c, f)) expect(list.filter((m) => m.startsWith('CACHED'))).toEqual([]);
  }
}

const published = (c: TestClient, rel: string) =>
  c.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as { uri: string }).uri === c.uri(rel)).map((n) => (n.params as { diagnostics: { message: string }[] }).diagnostics.map((d) => d.message));

/** Each note's first or last published diagnostics, by URI (notes never published left out). */
function publications(c: TestClient, which: 'first' | 'last'): Map<string, { message: string }[]> {
  const out = new Map<string, { message: string }[]>();
  for (const n of c.notifications) {
    if (n.method !== 'textDocument/publishDiagnostics') continue;
    const { uri, diagnostics } = n.params as { uri: string; diagnostics: { message: string }[] };
    if (which === 'last' || !out.has(uri)) out.set(uri, diagnostics);
  }
  return out;
}

describe('language server: warm start from .rapport/cache', () => {
  it('runs the bundled server (only it carries the build id that answers are cached by)', async () => {
    const { freshBundle } = await import('@rapport/node/fresh-bundle');
    const bundle = new URL('../../packages/language-server/dist/bundle/server.cjs', import.meta.url);
    expect(freshBundle(bundle), 'packages/language-server/dist/bundle is older than the compiled code: run pnpm build').toBeDefined();
  });

  it('stores the first full publication, and publishes it at the next start before checking the folder; the check then corrects what differs', async () => {
    const root = makeWorkspace(FILES);
    roots.push(root);
    const first = await serve(root);
    const expected = published(first, 'people/kevin-brandt.md').at(-1)!;
    await first.stop();
    clients.splice(0);
    expect(existsSync(path.join(root, CACHE))).toBe(true);

    // What the next start publishes first comes from the stored answer: mark it to tell.
    tamper(root, (list) => {
      for (const [rel, diags] of list) if (rel === 'people/kevin-brandt.md') for (const d of diags) d.message = `CACHED ${d.message}`;
    });
    const second = await serve(root);
    await second.waitForDiagnostics('people/kevin-brandt.md', (d) => !d.some((x) => x.message.startsWith('CACHED')));
    const seen = published(second, 'people/kevin-brandt.md');
    expect(seen[0]!.every((m) => m.startsWith('CACHED '))).toBe(true);
    // The real check replaced them with its own (what a fresh start publishes).
    expect(seen.at(-1)).toEqual(expected);
  });

  it('publishes at a warm start exactly what the first start published, for every note', async () => {
    const root = makeWorkspace(FILES);
    roots.push(root);
    const first = await serve(root);
    const cold = publications(first, 'last');
    await first.stop();
    clients.splice(0);
    expect(cold.size).toBeGreaterThan(3);
    // One note marked, to tell that what the next start publishes first was recalled.
    tamper(root, (list) => {
      for (const [rel, diags] of list) if (rel === 'people/kevin-brandt.md') for (const d of diags) d.message = `CACHED ${d.message}`;
    });
    const second = await serve(root);
    const warm = publications(second, 'first');
    expect(warm.get(second.uri('people/kevin-brandt.md'))!.every((d) => d.message.startsWith('CACHED '))).toBe(true);
    warm.delete(second.uri('people/kevin-brandt.md'));
    cold.delete(first.uri('people/kevin-brandt.md'));
    // Every other note: the same diagnostics, field for field (ranges, severity, code, source, data).
    expect(warm).toEqual(cold);
  });

  it('recalls nothing once a note changed on disk', async () => {
    const root = await storedAndMarked();
    const kevin = path.join(root, 'people/kevin-brandt.md');
    writeFileSync(kevin, readFileSync(kevin, 'utf8').replace('📅 2026-11-22', '📅 2026-11-21'));
    const c = await serve(root);
    noneRecalled(c);
  });

  it('an edit sent right after `initialized` is applied on top of the recalled diagnostics (the check corrects them)', async () => {
    const root = await storedAndMarked('people/kevin-brandt.md');
    const c = await startClient({}, { root });
    clients.push(c);
    // While the folder is still being loaded and checked: a journal note thanks Kevin.
    await c.open('journal/2026-11-24.md', '# Note\n\n- 2026-11-24 Thanked [[Dr. Kevin Brandt]] by email.\n');
    const kevin = await c.waitForDiagnostics('people/kevin-brandt.md', (d) => !d.some((x) => x.message.startsWith('CACHED')), 'the checked diagnostics');
    expect(kevin.map((d) => d.message)).toEqual([expect.stringMatching(/^Task "Send my CV to Dr. Brandt"/)]);
    const seen = published(c, 'people/kevin-brandt.md');
    // The stored answer was published first (a hit: nothing on disk changed), then corrected.
    expect(seen[0]!.length).toBeGreaterThan(0);
    expect(seen[0]!.every((m) => m.startsWith('CACHED '))).toBe(true);
  });

  it('recalls nothing when the editor settings differ from the stored answer\'s', async () => {
    const root = await storedAndMarked();
    const c = await startClient({}, { root, settings: { severity: { overdue: 'error' } } });
    clients.push(c);
    const kevin = await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length >= 2);
    expect(kevin.filter((d) => d.code === 'overdue').every((d) => d.severity === 1)).toBe(true);
    noneRecalled(c);
  });

  it('stores the answer again at a warm start whose notes could only be checked by content, once their stamps can tell', async () => {
    // Written just now (as by a clone or a checkout): the first answer is stored with every note
    // in the racy window, so a warm start reads and hashes them all before recalling.
    const root = makeWorkspace(FILES);
    roots.push(root);
    await (await serve(root)).stop();
    clients.splice(0);
    const readTime = () => {
      const raw = readFileSync(path.join(root, CACHE), 'utf8');
      return BigInt((JSON.parse(raw.slice(raw.indexOf('\n') + 1)) as { readStartedNs: string }).readStartedNs);
    };
    const first = readTime();
    // Ten seconds later (the server's clock moved on by a preloaded module): a hit, and the full
    // round that follows stores the answer again with the stamps it reads.
    const shift = path.join(mkdtempSync(path.join(tmpdir(), 'rapport-clock-')), 'later.mjs');
    roots.push(path.dirname(shift));
    writeFileSync(shift, 'const now = Date.now;\nDate.now = () => now() + 10_000;\n');
    const later = { NODE_OPTIONS: `--import=${pathToFileURL(shift).href}` };
    tamper(root, (list) => {
      for (const [rel, diags] of list) if (rel === 'people/kevin-brandt.md') for (const d of diags) d.message = `CACHED ${d.message}`;
    });
    const second = await serve(root, {}, later);
    expect(published(second, 'people/kevin-brandt.md')[0]!.every((m) => m.startsWith('CACHED '))).toBe(true);
    // Stored asynchronously after the round (no message tells when): look at the file.
    for (let i = 0; i < 400 && readTime() <= first + 5_000_000_000n; i++) await new Promise((r) => setTimeout(r, 25));
    expect(readTime()).toBeGreaterThan(first + 5_000_000_000n);
    await second.stop();
    clients.splice(0);
    // And that stored answer is what the next start recalls.
    tamper(root, (list) => {
      for (const [rel, diags] of list) if (rel === 'people/kevin-brandt.md') for (const d of diags) d.message = `CACHED ${d.message}`;
    });
    const third = await serve(root, {}, later);
    expect(published(third, 'people/kevin-brandt.md')[0]!.every((m) => m.startsWith('CACHED '))).toBe(true);
  });
});
