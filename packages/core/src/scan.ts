import type { Problem } from './diagnostics.js';
import { parseFrontmatter, splitFrontmatter, type Frontmatter, type FrontmatterField, type FieldItem, type PlainValue } from './frontmatter.js';
import { assembleBody, deepLines, extractFrontmatterLinks, fitParsed, isRelativeMd, maskedBody, parseNote, type BodyFacts, type ParsedNote } from './parse.js';
import { intern, LineIndex } from './text.js';

/**
 * Version of everything that turns a note's text into a ParsedNote (both parsers). Caches key
 * their entries by it: bump it whenever parse.ts, scan.ts, frontmatter.ts or tasks.ts change
 * what they produce.
 */
export const PARSER_VERSION = 'rapport-parse-4';

/**
 * The bulk-load parser: a line scanner that gives the same ParsedNote as `parseNote` (the full
 * remark parse) for the Markdown and YAML that notes are made of, several times faster. It
 * recognises a deliberately small subset of CommonMark/GFM and of YAML; whenever a note uses
 * anything outside it (tables, HTML, indented code, setext headings, escapes, entities,
 * reference links, YAML comments or multi-line values, ...) it hands the note to `parseNote`.
 * So the result is always the full parser's; scan.test.ts proves the two equal on generated
 * networks and on edge cases.
 */
export function fastParseNote(text: string, lines: LineIndex = new LineIndex(text)): ParsedNote {
  return scanNote(text, lines) ?? parseNote(text, lines);
}

