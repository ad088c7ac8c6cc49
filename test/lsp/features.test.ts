import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, CodeAction, DocumentSymbol, Hover, Location, WorkspaceEdit, TextDocumentEdit, WorkspaceSymbol, CodeLens } from 'vscode-languageserver-protocol';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { applyTextEdits, startClient, type TestClient } from './client.js';
import { FILES } from './fixture.js';

/** Position of the first occurrence of `needle` in a fixture file (plus `shift` characters). */
function at(rel: string, needle: string, shift = 0, text = FILES[rel]!): { line: number; character: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in ${rel}`);
  const before = text.slice(0, i + shift);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

describe('language server: editor features', () => {
  let c: TestClient;
  const doc = (rel: string) => ({ textDocument: { uri: c.uri(rel) } });
  beforeAll(async () => {
    c = await startClient(FILES);
    await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length > 0);
  });
  afterAll(async () => {
    await c.stop();
  });

  const complete = async (rel: string, text: string, marker = '$0') => {
    const pos = at(rel, marker, 0, text);
    const clean = text.replace(marker, '');
    await c.open(rel, clean);
    const r = (await c.conn.sendRequest('textDocument/completion', { ...doc(rel), position: pos })) as CompletionItem[];
    await c.close(rel);
    return r;
  };

  it('completes [[ with entity names and aliases, with type, role and organization', async () => {
    const items = await complete('journal/draft.md', '- 2026-11-25 Saw [[Kev$0');
    const kevin = items.find((i) => i.label === 'Dr. Kevin Brandt')!;
    expect(kevin.detail).toBe('person · Program Director · Riverside Medical Center');
    expect((kevin.textEdit as { newText: string }).newText).toBe('Dr. Kevin Brandt]]');
    const alias = items.find((i) => i.label === 'Kevin')!;
    expect((alias.textEdit as { newText: string }).newText).toBe('Dr. Kevin Brandt|Kevin]]');
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['Riverside Medical Center', 'APA Annual Meeting 2026', 'Riverside Psychiatry Residency']));
  });

  it('completes frontmatter keys with schema docs, enum values, tags and dates', async () => {
    const keys = await complete('people/new.md', '---\ntype: person\nro$0\n---\n');
    const role = keys.find((i) => i.label === 'role')!;
    expect(JSON.stringify(role.documentation)).toContain('Program Director');
    expect(keys.some((i) => i.label === 'type')).toBe(false); // already present
    const types = await complete('people/new.md', '---\ntype: $0\n---\n');
    expect(types.map((i) => i.label)).toEqual(['person', 'organization', 'program', 'event']);
    const mentor = await complete('people/new.md', '---\ntype: person\nmentor: [$0]\n---\n');
    expect(mentor.map((i) => i.label)).toEqual(['clinical', 'career', 'near-peer', 'research']);
    const stage = await complete('programs/new.md', '---\ntype: program\nstage: $0\n---\n');
    expect(stage.map((i) => i.label)).toContain('interview');
    const tags = await complete('people/new.md', '---\ntype: person\ntags: [$0]\n---\n');
    expect(tags.map((i) => i.label).sort()).toEqual(['attending', 'program-director']);
    const dates = await complete('people/new.md', '---\ntype: person\nfollow_up: tom$0\n---\n');
    const tomorrow = dates.find((i) => i.filterText === 'tomorrow')!;
    expect((tomorrow.textEdit as { newText: string }).newText).toBe('2026-11-26');
    const taskDates = await complete('journal/draft.md', '- [ ] Call Kevin 📅 +2w$0');
    expect(taskDates.find((i) => i.filterText === '+2w')!.textEdit).toMatchObject({ newText: '2026-12-09' });
    const friday = taskDates.find((i) => i.filterText === 'friday')!;
    expect((friday.textEdit as { newText: string }).newText).toBe('2026-11-27'); // 2026-11-25 is a Wednesday
    const plus3 = await complete('journal/draft.md', '- [ ] Call due:+3d$0');
    expect(plus3.find((i) => i.filterText === '+3d')!.textEdit).toMatchObject({ newText: '2026-11-28' });
  });

  it('offers note templates as snippets in an empty note', async () => {
    const items = await complete('journal/empty.md', '$0');
    const person = items.find((i) => i.label === 'template: person')!;
    expect(person.insertTextFormat).toBe(2);
    expect((person.textEdit as { newText: string }).newText).toContain('type: person');
    expect((person.textEdit as { newText: string }).newText).toContain('${1:name}');
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['template: conference-prep', 'template: meeting-log', 'template: thank-you']));
  });

  it('hovers a link with role, organization, last contact and next follow-up, and a key with its docs', async () => {
    const h = (await c.conn.sendRequest('textDocument/hover', { ...doc('programs/riverside-psychiatry.md'), position: at('programs/riverside-psychiatry.md', 'Dr. Kevin', 2) })) as Hover;
    const text = (h.contents as { value: string }).value;
    expect(text).toContain('**Dr. Kevin Brandt** · person');
    expect(text).toContain('Role: Program Director');
    expect(text).toContain('Organization: Riverside Medical Center');
    expect(text).toContain('Last contact: none logged');
    expect(text).toContain('Next: Send my CV to Dr. Brandt — task overdue 3 d (2026-11-22)');
    const maria = (await c.conn.sendRequest('textDocument/hover', { ...doc('journal/2026-11-21.md'), position: at('journal/2026-11-21.md', 'Maria', 1) })) as Hover;
    expect((maria.contents as { value: string }).value).toMatch(/Last contact: 2026-01-10 \(\d+ days ago\)/);
    const key = (await c.conn.sendRequest('textDocument/hover', { ...doc('people/kevin-brandt.md'), position: at('people/kevin-brandt.md', 'met:', 1) })) as Hover;
    expect((key.contents as { value: string }).value).toContain('The date you first met');
  });

  it('goes to definition and finds references and backlinks', async () => {
    const def = (await c.conn.sendRequest('textDocument/definition', { ...doc('people/kevin-brandt.md'), position: at('people/kevin-brandt.md', 'Riverside', 1) })) as Location[];
    expect(def).toEqual([{ uri: c.uri('organizations/riverside-medical-center.md'), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
    // On a link: every link to its target.
    const refs = (await c.conn.sendRequest('textDocument/references', { ...doc('people/kevin-brandt.md'), position: at('people/kevin-brandt.md', 'Riverside', 1), context: { includeDeclaration: false } })) as Location[];
    expect(refs.map((r) => r.uri).sort()).toEqual([c.uri('people/kevin-brandt.md'), c.uri('people/maria-lopez.md'), c.uri('programs/riverside-psychiatry.md')]);
    // Elsewhere in a note: that note's backlinks.
    const back = (await c.conn.sendRequest('textDocument/references', { ...doc('people/kevin-brandt.md'), position: { line: 11, character: 3 }, context: { includeDeclaration: false } })) as Location[];
    expect(back).toEqual([{ uri: c.uri('programs/riverside-psychiatry.md'), range: { start: { line: 6, character: 12 }, end: { line: 6, character: 32 } } }]);
  });

  it('lists document symbols (sections, log entries, tasks) and workspace symbols (entities)', async () => {
    const syms = (await c.conn.sendRequest('textDocument/documentSymbol', doc('people/maria-lopez.md'))) as DocumentSymbol[];
    expect(syms.map((s) => s.name)).toEqual(['Maria Lopez']);
    expect(syms[0]!.children!.map((s) => s.name)).toEqual(['Log']);
    expect(syms[0]!.children![0]!.children!.map((s) => s.name)).toEqual(['2026-01-10 Coffee after grand rounds.']);
    const kevin = (await c.conn.sendRequest('textDocument/documentSymbol', doc('people/kevin-brandt.md'))) as DocumentSymbol[];
    expect(kevin[0]!.children![0]!.children![0]).toMatchObject({ name: '☐ Send my CV to Dr. Brandt', detail: 'open, due 2026-11-22' });
    const ws = (await c.conn.sendRequest('workspace/symbol', { query: 'rivpsy' })) as WorkspaceSymbol[];
    expect(ws.map((s) => s.name)).toEqual(['Riverside Psychiatry Residency']);
    const all = (await c.conn.sendRequest('workspace/symbol', { query: '' })) as WorkspaceSymbol[];
    expect(all).toHaveLength(5);
  });

  it('shows a code lens at the top of a person note', async () => {
    const lens = (await c.conn.sendRequest('textDocument/codeLens', doc('people/maria-lopez.md'))) as CodeLens[];
    expect(lens).toHaveLength(1);
    expect(lens[0]!.command!.title).toMatch(/^Last contact \d+ days ago · next: cadence overdue \d+ d$/);
    const kevin = (await c.conn.sendRequest('textDocument/codeLens', doc('people/kevin-brandt.md'))) as CodeLens[];
    expect(kevin[0]!.command!.title).toBe('No contact logged · next: task overdue 3 d');
    expect(await c.conn.sendRequest('textDocument/codeLens', doc('organizations/riverside-medical-center.md'))).toEqual([]);
  });

  it('offers code actions: task done/snooze, log contact and snooze on reminders, create a missing note, fix a date', async () => {
    const kevinDiags = c.diagnostics.get(c.uri('people/kevin-brandt.md'))!;
    const taskLine = at('people/kevin-brandt.md', '- [ ] Send').line;
    const onTask = (await c.conn.sendRequest('textDocument/codeAction', { ...doc('people/kevin-brandt.md'), range: { start: { line: taskLine, character: 3 }, end: { line: taskLine, character: 3 } }, context: { diagnostics: kevinDiags.filter((d) => d.range.start.line === taskLine) } })) as CodeAction[];
    expect(onTask.map((a) => a.title)).toEqual(['Mark task done', 'Snooze task 1 day', 'Snooze task 1 week']);
    const applyTo = (rel: string, a: CodeAction) => {
      const e = (a.edit!.documentChanges![0] as TextDocumentEdit).edits;
      return applyTextEdits(FILES[rel]!, e as never);
    };
    expect(applyTo('people/kevin-brandt.md', onTask[0]!)).toContain('- [x] Send my CV to Dr. Brandt 📅 2026-11-22 ✅ 2026-11-25\n');
    expect(applyTo('people/kevin-brandt.md', onTask[2]!)).toContain('📅 2026-12-02\n');
    expect(onTask[0]!.diagnostics?.[0]?.code).toBe('overdue');

    const thanks = kevinDiags.find((d) => d.message.startsWith('Thank-you'))!;
    const onThanks = (await c.conn.sendRequest('textDocument/codeAction', { ...doc('people/kevin-brandt.md'), range: thanks.range, context: { diagnostics: [thanks] } })) as CodeAction[];
    expect(onThanks.map((a) => a.title)).toEqual(['Log contact today (2026-11-25)', 'Snooze reminders for 1 week', 'Snooze reminders for 1 month']);
    expect(applyTo('people/kevin-brandt.md', onThanks[0]!)).toMatch(/\n## Log\n\n- 2026-11-25 Sent a thank-you\n$/);
    expect(applyTo('people/kevin-brandt.md', onThanks[1]!)).toContain('tags: [program-director]\nsnooze_until: 2026-12-02\n---');

    const jd = c.diagnostics.get(c.uri('journal/2026-11-21.md'))!;
    const broken = jd.find((d) => d.code === 'broken-link')!;
    const onBroken = (await c.conn.sendRequest('textDocument/codeAction', { ...doc('journal/2026-11-21.md'), range: broken.range, context: { diagnostics: [broken] } })) as CodeAction[];
    expect(onBroken[0]!.title).toBe('Create person note people/nobody-yet.md');
    expect(onBroken[0]!.isPreferred).toBe(true);
    const create = onBroken[0]!.edit!.documentChanges!;
    expect(create[0]).toEqual({ kind: 'create', uri: c.uri('people/nobody-yet.md'), options: { overwrite: false, ignoreIfExists: false } });
    expect(((create[1] as TextDocumentEdit).edits[0] as { newText: string }).newText).toContain('name: "Nobody Yet"');

    const bad = jd.find((d) => d.code === 'invalid-date')!;
    const onDate = (await c.conn.sendRequest('textDocument/codeAction', { ...doc('journal/2026-11-21.md'), range: bad.range, context: { diagnostics: [bad] } })) as CodeAction[];
    const fix = onDate.find((a) => a.title === 'Change to 2026-02-28')!;
    expect(applyTo('journal/2026-11-21.md', fix)).toContain('the poster 📅 2026-02-28\n');
  });

  it('prepares and performs a rename: every link, the name field and the file; refuses collisions', async () => {
    const pos = at('people/kevin-brandt.md', 'Riverside', 1);
    const prep = await c.conn.sendRequest('textDocument/prepareRename', { ...doc('people/kevin-brandt.md'), position: pos });
    expect(prep).toMatchObject({ placeholder: 'Riverside Medical Center' });
    const clash = c.conn.sendRequest('textDocument/rename', { ...doc('people/kevin-brandt.md'), position: pos, newName: 'Maria Lopez' });
    await expect(clash).rejects.toThrow(/already names people\/maria-lopez.md/);
    const edit = (await c.conn.sendRequest('textDocument/rename', { ...doc('people/kevin-brandt.md'), position: pos, newName: 'Riverside Health' })) as WorkspaceEdit;
    const changes = edit.documentChanges!;
    const byUri = new Map(changes.filter((x): x is TextDocumentEdit => 'textDocument' in x).map((x) => [x.textDocument.uri, x.edits]));
    expect([...byUri.keys()].sort()).toEqual([c.uri('organizations/riverside-medical-center.md'), c.uri('people/kevin-brandt.md'), c.uri('people/maria-lopez.md'), c.uri('programs/riverside-psychiatry.md')]);
    expect(applyTextEdits(FILES['people/maria-lopez.md']!, byUri.get(c.uri('people/maria-lopez.md'))! as never)).toContain('organization: "[[Riverside Health]]"');
    expect(applyTextEdits(FILES['organizations/riverside-medical-center.md']!, byUri.get(c.uri('organizations/riverside-medical-center.md'))! as never)).toContain('name: Riverside Health\n');
    expect(changes.at(-1)).toEqual({ kind: 'rename', oldUri: c.uri('organizations/riverside-medical-center.md'), newUri: c.uri('organizations/riverside-health.md'), options: { overwrite: false, ignoreIfExists: false } });
  });

  it('answers the custom requests that feed tree views', async () => {
    const fu = (await c.conn.sendRequest('rapport/followUps', {})) as { today: string; groups: { status: string; count: number; items: { kind: string; entityName?: string; uri: string; daysLate: number }[] }[] };
    expect(fu.today).toBe('2026-11-25');
    expect(fu.groups.map((g) => [g.status, g.count])).toEqual([['overdue', 3], ['due-today', 0], ['upcoming', 1]]);
    const thanks = fu.groups[0]!.items.find((i) => i.kind === 'thank-you')!;
    expect(thanks).toMatchObject({ entityName: 'Dr. Kevin Brandt', daysLate: 2, uri: c.uri('people/kevin-brandt.md') });
    const byOrg = (await c.conn.sendRequest('rapport/entities', { groupBy: 'organization' })) as { groups: { label: string; uri?: string; items: { name: string; role?: string; lastContact?: string }[] }[] };
    expect(byOrg.groups.map((g) => g.label)).toEqual(['Riverside Medical Center']);
    expect(byOrg.groups[0]!.uri).toBe(c.uri('organizations/riverside-medical-center.md'));
    expect(byOrg.groups[0]!.items.map((i) => [i.name, i.role, i.lastContact])).toEqual([['Dr. Kevin Brandt', 'Program Director', undefined], ['Maria Lopez', 'Attending Psychiatrist', '2026-01-10']]);
    const byMentor = (await c.conn.sendRequest('rapport/entities', { groupBy: 'mentor' })) as { groups: { key: string; count: number }[] };
    expect(byMentor.groups).toEqual([expect.objectContaining({ key: 'clinical', count: 1 })]);
    const byTag = (await c.conn.sendRequest('rapport/entities', { groupBy: 'tag' })) as { groups: { label: string }[] };
    expect(byTag.groups.map((g) => g.label)).toEqual(['#attending', '#program-director']);
    const byType = (await c.conn.sendRequest('rapport/entities', { groupBy: 'type' })) as { groups: { key: string; count: number }[] };
    expect(byType.groups.map((g) => [g.key, g.count])).toEqual([['person', 2], ['organization', 1], ['program', 1], ['event', 1]]);
    const programs = (await c.conn.sendRequest('rapport/programs')) as { stages: { stage: string; programs: { name: string; deadline?: string; people: { name: string }[] }[] }[] };
    const target = programs.stages.find((s) => s.stage === 'target')!;
    expect(target.programs).toEqual([expect.objectContaining({ name: 'Riverside Psychiatry Residency', deadline: '2026-12-01', people: [expect.objectContaining({ name: 'Dr. Kevin Brandt' }), expect.objectContaining({ name: 'Maria Lopez' })] })]);
    const events = (await c.conn.sendRequest('rapport/events')) as { events: { name: string; goals: string[]; met: { name: string }[] }[] };
    expect(events.events).toEqual([expect.objectContaining({ name: 'APA Annual Meeting 2026', goals: ['Meet two program directors'], met: [expect.objectContaining({ name: 'Dr. Kevin Brandt' })] })]);
    const graph = (await c.conn.sendRequest('rapport/graph')) as { nodes: { id: string }[]; edges: { from: string; to: string; kind: string }[] };
    expect(graph.edges).toContainEqual({ from: 'kevin-brandt', to: 'riverside-medical-center', kind: 'works-at' });
    expect(graph.nodes.map((n) => n.id)).toContain('apa-annual-meeting-2026');
    const report = (await c.conn.sendRequest('rapport/report', {})) as { today: string; markdown: string };
    expect(report.today).toBe('2026-11-25');
    expect(report.markdown).toContain('Dr. Kevin Brandt');
    const one = (await c.conn.sendRequest('rapport/report', { entity: 'maria-lopez' })) as { markdown: string };
    expect(one.markdown).toMatch(/^# Maria Lopez\n/);
  });

  it('answers an unknown method with MethodNotFound, and honours cancellation', async () => {
    await expect(c.conn.sendRequest('rapport/noSuchThing', {})).rejects.toMatchObject({ code: -32601 });
    const source = new CancellationTokenSource();
    const pending = c.conn.sendRequest('workspace/symbol', { query: '' }, source.token);
    source.cancel();
    await expect(pending).rejects.toMatchObject({ code: -32800 });
    // The server still answers afterwards.
    expect(((await c.conn.sendRequest('workspace/symbol', { query: 'maria' })) as unknown[]).length).toBe(1);
  });
});

describe('language server: commands apply edits through workspace/applyEdit', () => {
  let c: TestClient;
  beforeAll(async () => {
    c = await startClient(FILES);
    await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length > 0);
  });
  afterAll(async () => {
    await c.stop();
  });
  const run = (command: string, arg: unknown) => c.conn.sendRequest('workspace/executeCommand', { command, arguments: [arg] }) as Promise<{ applied: boolean; reason?: string; uri?: string }>;

  it('marks a task done, then the overdue task diagnostic goes away', async () => {
    const line = at('people/kevin-brandt.md', '- [ ] Send').line;
    expect(await run('rapport.markDone', { uri: c.uri('people/kevin-brandt.md'), line })).toEqual({ applied: true, uri: c.uri('people/kevin-brandt.md') });
    expect(c.read('people/kevin-brandt.md')).toContain('- [x] Send my CV to Dr. Brandt 📅 2026-11-22 ✅ 2026-11-25\n');
    // The done task counts as contact: the thank-you reminder is gone too.
    await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length === 0, 'kevin clean');
    expect(await run('rapport.markDone', { uri: c.uri('people/kevin-brandt.md'), line })).toMatchObject({ applied: false, reason: `no open task on line ${line}` });
  });

  it('logs contact and snoozes a person; snoozes a task', async () => {
    expect((await run('rapport.logContact', { uri: c.uri('people/maria-lopez.md'), text: 'Called about research' })).applied).toBe(true);
    expect(c.read('people/maria-lopez.md')).toContain('- 2026-01-10 Coffee after grand rounds.\n- 2026-11-25 Called about research\n');
    await c.waitForDiagnostics('people/maria-lopez.md', (d) => d.length === 0, 'maria clean after contact');
    c.write('people/kevin-brandt.md', FILES['people/kevin-brandt.md']!);
    await c.notifyFiles([{ rel: 'people/kevin-brandt.md', type: 2 }]);
    await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length === 2);
    expect((await run('rapport.snooze', { uri: c.uri('people/kevin-brandt.md'), by: '2 weeks' })).applied).toBe(true);
    expect(c.read('people/kevin-brandt.md')).toContain('snooze_until: 2026-12-09\n---');
    await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length === 1 && d[0]!.message.startsWith('Task'), 'thank-you snoozed');
    const line = at('people/kevin-brandt.md', '- [ ] Send').line + 1; // snooze_until added a line above
    expect((await run('rapport.snooze', { uri: c.uri('people/kevin-brandt.md'), line, by: '1d' })).applied).toBe(true);
    expect(c.read('people/kevin-brandt.md')).toContain('📅 2026-11-26\n');
    await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length === 1 && d[0]!.code === 'upcoming', 'task now upcoming');
  });

  it('creates a note from its template, and refuses one that exists', async () => {
    const r = await run('rapport.newNote', { type: 'person', name: 'Dr. Ana Ruiz' });
    expect(r).toEqual({ applied: true, uri: c.uri('people/ana-ruiz.md') });
    expect(c.read('people/ana-ruiz.md')).toContain('name: "Dr. Ana Ruiz"');
    expect(await run('rapport.newNote', { type: 'person', name: 'Maria Lopez' })).toMatchObject({ applied: false, reason: expect.stringContaining('already') });
    await expect(c.conn.sendRequest('workspace/executeCommand', { command: 'rapport.nope', arguments: [] })).rejects.toMatchObject({ code: -32602 });
  });
});
