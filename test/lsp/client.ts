/**
 * A real LSP client for the integration tests: spawns the BUILT server
 * (`node packages/language-server/bin/rapport-language-server.js --stdio`) on a fixture workspace
 * in a temp folder and talks JSON-RPC to it with vscode-languageserver-protocol. It behaves like an
 * editor: answers workspace/configuration, accepts registrations and progress tokens, and applies
 * workspace edits to the files on disk (then reports them as watched-file changes).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  AbstractMessageWriter,
  WorkDoneProgress,
  type Message,
  type MessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic, WorkspaceEdit, TextEdit, ApplyWorkspaceEditParams } from 'vscode-languageserver-protocol';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SERVER_BIN = path.resolve(here, '../../packages/language-server/bin/rapport-language-server.js');

export interface ClientOptions {
  settings?: Record<string, unknown>;
  /** Leave out client capabilities (e.g. to act as an older client). */
  plainClient?: boolean;
  /** Send exactly these client capabilities (e.g. to act as neovim 0.7 or Emacs eglot). */
  capabilities?: Record<string, unknown>;
  /** Serve this existing folder (the files are written into it) and leave it in place on stop. */
  root?: string;
  /** Runs after the `initialize` response and before the `initialized` notification is sent. */
  beforeInitialized?: (root: string) => void | Promise<void>;
  /** More environment for the server's process (e.g. NODE_OPTIONS). */
  env?: Record<string, string>;
}

export interface TestClient {
  root: string;
  conn: ProtocolConnection;
  child: ChildProcess;
  uri(rel: string): string;
  read(rel: string): string;
  write(rel: string, text: string): void;
  diagnostics: Map<string, Diagnostic[]>;
  /** Every notification the server sent, in order. */
  notifications: { method: string; params: unknown }[];
  /** Server → client requests, in order. */
  requests: { method: string; params: unknown }[];
  applied: ApplyWorkspaceEditParams[];
  settings: Record<string, unknown>;
  /** Resolves once `check` holds for the latest diagnostics of `rel` (fails after a long guard time). */
  waitForDiagnostics(rel: string, check: (d: Diagnostic[]) => boolean, what?: string): Promise<Diagnostic[]>;
  waitFor<T>(what: string, check: () => T | undefined | false): Promise<T>;
  open(rel: string, text?: string): Promise<void>;
  change(rel: string, text: string, version: number): Promise<void>;
  close(rel: string): Promise<void>;
  notifyFiles(changes: { rel: string; type: 1 | 2 | 3 }[]): Promise<void>;
  initializeResult: { capabilities: Record<string, unknown> };
  /** How many notifications had arrived when the `initialize` response did. */
  notificationsBeforeInitializeResult: number;
  stop(): Promise<void>;
}

/**
 * Writes the messages sent in one tick with a single write, like a busy editor does; so a
 * request and its $/cancelRequest reach the server together, which makes the cancellation test
 * deterministic.
 */
