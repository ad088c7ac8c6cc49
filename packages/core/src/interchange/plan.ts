import type { Analysis } from '../analysis.js';
import type { CalendarDate } from '../dates.js';
import { parseDate } from '../dates.js';
import type { Entity } from '../entity.js';
import { appendLogEntry, applyEdits, EditError, setFrontmatterField, yamlScalar } from '../edits.js';
import { getField, type PlainValue } from '../frontmatter.js';
import { renderTemplate, type NoteTemplate, type TemplateValues } from '../templates.js';
import { parseNote } from '../parse.js';
import { LineIndex, nameKey } from '../text.js';
import type { ContactParse, ContactRecord, RecordProblem } from './contacts.js';
import { textField } from './people.js';

export interface ImportOptions {
  /** Words for the note's provenance line, e.g. `contacts.vcf` or `LinkedIn (Connections.csv)`. */
  source: string;
  today: CalendarDate;
  /** Folder for new notes (default `people`). */
  folder?: string;
  /**
   * The user's person template (`ownTemplateFor(templates, 'person')`): new notes start from it,
   * filled as `rapport new person` fills it, then given the contact's fields. Without it, new
   * notes get the plain layout of `plainNote`.
   */
  personTemplate?: NoteTemplate;
}

export type PlanItem =
  | { action: 'create'; line: number; name: string; path: string; text: string; fields: string[] }
  | { action: 'merge'; line: number; name: string; path: string; text: string; fields: string[]; matchedBy: 'email' | 'name' }
  | { action: 'skip'; line: number; name?: string; reason: string };

export interface ImportPlan {
  items: PlanItem[];
  /** Problems met while reading the file (bad records, bad values). */
  problems: RecordProblem[];
  counts: { created: number; merged: number; skipped: number };
}

/**
 * A file name for a person: lower-case words joined by `-`, accents dropped, letters of any script
 * kept (as `rapport new` keeps them; an ASCII-only rule turned 'Łukasiewicz' into 'ukasiewicz' and
 * any Cyrillic or CJK name into 'contact'); never empty, never a path.
 */
export function safeFileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return stem || 'contact';
}

function oneLine(s: string | undefined): string | undefined {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
}

