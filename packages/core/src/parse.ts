import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, Nodes } from 'mdast';
import type { Problem } from './diagnostics.js';
import { parseFrontmatter, type Frontmatter, type PlainValue } from './frontmatter.js';
import { intern, isIsoDateShapeAt, isoDateAt, LineIndex, type Range } from './text.js';
import { isRealDate, looksLikeDate } from './dates.js';
import { fieldSpec } from './schema.js';
import { parseTaskDates, taskDisplayText, type TaskDates } from './tasks.js';

/** A link in a note: a wikilink, a Markdown link to a relative .md path, or a link in a frontmatter field. */
export interface LinkRef {
  /** `name`: a plain name in a link field of the frontmatter (`organization: Riverside`). */
  kind: 'wiki' | 'markdown' | 'name';
  /** What the link points at, as written (`Jane Smith`, `people/jane-smith`, `../people/x.md`). */
  target: string;
  anchor?: string;
  /** Display text after `|` (wikilinks) or the link text (Markdown links). */
  alias?: string;
  /** The whole link, brackets included. */
  range: Range;
  /** Just the target text. */
  targetRange: Range;
  embed: boolean;
  /** Frontmatter field that holds the link, if any. */
  field?: string;
  inOpenTask: boolean;
  inQuote: boolean;
  /** Index into `tasks` of the task item that holds the link. */
  task?: number;
  /** Index into `logEntries` of the dated list item or heading section that holds the link. */
  logEntry?: number;
}

export interface Task {
  line: number;
  /** The task's first line (after the list marker). */
  range: Range;
  checked: boolean;
  /** The text as written on the task's first line, checkbox excluded. */
  raw: string;
  /** Text for people: dates and fields removed, links shown by their text. */
  text: string;
  dates: TaskDates;
  links: number[];
  /** Offset (in the note) of the task text, to map date ranges. */
  offset: number;
}

export interface LogEntry {
  kind: 'item' | 'heading';
  date: string;
  line: number;
  /** The date's range. */
  range: Range;
  /** The entry's text after the date. */
  text: string;
  links: number[];
}

export interface Section {
  depth: number;
  text: string;
  line: number;
  range: Range;
  /** Range of the whole section, heading to the next heading of the same or higher level. */
  fullRange: Range;
}

/** Everything Rapport reads from one note. Plain data: it can be cached as JSON. */
export interface ParsedNote {
  frontmatter: Frontmatter;
  links: LinkRef[];
  tasks: Task[];
  logEntries: LogEntry[];
  sections: Section[];
  problems: Problem[];
  /** The line at which the body starts (after the frontmatter). */
  bodyLine: number;
}

const processor = unified().use(remarkParse).use(remarkGfm);

const WIKILINK = /(!?)\[\[([^\[\]\r\n]+?)\]\]/g;
const DATE_PREFIX = /^(\d{4}-\d{2}-\d{2})(?=$|[\s:,.;)\]—–-])/;

/** Parses one note. Never throws: problems come back with exact ranges. */
export function parseNote(text: string, lines: LineIndex = new LineIndex(text)): ParsedNote {
  const problems: Problem[] = [];
  const frontmatter = parseFrontmatter(text, lines, problems);
  const out: ParsedNote = { frontmatter, links: [], tasks: [], logEntries: [], sections: [], problems, bodyLine: 0 };
  try {
    extractBody(text, lines, out);
  } catch (e) {
    problems.push({
      code: 'invalid-frontmatter',
      message: `The note's body could not be read: ${e instanceof Error ? e.message : String(e)}`,
      range: lines.range(0, 0),
    });
  }
  extractFrontmatterLinks(text, lines, out);
  return fitParsed(out);
}

/**
 * Gives every list of a finished ParsedNote its exact length. Lists grown by `push` keep spare
 * room (17 slots after the first push); a workspace keeps ~150,000 such lists for as long as it
 * lives, so the spare room added up to ~10 MB at 10,000 notes. Same values, same order.
 */
