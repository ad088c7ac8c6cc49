/**
 * Note templates: the built-in ones, the user's own (a folder named by the config's
 * `templates:`), filling `{{name}}`-style placeholders, and planning where a new note goes.
 *
 * Filling is plain text substitution. Nothing in a template is ever evaluated: there are no
 * expressions, no includes, no scripts. Unknown placeholders are left exactly as written, so
 * templates shared with other tools keep their own syntax.
 */
import type { Config } from './config.js';
import type { FileSystem } from './fs.js';
import { decodeText } from './fs.js';
import { splitFrontmatter } from './frontmatter.js';
import { ENTITY_TYPES, FOLDER_OF_TYPE, type EntityType } from './schema.js';
import type { Workspace } from './workspace.js';

/** What a template makes: an entity of a type, or a plain note (journal entry, draft). */
export type NoteKind = EntityType | 'note';

export interface NoteTemplate {
  /** The name used with `--template` (the file name without `.md` for the user's templates). */
  name: string;
  description: string;
  kind: NoteKind;
  /** Workspace folder new notes go in, e.g. `people`. */
  folder: string;
  /** File name without `.md`, itself a template over the same values, e.g. `{{date}}-meeting-{{id}}`. */
  fileName: string;
  text: string;
  /** `built-in`, or the workspace path of the user's template file. */
  source: string;
}

/** Values a template may use. Every value is plain text; none is interpreted. */
export interface TemplateValues {
  /** `{{name}}`: the name as the user typed it. */
  name: string;
  /** `{{date}}`: the creation date, YYYY-MM-DD. */
  date: string;
  /** `{{type}}`: person, organization, program, event or note. */
  type: string;
  /** `{{org}}`: an organization's name; frontmatter lines that need it are left out when empty. */
  org?: string;
  /** `{{tags}}`: a YAML list in the frontmatter (`[a, b]`), comma-separated elsewhere. */
  tags?: string[];
  /** `{{id}}`: the new note's file name without `.md`. */
  id?: string;
}

export const TEMPLATE_PLACEHOLDERS = ['name', 'date', 'type', 'org', 'tags', 'id'] as const;

// ---------------------------------------------------------------------------------------------
// Built-in templates (written for people who network on purpose; the first user applies to
// psychiatry residency, so the checklists lean that way while staying useful to anyone).

const PERSON = `---
type: person
name: "{{name}}"
aliases: []
tags: {{tags}}
role: ""
organization: "[[{{org}}]]"
# met: {{date}}            # the day you first met; starts the thank-you reminder
# met_at: "[[Where you met]]"
# introduced_by: "[[Who introduced you]]"
# mentor: [clinical]         # clinical, career, near-peer, research
# cadence: 3 months          # how often to keep in touch
# next_action: ""
# follow_up: {{date}}
# email: ""
---

# {{name}}

Who they are, how you met, what they care about, what you talked about.

## Log
`;

const ORGANIZATION = `---
type: organization
name: "{{name}}"
aliases: []
tags: {{tags}}
kind: ""                     # hospital, medical school, society, clinic, ...
parent: "[[{{org}}]]"
location: ""
website: ""
---

# {{name}}

What it is, and why it matters to you.

## People

The people you know here link it from their notes with \`organization: "[[{{name}}]]"\`.

## Log
`;

const PROGRAM = `---
type: program
name: "{{name}}"
aliases: []
tags: {{tags}}
organization: "[[{{org}}]]"
specialty: ""                # e.g. Psychiatry
stage: researching           # researching, target, applied, interview, ranked, matched, declined
# img_friendly: true
# deadline: {{date}}
contacts: []
---

# {{name}}

## Why this program

## What to find out

- Positions per year:
- Graduates of schools abroad in recent classes:
- Visa sponsorship:
- Tracks, research, call schedule:

## Log
`;

