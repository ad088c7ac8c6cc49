/**
 * Calendar dates at their edges. Every expectation here is a fixed string, so the suite passes
 * only if nothing depends on the machine's time zone: `pnpm test:tz` runs it under five zones.
 */
import { describe, expect, it } from 'vitest';
import { MemoryFileSystem, Workspace, addInterval, daysBetween, parseDate, parseInterval, resolveToday, todayInZone, type Interval } from '@rapport/core';
import { markTaskDone, snoozeTask, applyEdits } from '@rapport/core';

const d = (s: string) => {
  const x = parseDate(s);
  if (!x) throw new Error(`bad test date ${s}`);
  return x;
};
const plus = (date: string, interval: string) => addInterval(d(date), parseInterval(interval) as Interval).toString();

describe('month ends and leap days', () => {
  it.each([
    ['2026-01-31', '1 month', '2026-02-28'],
    ['2028-01-31', '1 month', '2028-02-29'],
    ['2026-03-31', '1m', '2026-04-30'],
    ['2026-08-31', '6 months', '2027-02-28'],
    ['2026-12-31', 'monthly', '2027-01-31'],
    ['2026-11-30', 'quarterly', '2027-02-28'],
    ['2028-02-29', '1 year', '2029-02-28'],
    ['2028-02-29', '12 months', '2029-02-28'],
    ['2028-02-29', '4y', '2032-02-29'],
    ['2028-02-28', '1d', '2028-02-29'],
    ['2027-02-28', '1d', '2027-03-01'],
    ['2026-12-31', '1 day', '2027-01-01'],
    ['2026-12-28', '1 week', '2027-01-04'],
  ])('%s + %s = %s', (from, by, want) => {
    expect(plus(from, by)).toBe(want);
  });

  it.each(['2026-02-29', '2100-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-04-31', 'tomorrow', 'today', '2026-5-1', '2026-05-18T10:00:00+02:00', '2026-05-18T00:00:00Z', '2026-05-18 10:00', '+002026-05-18'])(
    '%s is not a calendar date',
    (s) => expect(parseDate(s)).toBeUndefined(),
  );

  it.each(['2024-02-29', '2000-02-29', '2028-02-29', '0001-01-01', '9999-12-31'])('%s is a calendar date and prints back unchanged', (s) => {
    expect(parseDate(s)?.toString()).toBe(s);
  });

  it('whole days across DST switches are whole', () => {
    expect(daysBetween(d('2026-03-07'), d('2026-03-09'))).toBe(2);
    expect(daysBetween(d('2026-10-31'), d('2026-11-02'))).toBe(2);
    expect(daysBetween(d('2026-10-03'), d('2026-10-05'))).toBe(2); // Lord Howe's half-hour switch
  });
});

