import { Option, type Command } from 'commander';
import { loadTemplates, planNewNote } from '@rapport/core';
import { insideRoot, writeFileAtomic } from '@rapport/node';
import { collect, dateOption, dirOption, displayPath, load, todayOption, usageError, type Io } from './shared.js';

interface NewOptions {
  dir?: string;
  today?: string;
  date?: string;
  template?: string;
  org?: string;
  tag?: string[];
  list?: boolean;
}

export function newCommand(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('new')
    .description('create a note from a template; prints its path and never overwrites a note')
    .argument('[kind]', 'person, organization, program, event, note, or a template name (e.g. meeting-log, thank-you)')
    .argument('[name]', 'the name, e.g. "Dr. Jane Smith" (quote it)')
    .addOption(dirOption())
    .addOption(todayOption())
    .option('--template <name>', 'template to use (default: the one named like the kind)')
    .option('--org <name>', 'organization to link (fills {{org}})')
    .addOption(new Option('--tag <tag>', 'a tag (repeat for several; fills {{tags}})').argParser(collect))
    .addOption(dateOption('--date <date>', 'the date for {{date}} (default: today)'))
    .option('--list', 'list the templates and where each comes from')
    .addHelpText('after', `
Templates fill {{name}}, {{date}}, {{type}}, {{org}}, {{tags}} and {{id}} by plain substitution.
Your own templates (the folder named by 'templates:' in rapport.yaml) replace built-ins of the
same name. People's file names drop titles and credentials: "Dr. Jane Smith, MD" is saved as
people/jane-smith.md with name: "Dr. Jane Smith".

Examples:
  rapport new person "Dr. Jane Smith" --org "Riverside Medical Center" --tag mentor
  rapport new program "Lakeshore Psychiatry Residency" --org "Lakeshore Hospital"
  rapport new event "APA Annual Meeting 2027"
  rapport new meeting-log "Dr. Jane Smith"
  rapport new thank-you "Dr. Jane Smith"
  rapport new --list`)
    .action(async (kind: string | undefined, name: string | undefined, opts: NewOptions, cmd: Command) => {
      const l = await load(opts.dir, opts.today);
      const { templates, problems } = await loadTemplates(l.fs, l.workspace.config);
      for (const p of problems) io.err(`rapport: note: ${p}\n`);
      if (opts.list) {
        if (kind !== undefined) usageError(cmd, '--list takes no kind or name.');
        const rows = [...templates.values()].sort((x, y) => (x.kind === 'note') === (y.kind === 'note') ? x.name.localeCompare(y.name) : x.kind === 'note' ? 1 : -1);
        const w = Math.max(...rows.map((t) => t.name.length));
        const fw = Math.max(...rows.map((t) => t.folder.length)) + 1;
        for (const t of rows) io.out(`${t.name.padEnd(w)}  ${t.kind.padEnd(12)}  ${`${t.folder}/`.padEnd(fw)}  ${t.source === 'built-in' ? t.description : `yours: ${t.source}`}\n`);
        setExit(0);
        return;
      }
      if (kind === undefined || name === undefined) usageError(cmd, kind === undefined ? 'say what to create, e.g. rapport new person "Jane Smith".' : `give a name, e.g. rapport new ${kind} "Jane Smith".`);
      const plan = planNewNote(l.workspace, templates, {
        kind,
        name,
        date: opts.date ?? l.today.toString(),
        ...(opts.template !== undefined ? { template: opts.template } : {}),
        ...(opts.org !== undefined ? { org: opts.org } : {}),
        ...(opts.tag ? { tags: opts.tag } : {}),
      });
      if (!plan.ok) {
        if (plan.reason === 'usage') usageError(cmd, `${plan.message}.`);
        io.err(`rapport: not created: ${plan.message.replace(/^(\S+\.md)/, (p) => displayPath(l, p))}.\n`);
        setExit(1);
        return;
      }
      const file = insideRoot(l.root, plan.path);
      try {
        await writeFileAtomic(file, plan.text, { create: true });
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (/refusing to overwrite/.test(msg)) {
          io.err(`rapport: not created: ${displayPath(l, plan.path)} already exists.\n`);
          setExit(1);
          return;
        }
        throw e;
      }
      for (const n of plan.notes) io.err(`rapport: note: ${n}.\n`);
      io.out(`${displayPath(l, plan.path)}\n`);
      setExit(0);
    });
}
