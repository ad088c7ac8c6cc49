/**
 * The LSP adapter: the ONLY module that knows LSP types. Each handler converts LSP in, asks core
 * (through ServerState and @rapport/core's features), and converts the answer out.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  InsertTextFormat,
  LSPErrorCodes,
  MarkupKind,
  ProposedFeatures,
  ResponseError,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type Diagnostic as LspDiagnostic,
  type PublishDiagnosticsParams,
  type InitializeParams,
  type InitializeResult,
  type MarkupContent,
  type TextDocumentEdit,
  type WorkspaceEdit,
  type CreateFile,
  type RenameFile,
  type DocumentSymbol,
  type Location as LspLocation,
  type WorkspaceSymbol,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  codeActions,
  completionsAt,
  configHoverAt,
  CONFIG_FILE,
  definitionAt,
  documentSymbols,
  entitiesGrouped,
  eventsView,
  followUpsByStatus,
  hoverAt,
  logContactEdits,
  markDoneEdits,
  parseDate,
  personLens,
  personSummary,
  planNewNote,
  planRename,
  prepareRename,
  programsByStage,
  readSeveritySettings,
  referencesAt,
  renderReport,
  entityReport,
  snoozeInterval,
  snoozePersonEdits,
  snoozeTaskEdits,
  workspaceSymbols,
  EditError,
  type ActionDiagnostic,
  type CompletionKind,
  type Diagnostic,
  type FileEditPlan,
  type SymbolKind as CoreSymbolKind,
  type TextEdit,
} from '@rapport/core';
import {
  Commands,
  DIAGNOSTIC_SOURCE,
  DidChangeNotification,
  EntitiesRequest,
  EventsRequest,
  FollowUpsRequest,
  GraphRequest,
  ProgramsRequest,
  ReportRequest,
  type CommandResult,
  type ReportParams,
  type ReportResult,
  type DidChangeParams,
  type EntitiesParams,
  type EntitiesResult,
  type EntityGroupBy,
  type EventsResult,
  type FollowUpsParams,
  type FollowUpsResult,
  type GraphResult,
  type LogContactArgs,
  type MarkDoneArgs,
  type NewNoteArgs,
  type PersonActionsArgs,
  type ProgramsResult,
  type SnoozeArgs,
} from './protocol.js';
import { RootWatcher } from './watch.js';
import { readOverrides, ServerState, uriToPath, type Folder, type Located, type Publication, type RecalledPublication } from './state.js';
import { asciiJson, withJson } from './transport.js';

/**
 * The params of a recalled publication: its JSON text is the stored one (see withJson); for a
 * writer that serialises objects, the diagnostics are parsed from that text when read.
 */
export function recalledParams({ uri, json }: RecalledPublication): PublishDiagnosticsParams {
  const params: PublishDiagnosticsParams = {
    uri,
    get diagnostics(): LspDiagnostic[] {
      return JSON.parse(json) as LspDiagnostic[];
    },
  };
  return withJson(params, `{"uri":${JSON.stringify(uri)},"diagnostics":${json}}`);
}

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  entity: CompletionItemKind.Reference,
  field: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  date: CompletionItemKind.Value,
  tag: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
};

const SYMBOL_KIND: Record<CoreSymbolKind, SymbolKind> = {
  section: SymbolKind.Namespace,
  'log-entry': SymbolKind.Event,
  task: SymbolKind.Boolean,
  person: SymbolKind.Class,
  organization: SymbolKind.Module,
  program: SymbolKind.Package,
  event: SymbolKind.Event,
};

/** How many notes' diagnostics a large publication writes at a time (see publishNow). */
const PUBLISH_SLICE = 500;

export interface ServerOptions {
  /** Milliseconds between checks that the date rolled over. */
  rolloverCheckMs?: number;
  clock?: () => number;
}