export function fitParsed(out: ParsedNote): ParsedNote {
  out.links = fit(out.links);
  out.tasks = fit(out.tasks);
  for (const t of out.tasks) {
    t.links = fit(t.links);
    t.dates.all = fit(t.dates.all);
  }
  out.logEntries = fit(out.logEntries);
  for (const e of out.logEntries) e.links = fit(e.links);
  out.sections = fit(out.sections);
  out.problems = fit(out.problems);
  const fm = out.frontmatter;
  fm.fields = fit(fm.fields);
  for (const f of fm.fields) {
    if (f.items) f.items = fit(f.items);
    if (Array.isArray(f.value)) f.value = fit(f.value);
  }
  return out;
}

/**
 * An exact copy of a list; an empty one is one shared frozen list (most notes' task and entry
 * link lists and problem lists are empty: ~60,000 of them at 10,000 notes). Parsed notes are
 * read, never changed: a change would throw on a shared list instead of reaching other notes.
 */
function fit<T>(list: T[]): T[] {
  return list.length === 0 ? (EMPTY as unknown as T[]) : list.slice();
}

const EMPTY: readonly never[] = Object.freeze([]);

/** Blanks the frontmatter (keeping line breaks) so offsets in the body stay those of the file. */
function maskFrontmatter(text: string, fm: Frontmatter): string {
  if (!fm.present && fm.end === 0) return text;
  const head = text.slice(0, fm.end).replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length));
  return head + text.slice(fm.end);
}

export interface Span {
  start: number;
  end: number;
}

interface ItemInfo extends Span {
  task?: number;
  logEntry?: number;
  openTask: boolean;
}

/**
 * The block and inline facts the body extraction needs, in document order. The remark tree gives
 * them for open documents; the line scanner (scan.ts) gives the same facts for bulk loads, and both
 * go through `assembleBody`, so the two paths can only differ in these facts.
 */
export interface BodyFacts {
  /** Code blocks, inline code and HTML: wikilinks inside do not count. */
  excluded: Span[];
  quotes: Span[];
  /** List items in pre-order. `firstStart` is the offset of the first child when it is a paragraph. */
  items: { start: number; end: number; checked: boolean | null; firstStart: number | undefined }[];
  headings: { depth: number; start: number; end: number; contentStart: number; textEnd: number; text: string }[];
  /** Markdown links to relative .md paths (`urlAt`: where the URL is, when not after `start`: a reference's definition). */
  mdLinks: { url: string; text: string; start: number; end: number; urlAt?: number }[];
}

/** Blanks the frontmatter (and a BOM) the way the body extraction sees it. */
export function maskedBody(text: string, fm: Frontmatter): string {
  let body = maskFrontmatter(text, fm);
  if (body.charCodeAt(0) === 0xfeff) body = ` ${body.slice(1)}`;
  return body;
}

function extractBody(text: string, lines: LineIndex, out: ParsedNote): void {
  const body = blankDeepLines(maskedBody(text, out.frontmatter), out.frontmatter.end, lines, out.problems);
  out.bodyLine = out.frontmatter.end > 0 ? lines.positionAt(out.frontmatter.end).line + 1 : 0;
  const tree = processor.parse(body) as Root;
  assembleBody(body, lines, out, factsFromTree(tree, body));
}

/**
 * Widest container prefix (indentation, `>` quote markers, list markers, in columns) a body line
 * may have. Deeper nesting makes the Markdown parser slow down quadratically (thousands of levels
 * take minutes) and overflow the stack; no real note nests this deep.
 */
export const MAX_NESTING_COLUMNS = 128;

/**
 * Blanks (with spaces, so offsets stay) every line whose container prefix is wider than
 * MAX_NESTING_COLUMNS, and reports the first such line. Linear; the text is returned as it is
 * when no line is that deep.
 */
function blankDeepLines(body: string, from: number, lines: LineIndex, problems: Problem[]): string {
  const deep = deepLines(body, from);
  if (deep.length === 0) return body;
  const first = deep[0]!;
  problems.push({
    code: 'unreadable-file',
    message: `This line nests lists, quotes or indentation deeper than ${MAX_NESTING_COLUMNS} columns; Rapport skips ${deep.length === 1 ? 'it' : `it and ${deep.length - 1} more such line${deep.length === 2 ? '' : 's'}`}.`,
    range: lines.range(first[0], first[1]),
  });
  const parts: string[] = [];
  let at = 0;
  for (const [s, e] of deep) {
    parts.push(body.slice(at, s), ' '.repeat(e - s));
    at = e;
  }
  parts.push(body.slice(at));
  return parts.join('');
}

