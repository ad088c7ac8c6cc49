/**
 * Rapport for VS Code: a thin client. It starts the bundled language server (dist/server.mjs) over
 * IPC and shows what the server computes: follow-ups, contacts, programs, events, the network and
 * the report. Every change to a note goes through the server's commands (workspace/executeCommand),
 * which answer with a minimal edit that VS Code applies.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  Commands,
  DidChangeNotification,
  EntitiesRequest,
  EventsRequest,
  FollowUpsRequest,
  GraphRequest,
  ProgramsRequest,
  ReportRequest,
  type CommandResult,
  type EntitiesResult,
  type EntityGroupBy,
  type EntityItem,
  type EntityType,
  type EventsResult,
  type FollowUpsResult,
  type GraphResult,
  type LogContactArgs,
  type NewNoteArgs,
  type PersonActionsArgs,
  type ProgramsResult,
  type ReportResult,
} from '@rapport/language-server/protocol';
import { NetworkPanel } from './network.js';
import {
  commandWarning,
  contactsTree,
  eventsTree,
  followUpTree,
  GROUP_BY_LABEL,
  logContactArgs,
  markDoneArgs,
  personPick,
  snoozeArgs,
  programsTree,
  statusBar,
  type Location,
  type Node,
} from './render.js';
import { NodeTree, OPEN_COMMAND } from './trees.js';

const REPORT_SCHEME = 'rapport-report';
const GROUP_BY_KEY = 'rapport.contacts.groupBy';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Rapport', { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath('dist/server.mjs');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    // Settings changes are announced to the server, which reads them with workspace/configuration.
    // File watching: the server registers its own watchers (dynamic registration).
    synchronize: { configurationSection: 'rapport' },
    outputChannel: output,
    middleware: {
      // The person-note code lens runs the server's personActions (the server asks which action,
      // then edits). Routed through serverCommand so the note is saved like every other command's.
      executeCommand: (command, args, next) => {
        const arg = args[0] as PersonActionsArgs | undefined;
        return command === Commands.personActions ? serverCommand(command, arg, arg?.uri) : next(command, args);
      },
    },
  };
  const lc = new LanguageClient('rapport', 'Rapport Language Server', serverOptions, clientOptions);
  client = lc;

  const reportError = (e: unknown) => output.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  const request = async <R>(method: string, params: unknown = {}): Promise<R> => {
    if (lc.state !== State.Running) await lc.start();
    return lc.sendRequest<R>(method, params);
  };

  // ------------------------------------------------------------------------ views
  let followUps: FollowUpsResult | undefined;
  let groupBy: EntityGroupBy = context.workspaceState.get<EntityGroupBy>(GROUP_BY_KEY, 'organization');
  void vscode.commands.executeCommand('setContext', GROUP_BY_KEY, groupBy);

  const status = vscode.window.createStatusBarItem('rapport.overdue', vscode.StatusBarAlignment.Left, 50);
  status.name = 'Rapport: overdue follow-ups';
  status.command = 'rapport.followUps.focus';
  status.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  context.subscriptions.push(status);

  const followUpsTree = new NodeTree(async () => {
    followUps = await request<FollowUpsResult>(FollowUpsRequest, {});
    const sb = statusBar(followUps);
    status.text = sb.text;
    status.tooltip = sb.tooltip;
    if (sb.visible) status.show();
    else status.hide();
    followUpsView.description = `today ${followUps.today}`;
    const overdue = followUps.groups.find((g) => g.status === 'overdue')?.count ?? 0;
    followUpsView.badge = overdue ? { value: overdue, tooltip: sb.tooltip } : undefined;
    return followUpTree(followUps);
  }, reportError);
  const followUpsView = vscode.window.createTreeView('rapport.followUps', { treeDataProvider: followUpsTree, showCollapseAll: true });

  const contactsTreeData = new NodeTree(async () => contactsTree(await request<EntitiesResult>(EntitiesRequest, { groupBy })), reportError);
  const contactsView = vscode.window.createTreeView('rapport.contacts', { treeDataProvider: contactsTreeData, showCollapseAll: true });
  contactsView.description = `by ${GROUP_BY_LABEL[groupBy].toLowerCase()}`;

  const programsTreeData = new NodeTree(async () => programsTree(await request<ProgramsResult>(ProgramsRequest, {})), reportError);
  const eventsTreeData = new NodeTree(async () => eventsTree(await request<EventsResult>(EventsRequest, {})), reportError);
  context.subscriptions.push(
    followUpsTree,
    followUpsView,
    contactsTreeData,
    contactsView,
    programsTreeData,
    eventsTreeData,
    vscode.window.createTreeView('rapport.programs', { treeDataProvider: programsTreeData, showCollapseAll: true }),
    vscode.window.createTreeView('rapport.events', { treeDataProvider: eventsTreeData, showCollapseAll: true }),
  );

  const refreshAll = () => {
    followUpsTree.refresh();
    contactsTreeData.refresh();
    programsTreeData.refresh();
    eventsTreeData.refresh();
    NetworkPanel.refresh();
    // The status bar follows the follow-ups, even while their view is collapsed or hidden.
    void followUpsTree.nodes();
  };

  // ------------------------------------------------------------------------ report documents
  const reports = new Map<string, string>();
  const reportChanged = new vscode.EventEmitter<vscode.Uri>();
  context.subscriptions.push(
    reportChanged,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, {
      onDidChange: reportChanged.event,
      provideTextDocumentContent: (uri) => reports.get(uri.toString()) ?? '',
    }),
  );

  // ------------------------------------------------------------------------ helpers
  const open = async (loc: Location) => {
    const uri = vscode.Uri.parse(loc.uri);
    const options: vscode.TextDocumentShowOptions = {};
    if (loc.range) options.selection = lc.protocol2CodeConverter.asRange(loc.range);
    await vscode.window.showTextDocument(uri, options);
  };

  /** Runs a server command; saves the note it changed when it had no unsaved edits before. */
  const serverCommand = async (command: string, args: unknown, uriHint?: string): Promise<CommandResult | undefined> => {
    const wasDirty = (uri: string | undefined) => !!uri && !!vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri)?.isDirty;
    const dirtyBefore = wasDirty(uriHint);
    let result: CommandResult | undefined;
    try {
      result = (await request<CommandResult>(ExecuteCommandRequest.method, { command, arguments: [args] })) ?? undefined;
    } catch (e) {
      reportError(e);
      void vscode.window.showErrorMessage(`Rapport: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    if (!result?.applied) {
      const warning = commandWarning(result);
      if (warning) void vscode.window.showWarningMessage(warning);
      return result;
    }
    const changed = result.uri ?? uriHint;
    const doc = changed ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === changed) : undefined;
    if (doc && doc.isDirty && !(changed === uriHint && dirtyBefore)) await doc.save();
    return result;
  };

  const people = async (): Promise<EntityItem[]> => {
    const res = await request<EntitiesResult>(EntitiesRequest, { groupBy: 'type' satisfies EntityGroupBy });
    return res.groups.flatMap((g) => g.items).filter((i) => i.type === 'person');
  };

  const newNote = async (type?: EntityType) => {
    if (!type) {
      const pick = await vscode.window.showQuickPick(
        [
          { label: '$(person) Person', type: 'person' as const, detail: 'Someone you met or want to meet' },
          { label: '$(organization) Organization', type: 'organization' as const, detail: 'A hospital, school or society' },
          { label: '$(mortar-board) Program', type: 'program' as const, detail: 'A residency program (or any program you apply to)' },
          { label: '$(calendar) Event', type: 'event' as const, detail: 'A conference or meeting' },
        ],
        { title: 'Rapport: New note', placeHolder: 'What kind of note?' },
      );
      if (!pick) return;
      type = pick.type;
    }
    const name = await vscode.window.showInputBox({
      title: `Rapport: New ${type}`,
      prompt: `The ${type}'s name (the file name is made from it)`,
      placeHolder: type === 'person' ? 'Dr. Jane Smith' : type === 'event' ? 'APA Annual Meeting 2027' : 'Name',
      validateInput: (v) => (v.trim() ? undefined : 'Enter a name'),
    });
    if (!name?.trim()) return;
    const folderUri = vscode.workspace.workspaceFolders?.[0]?.uri.toString();
    const args: NewNoteArgs = { type, name: name.trim(), ...(folderUri ? { folderUri } : {}) };
    const result = await serverCommand(Commands.newNote, args);
    if (result?.applied && result.uri) await open({ uri: result.uri });
  };

  // ------------------------------------------------------------------------ commands
  const setGroupBy = async (g: EntityGroupBy) => {
    groupBy = g;
    await context.workspaceState.update(GROUP_BY_KEY, g);
    await vscode.commands.executeCommand('setContext', GROUP_BY_KEY, g);
    contactsView.description = `by ${GROUP_BY_LABEL[g].toLowerCase()}`;
    contactsTreeData.refresh();
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(OPEN_COMMAND, async (node?: Node) => {
      if (node?.open) await open(node.open);
    }),
    vscode.commands.registerCommand('rapport.openNote', async (node?: Node) => {
      const uri = node?.entity?.uri ?? node?.open?.uri;
      if (uri) await open({ uri });
    }),
    vscode.commands.registerCommand('rapport.refresh', refreshAll),
    vscode.commands.registerCommand('rapport.followUp.markDone', async (node?: Node) => {
      const args = node?.followUp && markDoneArgs(node.followUp);
      if (args) await serverCommand(Commands.markDone, args, args.uri);
    }),
    vscode.commands.registerCommand('rapport.followUp.snooze', async (node?: Node) => {
      const args = node?.followUp && snoozeArgs(node.followUp);
      if (args) await serverCommand(Commands.snooze, args, args.uri);
    }),
    vscode.commands.registerCommand('rapport.followUp.logContact', async (node?: Node) => {
      const args = node && logContactArgs(node);
      if (args) await serverCommand(Commands.logContact, args, args.uri);
    }),
    vscode.commands.registerCommand('rapport.contacts.groupByOrganization', () => setGroupBy('organization')),
    vscode.commands.registerCommand('rapport.contacts.groupByTag', () => setGroupBy('tag')),
    vscode.commands.registerCommand('rapport.contacts.groupByMentor', () => setGroupBy('mentor')),
    vscode.commands.registerCommand('rapport.contacts.groupByType', () => setGroupBy('type')),
    vscode.commands.registerCommand('rapport.createNote', () => newNote()),
    vscode.commands.registerCommand('rapport.newPerson', () => newNote('person')),
    vscode.commands.registerCommand('rapport.newOrganization', () => newNote('organization')),
    vscode.commands.registerCommand('rapport.newProgram', () => newNote('program')),
    vscode.commands.registerCommand('rapport.newEvent', () => newNote('event')),
    vscode.commands.registerCommand('rapport.logInteraction', async (node?: Node) => {
      let uri = node?.entity?.type === 'person' ? node.entity.uri : undefined;
      let name = node?.entity?.name;
      if (!uri) {
        const all = await people();
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        all.sort((a, b) => Number(b.uri === active) - Number(a.uri === active));
        const pick = await vscode.window.showQuickPick(
          all.map((p) => ({ ...personPick(p), item: p })),
          { title: 'Rapport: Log interaction', placeHolder: 'With whom?', matchOnDescription: true },
        );
        if (!pick) return;
        uri = pick.item.uri;
        name = pick.item.name;
      }
      const text = await vscode.window.showInputBox({
        title: `Rapport: Log interaction with ${name ?? 'this person'}`,
        prompt: 'What happened? (saved as a dated entry in their Log)',
        placeHolder: 'Coffee chat about the interview season',
        validateInput: (v) => (v.trim() ? undefined : 'Describe the interaction'),
      });
      if (!text?.trim()) return;
      const today = followUps?.today;
      const date = await vscode.window.showInputBox({
        title: `Rapport: Log interaction with ${name ?? 'this person'}`,
        prompt: 'When? (YYYY-MM-DD)',
        ...(today ? { value: today } : {}),
        validateInput: (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? undefined : 'A date as YYYY-MM-DD'),
      });
      if (!date) return;
      const args: LogContactArgs = { uri, text: text.trim(), date: date.trim() };
      const result = await serverCommand(Commands.logContact, args, uri);
      if (result?.applied) {
        const choice = await vscode.window.showInformationMessage(`Logged “${text.trim()}” with ${name ?? 'them'}.`, 'Open note');
        if (choice) await open({ uri });
      }
    }),
    vscode.commands.registerCommand('rapport.openReport', async () => {
      let report: ReportResult;
      try {
        report = await request<ReportResult>(ReportRequest, {});
      } catch (e) {
        reportError(e);
        void vscode.window.showErrorMessage(`Rapport: could not build the report (${e instanceof Error ? e.message : String(e)}).`);
        return;
      }
      const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/Rapport report ${report.today}.md` });
      reports.set(uri.toString(), report.markdown);
      reportChanged.fire(uri);
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    }),
    vscode.commands.registerCommand('rapport.showNetwork', async () => {
      await NetworkPanel.show(context, () => request<GraphResult>(GraphRequest, {}), (uri) => open({ uri }));
    }),
    vscode.commands.registerCommand('rapport.restartServer', async () => {
      await lc.restart();
      refreshAll();
    }),
  );

  // ------------------------------------------------------------------------ server
  context.subscriptions.push(
    lc.onNotification(DidChangeNotification, () => refreshAll()),
    lc.onDidChangeState((e) => {
      if (e.newState === State.Running) refreshAll();
    }),
  );
  try {
    await lc.start();
  } catch (e) {
    reportError(e);
    void vscode.window.showErrorMessage('Rapport: the language server did not start. See the “Rapport” output for details.');
  }
  refreshAll();
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop().catch(() => undefined);
  client = undefined;
}
