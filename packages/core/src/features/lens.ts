/** The one-line summary shown at the top of a person's note. */
import type { Analysis } from '../analysis.js';
import { daysBetween, parseDate, type CalendarDate } from '../dates.js';
import type { Entity } from '../entity.js';
import type { FollowUp } from '../followups.js';
import { followUpsOf, nextFollowUp } from './views.js';

/** "Last contact 34 days ago · next: thank-you overdue 2 d" (or "No contact logged · nothing due"). */
export function personSummary(a: Analysis, person: Entity, today: CalendarDate, followUps: FollowUp[] = followUpsOf(a, today)): string {
  const last = a.lastContact(person, today);
  let first: string;
  if (!last) first = 'No contact logged';
  else {
    const d = daysBetween(parseDate(last)!, today);
    first = d === 0 ? 'Last contact today' : d === 1 ? 'Last contact yesterday' : `Last contact ${d} days ago`;
  }
  const next = nextFollowUp(followUps, person);
  return `${first} · ${next ? `next: ${describeDue(next)}` : 'nothing due'}`;
}

/** "thank-you overdue 2 d", "task due today", "cadence in 5 d", "next-action on 2027-02-01". */
export function describeDue(f: Pick<FollowUp, 'kind' | 'status' | 'daysLate' | 'due'>): string {
  switch (f.status) {
    case 'overdue':
      return `${f.kind} overdue ${f.daysLate} d`;
    case 'due-today':
      return `${f.kind} due today`;
    case 'upcoming':
      return `${f.kind} in ${-f.daysLate} d`;
    default:
      return `${f.kind} on ${f.due}`;
  }
}
