/**
 * Every edit Rapport makes changes only its span: mark done, snooze, log contact and set a
 * frontmatter field, on random notes with unknown fields, comments, CRLF or LF, with or without
 * a BOM. What each edit replaces is exactly what it means to change; every other byte, field,
 * comment and line ending stays.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  EditError, LineIndex, appendLogEntry, applyEdits, detectEol, markTaskDone, parseDate, parseInterval, parseNote, setFrontmatterField, snoozeTask, yamlScalar,
  type TextEdit,
} from '@rapport/core';

const date = fc
  .record({ y: fc.integer({ min: 2024, max: 2029 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`)
  .filter((s) => parseDate(s) !== undefined);

const word = fc.constantFrom('Jane', 'call', 'CV', 'Dr. Lee', 'résumé', 'APA', 'thank-you', '[[Omar Haddad]]', '#tag', 'a: b', 'x # y');

/** Frontmatter lines: known fields, unknown fields, comments; keys unique. */
const fmLine = fc.oneof(
  fc.record({ key: fc.constantFrom('name', 'role', 'next_action', 'custom_field', 'x-weird', 'notes'), v: word }).map(({ key, v }) => ({ key, line: `${key}: ${yamlScalar(v)}` })),
  fc.record({ key: fc.constantFrom('met', 'follow_up', 'last_contact', 'snooze_until'), v: date }).map(({ key, v }) => ({ key, line: `${key}: ${v}` })),
  fc.record({ key: fc.constantFrom('role', 'unknown_with_comment'), v: word }).map(({ key, v }) => ({ key, line: `${key}: ${yamlScalar(v)}  # keep this comment` })),
  fc.constantFrom({ key: 'tags', line: 'tags: [mentor, psychiatry]' }, { key: 'aliases', line: 'aliases:\n  - Janie\n  - J. S.' }, { key: 'type', line: 'type: person' }, { key: 'empty', line: 'empty:' }),
  fc.constantFrom({ key: '', line: '# a comment line' }, { key: '', line: '#another' }),
);

const bodyLine = fc.oneof(
  fc.record({ t: word, d: date, syn: fc.constantFrom('emoji', 'dataview', 'todo', 'none'), rec: fc.boolean(), done: fc.boolean() }).map(({ t, d, syn, rec, done }) => {
    const due = syn === 'emoji' ? ` 📅 ${d}` : syn === 'dataview' ? ` [due:: ${d}]` : syn === 'todo' ? ` due:${d}` : '';
    return `- [${done ? 'x' : ' '}] ${t}${due}${rec ? ' 🔁 every 2 weeks' : ''}`;
  }),
  fc.record({ t: word, d: date }).map(({ t, d }) => `- ${d} ${t}`),
  fc.constantFrom('', '## Log', '## Notes', '# Title', 'Plain text with [[Jane Smith]].', '> quoted - [ ] not a task', '  - nested item', '```', 'trailing spaces   '),
);

const note = fc
  .record({
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    fm: fc.option(fc.uniqueArray(fmLine, { selector: (x) => x.key || Math.random(), maxLength: 8 }), { nil: undefined }),
    body: fc.array(bodyLine, { maxLength: 14 }),
    finalEol: fc.boolean(),
  })
  .map(({ eol, bom, fm, body, finalEol }) => {
    const lines = [...(fm ? ['---', ...fm.map((f) => f.line), '---'] : []), ...body];
    let text = lines.join('\n').replace(/\n/g, eol);
    if (finalEol && text) text += eol;
    return { text: (bom ? '\uFEFF' : '') + text, eol };
  });

const editable = (text: string) => {
  const lines = new LineIndex(text);
  return { text, lines, parsed: parseNote(text, lines) };
};

/** What each edit replaced, and the result. */
function apply(text: string, edits: TextEdit[]) {
  const lines = new LineIndex(text);
  const replaced = edits.map((e) => text.slice(lines.offsetAt(e.range.start), lines.offsetAt(e.range.end)));
  return { result: applyEdits(text, edits, lines), replaced };
}

/** The file's line breaks: all of one kind stay that kind, and the BOM stays. */
function expectSameEnvelope(before: string, after: string, eol: string): void {
  expect(after.startsWith('\uFEFF')).toBe(before.startsWith('\uFEFF'));
  const breaks = (s: string) => s.match(/\r\n|\r|\n/g) ?? [];
  if (breaks(before).length > 0) for (const b of breaks(after)) expect(b).toBe(eol);
  for (const e of []) void e;
}