export function startServer(connection: Connection = createConnection(ProposedFeatures.all), options: ServerOptions = {}): Connection {
  const state = new ServerState(options.clock);
  // A folder's first full publication is stored (for the next start) as the JSON the client receives.
  state.encode = (list) => asciiJson(JSON.stringify(list.map(toLspDiagnostic)));
  const documents = new TextDocuments(TextDocument);
  let supportsConfiguration = false;
  let supportsWorkspaceFolders = false;
  let supportsWatchRegistration = false;
  let supportsDocumentChanges = false;
  /** Whether the client applies RenameFile operations (workspace.workspaceEdit.resourceOperations). */
  let supportsFileRename = false;
  let supportsApplyEdit = true;
  let hierarchicalSymbols = false;
  let supportsSnippets = false;
  /** Whether the client shows Markdown in hovers / completion documentation (else plain text). */
  let markdownHover = true;
  let markdownDocs = true;
  let ready = false;
  let timer: NodeJS.Timeout | undefined;
  let flushTimer: NodeJS.Immediate | undefined;
  let forceNext = false;
  /** Serialises state updates so events apply in order. */
  let queue: Promise<unknown> = Promise.resolve();
  const enqueue = <T>(f: () => Promise<T> | T): Promise<T> => {
    const p = queue.then(f, f);
    queue = p.catch((e) => log(`update failed: ${errorText(e)}`));
    return p;
  };
  const log = (msg: string) => {
    try {
      connection.console.error(`[rapport] ${msg}`);
    } catch {
      /* connection gone */
    }
  };

  /** Wraps a request handler: never throws to the client except for cancellation. */
  const guard = <P, R>(name: string, fallback: R, f: (params: P, token: CancellationToken) => Promise<R> | R) =>
    async (params: P, token: CancellationToken): Promise<R | ResponseError<void>> => {
      try {
        await queue;
        // Let a $/cancelRequest that arrived with the request be seen before any work starts.
        await new Promise((r) => setImmediate(r));
        if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
        const r = await f(params, token);
        if (token?.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
        return r;
      } catch (e) {
        if (e instanceof ResponseError) return e;
        log(`${name} failed: ${errorText(e)}`);
        return fallback;
      }
    };

  const locate = (uri: string): (Located & { note: NonNullable<ReturnType<Folder['ws']['get']>> }) | undefined => {
    const loc = state.locate(uri);
    if (!loc) return undefined;
    const note = loc.folder.ws.get(loc.path);
    return note ? { ...loc, note } : undefined;
  };

  // ---------------------------------------------------------------------------------------------
  // Lifecycle

  /**
   * `initialize` is answered at once: the capabilities depend on nothing in the notes. The folders
   * are loaded after `initialized` (the editor's settings first: they decide how a folder is
   * read), in the update queue, so every event and request that follows waits for them.
   */
  let initializedSeen!: () => void;
  const initializedPromise = new Promise<void>((r) => (initializedSeen = r));

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    supportsConfiguration = !!caps.workspace?.configuration;
    supportsWorkspaceFolders = !!caps.workspace?.workspaceFolders;
    supportsWatchRegistration = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    supportsDocumentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
    supportsFileRename = !!caps.workspace?.workspaceEdit?.resourceOperations?.includes('rename');
    supportsApplyEdit = caps.workspace?.applyEdit !== false;
    hierarchicalSymbols = !!caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport;
    supportsSnippets = !!caps.textDocument?.completion?.completionItem?.snippetSupport;
    const hoverFormats = caps.textDocument?.hover?.contentFormat;
    markdownHover = !hoverFormats || hoverFormats.includes(MarkupKind.Markdown);
    const docFormats = caps.textDocument?.completion?.completionItem?.documentationFormat;
    markdownDocs = !docFormats || docFormats.includes(MarkupKind.Markdown);
    const dirs: string[] = [];
    for (const f of params.workspaceFolders ?? []) {
      const p = uriToPath(f.uri);
      if (p) dirs.push(p);
    }
    if (dirs.length === 0 && params.rootUri) {
      const p = uriToPath(params.rootUri);
      if (p) dirs.push(p);
    }
    if (dirs.length === 0 && params.rootPath) dirs.push(params.rootPath);
    folderCount = dirs.length;
    void enqueue(async () => {
      await initializedPromise;
      await loadFolders(dirs);
    });
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['[', ':', '#', '+', ' '], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: Object.values(Commands) },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'rapport-language-server', version: '0.1.0' },
    };
  });

  const watchers = new Map<string, RootWatcher>();
  /** Without client-side watching, the server watches each root itself. */
  const watchRoots = () => {
    if (supportsWatchRegistration) return;
    for (const f of state.folders) {
      if (watchers.has(f.root)) continue;
      const w = new RootWatcher(
        f.root,
        (e) =>
          void enqueue(async () => {
            await state.fileChanged(e.uri, e.change);
            schedule();
          }),
        log,
      );
      if (w.start()) watchers.set(f.root, w);
    }
    for (const [root, w] of watchers) {
      if (!state.folders.some((f) => f.root === root)) {
        w.stop();
        watchers.delete(root);
      }
    }
  };

  connection.onInitialized(() => {
    ready = true;
    // Progress on a token of our own: begun when the client accepts it (usually while the
    // settings are read); loading never waits for that answer.
    void connection.window
      .createWorkDoneProgress()
      .then((reporter) => {
        if (indexed) return;
        indexing = reporter;
        reporter.begin('Rapport: indexing notes', 0, `${folderCount} folder(s)`, false);
      })
      .catch(() => undefined);
    if (supportsWatchRegistration) {
      connection.client
        .register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: '**/*.md' }, { globPattern: `**/${CONFIG_FILE}` }, { globPattern: '**/.gitignore' }],
        })
        .catch((e) => log(`could not register file watchers: ${errorText(e)}`));
    }
    // Folder changes come from any client that has workspace folders (neovim 0.7 has them but no
    // workspace/configuration).
    if (supportsWorkspaceFolders) {
      try {
        connection.workspace.onDidChangeWorkspaceFolders((ev) =>
          enqueue(async () => {
            for (const r of ev.removed) {
              const p = uriToPath(r.uri);
              if (p) state.removeFolder(p);
            }
            for (const a of ev.added) {
              const p = uriToPath(a.uri);
              if (p) await state.addFolder(p);
            }
            schedule(true);
          }),
        );
      } catch {
        /* client without workspace folders */
      }
    }
    initializedSeen();
    timer = setInterval(() => {
      if (state.dateRolledOver()) schedule(true);
    }, options.rolloverCheckMs ?? 60_000);
    timer.unref?.();
  });

  /** Indexing progress, ended after the first full publication (then `indexed`). */
  let indexing: WorkDoneProgressServerReporter | undefined;
  let indexed = false;
  let folderCount = 0;

  /**
   * Loads the workspace folders (in the update queue, after `initialized`). A folder whose stored
   * diagnostics still hold (warmstart.ts: checked by the notes' stamps, no note read) has them
   * published before its notes are read; the full check follows in the first flush. Progress
   * goes over a token the server created (window/workDoneProgress/create), when the client can
   * show it.
   */
  async function loadFolders(dirs: string[]): Promise<void> {
    await readSettings();
    let done = 0;
    for (const d of dirs) {
      try {
        const f = await state.addFolder(d, publishRecalled);
        indexing?.report(Math.round((++done / dirs.length) * 100), `${f.ws.notes.size} notes in ${f.root}`);
      } catch (e) {
        log(`could not index ${d}: ${errorText(e)}`);
      }
    }
    schedule(true);
  }

  /**
   * Publishes a list and resolves once it is written out (before the loop is held by a long job).
   * In slices, each written as soon as it is framed, so the client reads the first ones while
   * the next are serialised.
   */
  function publishNow(list: Publication[], untilWritten = true): Promise<void> {
    return sendInSlices(list, ({ uri, diagnostics }) => ({ uri, diagnostics: diagnostics.map(toLspDiagnostic) }), untilWritten);
  }

  /**
   * Publishes stored diagnostics (a warm start) as publishNow does. Their JSON is the stored
   * text: the coalescing writer (--stdio) writes it as it is; other transports serialise the
   * params, whose diagnostics are then parsed from that text.
   */
  function publishRecalled(list: RecalledPublication[]): Promise<void> {
    return sendInSlices(list, recalledParams);
  }

  /** One publication per item, PUBLISH_SLICE of them per turn of the event loop. */
  async function sendInSlices<T>(list: readonly T[], params: (item: T) => PublishDiagnosticsParams, untilWritten = true): Promise<void> {
    const written: Promise<void>[] = [];
    for (let i = 0; i < list.length; i += PUBLISH_SLICE) {
      if (i > 0) await new Promise((r) => setImmediate(r));
      const end = Math.min(list.length, i + PUBLISH_SLICE);
      for (let j = i; j < end; j++) written.push(connection.sendDiagnostics(params(list[j]!)));
    }
    if (untilWritten) await Promise.all(written);
    else for (const w of written) w.catch(() => undefined);
  }

  connection.onShutdown(() => {
    for (const w of watchers.values()) w.stop();
    if (timer) clearInterval(timer);
    if (flushTimer) clearImmediate(flushTimer);
  });

  async function readSettings(): Promise<void> {
    if (!supportsConfiguration) return;
    try {
      const s = (await connection.workspace.getConfiguration({ section: 'rapport' })) as { severity?: unknown; upcoming?: unknown; timezone?: unknown; templatesFolder?: unknown } | null;
      state.severity = readSeveritySettings(s?.severity);
      await state.setOverrides(readOverrides(s));
    } catch (e) {
      log(`could not read settings: ${errorText(e)}`);
    }
  }

  connection.onDidChangeConfiguration((change) => {
    void enqueue(async () => {
      if (supportsConfiguration) await readSettings();
      else {
        const s = (change.settings as { rapport?: { severity?: unknown; upcoming?: unknown; timezone?: unknown; templatesFolder?: unknown } } | null)?.rapport;
        state.severity = readSeveritySettings(s?.severity);
        await state.setOverrides(readOverrides(s));
      }
      schedule(true);
    });
  });

  // ---------------------------------------------------------------------------------------------
  // Documents and files

  documents.onDidChangeContent((e) => {
    void enqueue(async () => {
      await state.setOpen(e.document.uri, e.document.getText());
      schedule();
    });
  });
  documents.onDidClose((e) => {
    void enqueue(async () => {
      await state.closeOpen(e.document.uri);
      schedule();
    });
  });
  connection.onDidChangeWatchedFiles((params) => {
    void enqueue(async () => {
      for (const c of params.changes) {
        const kind = c.type === FileChangeType.Created ? 'created' : c.type === FileChangeType.Deleted ? 'deleted' : 'changed';
        try {
          await state.fileChanged(c.uri, kind);
        } catch (e) {
          log(`could not read ${c.uri}: ${errorText(e)}`);
        }
      }
      schedule();
    });
  });

  /**
   * Publishes changed diagnostics and tells clients the data changed, once per batch. No timer:
   * the flush runs right after the messages already received (setImmediate), so a burst that
   * arrived together is coalesced but an edit never waits. The flush recomputes only the notes
   * the changes can affect (see ServerState.diagnosticsToPublish).
   */
  function schedule(force = false): void {
    forceNext ||= force;
    if (!ready || flushTimer) return;
    flushTimer = setImmediate(() => {
      flushTimer = undefined;
      void enqueue(flush);
    });
  }

  async function flush(): Promise<void> {
    const force = forceNext;
    forceNext = false;
    const uris = state.takeChanged();
    const send = (list: { uri: string; diagnostics: Diagnostic[] }[]) => {
      for (const { uri, diagnostics } of list) void connection.sendDiagnostics({ uri, diagnostics: diagnostics.map(toLspDiagnostic) });
    };
    let list: { uri: string; diagnostics: Diagnostic[] }[];
    try {
      // Watching a root without the client's help walks the whole tree: after the warm start.
      watchRoots();
      // When every note is checked (first load, reload, new settings), the open documents' come
      // first: checking a whole large workspace takes seconds, the notes on screen should not wait.
      const ahead = state.openDiagnosticsFirst(force);
      if (ahead.length) {
        send(ahead);
        await new Promise((r) => setImmediate(r));
      }
      list = state.diagnosticsToPublish(force);
    } catch (e) {
      log(`diagnostics failed: ${errorText(e)}`);
      return;
    }
    // A large round (the first, a reload) in slices, so the client reads the first notes while
    // the next are serialised; the change notification still follows every publication.
    if (list.length > PUBLISH_SLICE) await publishNow(list, false);
    else send(list);
    const today = state.folders[0] ? state.folders[0].today : '';
    const params: DidChangeParams = { today, version: state.version, uris };
    if (uris.length || force) void connection.sendNotification(DidChangeNotification, params);
    if (!indexed) {
      indexed = true;
      indexing?.done();
      indexing = undefined;
    }
    // What a first full round published, kept for the next start: once it is out (serialising
    // it takes a while) and not in the queue's way (written while the next events are handled).
    setImmediate(() => void state.storeWarmStart());
  }

  function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
    return { range: d.range, severity: SEVERITY[d.severity], code: d.code, source: DIAGNOSTIC_SOURCE, message: d.message, ...(d.data ? { data: d.data } : {}) };
  }

  // ---------------------------------------------------------------------------------------------
  // Language features

  connection.onCompletion(
    guard('completion', [] as CompletionItem[], (p) => {
      const loc = locate(p.textDocument.uri);
      if (!loc) return [];
      const today = state.today(loc.folder);
      return completionsAt(loc.folder.ws.analysis(), loc.path, loc.note.text, p.position, today, [...loc.folder.templates.values()]).map(
        (c): CompletionItem => ({
          label: c.label,
          kind: COMPLETION_KIND[c.kind],
          ...(c.detail ? { detail: c.detail } : {}),
          ...(c.documentation ? { documentation: markup(c.documentation, markdownDocs) } : {}),
          // A client without snippet support would insert `${1:name}` as it is: it gets plain text.
          textEdit: { range: c.range, newText: c.snippet && !supportsSnippets ? snippetAsText(c.insertText) : c.insertText },
          ...(c.snippet && supportsSnippets ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
          ...(c.filterText ? { filterText: c.filterText } : {}),
          ...(c.sortText ? { sortText: c.sortText } : {}),
        }),
      );
    }),
  );

  connection.onHover(
    guard('hover', null, (p) => {
      const loc = state.locate(p.textDocument.uri);
      if (!loc) return null;
      if (loc.path === CONFIG_FILE) {
        const h = configHoverAt(loc.folder.ws.config.fields, p.position);
        return h ? { contents: markup(h.markdown, markdownHover), range: h.range } : null;
      }
      const h = hoverAt(loc.folder.ws.analysis(), loc.path, p.position, state.today(loc.folder));
      return h ? { contents: markup(h.markdown, markdownHover), range: h.range } : null;
    }),
  );

  connection.onDefinition(
    guard('definition', [] as LspLocation[], (p) => {
      const loc = locate(p.textDocument.uri);
      if (!loc) return [];
      return definitionAt(loc.folder.ws.analysis(), loc.path, p.position).map((l) => ({ uri: state.uriOf(loc.folder, l.path), range: l.range }));
    }),
  );

  connection.onReferences(
    guard('references', [] as LspLocation[], (p) => {
      const loc = locate(p.textDocument.uri);
      if (!loc) return [];
      return referencesAt(loc.folder.ws.analysis(), loc.path, p.position, p.context?.includeDeclaration ?? false).map((l) => ({ uri: state.uriOf(loc.folder, l.path), range: l.range }));
    }),
  );

  connection.onPrepareRename(
    guard('prepareRename', null, (p) => {
      const loc = locate(p.textDocument.uri);
      if (!loc) return null;
      const r = prepareRename(loc.folder.ws.analysis(), loc.path, p.position);
      if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
      return { range: r.range, placeholder: r.placeholder };
    }),
  );

  connection.onRenameRequest(
    guard('rename', null, (p) => {
      const loc = locate(p.textDocument.uri);
      if (!loc) return null;
      // A client that cannot rename files (e.g. Emacs eglot 1.9) keeps the file and the links by path.
      const r = planRename(loc.folder.ws.analysis(), loc.path, p.position, p.newName, { renameFile: supportsFileRename });
      if (!r.ok) throw new ResponseError(ErrorCodes.InvalidRequest, r.message);
      return toWorkspaceEdit(loc.folder, { changes: r.plan.edits, create: [] }, r.plan.renameFile);
    }),
  );

  connection.onDocumentSymbol(
    guard('documentSymbol', [] as DocumentSymbol[], (p) => {
      const loc = locate(p.textDocument.uri);
      if (!loc) return [];
      const convert = (s: ReturnType<typeof documentSymbols>[number]): DocumentSymbol => ({
        name: s.name || ' ',
        ...(s.detail ? { detail: s.detail } : {}),
        kind: SYMBOL_KIND[s.kind],
        range: s.range,
        selectionRange: s.selectionRange,
        children: s.children.map(convert),
      });
      const syms = documentSymbols(loc.note).map(convert);
      if (hierarchicalSymbols) return syms;
      // Older clients: a flat list of SymbolInformation.
      const flat: DocumentSymbol[] = [];
      const walk = (l: DocumentSymbol[]) => l.forEach((s) => (flat.push(s), walk(s.children ?? [])));
      walk(syms);
      return flat.map((s) => ({ name: s.name, kind: s.kind, location: { uri: p.textDocument.uri, range: s.range } })) as unknown as DocumentSymbol[];
    }),
  );

  connection.onWorkspaceSymbol(
    guard('workspaceSymbol', [] as WorkspaceSymbol[], (p, token) => {
      const out: WorkspaceSymbol[] = [];
      for (const folder of state.folders) {
        if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
        for (const s of workspaceSymbols(folder.ws.analysis(), p.query)) {
          out.push({ name: s.name, kind: SYMBOL_KIND[s.kind], containerName: s.detail, location: { uri: state.uriOf(folder, s.path), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } });
        }
      }
      return out;
    }),
  );

  connection.onCodeAction(
    guard('codeAction', [] as CodeAction[], (p) => {
      const loc = locate(p.textDocument.uri);
      if (!loc) return [];
      const diags: ActionDiagnostic[] = p.context.diagnostics
        .filter((d) => d.source === DIAGNOSTIC_SOURCE || d.source === undefined)
        .map((d) => ({ code: String(d.code ?? ''), range: d.range, ...(d.data && typeof d.data === 'object' ? { data: d.data as Record<string, unknown> } : {}) }));
      const actions = codeActions(loc.folder.ws.analysis(), loc.path, p.range, diags, state.today(loc.folder), loc.folder.templates);
      return actions.map(
        (a): CodeAction => ({
          title: a.title,
          kind: a.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.Refactor,
          ...(a.diagnostics.length ? { diagnostics: a.diagnostics.map((i) => p.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE || d.source === undefined)[i]!) } : {}),
          ...(a.preferred ? { isPreferred: true } : {}),
          edit: toWorkspaceEdit(loc.folder, a.edit),
        }),
      );
    }),
  );

  connection.onCodeLens(
    guard('codeLens', [] as { range: LspDiagnostic['range']; command: { title: string; command: string; arguments?: unknown[] } }[], (p) => {
      const loc = locate(p.textDocument.uri);
      if (!loc) return [];
      const a = loc.folder.ws.analysis();
      const person = a.byPath.get(loc.path);
      if (!person || person.type !== 'person') return [];
      const title = personSummary(a, person, state.today(loc.folder));
      // Clicking it offers what settles the person's follow-ups (Commands.personActions).
      const args: PersonActionsArgs = { uri: p.textDocument.uri };
      return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, command: { title, command: Commands.personActions, arguments: [args] } }];
    }),
  );

  // ---------------------------------------------------------------------------------------------
  // Custom requests (see protocol.ts). Registered by name, so params may be absent, null or {}.

  function onCustom<P, R>(method: string, handler: (params: P, token: CancellationToken) => Promise<R | ResponseError<void>>): void {
    connection.onRequest(method, (params: unknown, token: CancellationToken) => handler((params ?? undefined) as P, token) as Promise<never>);
  }

  onCustom<FollowUpsParams | undefined, FollowUpsResult>(
    FollowUpsRequest,
    guard('followUps', { today: '', groups: [] } as FollowUpsResult, (p: FollowUpsParams | undefined) => {
      const result: FollowUpsResult = { today: '', groups: [] };
      for (const folder of state.folders) {
        const today = state.today(folder);
        result.today = today.toString();
        for (const g of followUpsByStatus(folder.ws.analysis(), today, p?.statuses)) {
          let mine = result.groups.find((x) => x.status === g.status);
          if (!mine) result.groups.push((mine = { status: g.status, label: g.label, count: 0, items: [] }));
          for (const { path, ...rest } of g.items) mine.items.push({ ...rest, uri: state.uriOf(folder, path) });
          mine.count = mine.items.length;
        }
      }
      return result;
    }),
  );

  onCustom<EntitiesParams | undefined, EntitiesResult>(
    EntitiesRequest,
    guard('entities', { groupBy: 'type', today: '', groups: [] } as EntitiesResult, (p: EntitiesParams | undefined) => {
      const groupBy: EntityGroupBy = ['organization', 'tag', 'mentor', 'type'].includes(p?.groupBy as string) ? p!.groupBy : 'type';
      const result: EntitiesResult = { groupBy, today: '', groups: [] };
      for (const folder of state.folders) {
        const today = state.today(folder);
        result.today = today.toString();
        for (const { path: gp, items, ...g } of entitiesGrouped(folder.ws.analysis(), today, groupBy)) {
          result.groups.push({ ...g, ...(gp ? { uri: state.uriOf(folder, gp) } : {}), items: items.map(({ path, ...i }) => ({ ...i, uri: state.uriOf(folder, path) })) });
        }
      }
      return result;
    }),
  );

  onCustom<void, ProgramsResult>(
    ProgramsRequest,
    guard('programs', { stages: [] } as ProgramsResult, () => {
      const result: ProgramsResult = { stages: [] };
      for (const folder of state.folders) {
        for (const s of programsByStage(folder.ws.analysis())) {
          let mine = result.stages.find((x) => x.stage === s.stage);
          if (!mine) result.stages.push((mine = { stage: s.stage, label: s.label, count: 0, programs: [] }));
          for (const { path, people, ...prog } of s.programs) {
            mine.programs.push({ ...prog, uri: state.uriOf(folder, path), people: people.map(({ path: pp, ...r }) => ({ ...r, uri: state.uriOf(folder, pp) })) });
          }
          mine.count = mine.programs.length;
        }
      }
      return result;
    }),
  );

  onCustom<void, EventsResult>(
    EventsRequest,
    guard('events', { today: '', events: [] } as EventsResult, () => {
      const result: EventsResult = { today: '', events: [] };
      for (const folder of state.folders) {
        result.today = state.today(folder).toString();
        for (const { path, met, ...ev } of eventsView(folder.ws.analysis())) {
          result.events.push({ ...ev, uri: state.uriOf(folder, path), met: met.map(({ path: pp, ...r }) => ({ ...r, uri: state.uriOf(folder, pp) })) });
        }
      }
      return result;
    }),
  );

  onCustom<void, GraphResult>(
    GraphRequest,
    guard('graph', { nodes: [], edges: [] } as GraphResult, () => {
      const result: GraphResult = { nodes: [], edges: [] };
      for (const folder of state.folders) {
        const g = folder.ws.analysis().graph();
        for (const n of g.nodes) result.nodes.push({ id: n.id, type: n.type, name: n.name, ...(n.path ? { uri: state.uriOf(folder, n.path) } : {}) });
        for (const e of g.edges) result.edges.push({ from: e.from, to: e.to, kind: e.kind });
      }
      return result;
    }),
  );

  onCustom<ReportParams | undefined, ReportResult>(
    ReportRequest,
    guard('report', { today: '', markdown: '' } as ReportResult, (p: ReportParams | undefined) => {
      const parts: string[] = [];
      let today = '';
      for (const folder of state.folders) {
        const t = state.today(folder);
        today = t.toString();
        const a = folder.ws.analysis();
        if (p?.entity) {
          const e = a.entity(p.entity) ?? a.lookup(p.entity)[0];
          if (e) parts.push(entityReport(a, e, t));
        } else parts.push(renderReport(a, t, { format: 'md' }));
      }
      if (p?.entity && parts.length === 0) throw new ResponseError(ErrorCodes.InvalidParams, `no entity '${p.entity}'`);
      return { today, markdown: parts.join('\n\n---\n\n') };
    }),
  );

  // ---------------------------------------------------------------------------------------------
  // Commands

  const runCommand = async (p: { command: string; arguments?: unknown[] }): Promise<CommandResult> => {
    const arg = (p.arguments?.[0] ?? {}) as Record<string, unknown>;
    const fail = (reason: string): CommandResult => ({ applied: false, reason });
    switch (p.command) {
      case Commands.markDone:
      case Commands.snooze:
      case Commands.logContact: {
        const a = arg as unknown as MarkDoneArgs & SnoozeArgs & LogContactArgs;
        if (typeof a.uri !== 'string') return fail('missing uri');
        const loc = locate(a.uri);
        if (!loc) return fail(`no note at ${a.uri}`);
        const today = state.today(loc.folder);
        let edits: TextEdit[] | undefined;
        try {
          if (p.command === Commands.markDone) {
            edits = typeof a.line === 'number' ? markDoneEdits(loc.note, a.line, today) : undefined;
            if (!edits) return fail(`no open task on line ${a.line}`);
          } else if (p.command === Commands.snooze) {
            const by = snoozeInterval(a.by);
            if (!by) return fail(`'${a.by}' is not a duration`);
            if (typeof a.line === 'number') {
              edits = snoozeTaskEdits(loc.note, a.line, by, today);
              if (!edits) return fail(`no open task on line ${a.line}`);
            } else edits = snoozePersonEdits(loc.note, by, today);
          } else {
            const date = a.date ?? today.toString();
            if (!parseDate(date)) return fail(`'${date}' is not a date`);
            edits = logContactEdits(loc.note, date, a.text?.trim() || 'Contact');
          }
        } catch (e) {
          if (e instanceof EditError) return fail(e.message);
          throw e;
        }
        return apply(toWorkspaceEdit(loc.folder, { changes: new Map([[loc.path, edits]]), create: [] }), a.uri);
      }
      case Commands.newNote: {
        const a = arg as unknown as NewNoteArgs;
        const folder = (a.folderUri && state.locate(`${a.folderUri.replace(/\/$/, '')}/x`)?.folder) || state.folders[0];
        if (!folder) return fail('no workspace folder');
        if (typeof a.name !== 'string' || typeof a.type !== 'string') return fail('give a type and a name');
        const plan = planNewNote(folder.ws, folder.templates, { kind: a.type, name: a.name, date: state.today(folder).toString() });
        if (!plan.ok) return fail(plan.message);
        return apply(toWorkspaceEdit(folder, { changes: new Map(), create: [{ path: plan.path, text: plan.text }] }), state.uriOf(folder, plan.path));
      }
      case Commands.personActions: {
        const a = arg as unknown as PersonActionsArgs;
        if (typeof a.uri !== 'string') return fail('missing uri');
        const loc = locate(a.uri);
        const an = loc?.folder.ws.analysis();
        const person = loc && an?.byPath.get(loc.path);
        if (!loc || !an || !person || person.type !== 'person') return fail(`no person note at ${a.uri}`);
        const lens = personLens(an, person, state.today(loc.folder));
        const picked = await connection.window.showInformationMessage(lens.message, ...lens.actions.map((x) => ({ title: x.title })));
        const action = lens.actions.find((x) => x.title === picked?.title);
        if (!action) return { applied: false, cancelled: true, uri: a.uri, reason: 'no action chosen' };
        await queue; // edits that arrived while the user chose
        if (action.kind === 'mark-done') return runCommand({ command: Commands.markDone, arguments: [{ uri: a.uri, line: action.line } satisfies MarkDoneArgs] });
        if (action.kind === 'snooze') return runCommand({ command: Commands.snooze, arguments: [{ uri: a.uri, by: action.by } satisfies SnoozeArgs] });
        return runCommand({ command: Commands.logContact, arguments: [{ uri: a.uri } satisfies LogContactArgs] });
      }
      default:
        throw new ResponseError(ErrorCodes.InvalidParams, `unknown command ${p.command}`);
    }
  };
  connection.onExecuteCommand(guard('executeCommand', { applied: false, reason: 'internal error' } as CommandResult, runCommand));

  async function apply(edit: WorkspaceEdit, uri: string): Promise<CommandResult> {
    if (!supportsApplyEdit) return { applied: false, uri, reason: 'this editor cannot apply edits from the server (workspace/applyEdit)' };
    const r = await connection.workspace.applyEdit({ label: 'Rapport', edit });
    return r.applied ? { applied: true, uri } : { applied: false, uri, reason: r.failureReason ?? 'the editor did not apply the edit' };
  }

  /** Core's per-path edits (and files to create or rename) → an LSP WorkspaceEdit. */
  function toWorkspaceEdit(folder: Folder, plan: FileEditPlan, rename?: { from: string; to: string }): WorkspaceEdit {
    if (!supportsDocumentChanges && plan.create.length === 0 && !rename) {
      const changes: Record<string, { range: TextEdit['range']; newText: string }[]> = {};
      for (const [p, edits] of plan.changes) changes[state.uriOf(folder, p)] = edits.map((e) => ({ range: e.range, newText: e.newText }));
      return { changes };
    }
    const documentChanges: (TextDocumentEdit | CreateFile | RenameFile)[] = [];
    for (const [p, edits] of plan.changes) {
      const uri = state.uriOf(folder, p);
      const doc = documents.get(uri);
      documentChanges.push({ textDocument: { uri, version: doc ? doc.version : null }, edits: edits.map((e) => ({ range: e.range, newText: e.newText })) });
    }
    for (const c of plan.create) {
      const uri = state.uriOf(folder, c.path);
      documentChanges.push({ kind: 'create', uri, options: { overwrite: false, ignoreIfExists: false } });
      documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: c.text }] });
    }
    if (rename) {
      documentChanges.push({ kind: 'rename', oldUri: state.uriOf(folder, rename.from), newUri: state.uriOf(folder, rename.to), options: { overwrite: false, ignoreIfExists: false } });
    }
    return { documentChanges };
  }

  documents.listen(connection);
  connection.listen();
  return connection;
}

