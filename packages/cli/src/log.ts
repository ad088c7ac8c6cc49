import { promises as fsp } from 'node:fs';
import type { Command } from 'commander';
import { appendLogEntry, applyEdits, decodeText } from '@rapport/core';
import { insideRoot, writeFileAtomic } from '@rapport/node';
import { candidateLines, findEntityFrom, dateOption, dirOption, displayPath, load, todayOption, usageError, type Io } from './shared.js';

interface LogOptions {
  dir?: string;
  today?: string;
  date?: string;
}

export function logCommand(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('log')
    .description("add a dated line to someone's log; every other byte of the note stays as it is")
    .argument('<who>', 'a person, organization, program or event: name, alias or file name')
    .argument('<what...>', 'what happened (the words are joined with spaces)')
    .addOption(dirOption())
    .addOption(todayOption())
    .addOption(dateOption('--date <date>', 'when it happened (default: today)'))
    .addHelpText('after', `
The line goes at the end of the note's "## Log" section (at the top when that log runs newest
first), or into a new "## Log" section. It counts as contact: follow-ups update at once.

Examples:
  rapport log "Dr. Jane Smith" "Coffee after grand rounds; she offered to review my personal statement"
  rapport log jane-smith Sent the thank-you email --date 2026-11-21`)
    .action(async (who: string, what: string[], opts: LogOptions, cmd: Command) => {
      const text = what.join(' ').trim();
      if (!text) usageError(cmd, 'say what happened.');
      if (/[\r\n]/.test(text)) usageError(cmd, 'what happened must be one line.');
      const l = await load(opts.dir, opts.today);
      const date = opts.date ?? l.today.toString();
      const a = l.workspace.analysis();
      const m = findEntityFrom(l, a, who);
      if (m.status === 'ambiguous') {
        io.err(`rapport: '${who}' names ${m.candidates.length} notes; nothing was written. Use one of these names or paths:\n${candidateLines(l, m.candidates)}\n`);
        setExit(1);
        return;
      }
      if (m.status === 'none') {
        io.err(`rapport: no note is named '${who}'; nothing was written.${m.suggestions.length ? ` Did you mean:\n${candidateLines(l, m.suggestions)}` : ` Create it with: rapport new person "${who}"`}\n`);
        setExit(1);
        return;
      }
      const e = m.entity;
      const note = l.workspace.get(e.path);
      const shown = displayPath(l, e.path);
      if (!note) throw new Error(`${shown} is not loaded`);
      if (note.fileProblems.length > 0) {
        io.err(`rapport: ${shown} was not edited: ${note.fileProblems[0]!.message}\n`);
        setExit(1);
        return;
      }
      let file: string;
      try {
        file = insideRoot(l.root, e.path);
      } catch (err) {
        io.err(`rapport: ${shown} was not edited: ${err instanceof Error ? err.message : String(err)}\n`);
        setExit(1);
        return;
      }
      let updated: string;
      try {
        updated = applyEdits(note.text, appendLogEntry(note, date, text), note.lines);
      } catch (err) {
        io.err(`rapport: ${shown} was not edited: ${err instanceof Error ? err.message : String(err)}\n`);
        setExit(1);
        return;
      }
      // Refuse if the file changed since it was read (an editor saved it meanwhile).
      const now = decodeText(await fsp.readFile(file)).text;
      if (now !== note.text) {
        io.err(`rapport: ${shown} changed while it was being read; nothing was written. Try again.\n`);
        setExit(1);
        return;
      }
      await writeFileAtomic(file, updated);
      const entryLine = insertedLine(note.text, updated, `- ${date} ${text}`);
      io.out(`${shown}:${entryLine + 1}: - ${date} ${text}\n`);
      setExit(0);
    });
}

/** 0-based line of the inserted entry: the first line from where the texts differ that holds it. */
function insertedLine(before: string, after: string, entry: string): number {
  const a = before.split(/\r\n|\r|\n/);
  const b = after.split(/\r\n|\r|\n/);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  for (let j = i; j < b.length; j++) if (b[j]!.trimStart().startsWith(entry)) return j;
  return i;
}
