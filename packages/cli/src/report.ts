import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { renderReport, type ReportFormat } from '@rapport/core';
import { writeFileAtomic } from '@rapport/node';
import { dirOption, load, parseCount, pickDir, todayOption, usageError, type Io } from './shared.js';

/** Writes a file the user named (relative to the current folder), atomically, and says so on stderr. */
export async function writeOutput(io: Io, file: string, text: string): Promise<void> {
  await writeFileAtomic(path.resolve(file), text);
  io.err(`Wrote ${file}\n`);
}

interface ReportOptions {
  dir?: string;
  today?: string;
  format: ReportFormat;
  out?: string;
  graphNodes: number;
}

export function reportCommand(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('report')
    .description('the network report: agenda, mentor mix, programs, events, people past their cadence, a graph')
    .argument('[dir]', 'notes folder (default: the current folder)')
    .addOption(dirOption())
    .addOption(todayOption())
    .addOption(new Option('--format <format>', 'md (Markdown with a Mermaid graph) or html (one self-contained page with a drawn graph)').choices(['md', 'html']).default('md'))
    .option('--out <file>', 'write the report to this file instead of stdout')
    .addOption(new Option('--graph-nodes <n>', 'how many of the most connected entities the graph shows').argParser(parseCount).default(30))
    .addHelpText('after', `
Examples:
  rapport report                               Markdown on stdout
  rapport report --out network.md
  rapport report --format html --out report.html --graph-nodes 50`)
    .action(async (dirArg: string | undefined, opts: ReportOptions, cmd: Command) => {
      if (opts.graphNodes < 1) usageError(cmd, '--graph-nodes must be at least 1.');
      const l = await load(pickDir(cmd, dirArg, opts.dir), opts.today);
      const text = renderReport(l.workspace.analysis(), l.today, { format: opts.format, graphNodes: opts.graphNodes });
      if (opts.out) await writeOutput(io, opts.out, text);
      else io.out(text);
      setExit(0);
    });
}
