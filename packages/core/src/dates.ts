import { Temporal } from 'temporal-polyfill';
import { isIsoDateShapeAt } from './text.js';

/** A calendar date with no time and no zone. Never a JS Date. */
export type CalendarDate = Temporal.PlainDate;
export { Temporal };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` strictly: `2026-02-30` is rejected, never rolled over. */
export function parseDate(text: string): CalendarDate | undefined {
  // The text as given is looked up first (no trimming, no regex): most calls repeat a date.
  const seen = dateMemo.get(text);
  if (seen !== undefined) return seen === NOT_A_DATE ? undefined : seen;
  const m = ISO_DATE.exec(text.trim());
  if (!m) return undefined;
  const key = m[0];
  let d = dateMemo.get(key);
  if (d === undefined) {
    try {
      d = Temporal.PlainDate.from({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { overflow: 'reject' });
      // A four-digit year prints as written: no need to ask the polyfill for the string later.
      isoStrings.set(d, key);
    } catch {
      d = NOT_A_DATE;
    }
    remember(dateMemo, key, d);
  }
  if (text !== key) remember(dateMemo, text, d);
  return d === NOT_A_DATE ? undefined : d;
}

/**
 * Whether `parseDate` would accept the text, without making a date: a `YYYY-MM-DD` string is
 * checked by arithmetic (every four-digit year is in Temporal's range; proleptic Gregorian leap
 * years), anything else asks parseDate. For the parser, which only needs to know.
 */
export function isRealDate(text: string): boolean {
  if (text.length !== 10 || !isIsoDateShapeAt(text, 0)) return parseDate(text) !== undefined;
  const year = (text.charCodeAt(0) - 48) * 1000 + (text.charCodeAt(1) - 48) * 100 + (text.charCodeAt(2) - 48) * 10 + (text.charCodeAt(3) - 48);
  const month = (text.charCodeAt(5) - 48) * 10 + (text.charCodeAt(6) - 48);
  const day = (text.charCodeAt(8) - 48) * 10 + (text.charCodeAt(9) - 48);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const last = month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return day <= last;
}

// Temporal's polyfill is slow next to the rest of a workspace load, and dates repeat a lot (every
// note's dates, every follow-up's arithmetic). PlainDates are immutable, so equal inputs can
// share one result. The memos are bounded: they are emptied when they grow large.
const MEMO_LIMIT = 50_000;
/** Memo entries keyed by a text (trimmed or as given) that is date-shaped but no real date. */
const NOT_A_DATE = null;
const dateMemo = new Map<string, CalendarDate | typeof NOT_A_DATE>();
const addMemo = new Map<string, CalendarDate>();
const daysMemo = new Map<string, number>();
function remember<V>(memo: Map<string, V>, key: string, value: V): void {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, value);
}

/** True when the text has the shape of a date, whether or not the date exists. */
export function looksLikeDate(text: string): boolean {
  return ISO_DATE.test(text.trim());
}

export function formatDate(d: CalendarDate): string {
  return iso(d);
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  const x = iso(a);
  const y = iso(b);
  // Four-digit ISO dates order as strings; anything else asks Temporal.
  if (x.length === 10 && y.length === 10) return x < y ? -1 : x > y ? 1 : 0;
  return Temporal.PlainDate.compare(a, b);
}

const isoStrings = new WeakMap<CalendarDate, string>();
/** `YYYY-MM-DD` of a date, computed once per date object (the polyfill's toString is not cheap). */
function iso(d: CalendarDate): string {
  let s = isoStrings.get(d);
  if (s === undefined) {
    s = d.toString();
    isoStrings.set(d, s);
  }
  return s;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (exact integer arithmetic, any year). */
function epochDay(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  const a = iso(from);
  const b = iso(to);
  const ma = ISO_DATE.exec(a);
  const mb = ISO_DATE.exec(b);
  if (ma && mb) return epochDay(Number(mb[1]), Number(mb[2]), Number(mb[3])) - epochDay(Number(ma[1]), Number(ma[2]), Number(ma[3]));
  const key = `${a}/${b}`;
  let n = daysMemo.get(key);
  if (n === undefined) {
    n = from.until(to, { largestUnit: 'days' }).days;
    remember(daysMemo, key, n);
  }
  return n;
}

export function addDays(d: CalendarDate, days: number): CalendarDate {
  return d.add({ days });
}

export function maxDate(a: CalendarDate | undefined, b: CalendarDate | undefined): CalendarDate | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareDates(a, b) >= 0 ? a : b;
}

/** A keep-in-touch interval: calendar months and years stay calendar units. */
export interface Interval {
  years: number;
  months: number;
  weeks: number;
  days: number;
}

const UNIT_WORDS: Record<string, keyof Interval> = {
  d: 'days', day: 'days', days: 'days',
  w: 'weeks', wk: 'weeks', week: 'weeks', weeks: 'weeks',
  m: 'months', mo: 'months', month: 'months', months: 'months',
  y: 'years', yr: 'years', year: 'years', years: 'years',
};

const NAMED: Record<string, Interval> = {
  daily: { years: 0, months: 0, weeks: 0, days: 1 },
  weekly: { years: 0, months: 0, weeks: 1, days: 0 },
  biweekly: { years: 0, months: 0, weeks: 2, days: 0 },
  fortnightly: { years: 0, months: 0, weeks: 2, days: 0 },
  monthly: { years: 0, months: 1, weeks: 0, days: 0 },
  quarterly: { years: 0, months: 3, weeks: 0, days: 0 },
  yearly: { years: 1, months: 0, weeks: 0, days: 0 },
  annually: { years: 1, months: 0, weeks: 0, days: 0 },
};

/**
 * Parses `10d`, `10 days`, `3w`, `6m`, `1y`, `1 year`, `weekly`, `monthly`, `quarterly`,
 * `yearly`, or a bare whole number of days. Returns undefined for anything else or zero.
 */
export function parseInterval(input: unknown): Interval | undefined {
  if (typeof input === 'number') {
    return Number.isInteger(input) && input > 0 && input <= 100000 ? { years: 0, months: 0, weeks: 0, days: input } : undefined;
  }
  if (typeof input !== 'string') return undefined;
  const s = input.trim().toLowerCase();
  // Own keys only: 'constructor' or '__proto__' must not reach Object.prototype.
  if (Object.hasOwn(NAMED, s)) return { ...NAMED[s]! };
  if (/^\d+$/.test(s)) return parseInterval(Number(s));
  const m = /^(\d+)\s*([a-z]+)$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = Object.hasOwn(UNIT_WORDS, m[2]!) ? UNIT_WORDS[m[2]!] : undefined;
  if (!unit || n <= 0 || n > 100000) return undefined;
  const out: Interval = { years: 0, months: 0, weeks: 0, days: 0 };
  out[unit] = n;
  return out;
}

/** Adds an interval; months clamp at the month end (Jan 31 + 1 month = Feb 28). */
export function addInterval(d: CalendarDate, i: Interval): CalendarDate {
  const s = iso(d);
  const key = `${s}+${i.years},${i.months},${i.weeks},${i.days}`;
  let r = addMemo.get(key);
  if (r === undefined) {
    r = addIso(s, i) ?? d.add({ years: i.years, months: i.months, weeks: i.weeks, days: i.days }, { overflow: 'constrain' });
    remember(addMemo, key, r);
  }
  return r;
}

/**
 * Temporal's ISO date addition (years and months first, the day clamped to the month's length,
 * then weeks and days) by integer arithmetic, for four-digit years in and out; undefined
 * otherwise (the caller asks Temporal).
 */
function addIso(s: string, i: Interval): CalendarDate | undefined {
  const m = ISO_DATE.exec(s);
  if (!m || !Number.isSafeInteger(i.years) || !Number.isSafeInteger(i.months) || !Number.isSafeInteger(i.weeks) || !Number.isSafeInteger(i.days)) return undefined;
  // A duration's fields share one sign (Temporal refuses mixed ones): leave those to it.
  const neg = i.years < 0 || i.months < 0 || i.weeks < 0 || i.days < 0;
  const pos = i.years > 0 || i.months > 0 || i.weeks > 0 || i.days > 0;
  if (neg && pos) return undefined;
  const months = Number(m[1]) * 12 + (Number(m[2]) - 1) + i.years * 12 + i.months;
  const year = Math.floor(months / 12);
  const month = months - year * 12 + 1;
  if (year < 0 || year > 9999) return undefined;
  const day = Math.min(Number(m[3]), daysInMonth(year, month));
  const z = epochDay(year, month, day) + i.weeks * 7 + i.days;
  if (!Number.isSafeInteger(z)) return undefined;
  const [y, mo, d] = civilFromEpochDay(z);
  if (y < 0 || y > 9999) return undefined;
  return parseDate(`${String(y).padStart(4, '0')}-${mo < 10 ? '0' : ''}${mo}-${d < 10 ? '0' : ''}${d}`);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The proleptic Gregorian date of a day count since 1970-01-01 (inverse of epochDay). */
function civilFromEpochDay(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

export function formatInterval(i: Interval): string {
  const parts: string[] = [];
  const unit = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (i.years) parts.push(unit(i.years, 'year'));
  if (i.months) parts.push(unit(i.months, 'month'));
  if (i.weeks) parts.push(unit(i.weeks, 'week'));
  if (i.days) parts.push(unit(i.days, 'day'));
  return parts.join(' ') || '0 days';
}

/** Today's calendar date in a time zone at a given instant (the caller supplies the clock). */
export function todayInZone(epochMilliseconds: number, timeZone: string): CalendarDate {
  return Temporal.Instant.fromEpochMilliseconds(epochMilliseconds).toZonedDateTimeISO(timeZone).toPlainDate();
}

export function isValidTimeZone(tz: string): boolean {
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * Nearest real date for a date-shaped string that is not one, when there is a single obvious
 * fix: a day past the month end becomes the month's last day. Months above 12 have no fix.
 */
export function nearestValidDate(text: string): CalendarDate | undefined {
  const m = ISO_DATE.exec(text.trim());
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return Temporal.PlainDate.from({ year, month, day }, { overflow: 'constrain' });
}
