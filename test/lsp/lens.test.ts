/**
 * The person-note code lens runs a real command over stdio: `rapport.personActions` shows the
 * person's due follow-ups with window/showMessageRequest and applies the edit the user picks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeLens, ShowMessageRequestParams } from 'vscode-languageserver-protocol';
import { startClient, type TestClient } from './client.js';
import { FILES } from './fixture.js';

const KEVIN = 'people/kevin-brandt.md';

describe('language server: the person code lens', () => {
  let c: TestClient | undefined;
  afterEach(async () => {
    await c?.stop();
    c = undefined;
  });

  /** Starts a client that answers the server's choice with the action whose title starts with `pick` (null: dismissed). */
  async function start(pick: string | null): Promise<{ c: TestClient; asked: ShowMessageRequestParams[] }> {
    const client = await startClient(FILES);
    c = client;
    const asked: ShowMessageRequestParams[] = [];
    client.conn.onRequest('window/showMessageRequest', (p: ShowMessageRequestParams) => {
      asked.push(p);
      return pick === null ? null : (p.actions ?? []).find((a) => a.title.startsWith(pick)) ?? null;
    });
    await client.waitForDiagnostics(KEVIN, (d) => d.length > 0);
    return { c: client, asked };
  }

  const lensOf = async (client: TestClient, rel: string) => ((await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: client.uri(rel) } })) as CodeLens[])[0]!;
  const click = (client: TestClient, lens: CodeLens) => client.conn.sendRequest('workspace/executeCommand', { command: lens.command!.command, arguments: lens.command!.arguments }) as Promise<Record<string, unknown>>;

  it('is a command the server declares, with the note as its argument', async () => {
    const { c } = await start(null);
    const lens = await lensOf(c, KEVIN);
    expect(lens.command).toEqual({ title: 'No contact logged · next: task overdue 3 d', command: 'rapport.personActions', arguments: [{ uri: c.uri(KEVIN) }] });
    expect((c.initializeResult.capabilities.executeCommandProvider as { commands: string[] }).commands).toContain('rapport.personActions');
  });

  it('shows the follow-ups and the actions; dismissing changes nothing', async () => {
    const { c, asked } = await start(null);
    const before = c.read(KEVIN);
    expect(await click(c, await lensOf(c, KEVIN))).toEqual({ applied: false, cancelled: true, uri: c.uri(KEVIN), reason: 'no action chosen' });
    expect(asked).toEqual([
      {
        type: 3,
        message: 'Dr. Kevin Brandt — No contact logged. task overdue 3 d: Send my CV to Dr. Brandt; thank-you overdue 2 d: Send a thank-you to Dr. Kevin Brandt (met 2026-11-20).',
        actions: [{ title: 'Mark done: Send my CV to Dr. Brandt' }, { title: 'Log contact today (2026-11-25)' }, { title: 'Snooze reminders 1 week' }],
      },
    ]);
    expect(c.read(KEVIN)).toBe(before);
    expect(c.applied).toEqual([]);
  });

  it('"Log contact today" adds the dated entry, and the thank-you warning goes away', async () => {
    const { c } = await start('Log contact');
    expect(await click(c, await lensOf(c, KEVIN))).toEqual({ applied: true, uri: c.uri(KEVIN) });
    expect(c.read(KEVIN)).toBe(`${FILES[KEVIN]}\n## Log\n\n- 2026-11-25 Contact\n`);
    await c.waitForDiagnostics(KEVIN, (d) => !d.some((x) => x.message.startsWith('Thank-you')), 'the thank-you warning to clear');
    expect((await lensOf(c, KEVIN)).command!.title).toBe('Last contact today · next: task overdue 3 d');
  });

  it('"Mark done" ticks the task', async () => {
    const { c } = await start('Mark done');
    expect(await click(c, await lensOf(c, KEVIN))).toEqual({ applied: true, uri: c.uri(KEVIN) });
    expect(c.read(KEVIN)).toBe(FILES[KEVIN]!.replace('- [ ] Send my CV to Dr. Brandt 📅 2026-11-22\n', '- [x] Send my CV to Dr. Brandt 📅 2026-11-22 ✅ 2026-11-25\n'));
  });

  it('"Snooze reminders 1 week" sets snooze_until', async () => {
    const s = await start('Snooze');
    expect(await click(s.c, await lensOf(s.c, KEVIN))).toEqual({ applied: true, uri: s.c.uri(KEVIN) });
    expect(s.c.read(KEVIN)).toBe(FILES[KEVIN]!.replace('tags: [program-director]\n', 'tags: [program-director]\nsnooze_until: 2026-12-02\n'));
  });

  it('refuses a note that is not a person\'s', async () => {
    const { c } = await start('Log contact');
    expect(await c.conn.sendRequest('workspace/executeCommand', { command: 'rapport.personActions', arguments: [{ uri: c.uri('organizations/riverside-medical-center.md') }] })).toEqual({
      applied: false,
      reason: `no person note at ${c.uri('organizations/riverside-medical-center.md')}`,
    });
  });
});
