import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { Argument, type Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { decodeText, describePlan, loadTemplates, ownTemplateFor, parseLinkedInCsv, parseVcf, planImport, type ContactParse, type ImportPlan, type PlanItem } from '@rapport/core';
import { insideRoot, writeFileAtomic } from '@rapport/node';
import { dirOption, load, pickDir, todayOption, usageError, type Io } from './shared.js';

export const IMPORT_FORMATS = ['vcf', 'linkedin'] as const;

/** Imports above this many contacts show a progress bar (on a terminal). */
export const PROGRESS_THRESHOLD = 200;

export function importCommand(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('import')
    .description("create person notes from a vCard file (2.1, 3.0, 4.0) or LinkedIn's Connections.csv (existing notes only gain missing fields)")
    .addArgument(new Argument('<format>', 'vcf | linkedin').choices(IMPORT_FORMATS))
    .argument('<file>', 'the file to import')
    .argument('[dir]', 'notes folder (default: the current folder)')
    .addOption(todayOption())
    .addOption(dirOption())
    .option('--dry-run', 'print the plan and write nothing')
    .addHelpText('after', `
New contacts become notes in people/ (file names made safe from the name). When your templates
folder has a person.md, new notes start from it, filled as 'rapport new person' fills it, plus the
contact's fields. A contact that matches a person (same email, else same name or alias) only
adds the fields that note lacks; nothing else in it changes. Bad records are reported with their
line and skipped. vCard 2.1 (Android, older Outlook), 3.0 and 4.0 are read.

Examples:
  rapport import vcf contacts.vcf --dry-run
  rapport import linkedin ~/Downloads/Connections.csv`)
    .action(async (format: (typeof IMPORT_FORMATS)[number], file: string, dirArg: string | undefined, opts: { dir?: string; today?: string; dryRun?: boolean }, cmd: Command) => {
      let data: Uint8Array;
      try {
        data = await fsp.readFile(file);
      } catch (e) {
        usageError(cmd, `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      let parsed: ContactParse;
      if (format === 'vcf') {
        // The bytes go to the reader: a vCard 2.1 export may be 8-bit text in its own CHARSET.
        if (data.includes(0)) usageError(cmd, `${file}: This file holds binary data (NUL bytes), not text.`);
        parsed = parseVcf(data);
      } else {
        const { text, problem } = decodeText(data);
        if (problem) usageError(cmd, `${file}: ${problem}`);
        parsed = parseLinkedInCsv(text);
      }
      const l = await load(pickDir(cmd, dirArg, opts.dir), opts.today);
      const source = format === 'linkedin' ? `LinkedIn (${path.basename(file)})` : path.basename(file);
      // New people start from the user's person template, as `rapport new person` would.
      const { templates, problems: templateProblems } = await loadTemplates(l.fs, l.workspace.config);
      for (const p of templateProblems) io.err(`rapport: note: ${p}\n`);
      const personTemplate = ownTemplateFor(templates, 'person');
      const plan = planImport(l.workspace.analysis(), parsed, { source, today: l.today, ...(personTemplate ? { personTemplate } : {}) });
      if (opts.dryRun) {
        io.out(describePlan(plan, true));
        setExit(0);
        return;
      }
      const failed = await applyPlan(l.root, plan, (rel) => l.workspace.get(rel)?.text);
      io.out(describePlan(plan, false));
      setExit(failed > 0 ? 1 : 0);
    });
}

/**
 * Writes the plan: new notes with create-only atomic writes inside the workspace, merges only
 * when the note on disk is still the text the plan was made from. A write that fails turns its
 * item into a skip with the reason. Returns how many failed.
 */
export async function applyPlan(root: string, plan: ImportPlan, original: (rel: string) => string | undefined): Promise<number> {
  const total = plan.items.length;
  const bar = total > PROGRESS_THRESHOLD && process.stderr.isTTY ? new SingleBar({ stream: process.stderr, format: 'Importing [{bar}] {value}/{total} contacts', hideCursor: true }) : undefined;
  bar?.start(total, 0);
  let failed = 0;
  const before = new Map<string, string | undefined>();
  for (let k = 0; k < plan.items.length; k++) {
    const item = plan.items[k]!;
    if (item.action === 'skip') {
      bar?.increment();
      continue;
    }
    try {
      const abs = insideRoot(root, item.path);
      if (item.action === 'create') await writeFileAtomic(abs, item.text, { create: true });
      else {
        if (!before.has(item.path)) before.set(item.path, original(item.path));
        const onDisk = await fsp.readFile(abs, 'utf8').catch(() => undefined);
        const expected = before.get(item.path);
        // A second merge into the same note builds on the first one's text.
        const previous = plan.items.slice(0, k).reverse().find((p): p is Extract<PlanItem, { action: 'merge' }> => p.action === 'merge' && p.path === item.path);
        if (onDisk === undefined || (onDisk !== expected && onDisk !== previous?.text)) throw new Error(`${item.path} changed on disk since it was read; not merged`);
        await writeFileAtomic(abs, item.text);
      }
    } catch (e) {
      failed++;
      plan.items[k] = { action: 'skip', line: item.line, name: item.name, reason: e instanceof Error ? e.message : String(e) };
    }
    bar?.increment();
  }
  bar?.stop();
  plan.counts.created = plan.items.filter((i) => i.action === 'create').length;
  plan.counts.merged = plan.items.filter((i) => i.action === 'merge').length;
  plan.counts.skipped = plan.items.filter((i) => i.action === 'skip').length;
  return failed;
}
