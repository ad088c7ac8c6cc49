import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles, readBytes, run, tempWorkspace } from './test-helpers.js';

/** Runs `rapport log` in a workspace pinned to 2026-11-25 holding `files`. */
function check(args: string[], files: Record<string, string | Uint8Array>) {
  const dir = tempWorkspace({ 'rapport.yaml': 'today: 2026-11-25\n', ...files });
  const r = run(['log', ...args, '--dir', dir]);
  return { ...r, dir };
}

/** Asserts `after` is `before` with exactly `inserted` added at one place, every other byte kept. */
function expectOnlyInserted(before: Buffer, after: Buffer, inserted: string) {
  const ins = Buffer.from(inserted, 'utf8');
  expect(after.length).toBe(before.length + ins.length);
  let i = 0;
  while (i < before.length && before[i] === after[i]) i++;
  // The insertion may start a little earlier when the bytes around it repeat; find the place.
  const at = after.indexOf(ins, Math.max(0, i - ins.length));
  expect(at).toBeGreaterThanOrEqual(0);
  expect(Buffer.concat([after.subarray(0, at), after.subarray(at + ins.length)]).equals(before)).toBe(true);
}

const CRLF_NOTE =
  '\uFEFF---\r\n' +
  'name: Ann Lee   # as she signs\r\n' +
  'aliases: ["Dr. Lee"]\r\n' +
  'favourite_tea: oolong\r\n' +
  '# a YAML comment\r\n' +
  'nested: { a: 1, b: [x, y] }\r\n' +
  '---\r\n' +
  'Intro with **markdown**  and two trailing spaces  \r\n' +
  '\r\n' +
  '## Log\r\n' +
  '\r\n' +
  '- 2026-05-01 First meeting\r\n' +
  '- 2026-06-01 Second meeting\r\n' +
  '\r\n' +
  '## Tasks\r\n' +
  '\r\n' +
  '- [ ] Something 📅 2026-12-01\r\n';

