/**
 * The one definition of every note field. Types, validation, completion, hover text and the
 * docs all come from this table; nothing else in the project lists fields.
 */

export const ENTITY_TYPES = ['person', 'organization', 'program', 'event'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Top folders that give a note its type when the frontmatter does not. */
export const TYPE_FOLDERS: Record<string, EntityType> = {
  people: 'person',
  organizations: 'organization',
  programs: 'program',
  events: 'event',
};

/** The folder each type's new notes go in (the inverse of TYPE_FOLDERS). */
export const FOLDER_OF_TYPE: Record<EntityType, string> = {
  person: 'people',
  organization: 'organizations',
  program: 'programs',
  event: 'events',
};

export const MENTOR_KINDS = ['clinical', 'career', 'near-peer', 'research'] as const;
export type MentorKind = (typeof MENTOR_KINDS)[number];

export const PROGRAM_STAGES = ['researching', 'target', 'applied', 'interview', 'ranked', 'matched', 'declined'] as const;
export type ProgramStage = (typeof PROGRAM_STAGES)[number];

/** Stages in which a program's deadline is still something to act on. */
export const OPEN_STAGES: readonly ProgramStage[] = ['researching', 'target'];

export type FieldKind =
  | 'enum' // one value from `values`
  | 'enum-list' // a list of values from `values`
  | 'string'
  | 'text'
  | 'string-list'
  | 'date'
  | 'link' // one quoted wikilink (or a plain name)
  | 'links' // one or more links
  | 'boolean'
  | 'interval';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  /** Entity types the field belongs to; `all` for every entity (and plain notes). */
  types: readonly EntityType[] | 'all';
  doc: string;
  values?: readonly string[];
  example: string;
  /** The graph edge the field's links make. */
  edge?: EdgeKind;
}

export type EdgeKind = 'works-at' | 'met-at' | 'introduced-by' | 'mentions' | 'member-of' | 'part-of';

export const FIELDS: readonly FieldSpec[] = [
  { key: 'type', kind: 'enum', types: 'all', values: ENTITY_TYPES, example: 'person',
    doc: 'What the note describes: person, organization, program or event. Without it, the top folder decides (people/, organizations/, programs/, events/).' },
  { key: 'name', kind: 'string', types: 'all', example: 'Dr. Jane Smith',
    doc: 'Display name. Links may use it. Defaults to the file name.' },
  { key: 'aliases', kind: 'string-list', types: 'all', example: '[Jane, Dr. Smith]',
    doc: 'Other names links may use to reach this entity.' },
  { key: 'tags', kind: 'string-list', types: 'all', example: '[resident, apa]',
    doc: 'Free labels. A tag can pick a default keep-in-touch cadence from rapport.yaml.' },
  { key: 'notes', kind: 'text', types: 'all', example: 'Prefers email on Fridays',
    doc: 'Free text about this entity.' },
  { key: 'role', kind: 'string', types: ['person'], example: 'Program Director',
    doc: 'Their role, e.g. "Program Director", "PGY-2 resident", "Attending".' },
  { key: 'organization', kind: 'links', types: ['person', 'program'], example: '"[[Riverside Medical Center]]"', edge: 'works-at',
    doc: 'Where they work or study (a person), or the institution that runs it (a program). A quoted wikilink, a list of them, or a plain name.' },
  { key: 'mentor', kind: 'enum-list', types: ['person'], values: MENTOR_KINDS, example: '[clinical, research]',
    doc: 'The kinds of mentoring this person gives you: clinical, career, near-peer, research.' },
  { key: 'met', kind: 'date', types: ['person'], example: '2026-05-18',
    doc: 'The date you first met. Starts the thank-you reminder.' },
  { key: 'met_at', kind: 'link', types: ['person'], example: '"[[APA Annual Meeting 2026]]"', edge: 'met-at',
    doc: 'Where you met: a link to an event or a place.' },
  { key: 'introduced_by', kind: 'link', types: ['person'], example: '"[[Dr. Maria Lopez]]"', edge: 'introduced-by',
    doc: 'Who introduced you: a link to a person.' },
  { key: 'last_contact', kind: 'date', types: ['person'], example: '2026-11-02',
    doc: 'The last time you were in touch. Logged interactions count too; the latest wins.' },
  { key: 'next_action', kind: 'text', types: ['person'], example: 'Send updated CV',
    doc: 'What you mean to do next with this person.' },
  { key: 'follow_up', kind: 'date', types: ['person'], example: '2026-12-01',
    doc: 'When the next action is due.' },
  { key: 'cadence', kind: 'interval', types: ['person'], example: '3 months',
    doc: 'How often to keep in touch: 10d, 3 weeks, 6m, 1y, monthly, quarterly, ... Overrides the defaults in rapport.yaml.' },
  { key: 'snooze_until', kind: 'date', types: ['person'], example: '2026-12-15',
    doc: 'No keep-in-touch or thank-you reminder before this date.' },
  { key: 'email', kind: 'string', types: ['person'], example: 'jane.smith@example.org', doc: 'Email address.' },
  { key: 'phone', kind: 'string', types: ['person'], example: '+1 555 0100', doc: 'Phone number.' },
  { key: 'linkedin', kind: 'string', types: ['person'], example: 'https://www.linkedin.com/in/jane-smith', doc: 'LinkedIn profile.' },
  { key: 'website', kind: 'string', types: ['person', 'organization'], example: 'https://example.org', doc: 'Web site.' },
  { key: 'location', kind: 'string', types: ['person', 'organization', 'event'], example: 'Boston, MA', doc: 'Where they are, or where it takes place.' },
  { key: 'kind', kind: 'string', types: ['organization'], example: 'hospital',
    doc: 'What sort of organization: hospital, school, society, ...' },
  { key: 'parent', kind: 'link', types: ['organization'], example: '"[[Riverside Health System]]"', edge: 'part-of',
    doc: 'The organization this one belongs to.' },
  { key: 'specialty', kind: 'string', types: ['program'], example: 'Psychiatry', doc: 'The specialty of the program.' },
  { key: 'stage', kind: 'enum', types: ['program'], values: PROGRAM_STAGES, example: 'target',
    doc: 'Where you stand with the program: researching, target, applied, interview, ranked, matched, declined.' },
  { key: 'img_friendly', kind: 'boolean', types: ['program'], example: 'true',
    doc: 'Whether the program takes international medical graduates.' },
  { key: 'deadline', kind: 'date', types: ['program'], example: '2026-09-15',
    doc: 'Application deadline; a follow-up while the stage is researching or target.' },
  { key: 'contacts', kind: 'links', types: ['program'], example: '["[[Dr. Jane Smith]]"]', edge: 'member-of',
    doc: 'People you know at the program.' },
  { key: 'date', kind: 'date', types: ['event'], example: '2026-05-16', doc: 'When the event starts.' },
  { key: 'end', kind: 'date', types: ['event'], example: '2026-05-20', doc: 'When the event ends.' },
  { key: 'goals', kind: 'string-list', types: ['event'], example: '[Meet two program directors]',
    doc: 'What you want from the event.' },
  { key: 'attended', kind: 'boolean', types: ['event'], example: 'true', doc: 'Whether you went.' },
];

