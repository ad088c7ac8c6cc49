/**
 * Note content never runs code, and the language server never talks to the network: scan the
 * BUILT JavaScript (what users run) for eval, Function, vm, child_process and network modules.
 * Our own packages' dist must have none at all; the extension's bundles may hold only the known,
 * listed uses inside third-party libraries, each with why it never sees note content.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

const CODE_RULES: [string, RegExp][] = [
  ['eval(', /(?<![\w$.])eval\s*\(/g],
  ['new Function', /\bnew\s+Function\b/g],
  ['Function(', /(?<![\w$.])Function\s*\(/g],
  ['vm module', /["'](?:node:)?vm["']/g],
  ['vm.run/Script', /(?<![\w$])vm\.(?:runIn\w*|Script|compileFunction|createContext)\b/g],
  ['child_process', /child_process/g],
];

const NET_RULES: [string, RegExp][] = [
  ['network module', /[\w$]\(\s*["'](?:node:)?(?:http|https|http2|net|tls|dns|dgram)["']\s*\)|from\s*["'](?:node:)?(?:http|https|http2|net|tls|dns|dgram)["']/g],
  ['fetch(', /(?<![\w$.])fetch\s*\(/g],
  ['XMLHttpRequest', /XMLHttpRequest/g],
  ['WebSocket', /\bWebSocket\b/g],
];

function jsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...jsFiles(p));
    else if (/\.(m|c)?js$/.test(name)) out.push(p);
  }
  return out;
}

interface Hit {
  file: string;
  rule: string;
  context: string;
  /** For unminified esbuild bundles: the bundled module the hit lies in (esbuild's `// path` comments). */
  module?: string;
}

/** The bundles `pnpm build` makes of our programs (third-party code inside, unminified). */
const isBundle = (f: string) => /[\\/]dist[\\/]bundle[\\/]/.test(f);

function scan(files: string[], rules: [string, RegExp][]): Hit[] {
  const hits: Hit[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [rule, re] of rules) {
      for (const m of text.matchAll(re)) {
        const module = isBundle(file) ? [...text.slice(0, m.index).matchAll(/^\/\/ ((?:node_modules|packages)\/\S+)$/gm)].at(-1)?.[1] : undefined;
        hits.push({ file: relative(ROOT, file), rule, context: text.slice(Math.max(0, m.index - 120), m.index + m[0].length + 40), ...(module ? { module } : {}) });
      }
    }
  }
  return hits;
}

/** Known uses in bundled third-party code: file, rule, a pattern of the context, and why. */
const ALLOWED: { file: string; rule: string; context: RegExp; count: number; why: string }[] = [
  {
    file: 'extension/dist/extension.js',
    rule: 'child_process',
    context: /require\("child_process"\)/,
    count: 2,
    why: 'vscode-languageclient starts the language server process (fixed command, no note content)',
  },
  {
    file: 'extension/dist/server.mjs',
    rule: 'child_process',
    context: /ModulePath|GlobalYarnPath/,
    count: 1,
    why: "vscode-languageserver's module resolution helpers (npm/yarn global paths), never called by Rapport",
  },
  {
    file: 'extension/dist/webview/network.js',
    rule: 'Function(',
    context: /Function\("return this"\)\(\)/,
    count: 1,
    why: "lodash (in cytoscape) finding the global object with a constant string; note text never reaches it",
  },
];

/**
 * Known uses in the bundles of our own programs (packages/<p>/dist/bundle/), by the bundled
 * module they lie in; none is in Rapport's code (packages/ itself).
 */
const ALLOWED_IN_BUNDLES: { file: string; rule: string; module: RegExp; count: number; why: string }[] = [
  {
    file: 'packages/cli/dist/bundle/rapport.cjs',
    rule: 'child_process',
    module: /\/commander\/lib\/command\.js$/,
    count: 1,
    why: "commander runs executable subcommands with it; Rapport declares none, so it is never called",
  },
  {
    file: 'packages/language-server/dist/bundle/server.cjs',
    rule: 'child_process',
    module: /\/vscode-languageserver\/lib\/node\/files\.js$/,
    count: 7,
    why: "vscode-languageserver's module resolution helpers (npm/yarn global paths), never called by Rapport",
  },
  {
    file: 'packages/language-server/dist/bundle/server.cjs',
    rule: 'network module',
    module: /\/vscode-jsonrpc\/lib\/node\/main\.js$/,
    count: 1,
    why: "JSON-RPC's pipe/socket transports (local IPC, never opened for stdio)",
  },
];

/** The only network module in the bundled server: JSON-RPC's pipe/socket transports (local IPC, never opened for stdio). */
const ALLOWED_NET: { file: string; context: RegExp; count: number }[] = [{ file: 'extension/dist/server.mjs', context: /\("net"\)/, count: 1 }];

beforeAll(() => {
  if (!existsSync(join(ROOT, 'extension/dist/server.mjs')) && existsSync(join(ROOT, 'extension/scripts/build.mjs'))) {
    const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: join(ROOT, 'extension'), encoding: 'utf8', timeout: 240_000 });
    if (r.status !== 0) throw new Error(`extension build failed: ${r.stderr}`);
  }
}, 300_000);

