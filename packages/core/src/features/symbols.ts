/** Outline of one note (sections, log entries, tasks) and the workspace's entities as symbols. */
import type { Analysis } from '../analysis.js';
import type { Note } from '../workspace.js';
import type { EntityType } from '../schema.js';
import { nameKey, type Range } from '../text.js';

export type SymbolKind = 'section' | 'log-entry' | 'task' | EntityType;

export interface DocumentSymbolView {
  name: string;
  detail?: string;
  kind: SymbolKind;
  /** The whole extent (a section: heading to the next heading). */
  range: Range;
  /** What to highlight (the heading, the date, the task line). */
  selectionRange: Range;
  children: DocumentSymbolView[];
}

/** Sections nest by depth; log entries and tasks go under the section that holds them. */
export function documentSymbols(note: Note): DocumentSymbolView[] {
  const root: DocumentSymbolView[] = [];
  const stack: { depth: number; sym: DocumentSymbolView }[] = [];
  const sections = note.parsed.sections.map((s) => ({ s, sym: { name: s.text || '(untitled)', kind: 'section' as const, range: s.fullRange, selectionRange: s.range, children: [] } as DocumentSymbolView }));
  type Item = { line: number; section?: { depth: number; sym: DocumentSymbolView }; sym: DocumentSymbolView };
  const leaves: Item[] = [];
  for (const e of note.parsed.logEntries) {
    if (e.kind === 'heading') continue; // the heading is already a section
    const lineRange: Range = { start: { line: e.line, character: 0 }, end: { line: e.line, character: note.lines.lineEnd(e.line) - note.lines.lineStarts[e.line]! } };
    leaves.push({ line: e.line, sym: { name: `${e.date} ${e.text}`.trim(), detail: 'log', kind: 'log-entry', range: lineRange, selectionRange: e.range, children: [] } });
  }
  for (const t of note.parsed.tasks) {
    const detail = [t.checked ? 'done' : 'open', t.dates.due ? `due ${t.dates.due}` : ''].filter(Boolean).join(', ');
    leaves.push({ line: t.line, sym: { name: `${t.checked ? '☑' : '☐'} ${t.text || t.raw}`.trim(), detail, kind: 'task', range: t.range, selectionRange: t.range, children: [] } });
  }
  const items: Item[] = [
    ...sections.map((x) => ({ line: x.s.line, section: { depth: x.s.depth, sym: x.sym }, sym: x.sym })),
    ...leaves,
  ].sort((x, y) => x.line - y.line || (x.section ? -1 : 1));
  for (const it of items) {
    if (it.section) {
      while (stack.length && stack.at(-1)!.depth >= it.section.depth) stack.pop();
      (stack.at(-1)?.sym.children ?? root).push(it.sym);
      stack.push(it.section);
    } else {
      while (stack.length && stack.at(-1)!.sym.range.end.line < it.line) stack.pop();
      (stack.at(-1)?.sym.children ?? root).push(it.sym);
    }
  }
  return root;
}

export interface WorkspaceSymbolView {
  name: string;
  kind: EntityType;
  /** Role and organization, or the entity type. */
  detail: string;
  path: string;
}

/** Entities whose name, id or alias contains the query's characters in order (fuzzy, case-insensitive). */
export function workspaceSymbols(a: Analysis, query: string, limit = 500): WorkspaceSymbolView[] {
  const q = nameKey(query).replace(/\s+/g, '');
  const matches = (s: string) => {
    const t = nameKey(s);
    let i = 0;
    for (const c of t) if (c === q[i]) i++;
    return i >= q.length;
  };
  const out: WorkspaceSymbolView[] = [];
  for (const e of a.entities) {
    if (q && ![e.name, e.id, ...e.aliases].some(matches)) continue;
    out.push({ name: e.name, kind: e.type, detail: e.role ?? e.type, path: e.path });
    if (out.length >= limit) break;
  }
  return out;
}
