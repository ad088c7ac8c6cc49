import * as path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { openWorkspace, todayFor, type OpenedWorkspace } from '@rapport/node';
import { findEntity, parseDate, parseInterval, type Analysis, type CalendarDate, type Entity, type EntityMatch, type Interval } from '@rapport/core';

/** Where the CLI writes; tests and embedders pass their own. */
export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
}

/** A usage problem found after parsing: exit 2 with one line on stderr. */
export class UsageError extends Error {}

/** A command's registration: adds itself to the program. `setExit` records the exit code. */
export type RegisterCommand = (program: Command, io: Io, setExit: (n: number) => void) => void;

export interface Loaded extends OpenedWorkspace {
  today: CalendarDate;
  /** Where paths are shown from: the folder the user named. */
  base: string;
}

/** Opens the workspace for a folder argument and decides today. */
export async function load(dir: string | undefined, today: string | undefined): Promise<Loaded> {
  const base = path.resolve(dir ?? '.');
  const opened = await openWorkspace(base);
  return loaded(opened, base, today);
}

/** An opened workspace as a command sees it. */
export function loaded(opened: OpenedWorkspace, base: string, today: string | undefined): Loaded {
  return { ...opened, base, today: todayFor(opened.workspace, today) };
}


/** A workspace path as the user should see it: relative to the folder they named, `/` separators. */
export function displayPath(l: Shown, rel: string): string {
  // Memoised per workspace: a check of 10,000 notes shows the same paths many times over.
  let memo = shown.get(l);
  if (!memo) shown.set(l, (memo = new Map()));
  let out = memo.get(rel);
  if (out === undefined) {
    // The usual case, the folder named is the root: the path as it is (workspace paths are
    // normalised, `/`-separated, inside the root).
    if (l.base === l.root) out = rel;
    else {
      const abs = path.join(l.root, ...rel.split('/'));
      out = path.relative(l.base, abs).split(path.sep).join('/');
    }
    memo.set(rel, out);
  }
  return out;
}

const shown = new WeakMap<Shown, Map<string, string>>();

/** What showing paths needs: the workspace root and the folder the user named. */
export type Shown = Pick<Loaded, 'root' | 'base'>;

export function color(enabled: boolean) {
  const wrap = (code: string) => (s: string) => (enabled ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { red: wrap('31'), yellow: wrap('33'), cyan: wrap('36'), dim: wrap('2'), bold: wrap('1'), green: wrap('32') };
}

/** Colour only on a terminal, never when NO_COLOR is set (to anything but empty) or TERM=dumb. */
export function useColor(isTTY: boolean): boolean {
  return isTTY && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

// ---------------------------------------------------------------------------------------------
// Options every command shares.

export function parseTodayOption(value: string): string {
  if (!parseDate(value)) throw new InvalidArgumentError(`'${value}' is not a date (use YYYY-MM-DD).`);
  return value;
}

export function todayOption(): Option {
  return new Option('--today <date>', 'pretend today is this date (YYYY-MM-DD)').argParser(parseTodayOption);
}

/** `--date <date>`: a real calendar date, YYYY-MM-DD. */
export function dateOption(flags: string, description: string): Option {
  return new Option(flags, description).argParser(parseTodayOption);
}

export function dirOption(): Option {
  return new Option('--dir <path>', 'notes folder (default: the current folder)');
}

export function parseDuration(value: string): Interval {
  const i = parseInterval(value);
  if (!i) throw new InvalidArgumentError(`'${value}' is not a duration (e.g. 10d, 3 weeks, 2m, 1y, monthly).`);
  return i;
}

export function parseCount(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`'${value}' is not a whole number.`);
  return Number(value);
}

/** For repeatable options: `--tag a --tag b` → ['a', 'b']. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The folder a command works on: the positional DIR or `--dir` (the same folder given both ways
 * is fine; two different ones are a usage error).
 */
export function pickDir(cmd: Command, positional: string | undefined, flag: string | undefined): string | undefined {
  if (positional !== undefined && flag !== undefined && path.resolve(positional) !== path.resolve(flag)) {
    usageError(cmd, `give the folder once: '${positional}' and --dir '${flag}' differ.`);
  }
  return flag ?? positional;
}

/** Stops with exit 2: one line (plus any extra lines), then the command's usage. */
export function usageError(cmd: Command, message: string): never {
  cmd.error(`rapport: ${message}`, { exitCode: 2, code: 'rapport.usage' });
  throw new UsageError(message); // not reached: cmd.error throws
}

/** `Dr. Jane Smith (people/jane-smith.md)` lines for candidate lists. */
export function candidateLines(l: Loaded, entities: Entity[]): string {
  return entities.map((e) => `  ${e.name} (${displayPath(l, e.path)})`).join('\n');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/**
 * core's findEntity, with a path typed from the folder the user named (as candidate lists show
 * them) turned into a workspace path first.
 */
export function findEntityFrom(l: Loaded, a: Analysis, name: string): EntityMatch {
  if (name.includes('/') || name.includes(path.sep) || /\.md$/i.test(name)) {
    const rel = path.relative(l.root, path.resolve(l.base, name)).split(path.sep).join('/');
    if (rel && !rel.startsWith('..')) {
      const m = findEntity(a, rel);
      if (m.status === 'found') return m;
    }
  }
  return findEntity(a, name);
}
