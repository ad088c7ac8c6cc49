import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { makeWorkspace, startClient, type TestClient } from './client.js';
import { FILES } from './fixture.js';

const clients: TestClient[] = [];
const roots: string[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.stop();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

describe('language server: start-up', () => {
  it('answers initialize before reading the folder: a note written between the answer and `initialized` is seen without any file event', async () => {
    const c = await startClient(FILES, {
      beforeInitialized: (root) => {
        execFileSync('sh', ['-c', `printf -- '---\\ntype: person\\nname: Late Comer\\nmet: 2026-11-03\\n---\\n' > "${path.join(root, 'people/late-comer.md')}"`]);
      },
    });
    clients.push(c);
    const d = await c.waitForDiagnostics('people/late-comer.md', (x) => x.length === 1);
    expect(d[0]!.message).toBe('Thank-you to Late Comer overdue by 19 days — met 2026-11-03');
    expect(c.notifications.some((n) => n.method === 'workspace/didChangeWatchedFiles')).toBe(false);
  });

  it('a note that cannot be read (a FIFO named .md) is reported, and everything else is published', async () => {
    const root = makeWorkspace(FILES);
    roots.push(root);
    execFileSync('mkfifo', [path.join(root, 'people/pipe.md')]);
    const c = await startClient({}, { root });
    clients.push(c);
    expect(c.initializeResult.capabilities).toMatchObject({ hoverProvider: true });
    const kevin = await c.waitForDiagnostics('people/kevin-brandt.md', (x) => x.length >= 2);
    expect(kevin.map((x) => x.code)).toContain('overdue');
    expect(c.diagnostics.get(c.uri('people/pipe.md'))).toBeUndefined();
  });

  it('a client that cannot show progress gets no progress messages, and its diagnostics all the same', async () => {
    const c = await startClient(FILES, { plainClient: true });
    clients.push(c);
    await c.waitForDiagnostics('people/kevin-brandt.md', (x) => x.length >= 2);
    await c.waitFor('the first full check', () => c.notifications.some((n) => n.method === 'rapport/didChange'));
    expect(c.requests.some((r) => r.method === 'window/workDoneProgress/create')).toBe(false);
    expect(c.notifications.some((n) => n.method === '$/progress')).toBe(false);
  });

  it('requests sent right after `initialized` wait for the folder and are answered from it', async () => {
    const c = await startClient(FILES);
    clients.push(c);
    // No diagnostics have necessarily arrived yet: the hover must still see Maria's note.
    await c.open('journal/2026-11-21.md');
    const text = FILES['journal/2026-11-21.md']!;
    const line = text.split('\n').findIndex((l) => l.includes('[[Maria Lopez]]'));
    const character = text.split('\n')[line]!.indexOf('[[Maria') + 3;
    const hover = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: c.uri('journal/2026-11-21.md') }, position: { line, character } })) as { contents: { value: string } } | null;
    expect(hover?.contents.value).toContain('Maria Lopez');
  });
});
