// Drives a language server over stdio with vscode-jsonrpc and prints one JSON line of timings.
//   node lsp.mjs rapport DIR EDITS JOURNAL PERSON   (Rapport's server)
//   node lsp.mjs peer DIR                            (vscode-markdown-languageserver)
import { spawn } from 'node:child_process';
import { readFileSync, promises as fsp, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import MarkdownIt from 'markdown-it';
import { markdownFiles } from './walk.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const [which, dirArg, editsArg, journalRel, personRel] = process.argv.slice(2);
const dir = path.resolve(dirArg);
const rootUri = pathToFileURL(dir).href;

const bins = {
  // RAPPORT_SERVER_BIN: another build of the server (e.g. a copy of an older bundle, to compare before/after).
  rapport: process.env.RAPPORT_SERVER_BIN || path.join(here, '..', '..', '..', 'packages', 'language-server', 'bin', 'rapport-language-server.js'),
  peer: path.join(here, '..', 'node_modules', 'vscode-markdown-languageserver', 'dist', 'node', 'workerMain.js'),
};
// RAPPORT_SERVER_NODE_ARGS: options for the server's node (e.g. --cpu-prof), space-separated.
const nodeArgs = which === 'rapport' ? (process.env.RAPPORT_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean) : [];
const child = spawn(process.execPath, [...nodeArgs, bins[which], '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
child.stderr.on('data', (d) => (stderr += d));
const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));

function peakRssKb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

// Requests a server may send to its client.
conn.onRequest('client/registerCapability', () => null);
conn.onRequest('client/unregisterCapability', () => null);
conn.onRequest('window/workDoneProgress/create', () => null);
const markdownSettings = {
  // VS Code's `markdown.validate.*.enabled` settings are severities, not booleans.
  validate: { enabled: true, referenceLinks: { enabled: 'warning' }, fragmentLinks: { enabled: 'warning' }, fileLinks: { enabled: 'warning', markdownFragmentLinks: 'inherit' }, ignoredLinks: [], unusedLinkDefinitions: { enabled: 'hint' }, duplicateLinkDefinitions: { enabled: 'warning' } },
  suggest: { paths: { enabled: true } },
  occurrencesHighlight: { enabled: false },
  server: { log: 'off' },
};
conn.onRequest('workspace/configuration', (p) => p.items.map((it) => (it.section === 'markdown' ? markdownSettings : null)));
conn.onNotification('window/logMessage', () => {});
conn.onNotification('$/progress', () => {});

// The peer's custom requests, answered the way VS Code's markdown extension answers them: its
// markdown-it engine (html on) tokenizes the document (an open one's text, else the file), file
// reads return the bytes as a number array, stat says whether it is a folder (undefined when
// missing), and the workspace's Markdown files are every *.md outside node_modules.
const md = MarkdownIt({ html: true, linkify: true });
const openDocs = new Map();
const fsPath = (uri) => fileURLToPath(uri);
conn.onRequest('markdown/parse', async ({ uri }) => {
  const text = openDocs.get(uri) ?? (await fsp.readFile(fsPath(uri), 'utf8').catch(() => undefined));
  return text === undefined ? [] : md.parse(text, {});
});
conn.onRequest('markdown/fs/readFile', async ({ uri }) => Array.from(await fsp.readFile(fsPath(uri))));
conn.onRequest('markdown/fs/stat', async ({ uri }) => {
  try {
    return { isDirectory: statSync(fsPath(uri)).isDirectory() };
  } catch {
    return undefined;
  }
});
conn.onRequest('markdown/fs/readDirectory', async ({ uri }) =>
  (await fsp.readdir(fsPath(uri), { withFileTypes: true })).map((e) => [e.name, { isDirectory: e.isDirectory() }]),
);
conn.onRequest('markdown/findMarkdownFilesInWorkspace', async () => markdownFiles(dir).map((f) => pathToFileURL(f).href));
conn.onRequest('markdown/fs/watcher/create', async () => null);
conn.onRequest('markdown/fs/watcher/delete', async () => null);

const published = new Map();
const waiters = [];
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  const t = performance.now();
  published.set(p.uri, { t, n: p.diagnostics.length, diagnostics: p.diagnostics });
  for (const w of waiters.splice(0)) if (!w(p, t)) waiters.push(w);
});
const waitFor = (pred, ms = 120000) =>
  new Promise((resolve, reject) => {
    const to = setTimeout(() => reject(new Error(`timed out; stderr: ${stderr.slice(-500)}`)), ms);
    waiters.push((p, t) => {
      if (!pred(p)) return false;
      clearTimeout(to);
      resolve(t);
      return true;
    });
  });
conn.listen();

