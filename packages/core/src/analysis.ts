import type { Workspace, Note } from './workspace.js';
import type { Problem, Diagnostic, DiagnosticCode } from './diagnostics.js';
import { resolveSeverity } from './diagnostics.js';
import { readEntity, type Entity } from './entity.js';
import type { LinkRef, Task } from './parse.js';
import { dirname, resolveRelative, basename } from './fs.js';
import { nameKey, type Range } from './text.js';
import { fieldSpec, type EdgeKind, type EntityType } from './schema.js';
import { computeFollowUps, newFollowUpMemo, type FollowUp } from './followups.js';
import type { CalendarDate } from './dates.js';

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

/** Everything derived from a workspace's notes at one version. */
export class Analysis {
  readonly entities: Entity[] = [];
  readonly byId = new Map<string, Entity>();
  readonly byPath = new Map<string, Entity>();
  /** nameKey → entities with that id, name or alias. */
  readonly nameIndex = new Map<string, Entity[]>();
  /** Problems per path from reading entities (field validation). */
  readonly entityProblems = new Map<string, Problem[]>();
  private readonly noteByBasename: Map<string, string[]> = new Map();
  /**
   * Memos shared with the next analyses for as long as no note appears, disappears, or changes
   * what it is called (entity type, id, name, aliases): until then every link resolves the same
   * way, so per-link resolutions and per-note results computed from unchanged notes still hold.
   */
  private readonly shared: SharedMemo;
  private followUpsCache: { key: string; list: FollowUp[] } | undefined;
  /** Wikilink and name resolutions by target text (they do not depend on the linking note). */
  private readonly byTarget = new Map<string, Resolution>();
  private lowerPaths: Map<string, Note> | undefined;
  /** The notes sorted by path. */
  private readonly notesInOrder: Note[];
  private interactionsCache: Map<string, Interaction[]> | undefined;
  private tasksCache: OwnedTask[] | undefined;
  private backlinksCache: Map<string, Backlink[]> | undefined;

