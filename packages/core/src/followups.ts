import type { Analysis } from './analysis.js';
import { addInterval, compareDates, daysBetween, formatDate, formatInterval, parseDate, type CalendarDate, type Interval } from './dates.js';
import type { Entity } from './entity.js';
import { getField } from './frontmatter.js';
import { OPEN_STAGES } from './schema.js';
import type { Range } from './text.js';

export const FOLLOW_UP_KINDS = ['task', 'next-action', 'cadence', 'thank-you', 'deadline'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export type FollowUpStatus = 'overdue' | 'due-today' | 'upcoming' | 'later';

export interface FollowUp {
  /** Stable across runs while the follow-up's source stays put (kind, file, and what it is about). */
  id: string;
  kind: FollowUpKind;
  status: FollowUpStatus;
  due: string;
  /** today − due, in days: positive when late, 0 today, negative when still ahead. */
  daysLate: number;
  /** The entity it is about (for a task: its entity), if any. */
  entity?: Entity;
  /** Every person it concerns (a task's linked people too). */
  people: string[];
  /** What to do, in words. */
  text: string;
  /** The full sentence used in diagnostics. */
  message: string;
  path: string;
  /** 0-based line, and the range a diagnostic points at. */
  line: number;
  range: Range;
}

/** The one follow-up engine: every surface (CLI, server, extension, reports) asks this. */
/**
 * Reuse of follow-ups between analyses: an entity's follow-ups depend only on the entity (one
 * object per note version), its effective last contact, today and the config; a task's on the
 * task, its owners, today and the config. The memo keys on exactly those.
 */
export interface FollowUpMemo {
  /** `base`: today and the config (one string per computation); `last`: the effective last contact. */
  entities: WeakMap<Entity, { base: string; last: string | undefined; list: FollowUp[] }>;
  tasks: WeakMap<object, { base: string; path: string; entity: Entity | undefined; people: Entity[]; list: FollowUp[] }>;
}

export function newFollowUpMemo(): FollowUpMemo {
  return { entities: new WeakMap(), tasks: new WeakMap() };
}

/** With `only`, just the follow-ups placed in those paths (tasks there, entities whose note it is). */
export function computeFollowUps(a: Analysis, today: CalendarDate, memo?: FollowUpMemo, only?: ReadonlySet<string>): FollowUp[] {
  const cfg = a.ws.config;
  const windowEnd = addInterval(today, cfg.upcoming);
  let out: FollowUp[] = [];
  const base = memo ? JSON.stringify([today.toString(), cfg.upcoming, cfg.thankYouWithin, [...cfg.cadence]]) : '';
  const all: FollowUp[] = [];
  const todayText = today.toString();
  // Due dates repeat (many follow-ups fall on the same day): their lateness, status and words
  // are worked out once per date in this computation.
  const byDue = new Map<string, { late: number; status: FollowUpStatus; when: string }>();
  const dueInfo = (text: string) => {
    let info = byDue.get(text);
    if (info === undefined) {
      const due = parseDate(text)!;
      const late = daysBetween(due, today);
      const status: FollowUpStatus = late > 0 ? 'overdue' : late === 0 ? 'due-today' : compareDates(due, windowEnd) <= 0 ? 'upcoming' : 'later';
      const when =
        status === 'overdue' ? `overdue by ${plural(late, 'day')}` : status === 'due-today' ? 'due today' : `due in ${plural(-late, 'day')}`;
      info = { late, status, when };
      byDue.set(text, info);
    }
    return info;
  };
  // Follow-ups are written as whole literals (one hidden class per kind of site, no spread or
  // Object.assign copies); their keys keep the order they always had.
  const entityFollowUp = (e: Entity, kind: FollowUpKind, due: string, people: string[], text: string, range: Range, message: (when: string) => string) => {
    const { late, status, when } = dueInfo(due);
    out.push({ id: `${kind}:${e.id}`, kind, due, entity: e, people, text, path: e.path, range, line: range.start.line, status, daysLate: late, message: message(when) });
  };

  // 1. Tasks with a due date. Their ids (a calendar's UIDs, a tree's item ids) are unique: two
  // tasks of one note with the same words get `-2`, `-3`, ... in note order.
  let idsPath: string | undefined;
  const idsUsed = new Set<string>();
  for (const t of only ? a.tasksIn(only) : a.tasks()) {
    const d = t.task.dates;
    if (t.task.checked || d.cancelled || !d.due) continue;
    if (only && !only.has(t.path)) continue;
    if (t.path !== idsPath) {
      idsPath = t.path;
      idsUsed.clear();
    }
    const hit = memo?.tasks.get(t.task);
    if (hit && hit.base === base && hit.path === t.path && hit.entity === t.entity && hit.people.length === t.people.length && hit.people.every((p, i) => p === t.people[i])) {
      for (const f of hit.list) idsUsed.add(f.id);
      all.push(...hit.list);
      continue;
    }
    out = [];
    const entity = t.entity;
    const { late, status, when } = dueInfo(d.due);
    const stem = `task:${t.path}:${slug(t.task.text)}`;
    let id = stem;
    for (let n = 2; idsUsed.has(id); n++) id = `${stem}-${n}`;
    idsUsed.add(id);
    const due = d.due;
    const people = t.people.map((p) => p.id);
    const text = t.task.text || 'Task';
    const path = t.path;
    const line = t.task.line;
    const range = t.task.range;
    // A task whose line holds only dates and markers has no words to quote.
    const message = `${t.task.text ? `Task "${t.task.text}"` : 'Task'}${entity ? ` (${entity.name})` : ''} ${when} — due ${d.due}`;
    out.push(
      entity
        ? { id, kind: 'task', due, entity, people, text, path, line, range, status, daysLate: late, message }
        : { id, kind: 'task', due, people, text, path, line, range, status, daysLate: late, message },
    );
    memo?.tasks.set(t.task, { base, path: t.path, entity: t.entity, people: t.people, list: kept(out) });
    all.push(...out);
  }

  for (const e of only ? a.entitiesIn(only) : a.entities) {
    // Only people and programs have follow-ups of their own.
    if (e.type !== 'person' && e.type !== 'program') continue;
    const note = a.note(e.path);
    if (!note) continue;
    // A person's effective last contact (asked for once: it walks their interactions).
    const last = e.type === 'person' ? a.lastContact(e, today) : undefined;
    const hit = memo?.entities.get(e);
    if (hit && hit.base === base && hit.last === last) {
      all.push(...hit.list);
      continue;
    }
    out = [];
    entityFollowUps(e, note, last);
    memo?.entities.set(e, { base, last, list: kept(out) });
    all.push(...out);
  }
  return sortFollowUps(all);

  function entityFollowUps(e: Entity, note: NonNullable<ReturnType<Analysis['note']>>, last: string | undefined): void {
    /** Where a follow-up about a field points: the field's value, else the note's first line. */
    const at = (key: string): Range =>
      getField(note.parsed.frontmatter, key)?.valueRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: note.lines.lineEnd(0) } };

    if (e.type === 'program') {
      // 5. Program deadlines while the program is still being considered (no stage counts as researching).
      if (e.deadline && (!e.stage || OPEN_STAGES.includes(e.stage))) {
        entityFollowUp(e, 'deadline', e.deadline, [], `Application deadline: ${e.name}`, at('deadline'), (when) => `Application deadline for ${e.name} ${when} — ${e.deadline}`);
      }
      return;
    }
    if (e.type !== 'person') return;

    // 2. Next action.
    if (e.followUp) {
      const what = e.nextAction?.trim() || `Follow up with ${e.name}`;
      entityFollowUp(e, 'next-action', e.followUp, [e.id], what, at('follow_up'), (when) => `Next action for ${e.name} ${when}: ${what} — due ${e.followUp}`);
    }

    const snoozed = e.snoozeUntil !== undefined && e.snoozeUntil > todayText;

    // 4. Thank-you after meeting someone.
    if (e.met && !snoozed && !(last && last > e.met)) {
      const due = formatDate(addInterval(parseDate(e.met)!, cfg.thankYouWithin));
      entityFollowUp(e, 'thank-you', due, [e.id], `Send a thank-you to ${e.name} (met ${e.met})`, at('met'), (when) => `Thank-you to ${e.name} ${when} — met ${e.met}`);
    }

    // 3. Keep-in-touch cadence.
    const cadence = cadenceOf(e, a.ws.config.cadence, last ?? e.met);
    const base = last ?? e.met;
    if (cadence && base && !snoozed) {
      const due = formatDate(addInterval(parseDate(base)!, cadence.interval));
      const every = formatInterval(cadence.interval);
      const range = at(cadence.explicit ? 'cadence' : last && e.lastContact === last ? 'last_contact' : e.met && !last ? 'met' : 'name');
      entityFollowUp(e, 'cadence', due, [e.id], `Keep in touch with ${e.name} (every ${every})`, range, (when) => `Keep in touch with ${e.name} ${when} — every ${every}, ${last ? `last contact ${last}` : `met ${e.met}`}`);
    }
  }
}

