/**
 * Code-action planning: which fixes apply at a place in a note, each as minimal edits from
 * edits.ts (mark done, snooze, log contact, snooze_until, create a missing note, fix a date).
 */
import type { Analysis } from '../analysis.js';
import { addInterval, formatInterval, nearestValidDate, parseInterval, type CalendarDate, type Interval } from '../dates.js';
import type { DiagnosticCode } from '../diagnostics.js';
import { appendLogEntry, EditError, markTaskDone, setFrontmatterField, snoozeTask, type TextEdit } from '../edits.js';
import type { EntityType } from '../schema.js';
import type { Task } from '../parse.js';
import { rangeContains, type Range } from '../text.js';
import type { Note } from '../workspace.js';
import { BUILT_IN_TEMPLATES, planNewNote, type NoteTemplate } from '../templates.js';
import { typeFromPath } from '../entity.js';

export interface FileEditPlan {
  /** Text edits per existing path. */
  changes: Map<string, TextEdit[]>;
  /** New files to create (never overwrite). */
  create: { path: string; text: string }[];
}

export interface ActionView {
  title: string;
  kind: 'quickfix' | 'refactor';
  /** The diagnostic codes the action fixes (its `diagnostics` in LSP). */
  fixes: DiagnosticCode[];
  /** Index into the given diagnostics of the ones it fixes. */
  diagnostics: number[];
  preferred?: boolean;
  edit: FileEditPlan;
}

/** The part of a diagnostic actions need. */
export interface ActionDiagnostic {
  code: string;
  range: Range;
  data?: Record<string, unknown>;
}

export const DAY: Interval = { years: 0, months: 0, weeks: 0, days: 1 };
export const WEEK: Interval = { years: 0, months: 0, weeks: 1, days: 0 };
export const MONTH: Interval = { years: 0, months: 1, weeks: 0, days: 0 };

const one = (path: string, edits: TextEdit[]): FileEditPlan => ({ changes: new Map([[path, edits]]), create: [] });

export function taskAtLine(note: Note, line: number): Task | undefined {
  return note.parsed.tasks.find((t) => t.line === line);
}

