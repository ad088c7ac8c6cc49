// Smoke test of the e2e harness: builds a tiny throwaway extension at run time,
// packages it with vsce, installs it into a fresh code-server, and checks in a
// real browser that its tree view, context menu command, status bar item and
// diagnostics all show up in the VS Code workbench.
//
//   bash test/e2e/setup.sh && node test/e2e/smoke.mjs
//
// Exits 0 when every check passed; prints "e2e smoke: N passed, N failed".

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  contextMenuClick,
  findTreeItem,
  installTimeoutGuard,
  log,
  makeTempDir,
  openBrowser,
  openViewContainer,
  openWorkspace,
  packageVsix,
  readProblems,
  readStatusBarItem,
  runCommand,
  screenshot,
  startCodeServer,
  stopAll,
  trackedGroups,
  leftoverProcesses,
  dismissNotifications,
  countSelectors,
  report,
} from './harness.mjs';

const OVERALL_TIMEOUT_MS = Number(process.env.RAPPORT_E2E_TIMEOUT_MS || 5 * 60_000);

// ---------------------------------------------------------------- throwaway extension

const EXT_PACKAGE = {
  name: 'rapport-e2e-smoke',
  displayName: 'Rapport E2E Smoke',
  description: 'Throwaway extension used by the e2e harness smoke test',
  version: '0.0.1',
  publisher: 'rapport-e2e',
  license: 'MIT',
  engines: { vscode: '^1.91.0' },
  main: './extension.js',
  activationEvents: ['onStartupFinished'],
  contributes: {
    viewsContainers: {
      activitybar: [{ id: 'smokeNotes', title: 'Smoke Notes', icon: 'media/icon.svg' }],
    },
    views: {
      smokeNotes: [{ id: 'smokeTree', name: 'Smoke Items' }],
    },
    commands: [
      { command: 'smoke.publishDiagnostic', title: 'Publish Diagnostic', category: 'Smoke' },
      { command: 'smoke.markDone', title: 'Mark Done', category: 'Smoke' },
    ],
    menus: {
      'view/item/context': [{ command: 'smoke.markDone', when: 'view == smokeTree && viewItem == smokeItem' }],
      commandPalette: [{ command: 'smoke.markDone', when: 'false' }],
    },
  },
};

const EXT_JS = `
const vscode = require('vscode');

function activate(context) {
  const items = [
    { id: 'r1', label: 'Router R1 firmware', done: false },
    { id: 's2', label: 'Switch S2 backup', done: false },
    { id: 'f3', label: 'Firewall F3 rules review', done: false },
  ];
  const changed = new vscode.EventEmitter();
  const provider = {
    onDidChangeTreeData: changed.event,
    getChildren: () => items,
    getTreeItem: (it) => {
      const t = new vscode.TreeItem(it.done ? 'done: ' + it.label : it.label);
      t.id = it.id;
      t.contextValue = it.done ? 'smokeDone' : 'smokeItem';
      t.tooltip = it.label + (it.done ? ' (done)' : ' (overdue)');
      return t;
    },
  };
  context.subscriptions.push(vscode.window.createTreeView('smokeTree', { treeDataProvider: provider }));

  const status = vscode.window.createStatusBarItem('smoke.status', vscode.StatusBarAlignment.Left, 100);
  status.name = 'Smoke overdue';
  const refresh = () => {
    const n = items.filter((i) => !i.done).length;
    status.text = '\\u26a0 ' + n + ' overdue';
    status.tooltip = n + ' overdue items';
    status.show();
  };
  refresh();
  context.subscriptions.push(status);

  const diagnostics = vscode.languages.createDiagnosticCollection('smoke');
  context.subscriptions.push(diagnostics);

  context.subscriptions.push(
    vscode.commands.registerCommand('smoke.markDone', (it) => {
      if (!it) return;
      it.done = true;
      changed.fire();
      refresh();
    }),
    vscode.commands.registerCommand('smoke.publishDiagnostic', async () => {
      const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
      if (!folder) throw new Error('no workspace folder');
      const uri = vscode.Uri.joinPath(folder.uri, 'notes.md');
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const d = new vscode.Diagnostic(new vscode.Range(2, 0, 2, 30), 'Smoke: task is overdue (due 2020-01-01)', vscode.DiagnosticSeverity.Warning);
      d.source = 'smoke';
      diagnostics.set(uri, [d]);
    }),
  );
}

function deactivate() {}

module.exports = { activate, deactivate };
`;

const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24"><path fill="currentColor" d="M4 4h16v3H4zm0 6.5h16v3H4zM4 17h10v3H4z"/></svg>\n`;

