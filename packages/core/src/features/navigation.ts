/**
 * Editor navigation over the link graph: what is under the cursor, where a link goes, who links
 * here, and how to rename an entity (every link, then the file) without losing anything.
 */
import type { Analysis } from '../analysis.js';
import type { Entity } from '../entity.js';
import type { LinkRef } from '../parse.js';
import type { TextEdit } from '../edits.js';
import { dirname } from '../fs.js';
import { slugify } from '../templates.js';
import { comparePositions, nameKey, rangeContains, type Position, type Range } from '../text.js';

export interface Location {
  path: string;
  range: Range;
}

/** The link whose brackets contain the position, if any. */
export function linkAt(a: Analysis, path: string, pos: Position): LinkRef | undefined {
  const note = a.note(path);
  if (!note) return undefined;
  return note.parsed.links.find((l) => rangeContains(l.range, pos));
}

/** Where the entity (or plain note) a link reaches lives. */
export function definitionAt(a: Analysis, path: string, pos: Position): Location[] {
  const link = linkAt(a, path, pos);
  if (!link) return [];
  const r = a.resolve(path, link);
  const top: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  if (r.status === 'entity') return [{ path: r.entity.path, range: anchorRange(a, r.entity.path, link.anchor) ?? top }];
  if (r.status === 'note') return [{ path: r.path, range: anchorRange(a, r.path, link.anchor) ?? top }];
  if (r.status === 'ambiguous') return r.candidates.map((c) => ({ path: c.path, range: top }));
  return [];
}

/** `#2026-05-18` or `#Log` → that heading or log entry's line. */
function anchorRange(a: Analysis, path: string, anchor: string | undefined): Range | undefined {
  if (!anchor) return undefined;
  const note = a.note(path);
  if (!note) return undefined;
  const key = nameKey(anchor);
  const s = note.parsed.sections.find((x) => nameKey(x.text) === key || nameKey(x.text).startsWith(`${key} `));
  if (s) return s.range;
  const entry = note.parsed.logEntries.find((e) => e.date === anchor.trim());
  return entry?.range;
}

/** The entity a note describes, or the one the link under the cursor reaches. */
export function subjectAt(a: Analysis, path: string, pos: Position): { entity?: Entity; link?: LinkRef } {
  const link = linkAt(a, path, pos);
  if (link) {
    const t = a.target(path, link);
    return { link, ...(t ? { entity: t } : {}) };
  }
  const own = a.byPath.get(path);
  return own ? { entity: own } : {};
}

/**
 * References: on a link, every link to its target (the target's note itself when asked); anywhere
 * else, the backlinks of the note under the cursor.
 */
export function referencesAt(a: Analysis, path: string, pos: Position, includeDeclaration = false): Location[] {
  const link = linkAt(a, path, pos);
  let targetPath: string | undefined;
  let entity: Entity | undefined;
  if (link) {
    const r = a.resolve(path, link);
    if (r.status === 'entity') entity = r.entity;
    else if (r.status === 'note') targetPath = r.path;
    else if (r.status === 'placeholder') {
      // Every link to the same missing note.
      const out: Location[] = [];
      for (const site of a.linkSites()) {
        if (site.resolution.status === 'placeholder' && site.resolution.key === r.key) out.push({ path: site.path, range: site.link.range });
      }
      return out;
    } else return [];
  } else {
    entity = a.byPath.get(path);
    if (!entity) targetPath = path;
  }
  const out: Location[] = [];
  if (entity) {
    for (const b of a.backlinks().get(entity.id) ?? []) out.push({ path: b.path, range: b.link.range });
    targetPath = entity.path;
  } else if (targetPath) {
    for (const site of a.linkSites()) {
      if (site.resolution.status === 'note' && site.resolution.path === targetPath && site.path !== targetPath) out.push({ path: site.path, range: site.link.range });
    }
  }
  if (includeDeclaration && targetPath) out.unshift({ path: targetPath, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  return sortLocations(out);
}

function sortLocations(l: Location[]): Location[] {
  return l.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : comparePositions(x.range.start, y.range.start)));
}

export interface RenamePlan {
  /** Text edits per path (links in every note, the entity's own `name:` field). */
  edits: Map<string, TextEdit[]>;
  /** The file to rename, when the file name follows the name. */
  renameFile?: { from: string; to: string };
}

export type RenameResult = { ok: true; plan: RenamePlan } | { ok: false; message: string };

/** The range and current text a rename starts from: the link's target, or the entity's name field. */
export function prepareRename(a: Analysis, path: string, pos: Position): { range: Range; placeholder: string } | { error: string } {
  const link = linkAt(a, path, pos);
  if (link) {
    if (link.kind === 'markdown') return { error: 'Rename from a wikilink or from the note itself.' };
    const t = a.target(path, link);
    if (!t) return { error: `'${link.target}' is not a single existing entity, so there is nothing to rename.` };
    return { range: link.targetRange, placeholder: t.name };
  }
  const e = a.byPath.get(path);
  if (!e) return { error: 'Put the cursor on a link, or in an entity note, to rename.' };
  const note = a.note(path)!;
  const nameField = note.parsed.frontmatter.fields.find((f) => f.key === 'name');
  if (nameField && rangeContains(nameField.valueRange, pos)) return { range: nameField.valueRange, placeholder: e.name };
  const r = { start: pos, end: pos };
  return { range: r, placeholder: e.name };
}

