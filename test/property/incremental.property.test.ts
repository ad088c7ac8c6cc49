/**
 * Incremental updates equal a fresh load: after random sequences of sets, deletes and renames
 * (and config changes), the workspace's entities, follow-ups and diagnostics equal those of
 * Workspace.load over the final files.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MemoryFileSystem, Workspace, parseDate, type Workspace as Ws } from '@rapport/core';

const PATHS = ['people/jane-smith.md', 'people/omar.md', 'people/Jane Smith.md', 'organizations/riverside.md', 'notes/2026-05-20.md', 'journal.md', 'People/sam.md'];

const TEXTS = [
  '---\ntype: person\nname: Jane Smith\nmet: 2026-05-18\nfollow_up: 2026-05-25\norganization: "[[Riverside]]"\n---\n- 2026-05-18 Met [[Omar]]\n',
  '---\nname: Omar\naliases: [O. H.]\nmentor: [near-peer]\ncadence: 1 month\nlast_contact: 2026-03-01\n---\n- [ ] Ask about rotations 📅 2026-05-30\n',
  '---\ntype: organization\nname: Riverside\nkind: hospital\n---\n',
  '# Journal\n\n- 2026-05-20 Coffee with [[Omar]] and [[Jane Smith]]\n- [ ] Thank [[O. H.]] 📅 2026-05-21\n- [x] Wrote [[Sam]] ✅ 2026-05-19\n',
  '---\ntype: person\nname: Sam\nmet: 2026-02-30\n---\n[[Nobody]] [[Riverside]]\n',
  '---\ntype: person\nname: Jane Smith\n---\nA duplicate name.\n',
  '---\ntype: person\nname: [broken\n---\n',
  '',
];

const CONFIGS = [undefined, 'today: 2026-06-01\ncadence:\n  mentor: 2 months\n', 'upcoming: 30 days\nthank_you_within: 1 day\n', 'severity:\n  broken-link: off\n'];

type Op = { kind: 'set'; path: string; text: string } | { kind: 'delete'; path: string } | { kind: 'rename'; from: string; to: string } | { kind: 'config'; text: string | undefined };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), path: fc.constantFrom(...PATHS), text: fc.constantFrom(...TEXTS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('rename' as const), from: fc.constantFrom(...PATHS), to: fc.constantFrom(...PATHS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('config' as const), text: fc.constantFrom(...CONFIGS) }) },
);

const today = parseDate('2026-06-01')!;

/** Everything a user sees, as plain data. */
function snapshot(ws: Ws) {
  const a = ws.analysis();
  const entities = a.entities.map((e) => ({ id: e.id, path: e.path, type: e.type, name: e.name, aliases: e.aliases, data: JSON.stringify(e.data), met: e.met, followUp: e.followUp }));
  const followUps = a.followUps(today).map((f) => [f.id, f.kind, f.status, f.due, f.path, f.line, f.people.join(','), f.message]);
  const diagnostics = a
    .diagnostics(today)
    .map((d) => [d.path, d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character, d.message].join('|'))
    .sort();
  const interactions = [...a.interactions()].map(([k, v]) => [k, v.map((i) => `${i.date}@${i.path}:${i.line}`)]).sort();
  return { entities, followUps, diagnostics, interactions, notes: [...ws.notes.keys()].sort() };
}

describe('incremental updates equal a fresh load', () => {
  it('after random sets, deletes, renames and config changes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), fc.boolean(), async (ops, analyseBetween) => {
        const ws = new Workspace();
        const files = new Map<string, string>();
        let config: string | undefined;
        for (const o of ops) {
          if (o.kind === 'set') {
            ws.set(o.path, o.text);
            files.set(o.path, o.text);
          } else if (o.kind === 'delete') {
            ws.delete(o.path);
            files.delete(o.path);
          } else if (o.kind === 'rename') {
            const t = files.get(o.from);
            ws.rename(o.from, o.to);
            if (t !== undefined && o.from !== o.to) {
              files.delete(o.from);
              files.set(o.to, t);
            }
          } else {
            ws.setConfig(o.text);
            config = o.text;
          }
          // Reading the analysis between changes exercises its caches.
          if (analyseBetween) ws.analysis().diagnostics(today);
        }
        const all: Record<string, string> = Object.fromEntries(files);
        if (config !== undefined) all['rapport.yaml'] = config;
        const fresh = await Workspace.load(new MemoryFileSystem(all));
        expect(snapshot(ws)).toEqual(snapshot(fresh));
      }),
      { numRuns: 200 },
    );
  });
});
