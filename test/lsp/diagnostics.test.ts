import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClient, type TestClient } from './client.js';
import { FILES } from './fixture.js';

describe('language server: indexing and diagnostics', () => {
  let c: TestClient;
  beforeAll(async () => {
    c = await startClient(FILES);
  });
  afterAll(async () => {
    await c.stop();
  });

  it('answers initialize at once, then indexes with progress on a token it creates, and registers file watchers', async () => {
    // Nothing is reported before the answer to `initialize`: the notes are read after `initialized`.
    expect(c.notificationsBeforeInitializeResult).toBe(0);
    const created = await c.waitFor('a progress token', () => c.requests.find((r) => r.method === 'window/workDoneProgress/create'));
    const token = (created.params as { token: string | number }).token;
    const ended = () => c.notifications.filter((n) => n.method === '$/progress').map((n) => n.params as { token: string | number; value: { kind: string; message?: string } });
    const progress = await c.waitFor('the end of indexing', () => ended().some((p) => p.value.kind === 'end') && ended());
    expect(progress.every((p) => p.token === token)).toBe(true);
    expect(progress.map((p) => p.value.kind)).toEqual(['begin', 'report', 'end']);
    expect(progress[1]!.value.message).toBe(`${Object.keys(FILES).filter((f) => f.endsWith('.md')).length} notes in ${c.root}`);
    // Not on the token of the initialize request: that one is only valid until it is answered.
    expect(c.notifications.some((n) => n.method === '$/progress' && (n.params as { token: unknown }).token === 'index-progress')).toBe(false);
    const reg = await c.waitFor('watcher registration', () => c.requests.find((r) => r.method === 'client/registerCapability'));
    const regs = (reg.params as { registrations: { method: string; registerOptions: { watchers: { globPattern: string }[] } }[] }).registrations;
    expect(regs[0]!.method).toBe('workspace/didChangeWatchedFiles');
    expect(regs[0]!.registerOptions.watchers.map((w) => w.globPattern)).toEqual(expect.arrayContaining(['**/*.md', '**/rapport.yaml']));
    expect(c.initializeResult.capabilities).toMatchObject({ hoverProvider: true, renameProvider: { prepareProvider: true } });
  });

  it('publishes diagnostics for notes that are not open, with exact messages and ranges', async () => {
    const kevin = await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length >= 2);
    const thanks = kevin.find((d) => d.message.startsWith('Thank-you'))!;
    expect(thanks).toMatchObject({ code: 'overdue', severity: 2, source: 'rapport', message: 'Thank-you to Dr. Kevin Brandt overdue by 2 days — met 2026-11-20' });
    expect(thanks.range.start.line).toBe(6); // the `met:` value
    const task = kevin.find((d) => d.message.startsWith('Task'))!;
    expect(task.message).toContain('overdue by 3 days');
    const journal = await c.waitForDiagnostics('journal/2026-11-21.md', (d) => d.length >= 2);
    expect(journal.map((d) => d.code).sort()).toEqual(['broken-link', 'invalid-date']);
    const broken = journal.find((d) => d.code === 'broken-link')!;
    expect(broken.range).toEqual({ start: { line: 2, character: 34 }, end: { line: 2, character: 44 } });
    const maria = await c.waitForDiagnostics('people/maria-lopez.md', (d) => d.length >= 1);
    expect(maria[0]!.message).toMatch(/^Keep in touch with Maria Lopez overdue by \d+ days/);
    const program = await c.waitForDiagnostics('programs/riverside-psychiatry.md', (d) => d.length >= 1);
    expect(program[0]).toMatchObject({ code: 'upcoming', severity: 4 });
  });

  it('an edit in one note changes another note\'s diagnostics (and only changed notes are republished)', async () => {
    await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.some((x) => x.message.startsWith('Thank-you')));
    const before = c.notifications.length;
    await c.open('journal/2026-11-24.md', '# Note\n');
    const text = '# Note\n\n- 2026-11-24 Thanked [[Dr. Kevin Brandt]] by email.\n';
    await c.change('journal/2026-11-24.md', text, 2);
    const kevin = await c.waitForDiagnostics('people/kevin-brandt.md', (d) => !d.some((x) => x.message.startsWith('Thank-you')), 'thank-you cleared');
    expect(kevin.map((d) => d.message)).toEqual([expect.stringMatching(/^Task "Send my CV to Dr. Brandt"/)]);
    const after = c.notifications.slice(before).filter((n) => n.method === 'textDocument/publishDiagnostics').map((n) => (n.params as { uri: string }).uri);
    expect(after).not.toContain(c.uri('people/maria-lopez.md'));
    const changed = await c.waitFor('rapport/didChange', () =>
      c.notifications.slice(before).find((n) => n.method === 'rapport/didChange' && (n.params as { uris: string[] }).uris.includes(c.uri('journal/2026-11-24.md'))),
    );
    expect(changed.params).toMatchObject({ today: '2026-11-25', version: expect.any(Number) });
    // Undo the edit: the reminder comes back. The file never existed on disk, so closing forgets it.
    await c.close('journal/2026-11-24.md');
    await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.some((x) => x.message.startsWith('Thank-you')), 'thank-you back');
  });

  it('follows files changed on disk, and open documents override the disk', async () => {
    c.write('people/new-person.md', '---\ntype: person\nname: New Person\nmet: 2026-11-01\n---\n');
    await c.notifyFiles([{ rel: 'people/new-person.md', type: 1 }]);
    const d = await c.waitForDiagnostics('people/new-person.md', (x) => x.length === 1);
    expect(d[0]!.message).toBe('Thank-you to New Person overdue by 21 days — met 2026-11-01');
    // Open it with different text: the editor's text wins over the disk.
    await c.open('people/new-person.md', '---\ntype: person\nname: New Person\n---\n');
    await c.waitForDiagnostics('people/new-person.md', (x) => x.length === 0, 'open text wins');
    c.write('people/new-person.md', '---\ntype: person\nname: New Person\nmet: 2026-10-01\n---\n');
    await c.notifyFiles([{ rel: 'people/new-person.md', type: 2 }]);
    await c.close('people/new-person.md');
    const back = await c.waitForDiagnostics('people/new-person.md', (x) => x.length === 1, 'disk text after close');
    expect(back[0]!.message).toContain('met 2026-10-01');
    c.write('people/new-person.md', '');
    const { rmSync } = await import('node:fs');
    rmSync(`${c.root}/people/new-person.md`);
    await c.notifyFiles([{ rel: 'people/new-person.md', type: 3 }]);
    await c.waitForDiagnostics('people/new-person.md', (x) => x.length === 0, 'cleared after delete');
  });

  it('a note that fails to parse still gets diagnostics, and the rest keeps working', async () => {
    c.write('people/broken.md', '---\ntype: person\nname: [unclosed\nmet: 2026-13-45\n---\nBody [[Maria Lopez]]\n');
    await c.notifyFiles([{ rel: 'people/broken.md', type: 1 }]);
    const d = await c.waitForDiagnostics('people/broken.md', (x) => x.length > 0);
    expect(d.some((x) => x.code === 'invalid-frontmatter' && x.severity === 1)).toBe(true);
    const hover = await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: c.uri('people/broken.md') }, position: { line: 5, character: 9 } });
    expect(JSON.stringify(hover)).toContain('Maria Lopez');
  });

  it('re-reads rapport.yaml: a changed `today` re-publishes every note', async () => {
    c.write('rapport.yaml', 'today: 2026-11-22\nthank_you_within: 3 days\ncadence:\n  mentor: 6 months\n');
    await c.notifyFiles([{ rel: 'rapport.yaml', type: 2 }]);
    const kevin = await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.some((x) => x.code === 'upcoming'), 'thank-you upcoming');
    expect(kevin.find((x) => x.message.startsWith('Thank-you'))!.message).toBe('Thank-you to Dr. Kevin Brandt due in 1 day — met 2026-11-20');
    c.write('rapport.yaml', FILES['rapport.yaml']!);
    await c.notifyFiles([{ rel: 'rapport.yaml', type: 2 }]);
    await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.some((x) => x.message.startsWith('Thank-you') && x.code === 'overdue'));
  });
});