const EVENT = `---
type: event
name: "{{name}}"
aliases: []
tags: {{tags}}
# date: {{date}}           # first day
# end: {{date}}            # last day
location: ""
goals:
  - Meet two faculty members or residents from programs on my list
  - Ask one program director what makes an applicant stand out
  - Send every thank-you within three days
attended: false
---

# {{name}}

## Sessions to attend

## People to meet

- Name, role, program: what to ask them

## People met

One line each, linking their notes: \`- {{date}} Talked with [[Name]] about ...\`

## Log
`;

const CONFERENCE_PREP = `---
tags: [conference-prep]
---

# Getting ready for [[{{name}}]]

## Two weeks before

- [ ] Read the program; mark talks by faculty from programs on my list
- [ ] List the people I want to meet, with one question for each
- [ ] Ask my mentors whom they could introduce me to
- [ ] Update my CV and keep a one-page copy on my phone
- [ ] Practise a thirty-second introduction: who I am, why this field, what I am looking for

## At the event

- After each conversation, one line: who, where, what we discussed, what I promised.
- Collect names exactly as written on badges and slides.

## Within three days after

- [ ] A thank-you to everyone I met, naming one thing we discussed
- [ ] A person note for each, with \`met\` and \`met_at: "[[{{name}}]]"\`
- [ ] Set \`attended: true\` on the event and review its goals
`;

const MEETING_LOG = `---
tags: [meeting]
---

# Meeting with [[{{name}}]]

## {{date}} Meeting with [[{{name}}]]

- Where and how:
- What we discussed:
- What they suggested:
- What I promised (make each a task with a due date):

## Next steps

- [ ] Send a thank-you to [[{{name}}]]
`;

const draft = (title: string, subject: string, body: string, checks: string[]) => `---
tags: [draft, outreach]
---

# ${title}: [[{{name}}]]

## Subject

${subject}

## Message

${body}

## Before sending

${[...checks, 'Send it, then tick this with the date it went out: [[{{name}}]]'].map((c) => `- [ ] ${c}`).join('\n')}
`;

const MENTORSHIP_REQUEST = draft(
  'Mentorship request',
  'A student interested in your field: could I ask for 20 minutes of advice?',
  `Dear {{name}},

My name is [your name], and I am a [year] student at [school]. I am preparing to apply to
[specialty] residency, and [how you know of them: their talk, paper, a shared contact] stayed
with me, especially [one specific point].

Would you be open to a short call in the coming weeks? I would value your view on [one or two
concrete questions]. I am glad to work around your schedule.

Thank you for considering it,
[your name]`,
  ['Name one specific thing of theirs you read or heard', 'Keep it under 150 words', 'Attach nothing unless they ask'],
);

const THANK_YOU = draft(
  'Thank-you',
  'Thank you for your time on [day]',
  `Dear {{name}},

Thank you for talking with me at [event or place]. Your advice about [the one thing you
discussed] was exactly what I needed, and I have already [what you did with it].

[If you promised something: As promised, here is ...]

I hope to stay in touch as my application takes shape.

With thanks,
[your name]`,
  ['Send within three days of meeting', 'Mention one thing from the conversation', 'Log the meeting in their note'],
);

const PROGRAM_INTEREST = draft(
  'Interest in the program',
  '[Your name], applicant interested in {{name}}',
  `Dear [program director or coordinator],

I am a [year] student at [school] applying to [specialty] residency this season, and
{{name}} is high on my list because [two reasons specific to this program: a track, a
clinic, a faculty member's work, its patient population].

[One or two sentences on what you bring: clinical experience in the US, research, languages.]

Could you tell me whether [a specific, answerable question: observerships, visa sponsorship,
how to best show interest]? Thank you for your time.

Sincerely,
[your name]
[AAMC ID, if you have one]`,
  ['Check the program web site first; ask only what it does not answer', 'Use the coordinator\'s name if you know it'],
);

const POST_MATCH_UPDATE = draft(
  'Match update',
  'Match news, and thank you',
  `Dear {{name}},

I wanted you to hear it from me: I matched into [specialty] at [program], starting in
[month]. Your [advice, letter, introduction] played a real part in getting here, especially
[one specific thing].

I would be glad to stay in touch as I start residency, and to help students who come after me
the way you helped me.

With gratitude,
[your name]`,
  ['Send within a week of Match Day', 'Thank each person for what they specifically did'],
);

