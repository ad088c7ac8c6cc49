import { describe, expect, it } from 'vitest';
import { parseNote } from './parse.js';
import { LineIndex } from './text.js';

// A task whose text starts with inline markup kept its checkbox in its text ("[ ] **Call** Jane"
// in `rapport due`, the report and the exports), because mdast's paragraph then starts at the
// checkbox (found by the blind CLI hunt).
function texts(text: string) {
  return parseNote(text, new LineIndex(text)).tasks.map((t) => [t.text, t.checked, t.dates.due ?? null]);
}

describe('task text', () => {
  it('never holds the checkbox, whatever markup the text starts with', () => {
    expect(
      texts(
        [
          '- [ ] **Call** Jane 📅 2026-01-02',
          '- [x] `code` first ✅ 2026-01-01',
          '- [ ] <b>html</b> first [due:: 2026-01-03]',
          '* [ ] <https://example.org> read due:2026-01-04',
          '1. [X] <!-- note --> done',
          '> - [ ] *quoted* 📅 2026-01-05',
          '- [ ] plain',
          '- [ ] [x] a literal box after the checkbox stays',
          '',
        ].join('\n'),
      ),
    ).toEqual([
      ['**Call** Jane', false, '2026-01-02'],
      ['`code` first', true, null],
      ['<b>html</b> first', false, '2026-01-03'],
      ['<https://example.org> read', false, '2026-01-04'],
      ['<!-- note --> done', true, null],
      ['*quoted*', false, '2026-01-05'],
      ['plain', false, null],
      ['[x] a literal box after the checkbox stays', false, null],
    ]);
  });
});