export async function buildExtension() {
  const dir = makeTempDir('rapport-e2e-ext-');
  const src = join(dir, 'src');
  mkdirSync(join(src, 'media'), { recursive: true });
  writeFileSync(join(src, 'package.json'), JSON.stringify(EXT_PACKAGE, null, 2));
  writeFileSync(join(src, 'extension.js'), EXT_JS);
  writeFileSync(join(src, 'media', 'icon.svg'), ICON_SVG);
  writeFileSync(join(src, 'README.md'), '# Rapport E2E Smoke\n\nThrowaway extension for the e2e harness.\n');
  writeFileSync(join(src, 'LICENSE'), 'MIT\n');
  const vsix = join(dir, 'rapport-e2e-smoke-0.0.1.vsix');
  log('packaging throwaway extension with vsce');
  await packageVsix(src, vsix);
  return vsix;
}

export function buildWorkspace() {
  const ws = makeTempDir('rapport-e2e-ws-');
  writeFileSync(
    join(ws, 'notes.md'),
    '# Network notes\n\n- [ ] upgrade R1 firmware @due(2020-01-01)\n- [x] back up S2\n',
  );
  return ws;
}

// ---------------------------------------------------------------- checks

const results = [];
async function check(name, fn) {
  const start = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    log(`PASS ${name} (${Date.now() - start} ms)`);
  } catch (e) {
    results.push({ name, ok: false, error: e });
    log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
    if (page) await screenshot(page, `FAIL-${name}`).catch(() => {});
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

let page = null;

async function main() {
  const disarm = installTimeoutGuard(OVERALL_TIMEOUT_MS, () => page);
  const started = Date.now();
  let groups = [];
  try {
    const vsix = await buildExtension();
    const workspace = buildWorkspace();
    const cs = await startCodeServer({ workspace, vsix });
    ({ page } = await openBrowser());
    await openWorkspace(page, cs.url, workspace);
    groups = trackedGroups().map((g) => g.pgid);

    await check('status bar shows the overdue count', async () => {
      const text = await readStatusBarItem(page, 'overdue', { timeoutMs: 30_000 });
      assert(text.includes('⚠ 3 overdue'), `status bar text was ${JSON.stringify(text)}`);
    });
    await dismissNotifications(page);
    await screenshot(page, '01-workbench');

    await check('tree view shows its items', async () => {
      await openViewContainer(page, 'Smoke Notes');
      for (const label of ['Router R1 firmware', 'Switch S2 backup', 'Firewall F3 rules review']) {
        await findTreeItem(page, label);
      }
      await screenshot(page, '02-tree-view');
    });

    await check('context menu command on a tree item works', async () => {
      const item = await findTreeItem(page, 'Router R1 firmware');
      await contextMenuClick(page, item, 'Mark Done');
      await findTreeItem(page, 'done: Router R1 firmware');
      const text = await readStatusBarItem(page, '2 overdue');
      assert(text.includes('⚠ 2 overdue'), `status bar text was ${JSON.stringify(text)}`);
      await screenshot(page, '03-after-context-menu');
    });

    await check('Problems panel shows the published diagnostic', async () => {
      await runCommand(page, 'Smoke: Publish Diagnostic');
      // the command opens notes.md; wait for its tab so it does not steal focus later
      await page.locator('.tabs-container .tab[aria-label*="notes.md"]').first().waitFor({ state: 'visible' });
      const rows = await readProblems(page, { waitFor: 'task is overdue' });
      log('problems rows:', JSON.stringify(rows));
      log('selector counts:', JSON.stringify(await countSelectors(page, [
        '.markers-panel .monaco-list-row',
        '.markers-panel .monaco-tl-row',
        '#workbench\\.parts\\.statusbar .statusbar-item',
        '.part.sidebar .monaco-list-row',
      ])));
      assert(
        rows.some((r) => r.includes('Smoke: task is overdue (due 2020-01-01)')),
        `problems rows: ${JSON.stringify(rows)}`,
      );
      assert(rows.some((r) => r.includes('notes.md')), `no notes.md file row: ${JSON.stringify(rows)}`);
      await screenshot(page, '04-problems');
    });
  } catch (e) {
    results.push({ name: 'setup', ok: false, error: e });
    log(`FAIL setup: ${e && e.stack ? e.stack : e}`);
    if (page) await screenshot(page, 'FAIL-setup').catch(() => {});
  } finally {
    try {
      await stopAll();
      await new Promise((r) => setTimeout(r, 500));
      const left = leftoverProcesses(groups);
      if (left.length) {
        results.push({ name: 'no orphan processes', ok: false });
        log('FAIL orphans:', JSON.stringify(left));
      } else {
        results.push({ name: 'no orphan processes', ok: true });
        log('PASS no orphan processes');
      }
    } catch (e) {
      results.push({ name: 'no orphan processes', ok: false, error: e });
      log(`FAIL stopAll: ${e}`);
    }
    disarm();
  }
  report(results, started);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
