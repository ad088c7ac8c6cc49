import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { EXAMPLE, ROOT, writeFixture } from '../../test/helpers.js';

function run(script: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'examples/scripts', script), ...args], { encoding: 'utf8', timeout: 60000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('weekly digest', () => {
  it('lists what is owed this week per person, overdue included, nothing beyond', () => {
    const dir = writeFixture(`
      //- people/ann.md
      ---
      name: Ann Lee
      ---
      - [ ] Send CV 📅 2026-11-20
      - [ ] Next month 📅 2026-12-20
      //- people/bob.md
      - [ ] Call back 📅 2026-11-30
    `);
    expect(run('weekly-digest.mjs', [dir, '--today', '2026-11-25'])).toBe(
      '# Week of 2026-11-25\n\n## Ann Lee\n- [ ] Send CV (task, 5 days late)\n\n## bob\n- [ ] Call back (task, by 2026-11-30)\n',
    );
  });

  it('runs on the example network', () => {
    const out = run('weekly-digest.mjs', [EXAMPLE]);
    expect(out).toContain('# Week of 2026-11-25');
    expect(out).toContain('## Kevin Brandt');
  });
});

describe('stale mentors', () => {
  it('lists mentors past the threshold, never-contacted first, using logged interactions too', () => {
    const dir = writeFixture(`
      //- people/old.md
      ---
      mentor: [research]
      last_contact: 2026-01-10
      ---
      //- people/fresh.md
      ---
      mentor: [career]
      last_contact: 2026-01-10
      ---
      //- people/never.md
      ---
      mentor: [clinical, near-peer]
      ---
      //- people/not-a-mentor.md
      ---
      last_contact: 2020-01-01
      ---
      //- journal/x.md
      - 2026-11-01 Call with [[fresh]]
    `);
    const out = JSON.parse(run('stale-mentors.mjs', [dir, '--today', '2026-11-25', '--json']));
    expect(out.mentors).toEqual([
      { id: 'never', name: 'never', mentor: ['clinical', 'near-peer'], lastContact: null, days: null },
      { id: 'old', name: 'old', mentor: ['research'], lastContact: '2026-01-10', days: 319 },
    ]);
  });

  it('runs on the example network', () => {
    expect(run('stale-mentors.mjs', [EXAMPLE, '--days', '120'])).toMatch(/Ruth Adler \(research\): last contact 2026-04-02, 237 days ago/);
  });
});
