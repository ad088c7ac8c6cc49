import type { Problem } from './diagnostics.js';
import { isRealDate, looksLikeDate } from './dates.js';
import { intern, isIsoDateShapeAt, isoDateAt, type LineIndex, type Range } from './text.js';

export type TaskDateKind = 'due' | 'scheduled' | 'start' | 'created' | 'done' | 'cancelled';

export interface TaskDate {
  kind: TaskDateKind;
  /** ISO date as written (valid dates only). */
  value: string;
  /** Range of the date text. */
  range: Range;
  syntax: 'emoji' | 'dataview' | 'todotxt';
}

export interface TaskDates {
  due?: string;
  scheduled?: string;
  start?: string;
  created?: string;
  done?: string;
  cancelled?: string;
  /** Every date found, with its syntax and range (valid ones). */
  all: TaskDate[];
  /** `every 2 weeks` after 🔁 or in [repeat:: …]. */
  recurrence?: string;
}

const EMOJI: Record<string, TaskDateKind> = {
  '📅': 'due', '📆': 'due', '🗓': 'due', '🗓️': 'due',
  '⏳': 'scheduled', '⌛': 'scheduled',
  '🛫': 'start',
  '➕': 'created',
  '✅': 'done', '✔️': 'done',
  '❌': 'cancelled',
};

const DATAVIEW: Record<string, TaskDateKind> = {
  due: 'due', scheduled: 'scheduled', start: 'start', created: 'created', completion: 'done', done: 'done', cancelled: 'cancelled',
};

