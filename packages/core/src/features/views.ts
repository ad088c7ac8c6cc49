/**
 * Data for tree views and reports: follow-ups by status, entities grouped, programs by stage,
 * events. Plain data with workspace-relative paths; adapters turn paths into URIs.
 */
import type { Analysis } from '../analysis.js';
import { daysBetween, parseDate, type CalendarDate } from '../dates.js';
import type { Entity } from '../entity.js';
import type { FollowUp, FollowUpKind, FollowUpStatus } from '../followups.js';
import { PROGRAM_STAGES, type EntityType, type ProgramStage } from '../schema.js';
import type { Range } from '../text.js';

export const STATUS_ORDER: readonly FollowUpStatus[] = ['overdue', 'due-today', 'upcoming', 'later'];
export const STATUS_LABELS: Record<FollowUpStatus, string> = { overdue: 'Overdue', 'due-today': 'Due today', upcoming: 'Upcoming', later: 'Later' };
const TYPE_LABELS: Record<EntityType, string> = { person: 'People', organization: 'Organizations', program: 'Programs', event: 'Events' };

export interface EntityRefView {
  id: string;
  name: string;
  type: EntityType;
  path: string;
  role?: string;
}

export interface FollowUpView {
  id: string;
  kind: FollowUpKind;
  status: FollowUpStatus;
  due: string;
  daysLate: number;
  entityId?: string;
  entityName?: string;
  entityType?: EntityType;
  people: string[];
  text: string;
  message: string;
  path: string;
  range: Range;
}

export interface FollowUpGroupView {
  status: FollowUpStatus;
  label: string;
  count: number;
  items: FollowUpView[];
}

const memo = new WeakMap<Analysis, Map<string, FollowUp[]>>();

/** The analysis's follow-ups for a day, computed once per analysis (an analysis never changes). */
export function followUpsOf(a: Analysis, today: CalendarDate): FollowUp[] {
  let byDay = memo.get(a);
  if (!byDay) memo.set(a, (byDay = new Map()));
  const key = today.toString();
  let list = byDay.get(key);
  if (!list) byDay.set(key, (list = a.followUps(today)));
  return list;
}

export function refOf(e: Entity): EntityRefView {
  return { id: e.id, name: e.name, type: e.type, path: e.path, ...(e.role ? { role: e.role } : {}) };
}

export function followUpView(f: FollowUp): FollowUpView {
  return {
    id: f.id,
    kind: f.kind,
    status: f.status,
    due: f.due,
    daysLate: f.daysLate,
    ...(f.entity ? { entityId: f.entity.id, entityName: f.entity.name, entityType: f.entity.type } : {}),
    people: f.people,
    text: f.text,
    message: f.message,
    path: f.path,
    range: f.range,
  };
}

/** Follow-ups grouped by status, in the order overdue, due today, upcoming, later. */
export function followUpsByStatus(a: Analysis, today: CalendarDate, statuses: readonly FollowUpStatus[] = ['overdue', 'due-today', 'upcoming']): FollowUpGroupView[] {
  const all = followUpsOf(a, today);
  return STATUS_ORDER.filter((s) => statuses.includes(s)).map((status) => {
    const items = all.filter((f) => f.status === status).map(followUpView);
    return { status, label: STATUS_LABELS[status], count: items.length, items };
  });
}

export type EntityGroupBy = 'organization' | 'tag' | 'mentor' | 'type';

export interface EntityItemView extends EntityRefView {
  organizations: string[];
  tags: string[];
  mentor: string[];
  lastContact?: string;
  daysSinceContact?: number;
  next?: { kind: FollowUpKind; status: FollowUpStatus; due: string; daysLate: number; text: string };
}

export interface EntityGroupView {
  key: string;
  label: string;
  path?: string;
  count: number;
  items: EntityItemView[];
}

/** The entities an entity's `organization` field links (resolved), or the names as written when unresolved. */
export function organizationsOf(a: Analysis, e: Entity): { name: string; entity?: Entity }[] {
  const note = a.note(e.path);
  if (!note) return [];
  const out: { name: string; entity?: Entity }[] = [];
  for (const l of note.parsed.links) {
    if (l.field !== 'organization') continue;
    const t = a.target(e.path, l);
    if (t && !out.some((o) => o.entity === t)) out.push({ name: t.name, entity: t });
    else if (!t) out.push({ name: l.target });
  }
  return out;
}

/** Summary of one entity for lists: organizations, last contact, next follow-up. */
export function entityItem(a: Analysis, e: Entity, today: CalendarDate, followUps: FollowUp[] = followUpsOf(a, today)): EntityItemView {
  const item: EntityItemView = {
    ...refOf(e),
    organizations: organizationsOf(a, e).map((o) => o.name),
    tags: e.tags,
    mentor: e.mentor,
  };
  if (e.type === 'person') {
    const last = a.lastContact(e, today);
    if (last) {
      item.lastContact = last;
      item.daysSinceContact = daysBetween(parseDate(last)!, today);
    }
  }
  const next = nextFollowUp(followUps, e);
  if (next) item.next = { kind: next.kind, status: next.status, due: next.due, daysLate: next.daysLate, text: next.text };
  return item;
}