/** [start, end) of every body line (from offset `from`) whose container prefix is too wide. */
export function deepLines(body: string, from = 0): [number, number][] {
  const deep: [number, number][] = [];
  let pos = from;
  const n = body.length;
  // Without carriage returns, line ends are found by the native search.
  const lfOnly = body.indexOf('\r', from) < 0;
  while (pos < n) {
    let col = 0;
    let i = pos;
    for (;;) {
      const c = body.charCodeAt(i);
      if (c === 32 || c === 62) col++; // space, >
      else if (c === 9) col += 4 - (col % 4);
      else if ((c === 45 || c === 42 || c === 43) && (body.charCodeAt(i + 1) === 32 || body.charCodeAt(i + 1) === 9)) col++; // - * +
      else if (c >= 48 && c <= 57) {
        let j = i;
        while (j < n && j - i < 9 && body.charCodeAt(j) >= 48 && body.charCodeAt(j) <= 57) j++;
        const d = body.charCodeAt(j);
        const after = body.charCodeAt(j + 1);
        if ((d === 46 || d === 41) && (after === 32 || after === 9)) {
          col += j - i + 1;
          i = j;
        } else break;
      } else break;
      i++;
      if (col > MAX_NESTING_COLUMNS) break;
    }
    let end = i;
    if (lfOnly) {
      end = body.indexOf('\n', i);
      if (end < 0) end = n;
    } else while (end < n && body.charCodeAt(end) !== 10 && body.charCodeAt(end) !== 13) end++;
    if (col > MAX_NESTING_COLUMNS && body.slice(i, end).trim() !== '') deep.push([pos, end]);
    pos = end;
    if (body.charCodeAt(pos) === 13) pos++;
    if (body.charCodeAt(pos) === 10) pos++;
  }
  return deep;
}

