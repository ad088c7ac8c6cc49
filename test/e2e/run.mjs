// End-to-end test of the Rapport extension in a real VS Code (code-server) driven by a real
// browser (Debian's chromium through playwright-core):
//
//   1. installs what it needs (test/e2e/setup.sh; a second run takes a second),
//   2. builds the packages and writes extension/rapport-vscode-<version>.vsix (offline),
//   3. copies examples/residency-network to a temp folder (the repo's copy is never touched),
//   4. installs the .vsix into a fresh code-server, opens the copy, and checks in the browser:
//      - the Problems panel shows the overdue warnings of example notes,
//      - the status bar says "5 overdue",
//      - the Rapport Follow-ups view lists Hannah Cho's overdue task (and Kevin Brandt's thank-you),
//      - "Mark Done" from the task's context menu removes it, the status bar drops to "4 overdue",
//        and the note on disk gets ` ✅ 2026-11-25` on that task line only,
//      - the Contacts, Programs and Events views show the example's data,
//      - "Rapport: Show Network" draws the graph in a webview,
//      - "Rapport: Open Report" shows the report in the Markdown preview,
//   5. stops every process it started and checks none is left.
//
//   pnpm test:e2e            (or: node test/e2e/run.mjs)
// Screenshots go to test-artifacts/e2e/. Environment:
//   RAPPORT_E2E_TIMEOUT_MS   overall bound for steps 2–5 (default 8 minutes)
//   RAPPORT_E2E_SKIP_SETUP=1 do not run setup.sh
//   RAPPORT_E2E_SKIP_BUILD=1 use the existing .vsix
// plus the harness's (see harness.mjs).

import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  REPO_ROOT,
  SEL,
  leftoverProcesses,
  contextMenuClick,
  dismissNotifications,
  installTimeoutGuard,
  log,
  makeTempDir,
  openBrowser,
  openViewContainer,
  openWorkspace,
  readProblems,
  readStatusBarItem,
  run,
  runCommand,
  screenshot,
  sleep,
  startCodeServer,
  statusBarTexts,
  stopAll,
  trackedGroups,
  report,
} from './harness.mjs';

const OVERALL_TIMEOUT_MS = Number(process.env.RAPPORT_E2E_TIMEOUT_MS || 8 * 60_000);
const EXAMPLE = join(REPO_ROOT, 'examples', 'residency-network');
const HANNAH_TASK = 'Send updated CV to Dr. Cho';

// ---------------------------------------------------------------- steps before the browser

async function setup() {
  if (process.env.RAPPORT_E2E_SKIP_SETUP) return;
  log('running test/e2e/setup.sh');
  const out = await run('bash', [join(REPO_ROOT, 'test', 'e2e', 'setup.sh')], { timeoutMs: 20 * 60_000, name: 'setup.sh' });
  process.stdout.write(out.split('\n').filter((l) => l.startsWith('[e2e-setup')).join('\n') + '\n');
}

async function buildVsix() {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'extension', 'package.json'), 'utf8'));
  const vsix = join(REPO_ROOT, 'extension', `${pkg.name}-${pkg.version}.vsix`);
  if (process.env.RAPPORT_E2E_SKIP_BUILD && existsSync(vsix)) return vsix;
  const tsc = join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
  log('building packages (tsc -b)');
  await run(tsc, ['-b', 'packages/core', 'packages/node', 'packages/language-server'], { cwd: REPO_ROOT, timeoutMs: 5 * 60_000, name: 'tsc -b' });
  await run(tsc, ['-p', 'extension'], { cwd: REPO_ROOT, timeoutMs: 5 * 60_000, name: 'tsc -p extension' });
  log('packaging the extension');
  await run(process.execPath, [join(REPO_ROOT, 'extension', 'scripts', 'package.mjs')], { cwd: REPO_ROOT, timeoutMs: 5 * 60_000, name: 'package.mjs' });
  if (!existsSync(vsix)) throw new Error(`${vsix} was not written`);
  return vsix;
}

