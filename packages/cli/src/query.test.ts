import { describe, expect, it } from 'vitest';
import { fixtureWorkspace, run } from './test-helpers.js';

const NOTES = `
  //- people/jane-smith.md
  ---
  name: Dr. Jane Smith
  tags: [mentor]
  role: Program Director
  organization: "[[Riverside Medical Center]]"
  met: 2026-05-18
  custom: kept as written
  ---
  //- people/omar.md
  ---
  name: Omar Haddad
  tags: [resident]
  role: PGY-2 resident
  organization: Riverside MC
  met: 2026-09-02
  ---
  //- organizations/riverside.md
  ---
  name: Riverside Medical Center
  aliases: [Riverside MC]
  ---
  //- programs/north.md
  ---
  name: North Psychiatry
  stage: target
  deadline: 2026-12-01
  img_friendly: true
  ---
  //- journal/day.md
  Not an entity.
`;

/** Runs `rapport query --json` with flags; returns the ids found. */
function check(...args: string[]): string[] {
  const dir = fixtureWorkspace(NOTES);
  const r = run(['query', dir, '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { entities: { id: string }[] }).entities.map((e) => e.id);
}

describe('rapport query', () => {
  it('json: {"entities":[{id, type, name, file, ...every field as written}]}', () => {
    const dir = fixtureWorkspace(NOTES);
    const r = run(['query', dir, '--json', '--type', 'person', '--where', 'role~director']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      entities: [
        {
          id: 'jane-smith', type: 'person', name: 'Dr. Jane Smith', file: 'people/jane-smith.md',
          tags: ['mentor'], role: 'Program Director', organization: '[[Riverside Medical Center]]', met: '2026-05-18', custom: 'kept as written',
        },
      ],
    });
  });

  it('filters by type (repeatable, plurals accepted), tag and conditions', () => {
    expect(check()).toEqual(['jane-smith', 'omar', 'riverside', 'north']);
    expect(check('--type', 'people')).toEqual(['jane-smith', 'omar']);
    expect(check('--type', 'program', '--type', 'organization')).toEqual(['riverside', 'north']);
    expect(check('--tag', 'resident')).toEqual(['omar']);
    expect(check('--where', 'organization=Riverside Medical Center')).toEqual(['jane-smith', 'omar']);
    expect(check('--where', 'met<2026-06-01')).toEqual(['jane-smith']);
    expect(check('--where', 'met>2026-06-01')).toEqual(['omar']);
    expect(check('--where', 'stage=target', '--where', 'img_friendly=true')).toEqual(['north']);
    expect(check('--where', '!met', '--type', 'person')).toEqual([]);
  });

  it('table: name, type, the fields asked about, file; and a count', () => {
    const dir = fixtureWorkspace(NOTES);
    const r = run(['query', '--dir', dir, '--type', 'person', '--fields', 'role', '--where', 'met>2000-01-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'NAME            TYPE    ROLE              MET         FILE',
        'Dr. Jane Smith  person  Program Director  2026-05-18  people/jane-smith.md',
        'Omar Haddad     person  PGY-2 resident    2026-09-02  people/omar.md',
        '2 notes',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing matches (exit 0)', () => {
    const dir = fixtureWorkspace(NOTES);
    expect(run(['query', dir, '--tag', 'nobody'])).toMatchObject({ code: 0, stdout: 'No notes match.\n' });
    expect(JSON.parse(run(['query', dir, '--tag', 'nobody', '--json']).stdout)).toEqual({ entities: [] });
  });

  it('today-relative dates and the contacted column (effective last contact, logs included)', () => {
    const dir = fixtureWorkspace(`
      //- rapport.yaml
      today: 2026-11-25
      //- people/ann.md
      ---
      name: Ann Lee
      mentor: [career]
      last_contact: 2026-01-10
      ---
      - 2026-10-01 Coffee
      //- people/bo.md
      ---
      name: Bo Chen
      mentor: [research]
      last_contact: 2026-03-01
      ---
    `);
    const r = run(['query', dir, '--where', 'mentor', '--where', 'contacted<today-90d', '--fields', 'contacted']);
    expect(r.stdout).toBe('NAME     TYPE    CONTACTED   MENTOR    FILE\nBo Chen  person  2026-03-01  research  people/bo.md\n1 note\n');
    expect(run(['query', dir, '--where', 'contacted>today-90d', '--today', '2026-12-01', '--json']).stdout).toContain('"id": "ann"');
  });
});
