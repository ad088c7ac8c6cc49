#!/usr/bin/env node
// Mentors you have not spoken to in N days (default 90), oldest first, with the kinds of
// mentoring each gives: the people to write to before they forget you.
//
//   node examples/scripts/stale-mentors.mjs [DIR] [--days N] [--today YYYY-MM-DD] [--json]
import { openWorkspace, todayFor } from '@rapport/node';
import { daysBetween, parseDate } from '@rapport/core';

const args = process.argv.slice(2);
const take = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const json = args.includes('--json') ? (args.splice(args.indexOf('--json'), 1), true) : false;
const override = take('--today');
const days = Number(take('--days') ?? 90);
const dir = args[0] ?? '.';

const { workspace } = await openWorkspace(dir);
const today = todayFor(workspace, override);
const analysis = workspace.analysis();

const stale = [];
for (const person of analysis.entities) {
  if (person.type !== 'person' || person.mentor.length === 0) continue;
  // Effective last contact comes from core: last_contact and every logged interaction.
  const last = analysis.lastContact(person, today);
  const since = last ? daysBetween(parseDate(last), today) : undefined;
  if (since === undefined || since > days) stale.push({ id: person.id, name: person.name, mentor: person.mentor, lastContact: last ?? null, days: since ?? null });
}
stale.sort((a, b) => (b.days ?? Infinity) - (a.days ?? Infinity));

if (json) process.stdout.write(`${JSON.stringify({ today: today.toString(), days, mentors: stale }, null, 2)}\n`);
else if (stale.length === 0) process.stdout.write(`Every mentor heard from you in the last ${days} days.\n`);
else for (const m of stale) process.stdout.write(`${m.name} (${m.mentor.join(', ')}): ${m.lastContact ? `last contact ${m.lastContact}, ${m.days} days ago` : 'never contacted'}\n`);
