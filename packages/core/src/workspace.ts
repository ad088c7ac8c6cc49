import ignore, { type Ignore } from 'ignore';
import { parseConfig, CONFIG_FILE, defaultConfig, type Config } from './config.js';
import type { Problem } from './diagnostics.js';
import { decodeText, dirname, normalizePath, type FileSystem } from './fs.js';
import type { ParsedNote } from './parse.js';
import { fastParseNote } from './scan.js';
import { LineIndex } from './text.js';
import { Analysis } from './analysis.js';

/** One Markdown note as the workspace holds it. */
export interface Note {
  readonly path: string;
  readonly text: string;
  readonly lines: LineIndex;
  /** Parsed on first use (see Workspace.set). */
  readonly parsed: ParsedNote;
  /** Problems reading the file itself (encoding, binary data). */
  fileProblems: Problem[];
  /** Bumped on every change, so caches can tell versions apart. */
  readonly version: number;
}

export interface LoadOptions {
  /** Upper bound on notes read, as a guard against runaway folders. */
  maxFiles?: number;
  /**
   * Parser for a note; the default is the line scanner `fastParseNote`, which yields the full
   * Markdown parser's ParsedNote (proven by scan.test.ts) and hands it the notes it cannot read.
   */
  parse?: (text: string, lines: LineIndex) => ParsedNote;
  /**
   * Parser for the notes read by `load` (bulk loads). The default is `parse` when given, else the
   * line scanner `fastParseNote`, which yields the same ParsedNote as the full parser (proven by
   * scan.test.ts) several times faster. Notes set later (open documents) use `parse`.
   */
  bulkParse?: (text: string, lines: LineIndex) => ParsedNote;
  /**
   * The templates folder, when a setting outside rapport.yaml names it (an editor's
   * `rapport.templatesFolder`): left out of the index like the config's `templates`.
   */
  templatesFolder?: string;
}

const ALWAYS_SKIPPED = new Set(['.git', 'node_modules', '.rapport']);


/**
 * A folder of notes: loaded through an injected file system, updated incrementally by `set`
 * and `delete`. Every derived fact (entities, links, follow-ups, diagnostics) comes from
 * `analysis()`, which is computed on demand and kept until the next change.
 */
export class Workspace {
  readonly notes = new Map<string, Note>();
  config: Config = defaultConfig();
  configProblems: Problem[] = [];
  configText: string | undefined;
  /** Problems met while listing or reading files (unreadable, loops). */
  readonly loadProblems: { path: string; message: string }[] = [];
  private gitignores = new Map<string, Ignore>();
  private ignoreTexts = new Map<string, string>();
  /** The config's `ignore` and templates-folder rules; undefined when there are none (nothing to ask). */
  private configIgnore: Ignore | undefined;
  private cached: Analysis | undefined;
  /** The last analysis and the paths changed since, so the next one can reuse what still holds. */
  private previous: Analysis | undefined;
  private changedPaths = new Set<string>();
  private versionCounter = 0;
  private parse: (text: string, lines: LineIndex) => ParsedNote;
  private readonly bulkParse: (text: string, lines: LineIndex) => ParsedNote;

  private readonly templatesFolder: string | undefined;

  constructor(options: LoadOptions = {}) {
    this.templatesFolder = options.templatesFolder?.replace(/^\/+|\/+$/g, '') || undefined;
    this.configIgnore = rules(this.templatesFolder ? [`/${this.templatesFolder}/`] : []);
    // Every note goes through the line scanner first (same ParsedNote, proven by scan.test.ts),
    // an open document's on every change too: the full parser took ~27 ms for a 10 KB note and
    // ~210 ms for 50 KB (the scanner 0.8 and 2.5 ms), and micromark's edit map is quadratic on
    // very large documents (a 5 MB note open in an editor took minutes per change, found by
    // test/hardening/hostile-core.test.ts). The same parser for notes read from disk and notes
    // an editor holds also means opening a note can never change what it says.
    this.parse = options.parse ?? fastParseNote;
    this.bulkParse = options.bulkParse ?? options.parse ?? ((text, lines) => fastParseNote(text, lines));
  }

  /** Reads every note under the root of `fs`. Unreadable files are recorded, never fatal. */
  static async load(fs: FileSystem, options: LoadOptions = {}): Promise<Workspace> {
    const { workspace, paths } = await Workspace.prepare(fs, options);
    await workspace.readNotes(fs, paths);
    return workspace;
  }

