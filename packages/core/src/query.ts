/**
 * Entity queries: by type, by tags, and by any frontmatter field (`field=value`, `field!=value`,
 * `<`/`>`/`<=`/`>=` on dates and numbers, `~` contains, a bare `field` for "has a value" and
 * `!field` for "has none"). Used by `rapport query` and by editors. Also: finding one entity by
 * a name the user typed, with candidates when that fails.
 */
import type { Analysis } from './analysis.js';
import { addInterval, parseDate, parseInterval, type CalendarDate } from './dates.js';
import type { Entity } from './entity.js';
import type { PlainValue } from './frontmatter.js';
import { ENTITY_TYPES, type EntityType } from './schema.js';
import { nameKey } from './text.js';

export const QUERY_OPERATORS = ['=', '!=', '<', '>', '<=', '>=', '~', 'exists', 'missing'] as const;
export type QueryOperator = (typeof QUERY_OPERATORS)[number];

export interface Condition {
  field: string;
  op: QueryOperator;
  /** Empty for `exists` and `missing`. */
  value: string;
}

export interface EntityQuery {
  /** Any of these types (all when empty). */
  types?: EntityType[];
  /** Every one of these tags (case-insensitive, a leading `#` ignored). */
  tags?: string[];
  /** Every condition must hold. */
  where?: Condition[];
  /** Today, for `today`-relative values (`met<today-90d`) and the `contacted` field. */
  today?: CalendarDate;
}

/**
 * Fields every entity has, besides its frontmatter. `contacted` is a person's effective last
 * contact (the latest of `last_contact` and every logged interaction up to today).
 */
export const BUILT_IN_QUERY_FIELDS = ['id', 'type', 'name', 'aliases', 'tags', 'path', 'contacted'] as const;

/** `today`, `today-90d`, `today + 2 weeks` → the date it names, given today. */
export function relativeDate(text: string, today: CalendarDate | undefined): string | undefined {
  const m = /^\s*today\s*(?:([+-])\s*(.+?))?\s*$/i.exec(text);
  if (!m) return undefined;
  if (!today) return undefined;
  if (!m[1]) return today.toString();
  const i = parseInterval(m[2]!);
  if (!i) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  return addInterval(today, { years: sign * i.years, months: sign * i.months, weeks: sign * i.weeks, days: sign * i.days }).toString();
}

function isRelativeDate(text: string): boolean {
  const m = /^\s*today\s*(?:([+-])\s*(.+?))?\s*$/i.exec(text);
  return Boolean(m && (!m[1] || parseInterval(m[2]!)));
}

const CONDITION = /^\s*([A-Za-z_][\w.-]*)\s*(<=|>=|!=|=|<|>|~)\s*(.*?)\s*$/s;

/** Reads `field=value` and friends. Quotes around the value are removed. */
export function parseCondition(text: string): Condition | { error: string } {
  const bare = /^\s*(!)?\s*([A-Za-z_][\w.-]*)\s*$/.exec(text);
  if (bare) return { field: bare[2]!, op: bare[1] ? 'missing' : 'exists', value: '' };
  const m = CONDITION.exec(text);
  if (!m) return { error: `'${text}' is not a condition: write field=value, field!=value, field<date, field>date, field~text, field or !field` };
  let value = m[3]!;
  if (value.length >= 2 && ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))) value = value.slice(1, -1);
  const op = m[2] as QueryOperator;
  if ((op === '<' || op === '>' || op === '<=' || op === '>=') && !parseDate(value) && !isNumber(value) && !isRelativeDate(value)) {
    return { error: `'${text}': ${op} compares dates (YYYY-MM-DD, today, today-90d) or numbers, and '${value}' is neither` };
  }
  return { field: m[1]!, op, value };
}

/** Parses `--type` words, accepting plurals (`people`, `programs`). */
export function parseEntityType(word: string): EntityType | undefined {
  const w = word.trim().toLowerCase();
  const map: Record<string, EntityType> = { people: 'person', persons: 'person', organizations: 'organization', organisation: 'organization', organisations: 'organization', org: 'organization', orgs: 'organization', programs: 'program', programme: 'program', programmes: 'program', events: 'event' };
  if ((ENTITY_TYPES as readonly string[]).includes(w)) return w as EntityType;
  return Object.hasOwn(map, w) ? map[w] : undefined;
}

/** The entities matching a query, in path order. */
export function queryEntities(a: Analysis, q: EntityQuery): Entity[] {
  return a.entities.filter((e) => entityMatches(a, e, q));
}

