import { describe, expect, it } from 'vitest';
import { loadFixture } from './testing.js';
import { findEntity, parseCondition, parseEntityType, queryEntities, fieldValues, relativeDate, type Condition, type EntityQuery } from './query.js';
import { parseDate } from './dates.js';

const NETWORK = `
  //- people/jane-smith.md
  ---
  name: Dr. Jane Smith
  aliases: [Jane]
  tags: [mentor, APA]
  role: Program Director
  organization: "[[Riverside Medical Center]]"
  mentor: [clinical, career]
  met: 2026-05-18
  # a comment
  custom_score: 7
  ---
  //- people/omar.md
  ---
  name: Omar Haddad
  tags: [resident]
  role: PGY-2 resident
  organization: Riverside MC
  met: 2026-09-02
  email: omar@example.org
  ---
  //- people/li.md
  ---
  name: Li Wei
  tags: [resident, near-peer]
  organization: ["[[Lakeshore Hospital]]", "[[Riverside Medical Center|RMC]]"]
  custom_score: 12
  ---
  //- organizations/riverside.md
  ---
  name: Riverside Medical Center
  aliases: [Riverside MC]
  kind: hospital
  ---
  //- programs/riverside-psych.md
  ---
  name: Riverside Psychiatry Residency
  stage: target
  img_friendly: true
  deadline: 2026-12-01
  ---
  //- events/apa-2026.md
  ---
  name: APA Annual Meeting 2026
  date: 2026-05-16
  ---
  //- journal/day.md
  A plain note is never an entity.
`;

/** Runs a query on the network above; `where` conditions are written as on the command line. */
async function check(q: Omit<EntityQuery, 'where'> & { where?: string[] }, source = NETWORK): Promise<string[]> {
  const { ws } = await loadFixture(source);
  const where = (q.where ?? []).map((w) => {
    const c = parseCondition(w);
    if ('error' in c) throw new Error(c.error);
    return c;
  });
  return queryEntities(ws.analysis(), { ...q, where }).map((e) => e.id);
}

describe('queryEntities', () => {
  it('filters by type, several types meaning any of them', async () => {
    expect(await check({ types: ['person'] })).toEqual(['jane-smith', 'li', 'omar']);
    expect(await check({ types: ['program', 'event'] })).toEqual(['apa-2026', 'riverside-psych']);
    expect(await check({})).toHaveLength(6);
  });

  it('filters by tags: every tag given, any case, # ignored', async () => {
    expect(await check({ tags: ['resident'] })).toEqual(['li', 'omar']);
    expect(await check({ tags: ['#Resident', 'near-peer'] })).toEqual(['li']);
    expect(await check({ tags: ['apa'] })).toEqual(['jane-smith']);
  });

  it('compares field values ignoring case, on every list item', async () => {
    expect(await check({ where: ['role=program director'] })).toEqual(['jane-smith']);
    expect(await check({ where: ['mentor=career'] })).toEqual(['jane-smith']);
    expect(await check({ where: ['stage=target', 'img_friendly=true'] })).toEqual(['riverside-psych']);
    expect(await check({ where: ['name="Omar Haddad"'] })).toEqual(['omar']);
    expect(await check({ where: ['custom_score=7'] })).toEqual(['jane-smith']);
  });

  it('matches link fields by what they reach: names, aliases, ids, plain names', async () => {
    const want = ['jane-smith', 'li', 'omar'];
    expect(await check({ where: ['organization=Riverside Medical Center'] })).toEqual(want);
    expect(await check({ where: ['organization=riverside'] })).toEqual(want);
    expect(await check({ where: ['organization=[[Riverside MC]]'] })).toEqual(want);
    expect(await check({ where: ['organization=Lakeshore Hospital'] })).toEqual(['li']);
  });

  it('compares dates and numbers with < > <= >=', async () => {
    expect(await check({ where: ['met<2026-06-01'] })).toEqual(['jane-smith']);
    expect(await check({ where: ['met>=2026-09-02'] })).toEqual(['omar']);
    expect(await check({ where: ['deadline<=2026-12-01'] })).toEqual(['riverside-psych']);
    expect(await check({ where: ['date>2026-05-16'] })).toEqual([]);
    expect(await check({ where: ['custom_score>8'] })).toEqual(['li']);
  });

  it('finds text with ~, and presence with field / !field, and != includes notes without the field', async () => {
    expect(await check({ where: ['role~resident'] })).toEqual(['omar']);
    expect(await check({ where: ['name~RIVERSIDE'] })).toEqual(['riverside', 'riverside-psych']);
    expect(await check({ types: ['person'], where: ['email'] })).toEqual(['omar']);
    expect(await check({ types: ['person'], where: ['!email'] })).toEqual(['jane-smith', 'li']);
    expect(await check({ types: ['person'], where: ['role!=PGY-2 resident'] })).toEqual(['jane-smith', 'li']);
  });

  it('reads built-in fields: id, type, path, aliases', async () => {
    expect(await check({ where: ['aliases=jane'] })).toEqual(['jane-smith']);
    expect(await check({ where: ['type=event'] })).toEqual(['apa-2026']);
    expect(await check({ where: ['path~programs/'] })).toEqual(['riverside-psych']);
    expect(await check({ where: ['id=omar'] })).toEqual(['omar']);
  });

  it('a date comparison never matches text that is not a date', async () => {
    const { ws } = await loadFixture('//- people/x.md\n---\nmet: soon\n---\n');
    const c = parseCondition('met<2030-01-01') as Condition;
    expect(queryEntities(ws.analysis(), { where: [c] })).toEqual([]);
  });
});