/** Every action for a range of a note, given the diagnostics the editor sends along. */
export function codeActions(a: Analysis, path: string, range: Range, diagnostics: ActionDiagnostic[], today: CalendarDate, templates: Map<string, NoteTemplate> = new Map(BUILT_IN_TEMPLATES.map((t) => [t.name, t]))): ActionView[] {
  const note = a.note(path);
  if (!note) return [];
  const out: ActionView[] = [];
  const safe = (f: () => void) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof EditError)) throw e;
    }
  };

  // Tasks on the lines of the range.
  for (const task of note.parsed.tasks) {
    if (task.checked || task.line < range.start.line || task.line > range.end.line) continue;
    const fixIdx = diagnostics.map((d, i) => (d.range.start.line === task.line && isFollowUpCode(d.code) ? i : -1)).filter((i) => i >= 0);
    const fixes = [...new Set(fixIdx.map((i) => diagnostics[i]!.code as DiagnosticCode))];
    safe(() => out.push({ title: 'Mark task done', kind: 'quickfix', fixes, diagnostics: fixIdx, preferred: true, edit: one(path, markTaskDone(note, task, today)) }));
    for (const [label, by] of [['1 day', DAY], ['1 week', WEEK]] as const) {
      safe(() => out.push({ title: `Snooze task ${label}`, kind: 'quickfix', fixes, diagnostics: fixIdx, edit: one(path, snoozeTask(note, task, by, today)) }));
    }
  }

  diagnostics.forEach((d, i) => {
    if (!overlaps(d.range, range)) return;
    const kind = d.data?.kind;
    if (isFollowUpCode(d.code) && (kind === 'cadence' || kind === 'thank-you')) {
      const person = a.byPath.get(path);
      if (!person || person.type !== 'person') return;
      const what = kind === 'thank-you' ? 'Sent a thank-you' : 'Kept in touch';
      safe(() => out.push({ title: `Log contact today (${today})`, kind: 'quickfix', fixes: [d.code as DiagnosticCode], diagnostics: [i], preferred: true, edit: one(path, logContactEdits(note, today, what)) }));
      for (const [label, by] of [['1 week', WEEK], ['1 month', MONTH]] as const) {
        safe(() => out.push({ title: `Snooze reminders for ${label}`, kind: 'quickfix', fixes: [d.code as DiagnosticCode], diagnostics: [i], edit: one(path, snoozePersonEdits(note, by, today)) }));
      }
    } else if (d.code === 'broken-link') {
      const link = note.parsed.links.find((l) => rangeContains(l.range, d.range.start));
      const target = typeof d.data?.target === 'string' ? d.data.target : link?.target;
      if (!target || link?.kind === 'markdown') return;
      const name = target.includes('/') ? target.slice(target.lastIndexOf('/') + 1).replace(/\.md$/i, '') : target;
      const types = target.includes('/') ? [typeFromPath(`${target.replace(/\.md$/i, '')}.md`) ?? 'person'] : guessTypes(link?.field);
      let first = true;
      for (const type of types) {
        const plan = planNewNote(a.ws, templates, { kind: type, name, date: today.toString() });
        if (!plan.ok) continue;
        out.push({ title: `Create ${type} note ${plan.path}`, kind: 'quickfix', fixes: ['broken-link'], diagnostics: [i], ...(first ? { preferred: true } : {}), edit: { changes: new Map(), create: [{ path: plan.path, text: plan.text }] } });
        first = false;
      }
    } else if (d.code === 'invalid-date') {
      const value = typeof d.data?.value === 'string' ? d.data.value : undefined;
      if (!value) return;
      const fixed = nearestValidDate(value);
      if (!fixed) return;
      const s = note.lines.offsetAt(d.range.start);
      const e = note.lines.offsetAt(d.range.end);
      const at = note.text.slice(s, e).indexOf(value.trim());
      if (at < 0) return;
      const r = note.lines.range(s + at, s + at + value.trim().length);
      out.push({ title: `Change to ${fixed}`, kind: 'quickfix', fixes: ['invalid-date'], diagnostics: [i], preferred: true, edit: one(path, [{ range: r, newText: fixed.toString() }]) });
    }
  });
  return out;
}

function isFollowUpCode(code: string): boolean {
  return code === 'overdue' || code === 'due-today' || code === 'upcoming';
}

function overlaps(a: Range, b: Range): boolean {
  return !(a.end.line < b.start.line || b.end.line < a.start.line);
}

/** `- TODAY text` in the person's log. */
export function logContactEdits(note: Note, date: CalendarDate | string, text: string): TextEdit[] {
  return appendLogEntry(note, date.toString(), text);
}

/** `snooze_until: today + by`. */
export function snoozePersonEdits(note: Note, by: Interval, today: CalendarDate): TextEdit[] {
  return setFrontmatterField(note, 'snooze_until', addInterval(today, by).toString());
}

/** Snoozes a task (by its line) — the commands' entry point. */
export function snoozeTaskEdits(note: Note, line: number, by: Interval, today: CalendarDate): TextEdit[] | undefined {
  const task = taskAtLine(note, line);
  return task && !task.checked ? snoozeTask(note, task, by, today) : undefined;
}

export function markDoneEdits(note: Note, line: number, today: CalendarDate): TextEdit[] | undefined {
  const task = taskAtLine(note, line);
  return task && !task.checked ? markTaskDone(note, task, today) : undefined;
}

/** `1d`, `1 week`, … → interval (default one week). */
export function snoozeInterval(by: string | undefined): Interval | undefined {
  return by === undefined ? WEEK : parseInterval(by);
}

export function describeInterval(i: Interval): string {
  return formatInterval(i);
}

/** Which entity types a missing link most likely names, most likely first. */
function guessTypes(field: string | undefined): EntityType[] {
  switch (field) {
    case 'organization':
      return ['organization', 'program'];
    case 'met_at':
      return ['event', 'organization'];
    case 'parent':
      return ['organization'];
    case 'contacts':
    case 'introduced_by':
      return ['person'];
    default:
      return ['person', 'organization', 'program', 'event'];
  }
}

