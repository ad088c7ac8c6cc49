// Rapport's benchmark: `pnpm bench` (see BENCHMARKS.md). Every measurement runs in its own
// process, interleaved round by round, so baselines and Rapport see the same machine state.
//   node bench/run.mjs [--sizes 1000,10000] [--full] [--runs 5] [--edits 40] [--no-peer] [--no-server]
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeNetwork } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.join(here, '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const flag = (name) => args.includes(`--${name}`);
const sizes = opt('sizes', '1000,10000').split(',').map(Number);
if (flag('full') && !sizes.includes(50000)) sizes.push(50000);
const runs = Number(opt('runs', 5));
const edits = Number(opt('edits', 40));
const hook = path.join(here, 'tasks', 'rss-hook.mjs');
const cli = path.join(repo, 'packages', 'cli', 'bin', 'rapport.js');
const serverBin = path.join(repo, 'packages', 'language-server', 'bin', 'rapport-language-server.js');

/** Runs one process; wall time from spawn to exit, and its peak RSS. */
function timed(argv, env = {}) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const p = spawn(process.execPath, ['--import', hook, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => {
      const ms = performance.now() - t;
      const rss = /@@RSS_KB (\d+)/.exec(err);
      if (code !== 0 && code !== 1) return reject(new Error(`${argv.join(' ')} exited ${code}: ${err.slice(-800)}`));
      resolve({ ms, rssKb: rss ? Number(rss[1]) : undefined, out });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const max = (xs) => Math.max(...xs.filter((x) => x !== undefined));

const results = { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, load: os.loadavg() }, runs, sizes: {} };
console.error(`bench: sizes ${sizes.join(', ')}, ${runs} runs each, ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);

// The programs must run their current bundles (scripts/bundle-bins.mjs), as users' do: a stale
// bundle makes the bins fall back to ~300 compiled modules, without the result cache.
const { freshBundle } = await import('@rapport/node/fresh-bundle');
const stale = () =>
  [path.join(repo, 'packages/cli/dist/bundle/rapport.cjs'), path.join(repo, 'packages/language-server/dist/bundle/server.cjs')].filter(
    (f) => !freshBundle(pathToFileURL(f)),
  );
if (stale().length) {
  console.error(`bench: ${stale().join(', ')} missing or older than the compiled code: run pnpm build first`);
  process.exit(2);
}

for (const n of sizes) {
  if (stale().length) throw new Error(`bench: the bundles went stale during the run (${stale().join(', ')}); rebuild and run again`);
  const dir = writeNetwork(path.join(here, '.corpus', String(n)), n);
  const cacheDir = path.join(dir, '.rapport');
  const tasks = {
    read: () => timed([path.join(here, 'tasks', 'read-all.mjs'), dir]),
    grayMatter: () => timed([path.join(here, 'tasks', 'gray-matter.mjs'), dir]),
    checkCold: () => {
      rmSync(cacheDir, { recursive: true, force: true });
      return timed([cli, 'check', dir, '--format', 'json']);
    },
    checkWarm: async () => {
      if (!existsSync(cacheDir)) await timed([cli, 'check', dir, '--format', 'json']);
      return timed([cli, 'check', dir, '--format', 'json']);
    },
    // The everyday case after an edit: caches present, one note changed since (its text
    // alternates between two versions, so each round really differs from the last).
    checkEdited: async () => {
      if (!existsSync(cacheDir)) await timed([cli, 'check', dir, '--format', 'json']);
      const text = readFileSync(edited, 'utf8');
      const marker = '\n- 2026-11-24 Call, bench edit\n';
      writeFileSync(edited, text.endsWith(marker) ? text.slice(0, -marker.length) : text + marker);
      return timed([cli, 'check', dir, '--format', 'json']);
    },
  };
  const edited = path.join(dir, JSON.parse(execFileSync(process.execPath, [path.join(here, 'tasks', 'pick-target.mjs'), dir], { encoding: 'utf8' })).person);
  const samples = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (let r = 0; r < runs; r++) {
    // Warm right after cold, so it finds the cold run's cache.
    for (const k of ['read', 'grayMatter', 'checkCold', 'checkWarm', 'checkEdited']) samples[k].push(await tasks[k]());
    console.error(`  ${n}: round ${r + 1}/${runs} ${Object.entries(samples).map(([k, v]) => `${k} ${v.at(-1).ms.toFixed(0)}ms`).join(', ')}`);
  }
  const row = {};
  for (const [k, v] of Object.entries(samples)) row[k] = { medianMs: median(v.map((x) => x.ms)), samplesMs: v.map((x) => Math.round(x.ms)), peakRssMb: max(v.map((x) => x.rssKb)) / 1024 };

  // Language servers (fewer rounds for the peer's whole-workspace index at big sizes).
  if (!flag('no-server') && existsSync(serverBin)) {
    const target = JSON.parse(execFileSync(process.execPath, [path.join(here, 'tasks', 'pick-target.mjs'), dir], { encoding: 'utf8' }));
    const server = [];
    const serverWarm = [];
    for (let r = 0; r < runs; r++) {
      // Cold: no .rapport/ cache (a first start); warm: the cache the cold run left (every later start).
      rmSync(cacheDir, { recursive: true, force: true });
      for (const list of [server, serverWarm]) {
        const x = await timed([path.join(here, 'tasks', 'lsp.mjs'), 'rapport', dir, String(list === server ? edits : 0), target.journal, target.person]);
        list.push(JSON.parse(x.out.trim().split('\n').at(-1)));
        console.error(`  ${n}: server ${list === server ? 'cold' : 'warm'} ${r + 1}/${runs} ${JSON.stringify(list.at(-1))}`);
      }
    }
    row.server = {
      firstDiagnosticsMs: median(server.map((s) => s.firstDiagnosticsMs)),
      allDiagnosticsMs: median(server.map((s) => s.allDiagnosticsMs)),
      warmFirstDiagnosticsMs: median(serverWarm.map((s) => s.firstDiagnosticsMs)),
      warmAllDiagnosticsMs: median(serverWarm.map((s) => s.allDiagnosticsMs)),
      editP50Ms: median(server.map((s) => s.editP50Ms)),
      editP95Ms: median(server.map((s) => s.editP95Ms)),
      editLargeP50Ms: median(server.map((s) => s.editLargeP50Ms)),
      editLargeP95Ms: median(server.map((s) => s.editLargeP95Ms)),
      largeNoteChars: server[0]?.largeNoteChars,
      peakRssLargeMb: max(server.map((s) => s.peakRssLargeKb ?? 0)) / 1024,
      peakRssMb: max(server.map((s) => s.peakRssKb)) / 1024,
      edit: target,
    };
  }
  if (!flag('no-peer')) {
    const peer = [];
    const peerRuns = n >= 50000 ? Math.min(runs, 3) : runs;
    for (let r = 0; r < peerRuns; r++) {
      try {
        const x = await timed([path.join(here, 'tasks', 'lsp.mjs'), 'peer', dir]);
        peer.push(JSON.parse(x.out.trim().split('\n').at(-1)));
        console.error(`  ${n}: peer ${r + 1}/${peerRuns} ${JSON.stringify(peer.at(-1))}`);
      } catch (e) {
        console.error(`  ${n}: peer failed: ${e.message}`);
      }
    }
    if (peer.length) {
      row.peer = {
        firstDiagnosticsMs: median(peer.map((s) => s.firstDiagnosticsMs)),
        allDiagnosticsMs: median(peer.map((s) => s.allDiagnosticsMs)),
        workspaceIndexMs: median(peer.map((s) => s.workspaceIndexMs)),
        peakRssMb: max(peer.map((s) => s.peakRssKb)) / 1024,
        runs: peer.length,
      };
    }
  }
  results.sizes[n] = row;
}

if (stale().length) throw new Error(`bench: the bundles went stale during the run (${stale().join(', ')}); rebuild and run again`);

// Ratios against the baselines of the same run.
const lines = [];
const f = (x) => (x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
const x = (a, b) => (a === undefined || b === undefined ? '—' : `${(a / b).toFixed(2)}×`);
lines.push('Checks (`rapport check --format json`), against the baselines of the same rounds:', '');
lines.push('| N | read floor | gray-matter | check cold | check warm | check, 1 note edited | cold / gray-matter | warm / floor | edited / gray-matter | peak RSS check |');
lines.push('|---|---|---|---|---|---|---|---|---|---|');
for (const [n, r] of Object.entries(results.sizes)) {
  lines.push(
    `| ${n} | ${f(r.read.medianMs)} ms | ${f(r.grayMatter.medianMs)} ms | ${f(r.checkCold.medianMs)} ms | ${f(r.checkWarm.medianMs)} ms | ${f(r.checkEdited.medianMs)} ms | ${x(r.checkCold.medianMs, r.grayMatter.medianMs)} | ${x(r.checkWarm.medianMs, r.read.medianMs)} | ${x(r.checkEdited.medianMs, r.grayMatter.medianMs)} | ${f(r.checkCold.peakRssMb)} MB |`,
  );
}
lines.push('', 'Language servers (from `initialize`; "all" = the last note\'s diagnostics):', '');
lines.push('| N | Rapport first / all diag, cold | Rapport first / all diag, warm | peer first diag (1 note) | peer all diag (every note pulled) | peer workspace index | peer all / Rapport all (cold) | edit p50 / p95 | edit in a ~55 KB note p50 / p95 | peak RSS (server / peer) | server peak RSS after the ~55 KB note |');
lines.push('|---|---|---|---|---|---|---|---|---|---|---|');
for (const [n, r] of Object.entries(results.sizes)) {
  lines.push(
    `| ${n} | ${f(r.server?.firstDiagnosticsMs)} / ${f(r.server?.allDiagnosticsMs)} ms | ${f(r.server?.warmFirstDiagnosticsMs)} / ${f(r.server?.warmAllDiagnosticsMs)} ms | ${f(r.peer?.firstDiagnosticsMs)} ms | ${f(r.peer?.allDiagnosticsMs)} ms | ${f(r.peer?.workspaceIndexMs)} ms | ${x(r.peer?.allDiagnosticsMs, r.server?.allDiagnosticsMs)} | ${f(r.server?.editP50Ms)} / ${f(r.server?.editP95Ms)} ms | ${f(r.server?.editLargeP50Ms)} / ${f(r.server?.editLargeP95Ms)} ms | ${f(r.server?.peakRssMb)} / ${f(r.peer?.peakRssMb)} MB | ${f(r.server?.peakRssLargeMb)} MB |`,
  );
}
if (results.sizes[10000] && results.sizes[50000]) {
  const a = results.sizes[10000];
  const b = results.sizes[50000];
  lines.push('', `50k / 10k: check cold ${x(b.checkCold.medianMs, a.checkCold.medianMs)}, check warm ${x(b.checkWarm.medianMs, a.checkWarm.medianMs)}, check edited ${x(b.checkEdited.medianMs, a.checkEdited.medianMs)}${a.server && b.server ? `, server all diagnostics ${x(b.server.allDiagnosticsMs, a.server.allDiagnosticsMs)}` : ''}; baselines: read ${x(b.read.medianMs, a.read.medianMs)}, gray-matter ${x(b.grayMatter.medianMs, a.grayMatter.medianMs)}`);
}
const table = lines.join('\n');
mkdirSync(path.join(here, 'results'), { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(path.join(here, 'results', `bench-${stamp}.json`), JSON.stringify(results, null, 2));
writeFileSync(path.join(here, 'results', `bench-${stamp}.md`), `${table}\n`);
console.log(table);