const EMOJI_RE = /(📅|📆|🗓️?|⏳|⌛|🛫|➕|✅|✔️|❌)\uFE0F?\s*(\S*)/gu;
// The value stops at any bracket and is trimmed in code: a lazy value followed by \s* made
// a long task line with many unclosed `[due::` take quadratic time (hardening).
const DATAVIEW_RE = /[\[(]\s*(due|scheduled|start|created|completion|done|cancelled|repeat)\s*::([^\[\]()]*)[\])]/giu;
const TODOTXT_RE = /(^|\s)(due):(\S+)/g;
const RECUR_RE = /🔁\uFE0F?\s*([^📅📆🗓⏳⌛🛫➕✅❌\[\n]*)/u;

/**
 * Reads the dates on a task line in the three syntaxes (Obsidian Tasks emoji, Dataview fields,
 * todo.txt `due:`). Date-shaped values that are not real dates, and non-dates after a date
 * marker, are reported as invalid-date with their exact range.
 */
export function parseTaskDates(raw: string, offset: number, lines: LineIndex, problems: Problem[]): TaskDates {
  const out: TaskDates = { all: [] };
  const take = (kind: TaskDateKind, value: string, at: number, syntax: TaskDate['syntax']) => {
    const range = lines.range(offset + at, offset + at + value.length);
    if (!isRealDate(value)) {
      problems.push({
        code: 'invalid-date',
        message: looksLikeDate(value)
          ? `'${value}' is not a real calendar date.`
          : `'${value || '(nothing)'}' is not a date: write ${kind} dates as YYYY-MM-DD.`,
        range,
        // The kind too: snoozing a task whose due date is not real replaces that date.
        data: { value, kind },
      });
      return;
    }
    value = value.length === 10 && isIsoDateShapeAt(value, 0) ? isoDateAt(value, 0) : intern(value);
    out.all.push({ kind, value, range, syntax });
    if (out[kind] === undefined) out[kind] = value;
  };
  // Each syntax needs a character or word of its own: lines without it skip its regex.
  const nonAscii = NON_ASCII.test(raw);
  // The shared patterns are run by `exec` from lastIndex 0 (what `matchAll` does on a copy of
  // each, made per call); none of them can match empty text, and each ends with lastIndex 0.
  if (nonAscii) {
    EMOJI_RE.lastIndex = 0;
    for (let m = EMOJI_RE.exec(raw); m; m = EMOJI_RE.exec(raw)) {
      const kind = EMOJI[m[1]!]!;
      const valueAt = m.index + m[0].length - m[2]!.length;
      take(kind, m[2]!, valueAt, 'emoji');
    }
  }
  if (raw.includes('::')) for (let m = execFrom0(DATAVIEW_RE, raw); m; m = DATAVIEW_RE.exec(raw)) {
    const key = m[1]!.toLowerCase();
    const padded = m[2]!;
    const value = padded.trim();
    if (key === 'repeat') {
      out.recurrence ??= value;
      continue;
    }
    const valueAt = m.index + m[0].length - 1 - padded.length + (padded.length - padded.trimStart().length);
    take(DATAVIEW[key]!, value, valueAt, 'dataview');
  }
  if (raw.includes('due:')) for (let m = execFrom0(TODOTXT_RE, raw); m; m = TODOTXT_RE.exec(raw)) {
    const valueAt = m.index + m[1]!.length + m[2]!.length + 1;
    take('due', m[3]!, valueAt, 'todotxt');
  }
  const r = nonAscii ? RECUR_RE.exec(raw) : null;
  if (r && r[1]!.trim()) out.recurrence ??= r[1]!.trim();
  return out;
}

/** The first match of a global pattern from the text's start (lastIndex reset first). */
function execFrom0(re: RegExp, text: string): RegExpExecArray | null {
  re.lastIndex = 0;
  return re.exec(text);
}

/** Every emoji marker (and 🔁) is outside ASCII. */
const NON_ASCII = /[^\x00-\x7f]/;
const RECUR_STRIP = /🔁\uFE0F?\s*[^📅📆🗓⏳⌛🛫➕✅❌\[\n]*/gu;
const WIKILINK_TEXT = /!?\[\[([^\[\]|#\r\n]*)(?:#[^\[\]|\r\n]*)?(?:\|([^\[\]\r\n]*))?\]\]/g;
/** Runs of white space other than one plain space. */
const ODD_SPACE = /\s\s|[^\S ]/;

/** The task's words for people: no date markers or fields; links shown by their text. */
export function taskDisplayText(raw: string): string {
  // Each step runs only when the text holds what its pattern needs (the emoji markers and 🔁
  // are outside ASCII), so plain task lines skip most of them; the result is the same.
  let s = raw;
  if (NON_ASCII.test(s)) s = s.replace(EMOJI_RE, '');
  if (s.includes('::')) s = s.replace(DATAVIEW_RE, '');
  if (s.includes('due:')) s = s.replace(TODOTXT_RE, '$1');
  if (s.includes('🔁')) s = s.replace(RECUR_STRIP, '');
  if (s.includes('[[')) s = s.replace(WIKILINK_TEXT, (_m, t: string, a?: string) => (a ?? t).trim());
  if (ODD_SPACE.test(s)) s = s.replace(/\s+/g, ' ');
  return s.trim();
}

/**
 * Next occurrence of a recurring task, from `every N days|weeks|months|years`, `every day|week|
 * month|year`, `daily`, `weekly`, `monthly`, `yearly`. Undefined when the rule is not understood.
 */
export function parseRecurrence(rule: string): { years: number; months: number; weeks: number; days: number } | undefined {
  const s = rule.trim().toLowerCase().replace(/\s+when done$/, '');
  const named: Record<string, [number, string]> = { daily: [1, 'day'], weekly: [1, 'week'], monthly: [1, 'month'], yearly: [1, 'year'], annually: [1, 'year'] };
  let n: number;
  let unit: string;
  if (Object.hasOwn(named, s)) [n, unit] = named[s]!;
  else {
    const m = /^every\s+(?:(\d+)\s+)?(day|days|week|weeks|month|months|year|years)$/.exec(s);
    if (!m) return undefined;
    n = m[1] ? Number(m[1]) : 1;
    unit = m[2]!.replace(/s$/, '');
  }
  if (n <= 0) return undefined;
  const out = { years: 0, months: 0, weeks: 0, days: 0 };
  if (unit === 'day') out.days = n;
  else if (unit === 'week') out.weeks = n;
  else if (unit === 'month') out.months = n;
  else out.years = n;
  return out;
}
