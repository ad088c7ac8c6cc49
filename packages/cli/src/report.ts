import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { CONFIG_FILE, renderReport, type ReportFormat } from '@rapport/core';
import { pathInside, writeFileAtomic } from '@rapport/node';
import { dirOption, load, parseCount, pickDir, todayOption, usageError, type Io, type Loaded } from './shared.js';

/**
 * Writes a file the user named (relative to the current folder), atomically, and says so on
 * stderr. It never replaces one of the workspace's notes or its rapport.yaml (`--out
 * people/jane.md` is a slip, not a wish); a Markdown report it wrote before may be replaced.
 * False when it refused.
 */
export async function writeOutput(io: Io, file: string, text: string, l: Loaded): Promise<boolean> {
  const abs = path.resolve(file);
  let real: string | undefined;
  try {
    real = await fsp.realpath(abs);
  } catch {
    /* a new file */
  }
  if (real !== undefined) {
    const rel = pathInside(await fsp.realpath(l.root), real);
    if (rel && (rel === CONFIG_FILE || (/\.md$/i.test(rel) && !(await fsp.readFile(real, 'utf8')).startsWith('# Network report')))) {
      io.err(`rapport: not written: ${file} is ${rel === CONFIG_FILE ? 'the workspace config' : 'one of your notes'}; choose another --out file.\n`);
      return false;
    }
  }
  await writeFileAtomic(abs, text);
  io.err(`Wrote ${file}\n`);
  return true;
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
      if (opts.out) {
        if (!(await writeOutput(io, opts.out, text, l))) {
          setExit(1);
          return;
        }
      } else io.out(text);
      setExit(0);
    });
}
