/**
 * Conformance with what editors other than VS Code do (found by driving the server from neovim
 * 0.7.2 and Emacs eglot on a network written from the note format alone).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CompletionItem, Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyTextEdits, makeWorkspace, startClient, type TestClient } from './client.js';
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const BOM = '\uFEFF';

describe('language server: a note saved with a byte order mark', () => {
  let c: TestClient | undefined;
  afterEach(async () => {
    await c?.stop();
    c = undefined;
  });

  // Editors (VS Code, neovim, Emacs) keep a BOM out of the document text: positions on the first
  // line count from the character after it, also for notes the editor has not opened.
  const files = {
    'rapport.yaml': 'today: 2026-11-25\n',
    'people/tom-ellis.md': '---\ntype: person\nname: Tom Ellis\n---\n',
    'journal/bom.md': `${BOM}[[Nobody At Top]] and [[Tom Ellis]]\n- 2026-11-24 Coffee\n`,
    'journal/plain.md': '- 2026-11-24 Lunch with [[Tom Ellis]]\n',
  };
  const editorText = files['journal/bom.md'].slice(1);

  it('publishes first-line ranges as the editor counts them, opened or not', async () => {
    c = await startClient(files);
    const broken = (d: Diagnostic[]) => d.find((x) => x.code === 'broken-link');
    const closed = broken(await c.waitForDiagnostics('journal/bom.md', (d) => !!broken(d)))!;
    expect(closed.range).toEqual({ start: { line: 0, character: 2 }, end: { line: 0, character: 15 } });
    await c.open('journal/bom.md', editorText);
    await c.change('journal/bom.md', `${editorText}more\n`, 2);
    const open = broken(await c.waitForDiagnostics('journal/bom.md', (d) => !!broken(d) && d !== undefined))!;
    expect(open.range).toEqual(closed.range);
  });

  it('renames a link on the first line of a note that is not open without corrupting it', async () => {
    c = await startClient(files);
    await c.waitForDiagnostics('journal/bom.md', (d) => d.length > 0);
    await c.open('journal/plain.md');
    const edit = (await c.conn.sendRequest('textDocument/rename', {
      textDocument: { uri: c.uri('journal/plain.md') },
      position: { line: 0, character: 27 },
      newName: 'Thomas Ellison',
    })) as WorkspaceEdit;
    const change = edit.documentChanges!.find((d) => 'textDocument' in d && d.textDocument.uri === c!.uri('journal/bom.md')) as TextDocumentEdit;
    expect(applyTextEdits(editorText, change.edits)).toBe('[[Nobody At Top]] and [[Thomas Ellison]]\n- 2026-11-24 Coffee\n');
  });
});

/** What neovim 0.7.2 announces: workspace folders, but no workspace/configuration and no dynamic registration. */
const NEOVIM_07 = {
  workspace: { workspaceFolders: true, applyEdit: true, workspaceEdit: { resourceOperations: ['rename', 'create', 'delete'] } },
  textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true }, rename: { prepareSupport: true } },
  window: { workDoneProgress: true },
};

describe('language server: a client with workspace folders but no workspace/configuration (neovim 0.7)', () => {
  it('indexes a folder the client adds later (workspace/didChangeWorkspaceFolders)', async () => {
    const c = await startClient({ 'rapport.yaml': 'today: 2026-11-25\n', 'people/a.md': '---\ntype: person\nmet: 2026-11-01\n---\n' }, { capabilities: NEOVIM_07 });
    const other = makeWorkspace({ 'rapport.yaml': 'today: 2026-11-25\n', 'people/b.md': '---\ntype: person\nname: Other Folder\nmet: 2026-11-01\n---\n' });
    try {
      await c.waitForDiagnostics('people/a.md', (d) => d.length > 0);
      await c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: pathToFileURL(other).href, name: 'other' }], removed: [] } });
      const b = pathToFileURL(`${other}/people/b.md`).href;
      const d = await c.waitFor('diagnostics of the added folder', () => c.diagnostics.get(b));
      expect(d.map((x) => x.message)).toEqual(['Thank-you to Other Folder overdue by 21 days — met 2026-11-01']);
      await c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: pathToFileURL(other).href, name: 'other' }] } });
      await c.waitFor('the removed folder cleared', () => c.diagnostics.get(b)?.length === 0);
    } finally {
      await c.stop();
      rmSync(other, { recursive: true, force: true });
    }
  });
});

/** What Emacs 28's eglot 1.9 announces: document changes, but no resource operations (it cannot rename or create files). */
const EGLOT_19 = {
  workspace: { applyEdit: true, workspaceEdit: { documentChanges: true }, didChangeWatchedFiles: { dynamicRegistration: true }, configuration: true, workspaceFolders: true },
  textDocument: {
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    rename: { dynamicRegistration: false },
    // Without markdown-mode installed, eglot asks for plain text.
    hover: { contentFormat: ['plaintext'] },
    completion: { completionItem: { snippetSupport: false, documentationFormat: ['plaintext'] } },
  },
};

