import { describe, expect, it } from 'vitest';
import { loadFixture } from './testing.js';
import { parseDate } from './dates.js';

// NOTE-FORMAT's codes: invalid-date is "not a real calendar date", invalid-value "the wrong type".
// A list or a mapping in a date field was an invalid-date saying "not '2026-01-01'" about a list
// holding that very date (found by the blind CLI hunt).
describe('a list or a mapping where one value belongs', () => {
  it('is invalid-value naming its type; an unreal date stays invalid-date', async () => {
    const { ws } = await loadFixture(`
      //- people/a.md
      ---
      met: [2026-01-01]
      last_contact: {on: 2026-01-01}
      follow_up: 2026-02-30
      cadence: [1 month]
      ---
      //- programs/p.md
      ---
      img_friendly: [true]
      ---
    `);
    const rows = ws
      .analysis()
      .diagnostics(parseDate('2026-03-10')!)
      .filter((d) => d.code.startsWith('invalid-'))
      .map((d) => `${d.path}:${d.range.start.line} ${d.code} ${d.message}`);
    expect(rows).toEqual([
      'people/a.md:1 invalid-value met must be a date as YYYY-MM-DD, not a list.',
      'people/a.md:2 invalid-value last_contact must be a date as YYYY-MM-DD, not a mapping.',
      "people/a.md:3 invalid-date follow_up must be a real calendar date as YYYY-MM-DD, not '2026-02-30'.",
      'people/a.md:4 invalid-value cadence must be a duration such as 10d, 3 weeks, 6m, 1y, monthly, not a list.',
      'programs/p.md:1 invalid-value img_friendly must be true or false, not a list.',
    ]);
  });
});
