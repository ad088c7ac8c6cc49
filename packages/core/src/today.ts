import { parseDate, todayInZone, type CalendarDate } from './dates.js';
import type { Config } from './config.js';

/**
 * Decides "today": an explicit override wins, then the config's pinned `today:`, then the date
 * in the config's time zone (else the given system zone, asked for only then) at the instant the
 * caller supplies.
 */
export function resolveToday(opts: { override?: string; config?: Config; nowMs: number; systemTimeZone: string | (() => string) }): CalendarDate {
  if (opts.override) {
    const d = parseDate(opts.override);
    if (!d) throw new RangeError(`'${opts.override}' is not a date: use YYYY-MM-DD`);
    return d;
  }
  const pinned = opts.config?.today && parseDate(opts.config.today);
  if (pinned) return pinned;
  // The system zone may be a function: asking the platform for it can cost (ICU's start-up).
  const zone = opts.config?.timezone ?? (typeof opts.systemTimeZone === 'function' ? opts.systemTimeZone() : opts.systemTimeZone);
  return todayInZone(opts.nowMs, zone);
}