/** A wikilink to a name when the name can be one, else the plain name (which is matched by name). */
function linkTo(a: Analysis, name: string): string {
  const hits = a.lookup(name).filter((e) => e.type === 'organization' || e.type === 'program');
  const target = hits.length === 1 ? hits[0]!.name : name;
  return /[[\]|#^]/.test(target) ? target : `[[${target}]]`;
}

/**
 * A YAML value on one line: text with line breaks is written double-quoted (`"a\nb"`), since a
 * block scalar would need indentation that a single `key: value` line cannot carry.
 */
export function yamlInline(v: string): string {
  return /[\r\n]/.test(v) ? JSON.stringify(v) : yamlScalar(v);
}

/** The frontmatter a contact gives, in note order, as YAML value text. */
export function contactFields(a: Analysis, c: ContactRecord): [string, string][] {
  const out: [string, string][] = [];
  const add = (key: string, v: string | undefined) => {
    if (v !== undefined) out.push([key, yamlInline(v)]);
  };
  add('name', oneLine(c.name));
  add('role', oneLine(c.role));
  const orgs = c.organizations.map(oneLine).filter((o): o is string => !!o).map((o) => linkTo(a, o));
  if (orgs.length === 1) out.push(['organization', yamlScalar(orgs[0]!)]);
  else if (orgs.length > 1) out.push(['organization', `[${orgs.map(yamlScalar).join(', ')}]`]);
  add('email', oneLine(c.email));
  add('phone', oneLine(c.phone));
  add('linkedin', oneLine(c.linkedin));
  add('website', oneLine(c.website));
  add('location', oneLine(c.location));
  const tags = c.tags.map((t) => oneLine(t)?.replace(/^#/, '')).filter((t): t is string => !!t);
  if (tags.length) out.push(['tags', `[${tags.map(yamlScalar).join(', ')}]`]);
  if (c.lastContact && parseDate(c.lastContact)) out.push(['last_contact', c.lastContact]);
  add('notes', c.notes?.trim() || undefined);
  return out;
}

function provenance(c: ContactRecord, options: ImportOptions): string {
  return `Imported from ${options.source} (line ${c.line}) on ${options.today.toString()}.`;
}

const CONNECTED = 'Connected on LinkedIn.';

/** A new note without a user template: the fields, a title, where it came from, the connection. */
function plainNote(fields: [string, string][], c: ContactRecord, options: ImportOptions): string {
  const lines = ['---', ...fields.map(([k, v]) => `${k}: ${v}`), '---', '', `# ${oneLine(c.name)}`, '', provenance(c, options), ''];
  if (c.connectedOn) lines.push('## Log', '', `- ${c.connectedOn} ${CONNECTED}`, '');
  return lines.join('\n');
}

function editable(text: string) {
  const lines = new LineIndex(text);
  return { text, lines, parsed: parseNote(text, lines) };
}

/** A frontmatter value as data (for comparing what a template wrote with what a contact gives). */
function valueIn(text: string, key: string): PlainValue | undefined {
  return getField(parseNote(text, new LineIndex(text)).frontmatter, key)?.value;
}

function sameValue(x: PlainValue | undefined, y: PlainValue | undefined): boolean {
  return JSON.stringify(x) === JSON.stringify(y);
}

/**
 * A new note from the user's person template: the template filled as `rapport new person` fills
 * it ({{name}}, {{date}} = the import date, {{type}}, {{id}} = the new file's name, {{org}} when
 * the contact has one organization, {{tags}}), then each contact field the filled template does
 * not already hold is set with `setFrontmatterField` (a template's own tags are kept and the
 * contact's added). Every other line of the template stays as written. The provenance line goes
 * under the first `# ` title (else at the top of the body); a LinkedIn connection is a log entry
 * through `appendLogEntry`. Throws EditError when the filled template cannot be edited.
 */
function templatedNote(a: Analysis, template: NoteTemplate, fields: [string, string][], c: ContactRecord, options: ImportOptions, id: string): string {
  const orgs = c.organizations.map(oneLine).filter((o): o is string => !!o);
  const org = orgs.length === 1 ? linkTo(a, orgs[0]!).replace(/^\[\[(.*)\]\]$/, '$1') : undefined;
  const values: TemplateValues = { name: oneLine(c.name) ?? '', date: options.today.toString(), type: 'person', id, tags: c.tags, ...(org ? { org } : {}) };
  let text = renderTemplate(template.text, values);
  for (const [key, value] of fields) {
    let yaml = value;
    const wanted = valueIn(`---\n${key}: ${value}\n---\n`, key);
    const present = valueIn(text, key);
    if (sameValue(present, wanted)) continue;
    if (key === 'tags' && Array.isArray(present) && Array.isArray(wanted)) {
      const all = [...present, ...wanted.filter((t) => !present.some((p) => sameValue(p, t)))];
      if (all.length === present.length) continue;
      yaml = `[${all.map((t) => yamlScalar(typeof t === 'string' || typeof t === 'number' || typeof t === 'boolean' ? t : String(t))).join(', ')}]`;
    }
    const note = editable(text);
    text = applyEdits(text, setFrontmatterField(note, key, yaml), note.lines);
  }
  const note = editable(text);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const title = note.parsed.sections.find((s) => s.depth === 1);
  let at: number;
  let insert: string;
  if (title) {
    // The heading's last line: a setext title (`Name` then `===`) spans two.
    const last = Math.max(title.line, title.range.end.line);
    at = note.lines.lineEnd(last);
    const next = last + 1 < note.lines.lineCount ? note.lines.lineText(last + 1) : '';
    insert = `${eol}${eol}${provenance(c, options)}${next.trim() ? eol : ''}`;
  } else {
    at = note.parsed.frontmatter.present ? note.lines.offsetAt({ line: note.parsed.bodyLine, character: 0 }) : text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const rest = text.slice(at);
    insert = `${provenance(c, options)}${eol}${rest.trim() ? eol : ''}`;
  }
  text = text.slice(0, at) + insert + text.slice(at);
  if (c.connectedOn) {
    const n = editable(text);
    text = applyEdits(text, appendLogEntry(n, c.connectedOn, CONNECTED), n.lines);
  }
  return text;
}

function emailOf(e: Entity): string | undefined {
  return textField(e, 'email')?.toLowerCase();
}

/** Whether a field is missing from a note: absent, or present with no value. */
function missing(text: string, key: string): boolean {
  const f = getField(parseNote(text, new LineIndex(text)).frontmatter, key);
  return !f || f.value === null || f.value === '';
}

/**
 * Plans an import without touching anything: each contact becomes a new note in `people/`, or
 * is merged into the person it matches (same email, else same name or alias), where only
 * fields the note lacks are added, through `setFrontmatterField` (every other byte stays).
 * Contacts that match two people, repeat an earlier contact, or add nothing are skipped with
 * the reason. File names come from `safeFileStem`, never from raw contact data.
 */
export function planImport(a: Analysis, parsed: ContactParse, options: ImportOptions): ImportPlan {
  const folder = options.folder ?? 'people';
  const items: PlanItem[] = [];
  const takenPaths = new Set([...a.ws.notes.keys()].map((p) => p.toLowerCase()));
  const takenIds = new Set(a.entities.map((e) => nameKey(e.id)));
  const texts = new Map<string, string>();
  const seenEmail = new Map<string, number>();
  const seenName = new Map<string, number>();
  const persons = a.entities.filter((e) => e.type === 'person');

  for (const c of parsed.contacts) {
    const name = oneLine(c.name) ?? '';
    const email = oneLine(c.email)?.toLowerCase();
    const earlier = (email && seenEmail.get(email)) ?? seenName.get(nameKey(name));
    if (earlier !== undefined) {
      items.push({ action: 'skip', line: c.line, name, reason: `same person as the contact on line ${earlier}` });
      continue;
    }
    if (email) seenEmail.set(email, c.line);
    seenName.set(nameKey(name), c.line);

    let matches: Entity[] = email ? persons.filter((p) => emailOf(p) === email) : [];
    let matchedBy: 'email' | 'name' = 'email';
    if (matches.length === 0) {
      matches = [...new Set(a.lookup(name))].filter((e) => e.type === 'person');
      matchedBy = 'name';
    }
    const fields = contactFields(a, c);
    if (matches.length > 1) {
      items.push({ action: 'skip', line: c.line, name, reason: `matches ${matches.length} people by ${matchedBy} (${matches.map((m) => m.path).join(', ')}); merge it by hand` });
      continue;
    }
    if (matches.length === 1) {
      const target = matches[0]!;
      const note = a.note(target.path);
      if (!note || note.fileProblems.length > 0) {
        items.push({ action: 'skip', line: c.line, name, reason: `${target.path} is not plain UTF-8 text (${note?.fileProblems[0]?.message ?? 'unreadable'}); merge it by hand` });
        continue;
      }
      let text = texts.get(target.path) ?? note.text;
      const added: string[] = [];
      try {
        for (const [key, value] of fields) {
          if (key === 'name' || !missing(text, key)) continue;
          const lines = new LineIndex(text);
          text = applyEdits(text, setFrontmatterField({ text, lines, parsed: parseNote(text, lines) }, key, value), lines);
          added.push(key);
        }
      } catch (e) {
        if (!(e instanceof EditError)) throw e;
        items.push({ action: 'skip', line: c.line, name, reason: `${target.path}: ${e.message}` });
        continue;
      }
      if (added.length === 0) {
        items.push({ action: 'skip', line: c.line, name, reason: `${target.path} already has every field this contact gives` });
        continue;
      }
      texts.set(target.path, text);
      items.push({ action: 'merge', line: c.line, name, path: target.path, text, fields: added, matchedBy });
      continue;
    }

    const stem = safeFileStem(name);
    let path = `${folder}/${stem}.md`;
    for (let n = 2; takenPaths.has(path.toLowerCase()) || takenIds.has(nameKey(path.slice(folder.length + 1, -3))); n++) path = `${folder}/${stem}-${n}.md`;
    takenPaths.add(path.toLowerCase());
    takenIds.add(nameKey(path.slice(folder.length + 1, -3)));
    let text: string;
    if (options.personTemplate) {
      try {
        text = templatedNote(a, options.personTemplate, fields, c, options, path.slice(folder.length + 1, -3));
      } catch (e) {
        if (!(e instanceof EditError)) throw e;
        items.push({ action: 'skip', line: c.line, name, reason: `the person template ${options.personTemplate.source} cannot be filled: ${e.message}` });
        continue;
      }
    } else text = plainNote(fields, c, options);
    items.push({ action: 'create', line: c.line, name, path, text, fields: fields.map(([k]) => k) });
  }
  for (const p of parsed.problems) if (p.skipped) items.push({ action: 'skip', line: p.line, reason: p.message.replace(/; skipped$/, '') });
  items.sort((x, y) => x.line - y.line);
  const counts = {
    created: items.filter((i) => i.action === 'create').length,
    merged: items.filter((i) => i.action === 'merge').length,
    skipped: items.filter((i) => i.action === 'skip').length,
  };
  return { items, problems: parsed.problems, counts };
}

/** The plan in words, one line per contact, then the problems and the summary. */
export function describePlan(plan: ImportPlan, dryRun: boolean): string {
  const out: string[] = [];
  const verb = (d: string, w: string) => (dryRun ? w : d);
  for (const i of plan.items) {
    if (i.action === 'create') out.push(`line ${i.line}: ${verb('created', 'would create')} ${i.path} (${i.fields.join(', ')})`);
    else if (i.action === 'merge') out.push(`line ${i.line}: ${verb('merged into', 'would merge into')} ${i.path} (matched by ${i.matchedBy}; adds only missing fields: ${i.fields.join(', ')})`);
    else out.push(`line ${i.line}: ${verb('skipped', 'would skip')}${i.name ? ` ${i.name}` : ''}: ${i.reason}`);
  }
  for (const p of plan.problems) if (!p.skipped) out.push(`line ${p.line}: warning: ${p.message}`);
  const c = plan.counts;
  out.push('', `${dryRun ? 'Plan (dry run, nothing written)' : 'Done'}: ${c.created} ${verb('created', 'to create')}, ${c.merged} ${verb('merged', 'to merge')}, ${c.skipped} ${verb('skipped', 'to skip')}.`);
  return `${out.join('\n')}\n`;
}
