import { describe, expect, it } from 'vitest';
import { Workspace } from './workspace.js';
import { parseDate } from './dates.js';
import type { Analysis } from './analysis.js';
// @ts-expect-error an untyped .mjs module outside this package
import { generateNetwork, rng, CONFIG } from '../../bench/generate.mjs';

const today = parseDate('2026-11-25')!;

/** Everything an analysis answers, as plain data (entities by path). */
function facts(a: Analysis) {
  const plain = (x: unknown) => JSON.parse(JSON.stringify(x, (_k, v) => (v instanceof Map ? [...v] : v)));
  return plain({
    entities: a.entities,
    diagnostics: a.diagnostics(today),
    one: a.diagnostics(today, a.entities[0]?.path),
    followUps: a.followUps(today),
    interactions: a.interactions(),
    tasks: a.tasks(),
    backlinks: a.backlinks(),
    graph: a.graph(),
    links: [...a.linkSites()].map((s) => [s.path, s.link.range, s.resolution.status, s.resolution.status === 'entity' ? s.resolution.entity : undefined]),
  });
}

/** A workspace loaded from scratch with the same notes, in the same order. */
function fresh(ws: Workspace): Workspace {
  const f = new Workspace();
  f.setConfig(ws.configText);
  for (const n of ws.notes.values()) f.set(n.path, n.text);
  return f;
}

describe('incremental analysis', () => {
  it('after every edit of a random sequence, answers exactly what a fresh load answers', () => {
    const files = generateNetwork(70, 5) as Map<string, string>;
    const ws = new Workspace();
    ws.setConfig(CONFIG);
    for (const [p, t] of files) ws.set(p, t);
    ws.analysis().diagnostics(today);
    const r = rng(11) as () => number;
    const paths = () => [...ws.notes.keys()];
    const pick = <T,>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
    const person = () => pick(paths().filter((p) => p.startsWith('people/'))).slice(7, -3);
    const edits: ((step: number) => void)[] = [
      // A journal gains a dated entry for someone: another note's follow-ups change.
      () => {
        const j = pick(paths().filter((p) => p.startsWith('journal/')));
        ws.set(j, `${ws.get(j)!.text}\n- 2026-11-2${Math.floor(r() * 5)} Call with [[${person()}]]\n`);
      },
      // A person's own log and frontmatter (no name change).
      () => {
        const p = pick(paths().filter((x) => x.startsWith('people/')));
        ws.set(p, ws.get(p)!.text.replace(/^met: .*$/m, `met: 2026-11-${10 + Math.floor(r() * 15)}`) + `- 2026-10-0${1 + Math.floor(r() * 8)} note\n`);
      },
      // A task is ticked.
      () => {
        const p = pick(paths().filter((x) => ws.get(x)!.text.includes('- [ ] ')));
        if (p) ws.set(p, ws.get(p)!.text.replace('- [ ] ', '- [x] ').replace(/\n*$/, ' ✅ 2026-11-20\n'));
      },
      // A rename of an entity (its name changes: links elsewhere resolve differently).
      () => {
        const p = pick(paths().filter((x) => x.startsWith('people/')));
        ws.set(p, ws.get(p)!.text.replace(/^name: .*$/m, `name: Renamed ${Math.floor(r() * 1000)}`));
      },
      // An alias that collides with another person (ambiguous links, duplicate names).
      () => {
        const p = pick(paths().filter((x) => x.startsWith('people/')));
        ws.set(p, ws.get(p)!.text.replace(/^type: person$/m, `type: person\naliases: [${person()}]`));
      },
      // A note is deleted, a file is renamed, a note is created that fixes a broken link.
      () => ws.delete(pick(paths())),
      (step) => ws.rename(pick(paths().filter((x) => x.startsWith('journal/'))), `journal/moved-${step}.md`),
      (step) => ws.set(`people/new-${step}.md`, `---\ntype: person\nname: New ${step}\nmet: 2026-11-01\n---\n- 2026-11-02 hello [[${person()}]]\n`),
      // A type change: a person becomes an organization.
      () => {
        const p = pick(paths().filter((x) => x.startsWith('people/')));
        ws.set(p, ws.get(p)!.text.replace(/^type: person$/m, 'type: organization'));
      },
      // The same text again (no change at all).
      () => {
        const p = pick(paths());
        ws.set(p, ws.get(p)!.text);
      },
    ];
    for (let step = 0; step < 30; step++) {
      const k = r() < 0.5 ? 0 : Math.floor(r() * edits.length);
      edits[k]!(step);
      if (r() < 0.3) edits[0]!(step); // sometimes two edits before the next analysis
      expect(facts(ws.analysis())).toEqual(facts(fresh(ws).analysis()));
    }
  }, 180_000);

  it('a config change is never served from an earlier analysis', () => {
    const ws = new Workspace();
    ws.setConfig(CONFIG);
    for (const [p, t] of generateNetwork(60, 3) as Map<string, string>) ws.set(p, t);
    const before = ws.analysis().followUps(today).length;
    ws.setConfig(`${CONFIG}upcoming: 400 days\n`.replace('upcoming: 7 days\n', ''));
    const after = ws.analysis().followUps(today);
    expect(after).toEqual(fresh(ws).analysis().followUps(today));
    expect(after.filter((f) => f.status === 'upcoming').length).toBeGreaterThan(0);
    expect(before).toBe(after.length);
  });
});