/** A throwaway copy of the example, so the test never edits the repository. */
function copyExample() {
  const dir = join(makeTempDir('rapport-e2e-ws-'), 'residency-network');
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** `git status` of the example in the repo: must stay empty. */
function exampleStatus() {
  try {
    return execFileSync('git', ['status', '--porcelain', '--', 'examples/residency-network'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------- browser helpers

/** The view pane (inside the side bar) whose header is `title`. */
function pane(page, title) {
  return page.locator('.part.sidebar .pane').filter({ has: page.locator(`.pane-header[aria-label^=${JSON.stringify(title)}]`) });
}

/** Drags the side bar's edge so tree rows are readable in screenshots (best effort). */
async function widenSideBar(page, width = 520) {
  const box = await page.locator('.part.sidebar').first().boundingBox().catch(() => null);
  if (!box || box.width >= width) return;
  const x = box.x + box.width + 1;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + (width - box.width) / 2, y, { steps: 4 });
  await page.mouse.move(box.x + width, y, { steps: 4 });
  await page.mouse.up();
}

async function collapsePane(page, title) {
  const header = page.locator(`.part.sidebar .pane-header[aria-label^=${JSON.stringify(title)}]`).first();
  // Click the twistie end: the header's right side holds the view's action buttons.
  if ((await header.getAttribute('aria-expanded')) === 'true') await header.click({ position: { x: 12, y: 10 } });
}

async function expandPane(page, title) {
  const header = page.locator(`.part.sidebar .pane-header[aria-label^=${JSON.stringify(title)}]`).first();
  await header.waitFor({ state: 'visible' });
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click({ position: { x: 12, y: 10 } });
  return pane(page, title);
}

/** The active editor tab's title (the file name), without the dirty/problem decorations' spacing. */
async function activeTab(page) {
  return (await page.locator('.tabs-container .tab.active').first().innerText()).replace(/\s+/g, '');
}

function rows(scope) {
  return scope.locator('.monaco-list-row');
}

async function rowTexts(scope) {
  return (await rows(scope).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Waits until `fn()` is truthy (polling), or throws with `what`. */
async function waitUntil(what, fn, { timeoutMs = 20_000, everyMs = 250 } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await fn().catch((e) => (e instanceof Error ? e.message : e));
    if (last === true) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
    await sleep(everyMs);
  }
}

// ---------------------------------------------------------------- checks

const results = [];
let page = null;

async function check(name, fn) {
  const start = Date.now();
  try {
    await fn();
    results.push({ name, ok: true, ms: Date.now() - start });
    log(`PASS ${name} (${Date.now() - start} ms)`);
  } catch (e) {
    results.push({ name, ok: false, error: e, ms: Date.now() - start });
    log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
    if (page) await screenshot(page, `FAIL-${name}`).catch(() => {});
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

async function main() {
  const started = Date.now();
  let groups = [];
  let workspace = null;
  const before = exampleStatus();
  let disarm = () => {};
  try {
    await setup();
    disarm = installTimeoutGuard(OVERALL_TIMEOUT_MS, () => page);
    const t = Date.now();
    const vsix = await buildVsix();
    log(`vsix ready in ${Date.now() - t} ms: ${vsix}`);
    workspace = copyExample();
    const cs = await startCodeServer({ workspace, vsix });
    ({ page } = await openBrowser());
    await openWorkspace(page, cs.url, workspace);
    groups = trackedGroups().map((g) => g.pgid);

    await check('status bar shows 5 overdue', async () => {
      const text = await readStatusBarItem(page, 'overdue', { timeoutMs: 60_000 });
      assert(/\b5 overdue\b/.test(text), `status bar text was ${JSON.stringify(text)}`);
    });
    await dismissNotifications(page);
    await screenshot(page, '01-workbench');

    await check('Problems panel shows overdue warnings for example notes', async () => {
      const problems = await readProblems(page, { waitFor: 'overdue by 7 days', timeoutMs: 30_000 });
      log('problems rows:', JSON.stringify(problems.slice(0, 12)));
      assert(
        problems.some((r) => r.includes(`${HANNAH_TASK}`) && r.includes('overdue by 7 days')),
        `no overdue warning for Hannah Cho's task: ${JSON.stringify(problems)}`,
      );
      assert(problems.some((r) => r.includes('hannah-cho.md')), `no hannah-cho.md file row: ${JSON.stringify(problems)}`);
      // The warning icon proves the severity (overdue is a warning by default).
      const warn = page.locator(SEL.problemsRow).filter({ hasText: 'overdue by 7 days' }).locator('.codicon-warning');
      assert((await warn.count()) > 0, 'the overdue row has no warning icon');
      await screenshot(page, '02-problems');
    });

    await check('Follow-ups view lists the overdue items', async () => {
      await openViewContainer(page, 'Rapport');
      await widenSideBar(page);
      const view = await expandPane(page, 'Follow-ups');
      await waitUntil('the Overdue group with Hannah Cho and Kevin Brandt', async () => {
        const texts = await rowTexts(view);
        return texts.some((x) => /^Overdue\s*5$/.test(x)) && texts.some((x) => x.includes('Hannah Cho') && x.includes('7 days late')) && texts.some((x) => x.includes('Kevin Brandt') && x.includes('2 days late')) ? true : texts;
      });
      log('follow-ups rows:', JSON.stringify(await rowTexts(view)));
      await screenshot(page, '03-follow-ups');
    });

    await check('clicking a follow-up opens the exact line', async () => {
      const view = pane(page, 'Follow-ups');
      await rows(view).filter({ hasText: 'Kevin Brandt' }).first().click();
      await waitUntil('kevin-brandt.md to open', async () => ((await activeTab(page)).includes('kevin-brandt.md') ? true : await activeTab(page)));
      // The status bar shows the cursor position: the thank-you points at the `met:` value (line 8).
      await waitUntil('the cursor on line 8, the met date selected', async () => {
        const texts = await statusBarTexts(page);
        return texts.some((x) => /^Ln 8, Col 16 \(10 selected\)$/.test(x)) ? true : texts;
      });
      await screenshot(page, '04-open-line');
    });

    await check('Mark Done from the context menu removes the task and the count drops by one', async () => {
      const view = pane(page, 'Follow-ups');
      const row = rows(view).filter({ hasText: 'Hannah Cho' }).first();
      await row.waitFor({ state: 'visible' });
      await contextMenuClick(page, row, 'Mark Done');
      await waitUntil('Hannah Cho to leave the follow-ups', async () => ((await rows(view).filter({ hasText: 'Hannah Cho' }).count()) === 0 ? true : await rowTexts(view)));
      const text = await readStatusBarItem(page, '4 overdue', { timeoutMs: 20_000 });
      assert(/\b4 overdue\b/.test(text), `status bar text was ${JSON.stringify(text)}`);
      const texts = await rowTexts(view);
      assert(texts.some((x) => /^Overdue\s*4$/.test(x)), `overdue group: ${JSON.stringify(texts)}`);
      // Saved to disk, on that task line only.
      const file = join(workspace, 'people', 'hannah-cho.md');
      const orig = readFileSync(join(EXAMPLE, 'people', 'hannah-cho.md'), 'utf8').split('\n');
      await waitUntil('hannah-cho.md saved', async () => readFileSync(file, 'utf8').includes('✅ 2026-11-25'));
      const now = readFileSync(file, 'utf8').split('\n');
      const changed = now.map((l, i) => (l !== orig[i] ? i : -1)).filter((i) => i >= 0);
      assert(changed.length === 1 && now.length === orig.length, `changed lines: ${JSON.stringify(changed)}`);
      assert(now[changed[0]].includes(HANNAH_TASK) && now[changed[0]].endsWith('✅ 2026-11-25'), `line is ${JSON.stringify(now[changed[0]])}`);
      await screenshot(page, '05-after-mark-done');
    });

    await check('Problems panel drops the done task', async () => {
      await waitUntil('the overdue warning of the task to go', async () => {
        const problems = await readProblems(page);
        return problems.some((r) => r.includes(HANNAH_TASK)) ? problems : true;
      });
      await screenshot(page, '06-problems-after');
    });

    await check('Log Contact Today on a thank-you removes it and logs the contact', async () => {
      await openViewContainer(page, 'Rapport');
      const view = await expandPane(page, 'Follow-ups');
      const row = rows(view).filter({ hasText: 'Kevin Brandt' }).first();
      await row.waitFor({ state: 'visible' });
      await contextMenuClick(page, row, 'Log Contact Today');
      await waitUntil('Kevin Brandt to leave the follow-ups', async () => ((await rows(view).filter({ hasText: 'Kevin Brandt' }).count()) === 0 ? true : await rowTexts(view)));
      const text = await readStatusBarItem(page, '3 overdue', { timeoutMs: 20_000 });
      assert(/\b3 overdue\b/.test(text), `status bar text was ${JSON.stringify(text)}`);
      const file = join(workspace, 'people', 'kevin-brandt.md');
      await waitUntil('kevin-brandt.md saved with a log entry', async () => /^- 2026-11-25 .+$/m.test(readFileSync(file, 'utf8')));
      await screenshot(page, '06-after-log-contact');
    });

    await check('Snooze 1 Week moves a task out of Overdue into Upcoming', async () => {
      const view = await expandPane(page, 'Follow-ups');
      const row = rows(view).filter({ hasText: 'Owen Mitchell' }).first();
      await contextMenuClick(page, row, 'Snooze 1 Week');
      const text = await readStatusBarItem(page, '2 overdue', { timeoutMs: 20_000 });
      assert(/\b2 overdue\b/.test(text), `status bar text was ${JSON.stringify(text)}`);
      await waitUntil('Owen Mitchell under Upcoming, due in 7 days', async () => {
        const texts = await rowTexts(view);
        const upcoming = texts.findIndex((x) => /^Upcoming\s*\d+$/.test(x));
        const owen = texts.findIndex((x) => x.includes('Owen Mitchell'));
        return upcoming >= 0 && owen > upcoming && texts[owen].includes('in 7 days') ? true : texts;
      });
      const file = join(workspace, 'journal', '2026-11-21.md');
      const line = '- [ ] Email [[Owen Mitchell]] the collaborative-care article he asked about on the panel 📅 2026-12-02';
      await waitUntil('the journal saved with the new due date', async () => readFileSync(file, 'utf8').split('\n')[9] === line || readFileSync(file, 'utf8').split('\n')[9]);
      await screenshot(page, '06-after-snooze');
    });

    await check('the status bar item hides when nothing is overdue', async () => {
      const view = await expandPane(page, 'Follow-ups');
      await contextMenuClick(page, rows(view).filter({ hasText: 'Ruth Adler' }).first(), 'Log Contact Today');
      await readStatusBarItem(page, '1 overdue', { timeoutMs: 20_000 });
      await contextMenuClick(page, rows(view).filter({ hasText: 'Lakeshore Psychiatry Residency' }).first(), 'Mark Done');
      await waitUntil('no overdue status bar item', async () => {
        const texts = await statusBarTexts(page);
        return texts.some((x) => /overdue/.test(x)) ? texts : true;
      });
      await waitUntil('Overdue 0', async () => {
        const texts = await rowTexts(view);
        return texts.some((x) => /^Overdue\s*0$/.test(x)) ? true : texts;
      });
      await screenshot(page, '06-nothing-overdue');
    });

    await check('a note changed on disk (outside the editor) updates the views', async () => {
      const file = join(workspace, 'journal', '2026-09-12.md');
      appendFileSync(file, '\n- [ ] Call [[Grace Lin]] about the interview date 📅 2026-11-20\n');
      const text = await readStatusBarItem(page, '1 overdue', { timeoutMs: 20_000 });
      assert(/\b1 overdue\b/.test(text), `status bar text was ${JSON.stringify(text)}`);
      const view = await expandPane(page, 'Follow-ups');
      await waitUntil('the new task under Overdue', async () => {
        const texts = await rowTexts(view);
        return texts.some((x) => x.includes('Grace Lin') && x.includes('Call Grace Lin about the interview date') && x.includes('5 days late')) ? true : texts;
      });
      await screenshot(page, '06-disk-change');
    });

    await check('New Person creates the note from its template and fixes the broken link', async () => {
      await runCommand(page, 'Rapport: New Person');
      const input = page.locator(SEL.quickInputBox);
      await input.waitFor({ state: 'visible' });
      await input.fill('Dr. Priya Raman');
      await page.keyboard.press('Enter');
      await waitUntil('the new note to open', async () => (/raman.*\.md/i.test(await activeTab(page)) ? true : await activeTab(page)));
      const name = /[\w.-]+\.md/.exec(await activeTab(page))[0];
      const file = join(workspace, 'people', name);
      await waitUntil(`${file} on disk`, async () => existsSync(file) && readFileSync(file, 'utf8').includes('Dr. Priya Raman'));
      await waitUntil('the broken link to Dr. Priya Raman to resolve', async () => {
        const problems = await readProblems(page);
        return problems.some((r) => r.includes("No note named 'Dr. Priya Raman'")) ? problems : true;
      });
      await screenshot(page, '06-new-person');
    });

    await check('Contacts, Programs and Events views show the example', async () => {
      await openViewContainer(page, 'Rapport');
      await collapsePane(page, 'Follow-ups');
      const contacts = await expandPane(page, 'Contacts');
      await waitUntil('organization groups', async () => {
        const texts = await rowTexts(contacts);
        return texts.some((x) => x.includes('Riverside Medical Center')) ? true : texts;
      });
      await rows(contacts).filter({ hasText: 'Riverside Medical Center' }).first().click();
      await waitUntil('a person with role and last contact', async () => {
        const texts = await rowTexts(contacts);
        return texts.some((x) => /contacted (today|yesterday|\d+ days ago) · \S/.test(x)) ? true : texts;
      });
      await screenshot(page, '07-contacts');
      // Switch the grouping from the view's title bar (its buttons show on hover).
      await page.locator('.part.sidebar .pane-header[aria-label^="Contacts"]').first().hover();
      await page.locator('.part.sidebar .pane-header[aria-label^="Contacts"] .action-label[aria-label="Group by Tag"]').first().click();
      await waitUntil('tag groups', async () => {
        const texts = await rowTexts(contacts);
        return texts.some((x) => /^#resident\s*\d+$/.test(x)) ? true : texts;
      });
      const desc = await page.locator('.part.sidebar .pane-header[aria-label^="Contacts"] .description').first().innerText();
      assert(desc.includes('by tag'), `Contacts description: ${desc}`);
      await screenshot(page, '07-contacts-by-tag');
      await collapsePane(page, 'Contacts');
      const programs = await expandPane(page, 'Programs');
      await waitUntil('program stages', async () => {
        const texts = await rowTexts(programs);
        return texts.some((x) => x.includes('Interview')) && texts.some((x) => x.includes('Riverside Psychiatry')) ? true : texts;
      });
      await screenshot(page, '07-programs');
      await collapsePane(page, 'Programs');
      const events = await expandPane(page, 'Events');
      await waitUntil('events', async () => {
        const texts = await rowTexts(events);
        return texts.some((x) => x.includes('NPS Mental Health Services Conference 2026')) ? true : texts;
      });
      await rows(events).filter({ hasText: 'NPS Mental Health Services Conference 2026' }).first().click();
      await waitUntil('goals and people met', async () => {
        const texts = await rowTexts(events);
        return texts.some((x) => x.startsWith('Goals')) && texts.some((x) => x.startsWith('People met')) ? true : texts;
      });
      await screenshot(page, '07-events');
    });

    await check('a severity setting reaches the server through workspace/configuration', async () => {
      // Edit the user settings the way a user would: in the settings.json editor, then save.
      const settings = JSON.parse(readFileSync(join(cs.userDataDir, 'User', 'settings.json'), 'utf8'));
      await runCommand(page, 'Preferences: Open User Settings (JSON)', { match: 'Open User Settings (JSON)' });
      // VS Code 1.139 opens it in a modal editor (no tab) and focuses it.
      const editor = page.locator('.monaco-editor').filter({ hasText: 'telemetry.telemetryLevel' }).last();
      await editor.waitFor({ state: 'visible' });
      // Click into the text (Monaco takes input through an EditContext, not a textarea, here).
      await editor.locator('.view-line').filter({ hasText: 'telemetry.telemetryLevel' }).first().click();
      await page.keyboard.press('Control+A');
      await page.keyboard.insertText(JSON.stringify({ ...settings, 'rapport.severity': { 'due-today': 'error' } }));
      await page.keyboard.press('Control+S');
      await waitUntil('settings.json saved', async () =>
        JSON.parse(readFileSync(join(cs.userDataDir, 'User', 'settings.json'), 'utf8'))['rapport.severity']?.['due-today'] === 'error',
      );
      await screenshot(page, '07-settings-json');
      await page.keyboard.press('Escape');
      await waitUntil('the due-today diagnostic to become an error', async () => {
        await readProblems(page);
        const row = page.locator(SEL.problemsRow).filter({ hasText: 'Next action for Marcus Bell due today' });
        return (await row.locator('.codicon-error').count()) > 0 ? true : await row.allInnerTexts();
      });
      await screenshot(page, '07-severity-setting');
    });

    await check('the getting-started walkthrough is there', async () => {
      await runCommand(page, 'Welcome: Open Walkthrough...', { match: 'Open Walkthrough' });
      const input = page.locator(SEL.quickInputBox);
      await input.waitFor({ state: 'visible' });
      await input.fill('Rapport');
      await page.locator(SEL.quickInputRow).filter({ hasText: 'Get started with Rapport' }).first().click();
      await page.locator('.gettingStartedContainer').filter({ hasText: 'See who you owe a follow-up' }).first().waitFor({ state: 'visible', timeout: 20_000 });
      await screenshot(page, '07-walkthrough');
    });

    await check('Show Network draws the graph in a webview', async () => {
      await runCommand(page, 'Rapport: Show Network');
      const outer = page.frameLocator('iframe.webview.ready');
      const inner = outer.frameLocator('iframe#active-frame');
      await inner.locator('#graph canvas').first().waitFor({ state: 'attached', timeout: 30_000 });
      await waitUntil('node count', async () => {
        const s = await inner.locator('#stats').innerText();
        return /\d+ nodes/.test(s) && !s.startsWith('0 ') ? true : s;
      });
      log('network:', await inner.locator('#stats').innerText());
      await sleep(500);
      await screenshot(page, '08-network');
      // Finding a node and pressing Enter opens its note, like clicking it.
      await inner.locator('#search').fill('Hannah Cho');
      await sleep(300);
      await screenshot(page, '08-network-search');
      await inner.locator('#search').press('Enter');
      await waitUntil('hannah-cho.md to open from the graph', async () => ((await activeTab(page)).includes('hannah-cho.md') ? true : await activeTab(page)));
    });

    await check('Open Report shows the report in the Markdown preview', async () => {
      await runCommand(page, 'Rapport: Open Report');
      await page.locator('.tabs-container .tab.active').filter({ hasText: /Preview/ }).waitFor({ state: 'visible', timeout: 30_000 });
      const inner = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
      await inner.locator('body').filter({ hasText: /Hannah|Kevin|Overdue|overdue/ }).waitFor({ state: 'attached', timeout: 30_000 });
      await sleep(500);
      await screenshot(page, '09-report');
    });
  } catch (e) {
    results.push({ name: 'setup', ok: false, error: e });
    log(`FAIL setup: ${e && e.stack ? e.stack : e}`);
    if (page) await screenshot(page, 'FAIL-setup').catch(() => {});
  } finally {
    try {
      await stopAll();
      const left = leftoverProcesses(groups);
      results.push({ name: 'no processes left', ok: left.length === 0 });
      log(left.length ? `FAIL processes left: ${JSON.stringify(left)}` : 'PASS no processes left');
    } catch (e) {
      results.push({ name: 'no processes left', ok: false, error: e });
      log(`FAIL stopAll: ${e}`);
    }
    const after = exampleStatus();
    results.push({ name: 'the repository example is untouched', ok: after === before });
    if (after !== before) log(`FAIL examples/residency-network changed:\n${after}`);
    disarm();
  }
  report(results, started);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) main();