describe('language server: a client that cannot rename files (Emacs eglot 1.9)', () => {
  it('renames the entity and every link by name, and keeps the file and the links by path, which stay valid', async () => {
    const files = {
      'rapport.yaml': 'today: 2026-11-25\n',
      'people/tom-ellis.md': '---\ntype: person\nname: Tom Ellis\n---\n',
      'journal/a.md': '- 2026-11-24 Lunch with [[Tom Ellis]], see [[people/tom-ellis]] and [Tom](../people/tom-ellis.md)\n',
    };
    const c = await startClient(files, { capabilities: EGLOT_19 });
    try {
      await c.waitFor('the folder indexed', () => c.notifications.some((n) => n.method === 'rapport/didChange'));
      await c.open('journal/a.md');
      const edit = (await c.conn.sendRequest('textDocument/rename', {
        textDocument: { uri: c.uri('journal/a.md') },
        position: { line: 0, character: 28 },
        newName: 'Thomas Ellison',
      })) as WorkspaceEdit;
      const changes = edit.documentChanges ?? [];
      expect(changes.some((d) => 'kind' in d)).toBe(false);
      const textOf = (rel: string) => {
        const e = changes.find((d) => 'textDocument' in d && d.textDocument.uri === c.uri(rel)) as TextDocumentEdit | undefined;
        return e ? applyTextEdits(files[rel as keyof typeof files], e.edits) : files[rel as keyof typeof files];
      };
      expect(textOf('journal/a.md')).toBe('- 2026-11-24 Lunch with [[Thomas Ellison]], see [[people/tom-ellis]] and [Tom](../people/tom-ellis.md)\n');
      expect(textOf('people/tom-ellis.md')).toBe('---\ntype: person\nname: Thomas Ellison\n---\n');
    } finally {
      await c.stop();
    }
  });
});

describe('language server: a client without snippet support (Emacs eglot without yasnippet, neovim 0.7)', () => {
  it('offers the note templates as plain text: no ${1:name} placeholders to type over', async () => {
    const c = await startClient({ 'rapport.yaml': 'today: 2026-11-25\n', 'people/a.md': '---\ntype: person\n---\n' }, { capabilities: EGLOT_19 });
    try {
      await c.waitFor('the folder indexed', () => c.notifications.some((n) => n.method === 'rapport/didChange'));
      await c.open('people/new.md', '');
      const items = (await c.conn.sendRequest('textDocument/completion', { textDocument: { uri: c.uri('people/new.md') }, position: { line: 0, character: 0 } })) as CompletionItem[];
      const person = items.find((i) => i.label === 'template: person')!;
      const text = (person.textEdit as { newText: string }).newText;
      expect(person.insertTextFormat ?? 1).toBe(1);
      expect(text).not.toMatch(/\$\{?\d|\\[$}\\]/);
      expect(text).toMatch(/^---\ntype: person\nname: "?name"?\n/);
    } finally {
      await c.stop();
    }
  });
});

describe('language server: a client that shows plain text only (Emacs eglot without markdown-mode)', () => {
  it('answers hover and completion documentation in plain text, without Markdown markup', async () => {
    const c = await startClient(
      { 'rapport.yaml': 'today: 2026-11-25\n', 'people/ana.md': '---\ntype: person\nname: Ana Ruiz\nrole: PGY-2 resident\nlast_contact: 2026-11-20\n---\n', 'journal/a.md': 'See [[Ana Ruiz]].\n' },
      { capabilities: EGLOT_19 },
    );
    try {
      await c.waitFor('the folder indexed', () => c.notifications.some((n) => n.method === 'rapport/didChange'));
      await c.open('journal/a.md');
      const h = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri: c.uri('journal/a.md') }, position: { line: 0, character: 8 } })) as { contents: { kind: string; value: string } };
      expect(h.contents.kind).toBe('plaintext');
      expect(h.contents.value).toBe('Ana Ruiz · person\nRole: PGY-2 resident\nLast contact: 2026-11-20 (5 days ago)\nNext: nothing due');
      await c.open('people/new.md', '---\ntype: person\nro\n---\n');
      const items = (await c.conn.sendRequest('textDocument/completion', { textDocument: { uri: c.uri('people/new.md') }, position: { line: 2, character: 2 } })) as CompletionItem[];
      const role = items.find((i) => i.label === 'role')!;
      expect(role.documentation).toMatchObject({ kind: 'plaintext' });
      expect((role.documentation as { value: string }).value).not.toMatch(/\*\*|`/);
    } finally {
      await c.stop();
    }
  });
});
