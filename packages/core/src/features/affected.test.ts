import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Workspace } from '../workspace.js';
import { parseDate } from '../dates.js';
import { diagnosticsByPath } from './diagnostics.js';
// @ts-expect-error an untyped .mjs module outside this package
import { generateNetwork, CONFIG } from '../../../bench/generate.mjs';

const today = parseDate('2026-11-25')!;
const plain = (m: Map<string, unknown>) => JSON.parse(JSON.stringify([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));

/** Edits of one or two notes; each returns the paths it set. `r` picks among candidates. */
type Edit = (ws: Workspace, r: number, step: number) => string[];
const paths = (ws: Workspace, prefix: string, has?: string) => [...ws.notes.keys()].filter((p) => p.startsWith(prefix) && (!has || ws.get(p)!.text.includes(has))).sort();
const pick = <T,>(xs: T[], r: number): T | undefined => xs[Math.floor(r * xs.length) % Math.max(1, xs.length)];
const personId = (ws: Workspace, r: number) => pick(paths(ws, 'people/'), r)!.slice(7, -3);

const EDITS: Edit[] = [
  // A journal gains a dated entry for someone: another note's follow-ups change.
  (ws, r) => {
    const j = pick(paths(ws, 'journal/'), r)!;
    ws.set(j, `${ws.get(j)!.text}\n- 2026-11-2${Math.floor(r * 5)} Call with [[${personId(ws, 1 - r)}]]\n`);
    return [j];
  },
  // A journal loses its log lines (people it reached lose an interaction).
  (ws, r) => {
    const j = pick(paths(ws, 'journal/'), r)!;
    ws.set(j, ws.get(j)!.text.replace(/^- \d{4}-\d\d-\d\d .*$/gm, '- plain line'));
    return [j];
  },
  // A person's own frontmatter and log (no name change).
  (ws, r) => {
    const p = pick(paths(ws, 'people/'), r)!;
    ws.set(p, ws.get(p)!.text.replace(/^met: .*$/m, `met: 2026-11-${10 + Math.floor(r * 15)}`) + `- 2026-10-0${1 + Math.floor(r * 8)} note\n`);
    return [p];
  },
  // A task is ticked (a done task is an interaction with the people it links).
  (ws, r) => {
    const p = pick(paths(ws, '', '- [ ] '), r);
    if (!p) return [];
    ws.set(p, ws.get(p)!.text.replace('- [ ] ', '- [x] ').replace(/\n*$/, ' ✅ 2026-11-20\n'));
    return [p];
  },
  // A done task is unticked.
  (ws, r) => {
    const p = pick(paths(ws, '', '- [x] '), r);
    if (!p) return [];
    ws.set(p, ws.get(p)!.text.replace('- [x] ', '- [ ] '));
    return [p];
  },
  // A new task linking someone, due soon.
  (ws, r) => {
    const p = pick(paths(ws, 'journal/'), r)!;
    ws.set(p, `${ws.get(p)!.text}\n- [ ] Email [[${personId(ws, r)}]] 📅 2026-11-2${Math.floor(r * 9)}\n`);
    return [p];
  },
  // A broken link appears in a note.
  (ws, r) => {
    const p = pick(paths(ws, ''), r)!;
    ws.set(p, `${ws.get(p)!.text}\nSee [[nobody-${Math.floor(r * 3)}]].\n`);
    return [p];
  },
  // A rename, an alias collision, a type change, a delete, a new note: the names change.
  (ws, r) => {
    const p = pick(paths(ws, 'people/'), r)!;
    ws.set(p, ws.get(p)!.text.replace(/^name: .*$/m, `name: Renamed ${Math.floor(r * 1000)}`));
    return [p];
  },
  (ws, r) => {
    const p = pick(paths(ws, 'people/'), r)!;
    ws.set(p, ws.get(p)!.text.replace(/^type: person$/m, `type: person\naliases: [${personId(ws, 1 - r)}]`));
    return [p];
  },
  (ws, r) => {
    const p = pick(paths(ws, 'people/'), r)!;
    ws.set(p, ws.get(p)!.text.replace(/^type: person$/m, 'type: organization'));
    return [p];
  },
  (ws, r) => {
    const p = pick(paths(ws, 'journal/'), r)!;
    ws.delete(p);
    return [p];
  },
  (ws, r, step) => {
    const p = `people/new-${step}.md`;
    ws.set(p, `---\ntype: person\nname: New ${step}\nmet: 2026-11-01\n---\n- 2026-11-02 hello [[${personId(ws, r)}]]\n`);
    return [p];
  },
  // The same text again.
  (ws, r) => {
    const p = pick(paths(ws, ''), r)!;
    ws.set(p, ws.get(p)!.text);
    return [p];
  },
];

describe('Analysis.affectedSince', () => {
  it('after random edits, the targeted paths hold every change of the full recompute, and their diagnostics equal it', () => {
    const files = generateNetwork(50, 7) as Map<string, string>;
    let targeted = 0;
    let affectedTotal = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(EDITS.length - 1), fc.double({ min: 0, max: 0.999, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        (steps) => {
          const ws = new Workspace();
          ws.setConfig(CONFIG);
          for (const [p, t] of files) ws.set(p, t);
          let prev = ws.analysis();
          let before = diagnosticsByPath(prev, today);
          steps.forEach(([k, r, twice], step) => {
            const changed = new Set(EDITS[k]!(ws, r, step));
            if (twice) for (const p of EDITS[0]!(ws, 1 - r, step)) changed.add(p);
            const next = ws.analysis();
            // The indexes an analysis builds from the previous one hold this analysis's entities and equal a fresh build's.
            for (const e of [...next.entities, ...next.byId.values(), ...[...next.nameIndex.values()].flat()]) expect(next.byPath.get(e.path)).toBe(e);
            const f = new Workspace();
            f.setConfig(ws.configText);
            for (const n of ws.notes.values()) f.set(n.path, n.text);
            const fa = f.analysis();
            expect(plain(next.nameIndex)).toEqual(plain(fa.nameIndex));
            expect(plain(next.byId)).toEqual(plain(fa.byId));
            expect(JSON.parse(JSON.stringify(next.entities))).toEqual(JSON.parse(JSON.stringify(fa.entities)));
            const affected = next.affectedSince(prev, changed);
            const full = diagnosticsByPath(next, today);
            if (affected) {
              targeted++;
              affectedTotal += affected.size;
              // Nothing outside the targeted set changed...
              for (const [p, list] of full) if (!affected.has(p)) expect([p, list]).toEqual([p, before.get(p)]);
              expect([...full.keys()].sort()).toEqual([...before.keys()].sort());
              // ...and the targeted computation answers what the full one answers for them.
              const only = diagnosticsByPath(next, today, {}, affected);
              expect(plain(only)).toEqual(plain(new Map([...full].filter(([p]) => affected.has(p)))));
            }
            prev = next;
            before = full;
          });
        },
      ),
      { numRuns: 25, seed: 42 },
    );
    // The fast path is really taken, and it is narrower than the workspace.
    expect(targeted).toBeGreaterThan(20);
    expect(affectedTotal / targeted).toBeLessThan(10);
  }, 180_000);

  it('falls back (undefined) when a note changes its names, appears or disappears', () => {
    const ws = new Workspace();
    ws.setConfig(CONFIG);
    for (const [p, t] of generateNetwork(30, 2) as Map<string, string>) ws.set(p, t);
    const a = ws.analysis();
    const p = paths(ws, 'people/')[0]!;
    ws.set(p, ws.get(p)!.text.replace(/^name: .*$/m, 'name: Someone Else'));
    expect(ws.analysis().affectedSince(a, new Set([p]))).toBeUndefined();
    const b = ws.analysis();
    ws.set('people/brand-new.md', '---\ntype: person\nname: Brand New\n---\n');
    expect(ws.analysis().affectedSince(b, new Set(['people/brand-new.md']))).toBeUndefined();
  });

  it('a journal entry for a person targets the journal and that person only', () => {
    const ws = new Workspace();
    ws.setConfig(CONFIG);
    ws.set('people/ana.md', '---\ntype: person\nname: Ana\nmet: 2026-11-01\n---\n');
    ws.set('people/bo.md', '---\ntype: person\nname: Bo\nmet: 2026-11-01\n---\n');
    ws.set('journal/day.md', '# Day\n');
    const a = ws.analysis();
    a.diagnostics(today);
    ws.set('journal/day.md', '# Day\n- 2026-11-20 Coffee with [[ana]]\n');
    expect([...ws.analysis().affectedSince(a, new Set(['journal/day.md']))!].sort()).toEqual(['journal/day.md', 'people/ana.md']);
  });
});
