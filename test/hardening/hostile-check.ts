/** One check for the hostile corpus, shared by the in-memory and on-disk suites. */
import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import { parseDate, type Workspace } from '@rapport/core';
import { HEALTHY, HEALTHY_FOLLOW_UPS, PWNED_FILES, PWNED_GLOBAL, TODAY, hostileCases } from '../fixtures/hostile/corpus.js';

export const today = parseDate(TODAY)!;

/** Object.prototype's own keys, to compare before and after loading. */
export function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

/** Asserts one hostile case got its diagnostics (code and line) in this workspace. */
export function expectCaseDiagnostics(ws: Workspace, path: string): void {
  const c = hostileCases().find((x) => x.path === path)!;
  const diags = ws.analysis().diagnostics(today).filter((d) => d.path === c.path);
  const got = diags.map((d) => ({ code: d.code, line: d.range.start.line }));
  for (const e of c.expect) expect(got, `${c.why}: ${JSON.stringify(diags.map((d) => [d.code, d.range.start.line, d.message]))}`).toContainEqual(e);
  // No diagnostic ever points outside its note.
  const note = ws.get(c.path)!;
  for (const d of diags) {
    expect(d.range.end.line).toBeLessThan(note.lines.lineCount);
    expect(d.range.start.line).toBeGreaterThanOrEqual(0);
  }
}

/** The healthy network is still fully indexed and its follow-ups are still reported. */
export function expectHealthySurvives(ws: Workspace): void {
  for (const p of Object.keys(HEALTHY)) expect(ws.get(p), p).toBeDefined();
  const a = ws.analysis();
  expect(a.entity('jane-smith')?.name).toBe('Jane Smith');
  expect(a.entity('omar-haddad')?.mentor).toEqual(['near-peer']);
  const due = a
    .followUps(today)
    .filter((f) => f.status !== 'later' && (f.path.startsWith('people/jane') || f.path.startsWith('people/omar') || f.path.startsWith('notes/2026')))
    .map((f) => `${f.kind}:${f.entity?.id}`);
  expect(due.sort()).toEqual([...HEALTHY_FOLLOW_UPS].sort());
  expect(ws.notes.size).toBe(Object.keys(HEALTHY).length + hostileCases().length);
}

/** Nothing in a note ran: no global set, no file written, no prototype touched. */
export function expectNothingRan(protoBefore: string[]): void {
  expect((globalThis as Record<string, unknown>)[PWNED_GLOBAL]).toBeUndefined();
  for (const f of PWNED_FILES) expect(existsSync(f), f).toBe(false);
  expect(prototypeKeys()).toEqual(protoBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect((Object.prototype as unknown as Record<string, unknown>).polluted).toBeUndefined();
}

/** Facts about particular hostile notes that a diagnostic alone does not show. */
export function expectHostileDetails(ws: Workspace): void {
  const a = ws.analysis();
  // Bad dates are dropped, never rolled over or shifted by a zone.
  const bad = a.entity('bad-dates')!;
  expect([bad.met, bad.followUp, bad.lastContact, bad.snoozeUntil]).toEqual([undefined, undefined, undefined, undefined]);
  expect(bad.data['snooze_until']).toBe('2026-05-18T10:00:00+02:00');
  // The ---js notes are plain person notes with no fields read.
  expect(a.entity('code-js')?.data).toEqual({});
  // __proto__ is an ordinary key of an object that inherits nothing (its prototype, if any, is
  // an empty frozen object without a prototype of its own: no name is found through it).
  const proto = a.entity('proto')!;
  const inherited = Object.getPrototypeOf(proto.data) as object | null;
  if (inherited !== null) {
    expect(Object.getPrototypeOf(inherited)).toBeNull();
    expect(Reflect.ownKeys(inherited)).toEqual([]);
    expect(Object.isFrozen(inherited)).toBe(true);
  }
  for (const k of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) expect(k in proto.data).toBe(Object.prototype.hasOwnProperty.call(proto.data, k));
  expect(Object.keys(proto.data)).toContain('__proto__');
  expect(proto.name).toBe('Proto Person');
  // Latin-1 is read as Latin-1, so the name is right; BOM and CRLF notes read normally.
  expect(a.entity('latin1')?.name).toBe('Ren\u00e9e Fran\u00e7ois');
  expect(a.entity('bom')?.followUp).toBe('2026-05-01');
  expect(a.entity('crlf')?.name).toBe('Crlf Person');
  // NFC links reach the NFD-named note, case-insensitively.
  const jose = a.lookup('Jos\u00e9 N\u00fa\u00f1ez');
  expect(jose).toHaveLength(1);
  expect(a.lookup('Jose\u0301 Nu\u0301n\u0303ez')).toEqual(jose);
  expect((a.interactions().get(jose[0]!.id) ?? []).map((i) => i.date)).toEqual(['2026-05-12', '2026-05-13']);
  // The huge note is indexed: every entry counted, links in code left out.
  const huge = ws.get('notes/huge.md')!;
  expect(huge.parsed.logEntries.length).toBeGreaterThan(20000);
  expect(huge.parsed.links.some((l) => l.target === 'Not A Link')).toBe(false);
  expect(a.interactions().get('jane-smith')!.some((i) => i.path === 'notes/huge.md' && i.date === '2026-04-02')).toBe(true);
  // The long line's links are all there.
  expect(ws.get('notes/long-line.md')!.parsed.links.length).toBeGreaterThan(30000);
  // The empty file is a person with its file name.
  expect(a.entity('empty')?.type).toBe('person');
  // Deep Markdown: the fine entry before the deep lines still counts.
  expect(a.interactions().get('jane-smith')!.some((i) => i.path === 'notes/deep-markdown.md' && i.date === '2026-05-01')).toBe(true);
}
