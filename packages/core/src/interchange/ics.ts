import ICAL from 'ical.js';
import type { Analysis } from '../analysis.js';
import type { CalendarDate } from '../dates.js';

export interface IcsOptions {
  /** All-day VEVENTs instead of VTODOs (for calendars that hide tasks). */
  events?: boolean;
}

/** The product id written into exported calendars. */
export const PRODID = '-//Rapport//Rapport follow-ups//EN';

/** A UID that stays the same while the follow-up's source stays put, so a re-import updates it. */
export function followUpUid(id: string): string {
  return `${id}@rapport`;
}

function dateValue(iso: string): ICAL.Time {
  return ICAL.Time.fromDateString(iso);
}

/**
 * Every follow-up the engine reports (each is open: done ones are not follow-ups) as an all-day
 * VTODO with DUE, or an all-day VEVENT, built with ical.js. DTSTAMP is today at midnight UTC so
 * the same notes on the same day give the same file.
 */
export function exportIcs(a: Analysis, today: CalendarDate, options: IcsOptions = {}): string {
  const cal = new ICAL.Component(['vcalendar', [], []]);
  cal.updatePropertyWithValue('prodid', PRODID);
  cal.updatePropertyWithValue('version', '2.0');
  cal.updatePropertyWithValue('calscale', 'GREGORIAN');
  const stamp = new ICAL.Time({ year: today.year, month: today.month, day: today.day, hour: 0, minute: 0, second: 0, isDate: false }, ICAL.Timezone.utcTimezone);
  for (const f of a.followUps(today)) {
    const c = new ICAL.Component(options.events ? 'vevent' : 'vtodo');
    c.addPropertyWithValue('uid', followUpUid(f.id));
    c.addPropertyWithValue('dtstamp', stamp);
    c.addPropertyWithValue('summary', f.text);
    c.addPropertyWithValue('description', `${f.message}\n${f.path}:${f.line + 1}`);
    c.addPropertyWithValue('categories', f.kind);
    if (options.events) {
      c.addPropertyWithValue('dtstart', dateValue(f.due));
      const end = dateValue(f.due);
      end.adjust(1, 0, 0, 0);
      c.addPropertyWithValue('dtend', end);
      c.addPropertyWithValue('transp', 'TRANSPARENT');
    } else {
      c.addPropertyWithValue('due', dateValue(f.due));
      c.addPropertyWithValue('status', 'NEEDS-ACTION');
    }
    cal.addSubcomponent(c);
  }
  return cal.toString() + '\r\n';
}
