import { Command, CommanderError, Option } from 'commander';
import { parseDate } from '@rapport/core';
import { dueCommand } from './due.js';
import { checkCommand } from './check.js';
import { VERSION } from './version.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  isTTY: boolean;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
};

/** A usage problem: exit 2 with one line on stderr. */
export class UsageError extends Error {}

export function parseTodayOption(value: string): string {
  if (!parseDate(value)) throw new UsageError(`--today: '${value}' is not a date (use YYYY-MM-DD)`);
  return value;
}

export function todayOption(): Option {
  return new Option('--today <date>', 'pretend today is this date (YYYY-MM-DD)').argParser(parseTodayOption);
}

/** Runs the CLI; resolves to the exit code. Never throws for user errors. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let exit = 0;
  const program = new Command('rapport')
    .description('Plain-text networking notes: who you owe a follow-up, and what is wrong in your notes.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  const setExit = (code: number) => {
    exit = code;
  };
  dueCommand(program, io, setExit);
  checkCommand(program, io, setExit);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      // commander already printed its one-line message; add where to look.
      io.err(`Run 'rapport --help' for usage.\n`);
      return 2;
    }
    if (e instanceof UsageError) {
      io.err(`rapport: ${e.message}\nRun 'rapport --help' for usage.\n`);
      return 2;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`rapport: ${msg}\n`);
    return 2;
  }
  return exit;
}
