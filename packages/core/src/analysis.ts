import type { Workspace, Note } from './workspace.js';
import type { Problem, Diagnostic, DiagnosticCode } from './diagnostics.js';
import { resolveSeverity } from './diagnostics.js';
import { idFromPath, readEntity, type Entity } from './entity.js';
import type { LinkRef, Task } from './parse.js';
import { dirname, resolveRelative, normalizePath } from './fs.js';
import { detached, nameKey, type Range } from './text.js';
import { fieldSpec, type EdgeKind, type EntityType } from './schema.js';
import { computeFollowUps, newFollowUpMemo, type FollowUp } from './followups.js';
import { formatDate, type CalendarDate } from './dates.js';

export type Resolution =
  | { status: 'entity'; entity: Entity }
  | { status: 'note'; path: string }
  | { status: 'ambiguous'; candidates: Entity[] }
  | { status: 'placeholder'; key: string }
  | { status: 'external' };

export interface Interaction {
  /** Person id. */
  person: string;
  date: string;
  path: string;
  line: number;
  text: string;
  source: 'log' | 'done-task';
}

/** A task with the entities it belongs to. */
export interface OwnedTask {
  path: string;
  task: Task;
  /** The entity whose note holds it, or in a plain note the first person it links. */
  entity?: Entity;
  /** Every person it belongs to (its entity if a person, and each person it links). */
  people: Entity[];
}

export interface GraphNode {
  id: string;
  type: EntityType | 'placeholder';
  name: string;
  path?: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  path: string;
  line: number;
}

export interface Backlink {
  path: string;
  link: LinkRef;
}

/** Where a link points from, for look-ups. */
export interface LinkSite {
  path: string;
  link: LinkRef;
  resolution: Resolution;
}

const NON_NOTE_EXT = /\.(png|jpe?g|gif|svg|webp|pdf|docx?|xlsx?|pptx?|csv|txt|mp[34]|mov|zip|canvas|excalidraw)$/i;

/**
 * The indexes of one full build over every note. Never changed once built: the analyses made
 * after edits that keep every path and every name share it, each with its own few swapped notes
 * (see `Analysis.swapped`), so an edit costs what it changed, not the size of the workspace.
 */
interface Base {
  /** The notes sorted by path. */
  notesInOrder: Note[];
  notesByPath: Map<string, Note>;
  entities: Entity[];
  byPath: Map<string, Entity>;
  byId: Map<string, Entity>;
  nameIndex: Map<string, Entity[]>;
  entityProblems: Map<string, Problem[]>;
  noteByBasename: Map<string, string[]>;
  lowerPaths?: Map<string, Note>;
}

/** A note changed since the base (same path, same names): its version and what was read from it. */
interface Swap {
  note: Note;
  read: EntityRead;
}

/** Interactions as a base map (ids in order, never changed) and the lists changed since (null: none left). */
interface InteractionState {
  base: Map<string, Interaction[]>;
  delta: Map<string, Interaction[] | null>;
}

/** Everything derived from a workspace's notes at one version. */
export class Analysis {
  /**
   * How many changed notes an analysis carries over its base before it builds a new one (the
   * cost of a look-up does not grow with it, only the copy of the list per edit). Tests lower it.
   */
  static rebaseAfter = 64;
  private readonly base: Base;
  /** Notes changed since `base` was built, by path (same paths and names as in the base). */
  private readonly swapped: Map<string, Swap>;
  /**
   * Memos shared with the next analyses for as long as no note appears, disappears, or changes
   * what it is called (entity type, id, name, aliases): until then every link resolves the same
   * way, so per-link resolutions and per-note results computed from unchanged notes still hold.
   */
  private readonly shared: SharedMemo;
  private followUpsCache: { key: string; list: FollowUp[] } | undefined;
  /** The previous analysis's follow-ups (or what it was to be updated from) and the earlier versions of the notes changed since. */
  private followUpsSeed: { key: string; list: FollowUp[]; old: Map<string, Note | undefined> } | undefined;
  private inter: InteractionState | undefined;
  /** The previous analysis's interactions and the versions, in it, of the notes changed since. */
  private interSeed: { state: InteractionState; old: Map<string, Note | undefined> } | undefined;
  private interactionsCache: Map<string, Interaction[]> | undefined;
  private tasksCache: OwnedTask[] | undefined;
  private backlinksCache: Map<string, Backlink[]> | undefined;
  /** Whether any swapped note is an entity's (else the entity indexes are the base's as they are). */
  private readonly swappedEntity: boolean;
  private view: Partial<Pick<Base, 'notesInOrder' | 'entities' | 'byPath' | 'byId' | 'nameIndex' | 'entityProblems'>> = {};
  private namesSwapped: Map<string, Entity[]> | undefined;