/** Frontmatter fields other than `except`, as values, and every comment line, are unchanged. */
function expectFrontmatterKept(before: string, after: string, except?: string): void {
  const a = parseNote(before);
  const b = parseNote(after);
  const vals = (p: typeof a) => Object.fromEntries(p.frontmatter.fields.filter((f) => f.key !== except).map((f) => [f.key, f.value]));
  expect(vals(b)).toEqual(vals(a));
  // Every comment (a whole comment line, or the `# ...` after a value) is still there.
  const comments = (s: string) =>
    s
      .split(/\r?\n/)
      .map((l) => (/^#/.test(l) ? l : /\s# keep this comment$/.exec(l)?.[0]))
      .filter((c): c is string => c !== undefined);
  expect(comments(after.slice(0, b.frontmatter.end))).toEqual(comments(before.slice(0, a.frontmatter.end)));
}

const today = parseDate('2026-06-15')!;
const RUNS = { numRuns: 250 };

describe('edits change only their span', () => {
  it('markTaskDone replaces only the checkbox space and appends a done date (and inserts the next occurrence)', () => {
    fc.assert(
      fc.property(note, fc.nat(), ({ text, eol }, pick) => {
        const n = editable(text);
        const open = n.parsed.tasks.filter((t) => !t.checked);
        fc.pre(open.length > 0);
        const task = open[pick % open.length]!;
        const edits = markTaskDone(n, task, today);
        const { result, replaced } = apply(text, edits);
        expect(replaced.every((r) => r === ' ' || r === '')).toBe(true);
        for (const e of edits) expect(e.range.start.line).toBe(task.line);
        expectSameEnvelope(text, result, eol);
        expectFrontmatterKept(text, result);
        const after = parseNote(result);
        const done = after.tasks.find((t) => t.checked && t.dates.done === today.toString() && t.raw.startsWith(task.raw.trimEnd()));
        expect(done, result).toBeDefined();
        // Every other line is as it was.
        const was = text.split(/\r?\n/);
        const now = result.split(/\r?\n/);
        const inserted = now.length - was.length;
        expect(inserted === 0 || inserted === 1).toBe(true);
        expect([...now.slice(0, task.line), ...now.slice(task.line + 1 + inserted)]).toEqual([...was.slice(0, task.line), ...was.slice(task.line + 1)]);
      }),
      RUNS,
    );
  });

  it('snoozeTask replaces only the due date, or appends one', () => {
    fc.assert(
      fc.property(note, fc.nat(), fc.constantFrom('3d', '1 week', '1 month', '1y'), ({ text, eol }, pick, by) => {
        const n = editable(text);
        fc.pre(n.parsed.tasks.length > 0);
        const task = n.parsed.tasks[pick % n.parsed.tasks.length]!;
        const edits = snoozeTask(n, task, parseInterval(by)!, today);
        const { result, replaced } = apply(text, edits);
        expect(edits).toHaveLength(1);
        expect(replaced[0] === '' || replaced[0] === task.dates.due).toBe(true);
        expect(edits[0]!.range.start.line).toBe(task.line);
        expectSameEnvelope(text, result, eol);
        const was = text.split(/\r?\n/);
        const now = result.split(/\r?\n/);
        expect(now.length).toBe(was.length);
        now.forEach((l, i) => i !== task.line && expect(l).toBe(was[i]));
      }),
      RUNS,
    );
  });

  it('appendLogEntry inserts one entry, replacing at most trailing whitespace', () => {
    fc.assert(
      fc.property(note, date, word, ({ text, eol }, d, what) => {
        const n = editable(text);
        // Where the line would land inside an unclosed code fence, the edit refuses (and only there).
        let edits;
        try {
          edits = appendLogEntry(n, d, what);
        } catch (e) {
          expect(e).toBeInstanceOf(EditError);
          expect(text).toContain('```');
          return;
        }
        const { result, replaced } = apply(text, edits);
        expect(replaced.every((r) => r.trim() === '')).toBe(true);
        expectSameEnvelope(text, result, eol);
        expectFrontmatterKept(text, result);
        const fmEnd = n.parsed.frontmatter.end;
        expect(result.slice(0, fmEnd)).toBe(text.slice(0, fmEnd));
        const after = parseNote(result);
        expect(after.logEntries.filter((e) => e.date === d).length).toBe(n.parsed.logEntries.filter((e) => e.date === d).length + 1);
        // Nothing of the old text is lost: it is still there, in order, around the insertion.
        const kept = text.replace(/\s+$/, '');
        const s = new LineIndex(text).offsetAt(edits[0]!.range.start);
        expect(result.startsWith(text.slice(0, Math.min(s, kept.length)))).toBe(true);
        expect(result.endsWith(text.slice(new LineIndex(text).offsetAt(edits[0]!.range.end)))).toBe(true);
      }),
      RUNS,
    );
  });

  it('setFrontmatterField replaces only the value, or adds one line; other fields, comments and the body stay', () => {
    fc.assert(
      fc.property(note, fc.constantFrom('name', 'role', 'follow_up', 'custom_field', 'brand_new', 'empty', 'aliases'), word, ({ text, eol }, key, v) => {
        const n = editable(text);
        fc.pre(!n.parsed.problems.some((p) => p.code === 'invalid-frontmatter'));
        const value = yamlScalar(v);
        const before = n.parsed.frontmatter.fields.find((f) => f.key === key);
        const edits = setFrontmatterField(n, key, value);
        const { result, replaced } = apply(text, edits);
        expect(edits).toHaveLength(1);
        if (before) {
          const lines = new LineIndex(text);
          // The old value, without the line break a block list's range ends with.
          expect(replaced[0]).toBe(text.slice(lines.offsetAt(before.valueRange.start), lines.offsetAt(before.valueRange.end)).trimEnd());
        } else expect(replaced[0]).toBe('');
        expectSameEnvelope(text, result, eol);
        expectFrontmatterKept(text, result, key);
        const after = parseNote(result);
        expect(after.frontmatter.fields.find((f) => f.key === key)?.value).toBe(v);
        // The body is byte for byte the same.
        const bodyBefore = n.parsed.frontmatter.present ? text.slice(n.parsed.frontmatter.end) : text.slice(text.startsWith('\uFEFF') ? 1 : 0);
        expect(result.endsWith(bodyBefore)).toBe(true);
        expect(detectEol(result)).toBe(text.includes('\n') ? detectEol(text) : detectEol(result));
      }),
      RUNS,
    );
  });
});
