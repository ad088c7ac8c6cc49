// Reusable end-to-end harness: a real VS Code (code-server) driven by a real
// browser (Debian's chromium through playwright-core).
//
// Everything it needs is installed by test/e2e/setup.sh into <repo>/.tools/.
// Every wait has a timeout, every process it starts is spawned in its own
// process group and is killed by stopAll() (also on exit, SIGINT and SIGTERM).
//
// Paths can be overridden with environment variables:
//   RAPPORT_E2E_TOOLS       tool folder (default <repo>/.tools)
//   RAPPORT_E2E_NODE24      node >= 24 binary used to run code-server and vsce
//   RAPPORT_E2E_CODE_SERVER code-server's bin/code-server script
//   RAPPORT_E2E_CHROMIUM    chromium binary (default /usr/bin/chromium)
//   RAPPORT_E2E_ARTIFACTS   screenshot folder (default <repo>/test-artifacts/e2e)
//   RAPPORT_E2E_DEBUG=1     echo code-server and chromium output

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TOOLS = process.env.RAPPORT_E2E_TOOLS || join(REPO_ROOT, '.tools');
export const ARTIFACTS = process.env.RAPPORT_E2E_ARTIFACTS || join(REPO_ROOT, 'test-artifacts', 'e2e');
const DEBUG = !!process.env.RAPPORT_E2E_DEBUG;

export const paths = {
  node24: process.env.RAPPORT_E2E_NODE24 || join(TOOLS, 'node24', 'node_modules', 'node', 'bin', 'node'),
  codeServer:
    process.env.RAPPORT_E2E_CODE_SERVER || join(TOOLS, 'code-server', 'lib', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
  chromium: process.env.RAPPORT_E2E_CHROMIUM || '/usr/bin/chromium',
  e2eModules: join(TOOLS, 'e2e', 'node_modules'),
  vsce: join(TOOLS, 'e2e', 'node_modules', '@vscode', 'vsce', 'vsce'),
};

// ---------------------------------------------------------------- logging

const t0 = Date.now();
export function log(...args) {
  const s = ((Date.now() - t0) / 1000).toFixed(1).padStart(6);
  console.log(`[e2e ${s}s]`, ...args);
}

// ---------------------------------------------------------------- playwright-core

/** playwright-core from .tools/e2e/node_modules, else from normal resolution. */
export function loadPlaywright() {
  const fromTools = createRequire(join(TOOLS, 'e2e', 'package.json'));
  try {
    return fromTools('playwright-core');
  } catch {
    try {
      return createRequire(import.meta.url)('playwright-core');
    } catch {
      throw new Error('playwright-core not found: run `bash test/e2e/setup.sh` first');
    }
  }
}

// ---------------------------------------------------------------- process tracking

const procs = new Set(); // { name, child, pgid }
const tempDirs = new Set();
/** Every temp dir this module made, also after stopAll() removed them (for orphan checks). */
export const allTempDirs = [];

function track(name, child) {
  const entry = { name, child, pgid: child.pid, exited: false, watchdog: null };
  child.on('exit', () => {
    entry.exited = true;
  });
  procs.add(entry);
  if (child.pid) entry.watchdog = spawnWatchdog(child.pid);
  return entry;
}

// If this node process dies without running any handler (SIGKILL, OOM), a tiny
// detached shell notices within a second and kills the group, so nothing is orphaned.
function spawnWatchdog(pgid) {
  const script = `while kill -0 ${process.pid} 2>/dev/null && kill -0 -${pgid} 2>/dev/null; do sleep 1; done; ` +
    `kill -0 ${process.pid} 2>/dev/null && exit 0; ` +
    `kill -TERM -${pgid} 2>/dev/null; sleep 3; kill -KILL -${pgid} 2>/dev/null; exit 0`;
  try {
    const w = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
    w.unref();
    return w;
  } catch {
    return null;
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}

/** Run a command to completion (in its own process group) with a timeout. */
export function run(cmd, args, { cwd, env, timeoutMs = 120_000, name = cmd } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, env: env || process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const entry = track(name, child);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => {
      killGroup(entry.pgid, 'SIGKILL');
      reject(new Error(`${name} timed out after ${timeoutMs} ms\n${out}`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      procs.delete(entry);
      reject(e);
    });
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      procs.delete(entry);
      if (DEBUG) process.stdout.write(out);
      if (code === 0) resolvePromise(out);
      else reject(new Error(`${name} ${args.join(' ')} exited ${code ?? sig}\n${out}`));
    });
  });
}