  constructor(
    readonly ws: Workspace,
    /** The workspace's previous analysis and the paths changed since (from Workspace.analysis()). */
    since?: { previous: Analysis; changed: ReadonlySet<string> },
  ) {
    const prev = since?.previous;
    // Same paths as the previous analysis and every changed note keeps its names: its base holds,
    // with the changed notes swapped in (the incremental property tests compare with a fresh build).
    const samePaths =
      prev !== undefined &&
      prev.base.notesInOrder.length === ws.notes.size &&
      [...since!.changed].every((p) => prev.hasNote(p) === ws.notes.has(p));
    const changedReads = samePaths ? [...since!.changed].filter((p) => ws.notes.has(p)).map((p) => ({ note: ws.notes.get(p)!, read: readOf(ws.notes.get(p)!) })) : [];
    if (prev && samePaths && changedReads.every((s) => nameSignature(s.read.entity) === nameSignature(prev.entityAt(s.note.path)))) {
      this.shared = prev.shared;
      const swapped = new Map(prev.swapped);
      for (const s of changedReads) swapped.set(s.note.path, s);
      if (swapped.size > Analysis.rebaseAfter) {
        this.base = rebase(prev.base, swapped);
        this.swapped = new Map();
      } else {
        this.base = prev.base;
        this.swapped = swapped;
      }
      this.swappedEntity = [...this.swapped.values()].some((s) => s.read.entity !== undefined);
      this.interSeed = this.seedFrom(prev, since!.changed);
      this.followUpsSeed = this.followUpsSeedFrom(prev, since!.changed);
      return;
    }
    // Path order, not insertion order: an edited workspace must equal a fresh load of the same
    // files (name look-ups, duplicates and ties depend on this order; found by the incremental
    // property test).
    this.base = fullBase([...ws.notes.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)));
    this.swapped = new Map();
    this.swappedEntity = false;
    this.shared = since && Analysis.sameNames(since.previous, this, since.changed) ? since.previous.shared : newSharedMemo();
    // Interactions can then be updated from the previous analysis's (only the changed notes'
    // contributions differ). Only its maps are kept, not the analysis (no chain of analyses).
    if (since && this.shared === since.previous.shared) {
      this.interSeed = this.seedFrom(since.previous, since.changed);
      this.followUpsSeed = this.followUpsSeedFrom(since.previous, since.changed);
    }
  }

  /** Whether the changed paths left every note's existence and every entity's names as they were. */
  private static sameNames(prev: Analysis, next: Analysis, changed: ReadonlySet<string>): boolean {
    for (const p of changed) {
      if (prev.hasNote(p) !== next.hasNote(p)) return false;
      if (nameSignature(prev.entityAt(p)) !== nameSignature(next.entityAt(p))) return false;
    }
    return true;
  }

  /**
   * What this analysis's interactions can be updated from: the previous analysis's (or what it
   * was itself to be updated from, if it never computed them) and the earlier versions of the
   * notes changed since. Only maps and notes are kept, never the previous analysis.
   */
  private seedFrom(prev: Analysis, changed: ReadonlySet<string>): { state: InteractionState; old: Map<string, Note | undefined> } | undefined {
    if (prev.inter) return { state: prev.inter, old: new Map([...changed].map((p) => [p, prev.noteAt(p)])) };
    if (!prev.interSeed) return undefined;
    const old = new Map(prev.interSeed.old);
    for (const p of changed) if (!old.has(p)) old.set(p, prev.noteAt(p));
    return { state: prev.interSeed.state, old };
  }

  /** Like seedFrom, for the full list of follow-ups. */
  private followUpsSeedFrom(prev: Analysis, changed: ReadonlySet<string>): Analysis['followUpsSeed'] {
    if (prev.followUpsCache) return { ...prev.followUpsCache, old: new Map([...changed].map((p) => [p, prev.noteAt(p)])) };
    if (!prev.followUpsSeed) return undefined;
    const old = new Map(prev.followUpsSeed.old);
    for (const p of changed) if (!old.has(p)) old.set(p, prev.noteAt(p));
    return { key: prev.followUpsSeed.key, list: prev.followUpsSeed.list, old };
  }

  // --- Look-ups through the base and the swapped notes (what the edit path uses: no copies).

  /** Whether this analysis has a note at the path. */
  private hasNote(path: string): boolean {
    return this.swapped.has(path) || this.base.entityProblems.has(path);
  }

  /** The note at a path, in the version this analysis was made from. */
  private noteAt(path: string): Note | undefined {
    return this.swapped.get(path)?.note ?? this.base.notesByPath.get(path);
  }

  /** The entity whose note is at a path. */
  private entityAt(path: string): Entity | undefined {
    const s = this.swapped.size ? this.swapped.get(path) : undefined;
    return s ? s.read.entity : this.base.byPath.get(path);
  }

  /** The field problems of the note at a path (what `entityProblems` holds for it). */
  private problemsAt(path: string): Problem[] | undefined {
    const s = this.swapped.size ? this.swapped.get(path) : undefined;
    return s ? s.read.problems : this.base.entityProblems.get(path);
  }

  /** The entity that `byId` gives for an id. */
  private entityById(id: string): Entity | undefined {
    const e = this.base.byId.get(id);
    return e && this.swapped.size ? this.entityAt(e.path) : e;
  }

  /** The entities with this name key (what `nameIndex` holds for it). */
  private named(key: string): Entity[] | undefined {
    const list = this.base.nameIndex.get(key);
    if (!list || this.swapped.size === 0 || !list.some((e) => this.swapped.has(e.path))) return list;
    this.namesSwapped ??= new Map();
    let now = this.namesSwapped.get(key);
    if (!now) this.namesSwapped.set(key, (now = list.map((e) => this.entityAt(e.path)!)));
    return now;
  }

  // --- The public indexes: the base's, or copies with the swapped notes in (made on first use).

  /** Every entity, in path order. */
  get entities(): Entity[] {
    if (!this.swappedEntity) return this.base.entities;
    return (this.view.entities ??= this.base.entities.map((e) => this.entityAt(e.path)!));
  }

  /** Entities by the path of their note. */
  get byPath(): Map<string, Entity> {
    if (!this.swappedEntity) return this.base.byPath;
    if (!this.view.byPath) {
      const m = new Map(this.base.byPath);
      for (const [p, s] of this.swapped) if (s.read.entity) m.set(p, s.read.entity);
      this.view.byPath = m;
    }
    return this.view.byPath;
  }

  /** Entities by id (where two files share an id, the first path wins). */
  get byId(): Map<string, Entity> {
    if (!this.swappedEntity) return this.base.byId;
    if (!this.view.byId) {
      const m = new Map(this.base.byId);
      for (const [p, s] of this.swapped) if (s.read.entity && this.base.byId.get(s.read.entity.id)?.path === p) m.set(s.read.entity.id, s.read.entity);
      this.view.byId = m;
    }
    return this.view.byId;
  }

  /** nameKey → entities with that id, name or alias. */
  get nameIndex(): Map<string, Entity[]> {
    if (!this.swappedEntity) return this.base.nameIndex;
    if (!this.view.nameIndex) {
      const m = new Map(this.base.nameIndex);
      for (const s of this.swapped.values()) for (const key of s.read.keys) m.set(key, this.named(key)!);
      this.view.nameIndex = m;
    }
    return this.view.nameIndex;
  }

  /** Problems per path from reading entities (field validation). */
  get entityProblems(): Map<string, Problem[]> {
    if (this.swapped.size === 0) return this.base.entityProblems;
    if (!this.view.entityProblems) {
      const m = new Map(this.base.entityProblems);
      for (const [p, s] of this.swapped) m.set(p, s.read.problems);
      this.view.entityProblems = m;
    }
    return this.view.entityProblems;
  }

  /** The notes sorted by path. */
  private get notesInOrder(): Note[] {
    if (this.swapped.size === 0) return this.base.notesInOrder;
    return (this.view.notesInOrder ??= this.base.notesInOrder.map((n) => this.swapped.get(n.path)?.note ?? n));
  }

  /** The entities whose notes are at these paths, in path order. */
  entitiesIn(paths: ReadonlySet<string>): Entity[] {
    const out: Entity[] = [];
    for (const p of [...paths].sort()) {
      const e = this.hasNote(p) ? this.entityAt(p) : undefined;
      if (e) out.push(e);
    }
    return out;
  }

  entity(id: string): Entity | undefined {
    return this.entityById(id);
  }

  /** The note at a path, in the version this analysis was made from. */
  note(path: string): Note | undefined {
    // A note's own path (what callers mostly pass, e.g. an entity's) is a key as it is: note
    // paths are normalised, and normalising one gives it back. The follow-up engine asks once
    // per entity, and normalising (split, join) cost more than the look-up.
    return this.noteAt(path) ?? this.noteAt(normalizePath(path));
  }

  /** Looks an entity up by id, name or alias (case-insensitive). */
  lookup(name: string): Entity[] {
    return this.named(nameKey(name)) ?? [];
  }

  resolve(fromPath: string, link: LinkRef): Resolution {
    // A wikilink's or name's resolution depends on its target text alone, a Markdown link's on the
    // path it reaches: both are memoised by that key for as long as the names hold (not per link:
    // at 10k notes that was 48,000 entries).
    let key: string | undefined;
    let memo: Map<string, Resolution>;
    if (link.kind === 'markdown') {
      key = resolveRelative(dirname(fromPath), link.target);
      if (key === undefined) return { status: 'placeholder', key: link.target };
      memo = this.shared.byNotePath;
    } else {
      key = link.target;
      if (!key) return { status: 'note', path: fromPath };
      memo = this.shared.byTarget;
    }
    const known = memo.get(key);
    const r = known && this.current(known);
    if (r) return r;
    const fresh = link.kind === 'markdown' ? this.resolvePath(key) : this.resolveTarget(key);
    // Detached: a target is a slice of its note's text, and the memo outlives that version of the
    // note (every distinct name typed into a 55 KB note kept a 55 KB text alive).
    memo.set(detached(key), fresh);
    return fresh;
  }

  /** A resolution made by an earlier analysis, pointed at this analysis's entity objects. */
  private current(r: Resolution): Resolution | undefined {
    if (r.status === 'entity') {
      const e = this.entityAt(r.entity.path);
      if (e === r.entity) return r;
      return e ? { status: 'entity', entity: e } : undefined;
    }
    if (r.status === 'ambiguous') {
      const now = r.candidates.map((c) => this.entityAt(c.path));
      if (now.every((c, i) => c === r.candidates[i])) return r;
      return now.every((c) => c !== undefined) ? { status: 'ambiguous', candidates: now as Entity[] } : undefined;
    }
    return r;
  }

  /** Where a Markdown link that reaches this workspace path resolves. */
  private resolvePath(p: string): Resolution {
    const n = this.noteAt(p) ?? this.noteByLowerPath(p);
    if (!n) return { status: 'placeholder', key: p };
    const e = this.entityAt(n.path);
    return e ? { status: 'entity', entity: e } : { status: 'note', path: n.path };
  }

  /** The first note (in workspace order) whose path matches ignoring case and Unicode normalisation. */
  private noteByLowerPath(p: string): Note | undefined {
    // Paths are the base's (same paths in every analysis that shares it); the note is this analysis's version.
    const base = this.base;
    if (!base.lowerPaths) {
      base.lowerPaths = new Map();
      for (const n of base.notesInOrder) {
        // Unicode-normalised too: a link typed as NFC reaches a file named in NFD (macOS) and back.
        const k = n.path.normalize('NFC').toLowerCase();
        if (!base.lowerPaths.has(k)) base.lowerPaths.set(k, n);
      }
    }
    const n = base.lowerPaths.get(p.normalize('NFC').toLowerCase());
    return n && this.noteAt(n.path);
  }

  private resolveTarget(target: string): Resolution {
    if (NON_NOTE_EXT.test(target)) return { status: 'external' };
    const bare = target.replace(/\.md$/i, '');
    if (bare.includes('/')) {
      const wanted = `${bare}.md`.toLowerCase().replace(/^\.?\//, '');
      const exact = this.base.entities.find((e) => e.path.toLowerCase() === wanted);
      if (exact) return { status: 'entity', entity: this.entityAt(exact.path)! };
    }
    const last = bare.slice(bare.lastIndexOf('/') + 1);
    const key = nameKey(bare.includes('/') ? last : bare);
    const hits = this.named(key);
    if (hits && hits.length === 1) return { status: 'entity', entity: hits[0]! };
    if (hits && hits.length > 1) return { status: 'ambiguous', candidates: hits };
    const notes = this.base.noteByBasename.get(key);
    if (notes && notes.length > 0) return { status: 'note', path: notes[0]! };
    return { status: 'placeholder', key: detached(key) };
  }

  /** The entity a link reaches, if exactly one. */
  target(fromPath: string, link: LinkRef): Entity | undefined {
    const r = this.resolve(fromPath, link);
    return r.status === 'entity' ? r.entity : undefined;
  }

  /** Links in the body that count as contact: not in open tasks, quotes or embeds. */
  private contactLinks(note: Note, indexes: number[]): Entity[] {
    const out: Entity[] = [];
    for (const i of indexes) {
      const l = note.parsed.links[i]!;
      if (l.inOpenTask || l.inQuote || l.embed || l.field) continue;
      const e = this.target(note.path, l);
      if (e && e.type === 'person' && !out.includes(e)) out.push(e);
    }
    return out;
  }

  /** Every task with its owners. */
  tasks(): OwnedTask[] {
    if (this.tasksCache) return this.tasksCache;
    const out: OwnedTask[] = [];
    for (const note of this.notesInOrder) {
      const own = this.entityAt(note.path);
      for (const task of note.parsed.tasks) {
        const people = this.taskPeople(note, own, task);
        // In a plain note (no own entity) the people are exactly the linked ones: the first is its entity.
        const entity = own ?? people[0];
        out.push(entity ? { path: note.path, task, entity, people } : { path: note.path, task, people });
      }
    }
    this.tasksCache = out;
    return out;
  }

  /** The tasks of the notes at these paths, as tasks() gives them. */
  tasksIn(paths: ReadonlySet<string>): OwnedTask[] {
    if (this.tasksCache) return this.tasksCache.filter((t) => paths.has(t.path));
    const out: OwnedTask[] = [];
    for (const p of [...paths].sort()) {
      const note = this.noteAt(p);
      if (!note) continue;
      const own = this.entityAt(note.path);
      for (const task of note.parsed.tasks) {
        const people = this.taskPeople(note, own, task);
        const linked = people.filter((x) => x !== own);
        const entity = own ?? linked[0];
        out.push(entity ? { path: note.path, task, entity, people } : { path: note.path, task, people });
      }
    }
    return out;
  }

  /** Interactions per person id (keys in id order), oldest first. */
  interactions(): Map<string, Interaction[]> {
    if (this.interactionsCache) return this.interactionsCache;
    const st = this.interactionState();
    if (st.delta.size === 0) return (this.interactionsCache = st.base);
    this.interactionsCache = applyDelta(st);
    return this.interactionsCache;
  }

  /** One person's interactions (what `interactions().get(id)` gives, without building the map). */
  private interactionsOf(id: string): Interaction[] | undefined {
    const st = this.interactionState();
    if (st.delta.size && st.delta.has(id)) return st.delta.get(id) ?? undefined;
    return st.base.get(id);
  }

  private interactionState(): InteractionState {
    if (this.inter) return this.inter;
    const seed = this.interSeed;
    this.interSeed = undefined;
    if (seed) {
      this.inter = this.updatedInteractions(seed.state, seed.old);
      return this.inter;
    }
    const map = new Map<string, Interaction[]>();
    const add = (i: Interaction) => {
      const l = map.get(i.person);
      if (l) l.push(i);
      else map.set(i.person, [i]);
    };
    for (const note of this.notesInOrder) for (const i of this.logContributionsOf(note)) add(i);
    for (const t of this.tasks()) {
      if (!t.task.checked || !t.task.dates.done) continue;
      for (const p of t.people) add({ person: p.id, date: t.task.dates.done, path: t.path, line: t.task.line, text: t.task.text, source: 'done-task' });
    }
    // Most lists come in date order already (a note's log is kept in order): sorted only when not.
    for (const [id, l] of map) map.set(id, (byDate(l) ? l : l.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))).slice());
    this.inter = { base: byKey(map), delta: new Map() };
    return this.inter;
  }

  /**
   * This note's log-entry interactions (memoised per note version; the interaction lists hold
   * these very objects, so they are kept once).
   */
  private logContributionsOf(note: Note): readonly Interaction[] {
    let contributed = this.shared.logContributions.get(note);
    if (!contributed) {
      const list: Interaction[] = [];
      const own = this.entityAt(note.path);
      for (const entry of note.parsed.logEntries) {
        if (own?.type === 'person') list.push({ person: own.id, date: entry.date, path: note.path, line: entry.line, text: entry.text, source: 'log' });
        else for (const p of this.contactLinks(note, entry.links)) list.push({ person: p.id, date: entry.date, path: note.path, line: entry.line, text: entry.text, source: 'log' });
      }
      // slice: exactly its length (a list grown by push keeps room for 16 more, ~130 bytes per note).
      contributed = list.length ? list.slice() : NONE;
      this.shared.logContributions.set(note, contributed);
    }
    return contributed;
  }

  /** What a note (in any version with this analysis's names) adds to interactions: log entries, then done tasks. */
  private contributionsOf(note: Note, add: (i: Interaction) => void): void {
    for (const i of this.logContributionsOf(note)) add(i);
    const own = this.entityAt(note.path);
    for (const task of note.parsed.tasks) {
      if (!task.checked || !task.dates.done) continue;
      for (const person of this.taskPeople(note, own, task)) add({ person: person.id, date: task.dates.done, path: note.path, line: task.line, text: task.text, source: 'done-task' });
    }
  }

  /**
   * An earlier analysis's interactions with the changed notes' entries replaced (same names,
   * so the same ids and resolutions): only the people those notes reach, in their earlier
   * version (`old`) or now, get new lists. The lists keep the full computation's order: by
   * date, then log entries before done tasks, then path, then line (its insertion order).
   */
  private updatedInteractions(st: InteractionState, old: Map<string, Note | undefined>): InteractionState {
    const touched = new Set<string>();
    for (const note of old.values()) if (note) this.contributionsOf(note, (i) => touched.add(i.person));
    const fresh = new Map<string, Interaction[]>();
    for (const path of old.keys()) {
      const note = this.noteAt(path);
      if (!note) continue;
      this.contributionsOf(note, (i) => {
        touched.add(i.person);
        const l = fresh.get(i.person);
        if (l) l.push(i);
        else fresh.set(i.person, [i]);
      });
    }
    const delta = new Map(st.delta);
    const rank = (i: Interaction) => (i.source === 'log' ? 0 : 1);
    for (const id of touched) {
      const before = st.delta.has(id) ? (st.delta.get(id) ?? undefined) : st.base.get(id);
      const l = (before ?? []).filter((i) => !old.has(i.path));
      for (const i of fresh.get(id) ?? []) l.push(i);
      l.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : rank(a) !== rank(b) ? rank(a) - rank(b) : a.path !== b.path ? (a.path < b.path ? -1 : 1) : a.line - b.line));
      if (l.length) delta.set(id, l.slice());
      else if (st.base.has(id)) delta.set(id, null);
      else delta.delete(id);
    }
    // Many changed lists: fold them into a new base (one copy now and then, not per edit).
    if (delta.size > 4 * Analysis.rebaseAfter) return { base: applyDelta({ base: st.base, delta }), delta: new Map() };
    return { base: st.base, delta };
  }

  /** The people a task belongs to: its note's person, then each person it links (not through embeds or quotes). */
  private taskPeople(note: Note, own: Entity | undefined, task: Task): Entity[] {
    // Its note's person first, then the linked people in link order, each once.
    const people: Entity[] = own?.type === 'person' ? [own] : [];
    for (const i of task.links) {
      const l = note.parsed.links[i]!;
      if (l.embed || l.inQuote) continue;
      const e = this.target(note.path, l);
      if (e && e.type === 'person' && !people.includes(e)) people.push(e);
    }
    // slice: exactly its length (these lists are kept with every task; push leaves spare room).
    return people.slice();
  }

  /** Every link into each entity (key: entity id), from any note. */
  backlinks(): Map<string, Backlink[]> {
    if (this.backlinksCache) return this.backlinksCache;
    const map = new Map<string, Backlink[]>();
    for (const note of this.notesInOrder) {
      for (const link of note.parsed.links) {
        const e = this.target(note.path, link);
        if (!e) continue;
        const l = map.get(e.id) ?? [];
        l.push({ path: note.path, link });
        map.set(e.id, l);
      }
    }
    this.backlinksCache = map;
    return map;
  }

  /** Every link in the workspace with where it resolves. */
  *linkSites(): Generator<LinkSite> {
    for (const note of this.notesInOrder) {
      for (const link of note.parsed.links) yield { path: note.path, link, resolution: this.resolve(note.path, link) };
    }
  }

  /** The typed network: entities and placeholders, and the edges between them. */
  graph(): { nodes: GraphNode[]; edges: GraphEdge[] } {
    const nodes = new Map<string, GraphNode>();
    for (const e of this.entities) nodes.set(e.id, { id: e.id, type: e.type, name: e.name, path: e.path });
    const edges: GraphEdge[] = [];
    const seen = new Set<string>();
    for (const e of this.entities) {
      const note = this.noteAt(e.path);
      if (!note) continue;
      for (const link of note.parsed.links) {
        let kind: EdgeKind | undefined;
        if (link.field) kind = e.type === 'program' && link.field === 'organization' ? 'part-of' : fieldSpec(link.field)?.edge;
        else if (!link.embed) kind = 'mentions';
        if (!kind) continue;
        const r = this.resolve(e.path, link);
        let to: string | undefined;
        if (r.status === 'entity') to = r.entity.id;
        else if (r.status === 'placeholder') {
          to = `placeholder:${r.key}`;
          if (!nodes.has(to)) nodes.set(to, { id: to, type: 'placeholder', name: link.target });
        }
        if (!to || to === e.id) continue;
        // A program's contacts are members of it: the edge runs from the person to the program.
        const [from, dest] = kind === 'member-of' ? [to, e.id] : [e.id, to];
        const sig = `${from}\u0000${dest}\u0000${kind}`;
        if (seen.has(sig)) continue;
        seen.add(sig);
        edges.push({ from, to: dest, kind, path: e.path, line: link.range.start.line });
      }
    }
    return { nodes: [...nodes.values()], edges };
  }

  /** The entities a frontmatter link field of an entity reaches (`organization`, `met_at`, `contacts`, ...), resolved and without repeats. */
  fieldTargets(e: Entity, field: string): Entity[] {
    const note = this.noteAt(e.path);
    if (!note) return [];
    const out: Entity[] = [];
    for (const l of note.parsed.links) {
      if (l.field !== field) continue;
      const t = this.target(e.path, l);
      if (t && !out.includes(t)) out.push(t);
    }
    return out;
  }

  /** The people at a program: its `contacts`, and people whose `organization` is the program or its organization; by name. */
  peopleAt(program: Entity): Entity[] {
    const orgs = new Set<Entity>([program, ...this.fieldTargets(program, 'organization')]);
    const out = new Set<Entity>(this.fieldTargets(program, 'contacts').filter((p) => p.type === 'person'));
    for (const p of this.entities) {
      if (p.type === 'person' && this.fieldTargets(p, 'organization').some((o) => orgs.has(o))) out.add(p);
    }
    return [...out].sort((x, y) => x.name.localeCompare(y.name, 'en'));
  }

  /** The people whose `met_at` links an event; by name. */
  peopleMetAt(event: Entity): Entity[] {
    return this.entities
      .filter((p) => p.type === 'person' && this.fieldTargets(p, 'met_at').includes(event))
      .sort((x, y) => x.name.localeCompare(y.name, 'en'));
  }

  /** The effective last contact: the latest of `last_contact` and every interaction on or before today. */
  lastContact(person: Entity, today: CalendarDate): string | undefined {
    const t = formatDate(today); // Temporal's own toString is slow, and this runs once per person
    let best = person.lastContact && person.lastContact <= t ? person.lastContact : undefined;
    for (const i of this.interactionsOf(person.id) ?? []) if (i.date <= t && (!best || i.date > best)) best = i.date;
    return best;
  }

  followUps(today: CalendarDate): FollowUp[] {
    const cfg = this.ws.config;
    const key = JSON.stringify([formatDate(today), cfg.upcoming, cfg.thankYouWithin, [...cfg.cadence]]);
    if (this.followUpsCache?.key !== key) {
      const seed = this.followUpsSeed;
      this.followUpsSeed = undefined;
      this.followUpsCache = { key, list: seed && seed.key === key ? this.updatedFollowUps(seed.list, seed.old, today) : computeFollowUps(this, today, followUpMemo) };
    }
    return [...this.followUpsCache.list];
  }

  /**
   * An earlier analysis's follow-ups (same names, config and today) with those that can differ
   * computed again: the ones placed in the changed notes, in the notes of the people those notes
   * reach (before or after the change: their last contact), and the ones whose entity is not this
   * analysis's object any more (a task in an unchanged note owned by a person whose note changed).
   * Both lists are in sortFollowUps's order (due, path, line; a path's follow-ups all come from one
   * of them, in the order the full computation gives), so a merge gives the full computation's list.
   */
  private updatedFollowUps(before: FollowUp[], old: Map<string, Note | undefined>, today: CalendarDate): FollowUp[] {
    const redo = new Set<string>();
    const ids = new Set<string>();
    for (const [p, was] of old) {
      redo.add(p);
      if (was) this.contributionsOf(was, (i) => ids.add(i.person));
      const now = this.noteAt(p);
      if (now) this.contributionsOf(now, (i) => ids.add(i.person));
    }
    for (const id of ids) for (const e of this.named(nameKey(id)) ?? []) if (e.id === id) redo.add(e.path);
    for (const f of before) if (f.entity && this.entityAt(f.entity.path) !== f.entity) redo.add(f.path);
    const kept = before.filter((f) => !redo.has(f.path));
    const fresh = computeFollowUps(this, today, followUpMemo, redo);
    const out: FollowUp[] = [];
    let i = 0;
    let j = 0;
    while (i < kept.length && j < fresh.length) out.push(followUpOrder(kept[i]!, fresh[j]!) <= 0 ? kept[i++]! : fresh[j++]!);
    while (i < kept.length) out.push(kept[i++]!);
    while (j < fresh.length) out.push(fresh[j++]!);
    return out;
  }

  /**
   * The paths whose diagnostics can differ from `prev`'s, when only the notes at `changed` were
   * set since `prev` (same workspace, same config, same today); undefined when any of them can
   * (a note appeared, disappeared, or changed its type, id, name or aliases: links elsewhere
   * may resolve differently). Otherwise only these can change: the changed notes themselves
   * (their parse, field and link problems, their tasks' and their entity's follow-ups) and the
   * people whose interactions (log entries, done tasks) come from a changed note, before or
   * after the change (their cadence and thank-you follow-ups depend on their last contact).
   */
  affectedSince(prev: Analysis, changed: ReadonlySet<string>): Set<string> | undefined {
    if (prev.ws !== this.ws || !Analysis.sameNames(prev, this, changed)) return undefined;
    const out = new Set<string>();
    for (const p of changed) {
      out.add(p);
      for (const a of [prev, this]) for (const q of a.peopleReachedFrom(p)) out.add(q);
    }
    return out;
  }

  /** Paths of the people whose interactions come from the note at `path` (its log entries, its done tasks). */
  private peopleReachedFrom(path: string): Set<string> {
    const out = new Set<string>();
    const note = this.noteAt(path);
    if (!note) return out;
    const ids = new Set<string>();
    this.contributionsOf(note, (i) => ids.add(i.person));
    // Interactions are keyed by id: every entity with that id shares them.
    for (const id of ids) for (const e of this.named(nameKey(id)) ?? []) if (e.id === id) out.add(e.path);
    return out;
  }

  /** Every diagnostic of every note (or of one path, or of a set of paths), with severities from the config. */
  diagnostics(today: CalendarDate, onlyPath?: string | ReadonlySet<string>): Diagnostic[] {
    const out: Diagnostic[] = [];
    const sev = this.ws.config.severity;
    const wanted = onlyPath === undefined ? () => true : typeof onlyPath === 'string' ? (p: string) => p === onlyPath : (p: string) => onlyPath.has(p);
    const push = (path: string, p: Problem) => {
      if (!wanted(path)) return;
      const s = resolveSeverity(p.code, sev);
      if (s === 'off') return;
      // Object.assign, not a spread: see followups.ts (a hidden class per object otherwise).
      out.push(Object.assign({}, p, { path, severity: s }));
    };
    // With paths given, only their notes are visited (in path order, as the full pass visits them).
    const notes = onlyPath === undefined ? this.notesInOrder : (typeof onlyPath === 'string' ? [onlyPath] : [...onlyPath].sort()).map((p) => this.noteAt(p));
    for (const note of notes) {
      if (!note || !wanted(note.path)) continue;
      for (const p of note.fileProblems) push(note.path, p);
      for (const p of note.parsed.problems) push(note.path, p);
      for (const p of this.problemsAt(note.path) ?? []) push(note.path, p);
      let linkProblems = this.shared.linkProblems.get(note);
      if (!linkProblems) {
        linkProblems = this.linkProblemsOf(note);
        this.shared.linkProblems.set(note, linkProblems.length ? linkProblems.slice() : NO_PROBLEMS);
      }
      for (const p of linkProblems) push(note.path, p);
    }
    for (const d of this.duplicates()) {
      if (!wanted(d.path)) continue;
      push(d.path, { code: 'duplicate-entity', message: d.message, range: nameRange(this.noteAt(d.path)!, d.key) });
    }
    const followUps = typeof onlyPath === 'object' ? computeFollowUps(this, today, followUpMemo, onlyPath) : this.followUps(today);
    for (const f of followUps) {
      if (f.status === 'later') continue;
      const code: DiagnosticCode = f.status;
      push(f.path, { code, message: f.message, range: f.range, data: { kind: f.kind, due: f.due, followUp: f.id } });
    }
    return out;
  }

  /**
   * Every name shared by two or more entities, once per entity, in name-index order. It depends
   * on names and paths only, so it is computed once for all the analyses that share `shared`.
   */
  private duplicates(): { key: string; path: string; message: string }[] {
    if (this.shared.duplicates) return this.shared.duplicates;
    const out: { key: string; path: string; message: string }[] = [];
    for (const [key, list] of this.base.nameIndex) {
      if (list.length < 2) continue;
      const distinct = [...new Set(list)];
      if (distinct.length < 2) continue;
      for (const e of distinct) {
        const others = distinct.filter((o) => o !== e).map((o) => o.path);
        out.push({ key, path: e.path, message: `'${displayOfKey(e, key)}' also names ${others.join(', ')}.` });
      }
    }
    this.shared.duplicates = out;
    return out;
  }

  /** Broken and ambiguous links of one note. */
  private linkProblemsOf(note: Note): Problem[] {
    const out: Problem[] = [];
    for (const link of note.parsed.links) {
      const r = this.resolve(note.path, link);
      if (r.status === 'placeholder') {
        out.push({
          code: 'broken-link',
          message: link.kind === 'markdown' ? `No note at '${link.target}'.` : `No note named '${link.target}' yet: create it, or fix the link.`,
          range: link.targetRange,
          data: { target: link.target },
        });
      } else if (r.status === 'ambiguous') {
        out.push({
          code: 'ambiguous-link',
          message: `'${link.target}' matches ${r.candidates.length} notes: ${r.candidates.map((c) => c.path).join(', ')}. Link by file name or path.`,
          range: link.targetRange,
          data: { candidates: r.candidates.map((c) => c.path) },
        });
      }
    }
    return out;
  }
}