export function entityMatches(a: Analysis, e: Entity, q: EntityQuery): boolean {
  if (q.types && q.types.length > 0 && !q.types.includes(e.type)) return false;
  if (q.tags && q.tags.length > 0) {
    const have = new Set(e.tags.map((t) => nameKey(t.replace(/^#/, ''))));
    if (!q.tags.every((t) => have.has(nameKey(t.replace(/^#/, ''))))) return false;
  }
  for (const c of q.where ?? []) if (!conditionHolds(a, e, c, q.today)) return false;
  return true;
}

/** fieldValues plus the fields that need the whole workspace and today (`contacted`). */
export function queryFieldValues(a: Analysis, e: Entity, field: string, today?: CalendarDate): string[] {
  if (field === 'contacted') {
    if (e.type !== 'person' || !today) return [];
    const last = a.lastContact(e, today);
    return last ? [last] : [];
  }
  return fieldValues(e, field);
}

/** The values of a field on an entity, as text: one per list item, link brackets removed. */
export function fieldValues(e: Entity, field: string): string[] {
  switch (field) {
    case 'id': return [e.id];
    case 'type': return [e.type];
    case 'name': return [e.name];
    case 'aliases': return e.aliases;
    case 'tags': return e.tags;
    case 'path': case 'file': return [e.path];
  }
  const raw = field in e.data ? e.data[field] : findKey(e.data, field);
  return flatten(raw).map(unlink);
}

function findKey(data: Record<string, PlainValue>, field: string): PlainValue | undefined {
  const lower = field.toLowerCase();
  for (const k of Object.keys(data)) if (k.toLowerCase() === lower) return data[k];
  return undefined;
}

function flatten(v: PlainValue | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap((x) => flatten(x));
  if (typeof v === 'object') return [];
  const s = String(v).trim();
  return s === '' ? [] : [s];
}

/** `[[Jane Smith|Dr. Smith]]` → `Jane Smith`; other text unchanged. */
function unlink(s: string): string {
  const m = /^\[\[([^\]|#]*)(#[^\]|]*)?(\|[^\]]*)?\]\]$/.exec(s.trim());
  return m ? m[1]!.trim() : s;
}

function isNumber(s: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(s.trim());
}

function conditionHolds(a: Analysis, e: Entity, c: Condition, today: CalendarDate | undefined): boolean {
  const values = queryFieldValues(a, e, c.field, today);
  if (c.op !== '~' && c.op !== 'exists' && c.op !== 'missing' && isRelativeDate(c.value)) {
    const d = relativeDate(c.value, today);
    if (d === undefined) return false;
    c = { ...c, value: d };
  }
  switch (c.op) {
    case 'exists': return values.length > 0;
    case 'missing': return values.length === 0;
    case '=': return equalsAny(a, e, c.field, values, c.value);
    case '!=': return !equalsAny(a, e, c.field, values, c.value);
    case '~': {
      const want = nameKey(c.value);
      return values.some((v) => nameKey(v).includes(want));
    }
    default: {
      const cmp = (v: string): number | undefined => {
        const d1 = parseDate(v);
        const d2 = parseDate(c.value);
        if (d1 && d2) return v.trim() < c.value.trim() ? -1 : v.trim() > c.value.trim() ? 1 : 0;
        if (isNumber(v) && isNumber(c.value)) return Number(v) - Number(c.value);
        return undefined;
      };
      return values.some((v) => {
        const r = cmp(v);
        if (r === undefined) return false;
        return c.op === '<' ? r < 0 : c.op === '>' ? r > 0 : c.op === '<=' ? r <= 0 : r >= 0;
      });
    }
  }
}

/**
 * Equality ignores case and spacing. For fields holding links it also compares what the links
 * reach: `organization=riverside-mc` matches `"[[Riverside Medical Center]]"` when both name the
 * same entity.
 */
function equalsAny(a: Analysis, e: Entity, field: string, values: string[], wanted: string): boolean {
  const w = unlink(wanted);
  const key = nameKey(w);
  if (values.some((v) => nameKey(v) === key)) return true;
  const targets = a.lookup(w);
  if (targets.length === 0) return false;
  const note = a.note(e.path);
  if (!note) return false;
  for (const link of note.parsed.links) {
    if (link.field === undefined || link.field.toLowerCase() !== field.toLowerCase()) continue;
    const t = a.target(e.path, link);
    if (t && targets.includes(t)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

export type EntityMatch =
  | { status: 'found'; entity: Entity }
  | { status: 'ambiguous'; candidates: Entity[] }
  | { status: 'none'; suggestions: Entity[] };

/**
 * One entity by workspace path, id, name or alias (case-insensitive), as links resolve. When none matches, the
 * suggestions are entities whose names contain the words typed, or the other way round.
 */
export function findEntity(a: Analysis, name: string, limit = 8): EntityMatch {
  // A workspace path (`people/jane-smith` or `people/jane-smith.md`) picks one note even when
  // names or file names repeat across folders.
  if (name.includes('/')) {
    const p = name.trim().replace(/\\/g, '/').replace(/^\.\//, '').toLowerCase();
    const want = p.endsWith('.md') ? p : `${p}.md`;
    const byPath = a.entities.find((e) => e.path.toLowerCase() === want);
    if (byPath) return { status: 'found', entity: byPath };
  }
  const hits = [...new Set(a.lookup(name))];
  if (hits.length === 1) return { status: 'found', entity: hits[0]! };
  if (hits.length > 1) return { status: 'ambiguous', candidates: hits };
  const loose = (s: string) => nameKey(s).normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const q = loose(name);
  const words = q.split(' ').filter((w) => w.length > 1);
  if (!q) return { status: 'none', suggestions: [] };
  const scored: { e: Entity; score: number }[] = [];
  for (const e of a.entities) {
    let best = 0;
    for (const n of [e.id, e.name, ...e.aliases]) {
      const k = loose(n);
      if (!k) continue;
      let s = 0;
      if (k === q) s = 4;
      else if (k.includes(q) || q.includes(k)) s = 3;
      else if (words.length > 0 && words.every((w) => k.includes(w))) s = 2;
      else if (words.some((w) => w.length > 2 && k.split(' ').includes(w))) s = 1;
      best = Math.max(best, s);
    }
    if (best > 0) scored.push({ e, score: best });
  }
  scored.sort((x, y) => y.score - x.score || (x.e.name < y.e.name ? -1 : 1));
  return { status: 'none', suggestions: scored.slice(0, limit).map((s) => s.e) };
}
