/**
 * Completion for notes: `[[` entity names and aliases, frontmatter keys (from the schema), enum
 * values, dates in words (`today`, `tomorrow`, `+3d`, `+2w`, weekday names → ISO), tags in use,
 * and note templates as snippets. Editor-neutral: adapters map `kind` and `range` to their types.
 */
import type { Analysis } from '../analysis.js';
import { addInterval, type CalendarDate } from '../dates.js';
import { ENTITY_TYPES, fieldHover, fieldsFor, fieldSpec, type EntityType } from '../schema.js';
import type { Position, Range } from '../text.js';
import { typeFromPath } from '../entity.js';

export type CompletionKind = 'entity' | 'field' | 'value' | 'date' | 'tag' | 'snippet';

export interface CompletionView {
  label: string;
  kind: CompletionKind;
  /** For entities: the entity type. */
  entityType?: EntityType;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to put in `range`; a snippet (`${1:name}` placeholders) when `snippet` is true. */
  insertText: string;
  snippet?: boolean;
  range: Range;
  filterText?: string;
  sortText?: string;
}

/** A note template offered as a snippet (templates.ts's NoteTemplate fits). */
export interface TemplateSource {
  /** e.g. `person`, `conference-prep`. */
  name: string;
  description?: string;
  text: string;
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** `today`, `tomorrow`, `yesterday`, `+3d`, `+2w`, `+1m`, `+1y`, weekday names (next one after today) → the date. */
export function resolveDateWord(word: string, today: CalendarDate): CalendarDate | undefined {
  const w = word.trim().toLowerCase();
  if (w === 'today') return today;
  if (w === 'tomorrow') return today.add({ days: 1 });
  if (w === 'yesterday') return today.subtract({ days: 1 });
  const m = /^\+(\d{1,4})\s*([dwmy])$/.exec(w);
  if (m) {
    const n = Number(m[1]);
    const unit = m[2]!;
    return addInterval(today, { years: unit === 'y' ? n : 0, months: unit === 'm' ? n : 0, weeks: unit === 'w' ? n : 0, days: unit === 'd' ? n : 0 });
  }
  const wd = WEEKDAYS.findIndex((d) => d === w || (w.length >= 3 && d.startsWith(w)));
  if (wd >= 0) {
    const ahead = ((wd + 1 - today.dayOfWeek + 7) % 7) || 7;
    return today.add({ days: ahead });
  }
  return undefined;
}

function dateItems(typed: string, range: Range, today: CalendarDate, quote = false): CompletionView[] {
  const words = ['today', 'tomorrow', '+3d', '+1w', '+2w', '+1m', ...WEEKDAYS];
  if (/^\+\d+[dwmy]$/i.test(typed) && !words.includes(typed.toLowerCase())) words.unshift(typed.toLowerCase());
  const out: CompletionView[] = [];
  words.forEach((w, i) => {
    const d = resolveDateWord(w, today);
    if (!d) return;
    const iso = d.toString();
    out.push({
      label: `${w} → ${iso}`,
      kind: 'date',
      detail: d.toLocaleString('en-US', { weekday: 'long' }),
      insertText: quote ? iso : iso,
      range,
      filterText: w,
      sortText: String(i).padStart(3, '0'),
    });
  });
  return out;
}

export function completionsAt(a: Analysis, path: string, text: string, pos: Position, today: CalendarDate, templates: TemplateSource[] = []): CompletionView[] {
  const lines = text.split(/\r\n|\r|\n/);
  const lineText = lines[pos.line] ?? '';
  const before = lineText.slice(0, pos.character);
  const after = lineText.slice(pos.character);
  const at = (startChar: number, endChar = pos.character): Range => ({ start: { line: pos.line, character: startChar }, end: { line: pos.line, character: endChar } });

  // 1. Wikilinks: `[[Jan|` (also inside frontmatter values).
  const open = before.lastIndexOf('[[');
  if (open >= 0 && !before.slice(open).includes(']]')) {
    const typed = before.slice(open + 2);
    if (!/[|#]/.test(typed)) {
      const closeAhead = /^[^\[\]]*\]\]/.test(after);
      const endMatch = /^[^\]|#\[]*/.exec(after)![0];
      const range = at(open + 2, pos.character + (closeAhead ? endMatch.length : 0));
      return entityItems(a, path, range, closeAhead ? '' : ']]');
    }
  }

