import { Command, CommanderError } from 'commander';
import { UsageError, type Io, type RegisterCommand } from './shared.js';
import { VERSION } from './version.js';
import { dueCommand } from './due.js';
import { checkCommand } from './check.js';
import { reportCommand } from './report.js';
import { warmCommand } from './warm.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { queryCommand } from './query.js';
import { newCommand } from './new.js';
import { logCommand } from './log.js';

export { UsageError, parseTodayOption, todayOption, type Io, type RegisterCommand } from './shared.js';

/**
 * Every command, in the order `rapport --help` lists them. To add one: write
 * `src/<name>.ts` exporting a RegisterCommand, import it above and add it here.
 */
const COMMANDS: RegisterCommand[] = [
  dueCommand,
  checkCommand,
  reportCommand,
  warmCommand,
  exportCommand,
  importCommand,
  queryCommand,
  newCommand,
  logCommand,
];

const defaultIo: Io = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  isTTY: Boolean(process.stdout.isTTY),
};

/** Builds the command tree (exposed for tests and docs). */
export function buildProgram(io: Io, setExit: (n: number) => void): Command {
  const program = new Command('rapport')
    .description('Plain-text networking notes: who you owe a follow-up, and what is wrong in your notes.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      // One style for every error line, ours and commander's.
      outputError: (s, write) => write(s.replace(/^error: /, 'rapport: ')),
    })
    .addHelpText('after', `\nRun 'rapport <command> --help' for a command's options. Exit codes: 0 fine, 1 problems found or refused, 2 usage or I/O error.`);
  for (const register of COMMANDS) register(program, io, setExit);
  for (const cmd of program.commands) {
    cmd.showHelpAfterError(`Usage: rapport ${cmd.name()} ${cmd.usage()}\nRun 'rapport ${cmd.name()} --help' for details.`);
  }
  program.showHelpAfterError(`Usage: rapport <command> [options]\nCommands: ${program.commands.map((c) => c.name()).join(', ')}. Run 'rapport --help' for details.`);
  return program;
}

/**
 * Control characters that would drive a terminal (escape sequences that clear the screen, move
 * the cursor, set the title or write the clipboard, bells, ...) shown in caret notation instead.
 * Tab, line breaks and colour (SGR) sequences pass.
 */
const TERMINAL_CONTROL = /\x1b(?!\[[0-9;]*m)|[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f-\x9f]/g;

/** Text for a person to read: names and lines from notes cannot send control sequences to the terminal. */
export function terminalSafe(s: string): string {
  TERMINAL_CONTROL.lastIndex = 0;
  if (!TERMINAL_CONTROL.test(s)) return s;
  return s.replace(TERMINAL_CONTROL, (c) => {
    const n = c.charCodeAt(0);
    return n < 0x20 ? `^${String.fromCharCode(n + 64)}` : n === 0x7f ? '^?' : '\uFFFD';
  });
}

/** Runs the CLI; resolves to the exit code. Never throws for user errors. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let exit = 0;
  // Human-readable output is made terminal-safe (a cloned notes repo must not drive the
  // terminal); machine formats (--json, github, report, export) piped or redirected are written
  // as they are: their encoders escape what they must, and they are often files.
  let raw = false;
  const safeIo: Io = { ...io, out: (s) => io.out(raw ? s : terminalSafe(s)), err: (s) => io.err(terminalSafe(s)) };
  const program = buildProgram(safeIo, (code) => {
    exit = code;
  });
  program.hook('preAction', (_program, action) => {
    const o = action.opts() as { json?: boolean; format?: string };
    // On a terminal even those are read by a person (`rapport report` prints Markdown there).
    raw = !io.isTTY && (action.name() === 'report' || action.name() === 'export' || o.json === true || o.format === 'json' || o.format === 'github');
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      // `rapport` alone shows the help on stderr: that is a usage error.
      return e.exitCode === 0 ? 0 : 2;
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
