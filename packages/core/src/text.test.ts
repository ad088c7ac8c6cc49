import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { intern, isIsoDateShapeAt, isoDateAt, LineIndex, makeRange, nameKey, position } from './text.js';

/** The rule every name lookup uses, written the plain way. */
const general = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US');

describe('nameKey', () => {
  it('equals the general rule (NFC, trimmed, spaces collapsed, en-US lower case), fast path or not', () => {
    const pieces = fc.constantFrom('Jane', 'SMITH', ' ', '  ', '\t', '\n', 'İ', 'ß', 'É', 'e\u0301', 'Ω', '-', '.', '[[', '|', '0', '\u00a0', 'ǅ', 'Σ');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 8 }), (parts) => {
        const s = parts.join('');
        expect(nameKey(s)).toBe(general(s));
      }),
      { numRuns: 3000 },
    );
    for (const s of ['Dr. Jane Smith', ' Jane  Smith ', 'JANE', 'Jane\tSmith', 'İstanbul', 'Cafe\u0301', 'a\u00a0b', '']) expect(nameKey(s)).toBe(general(s));
  });
});

describe('LineIndex', () => {
  /** Line starts and positions the plain way: a character loop and a search from the top. */
  const plainStarts = (text: string) => {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text[i] === '\n') starts.push(i + 1);
      else if (text[i] === '\r') {
        if (text[i + 1] === '\n') i++;
        starts.push(i + 1);
      }
    }
    return starts;
  };
  const plainPosition = (text: string, offset: number) => {
    const o = Math.max(0, Math.min(offset, text.length));
    const starts = plainStarts(text);
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1]! <= o) line++;
    return { line, character: o - starts[line]! };
  };

  it('finds line starts, positions and ranges as a plain search does (LF, CRLF, CR, ranges over many lines, reversed, out of bounds)', () => {
    const pieces = fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', '\n\n', 'é', '\u2028');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 60 }), fc.array(fc.tuple(fc.integer({ min: -3, max: 90 }), fc.integer({ min: -3, max: 90 })), { minLength: 1, maxLength: 8 }), (parts, offsets) => {
        const text = parts.join('');
        const lines = new LineIndex(text);
        expect(lines.lineStarts).toEqual(plainStarts(text));
        for (const [s, e] of offsets) {
          expect(lines.positionAt(s)).toEqual(plainPosition(text, s));
          expect(lines.range(s, e)).toEqual({ start: plainPosition(text, s), end: plainPosition(text, e) });
        }
      }),
      { numRuns: 2000, seed: 77 },
    );
  });
});

describe('shared positions', () => {
  it('small positions are one frozen object per value, larger ones plain objects; both equal a literal', () => {
    const a = new LineIndex('abc\ndef\n');
    const b = new LineIndex('xyz\nuvw\n');
    expect(a.positionAt(5)).toBe(b.range(4, 5).end);
    expect(a.positionAt(5)).toEqual({ line: 1, character: 1 });
    expect(Object.isFrozen(a.positionAt(5))).toBe(true);
    expect(() => {
      'use strict';
      (a.positionAt(5) as { line: number }).line = 7;
    }).toThrow(TypeError);
    expect(b.positionAt(5)).toEqual({ line: 1, character: 1 });
    const wide = position(2, 5000);
    expect(wide).toEqual({ line: 2, character: 5000 });
    expect(Object.isFrozen(wide)).toBe(false);
    expect(position(5000, 2)).not.toBe(position(5000, 2));
    expect(position(3, 1.5)).toEqual({ line: 3, character: 1.5 });
    expect(JSON.stringify(new LineIndex('a\nb').range(0, 3))).toBe('{"start":{"line":0,"character":0},"end":{"line":1,"character":1}}');
  });
});

