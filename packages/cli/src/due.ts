import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { FOLLOW_UP_KINDS, formatDate, type FollowUp, type FollowUpKind, type Interval, type Workspace } from '@rapport/core';
import { answer, todayFor } from '@rapport/node';
import { candidateLines, findEntityFrom, color, dirOption, displayPath, loaded, parseDuration, pickDir, todayOption, usageError, useColor, type Io, type Shown } from './shared.js';

/** What `due` shows of a follow-up: plain data, so a whole agenda can come from the result cache. */
export interface DueItem {
  kind: FollowUpKind;
  status: FollowUp['status'];
  due: string;
  daysLate: number;
  entity: string | null;
  name: string | null;
  path: string;
  /** 0-based. */
  line: number;
  text: string;
}

export function dueItem(f: FollowUp): DueItem {
  return { kind: f.kind, status: f.status, due: f.due, daysLate: f.daysLate, entity: f.entity?.id ?? null, name: f.entity?.name ?? null, path: f.path, line: f.line, text: f.text };
}

export function followUpJson(l: Shown, f: DueItem) {
  return {
    kind: f.kind,
    status: f.status,
    due: f.due,
    daysLate: f.daysLate,
    entity: f.entity,
    name: f.name,
    file: displayPath(l, f.path),
    line: f.line + 1,
    text: f.text,
  };
}

/** What a cached agenda must look like to be used (else it is computed again). */
function isAgenda(x: unknown): x is { today: string; items: DueItem[] } {
  const a = x as { today?: unknown; items?: unknown } | null;
  const str = (v: unknown) => typeof v === 'string';
  const strOrNull = (v: unknown) => v === null || typeof v === 'string';
  return (
    !!a && str(a.today) && Array.isArray(a.items) &&
    a.items.every((i: Partial<DueItem> | null) =>
      !!i && (FOLLOW_UP_KINDS as readonly unknown[]).includes(i.kind) && GROUPS.some((g) => g.status === i.status) && str(i.due) &&
      typeof i.daysLate === 'number' && strOrNull(i.entity) && strOrNull(i.name) && str(i.path) && typeof i.line === 'number' && str(i.text))
  );
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
      const base = path.resolve(pickDir(cmd, dirArg, opts.dir) ?? '.');
      // The agenda comes from .rapport/cache/ when nothing it depends on changed since this
      // build last answered the same question (see @rapport/node's ResultCache).
      const question = {
        name: 'due',
        ask: (ws: Workspace) => [
          'due',
          formatDate(todayFor(ws, opts.today)),
          // --entity may be a path, read from the folder named.
          JSON.stringify({ within: opts.within ?? null, all: !!opts.all, entity: opts.entity ?? null, kind: opts.kind ?? null, base }),
        ],
        isValue: isAgenda,
      };
      const { root, value } = await answer(base, question, (opened) => {
        const l = loaded(opened, base, opts.today);
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
        return { today: l.today.toString(), items: items.map(dueItem) };
      });
      const l: Shown = { root, base };
      if (opts.json) {
        io.out(`${JSON.stringify({ today: value.today, followUps: value.items.map((f) => followUpJson(l, f)) }, null, 2)}\n`);
      } else {
        io.out(renderAgenda(l, value.today, value.items, useColor(io.isTTY)));
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

export function renderAgenda(l: Shown, today: string, items: DueItem[], colored: boolean): string {
  const c = color(colored);
  const lines: string[] = [c.bold(`Follow-ups for ${today}`), ''];
  if (items.length === 0) lines.push('Nothing due. You are all caught up.', '');
  const whoWidth = Math.min(28, Math.max(8, ...items.map((f) => (f.name ?? '—').length)));
  for (const g of GROUPS) {
    const group = items.filter((f) => f.status === g.status);
    if (group.length === 0) continue;
    lines.push(c.bold(`${g.title} (${group.length})`));
    for (const f of group) {
      const when = f.daysLate > 0 ? `${f.daysLate} d late` : f.daysLate === 0 ? 'today' : `in ${-f.daysLate} d`;
      const whenCol = (f.status === 'overdue' ? c.red : f.status === 'due-today' ? c.yellow : c.cyan)(when.padEnd(10));
      const name = f.name ?? '—';
      const who = (name.length > whoWidth ? `${name.slice(0, whoWidth - 1)}…` : name).padEnd(whoWidth);
      const where = c.dim(`${displayPath(l, f.path)}:${f.line + 1}`);
      lines.push(`  ${whenCol} ${f.due}  ${who} ${f.kind.padEnd(11)} ${f.text}  ${where}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
