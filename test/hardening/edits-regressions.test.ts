/** Byte-loss bugs the edits property test found, pinned as plain examples. */
import { describe, expect, it } from 'vitest';
import { LineIndex, appendLogEntry, applyEdits, markTaskDone, parseDate, parseNote, setFrontmatterField } from '@rapport/core';

const note = (text: string) => {
  const lines = new LineIndex(text);
  return { text, lines, parsed: parseNote(text, lines) };
};
const today = parseDate('2026-06-15')!;

describe('edits keep every byte they do not mean to change', () => {
  it('marking a recurring task on the first line of a BOM note copies the task, not the BOM', () => {
    const n = note('\uFEFF- [ ] Call Jane 📅 2026-06-01 🔁 every 2 weeks\n');
    const out = applyEdits(n.text, markTaskDone(n, n.parsed.tasks[0]!, today), n.lines);
    expect(out).toBe('\uFEFF- [ ] Call Jane 📅 2026-06-15 🔁 every 2 weeks\n- [x] Call Jane 📅 2026-06-01 🔁 every 2 weeks ✅ 2026-06-15\n');
    expect(parseNote(out).tasks.map((t) => t.checked)).toEqual([false, true]);
  });

  it('logging contact in a note that is only a BOM keeps the BOM', () => {
    const n = note('\uFEFF');
    expect(applyEdits(n.text, appendLogEntry(n, '2026-06-15', 'Called'), n.lines)).toBe('\uFEFF## Log\n\n- 2026-06-15 Called\n');
  });

  it('setting a field that holds a block list keeps the line break before the closing fence', () => {
    for (const eol of ['\n', '\r\n']) {
      const n = note(['---', 'aliases:', '  - Janie', '  - J. S.', 'role: x # kept', '---', 'Body'].join(eol));
      const out = applyEdits(n.text, setFrontmatterField(n, 'aliases', '[Jane]'), n.lines);
      expect(out).toBe(['---', 'aliases:', '  [Jane]', 'role: x # kept', '---', 'Body'].join(eol));
      expect(parseNote(out).problems).toEqual([]);
    }
    const last = note('---\naliases:\n  - Janie\n---');
    expect(applyEdits(last.text, setFrontmatterField(last, 'aliases', 'Jane'), last.lines)).toBe('---\naliases:\n  Jane\n---');
  });
});