const PLAIN_NOTE = `---
tags: {{tags}}
---

# {{name}}

## {{date}} {{name}}
`;

const entity = (kind: EntityType, description: string, text: string): NoteTemplate => ({
  name: kind,
  description,
  kind,
  folder: FOLDER_OF_TYPE[kind],
  fileName: '{{id}}',
  text,
  source: 'built-in',
});

const note = (name: string, description: string, folder: string, fileName: string, text: string): NoteTemplate => ({
  name,
  description,
  kind: 'note',
  folder,
  fileName,
  text,
  source: 'built-in',
});

export const BUILT_IN_TEMPLATES: readonly NoteTemplate[] = [
  entity('person', 'A contact: role, organization, how you met, a log of every interaction', PERSON),
  entity('organization', 'A hospital, school, society or clinic', ORGANIZATION),
  entity('program', 'A program you may apply to, with its stage and deadline', PROGRAM),
  entity('event', 'A conference or meeting, with your goals for it', EVENT),
  note('note', 'A dated journal note', 'journal', '{{date}}-{{id}}', PLAIN_NOTE),
  note('meeting-log', 'What happened in one meeting with someone, and what you promised', 'journal', '{{date}}-meeting-{{id}}', MEETING_LOG),
  note('conference-prep', 'A checklist for before, during and after a conference', 'journal', '{{date}}-prep-{{id}}', CONFERENCE_PREP),
  note('mentorship-request', 'Draft: asking someone for advice or mentorship', 'drafts', '{{date}}-mentorship-request-{{id}}', MENTORSHIP_REQUEST),
  note('thank-you', 'Draft: thanking someone after meeting them', 'drafts', '{{date}}-thank-you-{{id}}', THANK_YOU),
  note('program-interest', 'Draft: telling a program of your interest before applying', 'drafts', '{{date}}-program-interest-{{id}}', PROGRAM_INTEREST),
  note('post-match-update', 'Draft: telling mentors where you matched', 'drafts', '{{date}}-post-match-update-{{id}}', POST_MATCH_UPDATE),
];

/** Folder for plain notes made from a user's template that says nothing else. */
export const DEFAULT_NOTE_FOLDER = 'journal';

// ---------------------------------------------------------------------------------------------
// The user's templates.

export interface TemplateSet {
  /** By name; the user's templates replace built-ins of the same name. */
  templates: Map<string, NoteTemplate>;
  /** Problems reading the folder, in words (never fatal). */
  problems: string[];
}

/**
 * Built-in templates plus every `*.md` file directly in the config's `templates:` folder. A user
 * template's kind comes from its frontmatter `type:`; without one it keeps the kind and folder of
 * the built-in it replaces, or makes a plain note in `journal/`.
 */
