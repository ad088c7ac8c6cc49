import { describe, expect, it } from 'vitest';
import { loadFixture } from './testing.js';
import { parseDate, parseInterval } from './dates.js';
import { typeFromPath } from './entity.js';
import { parseRecurrence } from './tasks.js';
import { parseEntityType } from './query.js';
import { BUILT_IN_TEMPLATES, chooseTemplate } from './templates.js';

// Words that name members of Object.prototype, written by a user in a note, a folder name or a
// command-line word, must be read as the unknown words they are (found by the blind CLI hunt:
// `cadence: constructor` made every command exit 2 with "No valid fields").
const PROTO_WORDS = ['constructor', '__proto__', 'hasownproperty', 'valueof', 'tostring'];

describe('words that are Object.prototype keys', () => {
  it('are not durations, folders, recurrences, types or template kinds', () => {
    for (const w of PROTO_WORDS) {
      expect(parseInterval(w)).toBeUndefined();
      expect(parseInterval(`5 ${w}`)).toBeUndefined();
      expect(typeFromPath(`${w}/x.md`)).toBeUndefined();
      expect(parseRecurrence(w)).toBeUndefined();
      expect(parseEntityType(w)).toBeUndefined();
      const templates = new Map(BUILT_IN_TEMPLATES.map((t) => [t.name, t]));
      expect(chooseTemplate(templates, w)).toHaveProperty('error');
    }
  });

  it('in a note: a clear invalid-value, and the rest of the network still works', async () => {
    const { ws } = await loadFixture(`
      //- people/ann.md
      ---
      cadence: constructor
      last_contact: 2026-01-01
      ---
      //- people/bob.md
      ---
      cadence: 5 __proto__
      ---
      //- constructor/eve.md
      - [ ] call [[ann]] 📅 2026-03-01 🔁 constructor
      //- people/cy.md
      ---
      cadence: 1 month
      last_contact: 2026-01-01
      ---
    `);
    const a = ws.analysis();
    const today = parseDate('2026-03-10')!;
    expect(a.entities.map((e) => `${e.id}:${e.type}`).sort()).toEqual(['ann:person', 'bob:person', 'cy:person']);
    const rows = a.followUps(today).map((f) => `${f.kind}:${f.entity?.id}:${f.due}`);
    expect(rows).toEqual(['cadence:cy:2026-02-01', 'task:ann:2026-03-01']);
    const bad = a.diagnostics(today).filter((d) => d.code === 'invalid-value').map((d) => d.message);
    expect(bad).toHaveLength(2);
    expect(bad.join('\n')).toContain("'constructor'");
  });
});
