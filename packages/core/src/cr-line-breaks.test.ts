import { describe, expect, it } from 'vitest';
import { parseNote } from './parse.js';
import { fastParseNote } from './scan.js';
import { LineIndex } from './text.js';

// A note saved with lone CR line breaks (classic Mac) had every line of its body read, but its
// frontmatter was 'Invalid YAML': the YAML library does not take a lone CR as a line break,
// though YAML 1.2 and LineIndex do (found by the blind CLI hunt).
describe('lone CR line breaks', () => {
  it('read the frontmatter like LF and CRLF, at the same offsets, in both parsers', () => {
    const text = '---\rname: Cr Only\rmet: 2026-03-01\rtags:\r  - a\r---\r- [ ] task 📅 2026-03-02\r';
    const lines = new LineIndex(text);
    const p = parseNote(text, lines);
    expect(p.problems).toEqual([]);
    expect(p.frontmatter.fields.map((f) => [f.key, f.value, f.valueRange.start.line])).toEqual([
      ['name', 'Cr Only', 1],
      ['met', '2026-03-01', 2],
      ['tags', ['a'], 4],
    ]);
    expect(fastParseNote(text, new LineIndex(text))).toEqual(p);
  });
});
