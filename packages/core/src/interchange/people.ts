import type { Analysis } from '../analysis.js';
import type { CalendarDate } from '../dates.js';
import type { Entity } from '../entity.js';
import type { PlainValue } from '../frontmatter.js';

/** Display names of a link field: resolved entities by name, unresolved links as written. */
export function linkedNames(a: Analysis, e: Entity, field: string): string[] {
  const note = a.note(e.path);
  if (!note) return [];
  const out: string[] = [];
  for (const l of note.parsed.links) {
    if (l.field !== field) continue;
    const t = a.target(e.path, l);
    const name = t ? t.name : l.target;
    if (name && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Text with links shown as their words: `[[x|Dr. X]]` → `Dr. X`, `[t](u)` → `t`. */
export function plainText(s: string): string {
  return s
    .replace(/!?\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]/g, (_m, target: string, alias: string | undefined) => alias ?? target)
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

export function textField(e: Entity, key: string): string | undefined {
  const v: PlainValue | undefined = e.data[key];
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** A person as a flat record, the one view behind CSV, vCard and the report. */
export interface PersonRow {
  id: string;
  name: string;
  role?: string;
  organizations: string[];
  howWeMet?: string;
  lastDiscussed?: string;
  lastContact?: string;
  nextAction?: string;
  followUp?: string;
  mentor: string[];
  tags: string[];
  email?: string;
  phone?: string;
  linkedin?: string;
  website?: string;
  location?: string;
  notes?: string;
}

export function personRow(a: Analysis, e: Entity, today: CalendarDate): PersonRow {
  const metAt = linkedNames(a, e, 'met_at');
  const introducedBy = linkedNames(a, e, 'introduced_by');
  const how: string[] = [];
  const where = [e.met, metAt.length ? `at ${metAt.join(', ')}` : undefined].filter(Boolean).join(' ');
  if (where) how.push(where);
  if (introducedBy.length) how.push(`introduced by ${introducedBy.join(', ')}`);
  const t = today.toString();
  const past = (a.interactions().get(e.id) ?? []).filter((i) => i.date <= t);
  const lastI = past[past.length - 1];
  const row: PersonRow = {
    id: e.id,
    name: e.name,
    organizations: linkedNames(a, e, 'organization'),
    mentor: [...e.mentor],
    tags: [...e.tags],
  };
  const set = <K extends keyof PersonRow>(k: K, v: PersonRow[K] | undefined) => {
    if (v !== undefined && v !== '') row[k] = v;
  };
  set('role', e.role?.trim());
  set('howWeMet', how.join(', '));
  set('lastDiscussed', lastI ? plainText(lastI.text) : undefined);
  set('lastContact', a.lastContact(e, today));
  set('nextAction', e.nextAction?.trim());
  set('followUp', e.followUp);
  for (const k of ['email', 'phone', 'linkedin', 'website', 'location', 'notes'] as const) set(k, textField(e, k));
  return row;
}

export function people(a: Analysis): Entity[] {
  return a.entities.filter((e) => e.type === 'person').sort((x, y) => (x.name.localeCompare(y.name, 'en') || (x.id < y.id ? -1 : 1)));
}
