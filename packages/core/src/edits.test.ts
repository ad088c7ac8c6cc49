import { describe, expect, it } from 'vitest';
import { appendLogEntry, applyEdits, EditError, markTaskDone, setFrontmatterField, snoozeTask, yamlScalar, type TextEdit } from './edits.js';
import { parseDate, parseInterval } from './dates.js';
import { parseNote } from './parse.js';
import { LineIndex } from './text.js';

const TODAY = parseDate('2026-11-25')!;

/** Runs an edit on a note and returns the new text. */
function check(text: string, edit: (note: { text: string; lines: LineIndex; parsed: ReturnType<typeof parseNote> }) => TextEdit[]): string {
  const lines = new LineIndex(text);
  const note = { text, lines, parsed: parseNote(text, lines) };
  return applyEdits(text, edit(note), lines);
}

describe('mark done', () => {
  it('ticks the box and stamps the date in the task’s syntax, nothing else', () => {
    expect(check('# T\n- [ ] Send CV 📅 2026-11-18\nafter\n', (n) => markTaskDone(n, n.parsed.tasks[0]!, TODAY))).toBe('# T\n- [x] Send CV 📅 2026-11-18 ✅ 2026-11-25\nafter\n');
    expect(check('- [ ] RSVP [due:: 2026-11-27]\r\n', (n) => markTaskDone(n, n.parsed.tasks[0]!, TODAY))).toBe('- [x] RSVP [due:: 2026-11-27] [completion:: 2026-11-25]\r\n');
  });

  it('creates the next occurrence of a recurring task above it', () => {
    const out = check('  - [ ] Call Lena 🔁 every 2 weeks 📅 2026-11-30\r\n', (n) => markTaskDone(n, n.parsed.tasks[0]!, TODAY));
    expect(out).toBe('  - [ ] Call Lena 🔁 every 2 weeks 📅 2026-12-14\r\n  - [x] Call Lena 🔁 every 2 weeks 📅 2026-11-30 ✅ 2026-11-25\r\n');
  });
});

describe('snooze', () => {
  it('moves the due date from today when overdue, from the due date when ahead, or adds one', () => {
    const week = parseInterval('1 week')!;
    expect(check('- [ ] A 📅 2026-11-18 #tag\n', (n) => snoozeTask(n, n.parsed.tasks[0]!, week, TODAY))).toBe('- [ ] A 📅 2026-12-02 #tag\n');
    expect(check('- [ ] A due:2026-11-30\n', (n) => snoozeTask(n, n.parsed.tasks[0]!, parseInterval('1d')!, TODAY))).toBe('- [ ] A due:2026-12-01\n');
    expect(check('- [ ] A\n', (n) => snoozeTask(n, n.parsed.tasks[0]!, week, TODAY))).toBe('- [ ] A 📅 2026-12-02\n');
  });

  it('replaces a due date that is not a real date, in its own syntax, and leaves other invalid dates alone', () => {
    const week = parseInterval('1 week')!;
    const snooze = (text: string) => check(text, (n) => snoozeTask(n, n.parsed.tasks[0]!, week, TODAY));
    expect(snooze('- [ ] Write 📅 2026-02-30 to [[Omar]]\n')).toBe('- [ ] Write 📅 2026-12-02 to [[Omar]]\n');
    expect(snooze('- [ ] Write [due:: 2026-04-31]\n')).toBe('- [ ] Write [due:: 2026-12-02]\n');
    expect(snooze('- [ ] Write due:2026-13-01\n')).toBe('- [ ] Write due:2026-12-02\n');
    // A scheduled date that is not real is not the due date: a due date is added.
    expect(snooze('- [ ] Write ⏳ 2026-02-30\n')).toBe('- [ ] Write ⏳ 2026-02-30 📅 2026-12-02\n');
    // Only this task's line: another task's invalid due date stays.
    const two = '- [ ] B 📅 2026-02-30\n- [ ] A\n';
    expect(check(two, (n) => snoozeTask(n, n.parsed.tasks[1]!, week, TODAY))).toBe('- [ ] B 📅 2026-02-30\n- [ ] A 📅 2026-12-02\n');
  });
});

describe('log entry', () => {
  it('goes at the end of the Log section, before the next heading', () => {
    const text = '---\nname: A\n---\nIntro\n\n## Log\n\n- 2026-01-01 First\n- 2026-02-01 Second\n\n## Ideas\n\nStuff\n';
    expect(check(text, (n) => appendLogEntry(n, '2026-11-25', 'Coffee'))).toBe(
      '---\nname: A\n---\nIntro\n\n## Log\n\n- 2026-01-01 First\n- 2026-02-01 Second\n- 2026-11-25 Coffee\n\n## Ideas\n\nStuff\n',
    );
  });

  it('goes at the top when the log runs newest first', () => {
    const text = '## Log\n- 2026-02-01 Second\n- 2026-01-01 First\n';
    expect(check(text, (n) => appendLogEntry(n, '2026-11-25', 'Coffee'))).toBe('## Log\n- 2026-11-25 Coffee\n- 2026-02-01 Second\n- 2026-01-01 First\n');
  });

  it('adds a Log section when there is none, in the file’s line endings', () => {
    expect(check('---\r\nname: A\r\n---\r\nText', (n) => appendLogEntry(n, '2026-11-25', 'Call'))).toBe('---\r\nname: A\r\n---\r\nText\r\n\r\n## Log\r\n\r\n- 2026-11-25 Call\r\n');
  });
});

describe('log entry safety', () => {
  it('refuses when the note ends inside an unclosed code block, rather than hiding the line in it', () => {
    expect(() => check('## Log\n\n- 2026-01-01 First\n\n```\nunclosed code\n', (n) => appendLogEntry(n, '2026-11-25', 'Call'))).toThrow(EditError);
  });
});

describe('frontmatter fields', () => {
  const text = '---\n# keep this comment\nname: Ann   # and this one\nsnooze_until: 2026-01-01\nweird: [1, 2]\nempty:\n---\nBody\n';

  it('replace only the value span', () => {
    expect(check(text, (n) => setFrontmatterField(n, 'snooze_until', '2026-12-02'))).toBe(text.replace('2026-01-01', '2026-12-02'));
    expect(check(text, (n) => setFrontmatterField(n, 'name', yamlScalar('Ann: the Great')))).toBe(text.replace('name: Ann ', 'name: "Ann: the Great" '));
    expect(check(text, (n) => setFrontmatterField(n, 'empty', 'x'))).toBe(text.replace('empty:', 'empty: x'));
  });

  it('add a missing field before the closing fence, or a whole frontmatter after a BOM', () => {
    expect(check(text, (n) => setFrontmatterField(n, 'last_contact', '2026-11-25'))).toBe(text.replace('empty:\n', 'empty:\nlast_contact: 2026-11-25\n'));
    expect(check('\uFEFFBody\r\n', (n) => setFrontmatterField(n, 'met', '2026-11-25'))).toBe('\uFEFF---\r\nmet: 2026-11-25\r\n---\r\nBody\r\n');
  });

  it('refuse to touch frontmatter that does not parse', () => {
    expect(() => check('---\nname: [oops\n---\n', (n) => setFrontmatterField(n, 'met', '2026-11-25'))).toThrow(EditError);
  });

  it('quote values YAML would misread', () => {
    expect(yamlScalar('[[Riverside]]')).toBe('"[[Riverside]]"');
    expect(yamlScalar('plain words')).toBe('plain words');
    // Multi-line text stays a one-line scalar: a block scalar would break the field's line.
    expect(yamlScalar('two\nlines')).toBe('"two\\nlines"');
  });
});
