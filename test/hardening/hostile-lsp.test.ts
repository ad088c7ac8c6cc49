/**
 * The language server stays up on the hostile corpus over stdio: it indexes every note,
 * publishes each hostile note's diagnostic at its line, keeps answering requests (the healthy
 * follow-ups), survives hostile files appearing on disk and hostile text typed into open
 * documents, and never runs note content.
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClient, type TestClient } from '../lsp/client.js';
import { HEALTHY_FOLLOW_UPS, PWNED_FILES, corpusFiles, hostileCases } from '../fixtures/hostile/corpus.js';
import { expectNothingRan, prototypeKeys } from './hostile-check.js';

const T = 600_000;
const protoBefore = prototypeKeys();
const cases = hostileCases();
const textCases = cases.filter((c) => typeof c.content === 'string');
const byteCases = cases.filter((c) => typeof c.content !== 'string');

function hasAll(d: { code?: string | number; range: { start: { line: number } } }[], expect_: { code: string; line: number }[]): boolean {
  return expect_.every((e) => d.some((x) => x.code === e.code && x.range.start.line === e.line));
}

describe('language server on the hostile corpus (stdio)', () => {
  let c: TestClient;
  beforeAll(async () => {
    const files = Object.fromEntries(Object.entries(corpusFiles()).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    c = await startClient(files);
  }, T);
  afterAll(async () => {
    await c?.stop();
  });

  const alive = () => {
    expect(c.child.exitCode).toBeNull();
    expect(c.child.signalCode).toBeNull();
  };

  it(
    'publishes every hostile note’s diagnostics at their lines',
    async () => {
      for (const hc of textCases.filter((x) => x.expect.length > 0)) {
        await c.waitForDiagnostics(hc.path, (d) => hasAll(d, hc.expect), hc.why);
      }
      alive();
    },
    T,
  );

  it(
    'still answers with the healthy network’s follow-ups',
    async () => {
      const fu = (await c.conn.sendRequest('rapport/followUps', {})) as { groups: { status: string; items: { kind: string; entityId?: string }[] }[] };
      const got = fu.groups.filter((g) => g.status !== 'later').flatMap((g) => g.items.map((i) => `${i.kind}:${i.entityId}`));
      expect(got).toEqual(expect.arrayContaining(HEALTHY_FOLLOW_UPS));
      alive();
    },
    T,
  );

  it(
    'survives binary, Latin-1 and looping files appearing on disk',
    async () => {
      for (const hc of byteCases) writeFileSync(join(c.root, hc.path), hc.content);
      symlinkSync('self-loop.md', join(c.root, 'people', 'self-loop.md'));
      symlinkSync('.', join(c.root, 'folder-link.md'));
      await c.notifyFiles([...byteCases.map((hc) => ({ rel: hc.path, type: 1 as const })), { rel: 'people/self-loop.md', type: 1 }, { rel: 'folder-link.md', type: 1 }]);
      for (const hc of byteCases) await c.waitForDiagnostics(hc.path, (d) => hasAll(d, hc.expect), hc.why);
      const fu = (await c.conn.sendRequest('rapport/followUps', {})) as { groups: unknown[] };
      expect(fu.groups.length).toBeGreaterThan(0);
      alive();
    },
    T,
  );

  it(
    'survives hostile text typed into open documents, and runs none of it',
    async () => {
      const open = ['people/code-js.md', 'people/deep-yaml.md', 'notes/deep-markdown.md', 'people/alias-bomb.md', 'people/proto.md'];
      for (const rel of open) await c.open(rel);
      let v = 2;
      for (const rel of open) {
        // Each document gets another document's hostile text, then a JS payload fence.
        // The payload writes a file: the check below sees it across the process boundary.
        await c.change(rel, `---js\nrequire('fs').writeFileSync(${JSON.stringify(PWNED_FILES[0])}, 'ran')\n---\n${'>'.repeat(5000)} x\n`, v++);
        await c.waitForDiagnostics(rel, (d) => d.some((x) => x.code === 'invalid-frontmatter' && x.range.start.line === 0), rel);
      }
      await c.change('people/proto.md', '---\n__proto__: {polluted: yes}\nconstructor: {prototype: {polluted: yes}}\n---\n', v++);
      const fu = (await c.conn.sendRequest('rapport/followUps', {})) as { groups: { items: { kind: string; entityId?: string }[] }[] };
      expect(fu.groups.flatMap((g) => g.items.map((i) => `${i.kind}:${i.entityId}`))).toEqual(expect.arrayContaining(HEALTHY_FOLLOW_UPS));
      alive();
      // No payload file was written (by the server or by us); globals and prototype of this process untouched.
      expectNothingRan(protoBefore);
    },
    T,
  );
});