describe('language server: severities from workspace/configuration', () => {
  it('applies rapport.severity from the editor settings', async () => {
    const c = await startClient(FILES, { settings: { severity: { overdue: 'error', 'broken-link': 'off' } } });
    try {
      const kevin = await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length >= 2);
      expect(kevin.filter((d) => d.code === 'overdue').every((d) => d.severity === 1)).toBe(true);
      const journal = await c.waitForDiagnostics('journal/2026-11-21.md', (d) => d.length >= 1);
      expect(journal.map((d) => d.code)).toEqual(['invalid-date']);
      // Settings change: the server asks again and re-publishes.
      c.settings = { severity: { overdue: 'hint' } };
      await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.some((x) => x.code === 'overdue') && d.filter((x) => x.code === 'overdue').every((x) => x.severity === 4));
      await c.waitForDiagnostics('journal/2026-11-21.md', (d) => d.some((x) => x.code === 'broken-link'));
    } finally {
      await c.stop();
    }
  });
});

describe('language server: clients that cannot watch files', () => {
  it('watches the workspace itself and answers a plain client (flat symbols, plain edits)', async () => {
    const c = await startClient(FILES, { plainClient: true });
    try {
      await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length >= 2);
      expect(c.requests.some((r) => r.method === 'client/registerCapability')).toBe(false);
      // Another program writes a note: the server sees it without being told.
      c.write('people/walk-in.md', '---\ntype: person\nname: Walk In\nmet: 2026-11-02\n---\n');
      const d = await c.waitForDiagnostics('people/walk-in.md', (x) => x.length === 1);
      expect(d[0]!.message).toBe('Thank-you to Walk In overdue by 20 days — met 2026-11-02');
      const syms = (await c.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: c.uri('people/maria-lopez.md') } })) as { name: string; location?: unknown }[];
      expect(syms.map((s) => s.name)).toEqual(['Maria Lopez', 'Log', '2026-01-10 Coffee after grand rounds.']);
      expect(syms[0]!.location).toBeDefined();
      const line = FILES['people/kevin-brandt.md']!.split('\n').findIndex((l) => l.startsWith('- [ ]'));
      expect(await c.conn.sendRequest('workspace/executeCommand', { command: 'rapport.markDone', arguments: [{ uri: c.uri('people/kevin-brandt.md'), line }] })).toMatchObject({ applied: true });
      expect(c.applied[0]!.edit.changes).toBeDefined();
      await c.waitForDiagnostics('people/kevin-brandt.md', (x) => x.length === 0, 'edit applied');
    } finally {
      await c.stop();
    }
  });
});

describe('language server: rapport.yaml and the command line', () => {
  it('reports rapport.yaml problems on the file and hovers its keys', async () => {
    const c = await startClient({ ...FILES, 'rapport.yaml': 'today: 2026-11-25\nupcoming: soonish\n' });
    try {
      const d = await c.waitForDiagnostics('rapport.yaml', (x) => x.length === 1);
      expect(d[0]).toMatchObject({ code: 'invalid-value', severity: 1, range: { start: { line: 1, character: 10 } } });
      await c.open('rapport.yaml');
      const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: c.uri('rapport.yaml') }, position: { line: 1, character: 2 } })) as { contents: { value: string } };
      expect(h.contents.value).toContain('How far ahead a follow-up counts as upcoming.');
    } finally {
      await c.stop();
    }
  });

  it('refuses to start without a transport, and explains', async () => {
    const { spawnSync } = await import('node:child_process');
    const { SERVER_BIN } = await import('./client.js');
    const r = spawnSync(process.execPath, [SERVER_BIN], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('choose a transport: --stdio or --node-ipc');
  });
});