/** The fast path alone: the ParsedNote, or undefined when the note needs the full parser. */
export function scanNote(text: string, lines: LineIndex = new LineIndex(text)): ParsedNote | undefined {
  try {
    const problems: Problem[] = [];
    const frontmatter = scanFrontmatter(text, lines, problems);
    if (!frontmatter) return undefined;
    // The body is read from the frontmatter's end, so the text itself serves (the full parser
    // blanks the frontmatter instead, which reads the same from there on); a BOM with no
    // frontmatter is blanked as the full parser does.
    const from = frontmatter.end;
    const body = from === 0 && text.charCodeAt(0) === 0xfeff ? maskedBody(text, frontmatter) : text;
    // Lines nested too deep are blanked and reported by the full parser: hand the note over.
    if (deepLines(body, from).length > 0) return undefined;
    const facts = scanBody(body, from);
    if (!facts) return undefined;
    const out: ParsedNote = { frontmatter, links: [], tasks: [], logEntries: [], sections: [], problems, bodyLine: 0 };
    assembleBody(body, lines, out, facts, from);
    extractFrontmatterLinks(text, lines, out);
    return fitParsed(out);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Frontmatter: `key: value` lines with plain, quoted and flow-list values, and block lists.

const BAD_PLAIN_START = /^[-?:,\[\]{}#&*!|>'"%@`~.+0-9]/;
const NUMBERISH = /^[-+.~0-9]/;
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/;
const NULLS = new Set(['null', 'Null', 'NULL', '~']);
// A Map, not an object literal: `constructor` or `__proto__` must not read as a known word.
const BOOLS = new Map<string, boolean>([['true', true], ['True', true], ['TRUE', true], ['false', false], ['False', false], ['FALSE', false]]);

function scanFrontmatter(text: string, lines: LineIndex, problems: Problem[]): Frontmatter | undefined {
  const block = splitFrontmatter(text);
  if (!block || !block.closed || (block.lang !== '' && block.lang !== 'yaml' && block.lang !== 'yml')) {
    // No YAML is read in these cases: the full reader is already cheap.
    return parseFrontmatter(text, lines, problems);
  }
  // A carriage return alone is no line break to the YAML reader: leave such notes to it.
  for (let cr = text.indexOf('\r', block.contentStart); cr >= 0 && cr < block.contentEnd; cr = text.indexOf('\r', cr + 1)) {
    if (text.charCodeAt(cr + 1) !== 10) return undefined;
  }
  const fields = scanYamlFields(text, block.contentStart, block.contentEnd, lines);
  if (!fields) return undefined;
  return { present: true, start: block.start, end: block.end, contentStart: block.contentStart, contentEnd: block.contentEnd, fields };
}

/**
 * The lines of text[from, to) as a flat list: for line r, its start at [3r], its end (before the
 * line break) at [3r + 1], the next line's start at [3r + 2]. One list of numbers per scan, not
 * an object per line (a 10,000-note load has ~400,000 lines: their objects were garbage the
 * collector had to make room for).
 */
function splitLines(text: string, from: number, to: number): number[] {
  const out: number[] = [];
  let pos = from;
  // Without a carriage return in the range, line ends are found by the native search.
  const cr = text.indexOf('\r', from);
  const lfOnly = cr < 0 || cr >= to;
  while (pos < to) {
    let e: number;
    if (lfOnly) {
      e = text.indexOf('\n', pos);
      if (e < 0 || e > to) e = to;
    } else {
      e = pos;
      while (e < to && text.charCodeAt(e) !== 10 && text.charCodeAt(e) !== 13) e++;
    }
    let next = e;
    if (text.charCodeAt(next) === 13) next++;
    if (text.charCodeAt(next) === 10) next++;
    if (next === e) next = e + 1;
    out.push(pos, e, Math.min(next, to));
    pos = next;
  }
  return out;
}

/** What `scalar` answers for text outside the subset. */
const NOT_SCALAR = Symbol('not a scalar');
const QUOTED_BAD = /[\t\r\n\\]/;
const PLAIN_BAD = /[\t#\\]|:(?: |$)/;
const FLOW_BAD = /[,\[\]{}]/;
const ISO_DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER_WORDS = /^[0-9]+(?: +[A-Za-z][A-Za-z ]*|[a-z]+)$/;

/** A plain or quoted scalar occupying text[s, e) exactly; NOT_SCALAR when out of the subset. */
function scalar(text: string, s: number, e: number, inFlow: boolean): PlainValue | typeof NOT_SCALAR {
  if (e <= s) return NOT_SCALAR;
  const c = text.charCodeAt(s);
  if (c === 34 /* " */ || c === 39 /* ' */) {
    if (e - s < 2 || text.charCodeAt(e - 1) !== c) return NOT_SCALAR;
    const inner = text.slice(s + 1, e - 1);
    if (inner.includes(c === 34 ? '"' : "'") || QUOTED_BAD.test(inner)) return NOT_SCALAR;
    return intern(inner);
  }
  const src = text.slice(s, e);
  if (PLAIN_BAD.test(src) || (inFlow && FLOW_BAD.test(src))) return NOT_SCALAR;
  if (NULLS.has(src)) return null;
  const b = BOOLS.get(src);
  if (b !== undefined) return b;
  if (NUMBERISH.test(src)) {
    if (SIMPLE_INT.test(src)) return Number(src);
    // Calendar dates are strings in the core schema; any other number-like text goes to the full reader.
    if (!ISO_DATE_TEXT.test(src) && !NUMBER_WORDS.test(src)) return NOT_SCALAR;
    return intern(src);
  }
  if (BAD_PLAIN_START.test(src)) return NOT_SCALAR;
  return intern(src);
}

function trimRight(text: string, s: number, e: number): number {
  while (e > s && text.charCodeAt(e - 1) === 32) e--;
  return e;
}

const BLOCK_ITEM = /^( *)- +(\S.*)$/;
const NON_SPACE = /\S/;
const CONTINUED = /^[ \t]+\S/;

/**
 * End of the key when the line text[s, e) starts as `^([A-Za-z_][A-Za-z0-9_-]*):(?=[ ]|$)` says
 * (`key:` then a space or the line's end), else -1.
 */
function keyAt(text: string, s: number, e: number): number {
  let c = text.charCodeAt(s);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return -1;
  let k = s + 1;
  for (; k < e; k++) {
    c = text.charCodeAt(k);
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45)) break;
  }
  if (k >= e || text.charCodeAt(k) !== 58 /* : */) return -1;
  if (k + 1 < e && text.charCodeAt(k + 1) !== 32) return -1;
  return k;
}

/** Whether text[s, e) holds only spaces (or nothing). */
function spacesOnly(text: string, s: number, e: number): boolean {
  while (s < e && text.charCodeAt(s) === 32) s++;
  return s === e;
}

function scanYamlFields(text: string, from: number, to: number, lines: LineIndex): FrontmatterField[] | undefined {
  const rows = splitLines(text, from, to);
  const count = rows.length / 3;
  if (text.slice(from, to).trim() === '') return [];
  const fields: FrontmatterField[] = [];
  const seen = new Set<string>();
  let tabAt = text.indexOf('\t', from);
  let i = 0;
  while (i < count) {
    const rowStart = rows[3 * i]!;
    const rowEnd = rows[3 * i + 1]!;
    if (spacesOnly(text, rowStart, rowEnd)) {
      i++;
      continue;
    }
    // A line of other white space is out of the subset, and so is any line that is not `key:`.
    const keyEnd = keyAt(text, rowStart, rowEnd);
    if (keyEnd < 0) return undefined;
    const key = intern(text.slice(rowStart, keyEnd));
    if (key === '__proto__') return undefined;
    if (fields.length < 16) {
      for (const f of fields) if (f.key === key) return undefined;
    } else {
      if (seen.size === 0) for (const f of fields) seen.add(f.key);
      if (seen.has(key)) return undefined;
      seen.add(key);
    }
    const keyRange = lines.range(rowStart, keyEnd);
    let vs = keyEnd + 1;
    while (vs < rowEnd && text.charCodeAt(vs) === 32) vs++;
    const ve = trimRight(text, vs, rowEnd);
    // No tab on a key's line (the next tab is looked for from here on: linear in all).
    if (tabAt >= 0 && tabAt < rowStart) tabAt = text.indexOf('\t', rowStart);
    if (tabAt >= 0 && tabAt < rowEnd) return undefined;
    if (vs === ve) {
      // Empty value: null, or a block list on the following lines.
      const items: FieldItem[] = [];
      const values: PlainValue[] = [];
      let j = i + 1;
      let indent = -1;
      let seqEnd = 0;
      while (j < count) {
        const rStart = rows[3 * j]!;
        const rEnd = rows[3 * j + 1]!;
        const l = text.slice(rStart, rEnd);
        const im = BLOCK_ITEM.exec(l);
        if (!im) break;
        const lead = im[1]!.length;
        if (indent < 0) indent = lead;
        else if (lead !== indent) return undefined;
        const is = rStart + lead + l.slice(lead + 1).search(NON_SPACE) + 1;
        const ie = trimRight(text, is, rEnd);
        const value = scalar(text, is, ie, false);
        if (value === NOT_SCALAR) return undefined;
        items.push({ value, range: lines.range(is, ie) });
        values.push(value);
        seqEnd = rows[3 * j + 2]!;
        j++;
      }
      if (items.length === 0) {
        if (j < count && text.charCodeAt(rows[3 * j]!) === 32 && rows[3 * j]! < rows[3 * j + 1]!) return undefined;
        fields.push({ key, value: null, keyRange, valueRange: lines.range(rowEnd, rowEnd) });
        i++;
        continue;
      }
      // A blank or odd line right after the list could change where YAML ends it: leave that to the full reader.
      if (j < count && keyAt(text, rows[3 * j]!, rows[3 * j + 1]!) < 0) return undefined;
      if (j === count && seqEnd !== to) return undefined;
      const seqStart = rows[3 * (i + 1)]! + indent;
      fields.push({ key, value: values, keyRange, valueRange: lines.range(seqStart, seqEnd), items });
      i = j;
      continue;
    }
    // The value must not continue on the next line.
    if (i + 1 < count) {
      const nextStart = rows[3 * (i + 1)]!;
      const nextEnd = rows[3 * (i + 1) + 1]!;
      const c0 = text.charCodeAt(nextStart);
      if (nextStart < nextEnd && (c0 === 32 || c0 === 9) && CONTINUED.test(text.slice(nextStart, nextEnd))) return undefined;
    }
    if (text.charCodeAt(vs) === 91 /* [ */) {
      if (text.charCodeAt(ve - 1) !== 93 /* ] */) return undefined;
      const items: FieldItem[] = [];
      const values: PlainValue[] = [];
      const inner = text.slice(vs + 1, ve - 1);
      if (inner.trim() !== '') {
        let p = vs + 1;
        for (const part of inner.split(',')) {
          const lead = part.length - part.trimStart().length;
          const s = p + lead;
          const e = trimRight(text, s, p + part.length);
          if (s === e) return undefined;
          const value = scalar(text, s, e, true);
          if (value === NOT_SCALAR) return undefined;
          items.push({ value, range: lines.range(s, e) });
          values.push(value);
          p += part.length + 1;
        }
      }
      fields.push({ key, value: values, keyRange, valueRange: lines.range(vs, ve), items });
      i++;
      continue;
    }
    const value = scalar(text, vs, ve, false);
    if (value === NOT_SCALAR) return undefined;
    fields.push({ key, value, keyRange, valueRange: lines.range(vs, ve) });
    i++;
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------
// Body: a line scanner for headings, list items (tasks), block quotes, fenced code, inline code
// and inline links. Anything else makes it give up.

const ATX_RE = /^(#{1,6})(?: +|$)/;
const FENCE_RE = /^(`{3,}|~{3,})(.*)$/;
const THEMATIC_RE = /^([-*_])(?: *\1){2,} *$/;
const SETEXT_RE = /^(?:=+|-+) *$/;
const DEF_RE = /^\[[^\]]*\]:/;
/** A line that may hold a definition after container markers (quotes, list markers, indentation). */
const DEF_ANYWHERE = /^[ >*+\-.)0-9]*\[[^\]\r\n]*\]:/gm;
const TABLE_DELIM_RE = /^\|?[ :|-]*-[ :|-]*$/;
// The URL: a relative path, or an absolute URL of the usual characters (web, mailto:): a web link
// (a LinkedIn profile) is in many notes, and made them all go to the full parser, ~4 s per MB.
const SIMPLE_LINK = /^\[([^\[\]`*_~\\<>&!]*)\]\(([A-Za-z0-9._~\/#%:?=&+@-]+)\)/;

const DELIM_CELL = /^ *:?-+:? *$/;
const TITLE_ODD = /[*_~`\\<&!]/;
const TITLE_REFS = /\]\[|\[\^/;
const TITLE_LINK = /\[([^\[\]]*)\]\([^()\s]+\)/g;
const CHECKBOX = /^\[([ xX])\]/;
const HTML_START = /<[A-Za-z\/!?]/;
const ENTITY = /&#?[A-Za-z0-9]+;/;
const BAD_PERCENT = /%(?![0-9A-Fa-f]{2})/;
/** Shared by inline runs without code spans (never written to). */
const NO_CODE: readonly { start: number; end: number }[] = Object.freeze([]) as readonly never[];

interface OpenItem {
  contentCol: number;
  fact: BodyFacts['items'][number];
}

const GIVE_UP = Symbol('give up');

function scanBody(body: string, from: number): BodyFacts | undefined {
  try {
    return scanBodyOrThrow(body, from);
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}

function giveUp(): never {
  throw GIVE_UP;
}

/**
 * A table row's cells (GFM): split at every pipe (the scanner gives up on backslashes, so none
 * is escaped), without the optional leading and trailing pipe; offsets are into `row`.
 */
function splitCells(row: string): { start: number; text: string }[] {
  let s = 0;
  let e = row.length;
  while (e > s && row.charCodeAt(e - 1) === 32) e--;
  if (row.charCodeAt(s) === 124 /* | */) s++;
  if (e > s && row.charCodeAt(e - 1) === 124) e--;
  const out: { start: number; text: string }[] = [];
  let at = s;
  for (let i = s; i <= e; i++) {
    if (i === e || row.charCodeAt(i) === 124) {
      out.push({ start: at, text: row.slice(at, i) });
      at = i + 1;
    }
  }
  return out;
}

/** Whether a line (from its first non-space) would open a block other than a paragraph. */
function opensBlock(s: string, paraOpen: boolean): boolean {
  if (s === '') return false;
  const c = s[0]!;
  if (c === '#' && ATX_RE.test(s)) return true;
  if (c === '>' || c === '<') return true;
  if ((c === '`' || c === '~') && FENCE_RE.test(s)) return true;
  if (listMarker(s)) {
    if (marker.ordered && paraOpen && !marker.one) giveUp();
    return true;
  }
  return mayRule(s.charCodeAt(0)) && (THEMATIC_RE.test(s) || SETEXT_RE.test(s));
}

/**
 * A list marker as `^(?:([-*+])|([0-9]{1,9})([.)]))( +|$)` reads it, without a match object: the last
 * successful `listMarker` call's marker (written there; the scanner is synchronous).
 */
const marker = { ordered: false, one: false, length: 0, spaces: 0 };

/** Whether a line (from its first non-space) starts with a list marker; its parts in `marker`. */
function listMarker(s: string): boolean {
  const c = s.charCodeAt(0);
  let n: number;
  let ordered = false;
  if (c === 45 || c === 42 || c === 43) n = 1; // - * +
  else {
    n = 0;
    while (n < 9 && s.charCodeAt(n) >= 48 && s.charCodeAt(n) <= 57) n++;
    if (n === 0) return false;
    const d = s.charCodeAt(n);
    if (d !== 46 && d !== 41) return false; // . )
    ordered = true;
    n++;
  }
  let sp = n;
  while (s.charCodeAt(sp) === 32) sp++;
  if (sp === n && n < s.length) return false; // ( +|$)
  marker.ordered = ordered;
  marker.one = ordered && n === 2 && c === 49;
  marker.length = n;
  marker.spaces = sp - n;
  return true;
}

// First characters the line regexes need: lines starting otherwise skip them.
/** `-`, `*`, `_` (THEMATIC_RE) or `=` (SETEXT_RE). */
function mayRule(c: number): boolean {
  return c === 45 || c === 42 || c === 95 || c === 61;
}

/** Whether offset `at` lies in one of the code spans. */
function inCode(code: readonly { start: number; end: number }[], at: number): boolean {
  for (let i = 0; i < code.length; i++) if (code[i]!.start <= at && at < code[i]!.end) return true;
  return false;
}

function scanBodyOrThrow(body: string, from: number): BodyFacts {
  const facts: BodyFacts = { excluded: [], quotes: [], items: [], headings: [], mdLinks: [] };
  const stack: OpenItem[] = [];
  let para = false;
  let quote: { start: number; end: number } | undefined;
  let fence: { char: string; len: number; start: number; depth: number; base: number } | undefined;

  const touch = (end: number) => {
    for (const it of stack) it.fact.end = end;
  };

  // GFM tables: a one-line paragraph at the top level (its line, and how many facts its inline
  // scan added) may turn out to be a table's header row when the next line is a delimiter row.
  let header: { row: number; ls: number; le: number; ind: number; excluded: number; mdLinks: number } | undefined;
  let table = false;

  // A tab on any line makes the scanner give up (column arithmetic is left to the full parser).
  if (body.includes('\t', from)) giveUp();
  // A link reference definition, at the top level or inside a quote or a list item, can make a
  // `[label]` anywhere a link: such notes are left to the full parser.
  if (body.includes(']:', from)) {
    DEF_ANYWHERE.lastIndex = from;
    if (DEF_ANYWHERE.test(body)) giveUp();
  }
  const rows = splitLines(body, from, body.length);
  const count = rows.length / 3;
  for (let r = 0; r < count; r++) {
    const ls = rows[3 * r]!;
    const le = rows[3 * r + 1]!;
    const line = body.slice(ls, le);
    let ind = 0;
    while (ind < line.length && line.charCodeAt(ind) === 32) ind++;
    const blank = ind === line.length;

    if (fence) {
      if (blank) continue;
      if (fence.depth > 0 && ind < stack[fence.depth - 1]!.contentCol) giveUp();
      const rel = ind - fence.base;
      const rest = line.slice(ind);
      if (rel <= 3 && rest[0] === fence.char) {
        let n = 0;
        while (rest[n] === fence.char) n++;
        if (n >= fence.len && rest.slice(n).trim() === '') {
          facts.excluded.push({ start: fence.start, end: le });
          touch(le);
          fence = undefined;
        }
      }
      continue;
    }

    if (blank) {
      para = false;
      table = false;
      if (quote) {
        facts.quotes.push(quote);
        quote = undefined;
      }
      continue;
    }

    const trimmed = line.slice(ind);
    if (table) {
      if (!opensBlock(trimmed, false)) {
        // A body row: each cell is inline content of its own (a pipe ends a cell even inside
        // a code span or a link, so those are read cell by cell).
        if (ind >= 4 || !trimmed.includes('|')) giveUp();
        cells(ls + ind, le);
        continue;
      }
      table = false;
      para = false;
    }
    if (trimmed.includes('|') && TABLE_DELIM_RE.test(trimmed)) {
      // A delimiter row makes the one-line paragraph above it a table's header (GFM), when the
      // cell counts match; anything less plain is left to the full parser.
      const h = header;
      if (!h || h.row !== r - 1 || !para || quote || stack.length > 0 || ind >= 4) giveUp();
      const delim = splitCells(trimmed);
      if (!delim.every((c) => DELIM_CELL.test(c.text)) || splitCells(body.slice(h.ls + h.ind, h.le)).length !== delim.length) giveUp();
      facts.excluded.length = h.excluded;
      facts.mdLinks.length = h.mdLinks;
      cells(h.ls + h.ind, h.le);
      header = undefined;
      table = true;
      para = false;
      continue;
    }
    if (trimmed.charCodeAt(0) === 91 /* [ */ && DEF_RE.test(trimmed)) giveUp();

    if (quote) {
      if (ind <= 3 && trimmed[0] === '>') {
        quoteLine(ls + ind, le);
        continue;
      }
      if (para && !opensBlock(trimmed, false)) {
        quote.end = le;
        inline(ls + ind, le);
        continue;
      }
      facts.quotes.push(quote);
      quote = undefined;
      para = false;
    }

    let k = 0;
    while (k < stack.length && ind >= stack[k]!.contentCol) k++;
    if (k < stack.length) {
      // Not every container matched, so a list item here does not interrupt the paragraph (any
      // number may start it); anything else that opens no block continues the paragraph lazily.
      if (para && !opensBlock(trimmed, false)) {
        // Lazy continuation of the open paragraph.
        if (ind - (stack.length > 0 ? stack[stack.length - 1]!.contentCol : 0) >= 4) giveUp();
        touch(le);
        inline(ls + ind, le);
        continue;
      }
      stack.length = k;
      para = false;
    }
    const base = k > 0 ? stack[k - 1]!.contentCol : 0;
    const rel = ind - base;
    if (rel >= 4) {
      if (!para) giveUp(); // indented code
      touch(le);
      inline(ls + ind, le);
      continue;
    }

    const c = trimmed[0]!;
    if (listMarker(trimmed)) {
      if (marker.ordered && para && !marker.one) giveUp();
      const markerLen = marker.length;
      const spaces = marker.spaces;
      if (spaces === 0 || spaces > 4 || ind + markerLen + spaces >= line.length) giveUp(); // empty item or indented code
      const contentCol = ind + markerLen + spaces;
      const content = line.slice(contentCol);
      let firstStart = ls + contentCol;
      let checked: boolean | null = null;
      const tm = content.charCodeAt(0) === 91 /* [ */ ? CHECKBOX.exec(content) : null;
      if (tm && (content.length === 3 || content[3] === ' ')) {
        const after = content.slice(4);
        if (content.length === 3 || after.trim() === '') giveUp();
        checked = tm[1] !== ' ';
        firstStart = ls + contentCol + 4;
        if (opensBlock(after.trimStart(), false)) giveUp();
      } else if (opensBlock(content, false)) giveUp();
      if (mayRule(trimmed.charCodeAt(0)) && THEMATIC_RE.test(trimmed)) giveUp();
      const fact = { start: ls + ind, end: le, checked, firstStart };
      facts.items.push(fact);
      stack.push({ contentCol, fact });
      touch(le);
      para = true;
      inline(ls + contentCol, le);
      continue;
    }
    const hm = c === '#' ? ATX_RE.exec(trimmed) : null;
    if (hm) {
      if (k > 0 || stack.length > 0) giveUp();
      const depth = hm[1]!.length;
      const cs = ls + ind + hm[0].length;
      const te = trimRight(body, cs, le);
      if (te <= cs || body.charCodeAt(te - 1) === 35 /* # */) giveUp();
      const title = body.slice(cs, te);
      if (TITLE_ODD.test(title) || TITLE_REFS.test(title)) giveUp();
      const linksBefore = facts.mdLinks.length;
      inline(cs, te);
      let text = title;
      if (title.includes('](')) {
        // Links show their text (plainText); only simple ones get here.
        text = title.replace(TITLE_LINK, '$1');
        void linksBefore;
      }
      facts.headings.push({ depth, start: ls + ind, end: le, contentStart: cs, textEnd: te, text });
      para = false;
      continue;
    }
    if ((c === '`' || c === '~') && FENCE_RE.test(trimmed)) {
      const fm = FENCE_RE.exec(trimmed)!;
      if (c === '`' && fm[2]!.includes('`')) giveUp();
      fence = { char: c, len: fm[1]!.length, start: ls + ind, depth: k, base };
      para = false;
      continue;
    }
    if (c === '>') {
      if (k > 0 || stack.length > 0) giveUp();
      quote = { start: ls + ind, end: le };
      quoteLine(ls + ind, le);
      continue;
    }
    if (c === '<' || (mayRule(trimmed.charCodeAt(0)) && (THEMATIC_RE.test(trimmed) || SETEXT_RE.test(trimmed)))) giveUp();
    // A paragraph line.
    if (!para && stack.length === 0 && !quote && trimmed.includes('|')) {
      header = { row: r, ls, le, ind, excluded: facts.excluded.length, mdLinks: facts.mdLinks.length };
    }
    para = true;
    touch(le);
    inline(ls + ind, le);
  }
  if (fence) giveUp();
  if (quote) facts.quotes.push(quote);

  /**
   * A quoted line from its `>` at `at` to `le`. (Declared here, not in the loop: a function
   * declared in the loop's body is a new closure, with a new context, on every line.)
   */
  function quoteLine(at: number, le: number): void {
    // `>` then an optional space, then simple paragraph text.
    let s = at + 1;
    if (body.charCodeAt(s) === 32) s++;
    const rest = body.slice(s, le);
    if (rest.trim() === '' || rest.charCodeAt(0) === 32 || opensBlock(rest, para)) giveUp();
    quote!.end = le;
    para = true;
    inline(s, le);
  }

  /** The cells of a table row from `from` (its first non-space) to `to`, each read as inline content. */
  function cells(from: number, to: number): void {
    for (const c of splitCells(body.slice(from, to))) inline(from + c.start, from + c.start + c.text.length);
  }

  function inline(from: number, to: number): void {
    const s = body.slice(from, to);
    if (s.includes('\\') || (s.includes('<') && HTML_START.test(s)) || (s.includes('&') && ENTITY.test(s)) || s.includes('[^')) giveUp();
    let i = s.indexOf('`');
    const code: { start: number; end: number }[] = i < 0 ? (NO_CODE as { start: number; end: number }[]) : [];
    while (i >= 0) {
      let n = 1;
      while (s[i + n] === '`') n++;
      // Find the closing run of exactly n backticks on this line.
      let j = s.indexOf('`', i + n);
      let close = -1;
      while (j >= 0) {
        let m = 1;
        while (s[j + m] === '`') m++;
        if (m === n) {
          close = j;
          break;
        }
        j = s.indexOf('`', j + m);
      }
      if (close < 0) giveUp();
      code.push({ start: from + i, end: from + close + n });
      i = s.indexOf('`', close + n);
    }
    for (const c of code) facts.excluded.push(c);
    for (let p = s.indexOf('!['); p >= 0; p = s.indexOf('![', p + 1)) {
      if (s[p + 2] !== '[' && !inCode(code, from + p)) giveUp();
    }
    for (let p = s.indexOf(']('); p >= 0; p = s.indexOf('](', p + 1)) {
      if (inCode(code, from + p)) continue;
      const open = s.lastIndexOf('[', p);
      if (open < 0) giveUp();
      const prev = open > 0 ? s[open - 1] : '';
      if (prev === '[' || prev === ']' || prev === '!' || inCode(code, from + open)) giveUp();
      const m = SIMPLE_LINK.exec(s.slice(open));
      if (!m || m[1]!.length !== p - open - 1) giveUp();
      const url = m[2]!;
      if (url.includes('%') && BAD_PERCENT.test(url)) giveUp();
      const end = open + m[0].length;
      if (code.some((x) => x.start < from + end && from + open < x.end)) giveUp();
      if (isRelativeMd(url)) facts.mdLinks.push({ url, text: m[1]!, start: from + open, end: from + end });
    }
  }
  return facts;
}