/**
 * Core's Markdown, as Markdown, or as plain text for a client that shows only that (eglot without
 * markdown-mode): no code fences, bold or code marks, and hard line breaks as plain ones.
 */
function markup(markdown: string, asMarkdown: boolean): MarkupContent {
  if (asMarkdown) return { kind: MarkupKind.Markdown, value: markdown };
  const value = markdown
    .replace(/^```.*\n?/gm, '')
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/ {2,}\n/g, '\n')
    .replace(/\n+$/, '');
  return { kind: MarkupKind.PlainText, value };
}

/**
 * The text an LSP snippet inserts, for clients that cannot expand snippets: `${1:name}` gives its
 * placeholder, `$1` the placeholder its tab stop had, and `\$`, `\}`, `\\` their character.
 */
export function snippetAsText(snippet: string): string {
  const placeholders = new Map<string, string>();
  return snippet.replace(/\\([$}\\])|\$\{(\d+):([^}]*)\}|\$(\d+)/g, (_m, escaped: string | undefined, stop: string | undefined, text: string | undefined, mirror: string | undefined) => {
    if (escaped !== undefined) return escaped;
    if (stop !== undefined) {
      placeholders.set(stop, text ?? '');
      return text ?? '';
    }
    return placeholders.get(mirror!) ?? '';
  });
}

function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