describe('parseCondition', () => {
  it.each([
    ['stage=target', { field: 'stage', op: '=', value: 'target' }],
    ['stage = "target"', { field: 'stage', op: '=', value: 'target' }],
    ["name='A = B'", { field: 'name', op: '=', value: 'A = B' }],
    ['met<=2026-01-01', { field: 'met', op: '<=', value: '2026-01-01' }],
    ['role~res', { field: 'role', op: '~', value: 'res' }],
    ['role!=x', { field: 'role', op: '!=', value: 'x' }],
    ['email', { field: 'email', op: 'exists', value: '' }],
    ['!email', { field: 'email', op: 'missing', value: '' }],
  ])('%s', (text, want) => {
    expect(parseCondition(text)).toEqual(want);
  });

  it.each(['=x', 'met<soon', '', 'a b=c'])('rejects %j with a message', (text) => {
    expect(parseCondition(text)).toHaveProperty('error');
  });

  it('reads type words, plurals included', () => {
    expect(['people', 'person', 'Orgs', 'programs', 'event', 'robot'].map(parseEntityType)).toEqual(['person', 'person', 'organization', 'program', 'event', undefined]);
  });
});

describe('fieldValues', () => {
  it('removes link brackets, aliases and anchors from link values', async () => {
    const { ws } = await loadFixture(NETWORK);
    const li = ws.analysis().entity('li')!;
    expect(fieldValues(li, 'organization')).toEqual(['Lakeshore Hospital', 'Riverside Medical Center']);
    expect(fieldValues(li, 'nothing')).toEqual([]);
  });
});