describe('today in a time zone, from explicit instants', () => {
  const at = (iso: string) => Date.parse(iso);
  it.each([
    // America/New_York, spring forward: 2026-03-08 02:00 EST becomes 03:00 EDT (07:00Z).
    ['2026-03-08T04:59:59Z', 'America/New_York', '2026-03-07'],
    ['2026-03-08T05:00:00Z', 'America/New_York', '2026-03-08'],
    ['2026-03-08T06:59:59Z', 'America/New_York', '2026-03-08'],
    ['2026-03-08T07:00:00Z', 'America/New_York', '2026-03-08'],
    ['2026-03-09T03:59:59Z', 'America/New_York', '2026-03-08'],
    ['2026-03-09T04:00:00Z', 'America/New_York', '2026-03-09'],
    // Fall back: 2026-11-01 02:00 EDT becomes 01:00 EST (06:00Z); the day is 25 hours long.
    ['2026-11-01T03:59:59Z', 'America/New_York', '2026-10-31'],
    ['2026-11-01T04:00:00Z', 'America/New_York', '2026-11-01'],
    ['2026-11-01T05:30:00Z', 'America/New_York', '2026-11-01'],
    ['2026-11-01T06:30:00Z', 'America/New_York', '2026-11-01'],
    ['2026-11-02T04:59:59Z', 'America/New_York', '2026-11-01'],
    ['2026-11-02T05:00:00Z', 'America/New_York', '2026-11-02'],
    // Far ahead of and behind UTC, and half-hour offsets.
    ['2026-05-18T09:59:59Z', 'Pacific/Kiritimati', '2026-05-18'],
    ['2026-05-18T10:00:00Z', 'Pacific/Kiritimati', '2026-05-19'],
    ['2026-05-18T06:59:59Z', 'America/Los_Angeles', '2026-05-17'],
    ['2026-05-18T07:00:00Z', 'America/Los_Angeles', '2026-05-18'],
    ['2026-05-18T18:29:59Z', 'Asia/Kolkata', '2026-05-18'],
    ['2026-05-18T18:30:00Z', 'Asia/Kolkata', '2026-05-19'],
    ['2026-05-18T13:29:59Z', 'Australia/Lord_Howe', '2026-05-18'], // +10:30 in May
    ['2026-05-18T13:30:00Z', 'Australia/Lord_Howe', '2026-05-19'],
    ['2026-12-18T12:59:59Z', 'Australia/Lord_Howe', '2026-12-18'], // +11 in December
    ['2026-12-18T13:00:00Z', 'Australia/Lord_Howe', '2026-12-19'],
    ['2028-02-29T23:59:59Z', 'UTC', '2028-02-29'],
  ])('%s in %s is %s', (instant, zone, want) => {
    expect(todayInZone(at(instant), zone).toString()).toBe(want);
  });

  it('the config zone decides today, not the machine; --today and today: win', () => {
    const now = at('2026-05-18T23:30:00Z');
    const base = { nowMs: now, systemTimeZone: 'UTC' };
    expect(resolveToday(base).toString()).toBe('2026-05-18');
    const cfg = (timezone: string, today?: string) => ({ ...base, config: { timezone, ...(today ? { today } : {}) } as never });
    expect(resolveToday(cfg('Pacific/Kiritimati')).toString()).toBe('2026-05-19');
    expect(resolveToday(cfg('America/Los_Angeles')).toString()).toBe('2026-05-18');
    expect(resolveToday(cfg('Pacific/Kiritimati', '2026-01-01')).toString()).toBe('2026-01-01');
    expect(resolveToday({ ...cfg('Pacific/Kiritimati'), override: '2026-02-01' }).toString()).toBe('2026-02-01');
  });
});

describe('dates in notes never shift', () => {
  const files = {
    'rapport.yaml': 'today: 2026-03-09\ntimezone: Pacific/Kiritimati\nupcoming: 10 days\n',
    'people/ana.md': '---\ntype: person\nname: Ana\nmet: 2026-03-06\nfollow_up: 2026-03-08\nlast_contact: 2026-02-28\ncadence: 1 month\n---\n- [ ] renew 📅 2028-02-29 🔁 every year\n- [ ] call ⏳ 2026-03-09 📅 2026-03-10\n',
    'people/ben.md': '---\ntype: person\nname: Ben\nfollow_up: 2026-05-18T10:00:00+02:00\nmet: 2026-03-08T23:00:00-08:00\n---\n',
  };

  it('follow-ups on a DST weekend count whole days, dates print as written', async () => {
    const ws = await Workspace.load(new MemoryFileSystem(files));
    const today = d(ws.config.today!);
    const got = ws
      .analysis()
      .followUps(today)
      .map((f) => `${f.kind} ${f.entity?.id} ${f.due} ${f.daysLate} ${f.status}`);
    expect(got).toEqual([
      'next-action ana 2026-03-08 1 overdue',
      'thank-you ana 2026-03-09 0 due-today',
      'task ana 2026-03-10 -1 upcoming',
      'cadence ana 2026-03-28 -19 later',
      'task ana 2028-02-29 -722 later',
    ]);
    const ben = ws.analysis().diagnostics(today, 'people/ben.md');
    expect(ben.map((x) => [x.code, x.range.start.line])).toEqual([
      ['invalid-date', 3],
      ['invalid-date', 4],
    ]);
    expect(ws.analysis().entity('ben')?.followUp).toBeUndefined();
  });

  it('marking a leap-day yearly task done moves it to the next Feb 28, snoozing adds calendar time', async () => {
    const ws = await Workspace.load(new MemoryFileSystem(files));
    const note = ws.get('people/ana.md')!;
    const task = note.parsed.tasks[0]!;
    const done = applyEdits(note.text, markTaskDone(note, task, d('2028-02-29')), note.lines);
    expect(done).toContain('- [ ] renew 📅 2029-02-28 🔁 every year');
    expect(done).toContain('✅ 2028-02-29');
    const snoozed = applyEdits(note.text, snoozeTask(note, note.parsed.tasks[1]!, parseInterval('1 month')!, d('2026-01-31')), note.lines);
    expect(snoozed).toContain('📅 2026-04-10');
  });
});