/**
 * A person's cadence: their own `cadence`, else the shortest config default whose key matches one
 * of their tags, one of their mentor kinds, or `mentor` for any mentor. "Shortest" is measured
 * from the date it would count from, so months and days compare exactly.
 */
export function cadenceOf(e: Entity, defaults: Map<string, Interval>, from: string | undefined): { interval: Interval; explicit: boolean; key?: string } | undefined {
  if (e.cadence) return { interval: e.cadence, explicit: true };
  if (defaults.size === 0) return undefined;
  // The candidate keys that have a default, in sorted order (the first of equal dues wins).
  const keys = new Set<string>();
  for (const t of e.tags) {
    const k = t.toLowerCase();
    if (defaults.get(k)) keys.add(k);
  }
  for (const m of e.mentor) if (defaults.get(m)) keys.add(m);
  if (e.mentor.length > 0 && defaults.get('mentor')) keys.add('mentor');
  if (keys.size === 0) return undefined;
  if (keys.size === 1) {
    // One candidate (most people): it is the shortest, no date arithmetic needed.
    const k = keys.values().next().value as string;
    return { interval: defaults.get(k)!, explicit: false, key: k };
  }
  const base = (from && parseDate(from)) || parseDate('2000-01-01')!;
  let best: { interval: Interval; key: string; due: CalendarDate } | undefined;
  for (const k of [...keys].sort()) {
    const i = defaults.get(k)!;
    const due = addInterval(base, i);
    if (!best || compareDates(due, best.due) < 0) best = { interval: i, key: k, due };
  }
  return best ? { interval: best.interval, explicit: false, key: best.key } : undefined;
}