const capabilities = {
  workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: false } },
  textDocument: { synchronization: { dynamicRegistration: false }, publishDiagnostics: { relatedInformation: true }, diagnostic: { dynamicRegistration: false } },
  window: { workDoneProgress: false },
};
const out = { server: which };
const t0 = performance.now();
if (which === 'rapport') {
  const first = waitFor(() => true);
  await conn.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'bench' }], capabilities });
  out.initializeMs = performance.now() - t0;
  await conn.sendNotification('initialized', {});
  out.firstDiagnosticsMs = (await first) - t0;
  // The first publication is a burst, one notification per note: wait until it settles.
  let last = performance.now();
  let count = published.size;
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    if (published.size === count) break;
    count = published.size;
    last = performance.now();
  }
  out.allDiagnosticsMs = [...published.values()].reduce((m, x) => Math.max(m, x.t), 0) - t0;
  out.publishedNotes = published.size;
  void last;
  // Edit → republished diagnostics: a journal note gains (then loses) a dated log line linking a
  // person, which changes that person's follow-up diagnostics in their own note.
  const journalUri = pathToFileURL(path.join(dir, journalRel)).href;
  const personUri = pathToFileURL(path.join(dir, personRel)).href;
  const personId = path.basename(personRel, '.md');
  const base = readFileSync(path.join(dir, journalRel), 'utf8');
  const edits = Number(editsArg ?? 30);
  /**
   * Opens `uri` with `text`, then makes `edits` changes (even ones to `changed(i)`, odd ones back
   * to `text`) and times each until the diagnostics of `watched` are republished differently.
   * The latencies, sorted.
   */
  const timeEdits = async (uri, text, changed, watched) => {
    let version = 1;
    await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
    await new Promise((r) => setTimeout(r, 500));
    const lat = [];
    for (let i = 0; i < edits; i++) {
      const next = i % 2 === 0 ? changed(i) : text;
      const before = JSON.stringify(published.get(watched)?.diagnostics ?? []);
      const got = waitFor((p) => p.uri === watched && JSON.stringify(p.diagnostics) !== before, 20000);
      const s = performance.now();
      await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text: next }] });
      lat.push((await got) - s);
    }
    return lat.sort((a, b) => a - b);
  };
  const q = (list, p) => list[Math.min(list.length - 1, Math.floor(p * list.length))];
  const lat = await timeEdits(journalUri, base, () => `${base}\n- 2026-11-24 Call with [[${personId}]]\n`, personUri);
  if (edits === 0) lat.push(NaN);
  out.editP50Ms = q(lat, 0.5);
  out.editP95Ms = q(lat, 0.95);
  // The peak so far: a start and the everyday edits (what earlier runs measured); the large
  // note's phase has its own figure below.
  out.peakRssKb = peakRssKb(child.pid);
  // Edit → republished diagnostics in a large open note (~55 KB: a long log, with web links),
  // not on disk: a broken link at its end appears and disappears. An open note is parsed again
  // on every change, so this is what typing in a long note costs.
  if (edits > 0) {
    const largeUri = pathToFileURL(path.join(dir, 'journal', 'zz-bench-large-note.md')).href;
    const largeBase = `# A long log\n\n${Array.from({ length: 500 }, (_, i) => `- 2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')} Call with [[${personId}]] about the [match](https://www.nrmp.org/match) and next steps ${i}.`).join('\n')}\n`;
    out.largeNoteChars = largeBase.length;
    const large = await timeEdits(largeUri, largeBase, (i) => `${largeBase}- 2026-11-24 Asked [[Nobody Bench ${i}]]\n`, largeUri);
    out.editLargeP50Ms = q(large, 0.5);
    out.editLargeP95Ms = q(large, 0.95);
    out.peakRssLargeKb = peakRssKb(child.pid);
  }
  out.edits = lat.length;
} else {
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities,
    initializationOptions: { markdownFileExtensions: ['md'] },
  });
  await conn.sendNotification('initialized', {});
  await conn.sendNotification('workspace/didChangeConfiguration', { settings: { markdown: markdownSettings } });
  // Its first link-validation diagnostics: a note is opened and its diagnostics pulled.
  const files = markdownFiles(dir);
  const probe = files.find((f) => f.includes(`${path.sep}journal${path.sep}`)) ?? files[0];
  const uri = pathToFileURL(probe).href;
  const text = readFileSync(probe, 'utf8');
  openDocs.set(uri, text);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  const r = await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  out.firstDiagnosticsMs = performance.now() - t0;
  out.firstDiagnosticsCount = r?.items?.length ?? 0;
  // Its diagnostics for the whole workspace: it has no workspace diagnostics (it validates the
  // documents a client pulls), so every note is pulled, 8 requests in flight.
  const queue = files.map((f) => pathToFileURL(f).href);
  let pulled = 0;
  const worker = async () => {
    for (let u = queue.shift(); u; u = queue.shift()) {
      await conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: u } });
      pulled++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  out.allDiagnosticsMs = performance.now() - t0;
  out.allDiagnosticsNotes = pulled;
  // Its whole-workspace index (what references, renames and workspace symbols need): every note parsed.
  const s = performance.now();
  const syms = await conn.sendRequest('workspace/symbol', { query: '' });
  out.workspaceIndexMs = performance.now() - s;
  out.workspaceSymbols = syms?.length ?? 0;
}
out.peakRssKb ??= peakRssKb(child.pid);
try {
  await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 3000))]);
  conn.sendNotification('exit');
} catch {
  /* already gone */
}
setTimeout(() => child.kill(), 500).unref();
process.stdout.write(`${JSON.stringify(out)}\n`);
setTimeout(() => process.exit(0), 800);