/**
 * Plans renaming an entity to `newName`: every link that names it by its old name or id is
 * rewritten (aliases and display text stay), its `name:` field changes, and its file is renamed
 * when the file name was derived from the old name. Refuses when the new name or file collides.
 * With `renameFile: false` (an editor that cannot rename files) the file keeps its name, and so do
 * the links by path or file name, which stay valid.
 */
export function planRename(a: Analysis, path: string, pos: Position, newName: string, options: { renameFile?: boolean } = {}): RenameResult {
  const prep = prepareRename(a, path, pos);
  if ('error' in prep) return { ok: false, message: prep.error };
  const link = linkAt(a, path, pos);
  const entity = link ? a.target(path, link)! : a.byPath.get(path)!;
  const name = newName.trim();
  if (!name || /[\[\]|#\r\n]/.test(name)) return { ok: false, message: `'${newName}' cannot be a note name: no brackets, |, # or line breaks.` };
  const clash = a.lookup(name).filter((e) => e !== entity);
  if (clash.length) return { ok: false, message: `'${name}' already names ${clash.map((c) => c.path).join(', ')}.` };

  const oldId = entity.id;
  // The file follows the name when its name was made from it: `Jane Smith.md`, or
  // `jane-smith.md` for "Dr. Jane Smith" (the file-name rule of new notes).
  const style =
    options.renameFile === false ? undefined : nameKey(entity.name) === nameKey(oldId) ? 'same' : slugify(entity.name, entity.type) === oldId ? 'slug' : undefined;
  let newId = oldId;
  let renameFile: RenamePlan['renameFile'];
  if (style) {
    newId = style === 'same' ? name : (slugify(name, entity.type) ?? oldId);
    if (newId !== oldId) {
      const to = (dirname(entity.path) ? `${dirname(entity.path)}/` : '') + `${newId}.md`;
      const taken = [...a.ws.notes.keys()].some((p) => p.toLowerCase() === to.toLowerCase() && p !== entity.path);
      if (taken) return { ok: false, message: `Cannot rename the file to ${to}: a note is already there.` };
      const idClash = a.lookup(newId).filter((e) => e !== entity);
      if (idClash.length) return { ok: false, message: `'${newId}' already names ${idClash.map((c) => c.path).join(', ')}.` };
      renameFile = { from: entity.path, to };
    }
  }

  const edits = new Map<string, TextEdit[]>();
  const push = (p: string, e: TextEdit) => {
    const l = edits.get(p) ?? [];
    if (!l.some((x) => comparePositions(x.range.start, e.range.start) === 0)) l.push(e);
    edits.set(p, l);
  };
  const oldKeys = new Set([nameKey(entity.name), nameKey(oldId)]);
  for (const b of a.backlinks().get(entity.id) ?? []) {
    const l = b.link;
    if (l.kind === 'markdown') {
      if (!renameFile) continue;
      const fromDir = dirname(b.path);
      push(b.path, { range: l.targetRange, newText: relativePath(fromDir, renameFile.to) + (l.anchor !== undefined ? `#${l.anchor}` : '') });
      continue;
    }
    const bare = l.target.replace(/\.md$/i, '');
    const last = bare.slice(bare.lastIndexOf('/') + 1);
    if (bare.includes('/')) {
      // A path link: keep it a path, with the new file name.
      if (renameFile && nameKey(last) === nameKey(oldId)) {
        push(b.path, { range: l.targetRange, newText: `${bare.slice(0, bare.lastIndexOf('/') + 1)}${newId}${/\.md$/i.test(l.target) ? '.md' : ''}` });
      }
      continue;
    }
    if (!oldKeys.has(nameKey(l.target))) continue; // linked through an alias: still valid
    const byId = nameKey(l.target) === nameKey(oldId) && nameKey(l.target) !== nameKey(entity.name);
    push(b.path, { range: l.targetRange, newText: byId ? newId : name });
  }
  const note = a.note(entity.path)!;
  const nameField = note.parsed.frontmatter.fields.find((f) => f.key === 'name');
  if (nameField) {
    const quoted = /^["']/.test(note.text.slice(note.lines.offsetAt(nameField.valueRange.start)));
    push(entity.path, { range: nameField.valueRange, newText: quoted || /[:#{}\[\],&*?|<>=!%@`'"]|^\s|\s$/.test(name) ? JSON.stringify(name) : name });
  }
  return { ok: true, plan: { edits, ...(renameFile ? { renameFile } : {}) } };
}

function relativePath(fromDir: string, to: string): string {
  const from = fromDir ? fromDir.split('/') : [];
  const parts = to.split('/');
  let i = 0;
  while (i < from.length && i < parts.length - 1 && from[i] === parts[i]) i++;
  const ups = from.length - i;
  const rest = parts.slice(i).join('/');
  return ups === 0 ? (rest.includes('/') ? rest : rest) : `${'../'.repeat(ups)}${rest}`;
}

