/** Positions are 0-based lines and UTF-16 columns, as in most editors; ranges are half-open. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Maps offsets in a text to line/column positions and back. */
export class LineIndex {
  /** Offset of the first character of each line. */
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // Line feeds only (most notes): the native search is several times faster than a loop.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    // An exact copy: a list grown by push keeps spare room, and every note keeps its index.
    this.lineStarts = starts.slice();
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The line of the last look-up: parsers ask for positions mostly in order. */
  private hint = 0;

  /** The line holding an offset (already clamped to the text). */
  private lineOf(o: number): number {
    const starts = this.lineStarts;
    const n = starts.length;
    const h = this.hint;
    if (starts[h]! <= o) {
      // On the hinted line, or on one of the next two.
      if (h + 1 === n || o < starts[h + 1]!) return h;
      if (h + 2 === n || o < starts[h + 2]!) return (this.hint = h + 1);
      if (h + 3 === n || o < starts[h + 3]!) return (this.hint = h + 2);
    }
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return lo;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    return position(line, o - this.lineStarts[line]!);
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line]!;
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }

  range(start: number, end: number): Range {
    const s = Math.max(0, Math.min(start, this.text.length));
    const e = Math.max(0, Math.min(end, this.text.length));
    const starts = this.lineStarts;
    const line = this.lineOf(s);
    // Most ranges end on the line they start on, or a few lines below: look there before
    // searching the whole index again.
    let endLine = line;
    if (e >= s) {
      const limit = Math.min(starts.length - 1, line + 8);
      while (endLine < limit && starts[endLine + 1]! <= e) endLine++;
      if (endLine === limit && endLine + 1 < starts.length && starts[endLine + 1]! <= e) endLine = this.lineOf(e);
    } else endLine = this.lineOf(e);
    return makeRange(line, s - starts[line]!, endLine, e - starts[endLine]!);
  }

  /** Offset just past the last character of a line, before its line break. */
  lineEnd(line: number): number {
    const next = this.lineStarts[line + 1];
    if (next === undefined) return this.text.length;
    let e = next;
    if (this.text.charCodeAt(e - 1) === 10) e--;
    if (this.text.charCodeAt(e - 1) === 13) e--;
    return e;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line] ?? this.text.length, this.lineEnd(line));
  }
}

/**
 * Positions are values: the small ones (most of every note's) are made once and shared, frozen,
 * by every range that has them. A parsed workspace holds about a million positions; sharing
 * them spares the memory and the garbage collector's copying of as many objects.
 */
const SHARED_LINES = 1024;
const SHARED_COLUMNS = 256;
/** Shared positions by line, then column (small arrays: they stay in V8's fast mode). */
const shared: (Position | undefined)[][] = [];

/** The position `{ line, character }`: a shared frozen one when it is small. */
export function position(line: number, character: number): Position {
  if ((line | 0) === line && (character | 0) === character && line >= 0 && line < SHARED_LINES && character >= 0 && character < SHARED_COLUMNS) {
    let row = shared[line];
    if (row === undefined) {
      while (shared.length < line) shared.push([]);
      row = [];
      shared[line] = row;
    }
    let p = row[character];
    if (p === undefined) {
      while (row.length < character) row.push(undefined);
      p = Object.freeze({ line, character });
      row[character] = p;
    }
    return p;
  }
  return { line, character };
}

/**
 * Ranges are values too, and they repeat even more across notes than positions do: notes share
 * their layout (`type` on line 1, `name` on line 2, the same headings), so the ~440,000 ranges
 * of a parsed 10,000-note workspace are ~25,000 distinct ones. Small ones are made once and
 * shared, frozen (a range on one line by line and columns; one over several lines by its start,
 * then its line count and end column). The table is bounded: past SHARED_RANGES_MAX entries new
 * ranges are plain objects again.
 */
const SHARED_RANGE_LINES = 4096;
const SHARED_RANGE_COLUMNS = 512;
const SHARED_RANGE_SPAN = 1024;
const SHARED_RANGES_MAX = 250_000;
/** Ranges within one line, by (line * 512 + start column) * 512 + end column. */
const sharedLineRanges = new Map<number, Range>();
/** Ranges over several lines, by start (line * 512 + column), then (line count * 512 + end column). */
const sharedSpanRanges = new Map<number, Map<number, Range>>();
let sharedRangeCount = 0;

