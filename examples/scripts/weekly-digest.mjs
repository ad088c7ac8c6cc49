#!/usr/bin/env node
// Weekly digest: what you owe each person in the next 7 days (and anything overdue), as
// Markdown you can paste into a journal or an email to yourself.
//
//   node examples/scripts/weekly-digest.mjs [DIR] [--today YYYY-MM-DD]
import { openWorkspace, todayFor } from '@rapport/node';
import { addInterval, parseInterval } from '@rapport/core';

const args = process.argv.slice(2);
const todayAt = args.indexOf('--today');
const override = todayAt >= 0 ? args.splice(todayAt, 2)[1] : undefined;
const dir = args[0] ?? '.';

const { workspace } = await openWorkspace(dir);
const today = todayFor(workspace, override);
const weekEnd = addInterval(today, parseInterval('7 days')).toString();

// The follow-up engine decides what is due; this script only groups and prints.
const items = workspace.analysis().followUps(today).filter((f) => f.due <= weekEnd);
const byPerson = new Map();
for (const f of items) {
  const who = f.entity?.name ?? 'No one in particular';
  if (!byPerson.has(who)) byPerson.set(who, []);
  byPerson.get(who).push(f);
}

const lines = [`# Week of ${today}`, ''];
if (items.length === 0) lines.push('Nothing due this week.');
for (const [who, list] of [...byPerson].sort((a, b) => a[0].localeCompare(b[0]))) {
  lines.push(`## ${who}`);
  for (const f of list) {
    const when = f.daysLate > 0 ? `${f.daysLate} days late` : f.daysLate === 0 ? 'today' : `by ${f.due}`;
    lines.push(`- [ ] ${f.text} (${f.kind}, ${when})`);
  }
  lines.push('');
}
process.stdout.write(`${lines.join('\n').trimEnd()}\n`);
