import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE, rapport, writeFixture } from './helpers.js';

describe('rapport due', () => {
  it('prints exactly one JSON object in the documented shape, sorted by due date', () => {
    const dir = writeFixture(`
      //- rapport.yaml
      today: 2026-11-25
      //- people/kevin-brandt.md
      ---
      name: Dr. Kevin Brandt
      met: 2026-11-20
      ---
      //- journal/2026-11-21.md
      - [ ] Email [[Dr. Kevin Brandt]] the article 📅 2026-11-26
    `);
    const r = rapport(['due', dir, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      today: '2026-11-25',
      followUps: [
        { kind: 'thank-you', status: 'overdue', due: '2026-11-23', daysLate: 2, entity: 'kevin-brandt', name: 'Dr. Kevin Brandt', file: 'people/kevin-brandt.md', line: 3, text: 'Send a thank-you to Dr. Kevin Brandt (met 2026-11-20)' },
        { kind: 'task', status: 'upcoming', due: '2026-11-26', daysLate: -1, entity: 'kevin-brandt', name: 'Dr. Kevin Brandt', file: 'journal/2026-11-21.md', line: 1, text: 'Email Dr. Kevin Brandt the article' },
      ],
    });
  });

  it('--today overrides the pinned date; the text agenda groups Overdue / Today / Upcoming with file:line', () => {
    const dir = writeFixture(`
      //- people/a.md
      - [ ] Late 📅 2026-11-20
      - [ ] Now 📅 2026-11-25
      - [ ] Soon 📅 2026-11-27
    `);
    const r = rapport(['due', dir, '--today', '2026-11-25']);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out.indexOf('Overdue (1)')).toBeLessThan(out.indexOf('Today (1)'));
    expect(out.indexOf('Today (1)')).toBeLessThan(out.indexOf('Upcoming (1)'));
    expect(out).toMatch(/5 d late\s+2026-11-20\s+a\s+task\s+Late\s+people\/a\.md:1/);
    const statuses = (today: string) => JSON.parse(rapport(['due', dir, '--today', today, '--json']).stdout).followUps.map((f: { status: string }) => f.status);
    expect(statuses('2026-11-21')).toEqual(['overdue', 'upcoming', 'upcoming']);
    // On the 19th the last task is 8 days away: outside the 7-day window, so not listed.
    expect(statuses('2026-11-19')).toEqual(['upcoming', 'upcoming']);
  });

  it('finds the workspace root from a subfolder and defaults to the current folder', () => {
    const dir = writeFixture(`
      //- rapport.yaml
      today: 2026-11-25
      //- people/a.md
      - [ ] Late 📅 2026-11-20
    `);
    const r = rapport(['due', '--json'], join(dir, 'people'));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).followUps[0].file).toBe('a.md');
  });

  it('agrees with the example network’s documented agenda', () => {
    const r = rapport(['due', EXAMPLE, '--json']);
    expect(r.code).toBe(0);
    const got = JSON.parse(r.stdout).followUps.map((f: { kind: string; entity: string; due: string; status: string; daysLate: number }) =>
      `${f.kind} ${f.entity} ${f.due} ${f.status === 'overdue' ? `overdue, ${f.daysLate} days` : f.status === 'due-today' ? 'due today' : f.status}`);
    // The README of the example lists the agenda as a table: | # | kind | entity | due | status |
    const readme = readFileSync(join(EXAMPLE, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\|\s*\d+\s*\|\s*([a-z-]+)\s*\|\s*([a-z0-9-]+)\s*\|\s*(\d{4}-\d{2}-\d{2})\s*\|\s*([^|]+?)\s*\|/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]} ${m[4]}`);
    expect(rows.length).toBe(12);
    expect(got).toEqual(rows);
  });
});

describe('rapport check', () => {
  it('prints every diagnostic with 1-based positions and a summary; exit 1 on errors', () => {
    const dir = writeFixture(`
      //- people/a.md
      ---
      met: 2026-02-30
      ---
      See [[Nobody]].
    `);
    const r = rapport(['check', dir, '--json', '--today', '2026-11-25']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toEqual({ files: 1, errors: 1, warnings: 1 });
    expect(out.diagnostics).toEqual([
      { file: 'people/a.md', line: 2, column: 6, endLine: 2, endColumn: 16, severity: 'error', code: 'invalid-date', message: "met must be a real calendar date as YYYY-MM-DD, not '2026-02-30'." },
      { file: 'people/a.md', line: 4, column: 7, endLine: 4, endColumn: 13, severity: 'warning', code: 'broken-link', message: "No note named 'Nobody' yet: create it, or fix the link." },
    ]);
  });

  it('exits 0 when only warnings remain, and 2 with one line for usage or IO failures', () => {
    const ok = writeFixture(`
      //- people/a.md
      [[Nobody]]
    `);
    expect(rapport(['check', ok, '--today', '2026-11-25']).code).toBe(0);
    for (const args of [['check', ok, '--today', 'someday'], ['check', '/definitely/not/here'], ['due', ok, '--bogus'], ['frobnicate']]) {
      const r = rapport(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^(rapport: |error: )/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
