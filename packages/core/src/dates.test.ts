import { describe, expect, it } from 'vitest';
import { addInterval, daysBetween, nearestValidDate, parseDate, parseInterval, todayInZone, Temporal } from './dates.js';
import { resolveToday } from './today.js';
import { defaultConfig } from './config.js';

// These tests run under several TZ values in CI (test:tz): nothing here may depend on the host zone.

describe('calendar dates', () => {
  it('parse strictly: impossible dates are rejected, never rolled over', () => {
    expect(parseDate('2026-02-28')?.toString()).toBe('2026-02-28');
    expect(parseDate('2028-02-29')?.toString()).toBe('2028-02-29');
    for (const bad of ['2026-02-30', '2026-13-01', '2026-00-10', '2027-02-29', 'tomorrow', '2026-5-1', '2026-05-18T10:00:00+02:00', '']) {
      expect(parseDate(bad)).toBeUndefined();
    }
  });

  it('never shift by a day, whatever the host time zone', () => {
    const d = parseDate('2026-01-01')!;
    expect(d.toString()).toBe('2026-01-01');
    expect(d.day).toBe(1);
    expect(daysBetween(parseDate('2026-03-07')!, parseDate('2026-03-09')!)).toBe(2); // across US DST start
  });

  it('suggest the nearest real date when there is exactly one', () => {
    expect(nearestValidDate('2026-02-30')?.toString()).toBe('2026-02-28');
    expect(nearestValidDate('2026-04-31')?.toString()).toBe('2026-04-30');
    expect(nearestValidDate('2026-13-01')).toBeUndefined();
  });
});

describe('durations', () => {
  it('accept every form of the note format', () => {
    const forms: [unknown, string][] = [
      ['10d', 'P10D'], ['10 days', 'P10D'], ['3w', 'P3W'], ['3 weeks', 'P3W'], ['6m', 'P6M'], ['6 months', 'P6M'],
      ['1y', 'P1Y'], ['1 year', 'P1Y'], ['weekly', 'P1W'], ['monthly', 'P1M'], ['quarterly', 'P3M'], ['yearly', 'P1Y'],
      [14, 'P14D'], ['14', 'P14D'],
    ];
    for (const [input, iso] of forms) {
      const i = parseInterval(input)!;
      expect(Temporal.Duration.from({ years: i.years, months: i.months, weeks: i.weeks, days: i.days }).toString()).toBe(iso);
    }
    for (const bad of ['soon', '0d', '-3d', '1.5 weeks', 'every week', 0, 2.5, null]) expect(parseInterval(bad)).toBeUndefined();
    // Words that name Object.prototype members are not durations (they crashed every command).
    for (const bad of ['constructor', '__proto__', 'hasOwnProperty', '5 constructor', '3 __proto__', '2 valueOf']) expect(parseInterval(bad)).toBeUndefined();
  });

  it('add calendar months clamped at the month end, and leap years', () => {
    expect(addInterval(parseDate('2026-01-31')!, parseInterval('1 month')!).toString()).toBe('2026-02-28');
    expect(addInterval(parseDate('2028-01-31')!, parseInterval('1m')!).toString()).toBe('2028-02-29');
    expect(addInterval(parseDate('2028-02-29')!, parseInterval('1y')!).toString()).toBe('2029-02-28');
    expect(addInterval(parseDate('2026-12-30')!, parseInterval('3d')!).toString()).toBe('2027-01-02');
  });
});

describe('today', () => {
  // 2026-11-25T03:30:00Z: still the 24th in New York, already the 25th in Kolkata and Kiritimati.
  const instant = Date.UTC(2026, 10, 25, 3, 30);

  it('is the calendar date in the configured zone at the given instant', () => {
    expect(todayInZone(instant, 'America/New_York').toString()).toBe('2026-11-24');
    expect(todayInZone(instant, 'Asia/Kolkata').toString()).toBe('2026-11-25');
    expect(todayInZone(instant, 'Pacific/Kiritimati').toString()).toBe('2026-11-25');
    expect(todayInZone(Date.UTC(2026, 10, 25, 10, 30), 'Pacific/Kiritimati').toString()).toBe('2026-11-26');
  });

  it('follows DST switches without skipping or repeating a day', () => {
    // US DST started 2026-03-08 at 02:00 local; 05:30Z on the 8th is 01:30 EST, 07:30Z is 03:30 EDT.
    expect(todayInZone(Date.UTC(2026, 2, 8, 5, 30), 'America/New_York').toString()).toBe('2026-03-08');
    expect(todayInZone(Date.UTC(2026, 2, 8, 7, 30), 'America/New_York').toString()).toBe('2026-03-08');
    expect(todayInZone(Date.UTC(2026, 2, 8, 4, 59), 'America/New_York').toString()).toBe('2026-03-07');
  });

  it('prefers --today, then the config pin, then the zone', () => {
    const config = { ...defaultConfig(), timezone: 'Asia/Kolkata' };
    expect(resolveToday({ nowMs: instant, systemTimeZone: 'UTC', config }).toString()).toBe('2026-11-25');
    expect(resolveToday({ nowMs: instant, systemTimeZone: 'America/New_York' }).toString()).toBe('2026-11-24');
    expect(resolveToday({ nowMs: instant, systemTimeZone: 'UTC', config: { ...config, today: '2026-01-02' } }).toString()).toBe('2026-01-02');
    expect(resolveToday({ override: '2026-03-04', nowMs: instant, systemTimeZone: 'UTC', config: { ...config, today: '2026-01-02' } }).toString()).toBe('2026-03-04');
    expect(() => resolveToday({ override: '2026-02-30', nowMs: instant, systemTimeZone: 'UTC' })).toThrow(/not a date/);
  });

  it('asks for the system zone (a function) only when nothing else decides', () => {
    let asked = 0;
    const zone = () => (asked++, 'America/New_York');
    expect(resolveToday({ nowMs: instant, systemTimeZone: zone, config: { ...defaultConfig(), today: '2026-01-02' } }).toString()).toBe('2026-01-02');
    expect(resolveToday({ nowMs: instant, systemTimeZone: zone, config: { ...defaultConfig(), timezone: 'Asia/Kolkata' } }).toString()).toBe('2026-11-25');
    expect(asked).toBe(0);
    expect(resolveToday({ nowMs: instant, systemTimeZone: zone }).toString()).toBe('2026-11-24');
    expect(asked).toBe(1);
  });
});
