import { describe, expect, it } from 'vitest';
import { applyEdits, EditError, setFrontmatterField } from './edits.js';
import { parseNote } from './parse.js';
import { LineIndex } from './text.js';

// Adding a field to a frontmatter written as one flow mapping put `email: ...` on a line after
// `{name: ..., role: ...}`: the note's YAML no longer parsed (found by the blind CLI hunt through
// `rapport import vcf`, which merges missing fields into an existing note).
function set(text: string, key: string, value: string): string {
  const lines = new LineIndex(text);
  const note = { text, lines, parsed: parseNote(text, lines) };
  return applyEdits(text, setFrontmatterField(note, key, value), lines);
}

describe('setFrontmatterField on a flow-mapping or indented frontmatter', () => {
  it('refuses to add a field, and the note is never made invalid', () => {
    for (const text of ['---\n{name: Flow Person, role: x}\n---\n', '---\n# a comment\n\n  {name: Flow Person}\n---\n', '---\r\n{name: A,\r\n role: x}\r\n---\r\n']) {
      expect(() => set(text, 'email', 'f@x.org'), text).toThrow(EditError);
    }
  });

  it('still edits a field that is there, and adds to block mappings as before', () => {
    expect(set('---\n{name: A, role: x}\n---\n', 'role', 'PD')).toBe('---\n{name: A, role: PD}\n---\n');
    const added = set('---\nname: A # {not flow}\n---\n', 'email', 'a@x.org');
    expect(added).toBe('---\nname: A # {not flow}\nemail: a@x.org\n---\n');
    expect(parseNote(added).problems).toEqual([]);
  });

  it('adds a field at the column the fields start at', () => {
    const added = set('---\n  name: A\n  role: B\n---\n', 'email', 'a@x.org');
    expect(added).toBe('---\n  name: A\n  role: B\n  email: a@x.org\n---\n');
    expect(parseNote(added).problems).toEqual([]);
  });
});
