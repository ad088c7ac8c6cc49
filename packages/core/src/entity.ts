import type { Problem } from './diagnostics.js';
import type { FrontmatterField, PlainValue } from './frontmatter.js';
import type { ParsedNote } from './parse.js';
import { isRealDate, parseInterval, type Interval } from './dates.js';
import { ENTITY_TYPES, TYPE_FOLDERS, fieldApplies, fieldSpec, type EntityType, type MentorKind, type ProgramStage } from './schema.js';
import { basename } from './fs.js';

/** A person, organization, program or event, read from one note. */
export interface Entity {
  id: string;
  path: string;
  type: EntityType;
  name: string;
  aliases: string[];
  tags: string[];
  /** Every frontmatter field as written (unknown ones too), in a prototype-free object. */
  data: Record<string, PlainValue>;
  role?: string;
  mentor: MentorKind[];
  met?: string;
  lastContact?: string;
  nextAction?: string;
  followUp?: string;
  cadence?: Interval;
  snoozeUntil?: string;
  stage?: ProgramStage;
  deadline?: string;
  date?: string;
  end?: string;
  goals: string[];
  attended?: boolean;
  imgFriendly?: boolean;
}

/** Lower-case top folder → type, e.g. `people/x.md` → person. */
export function typeFromPath(path: string): EntityType | undefined {
  const slash = path.indexOf('/');
  if (slash < 0) return undefined;
  const top = path.slice(0, slash).toLowerCase();
  // Own keys only: a folder named `constructor/` or `__proto__/` is not a type folder.
  return Object.hasOwn(TYPE_FOLDERS, top) ? TYPE_FOLDERS[top] : undefined;
}

export function idFromPath(path: string): string {
  // A slice of the name, where `replace(/\.md$/i, '')` made a new string of pieces (kept with every entity).
  const name = basename(path);
  return MD_END.test(name) ? name.slice(0, -3) : name;
}

const MD_END = /\.md$/i;

/**
 * The prototype of every entity's `data`: an empty frozen object without a prototype, so no
 * field name (`constructor`, `__proto__`, `toString`) finds anything inherited, as with
 * Object.create(null). Objects made by Object.create(null) are dictionaries in V8 (~450 bytes
 * for a person's fields); objects made from this prototype are ordinary fast objects.
 */
const NO_PROTO: object = Object.freeze(Object.create(null) as object);

/** The empty list of an entity without aliases, tags, mentor kinds or goals: one shared frozen list (entities are read, never changed). */
const NO_VALUES = Object.freeze([]) as unknown as string[];

/**
 * Builds the note's entity (or undefined for a plain note) and checks every field against the
 * schema. Problems are pushed with the value's exact range.
 */
export function readEntity(path: string, parsed: ParsedNote, problems: Problem[]): Entity | undefined {
  const fields = parsed.frontmatter.fields;
  const typeField = fields.find((f) => f.key === 'type');
  let type: EntityType | undefined;
  if (typeField && typeField.value !== null) {
    if (typeof typeField.value === 'string' && (ENTITY_TYPES as readonly string[]).includes(typeField.value.trim().toLowerCase())) {
      type = typeField.value.trim().toLowerCase() as EntityType;
    } else {
      problems.push({
        code: 'invalid-value',
        message: `type must be one of ${ENTITY_TYPES.join(', ')}, not '${String(typeField.value)}'.`,
        range: typeField.valueRange,
      });
    }
  }
  type ??= typeFromPath(path);
  if (!type) return undefined;

  const id = idFromPath(path);
  const data = Object.create(NO_PROTO) as Record<string, PlainValue>;
  const e: Entity = { id, path, type, name: id, aliases: NO_VALUES, tags: NO_VALUES, data, mentor: NO_VALUES as MentorKind[], goals: NO_VALUES };
  for (const f of fields) {
    data[f.key] = f.value;
    // An empty value (`follow_up:` or `follow_up: ""`, as templates leave them) means "not set".
    if (f.value === null || (typeof f.value === 'string' && f.value.trim() === '') || f.key === 'type') continue;
    const spec = fieldSpec(f.key);
    if (!spec) {
      problems.push({ code: 'unknown-field', message: `'${f.key}' is not a field of the note format (it is kept as it is).`, range: f.keyRange });
      continue;
    }
    if (!fieldApplies(spec, type)) {
      const on = spec.types === 'all' ? '' : spec.types.join(' or ');
      problems.push({ code: 'unknown-field', message: `'${f.key}' is a field of ${on} notes, and this note is a ${type}.`, range: f.keyRange });
      continue;
    }
    readField(e, f, spec.kind, spec.values, problems);
  }
  return e;
}

