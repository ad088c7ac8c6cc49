import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Temporal, addInterval, compareDates, daysBetween, isRealDate, parseDate } from './dates.js';

// dates.ts answers daysBetween and compareDates with integer arithmetic and memoises parsing and
// arithmetic; these must agree with Temporal exactly.
const date = fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('fast date arithmetic equals Temporal', () => {
  it('daysBetween, compareDates and addInterval on random dates', () => {
    fc.assert(
      fc.property(date, date, fc.nat(40), fc.nat(30), (x, y, months, days) => {
        const a = parseDate(x)!;
        const b = parseDate(y)!;
        expect(daysBetween(a, b)).toBe(Temporal.PlainDate.from(x).until(Temporal.PlainDate.from(y), { largestUnit: 'days' }).days);
        expect(Math.sign(compareDates(a, b))).toBe(Math.sign(Temporal.PlainDate.compare(Temporal.PlainDate.from(x), Temporal.PlainDate.from(y))));
        const i = { years: 0, months, weeks: 0, days };
        expect(addInterval(a, i).toString()).toBe(Temporal.PlainDate.from(x).add({ months, days }, { overflow: 'constrain' }).toString());
        expect(parseDate(x)).toBe(a); // memoised: the same immutable object
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
  it('leap days and century years', () => {
    expect(daysBetween(parseDate('2024-02-28')!, parseDate('2024-03-01')!)).toBe(2);
    expect(daysBetween(parseDate('1900-02-28')!, parseDate('1900-03-01')!)).toBe(1);
    expect(daysBetween(parseDate('2000-02-28')!, parseDate('2000-03-01')!)).toBe(2);
    expect(parseDate('2026-02-30')).toBeUndefined();
    expect(parseDate('2026-02-30')).toBeUndefined();
  });
});

describe('addInterval by arithmetic', () => {
  it('equals Temporal (constrain) for years, months, weeks and days, forwards and backwards, at month ends and leap days', () => {
    const edge = fc.constantFrom('2024-01-31', '2024-02-29', '2023-02-28', '2000-02-29', '1900-02-28', '0000-02-29', '0001-01-01', '9999-12-31', '2026-12-31', '2026-03-31');
    const int = (n: number) => fc.integer({ min: -n, max: n });
    fc.assert(
      fc.property(fc.oneof(date, edge), int(30), int(40), int(60), int(4000), (x, years, months, weeks, days) => {
        const i = { years, months, weeks, days };
        let want: string;
        try {
          want = Temporal.PlainDate.from(x).add(i, { overflow: 'constrain' }).toString();
        } catch {
          want = 'out of range';
        }
        let got: string;
        try {
          got = addInterval(parseDate(x)!, i).toString();
        } catch {
          got = 'out of range';
        }
        expect(got).toBe(want);
      }),
      { numRuns: 3000, seed: 13 },
    );
  });
});

describe('isRealDate', () => {
  it('answers what parseDate answers, on date-shaped strings (real or not) and on anything else', () => {
    const digits = (n: number) => fc.array(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), { minLength: n, maxLength: n }).map((d) => d.join(''));
    const shaped = fc.tuple(digits(4), fc.constantFrom('00', '01', '02', '04', '09', '11', '12', '13', '99'), fc.constantFrom('00', '01', '28', '29', '30', '31', '32', '99')).map(([y, m, d]) => `${y}-${m}-${d}`);
    const century = fc.tuple(fc.constantFrom('0000', '0100', '0400', '1900', '2000', '2100', '2400', '2023', '2024', '9999'), fc.constantFrom('02', '03'), fc.constantFrom('28', '29', '30')).map(([y, m, d]) => `${y}-${m}-${d}`);
    const odd = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(' 2026-01-02', '2026-01-02 ', '2026/01/02', '2026-1-02', '٢٠٢٦-٠١-٠٢', '20260-01-02', '2026-01-0x', ''));
    fc.assert(
      fc.property(fc.oneof(shaped, century, odd), (s) => {
        expect(isRealDate(s)).toBe(parseDate(s) !== undefined);
      }),
      { numRuns: 5000, seed: 11 },
    );
  });
});
