import { afterEach, describe, expect, it, vi } from 'vitest';
import { Workspace } from './workspace.js';
import { Analysis } from './analysis.js';
import { parseDate } from './dates.js';
import { diagnosticsByPath } from './features/diagnostics.js';
import { loadFixture } from './testing.js';
// @ts-expect-error an untyped .mjs module outside this package
import { generateNetwork, rng, CONFIG } from '../../bench/generate.mjs';

// An analysis made after edits that keep every path and name shares its predecessor's indexes
// (the base) and carries the changed notes over it; past `Analysis.rebaseAfter` changed notes it
// builds a new base. These tests run edit sequences through both paths and check that every
// answer equals a fresh load's, and that earlier analyses keep answering what they answered.

const today = parseDate('2026-11-25')!;
const saved = Analysis.rebaseAfter;
afterEach(() => {
  Analysis.rebaseAfter = saved;
});

function facts(a: Analysis) {
  const plain = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, v) => (v instanceof Map ? [...v] : v)));
  return plain({
    entities: a.entities,
    byPath: a.byPath,
    byId: a.byId,
    nameIndex: a.nameIndex,
    entityProblems: a.entityProblems,
    diagnostics: a.diagnostics(today),
    some: a.diagnostics(today, new Set(a.entities.slice(0, 5).map((e) => e.path))),
    followUps: a.followUps(today),
    interactions: a.interactions(),
    tasks: a.tasks(),
    backlinks: a.backlinks(),
    graph: a.graph(),
    lookups: a.entities.slice(0, 10).map((e) => [a.lookup(e.name).map((x) => x.path), a.entity(e.id)?.path, a.lastContact(e, today)]),
    links: [...a.linkSites()].map((s) => [s.path, s.link.range, s.resolution.status, s.resolution.status === 'entity' ? s.resolution.entity.path : undefined]),
  });
}

function fresh(ws: Workspace): Analysis {
  const f = new Workspace();
  f.setConfig(ws.configText);
  for (const n of ws.notes.values()) f.set(n.path, n.text);
  return f.analysis();
}

/** Edits that keep every path and name (the layered path), and now and then one that does not. */
function editor(ws: Workspace, seed: number) {
  const r = rng(seed) as () => number;
  const paths = (prefix: string, has?: string) => [...ws.notes.keys()].filter((p) => p.startsWith(prefix) && (!has || ws.get(p)!.text.includes(has))).sort();
  const pick = <T,>(xs: T[]): T | undefined => xs[Math.floor(r() * xs.length)];
  const person = () => pick(paths('people/'))!.slice(7, -3);
  const edits: (() => void)[] = [
    () => {
      const j = pick(paths('journal/'))!;
      ws.set(j, `${ws.get(j)!.text}\n- 2026-11-2${Math.floor(r() * 5)} Call with [[${person()}]]\n`);
    },
    () => {
      const j = pick(paths('journal/'))!;
      ws.set(j, ws.get(j)!.text.replace(/^- \d{4}-\d\d-\d\d .*$/gm, '- plain line'));
    },
    () => {
      const p = pick(paths('people/'))!;
      ws.set(p, ws.get(p)!.text.replace(/^met: .*$/m, `met: 2026-11-${10 + Math.floor(r() * 15)}`) + `- 2026-10-0${1 + Math.floor(r() * 8)} note\n`);
    },
    () => {
      const p = pick(paths('', '- [ ] '));
      if (p) ws.set(p, ws.get(p)!.text.replace('- [ ] ', '- [x] ').replace(/\n*$/, ' ✅ 2026-11-20\n'));
    },
    () => {
      const p = pick(paths('', '- [x] '));
      if (p) ws.set(p, ws.get(p)!.text.replace('- [x] ', '- [ ] '));
    },
    () => {
      const p = pick(paths(''))!;
      ws.set(p, `${ws.get(p)!.text}\nSee [[nobody-${Math.floor(r() * 3)}]] and [x](../people/${person()}.md).\n`);
    },
    // Names change: a fresh base.
    () => {
      const p = pick(paths('people/'))!;
      ws.set(p, ws.get(p)!.text.replace(/^type: person$/m, `type: person\naliases: [${person()}]`));
    },
  ];
  return () => {
    const k = r() < 0.85 ? Math.floor(r() * (edits.length - 1)) : edits.length - 1;
    edits[k]!();
    if (r() < 0.3) edits[0]!();
  };
}

