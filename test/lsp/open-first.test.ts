import { afterAll, describe, expect, it } from 'vitest';
import { startClient, type TestClient } from './client.js';
import { FILES } from './fixture.js';

describe('language server: first publication', () => {
  let c: TestClient | undefined;
  afterAll(async () => {
    await c?.stop();
  });

  it('publishes the open documents\' diagnostics before the rest of the workspace', async () => {
    c = await startClient(FILES);
    // Opened right after `initialized`, as editors do with the visible notes: before the first
    // check of the workspace. The note comes last in path order, so only putting open notes first
    // makes it the first publication.
    await c.open('programs/riverside-psychiatry.md');
    await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length >= 2);
    const published = c.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').map((n) => (n.params as { uri: string }).uri);
    expect(published[0]).toBe(c.uri('programs/riverside-psychiatry.md'));
    // And only once.
    expect(published.filter((u) => u === c!.uri('programs/riverside-psychiatry.md'))).toHaveLength(1);
    expect(await c.waitForDiagnostics('programs/riverside-psychiatry.md', (d) => d.length >= 1)).toMatchObject([{ code: 'upcoming' }]);
  });
});