describe('rapport log', () => {
  it('adds a dated line at the end of the Log section and keeps every other byte (BOM, CRLF, unknown fields, comments)', () => {
    const r = check(['Dr. Lee', 'Coffee after grand rounds'], { 'people/ann.md': CRLF_NOTE });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('people/ann.md:14: - 2026-11-25 Coffee after grand rounds\n');
    const after = readBytes(r.dir, 'people/ann.md');
    expectOnlyInserted(Buffer.from(CRLF_NOTE, 'utf8'), after, '- 2026-11-25 Coffee after grand rounds\r\n');
    expect(after.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(listFiles(r.dir)).toEqual(['people/ann.md', 'rapport.yaml']);
  });

  it('keeps LF files LF, joins the words given, and takes --date', () => {
    const note = '---\nname: Bo Chen\n---\n\n## Log\n\n- 2026-01-01 Met\n';
    const r = check(['bo', 'Sent', 'the', 'thank-you', '--date', '2026-11-20'], { 'people/bo.md': note });
    expect(r.code, r.stderr).toBe(0);
    expectOnlyInserted(Buffer.from(note), readBytes(r.dir, 'people/bo.md'), '- 2026-11-20 Sent the thank-you\n');
  });

  it('adds a Log section when the note has none', () => {
    const note = '---\nname: Bo Chen\n---\nJust an intro.\n';
    const r = check(['Bo Chen', 'Phone call'], { 'people/bo.md': note });
    expect(r.code).toBe(0);
    expect(readBytes(r.dir, 'people/bo.md').toString()).toBe('---\nname: Bo Chen\n---\nJust an intro.\n\n## Log\n\n- 2026-11-25 Phone call\n');
  });

  it('the new entry counts as contact: the overdue keep-in-touch reminder goes away', () => {
    const note = '---\nname: Bo Chen\ncadence: 1 month\nlast_contact: 2026-09-01\n---\n';
    const dir = tempWorkspace({ 'rapport.yaml': 'today: 2026-11-25\n', 'people/bo.md': note });
    const before = JSON.parse(run(['due', dir, '--json']).stdout).followUps.map((f: { kind: string }) => f.kind);
    expect(before).toEqual(['cadence']);
    expect(run(['log', 'Bo Chen', 'Lunch', '--dir', dir]).code).toBe(0);
    expect(JSON.parse(run(['due', dir, '--json']).stdout).followUps).toEqual([]);
  });

  it('a name that matches several entities: exit 1, the candidates, nothing written', () => {
    const files = {
      'people/ann.md': '---\nname: Ann Lee\naliases: [Dr. Lee]\n---\n',
      'people/lee.md': '---\nname: Sam Lee\naliases: [Dr. Lee]\n---\n',
    };
    const r = check(['dr. lee', 'Coffee'], files);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("rapport: 'dr. lee' names 2 notes; nothing was written. Use one of these names or paths:\n  Ann Lee (people/ann.md)\n  Sam Lee (people/lee.md)\n");
    expect(readBytes(r.dir, 'people/ann.md').toString()).toBe(files['people/ann.md']);
    expect(readBytes(r.dir, 'people/lee.md').toString()).toBe(files['people/lee.md']);
  });

  it('a workspace path picks the note when names repeat', () => {
    const files = {
      'people/lee.md': '---\nname: Ann Lee\n---\n',
      'mentors/lee.md': '---\ntype: person\nname: Sam Lee\n---\n',
    };
    const r = check(['lee', 'Coffee'], files);
    expect(r.code).toBe(1);
    const r2 = run(['log', 'mentors/lee.md', 'Coffee', '--dir', r.dir]);
    expect(r2).toMatchObject({ code: 0, stdout: 'mentors/lee.md:8: - 2026-11-25 Coffee\n' });
    expect(readBytes(r.dir, 'people/lee.md').toString()).toBe(files['people/lee.md']);
    // A path as the candidate list shows it from a subfolder works too.
    const r3 = run(['log', 'lee.md', 'Lunch', '--dir', `${r.dir}/people`]);
    expect(r3).toMatchObject({ code: 0, stdout: 'lee.md:7: - 2026-11-25 Lunch\n' });
    const r4 = run(['log', '../mentors/lee.md', 'Lunch', '--dir', `${r.dir}/people`]);
    expect(r4).toMatchObject({ code: 0, stdout: '../mentors/lee.md:9: - 2026-11-25 Lunch\n' });
  });

  it('a name that matches nothing: exit 1 with near names, or how to create the note', () => {
    const files = { 'people/ann.md': '---\nname: Ann Lee\n---\n' };
    const r = check(['Lee', 'Coffee'], files);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("rapport: no note is named 'Lee'; nothing was written. Did you mean:\n  Ann Lee (people/ann.md)\n");
    const r2 = check(['Zed Zed', 'Coffee'], files);
    expect(r2.stderr).toBe('rapport: no note is named \'Zed Zed\'; nothing was written. Create it with: rapport new person "Zed Zed"\n');
    expect(readBytes(r.dir, 'people/ann.md').toString()).toBe(files['people/ann.md']);
  });

  it('refuses to rewrite a file that is not UTF-8 (its bytes could not be kept)', () => {
    const latin1 = Buffer.from('---\nname: Zoë\n---\n', 'latin1');
    const r = check(['zoe', 'Coffee'], { 'people/zoe.md': latin1 });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rapport: people\/zoe\.md was not edited: .*UTF-8/);
    expect(readBytes(r.dir, 'people/zoe.md').equals(latin1)).toBe(true);
  });

  it('refuses a multi-line entry (exit 2)', () => {
    const r = check(['Ann Lee', 'one\ntwo'], { 'people/ann.md': '---\nname: Ann Lee\n---\n' });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('rapport: what happened must be one line.');
  });

  it('writes through the workspace root only, with no temporary files left behind', () => {
    const dir = tempWorkspace({ 'rapport.yaml': 'today: 2026-11-25\n', 'people/ann.md': '---\nname: Ann Lee\n---\n' });
    writeFileSync(path.join(dir, 'people', 'notes.txt'), 'other');
    expect(run(['log', 'Ann Lee', 'Coffee', '--dir', path.join(dir, 'people')]).stdout).toBe('ann.md:7: - 2026-11-25 Coffee\n');
    expect(listFiles(dir)).toEqual(['people/ann.md', 'people/notes.txt', 'rapport.yaml']);
  });
});
