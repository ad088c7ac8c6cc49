import { describe, expect, it } from 'vitest';
import { loadFixture } from './testing.js';
import { parseDate } from './dates.js';
import { describeWarmPath, knownPeople, warmPaths } from './warm.js';

const TODAY = parseDate('2026-11-25')!;

/** Loads a fixture and returns the warm paths to `target` as `a>b>c` strings with the kinds. */
async function check(source: string, target: string): Promise<string[]> {
  const { ws } = await loadFixture(source);
  const a = ws.analysis();
  return warmPaths(a, target, TODAY).paths.map((p) => p.steps.map((s) => `${s.entity}(${s.via})`).join(' > '));
}

describe('people you know', () => {
  it('are the people with a logged interaction or a last_contact on or before today', async () => {
    const { ws } = await loadFixture(`
      //- people/logged.md
      # Logged
      - 2026-01-02 Coffee
      //- people/dated.md
      ---
      last_contact: 2026-03-01
      ---
      //- people/future.md
      ---
      last_contact: 2027-01-01
      ---
      //- people/stranger.md
      ---
      role: Dean
      ---
      //- people/ticked.md
      - [x] Thank-you email ✅ 2026-05-01
    `);
    expect([...knownPeople(ws.analysis(), TODAY)].sort()).toEqual([
      ['dated', '2026-03-01'],
      ['logged', '2026-01-02'],
      ['ticked', '2026-05-01'],
    ]);
  });
});

describe('warm paths', () => {
  it('goes from someone you know through their organization to the target', async () => {
    const paths = await check(
      `
      //- people/ana.md
      ---
      organization: "[[Acme Hospital]]"
      last_contact: 2026-10-01
      ---
      //- people/pd.md
      ---
      name: Dr. Program Director
      organization: "[[Acme Hospital]]"
      ---
      //- organizations/acme-hospital.md
      ---
      name: Acme Hospital
      ---
    `,
      'pd',
    );
    expect(paths).toEqual(['ana(knows) > acme-hospital(works-at) > pd(works-at)']);
  });

  it('is one step when you know the target yourself, and lists longer routes after', async () => {
    const paths = await check(
      `
      //- people/target.md
      ---
      last_contact: 2026-01-01
      introduced_by: "[[friend]]"
      ---
      //- people/friend.md
      ---
      last_contact: 2026-11-01
      ---
    `,
      'target',
    );
    expect(paths).toEqual(['target(knows)', 'friend(knows) > target(introduced-by)']);
  });

  it('finds no path when nobody you know is connected, or when you know nobody', async () => {
    const fixture = `
      //- people/known.md
      ---
      last_contact: 2026-10-01
      ---
      //- people/island.md
      ---
      organization: "[[Far Away Clinic]]"
      ---
      //- organizations/far-away-clinic.md
      ---
      name: Far Away Clinic
      ---
    `;
    expect(await check(fixture, 'island')).toEqual([]);
    expect(await check(fixture, 'no-such-entity')).toEqual([]);
    expect(await check(fixture.replace('last_contact: 2026-10-01', 'role: x'), 'far-away-clinic')).toEqual([]);
  });

  it('ranks equally long paths by the most recent contact with the first person, then by id', async () => {
    const paths = await check(
      `
      //- people/old.md
      ---
      organization: "[[Clinic]]"
      last_contact: 2025-01-01
      ---
      //- people/recent.md
      ---
      organization: "[[Clinic]]"
      last_contact: 2026-11-01
      ---
      //- people/b-same.md
      ---
      organization: "[[Clinic]]"
      last_contact: 2026-06-01
      ---
      //- people/a-same.md
      ---
      organization: "[[Clinic]]"
      last_contact: 2026-06-01
      ---
      //- organizations/clinic.md
      ---
      name: Clinic
      ---
    `,
      'clinic',
    );
    expect(paths).toEqual(['recent(knows) > clinic(works-at)', 'a-same(knows) > clinic(works-at)', 'b-same(knows) > clinic(works-at)', 'old(knows) > clinic(works-at)']);
  });

  it('terminates on cycles and returns the shortest route round them', async () => {
    // a ↔ b introduced each other, b mentions c, c mentions b and a: cycles everywhere.
    const paths = await check(
      `
      //- people/a.md
      ---
      introduced_by: "[[b]]"
      last_contact: 2026-11-01
      ---
      //- people/b.md
      ---
      introduced_by: "[[a]]"
      ---
      Knows [[c]] well.
      //- people/c.md
      ---
      met_at: "[[Gala]]"
      ---
      Friends with [[b]] and [[a]].
      //- events/gala.md
      ---
      name: Gala
      ---
      //- people/d.md
      ---
      met_at: "[[Gala]]"
      ---
    `,
      'd',
    );
    expect(paths).toEqual(['a(knows) > c(mentions) > gala(met-at) > d(met-at)']);
  });

  it('never walks through a second person you know (their own, shorter path is listed instead)', async () => {
    const paths = await check(
      `
      //- people/far.md
      ---
      last_contact: 2026-11-20
      introduced_by: "[[near]]"
      ---
      //- people/near.md
      ---
      last_contact: 2026-01-01
      ---
      See [[target]].
      //- people/target.md
    `,
      'target',
    );
    expect(paths).toEqual(['near(knows) > target(mentions)']);
  });

  it('does not go through placeholders, and ignores links that are not introductions', async () => {
    const paths = await check(
      `
      //- people/known.md
      ---
      last_contact: 2026-11-01
      ---
      Works with [[Nobody Yet]].
      //- people/other.md
      Also knows [[Nobody Yet]].
    `,
      'other',
    );
    expect(paths).toEqual([]);
  });

  it('describes a path in words', async () => {
    const { ws } = await loadFixture(`
      //- people/ana.md
      ---
      name: Ana Ruiz
      last_contact: 2026-10-01
      organization: "[[Acme]]"
      ---
      //- organizations/acme.md
    `);
    const a = ws.analysis();
    const p = warmPaths(a, 'acme', TODAY).paths[0]!;
    expect(describeWarmPath(a, p)).toBe('Ana Ruiz (last contact 2026-10-01) → via works-at → acme');
    expect(warmPaths(a, 'acme', TODAY, { limit: 0 }).paths).toEqual([]);
  });
});