const BY_KEY = new Map(FIELDS.map((f) => [f.key, f]));

export function fieldSpec(key: string): FieldSpec | undefined {
  return BY_KEY.get(key);
}

export function fieldsFor(type: EntityType | undefined): FieldSpec[] {
  return FIELDS.filter((f) => f.types === 'all' || (type !== undefined && f.types.includes(type)));
}

/** Whether a field belongs to a type (fields of other types are still kept, but flagged as unknown). */
export function fieldApplies(spec: FieldSpec, type: EntityType | undefined): boolean {
  return spec.types === 'all' || type === undefined || spec.types.includes(type);
}

/** Markdown hover text for a field, from the table. */
export function fieldHover(spec: FieldSpec): string {
  const on = spec.types === 'all' ? 'any note' : spec.types.join(', ');
  const values = spec.values ? `\n\nValues: ${spec.values.map((v) => `\`${v}\``).join(', ')}` : '';
  return `**${spec.key}** (${kindLabel(spec.kind)}, on ${on})\n\n${spec.doc}${values}\n\nExample: \`${spec.key}: ${spec.example}\``;
}

function kindLabel(k: FieldKind): string {
  switch (k) {
    case 'enum': return 'one of a set';
    case 'enum-list': return 'list from a set';
    case 'string-list': return 'list of text';
    case 'interval': return 'duration';
    case 'links': return 'link or list of links';
    default: return k;
  }
}

/** Config keys of rapport.yaml, documented in the same way. */
export interface ConfigSpec {
  key: string;
  doc: string;
  example: string;
}

export const CONFIG_FIELDS: readonly ConfigSpec[] = [
  { key: 'timezone', example: 'America/New_York', doc: 'IANA time zone that decides what "today" is. Default: the system zone.' },
  { key: 'today', example: '2026-11-25', doc: 'Pins "today" for reproducible reports.' },
  { key: 'upcoming', example: '7 days', doc: 'How far ahead a follow-up counts as upcoming.' },
  { key: 'thank_you_within', example: '3 days', doc: 'How soon after meeting someone the thank-you is due.' },
  { key: 'cadence', example: '{ mentor: 6 months }', doc: 'Default keep-in-touch interval by tag or mentor kind; `mentor` matches any mentor. Shortest match wins.' },
  { key: 'ignore', example: '[archive/**, templates/**]', doc: 'Paths (gitignore syntax) that are not read.' },
  { key: 'templates', example: 'templates/', doc: "Folder of the user's own note templates." },
  { key: 'severity', example: '{ unknown-field: hint, upcoming: off }', doc: 'Severity per diagnostic code: error, warning, information, hint or off.' },
];