  /**
   * The first half of `load`: reads the config and the .gitignore files and lists the notes,
   * without reading any note. For callers that can decide from the list alone (a result cache
   * that checks the files' stamps); `readNotes(fs, paths)` is the second half.
   */
  static async prepare(fs: FileSystem, options: LoadOptions = {}): Promise<{ workspace: Workspace; paths: string[] }> {
    const ws = new Workspace(options);
    let configData: Uint8Array | string | undefined;
    let configError: string | undefined;
    try {
      configData = await fs.readFile(CONFIG_FILE);
    } catch (e) {
      configError = e instanceof Error ? e.message : String(e);
    }
    if (configData !== undefined) ws.setConfig(decodeText(configData).text);
    const paths = await ws.listNotes(fs, options.maxFiles ?? 200_000, configError);
    return { workspace: ws, paths };
  }

  /** Reads the listed notes (with the bulk parser, on first use of each). */
  async readNotes(fs: FileSystem, paths: readonly string[]): Promise<void> {
    const datas = await readAll(fs, paths);
    const single = this.parse;
    this.parse = this.bulkParse;
    try {
      for (let i = 0; i < paths.length; i++) {
        const data = datas[i];
        if (data instanceof Error || data === undefined) {
          this.loadProblems.push({ path: paths[i]!, message: `could not be read: ${data?.message ?? 'no data'}` });
        } else this.setBytes(paths[i]!, data);
      }
    } finally {
      this.parse = single;
    }
  }

  /** `configError`: why rapport.yaml could not be read; said when the root lists one (missing is fine). */
  private async listNotes(fs: FileSystem, max: number, configError?: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readDirectory(dir);
      } catch (e) {
        if (dir !== '') this.loadProblems.push({ path: dir, message: `folder could not be read: ${e instanceof Error ? e.message : String(e)}` });
        else throw e;
        return;
      }
      // A rapport.yaml that is there but unreadable (a folder, a looping link, no permission)
      // would silently give the defaults: today, ignore and cadences other than the user's.
      if (dir === '' && configError !== undefined && entries.some((e) => e.name === CONFIG_FILE)) {
        this.loadProblems.push({ path: CONFIG_FILE, message: `could not be read, so the defaults apply: ${configError}` });
      }
      if (entries.some((e) => e.name === '.gitignore' && e.kind === 'file')) {
        const gi = await tryRead(fs, dir ? `${dir}/.gitignore` : '.gitignore');
        if (gi !== undefined) this.setGitignore(dir, decodeText(gi).text);
      }
      for (const entry of entries) {
        if (out.length >= max) return;
        const path = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.kind === 'directory') {
          if (ALWAYS_SKIPPED.has(entry.name) || this.isIgnored(path, true)) continue;
          await walk(path);
        } else if ((entry.kind === 'file' || entry.kind === 'symlink') && /\.md$/i.test(entry.name)) {
          if (!this.isIgnored(path, false)) out.push(path);
        }
      }
    };
    await walk('');
    return out.sort();
  }

  /** Whether a path is left out by .git/, node_modules/, .gitignore files or the config's `ignore`. */
  isIgnored(path: string, isDir = false): boolean {
    const p = normalizePath(path);
    if (p.split('/').some((s) => ALWAYS_SKIPPED.has(s))) return true;
    const test = isDir ? `${p}/` : p;
    if (this.configIgnore?.ignores(test)) return true;
    for (const [dir, ig] of this.gitignores) {
      if (dir === '' || p.startsWith(`${dir}/`)) {
        const rel = dir === '' ? test : test.slice(dir.length + 1);
        if (rel && ig.ignores(rel)) return true;
      }
    }
    return false;
  }

  /** Whether a path is a note this workspace reads (a `.md` file that is not ignored). */
  isNotePath(path: string): boolean {
    return /\.md$/i.test(path) && !this.isIgnored(path) && !parentIgnored(this, path);
  }

  setConfig(text: string | undefined): void {
    this.configText = text;
    if (text === undefined) {
      this.config = defaultConfig();
      this.configProblems = [];
    } else {
      const r = parseConfig(text);
      this.config = r.config;
      this.configProblems = r.problems;
    }
    // The templates folder holds `{{name}}` skeletons, not notes: never index it.
    const folder = this.templatesFolder ?? this.config.templates;
    const templates = folder ? [`/${folder}/`] : [];
    this.configIgnore = rules([...this.config.ignore, ...templates]);
    this.invalidate();
  }

  /** Updates a .gitignore's rules (the caller decides which notes to add or drop after). */
  setGitignore(dir: string, text: string | undefined): void {
    if (text === undefined) {
      this.gitignores.delete(dir);
      this.ignoreTexts.delete(dir);
    } else {
      this.gitignores.set(dir, ignore().add(text));
      this.ignoreTexts.set(dir, text);
    }
  }

  setBytes(path: string, data: Uint8Array | string): Note {
    const { text, problem } = decodeText(data);
    const note = this.set(path, text);
    if (problem) {
      note.fileProblems.push({ code: 'unreadable-file', message: problem, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    }
    return note;
  }

  /**
   * Adds or replaces one note's text; only that note is parsed again. The parse itself happens
   * on first use of `note.parsed` (with the parser in force now), so a caller that finds its
   * answer cached (see `@rapport/node`'s ResultCache) never pays for it.
   */
  set(path: string, text: string): Note {
    const p = normalizePath(path);
    const note = new LazyNote(p, text, this.parse, ++this.versionCounter);
    this.notes.set(p, note);
    this.invalidate(p);
    return note;
  }

  /** Parses every note not parsed yet (what a bulk load did eagerly before). */
  parseAll(): void {
    for (const n of this.notes.values()) void n.parsed;
  }

  /** The texts of the .gitignore files in force, by folder ('' = the root): inputs, like the notes. */
  gitignoreTexts(): ReadonlyMap<string, string> {
    return this.ignoreTexts;
  }

  delete(path: string): boolean {
    const p = normalizePath(path);
    const had = this.notes.delete(p);
    if (had) this.invalidate(p);
    return had;
  }

  rename(from: string, to: string): void {
    const n = this.notes.get(normalizePath(from));
    if (!n) return;
    this.notes.delete(n.path);
    this.invalidate(n.path);
    this.set(to, n.text);
  }

  get(path: string): Note | undefined {
    return this.notes.get(normalizePath(path));
  }

  /** Everything derived from the notes; recomputed after a change, on first use. */
  analysis(): Analysis {
    if (!this.cached) {
      this.cached = new Analysis(this, this.previous ? { previous: this.previous, changed: this.changedPaths } : undefined);
      this.previous = undefined;
      this.changedPaths = new Set();
    }
    return this.cached;
  }

  private invalidate(path?: string): void {
    if (this.cached) {
      this.previous = this.cached;
      this.changedPaths = new Set();
    }
    this.cached = undefined;
    if (path === undefined) this.previous = undefined;
    else this.changedPaths.add(path);
  }
}

/** A note whose line index and parse are made on first use; the parse is kept, the index made again on need. */
class LazyNote implements Note {
  readonly fileProblems: Problem[] = [];
  private index: LineIndex | undefined;
  private result: ParsedNote | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
    private parser: ((text: string, lines: LineIndex) => ParsedNote) | undefined,
    readonly version: number,
  ) {}

  get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.text));
  }

  get parsed(): ParsedNote {
    if (!this.result) {
      this.result = safeParse(this.parser!, this.text, this.lines);
      this.parser = undefined;
      // The line index is made again when a feature asks for it (open documents, edits): kept
      // for every note, the indexes were ~4 MB at 10,000 notes.
      this.index = undefined;
    }
    return this.result;
  }
}

