// Rapport's benchmark: `pnpm bench` (see BENCHMARKS.md). Every measurement runs in its own
// process, interleaved round by round, so baselines and Rapport see the same machine state.
//   node bench/run.mjs [--sizes 1000,10000] [--full] [--runs 5] [--edits 40] [--no-peer] [--no-server]
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
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

for (const n of sizes) {
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
  };
  const samples = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (let r = 0; r < runs; r++) {
    // Warm right after cold, so it finds the cold run's cache.
    for (const k of ['read', 'grayMatter', 'checkCold', 'checkWarm']) samples[k].push(await tasks[k]());
    console.error(`  ${n}: round ${r + 1}/${runs} ${Object.entries(samples).map(([k, v]) => `${k} ${v.at(-1).ms.toFixed(0)}ms`).join(', ')}`);
  }
  const row = {};
  for (const [k, v] of Object.entries(samples)) row[k] = { medianMs: median(v.map((x) => x.ms)), samplesMs: v.map((x) => Math.round(x.ms)), peakRssMb: max(v.map((x) => x.rssKb)) / 1024 };

  // Language servers (fewer rounds for the peer's whole-workspace index at big sizes).
  if (!flag('no-server') && existsSync(serverBin)) {
    const target = JSON.parse(execFileSync(process.execPath, [path.join(here, 'tasks', 'pick-target.mjs'), dir], { encoding: 'utf8' }));
    const server = [];
    for (let r = 0; r < runs; r++) {
      const x = await timed([path.join(here, 'tasks', 'lsp.mjs'), 'rapport', dir, String(edits), target.journal, target.person]);
      server.push(JSON.parse(x.out.trim().split('\n').at(-1)));
      console.error(`  ${n}: server ${r + 1}/${runs} ${JSON.stringify(server.at(-1))}`);
    }
    row.server = {
      firstDiagnosticsMs: median(server.map((s) => s.firstDiagnosticsMs)),
      allDiagnosticsMs: median(server.map((s) => s.allDiagnosticsMs)),
      editP50Ms: median(server.map((s) => s.editP50Ms)),
      editP95Ms: median(server.map((s) => s.editP95Ms)),
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
        workspaceIndexMs: median(peer.map((s) => s.workspaceIndexMs)),
        peakRssMb: max(peer.map((s) => s.peakRssKb)) / 1024,
        runs: peer.length,
      };
    }
  }
  results.sizes[n] = row;
}

// Ratios against the baselines of the same run.
const lines = [];
const f = (x) => (x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
lines.push('| N | read floor | gray-matter | check cold | check warm | cold / gray-matter | warm / floor | server first diag | server all diag | peer first diag | peer workspace index | edit p50 / p95 | peak RSS (check / server / peer) |');
lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const [n, r] of Object.entries(results.sizes)) {
  lines.push(
    `| ${n} | ${f(r.read.medianMs)} ms | ${f(r.grayMatter.medianMs)} ms | ${f(r.checkCold.medianMs)} ms | ${f(r.checkWarm.medianMs)} ms | ${(r.checkCold.medianMs / r.grayMatter.medianMs).toFixed(2)}× | ${(r.checkWarm.medianMs / r.read.medianMs).toFixed(2)}× | ${f(r.server?.firstDiagnosticsMs)} ms | ${f(r.server?.allDiagnosticsMs)} ms | ${f(r.peer?.firstDiagnosticsMs)} ms | ${f(r.peer?.workspaceIndexMs)} ms | ${f(r.server?.editP50Ms)} / ${f(r.server?.editP95Ms)} ms | ${f(r.checkCold.peakRssMb)} / ${f(r.server?.peakRssMb)} / ${f(r.peer?.peakRssMb)} MB |`,
  );
}
if (results.sizes[10000] && results.sizes[50000]) {
  const a = results.sizes[10000];
  const b = results.sizes[50000];
  lines.push('', `50k / 10k: check cold ${(b.checkCold.medianMs / a.checkCold.medianMs).toFixed(2)}×, check warm ${(b.checkWarm.medianMs / a.checkWarm.medianMs).toFixed(2)}×${a.server && b.server ? `, server all diagnostics ${(b.server.allDiagnosticsMs / a.server.allDiagnosticsMs).toFixed(2)}×` : ''}`);
}
const table = lines.join('\n');
mkdirSync(path.join(here, 'results'), { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(path.join(here, 'results', `bench-${stamp}.json`), JSON.stringify(results, null, 2));
writeFileSync(path.join(here, 'results', `bench-${stamp}.md`), `${table}\n`);
console.log(table);