/** The earliest follow-up about an entity (its own, or a task that concerns the person). */
export function nextFollowUp(followUps: FollowUp[], e: Entity): FollowUp | undefined {
  return followUps.find((f) => f.entity === e || f.people.includes(e.id));
}

/** Entities grouped by organization, tag or mentor kind (people only), or by type (all). */
export function entitiesGrouped(a: Analysis, today: CalendarDate, groupBy: EntityGroupBy): EntityGroupView[] {
  const fus = followUpsOf(a, today);
  const groups = new Map<string, EntityGroupView>();
  const add = (key: string, label: string, item: EntityItemView, path?: string) => {
    let g = groups.get(key);
    if (!g) {
      g = { key, label, count: 0, items: [], ...(path ? { path } : {}) };
      groups.set(key, g);
    }
    g.items.push(item);
    g.count++;
  };
  const subjects = groupBy === 'type' ? a.entities : a.entities.filter((e) => e.type === 'person');
  for (const e of subjects) {
    const item = entityItem(a, e, today, fus);
    if (groupBy === 'type') add(e.type, TYPE_LABELS[e.type], item);
    else if (groupBy === 'organization') {
      const orgs = organizationsOf(a, e);
      if (orgs.length === 0) add('', 'No organization', item);
      for (const o of orgs) add(o.entity ? o.entity.id : `?${o.name}`, o.name, item, o.entity?.path);
    } else if (groupBy === 'tag') {
      if (e.tags.length === 0) add('', 'No tags', item);
      for (const t of new Set(e.tags.map((x) => x.toLowerCase()))) add(t, `#${t}`, item);
    } else {
      if (e.mentor.length === 0) continue;
      for (const m of e.mentor) add(m, m, item);
    }
  }
  const list = [...groups.values()];
  for (const g of list) g.items.sort((x, y) => x.name.localeCompare(y.name));
  if (groupBy === 'type') {
    const order: EntityType[] = ['person', 'organization', 'program', 'event'];
    return list.sort((x, y) => order.indexOf(x.key as EntityType) - order.indexOf(y.key as EntityType));
  }
  return list.sort((x, y) => (x.key === '' ? 1 : y.key === '' ? -1 : x.label.localeCompare(y.label)));
}

export interface ProgramItemView extends EntityRefView {
  stage?: ProgramStage;
  specialty?: string;
  organization?: string;
  deadline?: string;
  imgFriendly?: boolean;
  people: EntityRefView[];
}

export interface ProgramStageView {
  stage: ProgramStage | '';
  label: string;
  count: number;
  programs: ProgramItemView[];
}

/** Programs by stage in pipeline order, with the people you know there. */
export function programsByStage(a: Analysis): ProgramStageView[] {
  const stages: ProgramStageView[] = [...PROGRAM_STAGES, ''].map((s) => ({
    stage: s as ProgramStage | '',
    label: s ? s[0]!.toUpperCase() + s.slice(1) : 'No stage',
    count: 0,
    programs: [],
  }));
  for (const p of a.entities.filter((e) => e.type === 'program').sort((x, y) => x.name.localeCompare(y.name))) {
    const orgs = organizationsOf(a, p);
    const item: ProgramItemView = {
      ...refOf(p),
      ...(p.stage ? { stage: p.stage } : {}),
      ...(typeof p.data.specialty === 'string' ? { specialty: p.data.specialty } : {}),
      ...(orgs[0] ? { organization: orgs[0].name } : {}),
      ...(p.deadline ? { deadline: p.deadline } : {}),
      ...(p.imgFriendly !== undefined ? { imgFriendly: p.imgFriendly } : {}),
      people: a.peopleAt(p).map(refOf),
    };
    const g = stages.find((s) => s.stage === (p.stage ?? ''))!;
    g.programs.push(item);
    g.count++;
  }
  return stages;
}

export interface EventItemView extends EntityRefView {
  date?: string;
  end?: string;
  location?: string;
  attended?: boolean;
  goals: string[];
  met: EntityRefView[];
}

/** Events, newest first, with goals and the people whose `met_at` links them. */
export function eventsView(a: Analysis): EventItemView[] {
  const events = a.entities.filter((e) => e.type === 'event').map((ev): EventItemView => {
    const met = a.peopleMetAt(ev);
    return {
      ...refOf(ev),
      ...(ev.date ? { date: ev.date } : {}),
      ...(ev.end ? { end: ev.end } : {}),
      ...(typeof ev.data.location === 'string' && ev.data.location ? { location: ev.data.location } : {}),
      ...(ev.attended !== undefined ? { attended: ev.attended } : {}),
      goals: ev.goals,
      met: met.map(refOf),
    };
  });
  return events.sort((x, y) => {
    if (x.date && y.date) return x.date < y.date ? 1 : x.date > y.date ? -1 : x.name.localeCompare(y.name);
    if (x.date) return -1;
    if (y.date) return 1;
    return x.name.localeCompare(y.name);
  });
}