function factsFromTree(tree: Root, body: string): BodyFacts {
  const facts: BodyFacts = { excluded: [], quotes: [], items: [], headings: [], mdLinks: [] };
  const visit = (node: Nodes): void => {
    const pos = node.position;
    const start = pos?.start.offset ?? 0;
    const end = pos?.end.offset ?? 0;
    switch (node.type) {
      case 'code':
      case 'inlineCode':
      case 'html':
        facts.excluded.push({ start, end });
        return;
      case 'blockquote':
        facts.quotes.push({ start, end });
        break;
      case 'heading': {
        const contentStart = node.children[0]?.position?.start.offset ?? end;
        const textEnd = node.children.at(-1)?.position?.end.offset ?? end;
        facts.headings.push({ depth: node.depth, start, end, contentStart, textEnd, text: plainText(node) });
        break;
      }
      case 'listItem': {
        const first = node.children[0];
        const firstStart = first?.type === 'paragraph' ? first.position?.start.offset : undefined;
        facts.items.push({ start, end: pos?.end.offset ?? start, checked: node.checked ?? null, firstStart });
        break;
      }
      case 'link':
        if (isRelativeMd(node.url)) facts.mdLinks.push({ url: node.url, text: plainText(node), start, end });
        break;
      case 'linkReference':
        // `[Jane][jane]` with `[jane]: people/jane.md` somewhere: a Markdown link too, its URL
        // known once every definition is seen (micromark makes a reference only when one exists).
        facts.mdLinks.push({ url: node.identifier, text: plainText(node), start, end });
        references.add(facts.mdLinks.length - 1);
        break;
      case 'definition':
        // The first definition of a label wins (CommonMark); its URL is found after the label.
        if (!definitions.has(node.identifier)) definitions.set(node.identifier, { url: node.url, at: body.indexOf(node.url, body.indexOf(']:', start)) });
        break;
    }
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  const definitions = new Map<string, { url: string; at: number }>();
  const references = new Set<number>();
  visit(tree);
  if (references.size > 0) {
    facts.mdLinks = facts.mdLinks.flatMap((l, i) => {
      if (!references.has(i)) return [l];
      const d = definitions.get(l.url);
      return d !== undefined && isRelativeMd(d.url) ? [{ ...l, url: d.url, urlAt: d.at }] : [];
    });
  }
  return facts;
}

/**
 * Turns body facts into links, tasks, log entries and sections (shared by both parsers). The body
 * starts at `from`: the text before it (the frontmatter) is never read, so a caller may pass the
 * note's text itself instead of a masked copy.
 */
export function assembleBody(body: string, lines: LineIndex, out: ParsedNote, facts: BodyFacts, from = 0): void {
  out.bodyLine = out.frontmatter.end > 0 ? lines.positionAt(out.frontmatter.end).line + 1 : 0;
  const excluded = facts.excluded;
  const quotes = facts.quotes;
  const lfOnly = body.indexOf('\r', from) < 0;
  const items: ItemInfo[] = facts.items.map((it) => listItemInfo(it, body, lines, out, lfOnly));
  const headings = facts.headings;
  const mdLinks = facts.mdLinks;

  // Heading sections and dated heading entries.
  const headingEntries: { entry: number; start: number; end: number }[] = [];
  headings.forEach((h, i) => {
    let sectionEnd = body.length;
    for (let j = i + 1; j < headings.length; j++) {
      if (headings[j]!.depth <= h.depth) {
        sectionEnd = headings[j]!.start;
        break;
      }
    }
    const contentStart = h.contentStart;
    const title = body.slice(contentStart, h.textEnd);
    out.sections.push({
      depth: h.depth,
      text: intern(h.text),
      line: lines.positionAt(h.start).line,
      range: lines.range(h.start, h.end),
      fullRange: lines.range(h.start, trimEnd(body, sectionEnd)),
    });
    const m = DATE_PREFIX.exec(title);
    if (m) {
      const entry = addLogEntry(out, lines, 'heading', isoDateAt(title, 0), contentStart, title.slice(m[1]!.length));
      if (entry !== undefined) headingEntries.push({ entry, start: h.start, end: sectionEnd });
    }
  });

  // Containment look-ups cost O(log n + depth) per link, not O(items): a 5 MB note holds ~100k
  // list items and links (hardening: the item scan per link made such a note hang).
  const inExcluded = spanLookup(excluded);
  const inQuotes = spanLookup(quotes);
  const itemTree = new SpanTree(items);
  const headingTree = new SpanTree(headingEntries);
  const addLink = (ref: LinkRef, s: number, e: number) => {
    // The items holding the link, innermost first: any open task among them makes the link part
    // of an open task; the innermost task and log entry among them own it.
    let inOpenTask = false;
    let taskItem: ItemInfo | undefined;
    let entryItem: ItemInfo | undefined;
    for (let k = itemTree.lastStartingAt(s); k >= 0; k = itemTree.parentOf(k)) {
      const c = itemTree.at(k);
      if (!(c.start <= s && e <= c.end)) continue;
      if (c.openTask) inOpenTask = true;
      if (c.task !== undefined && taskItem === undefined) taskItem = c;
      if (c.logEntry !== undefined && entryItem === undefined) entryItem = c;
    }
    ref.inOpenTask = inOpenTask;
    ref.inQuote = inQuotes(s, e);
    if (taskItem) ref.task = taskItem.task;
    if (entryItem) ref.logEntry = entryItem.logEntry;
    else {
      for (let k = headingTree.lastStartingAt(s); k >= 0; k = headingTree.parentOf(k)) {
        const h = headingTree.at(k);
        if (h.start <= s && e <= h.end) {
          ref.logEntry = h.entry;
          break;
        }
      }
    }
    out.links.push(ref);
  };

  WIKILINK.lastIndex = from;
  for (let m = WIKILINK.exec(body); m; m = WIKILINK.exec(body)) {
    const s = m.index;
    const e = s + m[0].length;
    if (inExcluded(s, e)) continue;
    const parsed = splitWikilink(m[2]!);
    if (!parsed) continue;
    const bang = m[1]!.length;
    const targetStart = s + bang + 2 + parsed.targetOffset;
    addLink(
      linkRef('wiki', parsed.target, parsed.anchor, parsed.alias, lines.range(s, e), lines.range(targetStart, targetStart + parsed.target.length), bang === 1),
      s,
      e,
    );
  }
  for (const l of mdLinks) {
    const urlAt = l.urlAt ?? body.indexOf(l.url, l.start);
    const embed = l.start > 0 && body[l.start - 1] === '!';
    const hash = l.url.indexOf('#');
    const path = safeDecode(hash >= 0 ? l.url.slice(0, hash) : l.url);
    const anchor = hash >= 0 ? l.url.slice(hash + 1) : undefined;
    const range = lines.range(l.start, l.end);
    addLink(
      linkRef('markdown', path, anchor, l.text, range, urlAt >= 0 ? lines.range(urlAt, urlAt + l.url.length) : lines.range(l.start, l.end), embed),
      l.start,
      l.end,
    );
  }
  const links = out.links;
  let sorted = true;
  for (let i = 1; i < links.length && sorted; i++) sorted = compareLinkStarts(links[i - 1]!, links[i]!) <= 0;
  if (!sorted) links.sort(compareLinkStarts);
  // Task and entry link lists point into the sorted links (they are empty until now).
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    if (l.task !== undefined) out.tasks[l.task]!.links.push(i);
    if (l.logEntry !== undefined) out.logEntries[l.logEntry]!.links.push(i);
  }
}