  // 2. Frontmatter.
  const fm = frontmatterLines(lines);
  const own = a.byPath.get(path);
  const type: EntityType | undefined = own?.type ?? typeFromPath(path);
  if (fm && pos.line > fm.start && pos.line < fm.end) {
    const keyMatch = /^([A-Za-z_][\w-]*)$/.exec(before);
    if (before === '' || keyMatch) {
      const present = new Set(lines.slice(fm.start + 1, fm.end).map((l) => /^([A-Za-z_][\w-]*)\s*:/.exec(l)?.[1]).filter(Boolean));
      const typedEnd = pos.character + (/^[\w-]*/.exec(after)![0].length);
      return fieldsFor(type)
        .filter((f) => !present.has(f.key))
        .map((f, i) => ({
          label: f.key,
          kind: 'field' as const,
          detail: f.kind,
          documentation: fieldHover(f),
          insertText: `${f.key}: `,
          range: at(0, typedEnd),
          sortText: String(i).padStart(3, '0'),
        }));
    }
    // A value: `key: partial` or a list item `  - partial` under `key:`.
    let key: string | undefined;
    let valueStart: number;
    const kv = /^([A-Za-z_][\w-]*)\s*:\s*/.exec(before);
    if (kv) {
      key = kv[1];
      valueStart = kv[0].length;
    } else {
      const item = /^\s+-\s*/.exec(before);
      if (!item) return [];
      for (let l = pos.line - 1; l > fm.start; l--) {
        const m = /^([A-Za-z_][\w-]*)\s*:/.exec(lines[l]!);
        if (m) {
          key = m[1];
          break;
        }
      }
      valueStart = item[0].length;
    }
    const spec = key ? fieldSpec(key) : undefined;
    if (!spec) return [];
    // Inside a flow list `[a, b` the value being typed starts after the last `[` or `,`.
    const rest = before.slice(valueStart);
    const cut = Math.max(rest.lastIndexOf('['), rest.lastIndexOf(','));
    const wordStart = valueStart + (cut >= 0 ? cut + 1 : 0) + (/^\s*/.exec(rest.slice(cut + 1))![0].length);
    const typed = before.slice(wordStart).replace(/^["']/, '');
    const range = at(wordStart);
    if ((spec.kind === 'enum' || spec.kind === 'enum-list') && spec.values) {
      return spec.values.map((v) => ({ label: v, kind: 'value' as const, detail: spec.key, insertText: v, range }));
    }
    if (spec.kind === 'date') return dateItems(typed, range, today);
    if (spec.key === 'tags') return tagItems(a, range);
    if (spec.kind === 'link' || spec.kind === 'links') {
      return entityItems(a, path, range, '').map((c) => ({ ...c, insertText: `"[[${c.insertText}]]"`, filterText: c.label }));
    }
    if (spec.kind === 'boolean') return ['true', 'false'].map((v) => ({ label: v, kind: 'value' as const, insertText: v, range }));
    return [];
  }

  // 3. Task dates: `📅 `, `due:`, `[due:: `.
  const dateMarker = /(?:📅|📆|⏳|🛫|✅|\bdue:|\[(?:due|scheduled|start|completion)::\s*)\s*([+\w]*)$/u.exec(before);
  if (dateMarker) {
    const typed = dateMarker[1]!;
    return dateItems(typed, at(pos.character - typed.length), today);
  }
  // 4. A log entry being started: `- tod`.
  const item = /^(\s*[-*+]\s+)([+\w]*)$/.exec(before);
  if (item && item[2]) {
    return dateItems(item[2], at(item[1]!.length), today);
  }
  // 5. Tags in the body: `#res`.
  const hash = /(?:^|\s)#([\w/-]*)$/.exec(before);
  if (hash && !/^#+\s/.test(before)) {
    return tagItems(a, at(pos.character - hash[1]!.length));
  }
  // 6. Templates: a word at the start of a line in an empty note, or on a blank line.
  const word = /^([\w-]*)$/.exec(before);
  if (word && templates.length && after.trim() === '') {
    const empty = lines.every((l, i) => i === pos.line || l.trim() === '');
    if (empty || word[1]) return templates.map((t) => templateItem(t, at(0, lineText.length), today, empty));
  }
  return [];
}

function entityItems(a: Analysis, path: string, range: Range, suffix: string): CompletionView[] {
  const out: CompletionView[] = [];
  for (const e of a.entities) {
    if (e.path === path) continue;
    const orgs: string[] = [];
    const note = a.note(e.path);
    for (const l of note?.parsed.links ?? []) if (l.field === 'organization') orgs.push(a.target(e.path, l)?.name ?? l.target);
    const detail = [e.type, e.role, orgs.join(', ')].filter(Boolean).join(' · ');
    out.push({ label: e.name, kind: 'entity', entityType: e.type, detail, insertText: e.name + suffix, range, sortText: `0${e.name}` });
    for (const alias of e.aliases) {
      out.push({ label: alias, kind: 'entity', entityType: e.type, detail: `alias of ${e.name} · ${detail}`, insertText: `${e.name}|${alias}${suffix}`, filterText: alias, range, sortText: `1${alias}` });
    }
  }
  return out;
}

function tagItems(a: Analysis, range: Range): CompletionView[] {
  const counts = new Map<string, number>();
  for (const e of a.entities) for (const t of e.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .map(([t, n], i) => ({ label: t, kind: 'tag' as const, detail: `${n} note${n === 1 ? '' : 's'}`, insertText: t, range, sortText: String(i).padStart(4, '0') }));
}

/** Turns a template into a snippet: `{{name}}` → a tab stop, `{{date}}` → today. */
export function templateSnippet(body: string, today: CalendarDate): string {
  let stop = 0;
  const names = new Map<string, number>();
  return body
    .replace(/[\\$}]/g, (c) => `\\${c}`)
    .replace(/\{\{\s*([\w-]+)\s*\\?\}\\?\}/g, (_m, key: string) => {
      if (key === 'date' || key === 'today') return today.toString();
      if (key === 'tags') return '[]';
      let n = names.get(key);
      if (n === undefined) {
        n = ++stop;
        names.set(key, n);
        return `\${${n}:${key}}`;
      }
      return `\$${n}`;
    });
}

function templateItem(t: TemplateSource, range: Range, today: CalendarDate, preselect: boolean): CompletionView {
  return {
    label: `template: ${t.name}`,
    kind: 'snippet',
    detail: t.description ?? 'Rapport note template',
    documentation: '```markdown\n' + t.text + '\n```',
    insertText: templateSnippet(t.text, today),
    snippet: true,
    range,
    filterText: t.name,
    sortText: preselect ? '0' : `z${t.name}`,
  };
}

/** Lines of the frontmatter fences, when the note starts with one. */
function frontmatterLines(lines: string[]): { start: number; end: number } | undefined {
  const first = (lines[0] ?? '').replace(/^\uFEFF/, '').trimEnd();
  if (first !== '---') return undefined;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!.trimEnd();
    if (l === '---' || l === '...') return { start: 0, end: i };
  }
  return { start: 0, end: lines.length };
}

void ENTITY_TYPES;