/** sortFollowUps's order: due, then path, then line. */
function followUpOrder(x: FollowUp, y: FollowUp): number {
  return x.due < y.due ? -1 : x.due > y.due ? 1 : x.path < y.path ? -1 : x.path > y.path ? 1 : x.line - y.line;
}

/** Whether interactions are in date order. */
function byDate(l: readonly Interaction[]): boolean {
  for (let i = 1; i < l.length; i++) if (l[i]!.date < l[i - 1]!.date) return false;
  return true;
}

/** The map with its keys in code-unit order (one order whatever the map was built from). */
function byKey<V>(m: Map<string, V>): Map<string, V> {
  return new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function displayOfKey(e: Entity, key: string): string {
  return [e.name, ...e.aliases, e.id].find((n) => nameKey(n) === key) ?? key;
}

/** Range of the name or alias that makes a key, else the top of the note. */
function nameRange(note: Note, key: string): Range {
  for (const f of note.parsed.frontmatter.fields) {
    if (f.key === 'name' && typeof f.value === 'string' && nameKey(f.value) === key) return f.valueRange;
    if (f.key === 'aliases') {
      for (const it of f.items ?? [{ value: f.value, range: f.valueRange }]) if (typeof it.value === 'string' && nameKey(it.value) === key) return it.range;
    }
  }
  return { start: { line: 0, character: 0 }, end: { line: 0, character: note.lines.lineEnd(0) } };
}

interface SharedMemo {
  /** Resolutions by wikilink or name target text. */
  byTarget: Map<string, Resolution>;
  /** Resolutions of Markdown links by the workspace path they reach. */
  byNotePath: Map<string, Resolution>;
  duplicates?: { key: string; path: string; message: string }[];
  logContributions: WeakMap<Note, readonly Interaction[]>;
  linkProblems: WeakMap<Note, Problem[]>;
}

function newSharedMemo(): SharedMemo {
  return { byTarget: new Map(), byNotePath: new Map(), logContributions: new WeakMap(), linkProblems: new WeakMap() };
}

/** Follow-ups of unchanged entities and tasks, reused across analyses (see FollowUpMemo). */
const followUpMemo = newFollowUpMemo();

interface EntityRead {
  path: string;
  entity: Entity | undefined;
  problems: Problem[];
  base: string;
  keys: string[];
}

/** A note's entity, field problems, basename key and name keys (memoised per note version). */
function readOf(note: Note): EntityRead {
  let read = entityMemo.get(note);
  if (!read || read.path !== note.path) {
    const problems: Problem[] = [];
    const entity = readEntity(note.path, note.parsed, problems);
    // Its distinct non-empty name keys in the order id, name, aliases (one list, no set or copies).
    const keys: string[] = [];
    if (entity) {
      addKey(keys, entity.id);
      addKey(keys, entity.name);
      for (const alias of entity.aliases) addKey(keys, alias);
    }
    read = { path: note.path, entity, problems, base: nameKey(idFromPath(note.path)), keys: keys.length ? keys.slice() : keys };
    entityMemo.set(note, read);
  }
  return read;
}

function addKey(keys: string[], name: string): void {
  const k = nameKey(name);
  if (k && !keys.includes(k)) keys.push(k);
}


/** Each note's entity and field problems, computed once per note version (notes are replaced on change). */
const entityMemo = new WeakMap<Note, EntityRead>();

function nameSignature(e: Entity | undefined): string {
  return e ? JSON.stringify([e.type, e.id, e.name, e.aliases]) : '';
}

/** The indexes of a fresh build over these notes (sorted by path). */
function fullBase(notesInOrder: Note[]): Base {
  const base: Base = {
    notesInOrder,
    notesByPath: new Map(),
    entities: [],
    byPath: new Map(),
    byId: new Map(),
    nameIndex: new Map(),
    entityProblems: new Map(),
    noteByBasename: new Map(),
  };
  for (const note of notesInOrder) {
    const read = readOf(note);
    const e = read.entity;
    base.notesByPath.set(note.path, note);
    base.entityProblems.set(note.path, read.problems);
    const list = base.noteByBasename.get(read.base);
    if (list) list.push(note.path);
    else base.noteByBasename.set(read.base, [note.path]);
    if (!e) continue;
    base.entities.push(e);
    base.byPath.set(e.path, e);
    for (const key of read.keys) {
      const l = base.nameIndex.get(key);
      if (l) l.push(e);
      else base.nameIndex.set(key, [e]);
    }
  }
  base.entities.sort((a, b) => (a.path < b.path ? -1 : 1));
  // Ids are file names; where two files share one, the first path wins `byId` (both stay in nameIndex).
  for (const e of base.entities) if (!base.byId.has(e.id)) base.byId.set(e.id, e);
  return base;
}

/** A new base: the old one with the swapped notes in (same paths, same names, so the same order). */
function rebase(old: Base, swapped: Map<string, Swap>): Base {
  const at = (e: Entity) => swapped.get(e.path)?.read.entity ?? e;
  const base: Base = {
    notesInOrder: old.notesInOrder.map((n) => swapped.get(n.path)?.note ?? n),
    notesByPath: new Map(old.notesByPath),
    entities: old.entities.map(at),
    byPath: new Map(old.byPath),
    byId: new Map(old.byId),
    nameIndex: new Map(old.nameIndex),
    entityProblems: new Map(old.entityProblems),
    noteByBasename: old.noteByBasename,
  };
  for (const [p, s] of swapped) {
    base.notesByPath.set(p, s.note);
    base.entityProblems.set(p, s.read.problems);
    const e = s.read.entity;
    const before = old.byPath.get(p);
    if (!e || !before) continue;
    base.byPath.set(p, e);
    if (old.byId.get(e.id) === before) base.byId.set(e.id, e);
    for (const key of s.read.keys) base.nameIndex.set(key, old.nameIndex.get(key)!.map(at));
  }
  return base;
}

/** Interactions with the changed lists in (keys in id order). */
function applyDelta(st: InteractionState): Map<string, Interaction[]> {
  const m = new Map(st.base);
  let keysChanged = false;
  for (const [id, l] of st.delta) {
    if (l === null) {
      m.delete(id);
      keysChanged = true;
    } else {
      if (!m.has(id)) keysChanged = true;
      m.set(id, l);
    }
  }
  return keysChanged ? byKey(m) : m;
}

/** A note that adds no interaction (one shared empty list instead of one per note). */
const NONE: readonly Interaction[] = Object.freeze([]);
const NO_PROBLEMS: Problem[] = [];