describe('no code execution in built JavaScript', () => {
  const packageDists = () => readdirSync(join(ROOT, 'packages')).map((p) => join(ROOT, 'packages', p, 'dist'));

  it("our packages' dist (core, node, cli, language-server) holds no eval, Function, vm or child_process", () => {
    const files = packageDists().flatMap(jsFiles).filter((f) => !isBundle(f));
    expect(files.length).toBeGreaterThan(20);
    for (const must of ['core', 'node', 'cli', 'language-server']) expect(files.some((f) => f.includes(`packages/${must}/dist/`)), must).toBe(true);
    expect(scan(files, CODE_RULES)).toEqual([]);
  });

  it("our programs' bundles hold only the listed third-party uses, none in Rapport's own code", () => {
    const files = packageDists().flatMap(jsFiles).filter(isBundle);
    expect(files.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['packages/cli/dist/bundle/rapport.cjs', 'packages/language-server/dist/bundle/server.cjs']));
    const hits = scan(files, [...CODE_RULES, ...NET_RULES]);
    expect(hits.filter((h) => !h.module || h.module.startsWith('packages/'))).toEqual([]);
    const unexplained = hits.filter((h) => !ALLOWED_IN_BUNDLES.some((a) => a.file === h.file && a.rule === h.rule && a.module.test(h.module ?? '')));
    expect(unexplained).toEqual([]);
    for (const a of ALLOWED_IN_BUNDLES) expect(hits.filter((h) => h.file === a.file && h.rule === a.rule).length, `${a.file} ${a.rule}: ${a.why}`).toBe(a.count);
  });

  it("the programs' bins use vm only to run their own bundle (runBundle, with its code cache)", () => {
    const bins = readdirSync(join(ROOT, 'packages')).flatMap((p) => jsFiles(join(ROOT, 'packages', p, 'bin')));
    expect(bins.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['packages/cli/bin/rapport.js', 'packages/node/bin/fresh-bundle.js']));
    const hits = scan(bins, CODE_RULES).map((h) => `${relative(ROOT, h.file)} ${h.rule}`);
    expect(hits).toEqual(['packages/node/bin/fresh-bundle.js vm module']);
    // The one script it compiles is the bundle file next to the bin, read from disk by path.
    const loader = readFileSync(join(ROOT, 'packages/node/bin/fresh-bundle.js'), 'utf8');
    expect(loader.match(/new Script\(/g)).toHaveLength(1);
    expect(loader).toContain('new Script(Module.wrap(source), { filename: file, cachedData })');
  });

  it('the extension bundles hold only the listed third-party uses', () => {
    const files = jsFiles(join(ROOT, 'extension', 'dist'));
    expect(files.map((f) => relative(ROOT, f))).toEqual(expect.arrayContaining(['extension/dist/extension.js', 'extension/dist/server.mjs']));
    const hits = scan(files, CODE_RULES);
    const unexplained = hits.filter((h) => !ALLOWED.some((a) => a.file === h.file && a.rule === h.rule && a.context.test(h.context)));
    expect(unexplained).toEqual([]);
    for (const a of ALLOWED) {
      expect(hits.filter((h) => h.file === a.file && h.rule === a.rule).length, `${a.file} ${a.rule}: ${a.why}`).toBe(a.count);
    }
  });

  it('the scanner finds what it looks for (so an empty result means something)', () => {
    const sample = ['eval("x")', 'new Function("a")', 'Function("return 1")', 'require("vm")', 'vm.runInNewContext(s)', 'require("child_process")', 'isFunction(x)', 'obj.eval(x)'];
    const hits = sample.map((s) => CODE_RULES.some(([, re]) => new RegExp(re.source).test(s)));
    expect(hits).toEqual([true, true, true, true, true, true, false, false]);
  });
});

describe('the language server makes no network requests', () => {
  it('its dist imports no http, https, net, tls, dns or dgram and calls no fetch', () => {
    // (Its bundle holds JSON-RPC's local socket transport: see ALLOWED_IN_BUNDLES.)
    const files = jsFiles(join(ROOT, 'packages', 'language-server', 'dist')).filter((f) => !isBundle(f));
    expect(files.length).toBeGreaterThan(0);
    expect(scan(files, NET_RULES)).toEqual([]);
  });

  it('the bundled server holds only JSON-RPC’s local socket transport', () => {
    const hits = scan([join(ROOT, 'extension', 'dist', 'server.mjs')], NET_RULES);
    const unexplained = hits.filter((h) => !ALLOWED_NET.some((a) => h.file === a.file && a.context.test(h.context)));
    expect(unexplained).toEqual([]);
    expect(hits).toHaveLength(ALLOWED_NET.reduce((n, a) => n + a.count, 0));
  });

  it('the network rules catch imports and requests', () => {
    const sample = ['require("https")', 'x("node:net")', 'from "http"', 'fetch(url)', 'd==="http"', 'if(d==="https")return', 'this.fetch()'];
    expect(sample.map((s) => NET_RULES.some(([, re]) => new RegExp(re.source).test(s)))).toEqual([true, true, true, true, false, false, false]);
  });
});

describe('workspace trust is declared truthfully', () => {
  it('the extension claims untrusted-workspace support, and no setting a workspace can set names something to run', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'extension', 'package.json'), 'utf8')) as {
      capabilities: { untrustedWorkspaces: { supported: boolean | string } };
      contributes: { configuration: { properties: Record<string, { type?: string; scope?: string }> } | { properties: Record<string, { type?: string; scope?: string }> }[] };
    };
    expect(pkg.capabilities.untrustedWorkspaces.supported).toBe(true);
    const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
    const keys = sections.flatMap((s) => Object.keys(s.properties));
    expect(keys.length).toBeGreaterThan(0);
    // A setting naming a program, command, interpreter or server path would let an untrusted
    // folder's .vscode/settings.json run code: with "supported: true" there must be none.
    expect(keys.filter((k) => /path|command|executable|program|node|server\.(?!trace)|shell|args|env/i.test(k.replace(/^rapport\./, '')))).toEqual([]);
  });
});