/** By due date, then file, then line (a stable sort). */
function sortFollowUps(list: FollowUp[]): FollowUp[] {
  // Many follow-ups share a due date: group them by it (in list order), order the dates, then
  // each group by file and line. Array sorts are stable, so this is the stable sort by (due,
  // file, line) with far fewer comparisons and no key strings.
  const groups = new Map<string, FollowUp[]>();
  for (const f of list) {
    const g = groups.get(f.due);
    if (g) g.push(f);
    else groups.set(f.due, [f]);
  }
  const dues = [...groups.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const out: FollowUp[] = [];
  for (const due of dues) {
    const g = groups.get(due)!;
    if (g.length > 1) g.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : x.line - y.line));
    for (const f of g) out.push(f);
  }
  return out;
}

function plural(n: number, w: string): string {
  return `${n} ${w}${n === 1 ? '' : 's'}`;
}

function slug(s: string): string {
  const ascii = s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  if (ascii || !/[^\x00-\x7f]/.test(s)) return ascii;
  // Words in other scripts (a task written in Russian or Chinese) make the slug, not nothing.
  return s.normalize('NFKD').toLowerCase().replace(/\p{M}+/gu, '').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60);
}

/**
 * A list to keep in a memo: exactly its length (a list grown by push keeps room for 16 more,
 * ~130 bytes; memos hold one per entity and per task), one shared list when empty.
 */
function kept(list: FollowUp[]): FollowUp[] {
  return list.length === 0 ? NO_FOLLOW_UPS : list.slice();
}
const NO_FOLLOW_UPS: FollowUp[] = [];