export async function loadTemplates(fs: FileSystem, config: Pick<Config, 'templates'>): Promise<TemplateSet> {
  const templates = new Map<string, NoteTemplate>(BUILT_IN_TEMPLATES.map((t) => [t.name, t]));
  const problems: string[] = [];
  const folder = config.templates;
  if (!folder) return { templates, problems };
  let entries;
  try {
    entries = await fs.readDirectory(folder);
  } catch {
    problems.push(`The templates folder '${folder}/' named in rapport.yaml does not exist; using the built-in templates.`);
    return { templates, problems };
  }
  for (const entry of entries) {
    if (entry.kind !== 'file' && entry.kind !== 'symlink') continue;
    if (!/\.md$/i.test(entry.name)) continue;
    const path = `${folder}/${entry.name}`;
    let text: string;
    try {
      const decoded = decodeText(await fs.readFile(path));
      if (decoded.problem) {
        problems.push(`${path}: ${decoded.problem} (template skipped)`);
        continue;
      }
      text = decoded.text;
    } catch (e) {
      problems.push(`${path} could not be read: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const name = entry.name.replace(/\.md$/i, '').toLowerCase();
    templates.set(name, userTemplate(name, path, text, templates.get(name)));
  }
  return { templates, problems };
}

function userTemplate(name: string, source: string, text: string, builtIn: NoteTemplate | undefined): NoteTemplate {
  const declared = declaredType(text);
  const kind: NoteKind = declared ?? builtIn?.kind ?? 'note';
  const sameKind = builtIn && builtIn.kind === kind;
  return {
    name,
    description: `Your template (${source})`,
    kind,
    folder: sameKind ? builtIn.folder : kind === 'note' ? DEFAULT_NOTE_FOLDER : FOLDER_OF_TYPE[kind],
    fileName: sameKind ? builtIn.fileName : kind === 'note' ? `{{date}}-${name}-{{id}}` : '{{id}}',
    text,
    source,
  };
}

/** The entity type a template's frontmatter declares, read line by line (templates need not be valid YAML). */
export function declaredType(text: string): EntityType | undefined {
  const fm = splitFrontmatter(text);
  if (!fm || !fm.closed) return undefined;
  for (const line of text.slice(fm.contentStart, fm.contentEnd).split(/\r\n|\r|\n/)) {
    const m = /^type:\s*["']?([A-Za-z]+)["']?\s*(#.*)?$/.exec(line);
    if (m) {
      const t = m[1]!.toLowerCase();
      return (ENTITY_TYPES as readonly string[]).includes(t) ? (t as EntityType) : undefined;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Filling a template.

const PLACEHOLDER = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

/** One line of text with control characters (line breaks included) turned into spaces. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function valueOf(values: TemplateValues, key: string): string | string[] | undefined {
  switch (key) {
    case 'name': return clean(values.name);
    case 'date': return clean(values.date);
    case 'type': return clean(values.type);
    case 'org': return values.org === undefined ? '' : clean(values.org);
    case 'tags': return (values.tags ?? []).map((t) => clean(t).replace(/^#/, '')).filter(Boolean);
    case 'id': return values.id === undefined ? '' : clean(values.id);
    default: return undefined;
  }
}

function isEmpty(v: string | string[]): boolean {
  return Array.isArray(v) ? v.length === 0 : v === '';
}

/** Whether position `at` of a YAML line lies inside a double- or single-quoted scalar. */
function quoteContext(line: string, at: number): '"' | "'" | undefined {
  let q: '"' | "'" | undefined;
  for (let i = 0; i < at; i++) {
    const c = line[i];
    if (q === '"') {
      if (c === '\\') i++;
      else if (c === '"') q = undefined;
    } else if (q === "'") {
      if (c === "'") q = undefined;
    } else if (c === '"' || c === "'") {
      // A quote opens a scalar only at the start of a value (after `: `, `- `, `[`, `,` or spaces).
      const before = line.slice(0, i).trimEnd();
      if (before === '' || /[:\-\[,{]$/.test(before)) q = c;
    } else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return undefined; // the rest is a comment
    }
  }
  return q;
}

function yamlFlowList(items: string[]): string {
  return `[${items.map((t) => (/^[\p{L}\p{N}][\p{L}\p{N} _./-]*$/u.test(t) && !/^(true|false|null|yes|no|~)$/i.test(t) ? t : JSON.stringify(t))).join(', ')}]`;
}

/** A value written in a frontmatter line, made safe for where it stands. */
function yamlValue(line: string, start: number, end: number, key: string, v: string | string[]): { text: string; midText?: boolean } {
  const text = Array.isArray(v) ? v.join(', ') : v;
  const inLink = line.slice(Math.max(0, start - 2), start) === '[[';
  const plain = inLink ? text.replace(/[[\]|#^]/g, ' ').replace(/\s+/g, ' ').trim() : text;
  const q = quoteContext(line, start);
  if (q === '"') return { text: plain.replace(/\\/g, '\\\\').replace(/"/g, '\\"') };
  if (q === "'") return { text: plain.replace(/'/g, "''") };
  // Unquoted: when the placeholder is the whole value, write a well-formed YAML value.
  const before = line.slice(0, start);
  const after = line.slice(end);
  const whole = /^\s*(-\s+|[^\s#:][^:#]*:\s*)$/.test(before) && /^\s*(#.*)?$/.test(after);
  if (whole) {
    if (key === 'tags') return { text: Array.isArray(v) ? yamlFlowList(v) : JSON.stringify(text) };
    if (key === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(text)) return { text };
    return { text: JSON.stringify(plain) };
  }
  return { text: plain, midText: true };
}

/**
 * A plain (unquoted) YAML value mixing text and placeholders, `title: Meeting {{name}}`: filled
 * as it is when the result is still a safe plain scalar, else the whole value is double-quoted.
 */
function quoteMixedValue(line: string, values: TemplateValues): string | undefined {
  const m = /^(\s*(?:-\s+|[^\s#:'"][^:#]*:\s+))(.*?)(\s+#.*)?$/.exec(line);
  if (!m) return undefined;
  const fill = (s: string) =>
    s.replace(PLACEHOLDER, (whole, key: string) => {
      const v = valueOf(values, key.toLowerCase());
      return v === undefined ? whole : Array.isArray(v) ? v.join(', ') : v;
    });
  const value = fill(m[2]!);
  const safe = /^[\p{L}\p{N}][\p{L}\p{N} .,_()/'&+-]*$/u.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value);
  return `${m[1]}${safe ? value : JSON.stringify(value)}${fill(m[3] ?? '')}`;
}

/**
 * Fills a template. In the frontmatter each value is escaped for the spot it fills (inside
 * double quotes, single quotes, or as a whole value), and a line that needs a value that was not
 * given (`{{org}}`, `{{tags}}`) is left out, so no empty field lands in the note. In the body,
 * values are inserted as they are. Unknown placeholders stay as written.
 */
export function renderTemplate(text: string, values: TemplateValues): string {
  const fm = splitFrontmatter(text);
  const fmStart = fm && fm.closed ? fm.contentStart : -1;
  const fmEnd = fm && fm.closed ? fm.contentEnd : -1;
  let out = '';
  let pos = 0;
  // Walk line by line, keeping each line's own break.
  const lineRe = /[^\r\n]*(\r\n|\r|\n|$)/g;
  for (;;) {
    lineRe.lastIndex = pos;
    const m = lineRe.exec(text);
    if (!m || m[0] === '') break;
    const lineStart = pos;
    pos += m[0].length;
    const eol = m[1]!;
    const line = m[0].slice(0, m[0].length - eol.length);
    const inFrontmatter = lineStart >= fmStart && lineStart < fmEnd;
    if (!inFrontmatter) {
      out += line.replace(PLACEHOLDER, (whole, key: string) => {
        const v = valueOf(values, key.toLowerCase());
        return v === undefined ? whole : Array.isArray(v) ? v.join(', ') : v;
      }) + eol;
      continue;
    }
    let drop = false;
    let midText = false;
    let filled = line.replace(PLACEHOLDER, (whole, key: string, offset: number) => {
      const k = key.toLowerCase();
      const v = valueOf(values, k);
      if (v === undefined) return whole;
      if (isEmpty(v) && !/^\s*#/.test(line)) drop = true;
      const r = yamlValue(line, offset, offset + whole.length, k, v);
      if (r.midText) midText = true;
      return r.text;
    });
    if (midText) filled = quoteMixedValue(line, values) ?? filled;
    if (!drop) out += filled + eol;
  }
  // Every frontmatter line was left out: leave out the empty block too.
  if (fm && fm.closed && text.slice(fm.contentStart, fm.contentEnd).trim() !== '') {
    out = out.replace(/^(\uFEFF?)---[ \t]*(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\r|\n|$)(?:\r\n|\r|\n)?/, '$1');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// File names.

const HONORIFICS = /^(dr|doctor|prof|professor|mr|mrs|ms|miss|mx|sir|dame|rev)\.?\s+/i;
const CREDENTIALS = new Set(['md', 'do', 'phd', 'mph', 'mba', 'ms', 'msc', 'mbbs', 'mbchb', 'facp', 'fapa', 'dfapa', 'rn', 'np', 'pa', 'pa-c', 'lcsw', 'psyd', 'jr', 'sr', 'ii', 'iii']);

/**
 * A readable file name (without `.md`) for a name: lower case, accents dropped, every run of other
 * characters a single `-`. For people, titles and credentials are dropped too, so "Dr. Jane
 * Smith, MD" becomes `jane-smith`; the note keeps the full name in `name:`, so links by that name
 * still resolve. Letters of any script are kept. Undefined when nothing usable is left.
 */
export function slugify(name: string, kind: NoteKind = 'note'): string | undefined {
  let s = clean(name);
  if (kind === 'person') {
    let prev;
    do {
      prev = s;
      s = s.replace(HONORIFICS, '');
    } while (s !== prev);
    const parts = s.split(',');
    while (parts.length > 1 && parts[parts.length - 1]!.trim().split(/\s+/).every((w) => CREDENTIALS.has(w.toLowerCase().replace(/\./g, '')))) parts.pop();
    s = parts.join(',');
    const words = s.split(/\s+/);
    while (words.length > 1 && CREDENTIALS.has(words[words.length - 1]!.toLowerCase().replace(/\./g, ''))) words.pop();
    s = words.join(' ');
    if (!slugOnly(s)) s = clean(name);
  }
  return slugOnly(s);
}

function slugOnly(s: string): string | undefined {
  let out = s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLocaleLowerCase('en-US')
    .replace(/['’`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  if (out.length > 80) out = out.slice(0, 80).replace(/-[^-]*$/, '') || out.slice(0, 80);
  if (!out) return undefined;
  // Names some systems refuse as file names.
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/.test(out)) out = `${out}-note`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Planning a new note.

export interface NewNoteRequest {
  /** An entity type, `note`, or the name of a template (which then decides the kind). */
  kind: string;
  name: string;
  /** Template name; default: the one named like the kind. */
  template?: string;
  date: string;
  org?: string;
  tags?: string[];
}

export type NewNotePlan =
  | {
      ok: true;
      /** Workspace path of the new note, `/` separators. */
      path: string;
      text: string;
      template: NoteTemplate;
      kind: NoteKind;
      /** Things the user should know (an organization that is not in the notes yet, an unused option). */
      notes: string[];
    }
  | {
      ok: false;
      /** `usage`: the request itself is wrong (unknown template, a name with no letters);
       *  `exists`: a note or entity by that name already exists. */
      reason: 'usage' | 'exists';
      message: string;
      /** Paths of notes in the way. */
      existing?: string[];
    };

const KIND_WORDS: Record<string, NoteKind> = {
  person: 'person', people: 'person',
  organization: 'organization', organisation: 'organization', org: 'organization', organizations: 'organization',
  program: 'program', programme: 'program', programs: 'program',
  event: 'event', events: 'event',
  note: 'note',
};

/** Decides the template and kind for a request, or says why not. */
export function chooseTemplate(templates: Map<string, NoteTemplate>, kindWord: string, templateName?: string): { template: NoteTemplate; kind: NoteKind } | { error: string } {
  const k = kindWord.trim().toLowerCase();
  const kind = Object.hasOwn(KIND_WORDS, k) ? KIND_WORDS[k] : undefined;
  const names = () => [...templates.keys()].sort().join(', ');
  if (templateName !== undefined) {
    const t = templates.get(templateName.trim().toLowerCase().replace(/\.md$/i, ''));
    if (!t) return { error: `no template named '${templateName}'. Templates: ${names()}` };
    if (kind === undefined) {
      if (templates.has(k)) return { error: `give either a template as the first word or --template, not both` };
      return { error: `'${kindWord}' is not a kind of note: use person, organization, program, event or note` };
    }
    if (t.kind !== kind) {
      return { error: `template '${t.name}' makes ${article(t.kind)} note, not ${article(kind)} note` };
    }
    return { template: t, kind };
  }
  if (kind !== undefined) {
    const t = templates.get(kind);
    if (!t) return { error: `no template named '${kind}'. Templates: ${names()}` };
    return { template: t, kind: t.kind };
  }
  const t = templates.get(k);
  if (t) return { template: t, kind: t.kind };
  return { error: `'${kindWord}' is neither a kind of note (person, organization, program, event, note) nor a template (${names()})` };
}

function article(kind: NoteKind): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

/**
 * Plans a new note: where it goes (the kind's folder, a readable file name) and its text. It
 * refuses when a note already has that path, or when an entity already answers to that name.
 * The caller writes the file (and must still refuse if it appeared in the meantime).
 */
export function planNewNote(ws: Workspace, templates: Map<string, NoteTemplate>, req: NewNoteRequest): NewNotePlan {
  const name = clean(req.name);
  if (!name) return { ok: false, reason: 'usage', message: 'the name is empty' };
  const chosen = chooseTemplate(templates, req.kind, req.template);
  if ('error' in chosen) return { ok: false, reason: 'usage', message: chosen.error };
  const { template, kind } = chosen;
  const id = slugify(name, kind);
  if (!id) return { ok: false, reason: 'usage', message: `'${name}' has no letters or digits to make a file name from` };
  const a = ws.analysis();
  const notes: string[] = [];

  let org = req.org === undefined ? undefined : clean(req.org);
  if (org) {
    const hits = a.lookup(org);
    if (hits.length === 1) org = hits[0]!.name;
    else if (hits.length === 0) notes.push(`no note is named '${org}' yet: the link stays a placeholder until you create it`);
    else notes.push(`'${org}' names ${hits.length} notes (${hits.map((h) => h.path).join(', ')}): the link is ambiguous`);
  }
  const tags = (req.tags ?? []).map((t) => clean(t).replace(/^#/, '')).filter(Boolean);
  const values: TemplateValues = { name, date: req.date, type: kind, id, tags, ...(org ? { org } : {}) };
  const uses = (key: string) => new RegExp(`\\{\\{\\s*${key}\\s*\\}\\}`, 'i').test(template.text);
  if (org && !uses('org')) notes.push(`the '${template.name}' template has no {{org}}: --org was not used`);
  if (tags.length > 0 && !uses('tags')) notes.push(`the '${template.name}' template has no {{tags}}: --tag was not used`);

  const fileId = slugOnly(renderTemplate(template.fileName, values).replace(/\//g, '-')) ?? id;
  const path = `${template.folder}/${fileId}.md`;
  const lower = path.toLowerCase();
  const clash = [...ws.notes.keys()].filter((p) => p.toLowerCase() === lower);
  if (clash.length > 0) return { ok: false, reason: 'exists', message: `${clash[0]} already exists`, existing: clash };
  if (kind !== 'note') {
    const taken = [...new Set([...a.lookup(name), ...a.lookup(fileId)])];
    if (taken.length > 0) {
      return {
        ok: false,
        reason: 'exists',
        message: `'${name}' already names ${taken.map((e) => e.path).join(', ')}`,
        existing: taken.map((e) => e.path),
      };
    }
  }
  const text = renderTemplate(template.text, values);
  return { ok: true, path, text, template, kind, notes };
}

/**
 * The user's own template that `rapport new <kind>` would use (their `templates/<kind>.md` in the
 * configured folder), or undefined when that would be the built-in one. Imports use it so new
 * notes start from the user's template, and keep their own plain layout otherwise.
 */
export function ownTemplateFor(templates: Map<string, NoteTemplate>, kind: EntityType): NoteTemplate | undefined {
  const chosen = chooseTemplate(templates, kind);
  if ('error' in chosen) return undefined;
  return chosen.template.source !== 'built-in' && chosen.kind === kind ? chosen.template : undefined;
}

/** Whether a name is one of the template placeholders (for editors' completion). */
export function isTemplatePlaceholder(key: string): boolean {
  return (TEMPLATE_PLACEHOLDERS as readonly string[]).includes(key.toLowerCase());
}