describe('findEntity', () => {
  it('finds exactly one entity by id, name or alias, any case', async () => {
    const { ws } = await loadFixture(NETWORK);
    const a = ws.analysis();
    for (const n of ['jane-smith', 'dr. jane smith', 'JANE']) expect(findEntity(a, n)).toMatchObject({ status: 'found', entity: { id: 'jane-smith' } });
  });

  it('lists every candidate when a name is ambiguous', async () => {
    const { ws } = await loadFixture(`${NETWORK}\n  //- people/jane-doe.md\n  ---\n  aliases: [Jane]\n  ---\n`);
    const r = findEntity(ws.analysis(), 'jane');
    expect(r.status).toBe('ambiguous');
    expect(r.status === 'ambiguous' && r.candidates.map((e) => e.id).sort()).toEqual(['jane-doe', 'jane-smith']);
  });

  it('a workspace path picks one note when ids repeat across folders', async () => {
    const { ws } = await loadFixture(`${NETWORK}\n  //- contacts/omar.md\n  ---\n  type: person\n  ---\n`);
    const a = ws.analysis();
    expect(findEntity(a, 'omar').status).toBe('ambiguous');
    expect(findEntity(a, 'contacts/omar')).toMatchObject({ status: 'found', entity: { path: 'contacts/omar.md' } });
    expect(findEntity(a, 'People/Omar.md')).toMatchObject({ status: 'found', entity: { path: 'people/omar.md' } });
  });

  it('suggests near names when nothing matches, best first', async () => {
    const { ws } = await loadFixture(NETWORK);
    const a = ws.analysis();
    const r = findEntity(a, 'Jane Smith');
    expect(r.status === 'none' && r.suggestions.map((e) => e.id)).toEqual(['jane-smith']);
    const r2 = findEntity(a, 'Riverside Hospital');
    expect(r2.status === 'none' && r2.suggestions.map((e) => e.id)).toEqual(['riverside', 'riverside-psych']);
    expect(findEntity(a, 'zzz')).toEqual({ status: 'none', suggestions: [] });
  });
});

describe('today-relative values and the contacted field', () => {
  const today = parseDate('2026-11-25')!;

  it('reads today, today-90d, today + 2 weeks', () => {
    expect(relativeDate('today', today)).toBe('2026-11-25');
    expect(relativeDate('today-90d', today)).toBe('2026-08-27');
    expect(relativeDate('today + 2 weeks', today)).toBe('2026-12-09');
    expect(relativeDate('TODAY-1m', today)).toBe('2026-10-25');
    expect(relativeDate('today-soon', today)).toBeUndefined();
    expect(relativeDate('today', undefined)).toBeUndefined();
    expect(parseCondition('met<today-90d')).toEqual({ field: 'met', op: '<', value: 'today-90d' });
    expect(parseCondition('met<today-soon')).toHaveProperty('error');
  });

  it('compares fields with today-relative dates', async () => {
    const { ws } = await loadFixture(NETWORK);
    const q = (w: string) => queryEntities(ws.analysis(), { today, where: [parseCondition(w) as Condition] }).map((e) => e.id);
    expect(q('met<today-90d')).toEqual(['jane-smith']);
    expect(q('deadline<=today+6d')).toEqual(['riverside-psych']);
    expect(q('deadline<=today+5d')).toEqual([]);
    // Without a today, a relative value matches nothing.
    expect(queryEntities(ws.analysis(), { where: [parseCondition('met<today') as Condition] })).toEqual([]);
  });

  it('contacted: the effective last contact, logged interactions included', async () => {
    const { ws } = await loadFixture(`
      //- people/ann.md
      ---
      last_contact: 2026-01-10
      ---
      - 2026-10-01 Coffee
      - 2027-01-01 Planned, not yet
      //- people/bo.md
      ---
      last_contact: 2026-03-01
      ---
      //- people/cy.md
      Nothing logged.
      //- journal/day.md
      ## 2026-09-30 Grand rounds
      Saw [[bo]] there.
    `);
    const q = (w: string) => queryEntities(ws.analysis(), { today, where: [parseCondition(w) as Condition] }).map((e) => e.id);
    expect(q('contacted<today-2m')).toEqual([]);
    expect(q('contacted>=2026-10-01')).toEqual(['ann']);
    expect(q('contacted=2026-09-30')).toEqual(['bo']);
    expect(q('!contacted')).toEqual(['cy']);
  });
});