  constructor(
    readonly ws: Workspace,
    /** The workspace's previous analysis and the paths changed since (from Workspace.analysis()). */
    since?: { previous: Analysis; changed: ReadonlySet<string> },
  ) {
    // Path order, not insertion order: an edited workspace must equal a fresh load of the same
    // files (name look-ups, duplicates and ties depend on this order; found by the incremental
    // property test).
    // When the same paths exist as in the previous analysis, its order holds (changed notes swapped in).
    const prevOrder = since?.previous.notesInOrder;
    const samePaths =
      prevOrder !== undefined &&
      prevOrder.length === ws.notes.size &&
      [...since!.changed].every((p) => since!.previous.entityProblems.has(p) === ws.notes.has(p));
    this.notesInOrder = samePaths
      ? prevOrder.map((n) => (since!.changed.has(n.path) ? ws.notes.get(n.path)! : n))
      : [...ws.notes.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    // Same paths and every changed note keeps its names: the previous indexes hold, with the
    // changed notes' entity objects swapped in (the incremental property tests compare with a fresh build).
    const prev = since?.previous;
    const changedReads = samePaths ? [...since!.changed].filter((p) => ws.notes.has(p)).map((p) => readOf(ws.notes.get(p)!)) : [];
    if (prev && samePaths && changedReads.every((r) => nameSignature(r.entity) === nameSignature(prev.byPath.get(r.path)))) {
      this.entityProblems = new Map(prev.entityProblems);
      this.noteByBasename = prev.noteByBasename;
      this.byPath = new Map(prev.byPath);
      this.nameIndex = new Map(prev.nameIndex);
      this.byId = new Map(prev.byId);
      for (const r of changedReads) {
        this.entityProblems.set(r.path, r.problems);
        const old = prev.byPath.get(r.path);
        const e = r.entity;
        if (!old || !e || old === e) continue;
        this.byPath.set(r.path, e);
        for (const key of r.keys) this.nameIndex.set(key, this.nameIndex.get(key)!.map((x) => (x === old ? e : x)));
        if (this.byId.get(e.id) === old) this.byId.set(e.id, e);
      }
      this.entities = prev.entities.map((x) => this.byPath.get(x.path)!);
      this.shared = prev.shared;
      if (prev.interactionsCache) this.interactionsSeed = { map: prev.interactionsCache, changed: since!.changed };
      return;
    }
    for (const note of this.notesInOrder) {
      const read = readOf(note);
      const e = read.entity;
      const problems = read.problems;
      this.entityProblems.set(note.path, problems);
      const b = read.base;
      const list = this.noteByBasename.get(b);
      if (list) list.push(note.path);
      else this.noteByBasename.set(b, [note.path]);
      if (!e) continue;
      this.entities.push(e);
      this.byPath.set(e.path, e);
      for (const key of read.keys) {
        const l = this.nameIndex.get(key);
        if (l) l.push(e);
        else this.nameIndex.set(key, [e]);
      }
    }
    this.entities.sort((a, b) => (a.path < b.path ? -1 : 1));
    // Ids are file names; where two files share one, the first path wins `byId` (both stay in nameIndex).
    for (const e of this.entities) if (!this.byId.has(e.id)) this.byId.set(e.id, e);
    this.shared = since && sameNames(since.previous, this, since.changed) ? since.previous.shared : newSharedMemo();
    // Interactions can then be updated from the previous analysis's (only the changed notes'
    // contributions differ). Only its map is kept, not the analysis (no chain of analyses).
    if (since && this.shared === since.previous.shared && since.previous.interactionsCache) {
      this.interactionsSeed = { map: since.previous.interactionsCache, changed: since.changed };
    }
  }

  private interactionsSeed: { map: Map<string, Interaction[]>; changed: ReadonlySet<string> } | undefined;

  entity(id: string): Entity | undefined {
    return this.byId.get(id);
  }

  note(path: string): Note | undefined {
    return this.ws.get(path);
  }

  /** Looks an entity up by id, name or alias (case-insensitive). */
  lookup(name: string): Entity[] {
    return this.nameIndex.get(nameKey(name)) ?? [];
  }

  resolve(fromPath: string, link: LinkRef): Resolution {
    let r = this.shared.resolutions.get(link);
    if (r) r = this.current(r);
    if (!r) {
      r = this.resolveUncached(fromPath, link);
      this.shared.resolutions.set(link, r);
    }
    return r;
  }

  /** A resolution made by an earlier analysis, pointed at this analysis's entity objects. */
  private current(r: Resolution): Resolution | undefined {
    if (r.status === 'entity') {
      const e = this.byPath.get(r.entity.path);
      if (e === r.entity) return r;
      return e ? { status: 'entity', entity: e } : undefined;
    }
    if (r.status === 'ambiguous') {
      const now = r.candidates.map((c) => this.byPath.get(c.path));
      if (now.every((c, i) => c === r.candidates[i])) return r;
      return now.every((c) => c !== undefined) ? { status: 'ambiguous', candidates: now as Entity[] } : undefined;
    }
    return r;
  }

  private resolveUncached(fromPath: string, link: LinkRef): Resolution {
    if (link.kind === 'markdown') {
      const p = resolveRelative(dirname(fromPath), link.target);
      if (p === undefined) return { status: 'placeholder', key: link.target };
      const n = this.ws.get(p) ?? this.noteByLowerPath(p);
      if (!n) return { status: 'placeholder', key: p };
      const e = this.byPath.get(n.path);
      return e ? { status: 'entity', entity: e } : { status: 'note', path: n.path };
    }
    const target = link.target;
    if (!target) return { status: 'note', path: fromPath };
    // Past this point the answer depends on the target text alone.
    let r = this.byTarget.get(target);
    if (!r) {
      r = this.resolveTarget(target);
      this.byTarget.set(target, r);
    }
    return r;
  }

  /** The first note (in workspace order) whose path matches ignoring case. */
  private noteByLowerPath(p: string): Note | undefined {
    if (!this.lowerPaths) {
      this.lowerPaths = new Map();
      for (const n of this.notesInOrder) {
        const k = n.path.toLowerCase();
        if (!this.lowerPaths.has(k)) this.lowerPaths.set(k, n);
      }
    }
    return this.lowerPaths.get(p.toLowerCase());
  }

  private resolveTarget(target: string): Resolution {
    if (NON_NOTE_EXT.test(target)) return { status: 'external' };
    const bare = target.replace(/\.md$/i, '');
    if (bare.includes('/')) {
      const wanted = `${bare}.md`.toLowerCase().replace(/^\.?\//, '');
      const exact = this.entities.find((e) => e.path.toLowerCase() === wanted);
      if (exact) return { status: 'entity', entity: exact };
    }
    const last = bare.slice(bare.lastIndexOf('/') + 1);
    const key = nameKey(bare.includes('/') ? last : bare);
    const hits = this.nameIndex.get(key);
    if (hits && hits.length === 1) return { status: 'entity', entity: hits[0]! };
    if (hits && hits.length > 1) return { status: 'ambiguous', candidates: hits };
    const notes = this.noteByBasename.get(key);
    if (notes && notes.length > 0) return { status: 'note', path: notes[0]! };
    return { status: 'placeholder', key };
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
      const own = this.byPath.get(note.path);
      for (const task of note.parsed.tasks) {
        const people = this.taskPeople(note, own, task);
        // In a plain note (no own entity) the people are exactly the linked ones: the first is its entity.
        const entity = own ?? people[0];
        out.push({ path: note.path, task, ...(entity ? { entity } : {}), people });
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
      const note = this.ws.get(p);
      if (!note || !this.entityProblems.has(note.path)) continue;
      const own = this.byPath.get(note.path);
      for (const task of note.parsed.tasks) {
        const people = this.taskPeople(note, own, task);
        const linked = people.filter((x) => x !== own);
        const entity = own ?? linked[0];
        out.push({ path: note.path, task, ...(entity ? { entity } : {}), people });
      }
    }
    return out;
  }

  /** Interactions per person id (keys in id order), oldest first. */
  interactions(): Map<string, Interaction[]> {
    if (this.interactionsCache) return this.interactionsCache;
    const seed = this.interactionsSeed;
    this.interactionsSeed = undefined;
    if (seed) return (this.interactionsCache = this.updatedInteractions(seed.map, seed.changed));
    const map = new Map<string, Interaction[]>();
    const add = (person: Entity, i: Omit<Interaction, 'person'>) => {
      const l = map.get(person.id) ?? [];
      l.push({ person: person.id, ...i });
      map.set(person.id, l);
    };
    for (const note of this.notesInOrder) for (const c of this.logContributionsOf(note)) add(c.person, c.i);
    for (const t of this.tasks()) {
      if (!t.task.checked || !t.task.dates.done) continue;
      for (const p of t.people) add(p, { date: t.task.dates.done, path: t.path, line: t.task.line, text: t.task.text, source: 'done-task' });
    }
    for (const l of map.values()) l.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    this.interactionsCache = byKey(map);
    return this.interactionsCache;
  }

  /** This note's log-entry contributions to interactions (memoised per note version). */
  private logContributionsOf(note: Note): { person: Entity; i: Omit<Interaction, 'person'> }[] {
    let contributed = this.shared.logContributions.get(note);
    if (!contributed) {
      contributed = [];
      const own = this.byPath.get(note.path);
      for (const entry of note.parsed.logEntries) {
        const people = own?.type === 'person' ? [own] : this.contactLinks(note, entry.links);
        for (const p of people) contributed.push({ person: p, i: { date: entry.date, path: note.path, line: entry.line, text: entry.text, source: 'log' } });
      }
      this.shared.logContributions.set(note, contributed);
    }
    return contributed;
  }

  /**
   * The previous analysis's interactions with the changed notes' entries replaced (same names,
   * so the same ids and resolutions). The lists keep the full computation's order: by date,
   * then log entries before done tasks, then path, then line (its insertion order).
   */
  private updatedInteractions(prev: Map<string, Interaction[]>, changed: ReadonlySet<string>): Map<string, Interaction[]> {
    const map = new Map(prev);
    const touched = new Set<string>();
    for (const [id, list] of prev) {
      if (!list.some((i) => changed.has(i.path))) continue;
      touched.add(id);
      map.set(id, list.filter((i) => !changed.has(i.path)));
    }
    const add = (person: Entity, i: Omit<Interaction, 'person'>) => {
      if (!touched.has(person.id)) {
        touched.add(person.id);
        map.set(person.id, [...(map.get(person.id) ?? [])]);
      }
      map.get(person.id)!.push({ person: person.id, ...i });
    };
    for (const p of changed) {
      const note = this.ws.get(p);
      if (!note || !this.entityProblems.has(note.path)) continue;
      for (const c of this.logContributionsOf(note)) add(c.person, c.i);
      const own = this.byPath.get(note.path);
      for (const task of note.parsed.tasks) {
        if (!task.checked || !task.dates.done) continue;
        for (const person of this.taskPeople(note, own, task)) add(person, { date: task.dates.done, path: note.path, line: task.line, text: task.text, source: 'done-task' });
      }
    }
    const rank = (i: Interaction) => (i.source === 'log' ? 0 : 1);
    let reorder = false;
    for (const id of touched) {
      const l = map.get(id)!;
      if (!prev.has(id) || l.length === 0) reorder = true;
      if (l.length === 0) map.delete(id);
      l.sort((a, b) => (a.date !== b.date ? (a.date < b.date ? -1 : 1) : rank(a) !== rank(b) ? rank(a) - rank(b) : a.path !== b.path ? (a.path < b.path ? -1 : 1) : a.line - b.line));
    }
    return reorder ? byKey(map) : map;
  }

  /** The people a task belongs to: its note's person, then each person it links (not through embeds or quotes). */
  private taskPeople(note: Note, own: Entity | undefined, task: Task): Entity[] {
    const linked: Entity[] = [];
    for (const i of task.links) {
      const l = note.parsed.links[i]!;
      if (l.embed || l.inQuote) continue;
      const e = this.target(note.path, l);
      if (e && e.type === 'person' && !linked.includes(e)) linked.push(e);
    }
    return [...(own?.type === 'person' ? [own] : []), ...linked.filter((p) => p !== own)];
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
      const note = this.ws.get(e.path);
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
    const note = this.ws.get(e.path);
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
    const t = today.toString();
    let best = person.lastContact && person.lastContact <= t ? person.lastContact : undefined;
    for (const i of this.interactions().get(person.id) ?? []) if (i.date <= t && (!best || i.date > best)) best = i.date;
    return best;
  }

  followUps(today: CalendarDate): FollowUp[] {
    const cfg = this.ws.config;
    const key = JSON.stringify([today.toString(), cfg.upcoming, cfg.thankYouWithin, [...cfg.cadence]]);
    if (this.followUpsCache?.key !== key) this.followUpsCache = { key, list: computeFollowUps(this, today, followUpMemo) };
    return [...this.followUpsCache.list];
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
    if (prev.ws !== this.ws || !sameNames(prev, this, changed)) return undefined;
    const out = new Set<string>();
    for (const p of changed) {
      out.add(p);
      for (const a of [prev, this]) for (const q of a.peopleReachedFrom(p)) out.add(q);
    }
    return out;
  }

  /** The notes of this analysis by path (the versions it was made from). */
  private notesByPath: Map<string, Note> | undefined;

  /** Paths of the people whose interactions come from the note at `path` (its log entries, its done tasks). */
  private peopleReachedFrom(path: string): Set<string> {
    this.notesByPath ??= new Map(this.notesInOrder.map((n) => [n.path, n]));
    const out = new Set<string>();
    const note = this.notesByPath.get(path);
    if (!note) return out;
    const people = this.logContributionsOf(note).map((c) => c.person);
    const own = this.byPath.get(note.path);
    for (const task of note.parsed.tasks) if (task.checked && task.dates.done) people.push(...this.taskPeople(note, own, task));
    // Interactions are keyed by id: every entity with that id shares them.
    for (const p of new Set(people)) for (const e of this.nameIndex.get(nameKey(p.id)) ?? []) if (e.id === p.id) out.add(e.path);
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
      out.push({ ...p, path, severity: s });
    };
    for (const note of this.notesInOrder) {
      if (!wanted(note.path)) continue;
      for (const p of note.fileProblems) push(note.path, p);
      for (const p of note.parsed.problems) push(note.path, p);
      for (const p of this.entityProblems.get(note.path) ?? []) push(note.path, p);
      let linkProblems = this.shared.linkProblems.get(note);
      if (!linkProblems) {
        linkProblems = this.linkProblemsOf(note);
        this.shared.linkProblems.set(note, linkProblems);
      }
      for (const p of linkProblems) push(note.path, p);
    }
    for (const [key, list] of this.nameIndex) {
      if (list.length < 2) continue;
      const distinct = [...new Set(list)];
      if (distinct.length < 2) continue;
      for (const e of distinct) {
        if (!wanted(e.path)) continue;
        const others = distinct.filter((o) => o !== e).map((o) => o.path);
        push(e.path, { code: 'duplicate-entity', message: `'${displayOfKey(e, key)}' also names ${others.join(', ')}.`, range: nameRange(this.ws.get(e.path)!, e, key) });
      }
    }
    const followUps = typeof onlyPath === 'object' ? computeFollowUps(this, today, followUpMemo, onlyPath) : this.followUps(today);
    for (const f of followUps) {
      if (f.status === 'later') continue;
      const code: DiagnosticCode = f.status;
      push(f.path, { code, message: f.message, range: f.range, data: { kind: f.kind, due: f.due, followUp: f.id } });
    }
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

/** The map with its keys in code-unit order (one order whatever the map was built from). */
function byKey<V>(m: Map<string, V>): Map<string, V> {
  return new Map([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function displayOfKey(e: Entity, key: string): string {
  return [e.name, ...e.aliases, e.id].find((n) => nameKey(n) === key) ?? key;
}

/** Range of the name or alias that makes a key, else the top of the note. */
function nameRange(note: Note, e: Entity, key: string): Range {
  for (const f of note.parsed.frontmatter.fields) {
    if (f.key === 'name' && typeof f.value === 'string' && nameKey(f.value) === key) return f.valueRange;
    if (f.key === 'aliases') {
      for (const it of f.items ?? [{ value: f.value, range: f.valueRange }]) if (typeof it.value === 'string' && nameKey(it.value) === key) return it.range;
    }
  }
  void e;
  return { start: { line: 0, character: 0 }, end: { line: 0, character: note.lines.lineEnd(0) } };
}

interface SharedMemo {
  resolutions: WeakMap<LinkRef, Resolution>;
  logContributions: WeakMap<Note, { person: Entity; i: Omit<Interaction, 'person'> }[]>;
  linkProblems: WeakMap<Note, Problem[]>;
}

function newSharedMemo(): SharedMemo {
  return { resolutions: new WeakMap(), logContributions: new WeakMap(), linkProblems: new WeakMap() };
}

/** Follow-ups of unchanged entities and tasks, reused across analyses (see FollowUpMemo). */
const followUpMemo = newFollowUpMemo();

/** A note's entity, field problems, basename key and name keys (memoised per note version). */
function readOf(note: Note): { path: string; entity: Entity | undefined; problems: Problem[]; base: string; keys: string[] } {
  let read = entityMemo.get(note);
  if (!read || read.path !== note.path) {
    const problems: Problem[] = [];
    const entity = readEntity(note.path, note.parsed, problems);
    const keys = entity ? [...new Set([entity.id, entity.name, ...entity.aliases].map(nameKey))].filter((k) => k) : [];
    read = { path: note.path, entity, problems, base: nameKey(basename(note.path).replace(/\.md$/i, '')), keys };
    entityMemo.set(note, read);
  }
  return read;
}

/** Each note's entity and field problems, computed once per note version (notes are replaced on change). */
const entityMemo = new WeakMap<Note, { path: string; entity: Entity | undefined; problems: Problem[]; base: string; keys: string[] }>();

function nameSignature(e: Entity | undefined): string {
  return e ? JSON.stringify([e.type, e.id, e.name, e.aliases]) : '';
}

/** Whether the changed paths left every note's existence and every entity's names as they were. */
function sameNames(prev: Analysis, next: Analysis, changed: ReadonlySet<string>): boolean {
  for (const p of changed) {
    if (prev.entityProblems.has(p) !== next.entityProblems.has(p)) return false;
    if (nameSignature(prev.byPath.get(p)) !== nameSignature(next.byPath.get(p))) return false;
  }
  return true;
}
