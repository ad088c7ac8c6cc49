import { Argument, type Command } from 'commander';
import { exportCsv, exportIcs, exportJson, exportVcf } from '@rapport/core';
import { writeOutput } from './report.js';
import { dirOption, load, pickDir, todayOption, type Io } from './shared.js';

export const EXPORT_FORMATS = ['csv', 'ics', 'vcf', 'json'] as const;
type ExportFormat = (typeof EXPORT_FORMATS)[number];

interface ExportOptions {
  dir?: string;
  today?: string;
  out?: string;
  bom?: boolean;
  events?: boolean;
}

export function exportCommand(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('export')
    .description('export people (csv, vcf), follow-ups (ics) or the whole graph (json)')
    .addArgument(new Argument('<format>', 'csv | ics | vcf | json').choices(EXPORT_FORMATS))
    .argument('[dir]', 'notes folder (default: the current folder)')
    .addOption(dirOption())
    .addOption(todayOption())
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--bom', 'csv: start with a byte-order mark, so Excel reads UTF-8')
    .option('--events', 'ics: all-day events instead of to-dos')
    .addHelpText('after', `
Formats:
  csv   one row per person: Name, Role, Organization, How we met, Last discussed, Last contact,
        Next action, Follow-up, Mentor, Tags, Email
  ics   every open follow-up as an all-day to-do (or event), with a stable UID per follow-up
  vcf   vCard 4.0 for every person
  json  nodes, edges and follow-ups, for scripts

Examples:
  rapport export csv --bom --out contacts.csv
  rapport export ics --out follow-ups.ics`)
    .action(async (format: ExportFormat, dirArg: string | undefined, opts: ExportOptions, cmd: Command) => {
      const l = await load(pickDir(cmd, dirArg, opts.dir), opts.today);
      const a = l.workspace.analysis();
      const text =
        format === 'csv' ? exportCsv(a, l.today, { bom: opts.bom === true })
        : format === 'ics' ? exportIcs(a, l.today, { events: opts.events === true })
        : format === 'vcf' ? exportVcf(a, l.today)
        : exportJson(a, l.today);
      if (opts.out) {
        if (!(await writeOutput(io, opts.out, text, l))) {
          setExit(1);
          return;
        }
      } else io.out(text);
      setExit(0);
    });
}