describe('layered analyses', () => {
  for (const rebaseAfter of [1, 3, 64]) {
    it(`answer what a fresh load answers after every edit (rebase after ${rebaseAfter} changed notes)`, () => {
      Analysis.rebaseAfter = rebaseAfter;
      const ws = new Workspace();
      ws.setConfig(CONFIG);
      for (const [p, t] of generateNetwork(60, 9) as Map<string, string>) ws.set(p, t);
      ws.analysis().diagnostics(today);
      const edit = editor(ws, rebaseAfter);
      for (let step = 0; step < 25; step++) {
        edit();
        const a = ws.analysis();
        // The edit path first (as the language server asks), then everything.
        a.diagnostics(today, new Set([...ws.notes.keys()].slice(0, 3)));
        expect(facts(a)).toEqual(facts(fresh(ws)));
      }
    }, 120_000);
  }

  it('an earlier analysis keeps its answers after later edits', () => {
    Analysis.rebaseAfter = 2;
    const ws = new Workspace();
    ws.setConfig(CONFIG);
    for (const [p, t] of generateNetwork(50, 4) as Map<string, string>) ws.set(p, t);
    const edit = editor(ws, 5);
    const kept: [Analysis, unknown][] = [];
    for (let step = 0; step < 12; step++) {
      const a = ws.analysis();
      // Half of them never compute interactions before the next edit: the next one must not rely on them.
      if (step % 2 === 0) kept.push([a, facts(a)]);
      edit();
    }
    for (const [a, before] of kept) {
      const now = facts(a) as Record<string, unknown>;
      for (const k of Object.keys(now)) expect([k, now[k]]).toEqual([k, (before as Record<string, unknown>)[k]]);
    }
  }, 120_000);

  it('typing in one note keeps one base: the public indexes are only copied when asked for', () => {
    const ws = new Workspace();
    ws.setConfig(CONFIG);
    for (const [p, t] of generateNetwork(40, 2) as Map<string, string>) ws.set(p, t);
    const first = ws.analysis();
    const j = [...ws.notes.keys()].find((p) => p.startsWith('journal/'))!;
    const text = ws.get(j)!.text;
    let a = first;
    for (let i = 0; i < 5; i++) {
      ws.set(j, `${text}\n- 2026-11-24 Call${'!'.repeat(i)}\n`);
      a = ws.analysis();
      expect(a.affectedSince(first, new Set([j]))).toBeDefined();
    }
    // Same entities (no entity note changed), so the very same index objects as the first analysis.
    expect(a.byPath).toBe(first.byPath);
    expect(a.nameIndex).toBe(first.nameIndex);
    expect(a.entities).toBe(first.entities);
  });
  it('a task in an unchanged note follows the new version of the person it belongs to', () => {
    const ws = new Workspace();
    ws.setConfig(CONFIG);
    ws.set('people/ana.md', '---\ntype: person\nname: Ana\nrole: Resident\n---\n');
    ws.set('journal/day.md', '# Day\n- [ ] Email [[Ana]] 📅 2026-11-26\n');
    ws.set('journal/other.md', '# Other\n');
    const first = ws.analysis();
    first.followUps(today);
    ws.set('people/ana.md', '---\ntype: person\nname: Ana\nrole: Attending\n---\n');
    const next = ws.analysis();
    const task = next.followUps(today).find((f) => f.kind === 'task')!;
    expect(task.entity).toBe(next.entity('ana'));
    expect(task.entity!.role).toBe('Attending');
    expect(facts(next)).toEqual(facts(fresh(ws)));
  });
  it('the edit path (new analysis, affectedSince, targeted diagnostics, follow-ups) copies no workspace-wide index', () => {
    const ws = new Workspace();
    ws.setConfig(CONFIG);
    for (const [p, t] of generateNetwork(40, 3) as Map<string, string>) ws.set(p, t);
    let prev = ws.analysis();
    diagnosticsByPath(prev, today);
    prev.followUps(today);
    const person = [...ws.notes.keys()].find((p) => p.startsWith('people/'))!;
    const journal = [...ws.notes.keys()].find((p) => p.startsWith('journal/'))!;
    const getters = (['entities', 'byPath', 'byId', 'nameIndex', 'entityProblems', 'notesInOrder'] as const).map((g) => vi.spyOn(Analysis.prototype, g as 'entities', 'get'));
    const interactions = vi.spyOn(Analysis.prototype, 'interactions');
    try {
      for (const [i, path] of [journal, person, journal].entries()) {
        ws.set(path, `${ws.get(path)!.text}\n- 2026-11-2${i} Call with [[${person.slice(7, -3)}]]\n`);
        const next = ws.analysis();
        const only = next.affectedSince(prev, new Set([path]));
        expect(only).toBeDefined();
        expect(diagnosticsByPath(next, today, {}, only).size).toBe(only!.size);
        next.followUps(today);
        prev = next;
      }
      for (const g of getters) expect(g).not.toHaveBeenCalled();
      expect(interactions).not.toHaveBeenCalled();
    } finally {
      for (const g of getters) g.mockRestore();
      interactions.mockRestore();
    }
  });
});

describe('Analysis.note', () => {
  it('finds a note by its path as stored, or written another way that normalises to it', async () => {
    const { ws } = await loadFixture('//- people/ann.md\n---\nname: Ann\n---\n//- journal/a.md\nhello\n');
    const a = ws.analysis();
    const ann = a.note('people/ann.md');
    expect(ann?.path).toBe('people/ann.md');
    for (const p of ['./people/ann.md', 'people//ann.md', 'people\\ann.md', 'journal/../people/ann.md']) expect(a.note(p)).toBe(ann);
    expect(a.note('people/bob.md')).toBeUndefined();
    expect(a.note('../people/ann.md')).toBeUndefined();
  });
});
