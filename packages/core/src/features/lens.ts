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

/** What clicking a person's lens can do; each maps to one edit the editors already offer. */
export type LensAction =
  | { kind: 'log-contact'; title: string }
  | { kind: 'mark-done'; title: string; /** 0-based line of the task in the person's note. */ line: number }
  | { kind: 'snooze'; title: string; /** A duration for `snooze_until` (cadence and thank-you reminders). */ by: string };

export interface PersonLens {
  /** The lens's own line, as `personSummary` gives it. */
  title: string;
  /** The person's open follow-ups in words, for the editor to show with the actions. */
  message: string;
  /** The actions to offer, the one a user most likely wants first. */
  actions: LensAction[];
}

function short(s: string, max = 40): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The code lens of a person note and what clicking it offers. The lens says when you last spoke
 * and what is next, so clicking it answers "so what do I do about it?": it lists the person's
 * follow-ups due by the end of the upcoming window (overdue first) and offers the edits that settle
 * them, the same ones the code actions and tree views make:
 * - "Mark done: <task>" for the first open task in this note that is due (a task follow-up is
 *   settled by ticking it, not by logging contact);
 * - "Log contact today" always (it restarts cadence and clears a thank-you);
 * - "Snooze reminders 1 week" when a cadence or thank-you reminder is due.
 */
export function personLens(a: Analysis, person: Entity, today: CalendarDate, followUps: FollowUp[] = followUpsOf(a, today)): PersonLens {
  const mine = followUps.filter((f) => (f.entity === person || f.people.includes(person.id)) && f.status !== 'later');
  const lines = mine.map((f) => `${describeDue(f)}: ${f.text}`);
  const message = `${person.name} — ${personSummary(a, person, today, followUps).replace(/ · .*$/, '')}.${lines.length ? ` ${lines.join('; ')}.` : ' Nothing due.'}`;
  const actions: LensAction[] = [];
  const task = mine.find((f) => f.kind === 'task' && f.path === person.path);
  if (task) actions.push({ kind: 'mark-done', title: `Mark done: ${short(task.text)}`, line: task.line });
  actions.push({ kind: 'log-contact', title: `Log contact today (${today.toString()})` });
  if (mine.some((f) => f.kind === 'cadence' || f.kind === 'thank-you')) actions.push({ kind: 'snooze', title: 'Snooze reminders 1 week', by: '1w' });
  return { title: personSummary(a, person, today, followUps), message, actions };
}
