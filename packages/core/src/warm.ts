import type { Analysis } from './analysis.js';
import type { CalendarDate } from './dates.js';
import type { Entity } from './entity.js';
import type { EdgeKind } from './schema.js';

/**
 * Warm introductions: who you already know that can get you to a person, an organization or a
 * program, and through whom.
 *
 * "People you know" are the person notes with an effective last contact on or before today:
 * a logged interaction (a dated log entry, or a done task with a done date) or a `last_contact`
 * date. Someone you only wrote a note about, or plan to meet, is not someone you know yet.
 *
 * The network is the typed graph from `Analysis.graph()`, read in both directions, restricted to
 * the edges that carry an introduction: `works-at` (a person's or a program's `organization`),
 * `member-of` (a program's `contacts`, the people at the program), `part-of` (an organization's
 * `parent`, and the institution behind a program), `introduced-by`, `met-at`
 * (two people met at the same event are two steps apart through it) and `mentions` (a link in
 * the body of an entity's note). Placeholders are not walked through.
 *
 * Every path starts at one person you know and ends at the target. A path never passes through
 * a second person you know (that person's own path is shorter and is listed instead), so there
 * is at most one path per first person: the shortest, with ties between equally short routes
 * broken by the order of ids nearest the target (the search runs backwards from it). Paths are ranked by length, then by how recently you spoke with
 * the first person (most recent first), then by that person's id.
 */

export const WARM_EDGE_KINDS: readonly EdgeKind[] = ['works-at', 'member-of', 'part-of', 'introduced-by', 'met-at', 'mentions'];

/** How a step is reached: `knows` for the first person (you know them), else the edge kind. */
export type WarmVia = EdgeKind | 'knows';

export interface WarmStep {
  entity: string;
  via: WarmVia;
}

export interface WarmPath {
  /** Number of steps: 1 when you know the target yourself. */
  length: number;
  steps: WarmStep[];
  /** Effective last contact with the first person. */
  lastContact: string;
}

export interface WarmResult {
  target: string;
  paths: WarmPath[];
}

/** The people you know, each with their effective last contact. */
export function knownPeople(a: Analysis, today: CalendarDate): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of a.entities) {
    if (e.type !== 'person') continue;
    const last = a.lastContact(e, today);
    if (last) out.set(e.id, last);
  }
  return out;
}

interface Adjacent {
  id: string;
  kind: EdgeKind;
}

/** The introduction network as an undirected adjacency list, neighbours sorted by id. */
export function warmNetwork(a: Analysis): Map<string, Adjacent[]> {
  const adj = new Map<string, Adjacent[]>();
  const add = (x: string, y: string, kind: EdgeKind) => {
    const l = adj.get(x) ?? [];
    if (!l.some((n) => n.id === y && n.kind === kind)) l.push({ id: y, kind });
    adj.set(x, l);
  };
  for (const e of a.graph().edges) {
    if (!WARM_EDGE_KINDS.includes(e.kind) || !a.byId.has(e.from) || !a.byId.has(e.to)) continue;
    add(e.from, e.to, e.kind);
    add(e.to, e.from, e.kind);
  }
  for (const l of adj.values()) l.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : WARM_EDGE_KINDS.indexOf(x.kind) - WARM_EDGE_KINDS.indexOf(y.kind)));
  return adj;
}

export interface WarmOptions {
  /** At most this many paths (default: all). */
  limit?: number;
  /** Longest path considered, in steps (default 6). */
  maxLength?: number;
}

/** Ranked warm paths from the people you know to `target` (an entity id). */
export function warmPaths(a: Analysis, target: string, today: CalendarDate, options: WarmOptions = {}): WarmResult {
  const known = knownPeople(a, today);
  const adj = cachedNetwork(a);
  const maxLength = options.maxLength ?? 6;
  const paths: WarmPath[] = [];
  if (!a.byId.has(target)) return { target, paths };

  // One breadth-first search backwards from the target. A person you know ends a route (their
  // own path is the one listed), so every route's inner nodes are people you do not know yet,
  // organizations, programs and events. `next` points one step closer to the target.
  const next = new Map<string, { id: string; kind: EdgeKind }>();
  const depth = new Map<string, number>([[target, 0]]);
  const queue = [target];
  for (let q = 0; q < queue.length; q++) {
    const node = queue[q]!;
    const d = depth.get(node)!;
    if (node !== target && known.has(node)) continue;
    if (d + 1 >= maxLength) continue;
    for (const n of adj.get(node) ?? []) {
      if (depth.has(n.id)) continue;
      depth.set(n.id, d + 1);
      next.set(n.id, { id: node, kind: n.kind });
      queue.push(n.id);
    }
  }
  for (const [start, last] of known) {
    if (!depth.has(start)) continue;
    const steps: WarmStep[] = [{ entity: start, via: 'knows' }];
    for (let at = start; at !== target; ) {
      const n = next.get(at)!;
      steps.push({ entity: n.id, via: n.kind });
      at = n.id;
    }
    paths.push({ length: steps.length, steps, lastContact: last });
  }
  paths.sort((x, y) => x.length - y.length || (x.lastContact > y.lastContact ? -1 : x.lastContact < y.lastContact ? 1 : 0) || (x.steps[0]!.entity < y.steps[0]!.entity ? -1 : 1));
  return { target, paths: options.limit !== undefined ? paths.slice(0, options.limit) : paths };
}

const networks = new WeakMap<Analysis, Map<string, Adjacent[]>>();

/** The network is the same for every target of one analysis (the report asks once per program). */
function cachedNetwork(a: Analysis): Map<string, Adjacent[]> {
  let n = networks.get(a);
  if (!n) networks.set(a, (n = warmNetwork(a)));
  return n;
}

/** One path in words: `Lena Okafor (last contact 2026-11-02) → via works-at → Riverside Medical Center → ...`. */
export function describeWarmPath(a: Analysis, path: WarmPath): string {
  return path.steps
    .map((s, i) => {
      const name = a.entity(s.entity)?.name ?? s.entity;
      return i === 0 ? `${name} (last contact ${path.lastContact})` : `via ${s.via} → ${name}`;
    })
    .join(' → ');
}