function compareLinkStarts(a: LinkRef, b: LinkRef): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/**
 * A link with its keys always in the same order (so equal links serialise equally). `task` and
 * `logEntry` are made with it, unset (undefined, which JSON leaves out), and set by addLink when
 * an item or a section holds the link: a key added to an object literal afterwards makes V8 give
 * it a new shape and a separate property store (~40,000 links at 10,000 notes).
 */
function linkRef(kind: LinkRef['kind'], target: string, anchor: string | undefined, alias: string | undefined, range: Range, targetRange: Range, embed: boolean): LinkRef {
  if (alias !== undefined) alias = intern(alias);
  if (anchor === undefined) {
    return alias === undefined
      ? { kind, target, range, targetRange, embed, inOpenTask: false, inQuote: false, task: undefined, logEntry: undefined }
      : { kind, target, alias, range, targetRange, embed, inOpenTask: false, inQuote: false, task: undefined, logEntry: undefined };
  }
  return alias === undefined
    ? { kind, target, anchor, range, targetRange, embed, inOpenTask: false, inQuote: false, task: undefined, logEntry: undefined }
    : { kind, target, anchor, alias, range, targetRange, embed, inOpenTask: false, inQuote: false, task: undefined, logEntry: undefined };
}

/**
 * Whether [s, e) lies inside one of the spans: the spans sorted by start with a running maximum
 * of their ends, so a binary search answers exactly (does some span start at or before s and
 * end at or after e?).
 */
function spanLookup(spans: readonly Span[]): (s: number, e: number) => boolean {
  // Most notes have no code and no quote; spans come mostly in document order already.
  if (spans.length === 0) return IN_NOTHING;
  const sorted = startsAscending(spans) ? spans : [...spans].sort((a, b) => a.start - b.start);
  const starts = sorted.map((x) => x.start);
  const maxEnd: number[] = [];
  let m = -Infinity;
  for (const x of sorted) maxEnd.push((m = Math.max(m, x.end)));
  return (s, e) => {
    const k = lastAtOrBefore(starts, s);
    return k >= 0 && maxEnd[k]! >= e;
  };
}

const IN_NOTHING = (_s: number, _e: number): boolean => false;

/** Whether the spans' starts never decrease. */
function startsAscending(spans: readonly Span[]): boolean {
  for (let i = 1; i < spans.length; i++) if (spans[i]!.start < spans[i - 1]!.start) return false;
  return true;
}

/** Index of the last value <= x in an ascending array, or -1. */
function lastAtOrBefore(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let k = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) {
      k = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return k;
}

/** Whether the spans are sorted by start, then by end descending (what SpanTree's sort gives). */
function inTreeOrder(spans: readonly Span[]): boolean {
  for (let i = 1; i < spans.length; i++) {
    const a = spans[i - 1]!;
    const b = spans[i]!;
    if (b.start < a.start || (b.start === a.start && b.end > a.end)) return false;
  }
  return true;
}