class BatchingWriter extends AbstractMessageWriter implements MessageWriter {
  private pending: Buffer[] = [];
  private waiters: (() => void)[] = [];
  constructor(private readonly out: NodeJS.WritableStream) {
    super();
  }
  write(msg: Message): Promise<void> {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.pending.push(Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body);
    if (this.pending.length === 2) setImmediate(() => this.flush());
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  private flush(): void {
    const data = Buffer.concat(this.pending);
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    this.out.write(data, () => waiters.forEach((w) => w()));
  }
  end(): void {}
}

/** Writes fixture files into a fresh temp folder. */
export function makeWorkspace(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'rapport-lsp-')));
  for (const [rel, text] of Object.entries(files)) {
    const abs = path.join(root, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  return root;
}

export async function startClient(files: Record<string, string>, options: ClientOptions = {}): Promise<TestClient> {
  const root = options.root ?? makeWorkspace(files);
  if (options.root) {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
  }
  const child = spawn(process.execPath, [SERVER_BIN, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'], env: options.env ? { ...process.env, ...options.env } : process.env });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout!), new BatchingWriter(child.stdin!));
  const diagnostics = new Map<string, Diagnostic[]>();
  const notifications: { method: string; params: unknown }[] = [];
  const requests: { method: string; params: unknown }[] = [];
  const applied: ApplyWorkspaceEditParams[] = [];
  const listeners = new Set<() => void>();
  const poke = () => listeners.forEach((l) => l());
  const uri = (rel: string) => pathToFileURL(path.join(root, rel)).href;
  const relOf = (u: string) => path.relative(root, fileURLToPath(u)).split(path.sep).join('/');

  const client: TestClient = {
    root,
    conn,
    child,
    uri,
    read: (rel) => readFileSync(path.join(root, rel), 'utf8'),
    write: (rel, text) => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    },
    diagnostics,
    notifications,
    requests,
    applied,
    settings: options.settings ?? {},
    initializeResult: { capabilities: {} },
    notificationsBeforeInitializeResult: 0,
    async waitFor<T>(what: string, check: () => T | undefined | false): Promise<T> {
      const now = check();
      if (now) return now;
      return new Promise<T>((resolve, reject) => {
        const guard = setTimeout(() => {
          listeners.delete(l);
          reject(new Error(`timed out waiting for ${what}\nserver stderr:\n${stderr}\nlog:\n${notifications.filter((n) => n.method === 'window/logMessage').map((n) => JSON.stringify(n.params)).join('\n')}\nlast diagnostics:\n${JSON.stringify([...diagnostics].map(([u, d]) => [u.slice(-30), d.map((x) => x.message)]))}`));
        }, 20000);
        const l = () => {
          const v = check();
          if (v) {
            clearTimeout(guard);
            listeners.delete(l);
            resolve(v);
          }
        };
        listeners.add(l);
      });
    },
    waitForDiagnostics(rel, check, what = `diagnostics of ${rel}`) {
      return client.waitFor(what, () => {
        const d = diagnostics.get(uri(rel));
        return d && check(d) ? d : undefined;
      });
    },
    async open(rel, text) {
      await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(rel), languageId: 'markdown', version: 1, text: text ?? client.read(rel) } });
    },
    async change(rel, text, version) {
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri: uri(rel), version }, contentChanges: [{ text }] });
    },
    async close(rel) {
      await conn.sendNotification('textDocument/didClose', { textDocument: { uri: uri(rel) } });
    },
    async notifyFiles(changes) {
      await conn.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map((c) => ({ uri: uri(c.rel), type: c.type })) });
    },
    async stop() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await conn.sendNotification('exit');
      } catch {
        /* already gone */
      }
      conn.dispose();
      // The server may be storing its answer for the next start: let it end before the folder goes.
      const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((r) => child.once('exit', r));
      child.kill();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      if (!options.root) rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    },
  };

  conn.onNotification((method: string, params: unknown) => {
    notifications.push({ method, params });
    if (method === 'textDocument/publishDiagnostics') {
      const p = params as { uri: string; diagnostics: Diagnostic[] };
      diagnostics.set(p.uri, p.diagnostics);
    }
    poke();
  });
  conn.onRequest((method: string, params: unknown) => {
    requests.push({ method, params });
    poke();
    if (method === 'window/workDoneProgress/create') {
      // Progress the server reports on a token it created (as an editor shows it).
      const token = (params as { token: string | number }).token;
      conn.onProgress(WorkDoneProgress.type, token, (value) => {
        notifications.push({ method: '$/progress', params: { token, value } });
        poke();
      });
      return null;
    }
    if (method === 'workspace/configuration') {
      const items = (params as { items: { section?: string }[] }).items;
      return items.map((i) => (i.section === 'rapport' ? client.settings : null));
    }
    if (method === 'workspace/applyEdit') {
      const p = params as ApplyWorkspaceEditParams;
      applied.push(p);
      const changed = applyToDisk(p.edit, relOf, root);
      void client.notifyFiles(changed);
      return { applied: true };
    }
    return null;
  });
  conn.onProgress(WorkDoneProgress.type, 'index-progress', (value) => {
    notifications.push({ method: '$/progress', params: { token: 'index-progress', value } });
    poke();
  });
  conn.listen();

  const caps = options.capabilities
    ? options.capabilities
    : options.plainClient
    ? {}
    : {
        workspace: {
          configuration: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
          workspaceFolders: true,
        },
        textDocument: {
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          completion: { completionItem: { snippetSupport: true } },
          rename: { prepareSupport: true },
        },
        window: { workDoneProgress: true },
      };
  const init = (await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'fixture' }],
    capabilities: caps,
    workDoneToken: 'index-progress',
  })) as { capabilities: Record<string, unknown> };
  client.initializeResult = init;
  client.notificationsBeforeInitializeResult = notifications.length;
  await options.beforeInitialized?.(root);
  await conn.sendNotification('initialized', {});
  return client;
}

/** Applies a WorkspaceEdit to the files on disk, as an editor would, and lists the changes. */
function applyToDisk(edit: WorkspaceEdit, relOf: (u: string) => string, root: string): { rel: string; type: 1 | 2 | 3 }[] {
  const out: { rel: string; type: 1 | 2 | 3 }[] = [];
  const abs = (u: string) => path.join(root, relOf(u));
  const editFile = (u: string, edits: TextEdit[]) => {
    const text = existsSync(abs(u)) ? readFileSync(abs(u), 'utf8') : '';
    writeFileSync(abs(u), applyTextEdits(text, edits));
    out.push({ rel: relOf(u), type: 2 });
  };
  for (const c of edit.documentChanges ?? []) {
    if ('kind' in c) {
      if (c.kind === 'create') {
        if (existsSync(abs(c.uri))) throw new Error(`create over an existing file: ${c.uri}`);
        mkdirSync(path.dirname(abs(c.uri)), { recursive: true });
        writeFileSync(abs(c.uri), '');
        out.push({ rel: relOf(c.uri), type: 1 });
      } else if (c.kind === 'rename') {
        if (existsSync(abs(c.newUri))) throw new Error(`rename over an existing file: ${c.newUri}`);
        renameSync(abs(c.oldUri), abs(c.newUri));
        out.push({ rel: relOf(c.oldUri), type: 3 }, { rel: relOf(c.newUri), type: 1 });
      }
    } else editFile(c.textDocument.uri, c.edits as TextEdit[]);
  }
  for (const [u, edits] of Object.entries(edit.changes ?? {})) editFile(u, edits);
  return out;
}

/** Applies LSP text edits (UTF-16 positions) to a text. */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: { line: number; character: number }) => Math.min((starts[p.line] ?? text.length) + p.character, text.length);
  const sorted = edits.map((e) => ({ s: off(e.range.start), e: off(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.s) + e.t + out.slice(e.e);
  return out;
}