function asText(x: PlainValue): string | undefined {
  return typeof x === 'string' ? x : typeof x === 'number' ? String(x) : undefined;
}

/** A list field's items with their ranges (a single value is a list of one). */
function asList(f: FrontmatterField): { value: PlainValue; range: FrontmatterField['valueRange'] }[] {
  const v = f.value;
  return Array.isArray(v) ? (f.items ?? v.map((x) => ({ value: x, range: f.valueRange }))) : [{ value: v, range: f.valueRange }];
}

// Module functions rather than closures: readField runs for every field of every note.
function readField(e: Entity, f: FrontmatterField, kind: string, values: readonly string[] | undefined, problems: Problem[]): void {
  const v = f.value;

  switch (kind) {
    case 'string':
    case 'text':
    case 'link': {
      const s = asText(v);
      if (s === undefined) return invalid(problems, `${f.key} must be text, not ${describe(v)}.`, f.valueRange);
      setText(e, f.key, s);
      return;
    }
    case 'links': {
      for (const item of asList(f)) if (asText(item.value) === undefined && item.value !== null) invalid(problems, `${f.key} must be a link or a list of links, not ${describe(item.value)}.`, item.range);
      return;
    }
    case 'string-list': {
      const out: string[] = [];
      for (const item of asList(f)) {
        const s = asText(item.value);
        if (s === undefined) {
          if (item.value !== null) invalid(problems, `${f.key} must be a list of text, not ${describe(item.value)}.`, item.range);
        } else out.push(s);
      }
      if (f.key === 'aliases') e.aliases = out;
      else if (f.key === 'tags') e.tags = out.map((t) => t.replace(/^#/, ''));
      else if (f.key === 'goals') e.goals = out;
      return;
    }
    case 'enum': {
      const s = asText(v)?.trim().toLowerCase();
      if (s === undefined || !values?.includes(s)) return invalid(problems, `${f.key} must be one of ${values?.join(', ')}, not '${String(v)}'.`, f.valueRange);
      if (f.key === 'stage') e.stage = s as ProgramStage;
      return;
    }
    case 'enum-list': {
      const out: string[] = [];
      for (const item of asList(f)) {
        const s = asText(item.value)?.trim().toLowerCase();
        if (s === undefined || !values?.includes(s)) invalid(problems, `${f.key} values must be among ${values?.join(', ')}, not '${String(item.value)}'.`, item.range);
        else out.push(s);
      }
      if (f.key === 'mentor') e.mentor = out as MentorKind[];
      return;
    }
    case 'date': {
      const s = asText(v);
      // A list or a mapping is the wrong type (invalid-value), not an unreal date.
      if (s === undefined && typeof v === 'object' && v !== null) return invalid(problems, `${f.key} must be a date as YYYY-MM-DD, not ${describe(v)}.`, f.valueRange);
      if (s === undefined || !isRealDate(s)) {
        problems.push({
          code: 'invalid-date',
          message: `${f.key} must be a real calendar date as YYYY-MM-DD, not '${String(v)}'.`,
          range: f.valueRange,
          data: { value: s ?? String(v) },
        });
        return;
      }
      const d = s.trim();
      if (f.key === 'met') e.met = d;
      else if (f.key === 'last_contact') e.lastContact = d;
      else if (f.key === 'follow_up') e.followUp = d;
      else if (f.key === 'snooze_until') e.snoozeUntil = d;
      else if (f.key === 'deadline') e.deadline = d;
      else if (f.key === 'date') e.date = d;
      else if (f.key === 'end') e.end = d;
      return;
    }
    case 'boolean':
      if (typeof v !== 'boolean') return invalid(problems, `${f.key} must be true or false, not ${typeof v === 'object' && v !== null ? describe(v) : `'${String(v)}'`}.`, f.valueRange);
      if (f.key === 'attended') e.attended = v;
      else if (f.key === 'img_friendly') e.imgFriendly = v;
      return;
    case 'interval': {
      const i = parseInterval(v);
      if (!i) return invalid(problems, `${f.key} must be a duration such as 10d, 3 weeks, 6m, 1y, monthly, not ${typeof v === 'object' && v !== null ? describe(v) : `'${String(v)}'`}.`, f.valueRange);
      if (f.key === 'cadence') e.cadence = i;
      return;
    }
  }
}

function invalid(problems: Problem[], message: string, range: FrontmatterField['valueRange']): void {
  problems.push({ code: 'invalid-value', message, range });
}

function setText(e: Entity, key: string, s: string): void {
  if (key === 'name' && s.trim()) e.name = s.trim();
  else if (key === 'role') e.role = s;
  else if (key === 'next_action') e.nextAction = s;
}

function describe(v: PlainValue): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'empty';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} '${String(v)}'`;
}
