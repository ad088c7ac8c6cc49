import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nameKey } from './text.js';

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