export function makeTempDir(prefix = 'rapport-e2e-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  allTempDirs.push(dir);
  return dir;
}

let browser = null;
let stopping = null;

/** Close the browser, kill every process group this module started, remove temp dirs. */
export async function stopAll({ keepTemp = !!process.env.RAPPORT_E2E_KEEP_TEMP } = {}) {
  if (stopping) return stopping;
  stopping = (async () => {
    if (browser) {
      await Promise.race([browser.close().catch(() => {}), sleep(5_000)]);
      browser = null;
    }
    for (const p of procs) killGroup(p.pgid, 'SIGTERM');
    const deadline = Date.now() + 5_000;
    while ([...procs].some((p) => groupAlive(p.pgid)) && Date.now() < deadline) await sleep(100);
    for (const p of procs) {
      if (groupAlive(p.pgid)) {
        log(`${p.name} (pgid ${p.pgid}) ignored SIGTERM, sending SIGKILL`);
        killGroup(p.pgid, 'SIGKILL');
      }
    }
    const left = [...procs].filter((p) => groupAlive(p.pgid));
    for (const p of procs) if (p.watchdog?.pid) killGroup(p.watchdog.pid, 'SIGKILL');
    procs.clear();
    if (!keepTemp) for (const d of tempDirs) rmSync(d, { recursive: true, force: true, maxRetries: 3 });
    tempDirs.clear();
    if (left.length) throw new Error(`process groups still alive: ${left.map((p) => p.pgid).join(', ')}`);
  })();
  return stopping;
}

// Last-resort cleanup: synchronous SIGKILL of every group on any exit path.
process.on('exit', () => {
  for (const p of procs) killGroup(p.pgid, 'SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    log(`got ${sig}, stopping`);
    stopAll().finally(() => process.exit(130));
  });
}

/**
 * Overall timeout guard: after `ms`, takes a screenshot of `getPage()` if it can,
 * stops everything and exits with code 1. Returns a function that disarms it.
 */
export function installTimeoutGuard(ms, getPage = () => null) {
  const timer = setTimeout(async () => {
    log(`OVERALL TIMEOUT after ${ms} ms, stopping everything`);
    const page = getPage();
    if (page) await Promise.race([screenshot(page, 'timeout').catch(() => {}), sleep(5_000)]);
    await Promise.race([stopAll().catch(() => {}), sleep(15_000)]);
    process.exit(1);
  }, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

/** The closing lines of a run: totals, and the exit code (1 when anything failed). */
export function report(results, started) {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- code-server

export async function freePort() {
  return new Promise((resolvePromise, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePromise(port));
    });
  });
}

/** User settings that keep the workbench quiet and deterministic. */
export const DEFAULT_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'telemetry.feedback.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.layoutControl.enabled': false,
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'github.gitAuthentication': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'editor.accessibilitySupport': 'off',
  'accessibility.signals.sounds.volume': 0,
  'files.hotExit': 'off',
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  'window.commandCenter': false,
  // Hovers over tree rows would cover the next row a test clicks.
  'workbench.hover.delay': 60000,
  // Text typed by a test goes in as is.
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoSurround': 'never',
  'editor.formatOnType': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
};

/**
 * Start code-server with a fresh user-data-dir and extensions-dir.
 * @param {{workspace?: string, vsix?: string|string[], port?: number, settings?: object, readyTimeoutMs?: number}} opts
 * @returns {Promise<{url: string, port: number, userDataDir: string, extensionsDir: string, logs: () => string, stop: () => Promise<void>}>}
 */
