import { Option, type Command } from 'commander';
import { FOLLOW_UP_KINDS, type FollowUp, type FollowUpKind, type Interval } from '@rapport/core';
import { candidateLines, findEntityFrom, color, dirOption, displayPath, load, parseDuration, pickDir, todayOption, usageError, useColor, type Io, type Loaded } from './shared.js';

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

interface DueOptions {
  dir?: string;
  today?: string;
  json?: boolean;
  within?: Interval;
  all?: boolean;
  entity?: string;
  kind?: FollowUpKind;
}

export function dueCommand(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('due')
    .description('the follow-up agenda: overdue, due today, upcoming')
    .argument('[dir]', 'notes folder (default: the current folder)')
    .addOption(dirOption())
    .addOption(todayOption())
    .option('--json', 'print one JSON object')
    .addOption(new Option('--within <duration>', "upcoming window instead of the config's (e.g. 14d, 3 weeks, 1m)").argParser(parseDuration))
    .option('--all', 'every open follow-up, also those due later than the window')
    .option('--entity <name>', 'only follow-ups about this person, program, ... (name, alias or file name)')
    .addOption(new Option('--kind <kind>', 'only this kind of follow-up').choices(FOLLOW_UP_KINDS))
    .addHelpText('after', `
Examples:
  rapport due                              the agenda for the notes here
  rapport due ~/notes --within 30d         a month ahead
  rapport due --entity "Dr. Jane Smith"    everything about one person
  rapport due --kind thank-you --json`)
    .action(async (dirArg: string | undefined, opts: DueOptions, cmd: Command) => {
      const l = await load(pickDir(cmd, dirArg, opts.dir), opts.today);
      if (opts.within) l.workspace.config = { ...l.workspace.config, upcoming: opts.within };
      const a = l.workspace.analysis();
      let items = a.followUps(l.today).filter((f) => opts.all || f.status !== 'later');
      if (opts.entity !== undefined) {
        const m = findEntityFrom(l, a, opts.entity);
        if (m.status === 'ambiguous') usageError(cmd, `'${opts.entity}' names ${m.candidates.length} notes; use one of these names or paths:\n${candidateLines(l, m.candidates)}`);
        if (m.status === 'none') {
          usageError(cmd, `no note is named '${opts.entity}'.${m.suggestions.length ? ` Did you mean:\n${candidateLines(l, m.suggestions)}` : ''}`);
        }
        const id = m.entity.id;
        items = items.filter((f) => f.entity === m.entity || f.people.includes(id));
      }
      if (opts.kind) items = items.filter((f) => f.kind === opts.kind);
      if (opts.json) {
        io.out(`${JSON.stringify({ today: l.today.toString(), followUps: items.map((f) => followUpJson(l, f)) }, null, 2)}\n`);
      } else {
        io.out(renderAgenda(l, items, useColor(io.isTTY)));
      }
      setExit(0);
    });
}

const GROUPS: { status: FollowUp['status']; title: string }[] = [
  { status: 'overdue', title: 'Overdue' },
  { status: 'due-today', title: 'Today' },
  { status: 'upcoming', title: 'Upcoming' },
  { status: 'later', title: 'Later' },
];

export function renderAgenda(l: Loaded, items: FollowUp[], colored: boolean): string {
  const c = color(colored);
  const lines: string[] = [c.bold(`Follow-ups for ${l.today.toString()}`), ''];
  if (items.length === 0) lines.push('Nothing due. You are all caught up.', '');
  const whoWidth = Math.min(28, Math.max(8, ...items.map((f) => (f.entity?.name ?? '—').length)));
  for (const g of GROUPS) {
    const group = items.filter((f) => f.status === g.status);
    if (group.length === 0) continue;
    lines.push(c.bold(`${g.title} (${group.length})`));
    for (const f of group) {
      const when = f.daysLate > 0 ? `${f.daysLate} d late` : f.daysLate === 0 ? 'today' : `in ${-f.daysLate} d`;
      const whenCol = (f.status === 'overdue' ? c.red : f.status === 'due-today' ? c.yellow : c.cyan)(when.padEnd(10));
      const name = f.entity?.name ?? '—';
      const who = (name.length > whoWidth ? `${name.slice(0, whoWidth - 1)}…` : name).padEnd(whoWidth);
      const where = c.dim(`${displayPath(l, f.path)}:${f.line + 1}`);
      lines.push(`  ${whenCol} ${f.due}  ${who} ${f.kind.padEnd(11)} ${f.text}  ${where}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