/**
 * Properly nested spans (list items, heading sections: they come from a tree), each with its
 * parent, so the spans holding a range are found from the last span starting before it.
 */
class SpanTree<T extends Span> {
  private readonly sorted: readonly T[];
  private readonly starts: number[];
  private readonly parent: number[];

  constructor(spans: readonly T[]) {
    // Stable sort: at equal starts the outer span (listed first, pre-order) stays first. Spans
    // from a tree in pre-order are in this order already (read as they are, without a copy).
    this.sorted = inTreeOrder(spans) ? spans : [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
    const n = this.sorted.length;
    this.starts = [];
    this.parent = [];
    const stack: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = this.sorted[i]!;
      this.starts.push(x.start);
      while (stack.length > 0) {
        const top = this.sorted[stack[stack.length - 1]!]!;
        if (top.start <= x.start && x.end <= top.end) break;
        stack.pop();
      }
      this.parent.push(stack.length > 0 ? stack[stack.length - 1]! : -1);
      stack.push(i);
    }
  }

  /** Index of the last span starting at or before `s` (-1 if none): walk `parentOf` from it. */
  lastStartingAt(s: number): number {
    return lastAtOrBefore(this.starts, s);
  }

  parentOf(k: number): number {
    return this.parent[k]!;
  }

  at(k: number): T {
    return this.sorted[k]!;
  }

  /** The spans that hold [s, e), outermost first. */
  holding(s: number, e: number): T[] {
    const out: T[] = [];
    for (let k = lastAtOrBefore(this.starts, s); k >= 0; k = this.parent[k]!) {
      const x = this.sorted[k]!;
      if (x.start <= s && e <= x.end) out.push(x);
    }
    return out.reverse();
  }
}

const LIST_MARKER_ONLY = /^(?:[-*+]|\d{1,9}[.)])[ \t]+$/;

function listItemInfo(node: BodyFacts['items'][number], body: string, lines: LineIndex, out: ParsedNote, lfOnly: boolean): ItemInfo {
  const start = node.start;
  const end = node.end;
  const info: ItemInfo = { start, end, openTask: false, task: undefined, logEntry: undefined };
  let firstStart = node.firstStart;
  if (firstStart === undefined) return info;
  // When a task's text starts with inline markup (`**bold**`, `code`, <html>), the paragraph
  // mdast gives still starts at the checkbox: step over it, as it does for plain text.
  if (node.checked !== null && body.charCodeAt(firstStart) === 91 /* [ */ && body.charCodeAt(firstStart + 2) === 93 /* ] */ && LIST_MARKER_ONLY.test(body.slice(start, firstStart))) {
    firstStart += 3;
    while (body.charCodeAt(firstStart) === 32 || body.charCodeAt(firstStart) === 9) firstStart++;
  }
  const firstLineEnd = lineEndFrom(body, firstStart, lfOnly);
  if (node.checked === true || node.checked === false) {
    // GFM puts the paragraph after the checkbox; the raw text is the rest of the first line.
    const raw = body.slice(firstStart, firstLineEnd);
    const dates = parseTaskDates(raw, firstStart, lines, out.problems);
    const range = lines.range(start, firstLineEnd);
    const task: Task = {
      line: range.start.line,
      range,
      checked: node.checked,
      raw,
      text: taskDisplayText(raw),
      dates,
      links: [],
      offset: firstStart,
    };
    info.task = out.tasks.push(task) - 1;
    info.openTask = !node.checked;
    return info;
  }
  // A log entry starts with a date: most other items are told apart by their first character.
  const c = body.charCodeAt(firstStart);
  if (c < 48 || c > 57) return info;
  if (datePrefixAt(body, firstStart, firstLineEnd)) {
    const entry = addLogEntry(out, lines, 'item', isoDateAt(body, firstStart), firstStart, body.slice(firstStart + 10, firstLineEnd));
    if (entry !== undefined) info.logEntry = entry;
  }
  return info;
}

/**
 * Whether text[at, end) starts as DATE_PREFIX reads it: `YYYY-MM-DD`, then its end or one of
 * white space, `:,.;)]`, a dash (without a match object and without slicing the line: most of a
 * network's list items are dated log entries).
 */