/** The range from (line, character) to (endLine, endCharacter): a shared frozen one when it is small. */
export function makeRange(line: number, character: number, endLine: number, endCharacter: number): Range {
  if (
    (line | 0) === line && (character | 0) === character && (endLine | 0) === endLine && (endCharacter | 0) === endCharacter &&
    line >= 0 && line < SHARED_RANGE_LINES && character >= 0 && character < SHARED_RANGE_COLUMNS &&
    endLine >= line && endLine - line < SHARED_RANGE_SPAN && endCharacter >= 0 && endCharacter < SHARED_RANGE_COLUMNS
  ) {
    const startKey = line * SHARED_RANGE_COLUMNS + character;
    let table: Map<number, Range> | undefined;
    let key: number;
    if (endLine === line) {
      table = sharedLineRanges;
      key = startKey * SHARED_RANGE_COLUMNS + endCharacter;
    } else {
      table = sharedSpanRanges.get(startKey);
      key = (endLine - line) * SHARED_RANGE_COLUMNS + endCharacter;
      if (table === undefined && sharedRangeCount < SHARED_RANGES_MAX) sharedSpanRanges.set(startKey, (table = new Map()));
    }
    if (table !== undefined) {
      let r = table.get(key);
      if (r === undefined && sharedRangeCount < SHARED_RANGES_MAX) {
        r = Object.freeze({ start: position(line, character), end: position(endLine, endCharacter) });
        table.set(key, r);
        sharedRangeCount++;
      }
      if (r !== undefined) return r;
    }
  }
  return { start: position(line, character), end: position(endLine, endCharacter) };
}

export function rangeContains(r: Range, p: Position): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** The line break a text mostly uses, so edits keep the file's style. */
export function detectEol(text: string): '\n' | '\r\n' {
  const crlf = text.indexOf('\r\n');
  if (crlf < 0) return '\n';
  const lf = text.indexOf('\n');
  return lf === crlf + 1 ? '\r\n' : '\n';
}

/**
 * A copy of a string that shares no memory with a larger one. V8 makes a slice of 13 or more
 * characters a view into its parent string (a link target into its whole note): a table that
 * outlives the note must keep a copy, or it keeps every version of the note's text alive.
 */
export function detached(s: string): string {
  // Concatenation makes a new string; slicing it copies the characters out (a short string, as
  // any slice of fewer than 13 characters, is copied anyway).
  return s.length < 13 ? s : (` ${s}`).slice(1);
}

/** Unicode-normalised, case-folded key used for every name lookup. */
export function nameKey(s: string): string {
  // Printable ASCII with single inner spaces (most names) is already NFC and trimmed, and its
  // locale-aware lower case is the plain one: computed directly, which costs less than a look-up
  // in a large table (hashing a new string, probing a table of ~50,000 keys).
  if (SIMPLE_ASCII.test(s)) return s.toLowerCase();
  let k = nameKeys.get(s);
  if (k === undefined) {
    k = s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US');
    if (nameKeys.size >= 100_000) nameKeys.clear();
    k = detached(k);
    nameKeys.set(detached(s), k);
  }
  return k;
}

const SIMPLE_ASCII = /^[!-~]+(?: [!-~]+)*$/;

/** Other names: locale-aware lower-casing is not cheap, and names repeat in every link and every analysis. */
const nameKeys = new Map<string, string>();

/**
 * One string object per short value: a parsed workspace holds ~270,000 short strings (field
 * names, dates, headings, field values) of which ~18,000 are distinct. Strings of up to 12
 * characters only: V8 copies such slices out of their text anyway, where a longer slice would
 * point into (and keep alive) the whole note it came from. The table is bounded.
 */
export function intern(s: string): string {
  if (s.length > INTERN_MAX_LENGTH) return s;
  const known = interned.get(s);
  if (known !== undefined) return known;
  if (interned.size >= INTERNED_MAX) interned.clear();
  interned.set(s, s);
  return s;
}

const INTERN_MAX_LENGTH = 12;
const INTERNED_MAX = 100_000;
const interned = new Map<string, string>();

/** Whether `text` holds `YYYY-MM-DD` (ASCII digits) at `at`. */
export function isIsoDateShapeAt(text: string, at: number): boolean {
  return (
    at + 10 <= text.length && text.charCodeAt(at + 4) === 45 && text.charCodeAt(at + 7) === 45 &&
    isDigit(text.charCodeAt(at)) && isDigit(text.charCodeAt(at + 1)) && isDigit(text.charCodeAt(at + 2)) && isDigit(text.charCodeAt(at + 3)) &&
    isDigit(text.charCodeAt(at + 5)) && isDigit(text.charCodeAt(at + 6)) && isDigit(text.charCodeAt(at + 8)) && isDigit(text.charCodeAt(at + 9))
  );
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The date `YYYY-MM-DD` at `at` in `text` (the caller has checked its shape: isIsoDateShapeAt),
 * one shared string per date as `intern` gives: found by its number, so no slice is made and no
 * string hashed to find it (a 10,000-note load reads ~60,000 dates in logs and tasks). Bounded.
 */
export function isoDateAt(text: string, at: number): string {
  // YYYYMMDD as a number (below 2^31: a small integer key).
  let key = 0;
  for (let i = 0; i < 10; i++) if (i !== 4 && i !== 7) key = key * 10 + (text.charCodeAt(at + i) - 48);
  let s = isoDates.get(key);
  if (s === undefined) {
    if (isoDates.size >= INTERNED_MAX) isoDates.clear();
    s = text.slice(at, at + 10);
    isoDates.set(key, s);
  }
  return s;
}

const isoDates = new Map<number, string>();
