import { stringify } from 'yaml';
import { addInterval, compareDates, parseDate, type CalendarDate, type Interval } from './dates.js';
import { getField } from './frontmatter.js';
import { parseNote, type ParsedNote, type Task } from './parse.js';
import { parseRecurrence } from './tasks.js';
import { detectEol, LineIndex, nameKey, type Range } from './text.js';

/** A replacement of one span of a note's text. Edits never overlap. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** What the edit functions need of a note. */
export interface EditableNote {
  text: string;
  lines: LineIndex;
  parsed: import('./parse.js').ParsedNote;
}

/** The edit could not be made without risking the user's text (e.g. the frontmatter does not parse). */
export class EditError extends Error {}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: TextEdit[], lines: LineIndex = new LineIndex(text)): string {
  const withOffsets = edits
    .map((e) => ({ s: lines.offsetAt(e.range.start), e: lines.offsetAt(e.range.end), t: e.newText }))
    .sort((a, b) => b.s - a.s || b.e - a.e);
  let out = text;
  let limit = Infinity;
  for (const x of withOffsets) {
    if (x.e > limit) throw new EditError('overlapping edits');
    out = out.slice(0, x.s) + x.t + out.slice(x.e);
    limit = x.s;
  }
  return out;
}

const at = (lines: LineIndex, offset: number): Range => {
  const p = lines.positionAt(offset);
  return { start: p, end: p };
};

const CHECKBOX = /^(\s*(?:[-*+]|\d+[.)])\s+)\[ \]/;

/**
 * Ticks a task: `[ ]` → `[x]` and a done date in the task's own syntax (` ✅ D`, or
 * ` [completion:: D]` for Dataview tasks). A task with a 🔁 rule also gets its next occurrence
 * inserted above it, with its dates moved on by the rule.
 */
