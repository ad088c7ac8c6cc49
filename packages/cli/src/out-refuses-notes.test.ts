/**
 * `report --out` and `export --out` never replace a note or rapport.yaml (found by the blind CLI
 * hunt: `rapport report --out people/jane.md` overwrote Jane's note with the report, exit 0).
 * A Markdown report they wrote before may be written again; new files and files outside the
 * workspace are written as before.
 */
import { describe, expect, it } from 'vitest';
import { fixtureWorkspace, read, run } from './test-helpers.js';

const NET = `
  //- rapport.yaml
  today: 2026-11-25 # pinned
  //- people/jane.md
  ---
  name: Jane
  ---
  - 2026-11-01 Coffee
  //- archive/old.md
  an ignored note is still a note
`;

describe('--out', () => {
  it('refuses a note or the config, with exit 1 and every byte kept', () => {
    const dir = fixtureWorkspace(NET);
    const before = ['people/jane.md', 'rapport.yaml', 'archive/old.md'].map((f) => read(dir, f));
    for (const [args, target] of [
      [['report'], 'people/jane.md'],
      [['export', 'csv'], 'people/jane.md'],
      [['export', 'ics'], 'rapport.yaml'],
      [['report'], 'archive/old.md'],
    ] as const) {
      const r = run([...args, '--out', target], { cwd: dir });
      expect(r.code, `${args.join(' ')} --out ${target}`).toBe(1);
      expect(r.stderr).toMatch(/not written: .* is (one of your notes|the workspace config)/);
    }
    expect(['people/jane.md', 'rapport.yaml', 'archive/old.md'].map((f) => read(dir, f))).toEqual(before);
  });

  it('writes a new file, and replaces a report it wrote before', () => {
    const dir = fixtureWorkspace(NET);
    expect(run(['report', '--out', 'network.md'], { cwd: dir }).code).toBe(0);
    expect(read(dir, 'network.md')).toMatch(/^# Network report — 2026-11-25/);
    const again = run(['report', '--out', 'network.md', '--today', '2026-11-26'], { cwd: dir });
    expect(again.code, again.stderr).toBe(0);
    expect(read(dir, 'network.md')).toMatch(/^# Network report — 2026-11-26/);
    expect(run(['export', 'csv', '--out', 'people.csv'], { cwd: dir }).code).toBe(0);
    expect(read(dir, 'people.csv')).toMatch(/^Name,Role/);
  });
});