function safeParse(parse: (text: string, lines: LineIndex) => ParsedNote, text: string, lines: LineIndex): ParsedNote {
  try {
    return parse(text, lines);
  } catch (e) {
    return {
      frontmatter: { present: false, start: 0, end: 0, contentStart: 0, contentEnd: 0, fields: [] },
      links: [], tasks: [], logEntries: [], sections: [], bodyLine: 0,
      problems: [{ code: 'invalid-frontmatter', message: `The note could not be read: ${e instanceof Error ? e.message : String(e)}`, range: lines.range(0, 0) }],
    };
  }
}

/**
 * The matcher for a list of rules, or undefined for none: with no rule anywhere (no .gitignore,
 * no `ignore:`, no templates folder) listing asks nothing per path (the ignore package tested
 * each of 10,000 notes and their folders, ~25 ms of a listing).
 */
function rules(list: readonly string[]): Ignore | undefined {
  return list.length ? ignore().add(list) : undefined;
}

function parentIgnored(ws: Workspace, path: string): boolean {
  let d = dirname(normalizePath(path));
  while (d) {
    if (ws.isIgnored(d, true)) return true;
    d = dirname(d);
  }
  return false;
}

/** Every path's bytes (or the Error reading it), through the bulk read when the file system has one. */
async function readAll(fs: FileSystem, paths: readonly string[]): Promise<(Uint8Array | string | Error)[]> {
  if (fs.readFiles) {
    try {
      const out = await fs.readFiles(paths);
      if (out.length === paths.length) return out;
    } catch {
      /* a failing bulk read: fall back to one file at a time */
    }
  }
  return Promise.all(
    paths.map(async (p) => {
      try {
        return await fs.readFile(p);
      } catch (e) {
        return e instanceof Error ? e : new Error(String(e));
      }
    }),
  );
}

async function tryRead(fs: FileSystem, path: string): Promise<Uint8Array | string | undefined> {
  try {
    return await fs.readFile(path);
  } catch {
    return undefined;
  }
}
