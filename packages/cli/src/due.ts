import type { Command } from 'commander';
import type { FollowUp } from '@rapport/core';
import { todayOption, type Io } from './index.js';
import { color, displayPath, load, useColor, type Loaded } from './shared.js';

export function followUpJson(l: Loaded, f: FollowUp) {
  return {
    kind: f.kind,
    status: f.status,
    due: f.due,
    daysLate: f.daysLate,
    entity: f.entity?.id ?? null,
    name: f.entity?.name ?? null,
    file: displayPath(l, f.path),
    line: f.line + 1,
    text: f.text,
  };
}

export function dueCommand(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('due')
    .description('the follow-up agenda: overdue, due today, upcoming')
    .argument('[dir]', 'notes folder (default: the current folder)')
    .addOption(todayOption())
    .option('--json', 'print one JSON object')
    .action(async (dir: string | undefined, opts: { today?: string; json?: boolean }) => {
      const l = await load(dir, opts.today);
      const all = l.workspace.analysis().followUps(l.today).filter((f) => f.status !== 'later');
      if (opts.json) {
        io.out(`${JSON.stringify({ today: l.today.toString(), followUps: all.map((f) => followUpJson(l, f)) }, null, 2)}\n`);
      } else {
        io.out(renderAgenda(l, all, useColor(io.isTTY)));
      }
      setExit(0);
    });
}

const GROUPS: { status: FollowUp['status']; title: string }[] = [
  { status: 'overdue', title: 'Overdue' },
  { status: 'due-today', title: 'Today' },
  { status: 'upcoming', title: 'Upcoming' },
];

export function renderAgenda(l: Loaded, items: FollowUp[], colored: boolean): string {
  const c = color(colored);
  const lines: string[] = [c.bold(`Follow-ups for ${l.today.toString()}`), ''];
  if (items.length === 0) lines.push('Nothing due. You are all caught up.', '');
  for (const g of GROUPS) {
    const group = items.filter((f) => f.status === g.status);
    if (group.length === 0) continue;
    lines.push(c.bold(`${g.title} (${group.length})`));
    for (const f of group) {
      const when = f.daysLate > 0 ? `${f.daysLate} d late` : f.daysLate === 0 ? 'today' : `in ${-f.daysLate} d`;
      const whenCol = (f.status === 'overdue' ? c.red : f.status === 'due-today' ? c.yellow : c.cyan)(when.padEnd(10));
      const who = (f.entity?.name ?? '—').padEnd(24);
      const where = c.dim(`${displayPath(l, f.path)}:${f.line + 1}`);
      lines.push(`  ${whenCol} ${f.due}  ${who} ${f.kind.padEnd(11)} ${f.text}  ${where}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