export function markTaskDone(note: EditableNote, task: Task, today: CalendarDate): TextEdit[] {
  if (task.checked) return [];
  const { lines, text } = note;
  // A BOM is not part of the first line: copying it into the next occurrence would put a second
  // BOM before the done task and unmake its list item (found by the edits property test).
  const lineStart = lines.offsetAt({ line: task.line, character: 0 }) + (task.line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const lineEnd = lines.lineEnd(task.line);
  const lineText = text.slice(lineStart, lineEnd);
  const m = CHECKBOX.exec(lineText);
  if (!m) throw new EditError('this line has no open checkbox');
  const edits: TextEdit[] = [];
  const box = lineStart + m[1]!.length + 1;
  edits.push({ range: lines.range(box, box + 1), newText: 'x' });
  const dataview = task.dates.all.some((d) => d.syntax === 'dataview');
  const end = lineStart + lineText.trimEnd().length;
  const stamp = dataview ? ` [completion:: ${today}]` : ` ✅ ${today}`;
  edits.push({ range: at(lines, end), newText: stamp });

  const rule = task.dates.recurrence ? parseRecurrence(task.dates.recurrence) : undefined;
  if (rule) {
    let next = lineText;
    const shifts = task.dates.all
      .filter((d) => d.kind === 'due' || d.kind === 'scheduled' || d.kind === 'start')
      .map((d) => ({ from: lines.offsetAt(d.range.start) - lineStart, to: lines.offsetAt(d.range.end) - lineStart, value: addInterval(parseDate(d.value)!, rule).toString() }))
      .sort((a, b) => b.from - a.from);
    for (const s of shifts) next = next.slice(0, s.from) + s.value + next.slice(s.to);
    if (shifts.length > 0) {
      edits.push({ range: at(lines, lineStart), newText: `${next}${detectEol(text)}` });
    }
  }
  return edits;
}

/** Moves a task's due date to max(due, today) + `by`; adds ` 📅 D` when it has none. */
export function snoozeTask(note: EditableNote, task: Task, by: Interval, today: CalendarDate): TextEdit[] {
  const due = task.dates.all.find((d) => d.kind === 'due');
  if (due) {
    const current = parseDate(due.value)!;
    const from = compareDates(current, today) > 0 ? current : today;
    return [{ range: due.range, newText: addInterval(from, by).toString() }];
  }
  // A due date that is not a real one (📅 2026-02-30, [due:: 2026-04-31]) is replaced, in its
  // own syntax, rather than left beside a second one.
  const invalid = note.parsed.problems.find((p) => p.code === 'invalid-date' && p.data?.kind === 'due' && p.range.start.line === task.line);
  if (invalid) return [{ range: invalid.range, newText: addInterval(today, by).toString() }];
  const end = note.lines.offsetAt({ line: task.line, character: 0 }) + note.lines.lineText(task.line).trimEnd().length;
  return [{ range: at(note.lines, end), newText: ` 📅 ${addInterval(today, by)}` }];
}

const LOG_HEADINGS = new Set(['log', 'interactions', 'history', 'timeline']);

/**
 * Adds `- DATE text` to the note's log: into its `## Log` section (at the top when that list runs
 * newest first, else at the end), or a new `## Log` section at the end of the note.
 */
export function appendLogEntry(note: EditableNote, date: string, text: string): TextEdit[] {
  const edits = planLogEntry(note, date, text);
  // Check the result reads back as one more log entry on that date: a note that ends inside an
  // unclosed code block (or any other construct) would otherwise swallow the line silently.
  const after = parseNote(applyEdits(note.text, edits, note.lines));
  const count = (p: ParsedNote) => p.logEntries.filter((e) => e.date === date).length;
  if (count(after) <= count(note.parsed)) {
    throw new EditError('the new log line would not be read as a log entry (does the note end inside an unclosed ``` code block?)');
  }
  return edits;
}

function planLogEntry(note: EditableNote, date: string, text: string): TextEdit[] {
  const { lines, parsed } = note;
  const eol = detectEol(note.text);
  const entry = `- ${date} ${text.replace(/\r?\n/g, ' ').trim()}`;
  const section = parsed.sections.find((s) => LOG_HEADINGS.has(nameKey(s.text)));
  if (section) {
    const inSection = parsed.logEntries.filter((e) => e.kind === 'item' && e.line > section.line && e.line <= section.fullRange.end.line);
    const newestFirst = inSection.length >= 2 && inSection[0]!.date > inSection.at(-1)!.date;
    if (newestFirst) {
      const first = inSection[0]!;
      const indent = /^\s*/.exec(lines.lineText(first.line))![0];
      return [{ range: at(lines, lines.offsetAt({ line: first.line, character: 0 })), newText: `${indent}${entry}${eol}` }];
    }
    const lastLine = section.fullRange.end.line;
    if (lastLine === section.line) {
      // A heading with nothing under it yet.
      return [{ range: at(lines, lines.lineEnd(lastLine)), newText: `${eol}${eol}${entry}` }];
    }
    return [{ range: at(lines, lines.lineEnd(lastLine)), newText: `${eol}${entry}` }];
  }
  const body = note.text;
  // A BOM counts as whitespace to trimEnd (and to /\s/): keep it out of the replaced span. And
  // not /\s+$/ at all: that regex is quadratic on long runs of spaces.
  const bom = body.charCodeAt(0) === 0xfeff ? 1 : 0;
  const end = bom + body.slice(bom).trimEnd().length;
  const sep = end === bom ? '' : `${eol}${eol}`;
  return [{ range: lines.range(end, body.length), newText: `${sep}## Log${eol}${eol}${entry}${eol}` }];
}

/** A YAML scalar for a value, quoted when YAML needs it (`[[Links]]`, `: `, leading `#`, ...). */
export function yamlScalar(value: string | number | boolean): string {
  return stringify(value, { lineWidth: 0, blockQuote: false }).trimEnd();
}

/**
 * Sets one frontmatter field to a YAML value written as text. An existing value's span is
 * replaced (nothing else on the line changes, comments included); a new field goes on a new
 * line before the closing fence; a note without frontmatter gets one.
 */
export function setFrontmatterField(note: EditableNote, key: string, yamlValue: string): TextEdit[] {
  const { lines, parsed, text } = note;
  const fm = parsed.frontmatter;
  const eol = detectEol(text);
  if (parsed.problems.some((p) => p.code === 'invalid-frontmatter')) {
    throw new EditError('the frontmatter has errors; fix them before Rapport edits it');
  }
  if (!fm.present) {
    const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    return [{ range: at(lines, start), newText: `---${eol}${key}: ${yamlValue}${eol}---${eol}` }];
  }
  const field = getField(fm, key);
  if (field) {
    const vs = lines.offsetAt(field.valueRange.start);
    let ve = lines.offsetAt(field.valueRange.end);
    // A block list or mapping's range runs past its last line break: replacing that too would
    // glue the next line (the closing ---) onto the value (found by the edits property test).
    while (ve > vs && /\s/.test(text[ve - 1]!)) ve--;
    if (ve > vs) return [{ range: lines.range(vs, ve), newText: yamlValue }];
    // `key:` with no value: write it after the colon.
    const ks = lines.offsetAt(field.keyRange.end);
    const colon = text.indexOf(':', ks);
    return [{ range: at(lines, colon + 1), newText: ` ${yamlValue}` }];
  }
  // A line added after a flow mapping (`{name: Jane, role: PD}`) would make the YAML invalid.
  if (/^(?:[ \t]*(?:#[^\r\n]*)?\r?\n)*[ \t]*\{/.test(text.slice(fm.contentStart, fm.contentEnd))) {
    throw new EditError(`the frontmatter is one {...} mapping; add ${key} inside it by hand, or write one field per line`);
  }
  // At the column the fields start at: a mapping indented as a whole (`  name: A`) stays one.
  const first = fm.fields[0];
  const lead = first ? text.slice(lines.offsetAt({ line: first.keyRange.start.line, character: 0 }), lines.offsetAt(first.keyRange.start)) : '';
  const indent = /^[ \t]*$/.test(lead) ? lead : '';
  return [{ range: at(lines, fm.contentEnd), newText: `${indent}${key}: ${yamlValue}${eol}` }];
}