function datePrefixAt(text: string, at: number, end: number): boolean {
  if (at + 10 > end || !isIsoDateShapeAt(text, at)) return false;
  if (at + 10 === end) return true;
  const c = text.charCodeAt(at + 10);
  if (c === 32 || (c >= 9 && c <= 13) || c === 58 || c === 44 || c === 46 || c === 59 || c === 41 || c === 93 || c === 45 || c === 0x2014 || c === 0x2013) return true;
  return c > 127 && WHITESPACE.test(text[at + 10]!);
}

function addLogEntry(out: ParsedNote, lines: LineIndex, kind: 'item' | 'heading', date: string, offset: number, rest: string): number | undefined {
  const range = lines.range(offset, offset + date.length);
  if (!isRealDate(date)) {
    if (looksLikeDate(date)) {
      out.problems.push({ code: 'invalid-date', message: `'${date}' is not a real calendar date.`, range, data: { value: date } });
    }
    return undefined;
  }
  const text = logText(rest);
  // `date` is shared already (isoDateAt).
  return out.logEntries.push({ kind, date, line: range.start.line, range, text, links: [] }) - 1;
}

/** End of the line at `pos`; `lfOnly`: the text (from there on) has no carriage return. */
function lineEndFrom(text: string, pos: number, lfOnly: boolean): number {
  if (lfOnly) {
    const nl = text.indexOf('\n', pos);
    return nl < 0 ? text.length : nl;
  }
  let i = pos;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

/**
 * A log entry's words: `rest` without the white space, colons and dashes that lead it and the
 * white space that ends it (`rest.replace(/^[\s:—–-]+/, '').trim()`), as a slice of it rather
 * than two new strings; plain ASCII is told apart without a pattern.
 */
function logText(rest: string): string {
  let s = 0;
  let e = rest.length;
  for (; s < e; s++) {
    const c = rest.charCodeAt(s);
    if (c === 58 || c === 45 || c === 32 || (c >= 9 && c <= 13)) continue; // : - space \t-\r
    if (c > 32 && c < 127) break;
    if (c === 0x2014 || c === 0x2013 || WHITESPACE.test(rest[s]!)) continue; // — – or other white space
    break;
  }
  for (; e > s; e--) {
    const c = rest.charCodeAt(e - 1);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if ((c > 32 && c < 127) || !WHITESPACE.test(rest[e - 1]!)) break;
  }
  return s === 0 && e === rest.length ? rest : rest.slice(s, e);
}
const WHITESPACE = /\s/;

function trimEnd(text: string, end: number): number {
  let e = end;
  for (;;) {
    if (e <= 0) return e;
    const c = text.charCodeAt(e - 1);
    // Printable ASCII is never white space; anything else asks the regex (\s is Unicode-aware).
    if (c > 32 && c < 127) return e;
    if (!WHITESPACE.test(text[e - 1]!)) return e;
    e--;
  }
}

function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

/** Splits `target#anchor|alias`; undefined for an empty target. */
export function splitWikilink(inner: string): { target: string; targetOffset: number; anchor?: string; alias?: string } | undefined {
  let rest = inner;
  let alias: string | undefined;
  const bar = rest.indexOf('|');
  if (bar >= 0) {
    alias = rest.slice(bar + 1).trim();
    // `[[Jane Smith\|Jane]]`: Obsidian's escaped bar, for a wikilink inside a table cell.
    rest = rest.slice(0, rest.charCodeAt(bar - 1) === 92 /* \ */ ? bar - 1 : bar);
  }
  let anchor: string | undefined;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    anchor = rest.slice(hash + 1).trim();
    rest = rest.slice(0, hash);
  }
  const lead = rest.length - rest.trimStart().length;
  const target = rest.trim();
  if (!target && anchor === undefined) return undefined;
  if (anchor === undefined) return alias === undefined ? { target, targetOffset: lead } : { target, targetOffset: lead, alias };
  return alias === undefined ? { target, targetOffset: lead, anchor } : { target, targetOffset: lead, anchor, alias };
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const MD_EXT = /\.md$/i;

export function isRelativeMd(url: string): boolean {
  if (URL_SCHEME.test(url) || url.startsWith('/') || url.startsWith('#')) return false;
  const hash = url.indexOf('#');
  const path = hash >= 0 ? url.slice(0, hash) : url;
  return MD_EXT.test(safeDecode(path));
}

function safeDecode(s: string): string {
  if (!s.includes('%')) return s; // nothing to decode (and nothing that could throw)
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Finds wikilinks inside frontmatter values (`organization: "[[Riverside]]"`) and plain names. */
export function extractFrontmatterLinks(text: string, lines: LineIndex, out: ParsedNote): void {
  for (const f of out.frontmatter.fields) {
    if (f.items) for (const item of f.items) frontmatterValueLinks(text, lines, out, f.key, item.value, item.range);
    else frontmatterValueLinks(text, lines, out, f.key, f.value, f.valueRange);
  }
}

function frontmatterValueLinks(text: string, lines: LineIndex, out: ParsedNote, key: string, value: PlainValue, range: Range): void {
  if (typeof value !== 'string') return;
  const s = lines.offsetAt(range.start);
  const e = lines.offsetAt(range.end);
  const src = text.slice(s, e);
  let found = false;
  // A quoted value with YAML escapes (`\"`, `\u0027`, `''`) means its decoded text, not its
  // source: then the links are read from the value, and placed on the source's matching link.
  const escaped = src.includes('\\') || src.includes("''");
  if (escaped ? value.includes('[[') : src.includes('[[')) {
    const re = FIELD_WIKILINK;
    const scanned = escaped ? value : src;
    // Source links, paired with the value's by order when both hold as many.
    let raws: RegExpMatchArray[] | undefined;
    if (escaped) {
      re.lastIndex = 0;
      raws = [...src.matchAll(FIELD_WIKILINK)];
      if (raws.length !== [...scanned.matchAll(FIELD_WIKILINK)].length) raws = undefined;
    }
    re.lastIndex = 0;
    for (let m = re.exec(scanned), i = 0; m; m = re.exec(scanned), i++) {
      const parsed = splitWikilink(m[2]!);
      if (!parsed) continue;
      found = true;
      let range: Range;
      let targetRange: Range;
      if (!escaped) {
        const ts = s + m.index + m[1]!.length + 2 + parsed.targetOffset;
        range = lines.range(s + m.index, s + m.index + m[0].length);
        targetRange = lines.range(ts, ts + parsed.target.length);
      } else {
        const raw = raws?.[i];
        const at = s + (raw?.index ?? 0);
        range = raw ? lines.range(at, at + raw[0].length) : lines.range(s, e);
        targetRange = raw ? lines.range(at + raw[1]!.length + 2, at + raw[0].length - 2) : range;
      }
      const { target, anchor, alias } = parsed;
      const embed = false;
      const field = key;
      const inOpenTask = false;
      const inQuote = false;
      // Literals, so the keys keep one order.
      if (anchor === undefined) {
        out.links.push(
          alias === undefined
            ? { kind: 'wiki', target, range, targetRange, embed, field, inOpenTask, inQuote }
            : { kind: 'wiki', target, alias, range, targetRange, embed, field, inOpenTask, inQuote },
        );
      } else {
        out.links.push(
          alias === undefined
            ? { kind: 'wiki', target, anchor, range, targetRange, embed, field, inOpenTask, inQuote }
            : { kind: 'wiki', target, anchor, alias, range, targetRange, embed, field, inOpenTask, inQuote },
        );
      }
    }
  }
  const spec = fieldSpec(key);
  if (!found && spec && (spec.kind === 'link' || spec.kind === 'links') && value.trim() !== '') {
    const target = value.trim();
    const lead = src.indexOf(target);
    const ts = lead >= 0 ? s + lead : s;
    out.links.push({
      kind: 'name',
      target,
      range: lines.range(s, e),
      targetRange: lines.range(ts, ts + (lead >= 0 ? target.length : e - s)),
      embed: false,
      field: key,
      inOpenTask: false,
      inQuote: false,
    });
  }
}

const FIELD_WIKILINK = /(!?)\[\[([^\[\]\r\n]+?)\]\]/g;