describe('shared ranges', () => {
  it('small ranges (one line or several) are one frozen object per value, others plain objects; all equal a literal', () => {
    const a = new LineIndex('---\ntype: person\nname: Jane\n---\n');
    const b = new LineIndex('---\ntype: org\nname: Riverside\n---\n');
    expect(a.range(4, 8)).toBe(b.range(4, 8));
    expect(a.range(4, 8)).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
    expect(Object.isFrozen(a.range(4, 8))).toBe(true);
    expect(() => {
      'use strict';
      (a.range(4, 8) as { start: unknown }).start = { line: 9, character: 9 };
    }).toThrow(TypeError);
    // Over several lines: shared too, and told apart by their end.
    expect(a.range(0, 20)).toBe(makeRange(0, 0, 2, 3));
    expect(a.range(0, 21)).toEqual({ start: { line: 0, character: 0 }, end: { line: 2, character: 4 } });
    expect(a.range(0, 21)).not.toBe(a.range(0, 20));
    // Same line and columns, other lines: other ranges.
    expect(makeRange(1, 0, 1, 4)).not.toBe(makeRange(2, 0, 2, 4));
    expect(makeRange(1, 0, 2, 4)).not.toBe(makeRange(1, 0, 1, 4));
    // Large or odd values: plain objects, still right.
    for (const [l, c, el, ec] of [[5000, 0, 5000, 1], [1, 600, 1, 700], [1, 0, 2000, 3], [3, 1, 2, 0], [1, 1.5, 1, 2]] as const) {
      const r = makeRange(l, c, el, ec);
      expect(r).toEqual({ start: { line: l, character: c }, end: { line: el, character: ec } });
      expect(Object.isFrozen(r)).toBe(false);
      expect(makeRange(l, c, el, ec)).not.toBe(r);
    }
    expect(JSON.stringify(a.range(4, 8))).toBe('{"start":{"line":1,"character":0},"end":{"line":1,"character":4}}');
  });

  it('every range equals one made of its two positions (random texts with CRLF, CR, BOM and surrogate pairs)', () => {
    const pieces = fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', '\ufeff', '😀', 'é', '\n'.repeat(3), 'x'.repeat(300));
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 80 }), fc.array(fc.tuple(fc.nat(2000), fc.nat(2000)), { minLength: 1, maxLength: 10 }), (parts, offsets) => {
        const text = parts.join('');
        const lines = new LineIndex(text);
        for (const [s, e] of offsets) {
          const r = lines.range(s, e);
          expect(r).toEqual({ start: lines.positionAt(s), end: lines.positionAt(e) });
          expect(lines.range(s, e)).toEqual(r);
        }
      }),
      { numRuns: 1500, seed: 11 },
    );
  });
});

describe('intern', () => {
  it('gives back an equal string, whatever its length and characters (identity cannot be observed for strings)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const copy = s.split('').join('');
        expect(intern(s)).toBe(s);
        expect(intern(copy)).toBe(s);
      }),
      { numRuns: 2000, seed: 5 },
    );
    const text = 'type: person\nname: Jane Smith\n';
    expect(intern(text.slice(0, 4))).toBe(intern('type'));
    // Longer strings (slices of a note, which would keep the note alive) are returned as they are.
    const long = text.slice(6, 24);
    expect(intern(long)).toBe(long);
  });
});

describe('isoDateAt', () => {
  it('gives the date at an offset, one string per date; the shape check is exact', () => {
    const a = isoDateAt('x 2026-03-04 y', 2);
    expect(a).toBe('2026-03-04');
    expect(isoDateAt('2026-03-04', 0)).toBe(a);
    expect(isoDateAt('0001-01-01', 0)).toBe('0001-01-01');
    for (const [s, at, ok] of [['2026-03-04', 0, true], ['x2026-03-04', 1, true], ['2026-03-0', 0, false], ['2026/03/04', 0, false], ['2026-3-04x', 0, false], ['２026-03-04', 0, false], ['2026-03-04', 1, false]] as const) {
      expect(isIsoDateShapeAt(s, at)).toBe(ok);
    }
  });
});