export async function startCodeServer({ workspace, vsix, port, settings = {}, readyTimeoutMs = 60_000 } = {}) {
  for (const [what, p] of [
    ['node24', paths.node24],
    ['code-server', paths.codeServer],
  ]) {
    if (!existsSync(p)) throw new Error(`${what} not found at ${p}: run \`bash test/e2e/setup.sh\` first`);
  }
  port = port || (await freePort());
  const base = makeTempDir('rapport-e2e-cs-');
  const userDataDir = join(base, 'user-data');
  const extensionsDir = join(base, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 2));
  const config = join(base, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);

  // code-server/VS Code read HOME and XDG dirs for a few things; keep them in the temp dir.
  const env = {
    ...process.env,
    PATH: `${dirname(paths.node24)}:${process.env.PATH}`,
    HOME: join(base, 'home'),
    XDG_CONFIG_HOME: join(base, 'home', '.config'),
    XDG_DATA_HOME: join(base, 'home', '.local', 'share'),
    XDG_CACHE_HOME: join(base, 'home', '.cache'),
    VSCODE_PROXY_URI: '',
  };
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  delete env.PORT;
  mkdirSync(env.XDG_CONFIG_HOME, { recursive: true });

  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  for (const v of [vsix].flat().filter(Boolean)) {
    log(`installing ${v}`);
    const out = await run(paths.node24, [paths.codeServer, ...common, '--force', '--install-extension', v], {
      env,
      timeoutMs: 120_000,
      name: 'code-server --install-extension',
    });
    if (!/successfully installed/i.test(out)) throw new Error(`vsix install did not report success:\n${out}`);
  }

  const args = [
    paths.codeServer,
    ...common,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
  ];
  if (workspace) args.push(workspace);
  log(`starting code-server on 127.0.0.1:${port}`);
  const child = spawn(paths.node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const entry = track('code-server', child);
  let output = '';
  const onData = (d) => {
    output += d;
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
    if (DEBUG) process.stdout.write(`[code-server] ${d}`);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (entry.exited) throw new Error(`code-server exited early:\n${output}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`code-server not ready after ${readyTimeoutMs} ms:\n${output}`);
    await sleep(250);
  }
  log(`code-server ready at ${url}`);
  return {
    url,
    port,
    userDataDir,
    extensionsDir,
    logs: () => output,
    stop: async () => {
      killGroup(entry.pgid, 'SIGTERM');
      const end = Date.now() + 5_000;
      while (groupAlive(entry.pgid) && Date.now() < end) await sleep(100);
      killGroup(entry.pgid, 'SIGKILL');
      procs.delete(entry);
    },
  };
}

// ---------------------------------------------------------------- browser

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-dev-shm-usage',
  '--window-size=1600,1000',
];

/**
 * Start chromium ourselves (own process group, fresh --user-data-dir) and attach
 * playwright-core over CDP. Returns { browser, context, page }.
 */
export async function openBrowser({ timeoutMs = 30_000 } = {}) {
  const { chromium } = loadPlaywright();
  if (!existsSync(paths.chromium)) throw new Error(`chromium not found at ${paths.chromium}: run \`bash test/e2e/setup.sh\``);
  const profile = makeTempDir('rapport-e2e-chromium-');
  const args = [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank'];
  // chromium's crashpad handler escapes the process group (setsid, reparented to
  // init; it exits with the browser). Point HOME/XDG at the temp profile so it and
  // everything else chromium writes stay there and can be found by path.
  const home = join(profile, 'home');
  mkdirSync(home, { recursive: true });
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') };
  const child = spawn(paths.chromium, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const entry = track('chromium', child);
  let output = '';
  const wsEndpoint = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`chromium did not open DevTools in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (d) => {
      output += d;
      if (DEBUG) process.stdout.write(`[chromium] ${d}`);
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    };
    child.stderr.on('data', onData);
    child.stdout.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!entry.resolved) reject(new Error(`chromium exited ${code}:\n${output}`));
    });
  });
  entry.resolved = true;
  browser = await chromium.connectOverCDP(wsEndpoint, { timeout: timeoutMs });
  const context = browser.contexts()[0] || (await browser.newContext());
  const page = context.pages()[0] || (await context.newPage());
  await page.setViewportSize({ width: 1600, height: 1000 });
  page.setDefaultTimeout(20_000);
  page.setDefaultNavigationTimeout(60_000);
  return { browser, context, page };
}

// ---------------------------------------------------------------- workbench helpers

export const SEL = {
  workbench: '.monaco-workbench',
  statusbar: '#workbench\\.parts\\.statusbar',
  statusbarItem: '#workbench\\.parts\\.statusbar .statusbar-item',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  problemsPanel: '.markers-panel',
  problemsRow: '.markers-panel .monaco-list-row',
  contextMenu: '.context-view .monaco-menu',
  contextMenuItem: '.context-view .monaco-menu .action-item',
  notificationToast: '.notifications-toasts .notification-toast',
};

/** Navigate to code-server with ?folder= and wait until the workbench is up. */
export async function openWorkspace(page, url, folder, { timeoutMs = 60_000 } = {}) {
  const target = folder ? `${url}/?folder=${encodeURI(folder)}` : url;
  log(`opening ${target}`);
  await page.goto(target, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  await page.locator(SEL.workbench).first().waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator(SEL.statusbar).waitFor({ state: 'visible', timeout: timeoutMs });
  // The explorer (or some view) has rendered and the remote connection is up when
  // the status bar shows the remote indicator and no "Reconnecting"/"Opening" state.
  await page
    .locator('.part.sidebar, .part.editor')
    .first()
    .waitFor({ state: 'visible', timeout: timeoutMs });
  // give the extension host a chance to start; callers wait for their own elements
  await page.waitForFunction(() => !document.querySelector('.monaco-workbench .progress-bit[style*="block"]'), null, {
    timeout: timeoutMs,
  }).catch(() => {});
  log('workbench ready');
}

/** Close notification toasts so they do not cover the status bar / panels. */
export async function dismissNotifications(page) {
  const toasts = page.locator(SEL.notificationToast);
  const n = await toasts.count();
  for (let i = 0; i < n; i++) {
    const close = page.locator(`${SEL.notificationToast} .codicon-notifications-clear`).first();
    if (await close.isVisible().catch(() => false)) await close.click({ timeout: 2_000 }).catch(() => {});
  }
}

/**
 * Run a command through the command palette: F1 (Ctrl+Shift+P as fallback), type
 * `title`, click the row whose text contains `match` (default: `title`).
 * Pitfall: the palette closes when something else takes focus (e.g. an editor
 * opened by the previous command), so this retries a few times.
 */
export async function runCommand(page, title, { match = title, timeoutMs = 15_000, attempts = 3 } = {}) {
  log(`command palette: ${title}`);
  const input = page.locator(SEL.quickInputBox);
  for (let attempt = 1; ; attempt++) {
    try {
      if (!(await input.isVisible().catch(() => false))) {
        await page.keyboard.press('F1');
        const opened = await input.waitFor({ state: 'visible', timeout: 3_000 }).then(
          () => true,
          () => false,
        );
        if (!opened) await page.keyboard.press('Control+Shift+P');
        await input.waitFor({ state: 'visible', timeout: timeoutMs });
      }
      await input.fill(`>${title}`, { timeout: 5_000 });
      const row = page.locator(SEL.quickInputRow).filter({ hasText: match }).first();
      await row.waitFor({ state: 'visible', timeout: timeoutMs });
      await row.click({ timeout: 5_000 });
      await input.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => {});
      return;
    } catch (e) {
      if (attempt >= attempts) throw e;
      log(`command palette attempt ${attempt} failed (${String(e.message).split('\n')[0]}), retrying`);
      await page.keyboard.press('Escape').catch(() => {});
      await sleep(500);
    }
  }
}

/** Open (focus) the Problems panel and return the text of its rows. */
export async function readProblems(page, { timeoutMs = 15_000, waitFor } = {}) {
  const panel = page.locator(SEL.problemsPanel);
  if (!(await panel.isVisible().catch(() => false))) {
    await runCommand(page, 'Problems: Focus on Problems View', { match: 'Focus on Problems View', timeoutMs });
  }
  await panel.waitFor({ state: 'visible', timeout: timeoutMs });
  const rows = page.locator(SEL.problemsRow);
  if (waitFor) await rows.filter({ hasText: waitFor }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  return (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/**
 * Locator of a tree/list row whose aria-label or visible text contains `text`,
 * optionally inside a container selector (e.g. '.part.sidebar').
 * Pitfall: for extension tree views the row's aria-label is the TreeItem's
 * tooltip when that is a string (else its label), so match the text too.
 */
export function treeItem(page, text, { within } = {}) {
  const scope = within ? page.locator(within) : page;
  const q = JSON.stringify(text);
  return scope.locator(`.monaco-list-row[aria-label*=${q}], .monaco-list-row:has-text(${q})`).first();
}

/** Wait for a tree item and return its locator. */
export async function findTreeItem(page, text, { within, timeoutMs = 15_000 } = {}) {
  if (DEBUG) log(`tree item: ${text}`);
  const item = treeItem(page, text, { within });
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  return item;
}

/**
 * Right-click `locator`, wait for the context menu, click the entry whose label contains `label`.
 *
 * Pitfall: VS Code's HTML context menu ignores a click that arrives right after
 * it opened (Playwright's immediate click leaves the menu open and runs nothing).
 * So: wait a little after the menu shows, press with a small mousedown→mouseup
 * delay, and if the menu is still open fall back to the keyboard (focus + Enter).
 */
export async function contextMenuClick(page, locator, label, { timeoutMs = 15_000 } = {}) {
  log(`context menu: ${label}`);
  await locator.click({ button: 'right', timeout: timeoutMs });
  const menu = page.locator(SEL.contextMenu);
  const item = page.locator(SEL.contextMenuItem).filter({ hasText: label }).first();
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  await sleep(300);
  await item.click({ delay: 60, timeout: timeoutMs });
  const closed = await menu.waitFor({ state: 'hidden', timeout: 3_000 }).then(
    () => true,
    () => false,
  );
  if (!closed) {
    log('context menu still open after click, using keyboard');
    await item.locator('.action-menu-item').focus({ timeout: timeoutMs });
    await page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: timeoutMs });
  }
}

/** How many elements match each selector (for checking selectors after a VS Code upgrade). */
export async function countSelectors(page, selectors) {
  const out = {};
  for (const sel of selectors) out[sel] = await page.locator(sel).count();
  return out;
}

/** Texts of all status bar items. */
export async function statusBarTexts(page) {
  return (await page.locator(SEL.statusbarItem).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Wait for a status bar item containing `text`; returns its text. */
export async function readStatusBarItem(page, text, { timeoutMs = 15_000 } = {}) {
  const item = page.locator(SEL.statusbarItem).filter({ hasText: text }).first();
  await item.waitFor({ state: 'visible', timeout: timeoutMs });
  return (await item.innerText()).replace(/\s+/g, ' ').trim();
}

/** Click an activity bar entry (view container) by its title. */
export async function openViewContainer(page, title, { timeoutMs = 15_000 } = {}) {
  log(`view container: ${title}`);
  const entry = page.locator(`.activitybar .action-item a[aria-label*=${JSON.stringify(title)}], .activitybar .action-label[aria-label*=${JSON.stringify(title)}]`).first();
  await entry.waitFor({ state: 'visible', timeout: timeoutMs });
  // Clicking the active container would close the side bar: leave it open.
  const label = page.locator(`a[aria-label*=${JSON.stringify(title)}], .action-label[aria-label*=${JSON.stringify(title)}]`);
  const item = page.locator('.activitybar .action-item').filter({ has: label }).first();
  const active = /\bchecked\b/.test((await item.getAttribute('class').catch(() => '')) || '');
  if (active && (await page.locator('.part.sidebar').first().isVisible().catch(() => false))) return;
  // Click the whole item: a badge (e.g. an overdue count) lies over the icon, inside the item.
  await item.click({ timeout: timeoutMs });
}

/** Screenshot into test-artifacts/e2e/<name>.png; returns the path. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, timeout: 15_000 });
  log(`screenshot ${file}`);
  return file;
}

/** Package an extension folder into a .vsix with vsce (from .tools/e2e), run by node24. */
export async function packageVsix(extDir, outFile) {
  const vsce = existsSync(paths.vsce) ? paths.vsce : null;
  if (!vsce) throw new Error(`vsce not found at ${paths.vsce}: run \`bash test/e2e/setup.sh\``);
  await run(paths.node24, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', outFile], {
    cwd: extDir,
    timeoutMs: 120_000,
    name: 'vsce package',
  });
  return outFile;
}

/** List processes whose process group is one we track (for orphan checks). */
export function trackedGroups() {
  return [...procs].map((p) => ({ name: p.name, pgid: p.pgid, alive: groupAlive(p.pgid) }));
}

/**
 * Processes still alive that this module started: members of the given process
 * groups, or any process whose command line mentions one of our temp dirs
 * (catches chromium's crashpad handler, which leaves the group). Uses ps.
 */
export function leftoverProcesses(pgids = []) {
  const r = spawnSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter(Boolean)
    .map(([, pid, pgid, args]) => ({ pid: Number(pid), pgid: Number(pgid), args }))
    .filter((p) => p.pid !== process.pid && (pgids.includes(p.pgid) || allTempDirs.some((d) => p.args.includes(d))))
    .map((p) => ({ ...p, args: p.args.slice(0, 160) }));
}

/** Kept for callers of the first version: same as leftoverProcesses(pgids). */
export function aliveInGroups(pgids) {
  return leftoverProcesses(pgids);
}
